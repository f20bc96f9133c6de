"""`grassroots training …`: each person's hours in a year against the requirement (hours), and a course's
attendance list brought in from a spreadsheet (import).

The parser part is imported by app/cli.py at every start, so this module imports nothing heavy at its top: the
services are imported by each command when it runs. Errors raise app.commands.CommandError (Chinese, on
stderr, with the exit code).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli_types import REPORT_FILE, file_of, year

TRAINING_EXIT_HELP = """退出码：
  0    成功（import：每一行都已导入或无需改动）
  1    失败：文件无法读取、数据库无法使用、培训班不存在或无法新建等，原因见错误信息
  2    import：有的行被拒绝（其余的已导入）
  3    数据库正在被另一个窗口或程序使用（或被另一个程序锁住），请稍后再试（窗口开着时 hours 和 import --dry-run 不受影响）
  64   命令写法有误"""


def add_training_parser(sub: argparse._SubParsersAction) -> None:
    """The `training` command and its two subcommands, on the main parser's subparsers."""
    from app.cli import DB, ChineseParser

    training = sub.add_parser(
        "training", help="培训：学时统计、导入参训名单", epilog=TRAINING_EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    actions = training.add_subparsers(
        dest="action", metavar="操作", parser_class=ChineseParser, required=True
    )
    existing = "本单位的数据库文件（必须已经存在）"

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(
            name,
            help=help_text,
            epilog=TRAINING_EXIT_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.add_argument("--db", type=Path, required=True, metavar=DB, help=existing)
        return parser

    hours = action("hours", "导出一年中每人的培训学时与要求学时（.csv 或 .xlsx）")
    hours.add_argument("--year", type=year, required=True, metavar="年度", help="统计年度，如 2026")
    hours.add_argument(
        "--out", type=file_of(".csv", ".xlsx", what="学时统计"), required=True, metavar="输出文件",
        help="学时统计，.csv 或 .xlsx",
    )  # fmt: skip
    hours.add_argument("--below", action="store_true", help="只列出学时未达到要求的人员")
    imp = action("import", "导入一个培训班的参训名单（.xlsx、.xls 或 .csv）")
    imp.add_argument(
        "file",
        type=Path,
        metavar="参训名单",
        help="每行一人：姓名、公民身份号码，可有学时、结果（合格/不合格/成绩）",
    )
    imp.add_argument(
        "--course", required=True, metavar="培训班名称", help="参训的培训班；没有时按下面四项新建"
    )
    imp.add_argument("--category", metavar="类别", help="新建培训班的类别，如 入门、进阶、专题培训、补课")
    imp.add_argument("--start", metavar="YYYY-MM-DD", help="新建培训班的开始日期")
    imp.add_argument("--end", metavar="YYYY-MM-DD", help="新建培训班的结束日期")
    imp.add_argument("--hours", metavar="学时", help="新建培训班的总学时（按 0.5 学时计，如 8 或 4.5）")
    imp.add_argument(
        "--new-course", action="store_true",
        help="已有名称只差一个字、或同类别且日期重叠的培训班时，确认新建的是另一个培训班（不加时不导入）",
    )  # fmt: skip
    imp.add_argument(
        "--confirm-stage", action="store_true",
        help="名单中有人尚未完成前一阶段培训（参加进阶而未完成入门，参加全面而未完成进阶）时，确认照常记录（不加时不导入）",
    )  # fmt: skip
    imp.add_argument(
        "--dry-run", action="store_true", help="只检查并列出结果，不写入数据库（可以在窗口打开时运行）"
    )
    imp.add_argument("--sheet", metavar="工作表", help="导入哪一张工作表，默认第一张有名单表头的")
    imp.add_argument(
        "--report",
        type=REPORT_FILE,
        metavar="问题报告.xlsx",
        help="把被拒绝的行另存为 .xlsx，供基层改正后重新报送",
    )


def run(args: argparse.Namespace, actor: str) -> int:
    return {"hours": hours, "import": import_attendance}[args.action](args, actor)


def _require_tables(db, args: argparse.Namespace) -> None:
    from app.commands import require_table

    require_table(db, args.db, "courses", "培训数据")


def hours(args: argparse.Namespace, actor: str) -> int:
    from app.commands import CommandError, _opened
    from app.exchange.xlsx_out import ExportError
    from app.training.hours import export_hours, hours_of_year

    with _opened(args.db, reading=True) as office:
        _require_tables(office.db, args)
        rows = hours_of_year(office.db, args.year, below_only=args.below)
    try:
        export_hours(rows, args.out)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    below = sum(1 for r in rows if r.below)
    print(f"{args.year}年培训学时：{len(rows)} 人，其中未达到要求 {below} 人。已导出到“{args.out}”。")
    return 0


def import_attendance(args: argparse.Namespace, actor: str) -> int:
    """Exit 0 when every row was imported or had nothing new, 2 when some rows were rejected; 1 when people out
    of the stage order are not confirmed (--confirm-stage), the dry run too."""
    from app.cli import EXIT_FAILED
    from app.cli_support import plan_errors, refuse_unreadable, run_plan
    from app.commands import CommandError, _check_report_path, _opened
    from app.training.attendance import commit_attendance, plan_attendance
    from app.training.attendance_text import describe_plan

    _check_report_path(args)
    refuse_unreadable(args.file)
    new_course = {
        "category": args.category,
        "start_date": args.start,
        "end_date": args.end,
        "hours": args.hours,
    }
    with _opened(args.db, reading=args.dry_run) as office:
        _require_tables(office.db, args)
        with plan_errors(args.file):
            plan = plan_attendance(office.db, args.file, args.course, new_course, sheet=args.sheet)
        if plan.near and not args.new_course:
            raise CommandError(_near_refused(plan))
        unconfirmed = bool(plan.out_of_stage) and not args.confirm_stage
        if unconfirmed and not args.dry_run:
            raise CommandError(_stage_refused(plan))
        code = run_plan(
            office,
            plan,
            [
                *describe_plan(plan),
                *_write_report(plan, args.report),
                *([_STAGE_HINT] if unconfirmed else []),
            ],
            dry_run=args.dry_run,
            commit=lambda: commit_attendance(office.db, plan, actor),
            nothing_to_write="没有需要写入的参训记录。",
        )
    # The dry run exits as the import would: without --confirm-stage that is refused (exit 1), so a script
    # checking the dry run's code does not go on to an import that writes nothing.
    return EXIT_FAILED if unconfirmed else code


def _near_refused(plan) -> str:
    """Why a course that may be one already there is not made, and the two ways on."""
    from app.training.attendance_course import near_said

    return (
        f"没有导入：将新建的培训班“{plan.course.name}”（{plan.course.category}，{plan.course.start_date}—"
        f"{plan.course.end_date}）可能就是已有的培训班，{near_said(plan.near)}。名单属于其中一个时，请用 --course "
        "写它的准确名称（不必再给 --category、--start、--end、--hours）；确实是另一个培训班时，请加 --new-course "
        "重新运行。"
    )


_STAGE_HINT = "正式导入时，核对无误请加 --confirm-stage 确认照常记录（不加时不导入）。"


def _stage_refused(plan) -> str:
    """Why a list with people out of the stage order is not written, and how to go on."""
    from app.training.rules import STAGE_BEFORE

    before = STAGE_BEFORE[plan.course.category]
    names = "、".join(f"{r.name}（第{r.row}行）" for r in plan.out_of_stage[:10])
    more = f"等 {len(plan.out_of_stage)} 人" if len(plan.out_of_stage) > 10 else ""
    return (
        f"没有导入：“{plan.course.name}”是{plan.course.category}培训班，{names}{more}尚未完成“{before}”阶段培训。"
        "确认他们照常参加了培训时，请加 --confirm-stage 重新运行；否则请从名单中删去他们。"
    )


def _write_report(plan, report: Path | None) -> list[str]:
    """The refused rows as an .xlsx the street can correct, written before anything is imported; the line that
    says so."""
    from app.commands import CommandError
    from app.exchange.xlsx_out import ExportError
    from app.training.attendance_report import write_attendance_report

    if report is None or not plan.rejected():
        return []
    try:
        written = write_attendance_report(plan, report)
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    return [f"被拒绝的 {written} 行已另存为“{report}”，改正后可以直接重新导入。"]
