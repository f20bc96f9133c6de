"""The one place that opens the office's SQLite file and sets its pragmas."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import is_damage, reason

if TYPE_CHECKING:
    from sqlite_utils import Database

# 'GRDS' — marks a file as ours, so a foreign SQLite file is recognised instead of being migrated.
APPLICATION_ID = 0x47524453
BUSY_TIMEOUT_MS = 5000

READ_ONLY_TAIL = "只能查看和导出，不能修改。"
READ_ONLY_MEDIA = f"数据库文件位于只读位置（写保护的U盘或光盘），{READ_ONLY_TAIL}"


class DatabaseError(Exception):
    """A file that cannot be used as an office database; the message is for the user, in Chinese."""


class DatabaseFault(DatabaseError):
    """The file may be fine, but the machine will not let it be opened now (a full disk, a -wal on read-only
    media): it must never be set aside as damaged."""


class OfficeConnection(sqlite3.Connection):
    """A connection that knows whether it was opened read-only (sqlite3 itself cannot say)."""

    read_only = False
    # Read-only, on a file that had no -wal and -shm beside it: the ones this connection made, to be removed.
    made_beside: Path | None = None

    def close(self) -> None:
        super().close()
        made, self.made_beside = self.made_beside, None
        if made is not None:
            _remove_what_reading_made(made)


def _set_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit survives the PC being switched off right after it.
    conn.execute("PRAGMA synchronous=FULL")


def _read_only_volume(folder: Path) -> bool:
    """Whether the file system holding `folder` is mounted read-only (a CD, a write-protected USB stick)."""
    if os.name == "nt":
        return _windows_read_only_volume(folder)
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _windows_read_only_volume(folder: Path) -> bool:
    import ctypes

    FILE_READ_ONLY_VOLUME = 0x00080000
    flags = ctypes.c_ulong(0)
    root = os.path.splitdrive(str(Path(folder).resolve()))[0] + "\\"
    try:
        ok = ctypes.windll.kernel32.GetVolumeInformationW(
            root, None, 0, None, None, ctypes.byref(flags), None, 0
        )
    except (AttributeError, OSError):
        return False
    return bool(ok) and bool(flags.value & FILE_READ_ONLY_VOLUME)


def folder_write_problem(folder: Path | str) -> str | None:
    """Why nothing can be written into the existing folder `folder` (read-only media, no permission), or None."""
    folder = Path(folder)
    if _read_only_volume(folder):
        return f"文件夹“{folder}”在只读的磁盘上（写保护的U盘或光盘），无法写入。"
    if not os.access(folder, os.W_OK):
        return f"没有在文件夹“{folder}”中写入的权限（它被设为只读）。"
    return None


def write_problem(path: Path | str) -> str | None:
    """Why the database at `path` cannot be written from here, in Chinese, or None when it can.

    SQLite in WAL mode writes `-wal` and `-shm` files beside the database, so the folder must be writable as
    well as the file. os.access, not a trial open: opening and closing the database file would drop the POSIX
    locks SQLite holds on it in this process."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        return None  # a missing folder is said elsewhere, as such
    if _read_only_volume(folder):
        return READ_ONLY_MEDIA
    for target in (path, folder):
        if target.exists() and not os.access(target, os.W_OK):
            which = "数据库文件" if target == path else "数据库所在的文件夹"
            return f"没有修改{which}“{target}”的权限（它被设为只读或不可修改），{READ_ONLY_TAIL}"
    return None


