"""Opening an office database for work: check it, lock it, back it up, migrate it.

An office opens read-only, with the reason in `Office.read_only_reason`, when the file cannot be written from
here (read-only media, no permission) or when a newer version of the app has changed its schema. Read-only is
not damaged: such a file is never set aside or "recovered" from a backup."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from app import audit, early_check
from app.changes import OperationRefused
from db import migrations
from db.backup import (
    BackupError,
    check_file,
    holds_no_records,
    make_backup,
    newest_good_backup,
    quick_check,
    remove_stale_parts,
)
from db.connection import (
    APPLICATION_ID,
    READ_ONLY_TAIL,
    DatabaseError,
    DatabaseFault,
    application_id,
    open_database,
    write_problem,
)
from db.errors import is_busy
from db.lock import DatabaseInUse, DatabaseLock, LockFileError

READ_FOR_A_COMMAND = f"数据库以只读方式打开，{READ_ONLY_TAIL}"


class OfficeError(Exception):
    """The database cannot be opened; `message` is for the user, `good_backup` is one that could be restored."""

    def __init__(
        self, message: str, good_backup: Path | None = None, in_use: bool = False, read_only: bool = False
    ):
        super().__init__(message)
        self.message = message
        self.good_backup = good_backup
        self.in_use = in_use
        # The file itself is fine but may not be written from here (read-only media, no permission, a newer
        # version's schema) or, for a fault of the disk, not even opened now: it must never be set aside.
        self.read_only = read_only


@dataclass
class Office:
    path: Path
    db: Database
    lock: DatabaseLock | None
    backups: list[Path] = field(default_factory=list)
    opened_at_change: int = 0
    # Why this office may only be read (Chinese, for the status bar and for refusing a write), or None.
    read_only_reason: str | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def check_writable(self) -> None:
        """Raise OperationRefused with the reason when this office may only be read."""
        if self.read_only_reason:
            raise OperationRefused(self.read_only_reason)

    def changed_since_open(self) -> bool:
        return audit.last_change_id(self.db) != self.opened_at_change

    def backup(self, reason: str) -> Path:
        if self.read_only_reason:
            # Its backup folder is beside it, on the same read-only medium; a newer version's file is its own.
            raise BackupError(self.read_only_reason)
        made = make_backup(self.conn, self.path, reason)
        self.backups.append(made)
        return made

    def close(self, *, backup_if_changed: bool = True) -> Path | None:
        """Close the file; back it up first when something changed since it was opened."""
        made = None
        try:
            if backup_if_changed and self.changed_since_open():
                made = self.backup("exit")
        finally:
            self.db.conn.close()
            if self.lock:
                self.lock.release()
        return made


def _in_use(path: Path) -> OfficeError:
    """Another program holds SQLite's own lock on the file (not our lock file): said as the window's would be."""
    return OfficeError(str(DatabaseInUse(path)), in_use=True, read_only=True)


def _refuse(path: Path, problem: str) -> OfficeError:
    return OfficeError(problem, good_backup=newest_good_backup(path))


def open_office(
    path: Path | str,
    *,
    lock: bool = True,
    migrate: bool = True,
    create: bool = True,
    readonly: bool = False,
    require_write: bool = False,
) -> Office:
    """Open (creating if new) the database at `path`. Raises OfficeError with a Chinese message.

    A missing folder is refused, never created: a path comes from a user who may have mistyped it (the per-user
    data folder is created by `app.paths.default_db_path`). `create=False` requires an existing office database:
    a missing file, an empty one or an SQLite file without our tables is refused and left untouched.
    `migrate=False` is for reading beside another process that holds the lock: only the holder may change the
    schema (an older copy of the app would otherwise find its database upgraded under it).
    `readonly=True` opens it for reading only: no lock, no migration, no file written beside it.
    Otherwise a file that cannot be written from here, or that a newer version of the app wrote, opens
    read-only (`Office.read_only_reason` says why) — or, with `require_write`, is refused with that reason."""
    path = Path(path)
    done, problem = early_check.taken(path, new_ok=create)
    if not done:
        problem = check_file(path, new_ok=create)
    if problem:
        raise (
            OfficeError(problem.message, read_only=problem.fault, in_use=problem.in_use)
            if problem.fault
            else _refuse(path, problem.message)
        )
    if readonly:
        return _open_read_only(path, READ_FOR_A_COMMAND)
    cannot_write = write_problem(path)
    if cannot_write:
        return _read_only_instead(path, cannot_write, require_write)
    holder = DatabaseLock(path) if lock else None
    if holder:
        try:
            holder.acquire()
        except LockFileError as exc:
            return _read_only_instead(path, f"{exc}{READ_ONLY_TAIL}", require_write)
        except DatabaseInUse as exc:
            raise OfficeError(str(exc), in_use=True) from exc
    try:
        office = _open_locked(path, holder, migrate)
    except BaseException:
        if holder:
            holder.release()
        raise
    newer = _newer_version_reason(office)
    if newer:
        office.close(backup_if_changed=False)
        return _read_only_instead(path, newer, require_write)
    return office


def _read_only_instead(path: Path, reason: str, require_write: bool) -> Office:
    """The office read-only, for `reason`; refused with it when the caller is going to write."""
    if not path.exists() or path.stat().st_size == 0:
        # A new database cannot be made here; an empty file holds nothing to read.
        raise OfficeError(
            f"不能在这里新建数据库“{path}”：这个位置不能写入（写保护的U盘、光盘，或没有写入权限）。",
            read_only=True,
        )
    if require_write:
        raise OfficeError(reason, read_only=True)
    return _open_read_only(path, reason)


def _open_read_only(path: Path, reason: str) -> Office:
    try:
        db = open_database(path, readonly=True)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        raise OfficeError(f"数据库文件“{path}”无法打开：{exc}", read_only=True) from exc
    office = Office(path, db, None, read_only_reason=reason)
    if reason != READ_FOR_A_COMMAND:
        newer = _newer_version_reason(office)
        office.read_only_reason = newer or reason
        if not newer and migrations.migrations.applied(db) and migrations.pending(db):
            # The window needs the current schema; only a copy it may write can be upgraded.
            db.conn.close()
            raise OfficeError(
                f"数据库“{path.name}”是旧版本的格式，要升级后才能打开，但它不能修改：{reason}"
                "请先把它复制到电脑上可以写入的文件夹中再打开。",
                read_only=True,
            )
    office.opened_at_change = audit.last_change_id(db)
    return office


def _newer_version_reason(office: Office) -> str | None:
    """Why the office must not be written because a newer version of the app upgraded it, or None."""
    names = migrations.unknown(office.db)
    if not names:
        return None
    from app.cli import app_version

    versions = migrations.versions_applying(office.db, names)
    needed = max(versions, key=_version_key) if versions else None
    newer = f"较新版本（{needed}）" if needed else "较新版本"
    install = f"请安装 {needed} 或更高版本的本系统" if needed else "请安装最新版本的本系统"
    return (
        f"数据库“{office.path.name}”已被{newer}的本系统升级过（{'、'.join(names)}），"
        f"本版本（{app_version()}）{READ_ONLY_TAIL}{install}后再修改。"
    )


def _version_key(version: str) -> tuple[int, ...]:
    parts = []
    for part in version.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def _open_locked(path: Path, holder: DatabaseLock | None, migrate: bool) -> Office:
    """Opened after check_file, which runs PRAGMA quick_check on a file that is ours (our application id): a
    second pass over every page (40 ms for a 10,000-person office) would find what the first found. Any other
    file (a new one, or an interrupted first start's, with no id yet) is checked here, before it is upgraded."""
    try:
        db = open_database(path)
        problem = None if application_id(db.conn) == APPLICATION_ID else quick_check(db.conn)
    except DatabaseFault as exc:
        if is_busy(exc.__cause__):
            raise _in_use(path) from exc
        raise OfficeError(str(exc), read_only=True) from exc
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        if is_busy(exc):
            raise _in_use(path) from exc
        raise _refuse(path, f"数据库文件“{path}”无法打开：{exc}") from exc
    if problem:
        db.conn.close()
        raise _refuse(path, problem)
    office = Office(path, db, holder)
    try:
        if holder:
            holder.acquire()  # the file exists now: lock it by its identity too (db.lock)
            remove_stale_parts(path)
        if migrate and not migrations.unknown(db):
            _bring_up_to_date(office)
    except DatabaseInUse as exc:
        db.conn.close()
        raise OfficeError(str(exc), in_use=True) from exc
    except (BackupError, sqlite3.DatabaseError) as exc:
        db.conn.close()
        if is_busy(exc):
            raise _in_use(path) from exc
        raise OfficeError(f"数据库升级没有完成（已有的数据没有改动，下次打开时会再试）：{exc}") from exc
    office.opened_at_change = audit.last_change_id(db)
    return office


def _migrate(office: Office) -> None:
    pending = migrations.pending(office.db)
    if not pending:
        return
    has_data = bool(migrations.migrations.applied(office.db))
    if has_data:
        office.backup("migrate")
    applied = migrations.apply(office.db)
    from app.cli import app_version

    migrations.record_app_version(office.db, applied, app_version())


def _bring_up_to_date(office: Office) -> None:
    """Apply pending migrations (after a backup), then fill what people rows may lack."""
    _migrate(office)
    _fill_blank_keys(office.db)


def _fill_blank_keys(db: Database) -> None:
    """Give every person their pinyin sort key and search key: after m003 (sort keys) and m004 (which blanked the
    old search keys), and whenever an older copy of the app added people without them. Cheap when there is
    nothing to do (a partial index finds the blanks)."""
    from app.people.pinyin import name_order, search_key

    for column, key in (("name_order", name_order), ("search_key", search_key)):
        rows = db.execute(f"SELECT id, name FROM people WHERE {column} = ''").fetchall()
        if not rows:
            continue
        with db.atomic():
            db.conn.executemany(
                f"UPDATE people SET {column} = ? WHERE id = ?", [(key(n), i) for i, n in rows]
            )


def restore_into(office: Office, backup: Path) -> Path | None:
    """Replace the office's data with a backup's; returns the safety backup made of the state before (None when
    the database was empty and there was nothing to keep)."""
    from db.backup import backup_dir_for
    from db.restore import BackupBusy, claim_for_restore, restore_backup

    if office.read_only_reason:
        raise BackupError(office.read_only_reason)
    claim_for_restore(office.conn)  # another program writing: said now, before any copy is made
    # Written beside the automatic backups but without rotating them: rotation could delete `backup` itself.
    safety = make_backup(office.conn, office.path, "safety", directory=backup_dir_for(office.path))
    office.backups.append(safety)
    if holds_no_records(office.conn):
        _drop_backup(office, safety)  # a copy of a just-created, empty file would later pass for a "good" one
        safety = None
    try:
        restore_backup(backup, office.conn)
    except BackupBusy:
        if safety is not None:
            _drop_backup(office, safety)  # nothing was changed: the copy of it is one too many
        raise
    # A backup from before m003/m004 has people without sort or search keys: find them by pinyin at once.
    _bring_up_to_date(office)
    office.opened_at_change = -1  # the data on disk differs from what was opened: back up on exit
    return safety


def _drop_backup(office: Office, backup: Path) -> None:
    backup.unlink(missing_ok=True)
    office.backups.remove(backup)


def set_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL or journal files) out of the way; it is kept, never deleted."""
    import datetime as dt

    stamp = f"{path.stem}-损坏-{dt.datetime.now():%Y%m%d-%H%M%S}"
    aside, n = path.with_name(f"{stamp}{path.suffix}"), 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{stamp}-{n}{path.suffix}")
    path.rename(aside)
    for extra in ("-wal", "-shm", "-journal"):
        sidecar = path.with_name(path.name + extra)
        if sidecar.exists():
            sidecar.rename(aside.with_name(aside.name + extra))
    return aside


def recover_from_backup(path: Path, backup: Path) -> tuple[Office, Path]:
    """Set a damaged database aside and open a fresh one filled from `backup`; returns (office, set-aside path)."""
    aside = set_aside(path)
    office = open_office(path)
    try:
        restore_into(office, backup)
    except BaseException:
        office.close(backup_if_changed=False)
        raise
    return office, aside
