"""`grassroots mentoring assign`: a two-way selection round from the office's spreadsheet, assigned and written
to a CSV (one row per applicant, with why), and with --confirm written to the database as pairs.

The parser part is imported by app/cli.py at every start, so this module imports nothing heavy at its top.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_types import file_of, year

if TYPE_CHECKING:
    from sqlite_utils import Database

    from app.office import Office
    from app.training.round_file import RoundFile
    from app.training.selection import Assignment

RESULT_COLUMNS = ("导师", "学员", "公民身份号码", "志愿", "说明")

MENTORING_EXIT_HELP = """退出码：
  0    每位学员都已分配，志愿表没有被拒绝的行
  1    失败：文件无法读取、数据库无法使用，或这次双向选择已经确认过，原因见错误信息
  2    有学员未分配（需人工决定），或志愿表中有被拒绝的行（此时 --confirm 不写入）
  3    数据库正在被另一个窗口或程序使用，请稍后再试（不带 --confirm 时不受影响）
  64   命令写法有误"""


def add_mentoring_parser(sub: argparse._SubParsersAction) -> None:
    """The `mentoring` command and its `assign` subcommand, on the main parser's subparsers."""
    from app.cli import DB, ChineseParser

    mentoring = sub.add_parser(
        "mentoring", help="导师帮带：双向选择分配", epilog=MENTORING_EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    actions = mentoring.add_subparsers(
        dest="action", metavar="操作", parser_class=ChineseParser, required=True
    )
    assign = actions.add_parser(
        "assign", help="按双向选择志愿表分配导师（不带 --confirm 时只输出结果，不写入数据库）",
        epilog=MENTORING_EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    assign.add_argument(
        "--db", type=Path, required=True, metavar=DB, help="本单位的数据库文件（必须已经存在）"
    )
    assign.add_argument(
        "--prefs", type=Path, required=True, metavar="志愿表.xlsx",
        help="含“导师”（导师姓名、条线、最少、最多）、“学员”（姓名、公民身份号码、条线、第一志愿、第二志愿，"
        "可加是否服从调剂）和可选的“导师排序”（导师姓名、公民身份号码或学员姓名、顺位）三张表",
    )  # fmt: skip
    assign.add_argument(
        "--out",
        type=file_of(".csv", what="分配结果"),
        required=True,
        metavar="结果.csv",
        help="分配结果：导师、学员、公民身份号码、志愿、说明",
    )
    assign.add_argument(
        "--confirm", action="store_true", help="确认分配结果：建立这次双向选择、志愿和帮带对子（先自动备份）"
    )
    assign.add_argument("--name", metavar="名称", help="这次双向选择的名称，默认为志愿表的文件名")
    assign.add_argument("--year", type=year, metavar="年度", help="这次双向选择的年度，默认今年")


def run(args: argparse.Namespace, actor: str) -> int:
    return {"assign": assign_round}[args.action](args, actor)


def assign_round(args: argparse.Namespace, actor: str) -> int:
    """Exit 0 when everyone is placed and no row was refused, else 2 (1 and 3 through CommandError)."""
    from app.cli import EXIT_OK, EXIT_REJECTED
    from app.cli_support import plan_errors, refuse_unreadable
    from app.clock import today
    from app.commands import CommandError, _opened, require_table
    from app.exchange.xlsx_out import ExportError
    from app.training.mentoring import fallback_order
    from app.training.round_file import read_round
    from app.training.selection import assign

    _check_out(args)
    refuse_unreadable(args.prefs)
    name = (args.name or args.prefs.stem).strip()
    year = args.year or today().year
    with _opened(args.db, reading=not args.confirm) as office:
        require_table(office.db, args.db, "selection_rounds", "导师数据")
        with plan_errors(args.prefs):
            found = read_round(office.db, args.prefs)
        result = assign(
            found.mentors, found.applicants, found.rankings, fallback_order(office.db, found.person_ids)
        )
        try:
            write_result(result, args.out)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        _report(found, result, args.out)
        refused = bool(found.problems or result.refused())
        if args.confirm:
            _confirm(office, name, year, found, result, actor, refused)
        else:
            _say_stored(office.db, name, year, found)
            _say_pairs_to_end(office.db, found, result)
    return EXIT_REJECTED if refused or result.unplaced() else EXIT_OK


def _say_pairs_to_end(db, found, result) -> None:
    from app.clock import today
    from app.training.mentoring import pairs_to_end

    if moved := pairs_to_end(db, found, result, today()):
        print(
            f"确认后，以下 {len(moved)} 人原有的一对一帮带将结束，改由本次分配的导师帮带：{'、'.join(moved)}"
        )


def _check_out(args: argparse.Namespace) -> None:
    from app.commands import CommandError

    out: Path = args.out
    if not out.parent.is_dir():  # its kind was checked as the command line was read (app/cli_types)
        raise CommandError(f"分配结果的保存位置“{out.parent}”不存在")
    if args.prefs.exists() and out.exists() and out.resolve() == args.prefs.resolve():
        raise CommandError("分配结果不能覆盖志愿表本身，请另取一个文件名")


def write_result(result: Assignment, out: Path) -> int:
    """One row per applicant in the sheet's order, as UTF-8 CSV with BOM; the ID number plain text."""
    import csv

    from app.exchange.roster_export import safe_csv_text
    from app.exchange.xlsx_out import check_folder, write_via_part

    check_folder(out)

    def write(part: Path) -> None:
        with part.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(RESULT_COLUMNS)
            for o in result.outcomes:
                cells = (o.mentor or "", o.applicant.name, o.applicant.key, o.choice_text, o.note)
                writer.writerow([safe_csv_text(cell) for cell in cells])

    write_via_part(out, write)
    return len(result.outcomes)


def _report(found: RoundFile, result: Assignment, out: Path) -> None:
    import sys

    from app.training.selection import mentor_key

    sheets = "、".join(f"{kind}（“{name}”表）" for kind, name in found.sheets.items())
    print(
        f"志愿表“{found.file_name}”：读取了{sheets}，导师 {len(found.mentors)} 人，学员 {len(result.outcomes)} 人。"
    )
    for notice in found.notices:
        print(f"  {notice}")
    print(f"分配结果：{result.summary()}。已写入“{out}”。")
    for outcome in result.unplaced():
        print(f"  未分配 第{outcome.applicant.row}行 {outcome.applicant.name}：{outcome.note}")
    for o in (o for o in result.outcomes if o.mentor and mentor_key(o.mentor) in o.applicant.paired):
        print(
            f"  已结对 第{o.applicant.row}行 {o.applicant.name}：与导师“{o.mentor}”的帮带对子仍在进行，"
            "确认时沿用，不重复建立"
        )
    lines = [f"被拒绝 {problem}" for problem in found.problems]
    lines += [
        f"被拒绝 {o.note.removeprefix('未参加分配：')}" for o in result.refused() if o.applicant.problem
    ]
    lines += [
        f"被拒绝 “{found.sheets['学员']}”表第{o.applicant.row}行 {o.applicant.name}：{o.note.removeprefix('未参加分配：')}"
        for o in result.refused()
        if not o.applicant.problem
    ]
    lines += [f"导师提示 {flag}" for flag in result.flags]
    if lines:
        print("\n".join(lines), file=sys.stderr)


def _confirm(
    office: Office, name: str, year: int, found: RoundFile, result: Assignment, actor: str, refused: bool
) -> None:
    import sqlite3
    import sys

    from app.changes import OperationRefused
    from app.cli import EXIT_IN_USE
    from app.clock import today
    from app.commands import CommandError
    from app.jobs import failure_text
    from app.training.mentoring import backup_and_confirm
    from db.backup import BackupError, describe_backup
    from db.errors import is_busy
    from db.lock import DatabaseInUse

    if refused:
        print("没有确认：志愿表中有被拒绝的行，数据库没有改动。请改正后重新运行。", file=sys.stderr)
        return
    try:
        outcome, backup = backup_and_confirm(
            office.db, office.path, name, year, found, result, actor, today()
        )
    except OperationRefused as exc:
        raise CommandError(f"没有确认：{exc}") from exc
    except (BackupError, sqlite3.Error, OSError) as exc:
        if is_busy(exc):  # another program's SQLite lock: "in use", 3, as beside a window and as every import
            raise CommandError(
                f"没有确认，数据库保持原样：{DatabaseInUse(office.path)}", EXIT_IN_USE
            ) from exc
        raise CommandError(f"没有确认，数据库保持原样：{failure_text(exc)}") from exc
    print(f"{outcome.message}。确认前的数据已备份（{describe_backup(backup)}）：“{backup}”。")


def _say_stored(db: Database, name: str, year: int, found: RoundFile) -> None:
    """After a dry run: whether --confirm would write, or be refused as a repeat of a stored round."""
    from app.training.mentoring import repeated_round, stored_round

    existing = stored_round(db, name, year)
    if existing is not None:
        print(
            f"注意：双向选择“{name}”（{year}年）已在数据库中（帮带对子 {existing.pairs} 对），--confirm 不会重复写入。"
        )
    elif why := repeated_round(db, name, year, found.person_ids.values()):
        print(f"这是试分，数据库没有改动。注意：--confirm 不会写入：{why}")
    else:
        print("这是试分，数据库没有改动；确认请加 --confirm。")
