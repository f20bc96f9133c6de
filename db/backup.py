"""Backups and health checks of the office database file (restoring one is `db.restore`).

Every copy goes through SQLite's online backup API: in WAL mode the newest data may live only in the
-wal file, so copying the .db file alone can give an empty or stale database.

The backup folder's names, listing and rotation are `db.backup_files`; its public names are re-exported here so
callers keep importing everything backup-related from `db.backup`.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db.backup_files import (
    BACKUP_DIR_NAME,
    BACKUP_SUFFIX,
    CLOCK_SLACK,
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    PART_SIDECARS,
    PART_SUFFIX,
    REASON_LABELS,
    STALE_PART_AGE,
    YOUNG,
    backup_dir_for,
    backup_file_name,
    describe_backup,
    free_name,
    last_backup_time,
    list_backups,
    needs_daily_backup,
    parse_name,
    reason_label,
    remove_stale_parts,
    rotate,
    select_kept,
)
from db.connection import (
    APPLICATION_ID,
    DatabaseError,
    DatabaseFault,
    application_id,
    connect,
    folder_write_problem,
    user_tables,
)
from db.errors import is_busy, is_damage
from db.errors import reason as fault_reason
from db.lock import DatabaseInUse

# Everything backup-related is imported from here; the folder's names and rotation live in db.backup_files.
__all__ = [
    "BACKUP_DIR_NAME",
    "BACKUP_SUFFIX",
    "CLOCK_SLACK",
    "KEEP_DAILY",
    "KEEP_MONTHLY",
    "KEEP_WEEKLY",
    "PART_SUFFIX",
    "REASON_LABELS",
    "SQLITE_HEADER",
    "STALE_PART_AGE",
    "YOUNG",
    "backup_dir_for",
    "backup_file_name",
    "backup_to",
    "BackupError",
    "BackupInfo",
    "check_file",
    "classify_file",
    "describe_backup",
    "FileProblem",
    "inspect_backup",
    "integrity_check",
    "last_backup_time",
    "list_backups",
    "make_backup",
    "needs_daily_backup",
    "newest_good_backup",
    "quick_check",
    "reason_label",
    "remove_stale_parts",
    "rotate",
    "select_kept",
]

SQLITE_HEADER = b"SQLite format 3\x00"
_QUICK_CHECK_LINES = 5


class BackupError(Exception):
    """A backup or restore that did not happen; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime.datetime | None
    people: int
    units: int
    last_change: str | None
    ok: bool
    problem: str | None


# --- making and restoring backups --------------------------------------------------------------


def _main_file(conn: sqlite3.Connection) -> Path | None:
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file).resolve() if file else None
    return None


def _fsync_file(path: Path) -> None:
    # Opened for writing because Windows refuses to flush a read-only handle.
    with open(path, "r+b") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable on POSIX; Windows cannot open folders this way and does not need it."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _remove_part(part: Path) -> None:
    for sidecar in PART_SIDECARS:
        _remove_quietly(part.with_name(part.name + sidecar))


def _copy_into(conn: sqlite3.Connection, part: Path) -> None:
    _remove_quietly(part)
    target = sqlite3.connect(str(part))
    try:
        # No syncs while the copy is written (half the time of a 20 MB backup): backup_to syncs the whole file
        # once before it takes the backup's name, and a copy cut short stays a .part, never a backup.
        target.execute("PRAGMA synchronous=OFF")
        conn.backup(target)
        # A backup should be one self-contained file; in WAL mode opening it would create -wal/-shm
        # files next to it (and fail on read-only media such as a write-protected USB stick).
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def backup_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """Write a consistent copy of the live database to `dest`, atomically; returns `dest`."""
    dest = Path(dest)
    if conn.in_transaction:
        # The backup API would also copy this connection's half-finished changes.
        raise BackupError("还有未完成的修改，请先保存后再备份。")
    if _main_file(conn) == dest.resolve():
        raise BackupError(f"备份文件不能和正在使用的数据库是同一个文件：{dest}")
    folder_problem = _missing_folder(dest.parent) or folder_write_problem(dest.parent)
    if folder_problem:
        # Never created here: a mistyped or unplugged USB path must fail, not "succeed" on the local disk.
        raise BackupError(f"备份没有成功：{folder_problem}")
    part = dest.with_name(dest.name + PART_SUFFIX)
    try:
        _copy_into(conn, part)
        _fsync_file(part)
        os.replace(part, dest)
        _fsync_dir(dest.parent)
    except (OSError, sqlite3.Error) as exc:
        _remove_part(part)
        raise BackupError(_write_failed(dest, exc)) from exc
    return dest


