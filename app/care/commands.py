"""`grassroots care …`: what is due on a day (due), bringing a care ledger in (import), the year's spending
(spending).

The parser part is imported by app/cli.py at every start, so this module imports nothing heavy at its top: the
services are imported by each command when it runs. Errors raise app.commands.CommandError (Chinese, on
stderr, with the exit code).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_types import REPORT_FILE, file_of, year

if TYPE_CHECKING:
    from sqlite_utils import Database

    from app.care.ledger import LedgerPlan

CARE_EXIT_HELP = """退出码：
  0    成功（import：每一行都已导入或数据库中已有）
  1    失败：文件无法读取、数据库无法使用或只能查看等，原因见错误信息
  2    import：有的行被拒绝（其余的已导入）
  3    数据库正在被另一个窗口或程序使用（或被另一个程序锁住），请稍后再试（窗口开着时 due、spending 和 import --dry-run 不受影响）
  64   命令写法有误"""


def _day(text: str) -> dt.date:
    """A day written YYYY-MM-DD; an impossible one (2026-02-30) is told what is wrong with it."""
    from app.dates import DateError, parse_date

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        parse_date(text, allow_future=True)
    except DateError as exc:
        if "不是有效日期" in str(exc):
            raise argparse.ArgumentTypeError(f"{exc}；请写成 YYYY-MM-DD，如 2026-03-01") from None
    raise argparse.ArgumentTypeError(f"日期“{text}”应写成 YYYY-MM-DD，如 2026-03-01")


def add_care_parser(sub: argparse._SubParsersAction) -> None:
    """The `care` command and its three subcommands, on the main parser's subparsers."""
    from app.cli import DB, ChineseParser

    care = sub.add_parser(
        "care", help="关怀：待办清单、导入关怀台账、支出统计", epilog=CARE_EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    actions = care.add_subparsers(dest="action", metavar="操作", parser_class=ChineseParser, required=True)
    existing = "本单位的数据库文件（必须已经存在）"

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(
            name, help=help_text, epilog=CARE_EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        parser.add_argument("--db", type=Path, required=True, metavar=DB, help=existing)
        return parser

    due = action("due", "导出某一天的待办（待走访、待谈话、生日、回访、体检、试用期满）")
    due.add_argument("--on", type=_day, metavar="YYYY-MM-DD", help="按哪一天计算，默认今天")
    due.add_argument(
        "--out",
        type=file_of(".csv", what="待办清单"),
        required=True,
        metavar="输出文件",
        help="待办清单，.csv",
    )
    imp = action("import", "导入关怀台账（.xlsx、.xls 或 .csv）")
    imp.add_argument(
        "file", type=Path, metavar="台账文件", help="每行一条记录：日期、姓名、公民身份号码、记录类型、类别……"
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="只检查并列出结果，不写入数据库（可以在窗口打开时运行）"
    )
    imp.add_argument("--sheet", metavar="工作表", help="导入哪一张工作表（如“2月”），默认第一张有台账表头的")
    imp.add_argument(
        "--report",
        type=REPORT_FILE,
        metavar="问题报告.xlsx",
        help="把被拒绝的行另存为 .xlsx，供基层改正后重新报送",
    )
    spending = action("spending", "导出一年的关怀支出统计（.csv 或 .xlsx）")
    spending.add_argument("--year", type=year, required=True, metavar="年度", help="统计年度，如 2026")
    spending.add_argument(
        "--by", choices=("kind", "unit", "month"), default="kind", metavar="kind|unit|month",
        help="按类别（kind，默认）、单位（unit）或月份（month）统计；.xlsx 三种都有",
    )  # fmt: skip
    spending.add_argument(
        "--out",
        type=file_of(".csv", ".xlsx", what="支出统计"),
        required=True,
        metavar="输出文件",
        help="统计文件，.csv 或 .xlsx",
    )


def run(args: argparse.Namespace, actor: str) -> int:
    return {"due": due, "import": import_ledger, "spending": spending}[args.action](args, actor)


def _require_tables(db: Database, args: argparse.Namespace) -> None:
    from app.commands import require_table

    require_table(db, args.db, "care_events", "关怀数据")


def due(args: argparse.Namespace, actor: str) -> int:
    from app import clock
    from app.care.export import export_due
    from app.care.reminders import all_due
    from app.care.rules import count_by_kind
    from app.commands import CommandError, _opened
    from app.exchange.xlsx_out import ExportError

    day = args.on or clock.today()
    with _opened(args.db, reading=True) as office:
        _require_tables(office.db, args)
        items = all_due(office.db, day)  # what the window's 今日待办 lists, other areas' reminders included
    try:
        export_due(items, args.out)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    counts = "，".join(f"{kind} {n}" for kind, n in count_by_kind(items).items() if n) or "没有待办"
    print(f"{day.isoformat()} 的待办 {len(items)} 项（{counts}）已导出到“{args.out}”。")
    return 0


def import_ledger(args: argparse.Namespace, actor: str) -> int:
    """Exit 0 when every row was imported or already in, 2 when some rows were rejected."""
    from app.care.ledger import commit_ledger, describe_plan, plan_ledger
    from app.cli_support import plan_errors, refuse_unreadable, run_plan
    from app.commands import _check_report_path, _opened

    _check_report_path(args)
    refuse_unreadable(args.file)
    with _opened(args.db, reading=args.dry_run) as office:
        _require_tables(office.db, args)
        with plan_errors(args.file):
            plan = plan_ledger(office.db, args.file, sheet=args.sheet)
        return run_plan(
            office,
            plan,
            [*describe_plan(plan), *_write_report(plan, args.report)],
            dry_run=args.dry_run,
            commit=lambda: commit_ledger(office.db, plan, actor),
            nothing_to_write="没有需要写入的记录。",
        )


def _write_report(plan: LedgerPlan, report: Path | None) -> list[str]:
    """The rejected rows as an .xlsx the street can correct, written before anything is imported; the line
    that says so."""
    from app.care.ledger_report import write_ledger_report
    from app.commands import CommandError
    from app.exchange.xlsx_out import ExportError

    if report is None or not plan.rejected():
        return []
    try:
        written = write_ledger_report(plan, report)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    return [f"被拒绝的 {written} 行已另存为“{report}”，改正后可以直接重新导入。"]


def spending(args: argparse.Namespace, actor: str) -> int:
    from app.care.budget import get_budget
    from app.care.export import export_spending
    from app.care.money import fen_text
    from app.care.queries import spending_views
    from app.commands import CommandError, _opened
    from app.exchange.xlsx_out import ExportError

    with _opened(args.db, reading=True) as office:
        _require_tables(office.db, args)
        views = spending_views(office.db, args.year)
        budget = get_budget(office.db, args.year)
    try:
        export_spending(views, args.by, args.out)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    total = views["kind"][-1]
    said = f"{args.year}年关怀支出 {total.count} 次，合计 {fen_text(total.fen)} 元"
    if budget is not None:
        said += f"；预算 {fen_text(budget.amount_fen)} 元，结余 {fen_text(budget.left_fen)} 元"
    print(f"{said}。已导出到“{args.out}”。")
    return 0
