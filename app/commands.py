"""What each command-line subcommand does. Output for people in Chinese; errors raise CommandError."""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import EXIT_FAILED, EXIT_IN_USE, EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from app.jobs import failure_text
from app.office import Office, OfficeError, open_office
from db.backup import BackupError, holds_no_records

if TYPE_CHECKING:
    from sqlite_utils import Database

    from app.exchange.plan import ImportPlan


class CommandError(Exception):
    """A failure to report on stderr (in Chinese) with a non-zero exit code (`code`)."""

    def __init__(self, message: str, code: int = EXIT_FAILED):
        super().__init__(message)
        self.code = code


def _office_failure(exc: OfficeError, path: Path) -> CommandError:
    hint = (
        f'\n可以用以下命令从最近的完好备份恢复：grassroots restore "{exc.good_backup}" --db "{path}"'
        if exc.good_backup
        else ""
    )
    return CommandError(exc.message + hint, EXIT_IN_USE if exc.in_use else EXIT_FAILED)


def _open(path: Path, *, reading: bool, create: bool = False) -> Office:
    try:
        # Reading takes no lock and never migrates: the process holding the lock is the one that may upgrade
        # the schema. Writing needs a file it may write, and not one a newer version of the app upgraded.
        return open_office(path, create=create, readonly=reading, require_write=not reading)
    except OfficeError as exc:
        raise _office_failure(exc, path) from exc


def _require_folder(folder: Path, what: str) -> None:
    """A folder the user typed must exist: it is never created, so a mistyped or unplugged USB path fails."""
    if not folder.is_dir():
        state = "不是文件夹" if folder.exists() else "不存在"
        raise CommandError(
            f"{what}“{folder}”{state}，请检查路径是否写对、U盘是否已插好（不会自动新建文件夹）。"
        )


def require_table(db, path: Path, table: str, what: str) -> None:
    """Reading beside an older copy of the app meets a database it has not upgraded yet: say so, instead of
    'no such table'. `what` names the data the command looks for (考核数据, 关怀数据)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [table]).fetchone() is None:
        raise CommandError(
            f"数据库“{path}”还没有升级到本版本的格式，其中还没有{what}。"
            "请先用本版本打开一次（窗口或不带 --dry-run 的导入都会升级它）。"
        )


@contextmanager
def _opened(path: Path, *, must_exist: bool = True, reading: bool = False) -> Iterator[Office]:
    """The office database for one command; closed afterwards without an exit backup (commands back up
    themselves before anything bulk). A command that only reads (export, check, backup) does not take the lock:
    SQLite lets it read beside a running window, so a nightly backup works while a clerk has the app open.
    `must_exist`: a missing or empty file, or one without our tables, is refused and left as it was."""
    office = _open(path, reading=reading, create=not must_exist)
    try:
        yield office
    finally:
        office.close(backup_if_changed=False)


def demo(args: argparse.Namespace, actor: str) -> int:
    from app.demo import build_demo

    if args.people < 1:
        raise CommandError("人数必须是正整数")
    _require_folder(args.db.parent, "数据库所在的文件夹")
    with _opened(args.db, must_exist=False) as office:
        if office.db.execute("SELECT count(*) FROM people").fetchone()[0]:
            raise CommandError(f"数据库“{args.db}”中已有人员，演示数据只能写入新的空数据库")
        count = build_demo(office.db, args.people, actor=actor)
    print(f"已生成演示数据库“{args.db}”：{count} 名人员。")
    return 0


def export(args: argparse.Namespace, actor: str) -> int:
    from app.exchange.roster_export import ExportError, export_roster

    with _opened(args.db, reading=True) as office:
        try:
            count = export_roster(office.db, args.out)
        except ExportError as exc:
            raise CommandError(failure_text(exc)) from exc
        except OSError as exc:
            raise CommandError(f"无法导出到“{args.out}”：{failure_text(exc)}") from exc
    print(f"已导出 {count} 名人员到“{args.out}”。")
    return EXIT_OK


def import_roster(args: argparse.Namespace, actor: str) -> int:
    """Exit 0 when every person row was imported or skipped as asked, 2 when some rows were rejected, 1 when
    nothing could be read or written, 3 when another copy of the app has the database open.

    A database that does not exist yet is created (an office's first step is often the streets' sheets), and so
    is an empty file (what an interrupted first start leaves). A dry run writes nothing, not even a new file: it
    takes no lock and reads beside an open window."""
    from app.exchange.bulk import collector_paused, no_collection_at_exit

    no_collection_at_exit()
    # Rows, plans and records by the ten thousand, and no reference cycles: no collection until they are gone.
    with collector_paused():
        return _import_roster(args, actor)


def _import_roster(args: argparse.Namespace, actor: str) -> int:
    _check_report_path(args)
    from app.exchange.reader import unreadable_file  # a named pipe would block with the lock held: ask first

    if (unreadable := unreadable_file(args.file)) is not None:
        raise CommandError(f"无法导入“{args.file}”：{unreadable}")
    if args.dry_run:
        with _dry_run_database(args.db) as db:
            plan = _plan(db, args)
        print("这是试运行（--dry-run），数据库没有改动。")
    else:
        with _opened_for_import(args.db) as office, _backup_beside(office) as ahead:
            _prepare_commit(args.file)
            plan = _plan(office.db, args)
            _commit(plan, office, args, actor, ahead)
    return EXIT_REJECTED if plan.rejected() else EXIT_OK


@contextmanager
def _opened_for_import(path: Path) -> Iterator[Office]:
    """The office an import writes, created when missing; a database this command created is removed again when
    nothing was written into it (a file refused, every row rejected, a failure), so a failed first import leaves
    the folder as it was. A file that existed before, even an empty one, is the user's and always stays."""
    created = not os.path.lexists(path)
    office = _open(path, reading=False, create=True)
    try:
        yield office
    finally:
        # Asked while the lock is held: nobody else can have written into it yet.
        unused = created and _holds_nothing(office)
        office.close(backup_if_changed=False)
        if unused:
            _remove_database(path)