def _write_failed(dest: Path, exc: Exception) -> str:
    why = fault_reason(exc, dest.parent)
    if why:
        return f"备份没有成功，无法写入“{dest}”：{why}。"
    return f"备份没有成功，无法写入“{dest}”。请检查U盘或磁盘是否已插好、是否还有空间。（{exc}）"


def holds_no_records(conn: sqlite3.Connection) -> bool:
    """True for an office database nobody has entered anything into yet (no person, unit or audit row): a copy
    of it keeps nothing, and would later pass for a "good" backup to recover from."""
    held = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM org_units) OR EXISTS (SELECT 1 FROM audit_log)"
    ).fetchone()[0]
    return not held


def make_backup(
    conn: sqlite3.Connection,
    db_path: Path,
    reason: str,
    *,
    now: datetime.datetime | None = None,
    directory: Path | None = None,
    rotating: bool = True,
) -> Path:
    """Back the live database up into its backup folder (or `directory`); returns the new file. `rotating=False`
    leaves the folder's older backups alone: the caller rotates once the backup is known to be kept."""
    now = now or datetime.datetime.now()
    folder = Path(directory) if directory is not None else backup_dir_for(db_path)
    name = backup_file_name(db_path, now, reason)
    made = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"无法创建备份文件夹“{folder}”：{fault_reason(exc) or exc}。") from exc
    try:
        dest = backup_to(conn, free_name(folder, name))
    except BackupError:
        if made:  # an empty 备份 folder left by a full disk would say a backup exists
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    if directory is None and rotating:
        # A folder the user picked (e.g. a USB stick) is theirs to manage; only our own folder rotates.
        # rotate() swallows its own file errors, so a failed clean-up never fails the backup.
        rotate(folder, Path(db_path).stem, now)
    return dest


# --- checks ------------------------------------------------------------------------------------


def _quick_check_detail(conn: sqlite3.Connection) -> str | None:
    """The first problems PRAGMA quick_check reports, or None when it says ok."""
    try:
        rows = [row[0] for row in conn.execute(f"PRAGMA quick_check({_QUICK_CHECK_LINES})")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows == ["ok"]:
        return None
    return "；".join(str(row) for row in rows[:_QUICK_CHECK_LINES])


def quick_check(conn: sqlite3.Connection) -> str | None:
    """None when PRAGMA quick_check passes, else a Chinese message with the first problems."""
    detail = _quick_check_detail(conn)
    return None if detail is None else f"数据库文件已损坏（{detail}）。"


def integrity_check(conn: sqlite3.Connection) -> list[str]:
    """Full check: page structure plus broken references between records. [] when healthy."""
    problems: list[str] = []
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [f"数据库文件已损坏，无法完成检查（{exc}）。"]
    if rows != ["ok"]:
        problems += [f"数据库结构有问题：{row}" for row in rows]
    try:
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"表 {table} 中编号为 {rowid} 的记录引用了表 {parent} 中不存在的记录。")
    except sqlite3.DatabaseError as exc:
        problems.append(f"无法检查记录之间的引用（{exc}）。")
    return problems


def _missing_folder(folder: Path) -> str | None:
    """A Chinese message when `folder` does not exist or is not a folder (it is never created for the user)."""
    if folder.is_dir():
        return None
    if folder.exists():
        return f"“{folder}”不是文件夹。"
    return f"文件夹“{folder}”不存在，请检查路径是否写对、U盘是否已插好（程序不会自动新建文件夹）。"


def _header_problem(path: Path) -> str | None:
    """A Chinese message when `path` is missing, a folder, or not an SQLite file at all."""
    if not path.exists():
        return f"找不到文件“{path}”。"
    if not path.is_file():
        return f"“{path}”不是一个文件。"
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return f"无法读取文件“{path}”（{exc}）。"
    if header != SQLITE_HEADER:
        return f"“{path.name}”不是数据库文件（可能是改了扩展名的其他文件）。"
    return None


def _foreign_message(path: Path) -> str:
    return f"“{path.name}”是其他程序的数据库，不是本系统的数据库。"


def _damaged_message(path: Path, detail: object) -> str:
    # SQLite says what is broken in English: kept last, for whoever the office asks for help.
    return f"“{path.name}”已经损坏，无法使用，请换一个备份文件。（技术信息：{str(detail)[:120]}）"


def _created_at(path: Path) -> datetime.datetime | None:
    parsed = parse_name(path.name)
    if parsed is not None:
        return parsed[1]
    try:
        return datetime.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None


def _count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]


def _read_backup(path: Path) -> tuple[int, int, str | None, str | None]:
    """(people, units, last_change, problem) of a file that has a valid SQLite header."""
    conn = connect(path, readonly=True)
    try:
        if application_id(conn) != APPLICATION_ID:
            return 0, 0, None, _foreign_message(path)
        detail = _quick_check_detail(conn)
        if detail is not None:
            return 0, 0, None, _damaged_message(path, detail)
        last_change = conn.execute("SELECT max(at) FROM audit_log").fetchone()[0]
        return _count(conn, "people"), _count(conn, "org_units"), last_change, None
    finally:
        conn.close()


