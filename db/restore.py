"""Restoring the live database from a backup, in place, through SQLite's backup API: never while another
connection writes it (whose change would be in no backup), and checked afterwards."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from db.backup import BackupError, inspect_backup, quick_check
from db.connection import connect
from db.errors import is_busy


class BackupBusy(BackupError):
    """Another connection (another program) is writing the database: the restore did not start."""


_BUSY = "数据库正被另一个程序写入（它锁住了数据库），恢复没有进行，数据库未被改动。请关闭那个程序后再试"


def claim_for_restore(conn: sqlite3.Connection) -> None:
    """Make sure no other connection is writing before a restore begins (waiting as long as any write waits);
    BackupBusy if one still is. Without it, the copy would wait for the other program's commit and then write
    over it, and that change is in no backup."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise BackupBusy(_BUSY) from exc
        raise
    conn.execute("ROLLBACK")


def _never_wait(status: int, _remaining: int, _total: int) -> None:
    """The backup API's own loop waits for a lock forever: give up at once, having changed nothing."""
    if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        raise BackupBusy(_BUSY)


def restore_backup(source: Path, conn: sqlite3.Connection) -> None:
    """Replace the live database's content with the backup `source`; `conn` stays usable."""
    source = Path(source)
    info = inspect_backup(source)
    if not info.ok:
        raise BackupError(f"不能用“{source.name}”恢复：{info.problem}")
    if conn.in_transaction:
        raise BackupError("还有未完成的修改，请先保存或取消后再恢复。")
    try:
        src = connect(source, readonly=True)
        try:
            src.backup(conn, progress=_never_wait)
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"恢复没有成功，数据库保持原样。（{exc}）") from exc
    problem = quick_check(conn)
    if problem is not None:
        raise BackupError(f"恢复后检查发现问题：{problem}")
