"""Work that runs away from the window's thread: its own database connection, and errors said in Chinese.

An sqlite3 connection may not cross threads, so a background job never borrows the window's: it opens one here,
with every pragma `db.connection` sets, and closes it when the job ends, whatever happens.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from db.connection import open_database


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
    from app.exchange.reader import ReadError
    from app.exchange.roster_import import PlanError
    from app.exchange.xlsx_out import ExportError
    from db.backup import BackupError
    from db.connection import DatabaseError

    known = (OperationRefused, ValidationError, ReadError, PlanError, ExportError, BackupError, DatabaseError)
    return isinstance(exc, known)


_OS_ERRORS = {
    errno.ENOENT: "找不到文件或文件夹",
    errno.EACCES: "没有权限（文件可能正被其他程序打开，例如 Excel 或 WPS）",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的（U盘可能打开了写保护）",
    errno.EEXIST: "文件已存在",
    errno.EIO: "读写磁盘出错（U盘可能已拔出）",
}


def failure_text(exc: BaseException) -> str:
    """What went wrong, for the clerk: the message itself when it is ours, a Chinese lead otherwise."""
    if _speaks_chinese(exc):
        return str(exc)
    if isinstance(exc, OSError):
        reason = _OS_ERRORS.get(exc.errno or -1, exc.strerror or str(exc))
        where = f"“{exc.filename}”" if exc.filename else ""
        return f"文件操作失败{where}：{reason}"
    if isinstance(exc, sqlite3.Error):
        if "locked" in str(exc) or "busy" in str(exc):
            return "数据库正被其他操作占用，请稍后再试"
        return f"数据库出错：{exc}"
    if isinstance(exc, MemoryError):
        return "内存不足，无法完成"
    return f"发生意外错误（{type(exc).__name__}）：{exc}"
