"""Faults of the machine said in Chinese: one vocabulary for OSError and SQLite errors.

The command line, the backups and the window's background jobs (app.jobs.failure_text) all take their words from
here, so a full disk reads the same wherever it is met. db never imports app, so this lives in db.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

DISK_FULL = "磁盘空间不足"
READ_ONLY_DISK = "磁盘是只读的（U盘可能打开了写保护，或是光盘）"

OS_REASONS = {
    errno.ENOENT: "找不到文件或文件夹",
    errno.EACCES: "没有权限（文件可能是只读的，或正被其他程序打开，例如 Excel 或 WPS）",
    errno.EPERM: "没有权限（文件可能被设为只读或不可修改）",
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: f"{DISK_FULL}（超出了磁盘配额）",
    errno.EROFS: READ_ONLY_DISK,
    errno.EEXIST: "文件已存在",
    errno.EIO: "读写磁盘出错（U盘可能已拔出）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一部分不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EBUSY: "文件正被其他程序占用",
}

# SQLite's primary result codes (the low byte of the extended code Python reports).
_SQLITE_REASONS = {
    sqlite3.SQLITE_FULL: DISK_FULL,
    sqlite3.SQLITE_READONLY: "数据库文件是只读的（写保护的U盘、光盘，或没有写入权限）",
    sqlite3.SQLITE_CANTOPEN: "无法打开数据库文件（所在的文件夹可能是只读的，或文件已被移走）",
    sqlite3.SQLITE_IOERR: "读写磁盘出错（U盘可能已拔出，或磁盘已满）",
    sqlite3.SQLITE_BUSY: "数据库正被其他操作占用，请稍后再试",
    sqlite3.SQLITE_LOCKED: "数据库正被其他操作占用，请稍后再试",
    sqlite3.SQLITE_CORRUPT: "数据库文件已损坏",
    sqlite3.SQLITE_NOTADB: "不是数据库文件，或已经损坏",
    sqlite3.SQLITE_PERM: "没有权限",
    sqlite3.SQLITE_NOMEM: "内存不足",
}
# Errors raised without a code (by tests, or by code that re-raises) are known by SQLite's own wording.
_SQLITE_WORDS = {
    "database or disk is full": sqlite3.SQLITE_FULL,
    "readonly database": sqlite3.SQLITE_READONLY,
    "unable to open database file": sqlite3.SQLITE_CANTOPEN,
    "disk i/o error": sqlite3.SQLITE_IOERR,
    "database is locked": sqlite3.SQLITE_BUSY,
    "database table is locked": sqlite3.SQLITE_LOCKED,
    "malformed": sqlite3.SQLITE_CORRUPT,
    "file is not a database": sqlite3.SQLITE_NOTADB,
}
# When the disk has less than this left, an I/O error is most likely the full disk.
_NEARLY_FULL = 1 << 20


def sqlite_code(exc: sqlite3.Error) -> int | None:
    """The primary result code of an SQLite error, from the error or else from its wording."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF
    text = str(exc).lower()
    return next((code for words, code in _SQLITE_WORDS.items() if words in text), None)


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether the error says the file itself is bad (not the disk, the folder or another process)."""
    return sqlite_code(exc) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, None)


def is_busy(exc: BaseException) -> bool:
    """Whether SQLite gave up waiting for a lock another connection holds (another program, another window)."""
    return isinstance(exc, sqlite3.Error) and sqlite_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def disk_nearly_full(folder: Path | str) -> bool:
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL
    except OSError:
        return False


def reason(exc: BaseException, folder: Path | str | None = None) -> str | None:
    """What went wrong with the machine, in Chinese, or None when `exc` is no such fault. `folder`: where the
    failed write went, to tell a full disk behind SQLite's plain "disk I/O error"."""
    if isinstance(exc, OSError):
        return OS_REASONS.get(exc.errno or -1)
    if not isinstance(exc, sqlite3.Error):
        return None
    code = sqlite_code(exc)
    if (
        code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN)
        and folder is not None
        and disk_nearly_full(folder)
    ):
        return DISK_FULL
    return _SQLITE_REASONS.get(code) if code is not None else None