def _holds_nothing(office: Office) -> bool:
    try:
        return holds_no_records(office.conn)
    except sqlite3.Error:
        return False  # cannot tell: keep it


def _remove_database(path: Path) -> None:
    # The connection is closed: SQLite has already removed its -wal and -shm, unless something held them.
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        with contextlib.suppress(OSError):
            path.with_name(name).unlink(missing_ok=True)


def _backup_beside(office: Office) -> AbstractContextManager[Any]:
    """The 批量操作前 backup of an office that holds something, begun now beside the dry run (app.backup_ahead):
    the commit takes it, and a copy nothing takes is deleted. None for an empty office: it is not backed up."""
    from app.cli_support import backup_ahead

    if holds_no_records(office.db.conn):
        return nullcontext()
    return backup_ahead(office, dry_run=False)


def _prepare_commit(file: Path) -> None:
    """While the file is still being read in the background (app.exchange.prefetch), load what writing new
    people needs — the commit's modules and the pinyin tables for their search keys — so the wait is not idle."""
    from app.exchange import prefetch

    if prefetch.reading(file):
        import app.exchange.import_commit  # noqa: F401
        from app.people.pinyin import load_tables

        load_tables()


@contextmanager
def _dry_run_database(path: Path) -> Iterator[Database]:
    """What a dry run plans against: the database read-only, or, when it is new (missing or empty), an empty
    office database in memory, so that nothing is written."""
    from db import migrations
    from db.backup import classify_file
    from db.connection import open_memory

    if path.exists() and path.stat().st_size > 0:
        with _opened(path, reading=True) as office:
            yield office.db
        return
    problem = classify_file(path, new_ok=True)  # a missing folder is said as such
    if problem:
        raise CommandError(problem)
    db = open_memory()
    try:
        migrations.apply(db)
        yield db
    finally:
        db.conn.close()


