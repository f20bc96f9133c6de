"""Work that runs away from the window's thread: its own database connection, and errors said in Chinese.

An sqlite3 connection may not cross threads, so a background job never borrows the window's: it opens one here,
with every pragma `db.connection` sets, and closes it when the job ends, whatever happens.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from db.connection import open_database
from db.errors import reason as fault_reason
from db.errors import sqlite_code


class JobCancelled(Exception):
    """Raised by a job after its progress callback returned False: a cancel, not a failure."""


@contextmanager
def job_database(path: Path | str) -> Iterator[Database]:
    """The connection a background job works on, opened in the job's own thread and always closed."""
    db = open_database(path)
    try:
        yield db
    finally:
        db.conn.close()


# The exceptions whose message is already written for the clerk, in Chinese, by the code that raises them.
def _speaks_chinese(exc: BaseException) -> bool:
    from app.changes import OperationRefused, ValidationError
    from app.exchange.plan import PlanError
    from app.exchange.reader import ReadError
    from app.exchange.xlsx_out import ExportError
    from db.backup import BackupError
    from db.connection import DatabaseError

    known = (OperationRefused, ValidationError, ReadError, PlanError, ExportError, BackupError, DatabaseError)
    return isinstance(exc, known)


def failure_text(exc: BaseException) -> str:
    """What went wrong, for the clerk: the message itself when it is ours, a Chinese lead otherwise."""
    if _speaks_chinese(exc):
        return _cause_in_chinese(str(exc), exc.__cause__)
    if isinstance(exc, OSError):
        # The words for each errno are the command line's and the backups' (db.errors).
        reason = fault_reason(exc) or exc.strerror or str(exc)
        where = f"“{exc.filename}”" if exc.filename else ""
        return f"文件操作失败{where}：{reason}"
    if isinstance(exc, sqlite3.Error):
        reason, code = fault_reason(exc), sqlite_code(exc)
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return str(reason)
        if code == sqlite3.SQLITE_READONLY:
            return f"不能修改数据库：{reason}，只能查看和导出"
        if str(exc).startswith(("no such column", "no such table")):
            # Only a database this version has not upgraded yet lacks what the code reads: reading commands
            # beside an older copy of the app do not migrate (the lock holder does).
            return f"数据库还没有升级到本版本的格式（{exc}）。请先用本版本打开一次（窗口或任何写入数据的命令都会升级它）"
        return f"数据库出错：{reason or exc}"
    if isinstance(exc, MemoryError):
        return "内存不足，无法完成"
    return f"发生意外错误（{type(exc).__name__}）：{exc}"


def _cause_in_chinese(text: str, cause: BaseException | None) -> str:
    """Our message with the OS's English words for its cause (`No space left on device`) said in Chinese."""
    if isinstance(cause, OSError) and cause.strerror and cause.strerror in text:
        reason = fault_reason(cause)
        if reason:
            return text.replace(cause.strerror, reason)
    return text
