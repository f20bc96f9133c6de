"""Opening an office database for work: check it, lock it, back it up, migrate it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from app import audit
from db import migrations
from db.backup import BackupError, classify_file, make_backup, newest_good_backup, quick_check
from db.connection import DatabaseError, open_database
from db.lock import DatabaseInUse, DatabaseLock


class OfficeError(Exception):
    """The database cannot be opened; `message` is for the user, `good_backup` is one that could be restored."""

    def __init__(self, message: str, good_backup: Path | None = None, in_use: bool = False):
        super().__init__(message)
        self.message = message
        self.good_backup = good_backup
        self.in_use = in_use


@dataclass
class Office:
    path: Path
    db: Database
    lock: DatabaseLock | None
    backups: list[Path] = field(default_factory=list)
    opened_at_change: int = 0

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def changed_since_open(self) -> bool:
        return audit.last_change_id(self.db) != self.opened_at_change

    def backup(self, reason: str) -> Path:
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


def _refuse(path: Path, problem: str) -> OfficeError:
    return OfficeError(problem, good_backup=newest_good_backup(path))


def open_office(path: Path | str, *, lock: bool = True, migrate: bool = True, create: bool = True) -> Office:
    """Open (creating if new) the database at `path`. Raises OfficeError with a Chinese message.

    A missing folder is refused, never created: a path comes from a user who may have mistyped it (the per-user
    data folder is created by `app.paths.default_db_path`). `create=False` requires an existing office database:
    a missing file, an empty one or an SQLite file without our tables is refused and left untouched.
    `migrate=False` is for reading beside another process that holds the lock: only the holder may change the
    schema (an older copy of the app would otherwise find its database upgraded under it)."""
    path = Path(path)
    problem = classify_file(path, new_ok=create)
    if problem:
        raise _refuse(path, problem)
    holder = DatabaseLock(path) if lock else None
    if holder:
        try:
            holder.acquire()
        except DatabaseInUse as exc:
            raise OfficeError(str(exc), in_use=True) from exc
    try:
        office = _open_locked(path, holder, migrate)
    except BaseException:
        if holder:
            holder.release()
        raise
    return office


def _open_locked(path: Path, holder: DatabaseLock | None, migrate: bool) -> Office:
    try:
        db = open_database(path)
        problem = quick_check(db.conn)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        raise _refuse(path, f"数据库文件“{path}”无法打开：{exc}") from exc
    if problem:
        db.conn.close()
        raise _refuse(path, problem)
    office = Office(path, db, holder)
    if migrate:
        try:
            _migrate(office)
            _fill_name_order(db)
            _fill_search_keys(db)
        except (BackupError, sqlite3.DatabaseError) as exc:
            db.conn.close()
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
    migrations.apply(office.db)


def _fill_name_order(db: Database) -> None:
    """Give every person their pinyin sort key: after m003, and whenever an older copy of the app added people
    without one. Cheap when there is nothing to do (a partial index finds the blanks)."""
    from app.people.pinyin import name_order

    rows = db.execute("SELECT id, name FROM people WHERE name_order = ''").fetchall()
    if not rows:
        return
    with db.atomic():
        db.conn.executemany(
            "UPDATE people SET name_order = ? WHERE id = ?", [(name_order(n), i) for i, n in rows]
        )


def _fill_search_keys(db: Database) -> None:
    """Give every person a pinyin search key: after m004 blanked the old ones, and whenever an older copy of
    the app left one blank. Cheap when there is nothing to do (a partial index finds the blanks)."""
    from app.people.pinyin import search_key

    rows = db.execute("SELECT id, name FROM people WHERE search_key = ''").fetchall()
    if not rows:
        return
    with db.atomic():
        db.conn.executemany(
            "UPDATE people SET search_key = ? WHERE id = ?", [(search_key(n), i) for i, n in rows]
        )


def restore_into(office: Office, backup: Path) -> Path | None:
    """Replace the office's data with a backup's; returns the safety backup made of the state before (None when
    the database was empty and there was nothing to keep)."""
    from db.backup import backup_dir_for, restore_backup

    # Written beside the automatic backups but without rotating them: rotation could delete `backup` itself.
    safety = make_backup(office.conn, office.path, "safety", directory=backup_dir_for(office.path))
    office.backups.append(safety)
    if _is_empty(office):
        safety.unlink()  # a copy of a just-created, empty file would later pass for a "good" backup
        office.backups.remove(safety)
        safety = None
    restore_backup(backup, office.conn)
    _migrate(office)
    office.opened_at_change = -1  # the data on disk differs from what was opened: back up on exit
    return safety


def _is_empty(office: Office) -> bool:
    counts = office.db.execute(
        "SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM org_units) + (SELECT count(*) FROM audit_log)"
    ).fetchone()[0]
    return counts == 0


def set_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL files) out of the way; it is kept, never deleted."""
    import datetime as dt

    stamp = f"{path.stem}-损坏-{dt.datetime.now():%Y%m%d-%H%M%S}"
    aside, n = path.with_name(f"{stamp}{path.suffix}"), 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{stamp}-{n}{path.suffix}")
    path.rename(aside)
    for extra in ("-wal", "-shm"):
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