def _plan(db: Database, args: argparse.Namespace) -> ImportPlan:
    """Read and check the file against the database, print the result, and write the problem report."""
    from app.exchange.reader import ReadError
    from app.exchange.roster_import import ImportOptions, PlanError, plan_import

    try:
        options = ImportOptions(
            unit_scope=_scope(db, args.within), sheet=args.sheet, defaults=_defaults(db, args)
        )
        plan = plan_import(db, args.file, options)
    except (ReadError, PlanError) as exc:
        text = str(exc)  # a ReadError names the file already: say it once
        raise CommandError(text if text.startswith("无法读取") else f"无法导入“{args.file}”：{text}") from exc
    except sqlite3.OperationalError as exc:
        # Only a dry run beside an older copy of the app meets a schema this version has not upgraded yet.
        raise CommandError(
            f"数据库“{args.db}”还没有升级到本版本的格式，无法试运行（{failure_text(exc)}）。"
            "请先用本版本打开一次（窗口或不带 --dry-run 的导入都会升级它）。"
        ) from exc
    _print_plan(plan, db, update=args.update)
    if args.report and plan.rejected():
        from app.exchange.problem_report import write_problem_report

        write_problem_report(plan, args.report)
        print(f"有问题的 {len(plan.rejected())} 行已另存为“{args.report}”。")
    return plan


def _commit(plan: ImportPlan, office: Office, args: argparse.Namespace, actor: str, ahead: Any) -> None:
    from app.cli_support import backup_sentence, commit_failures
    from app.exchange.import_commit import commit_import
    from app.exchange.plan import Action

    if not (plan.count(Action.NEW) or (args.update and plan.count(Action.UPDATE))):
        held = plan.count(Action.UPDATE)
        print(
            f"没有需要写入的人员（{held} 人的不同之处未加 --update，没有更新）。"
            if held
            else "没有需要写入的人员。"
        )
        return
    with commit_failures(office.path, ahead):
        result = commit_import(
            office.db, office.path, plan, update_existing=args.update, actor=actor,
            take_backup=None if ahead is None else ahead.take,
        )  # fmt: skip
    print(f"已导入：{result.summary()}。{backup_sentence(result.backup)}")


def _defaults(db: Database, args: argparse.Namespace) -> dict[str, str] | None:
    """--role and --unit: the values of columns the file lacks (a column the file has is read as it is). A
    value that cannot be used is the command's fault (64), said once, not on every row."""
    from app.exchange.cells import normalize_choice
    from app.exchange.limits import FIELD_MAX_CHARS
    from app.exchange.units_match import UnitMatcher

    defaults = {}
    if args.role:
        try:
            defaults["role"] = normalize_choice("role", args.role)
        except ValueError as exc:
            raise CommandError(f"--role：{exc}", EXIT_USAGE) from exc
    if args.unit:
        if len(args.unit) > FIELD_MAX_CHARS["unit"]:
            raise CommandError(f"--unit：工作单位最多 {FIELD_MAX_CHARS['unit']} 个字", EXIT_USAGE)
        try:
            UnitMatcher.load(db, _scope(db, args.within)).resolve(
                args.unit
            )  # a new unit is fine; two are not
        except ValueError as exc:
            raise CommandError(f"--unit：{exc}", EXIT_USAGE) from exc
        defaults["unit"] = args.unit.strip()
    return defaults or None


def _scope(db: Database, within: str | None) -> int | None:
    """The existing unit `--within` names, or None."""
    from app.exchange.units_match import UnitMatcher

    if not within:
        return None
    try:
        unit_id = UnitMatcher.load(db).resolve(within)
    except ValueError as exc:
        raise CommandError(f"--within：{exc}", EXIT_USAGE) from exc
    if unit_id < 0:
        raise CommandError(f"--within：系统中没有名为“{within}”的单位", EXIT_USAGE)
    return unit_id


def _check_report_path(args: argparse.Namespace) -> None:
    """Refuse a bad --report before anything is imported, and never overwrite the file being imported."""
    report = args.report
    if report is None:
        return
    if not report.parent.is_dir():  # its kind was checked as the command line was read (app/cli_types)
        raise CommandError(f"问题报告的保存位置“{report.parent}”不存在")
    if args.file.exists() and report.exists() and report.resolve() == args.file.resolve():
        raise CommandError("问题报告不能覆盖正在导入的文件本身，请另取一个文件名")


