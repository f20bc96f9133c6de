"""`grassroots appraisal …`: import scores, export a ranking, override a grade, finalize and reopen a period.

The parser part is imported by app/cli.py at every start, so this module imports nothing heavy at its top: the
services are imported by each command when it runs. Errors raise app.commands.CommandError (Chinese, on
stderr, with the exit code); a refusal of the data rules exits 1.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_types import file_of, year

if TYPE_CHECKING:
    from sqlite_utils import Database

    from app.appraisal.periods import Period

APPRAISAL_EXIT_HELP = """退出码：
  0    成功（import：每一行都已导入或无需改动）
  1    失败：文件无法读取、数据库无法使用、方案或考核不存在、操作不被允许（如已定稿、有人待定）等，原因见错误信息
  2    import：有的行被拒绝（其余的已导入）
  3    数据库正在被另一个窗口或程序使用（或被另一个程序锁住），请稍后再试（窗口开着时 rank 和 import --dry-run 不受影响）
  64   命令写法有误"""


def add_appraisal_parser(sub: argparse._SubParsersAction) -> None:
    """The `appraisal` command and its five subcommands, on the main parser's subparsers."""
    from app.cli import DB, ChineseParser

    appraisal = sub.add_parser(
        "appraisal", help="考核：导入成绩、导出排名、调整等次、定稿", epilog=APPRAISAL_EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    actions = appraisal.add_subparsers(
        dest="action", metavar="操作", parser_class=ChineseParser, required=True
    )

    def period_parser(name: str, help_text: str, db_help: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(
            name,
            help=help_text,
            epilog=APPRAISAL_EXIT_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.add_argument("--db", type=Path, required=True, metavar=DB, help=db_help)
        parser.add_argument(
            "--scheme",
            required=True,
            metavar="方案代码",
            help="考核方案：weighted-top20、ratio-154、3x 或本单位的方案代码",
        )
        parser.add_argument("--year", type=year, required=True, metavar="年度", help="考核年度，如 2024")
        parser.add_argument(
            "--quarter",
            type=int,
            choices=(1, 2, 3, 4),
            metavar="季度",
            help="季度（1-4），按季度考核的方案才需要",
        )
        return parser

    existing = "本单位的数据库文件（必须已经存在）"
    imp = period_parser("import", "导入成绩（.xlsx、.xls 或 .csv）", existing)
    imp.add_argument("file", type=Path, metavar="成绩文件", help="成绩表：姓名、公民身份号码和各考核项目的列")
    imp.add_argument(
        "--dry-run", action="store_true", help="只检查并列出结果，不写入数据库（可以在窗口打开时运行）"
    )
    imp.add_argument("--sheet", metavar="工作表名", help="要导入的工作表（默认：第一张有成绩表头的工作表）")
    rank = period_parser("rank", "导出排名（.csv 或 .xlsx）", existing)
    rank.add_argument(
        "--by",
        choices=("role", "unit"),
        metavar="role|unit",
        help="分组排名：role 按人员类别，unit 按工作单位（已定稿的考核只按定稿时的分组导出）",
    )
    rank.add_argument(
        "--out", type=file_of(".csv", ".xlsx", what="排名"), required=True, metavar="输出文件",
        help="排名文件，.csv 或 .xlsx",
    )  # fmt: skip
    override = period_parser("override", "手工调整一个人的等次（需说明原因），或撤销手工等次", existing)
    override.add_argument("--id", required=True, metavar="公民身份号码", help="要调整的人员的公民身份号码")
    which = override.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--grade", choices=("优秀", "称职", "一般", "不称职", "不参加考核"), metavar="等次",
        help="优秀、称职、一般、不称职 或 不参加考核",
    )  # fmt: skip
    which.add_argument("--clear", action="store_true", help="撤销手工等次，恢复按规则评定（含“不参加考核”）")
    override.add_argument("--reason", metavar="原因", help="调整的原因（用 --grade 时必填）")
    period_parser("finalize", "定稿：成绩和等次不能再改，优秀者记入荣誉", existing)
    reopen = period_parser("reopen", "重新打开已定稿的考核（撤销其荣誉，需说明原因）", existing)
    reopen.add_argument("--reason", required=True, metavar="原因", help="重新打开的原因（必填）")


def run(args: argparse.Namespace, actor: str) -> int:
    return {
        "import": import_scores,
        "rank": rank,
        "override": override,
        "finalize": finalize,
        "reopen": reopen,
    }[args.action](args, actor)


def _refused(exc: Exception):
    from app.commands import CommandError

    return CommandError(str(exc))


def _period(db: Database, args: argparse.Namespace) -> Period:
    """The period the options name; a missing one is said with the scheme's own words."""
    from app.appraisal.periods import find_period, period_problem, period_title
    from app.appraisal.schemes import find_scheme
    from app.changes import OperationRefused

    _require_tables(db, args)
    try:
        scheme = find_scheme(db, args.scheme)
    except OperationRefused as exc:
        raise _refused(exc) from exc
    if problem := period_problem(scheme, args.year, args.quarter):
        raise _refused(OperationRefused(problem))
    period = find_period(db, args.scheme, args.year, args.quarter)
    if period is None:
        raise _refused(
            OperationRefused(
                f"还没有“{period_title(args.year, args.quarter)}（{scheme.name}）”的成绩，"
                "请先用 grassroots appraisal import 导入成绩"
            )
        )
    return period


def _require_tables(db: Database, args: argparse.Namespace) -> None:
    from app.commands import require_table

    require_table(db, args.db, "appraisal_periods", "考核数据")


def import_scores(args: argparse.Namespace, actor: str) -> int:
    """Exit 0 when every row was imported or had nothing new, 2 when some rows were rejected."""
    from app.appraisal.periods import find_period, period_problem
    from app.appraisal.schemes import find_scheme
    from app.changes import OperationRefused
    from app.cli_support import backup_ahead, plan_errors, refuse_unreadable, run_plan
    from app.commands import _opened
    from app.exchange.bulk import no_collection_at_exit

    no_collection_at_exit()  # ten thousand rows and their plan, freed as they go: no walk over them at exit
    refuse_unreadable(args.file)
    with (
        _opened(args.db, reading=args.dry_run) as office,
        backup_ahead(office, dry_run=args.dry_run) as ahead,
    ):
        # Loaded once the backup is under way beside it.
        from app.appraisal.score_import import commit_score_import, describe_plan, plan_score_import

        db = office.db
        _require_tables(db, args)
        try:
            with plan_errors(args.file):
                scheme = find_scheme(db, args.scheme)
                if problem := period_problem(scheme, args.year, args.quarter):
                    raise OperationRefused(problem)
                period = find_period(db, args.scheme, args.year, args.quarter)
                if period is not None and period.finalized:
                    raise OperationRefused(
                        f"“{period.label}”已定稿，不能再导入成绩；如确需修改，请先重新打开（需说明原因）"
                    )
                plan = plan_score_import(db, args.file, scheme, period, args.sheet)
            return run_plan(
                office,
                plan,
                _said(plan, describe_plan(plan), scheme, period, args),
                dry_run=args.dry_run,
                commit=lambda: commit_score_import(db, plan, args.scheme, args.year, args.quarter, actor),
                nothing_to_write="没有需要写入的成绩。",
                ahead=ahead,
            )
        except OperationRefused as exc:
            raise _refused(exc) from exc


def _said(plan, lines: list[str], scheme, period, args: argparse.Namespace) -> list[str]:
    """The dry run's lines, with the period it makes (when new) and a title that names another year."""
    from app.appraisal.periods import period_title
    from app.appraisal.score_import import period_notes

    label = f"{period_title(args.year, args.quarter)}（{scheme.name}）"
    notes = period_notes(plan, label, args.year, args.quarter, new=period is None)
    return [*lines[:1], *notes, *lines[1:]]


def rank(args: argparse.Namespace, actor: str) -> int:
    from app.appraisal.definitions import SPLIT_LABELS
    from app.appraisal.ranking import rank_period
    from app.appraisal.ranking_export import export_ranking
    from app.commands import CommandError, _opened
    from app.exchange.xlsx_out import ExportError

    with _opened(args.db, reading=True) as office:
        period = _period(office.db, args)
        if period.finalized and args.by and args.by != period.split:
            raise CommandError(_regrouped_final(period, args.by))
        ranking = rank_period(office.db, period, args.by)
        try:
            count = export_ranking(ranking, args.out)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
    counts = _counts(ranking)
    print(
        f"已导出“{period.label}”的排名（{SPLIT_LABELS[ranking.split]}）：{count} 人（{counts}）到“{args.out}”。"
    )
    if ranking.split != period.split:
        print(f"注意：定稿时按考核设定的分组（{SPLIT_LABELS[period.split]}）排名，不按本次的 --by。")
    return 0


def _regrouped_final(period: Period, by: str) -> str:
    """Why a finalized period is not ranked again in other groups: that would print grades it does not have."""
    from app.appraisal.definitions import SPLIT_LABELS

    return (
        f"“{period.label}”已定稿，定稿结果是{SPLIT_LABELS[period.split]}排名的；改为{SPLIT_LABELS[by]}重新排名会得出"
        "与定稿不同的名次和等次，不能导出。要导出定稿结果，请去掉 --by；确需重新分组，请先用 grassroots appraisal "
        "reopen 重新打开（需说明理由）。"
    )


def _counts(ranking) -> str:
    """'优秀 11 人，称职 46 人，待定 2 人，待补录 1 人': grades best first, then what is not settled."""
    from app.appraisal.rules import EXEMPT, GRADES, MISSING, PENDING

    said = Counter(
        r.result.grade or (PENDING if PENDING in r.result.flags else MISSING) for r in ranking.rows
    )
    return "，".join(f"{word} {said[word]} 人" for word in (*GRADES, PENDING, MISSING, EXEMPT) if said[word])


def _write(args: argparse.Namespace, operation) -> int:
    """Open for writing, find the period, run `operation(db, period)` (a service returning an OpResult) and
    print its message; a refusal of the data rules exits 1 with its reason."""
    from app.changes import OperationRefused, ValidationError
    from app.commands import _opened

    with _opened(args.db) as office:
        period = _period(office.db, args)
        try:
            result = operation(office.db, period)
        except (OperationRefused, ValidationError) as exc:
            raise _refused(exc) from exc
    print(result.message + "。")
    return 0


def override(args: argparse.Namespace, actor: str) -> int:
    from app.appraisal.service import clear_override, override_grade
    from app.cli import EXIT_USAGE
    from app.commands import CommandError

    if args.grade and args.reason is None:
        raise CommandError("用 --grade 手工调整等次时必须用 --reason 原因 说明理由", EXIT_USAGE)
    if args.clear and args.reason is not None:
        raise CommandError("--clear 撤销手工等次，不需要 --reason（撤销本身记入操作日志）", EXIT_USAGE)

    def run_override(db: Database, period: Period):
        if args.clear:
            return clear_override(db, period.id, _person(db, args.id), actor)
        return override_grade(db, period.id, _person(db, args.id), args.grade, args.reason, actor)

    return _write(args, run_override)


def _person(db: Database, text: str) -> int:
    from app.commands import CommandError
    from app.people.idnumber import IdNumberError, parse_id_number

    try:
        number = parse_id_number(text).number
    except IdNumberError as exc:
        raise CommandError(f"--id：{exc}") from exc
    row = db.execute("SELECT id FROM people WHERE id_number = ? AND deleted_at IS NULL", [number]).fetchone()
    if row is None:
        raise CommandError(f"花名册中没有公民身份号码为 {number} 的人员")
    return row[0]


def finalize(args: argparse.Namespace, actor: str) -> int:
    from app.appraisal.finalize import finalize_period

    return _write(args, lambda db, period: finalize_period(db, period.id, actor))


def reopen(args: argparse.Namespace, actor: str) -> int:
    from app.appraisal.finalize import reopen_period

    return _write(args, lambda db, period: reopen_period(db, period.id, args.reason, actor))