def _wal_pending(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _beside(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _open_read_only(path: Path, extra: str = "") -> OfficeConnection:
    fresh = not any(p.exists() for p in _beside(path))
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{extra}", uri=True, factory=OfficeConnection)
    conn.read_only = True
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # SQLite opens lazily: open it now
    except BaseException:
        conn.close()
        raise
    if fresh and all(p.exists() for p in _beside(path)):
        conn.made_beside = path
    return conn


def _remove_what_reading_made(path: Path) -> None:
    """Remove the empty -wal and the -shm a read-only connection made, which SQLite leaves (a reader may not).

    Not by deleting them: another process may have opened the database meanwhile and be using them. A connection
    that may write deletes them on closing when it is the last one on the file, which SQLite checks with a lock on
    it, so one is opened and closed. It writes nothing: the -wal is empty, so there is nothing to checkpoint."""
    if _wal_pending(path) or not all(p.exists() for p in _beside(path)):
        return
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=0)
    except sqlite3.Error:
        return
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the -wal is only opened by reading
    except sqlite3.Error:
        pass  # busy or unreadable: the files simply stay, as before
    finally:
        conn.close()


# How SQLite says it could not make the -shm (or -wal) file a WAL database needs: CANTOPEN on read-only media
# (EROFS), READONLY_DIRECTORY in a folder the user may not write (EACCES), READONLY_CANTINIT for a -shm left
# there that it may only read and that is not set up.
_NO_SHM = (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY_DIRECTORY, sqlite3.SQLITE_READONLY_CANTINIT)


def _connect_read_only(path: Path) -> OfficeConnection:
    """Read-only, also where SQLite cannot make the `-shm` file a WAL database needs (read-only media, a folder
    the user may not write)."""
    try:
        return _open_read_only(path)
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorcode", None) not in _NO_SHM or not path.is_file():
            raise
    if _wal_pending(path):
        # Reading without the -wal would show the data as it was before the newest changes, silently.
        raise DatabaseFault(
            f"数据库文件“{path}”位于只读位置（写保护的U盘、光盘，或没有写入权限的文件夹），"
            f"旁边的“{path.name}-wal”中还有没有并入数据库的最新修改，只读时无法读出。"
            f"请把“{path.name}”和“{path.name}-wal”一起复制到电脑上可以写入的文件夹中再打开。"
        )
    # Nothing can change the file on read-only media, and no copy of the app writes where it could not make a -shm
    # either (only somebody with more rights, root, could): SQLite may read it without any lock or -shm file.
    return _open_read_only(path, "&immutable=1")


def connect(path: Path | str, *, readonly: bool = False) -> OfficeConnection:
    """A raw sqlite3 connection with every pragma set. One per thread: connections never cross threads.

    A database that cannot be written from here (read-only media, no permission) is opened read-only even when
    `readonly` is False: reading works, and a write fails with SQLite's "readonly database" error, which every
    caller says in Chinese. `conn.read_only` tells which it got."""
    path = Path(path)
    if readonly or (path.is_file() and write_problem(path)):
        return _connect_read_only(path)
    conn = sqlite3.connect(str(path), factory=OfficeConnection)
    try:
        _set_pragmas(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _cannot_write(exc) and path.is_file():
            # Write-protected media the OS did not admit to (Windows reports some USB sticks writable).
            return _connect_read_only(path)
        why = reason(exc, path.parent)
        if why and not is_damage(exc):
            raise DatabaseFault(f"数据库文件“{path}”无法使用：{why}。") from exc
        raise DatabaseError(f"文件“{path}”不是本系统的数据库，或已经损坏（{exc}）。") from exc
    return conn


def _cannot_write(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)


def open_database(path: Path | str, *, readonly: bool = False) -> Database:
    """Open (creating if new) the database file at `path` as a sqlite-utils Database."""
    # Imported here: checking a file (db.backup.check_file, begun early by the command line) needs only sqlite3.
    from sqlite_utils import Database

    return Database(connect(path, readonly=readonly), execute_plugins=False)


def open_memory() -> Database:
    """An in-memory database with the same pragmas, for tests and scratch work."""
    from sqlite_utils import Database

    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA foreign_keys=ON")
    return Database(conn, execute_plugins=False)


@contextmanager
def references_checked_by_caller(conn: sqlite3.Connection) -> Iterator[None]:
    """For a bulk write that checks every row's references itself, inside its own transaction: SQLite's check of
    each row's foreign keys (a third of inserting 10,000 score rows) is off until the block ends. Enter it
    before the transaction begins: inside one SQLite ignores the switch, and so does this."""
    was_on = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    if conn.in_transaction or not was_on:
        yield
        return
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        yield
    finally:
        if conn.in_transaction:  # SQLite would ignore the switch: end what the block left open first
            conn.rollback()
        conn.execute("PRAGMA foreign_keys=ON")


def application_id(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA application_id").fetchone()[0]


def user_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    return [r[0] for r in rows]