def _print_plan(plan: ImportPlan, db: Database, *, update: bool) -> None:
    from app.exchange.columns import summarize_labels
    from app.exchange.dry_run_report import other_sheets_line
    from app.exchange.plan import Action
    from app.units.service import list_units, unit_paths

    print(f"文件“{plan.file_name}”，工作表“{plan.sheet}”，表头在第{plan.header_row}行。")
    if plan.unknown_columns:
        print(f"以下列不认识，已忽略：{summarize_labels(plan.unknown_columns)}")
    if plan.other_sheets:
        print(other_sheets_line(plan.other_sheets, "花名册", "请用 --sheet 工作表名 逐张导入。"))
    for notice in plan.notices:
        print(notice + "。")
    print(f"检查结果：{plan.summary()}。")
    if (held := plan.count(Action.UPDATE)) and not update:
        print(
            f"  其中 {held} 人与在册信息不同：未加 --update，只新增、不更新；核对下面的不同之处后，加 --update 再导入即可更新。"
        )
    for reason, count in plan.skipped.items():
        print(f"  跳过{reason} {count} 行")
    if plan.new_units:  # each with the existing unit it is one character from, in case it is a slip
        from app.exchange.units_match import describe_new

        shown = [describe_new(u) for u in plan.units_to_create] or plan.new_units
        print(f"将新建单位：{'、'.join(shown)}")
    names = plan.unit_names(unit_paths(list_units(db)))
    for row in plan.rows:
        if row.action == Action.UPDATE:
            print(f"  第{row.row}行 {row.name}：已在册，不同之处 {row.change_text(names)}")
        for notice in row.notices:
            print(f"  第{row.row}行 {row.name}：{notice}")
    for row in plan.rejected():
        for problem in row.problems:
            print(f"  拒绝 {problem.text()}")


def check(args: argparse.Namespace, actor: str) -> int:
    from db.backup import integrity_check

    with _opened(args.db, reading=True) as office:
        problems = integrity_check(office.conn)
    if problems:
        raise CommandError("完整性检查发现问题：\n" + "\n".join(problems))
    print(f"“{args.db}”完整性检查通过。")
    return 0


def backup(args: argparse.Namespace, actor: str) -> int:
    from app.backups import backup_to_folder  # the backup page's 备份到U盘, so both say the same

    _require_folder(args.to, "备份保存的文件夹")
    with _opened(args.db, reading=True) as office:
        try:
            result = backup_to_folder(office.db, args.db, args.to)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"备份失败：{exc}") from exc
    print(result.message)
    return EXIT_OK


def restore(args: argparse.Namespace, actor: str) -> int:
    from app.office import restore_into
    from db.backup import describe_backup, inspect_backup
    from db.restore import BackupBusy

    info = inspect_backup(args.backup)
    if not info.ok:
        raise CommandError(f"不能从“{args.backup}”恢复：{info.problem}")
    # Before open_office: a database it cannot open would otherwise be "recovered" by renaming it aside.
    _require_folder(args.db.parent, "数据库所在的文件夹")
    try:
        office = open_office(args.db, require_write=True)
    except OfficeError as exc:
        if exc.in_use or exc.read_only:
            # In use, read-only or a newer version's: the file is fine and must stay as it is.
            raise _office_failure(exc, args.db) from exc
        return _recover(args, exc)
    try:
        safety = restore_into(office, args.backup)
    except BackupBusy as exc:
        raise CommandError(str(exc), EXIT_IN_USE) from exc
    except BackupError as exc:
        raise CommandError(f"恢复失败，数据库未被改动：{exc}") from exc
    finally:
        office.close(backup_if_changed=False)
    print(
        f"已从“{args.backup}”恢复（{info.people} 名人员，{info.units} 个单位）。"
        + (f"恢复前的数据已另存为“{safety}”（{describe_backup(safety)}）。" if safety else "")
    )
    return 0


def _recover(args: argparse.Namespace, error: OfficeError) -> int:
    """The database itself is unusable: keep it under another name and restore into a fresh file."""
    from app.office import recover_from_backup

    try:
        office, aside = recover_from_backup(args.db, args.backup)
    except (BackupError, OfficeError, OSError) as exc:
        raise CommandError(f"恢复失败：{exc}") from exc
    office.close(backup_if_changed=False)
    print(f"原数据库无法使用（{error.message}），已改名保存为“{aside}”。")
    print(f"已从“{args.backup}”恢复到“{args.db}”。")
    return 0