def inspect_backup(path: Path) -> BackupInfo:
    """What a backup holds and whether it can be restored. Never raises for a bad file."""
    path = Path(path)
    people = units = 0
    last_change = None
    problem = _header_problem(path)
    if problem is None:
        try:
            people, units, last_change, problem = _read_backup(path)
        except DatabaseError as exc:
            problem = str(exc)
        except sqlite3.Error as exc:
            problem = _damaged_message(path, exc) if is_damage(exc) else _unreadable_message(path, exc)
    return BackupInfo(
        path=path,
        created_at=_created_at(path),
        people=people,
        units=units,
        last_change=last_change,
        ok=problem is None,
        problem=problem,
    )


def _has_content(conn: sqlite3.Connection) -> bool:
    # sqlite-utils creates its bookkeeping table before the first migration, outside its transaction,
    # so a file holding only that table is still an unfinished new database of ours.
    from sqlite_utils import Migrations

    return any(name != Migrations.migrations_table for name in user_tables(conn))


def _not_ours_message(path: Path, why: str) -> str:
    return f"数据库文件“{path}”{why}，不是本系统的数据库。请检查文件名和路径是否写对。"


def _unreadable_message(path: Path, exc: sqlite3.Error) -> str:
    return f"数据库文件“{path}”现在无法打开：{fault_reason(exc, path.parent) or exc}。"


@dataclass(frozen=True)
class FileProblem:
    """Why a file cannot be opened as our database. `fault`: the machine's (disk, folder), not the file's: the
    file may be perfectly good, so it must never be set aside or "recovered" from a backup."""

    message: str
    fault: bool = False
    # Another program holds SQLite's lock on the file (the command line exits 3 for it, as beside a window).
    in_use: bool = False


def classify_file(path: Path, *, new_ok: bool = True) -> str | None:
    """`check_file`'s message, or None."""
    problem = check_file(path, new_ok=new_ok)
    return problem.message if problem else None


def check_file(path: Path, *, new_ok: bool = True) -> FileProblem | None:
    """None if `path` can be opened as our database (or, with `new_ok`, created fresh in an existing folder);
    else why not, in Chinese.

    An empty file counts as new where a new database is welcome: sqlite3 leaves one behind when a first start
    is interrupted. Where an existing database is required (`new_ok=False`, e.g. check, export, backup), an empty
    file or an SQLite file without our tables is refused, and left untouched."""
    path = Path(path)
    if not path.exists():
        if not new_ok:
            return FileProblem(f"数据库文件“{path}”不存在，请检查路径。")
        missing = _missing_folder(path.parent)
        return FileProblem(missing) if missing else None
    if path.is_file() and path.stat().st_size == 0:
        return None if new_ok else FileProblem(_not_ours_message(path, "是空的（0 字节）"))
    problem = _header_problem(path)
    if problem is not None:
        return FileProblem(problem)
    try:
        conn = connect(path, readonly=True)
    except DatabaseError as exc:
        return FileProblem(str(exc), fault=isinstance(exc, DatabaseFault))
    except sqlite3.Error as exc:
        return _open_failed(path, exc)
    try:
        message = _classify_open(path, conn, new_ok)
    except sqlite3.Error as exc:
        if is_busy(exc):  # waiting in vain for another program's lock is no damage: never set aside for it
            return _open_failed(path, exc)
        message = _damaged_message(path, exc)
    finally:
        conn.close()
    return FileProblem(message) if message else None


def _open_failed(path: Path, exc: sqlite3.Error) -> FileProblem:
    if is_busy(exc):
        return FileProblem(str(DatabaseInUse(path)), fault=True, in_use=True)
    if is_damage(exc):
        return FileProblem(_damaged_message(path, exc))
    return FileProblem(_unreadable_message(path, exc), fault=True)


def _classify_open(path: Path, conn: sqlite3.Connection, new_ok: bool) -> str | None:
    app_id = application_id(conn)
    if app_id == APPLICATION_ID:
        detail = _quick_check_detail(conn)
        return None if detail is None else _damaged_message(path, detail)
    if app_id != 0 or _has_content(conn):
        return _foreign_message(path)
    return None if new_ok else _not_ours_message(path, "是空的（没有任何数据表）")


def newest_good_backup(db_path: Path) -> Path | None:
    for _, path in list_backups(backup_dir_for(db_path), Path(db_path).stem):
        info = inspect_backup(path)
        # An empty backup (e.g. the safety copy of a freshly created file) restores nothing worth having.
        if info.ok and (info.people or info.units):
            return path
    return None
