"""The one place that opens the office's SQLite file and sets its pragmas."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import DISK_FULL, is_damage, reason

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
    # The database file's identity while this connection is counted among those open in this process.
    _counted: tuple[int, int] | None = None

    def close(self) -> None:
        super().close()
        counted, self._counted = self._counted, None
        if counted is not None:
            _uncount(counted)
        made, self.made_beside = self.made_beside, None
        if made is not None:
            _remove_what_reading_made(made)


# Connections of this process open on each database file (by identity). A process does not see its own POSIX
# locks, and closing any descriptor of a file drops them all: so the files beside a database are only ever
# removed by hand while no connection of this process has it open.
_open_here: dict[tuple[int, int], int] = {}
_open_here_guard = threading.Lock()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def _count(conn: OfficeConnection, path: Path) -> None:
    identity = _identity(path)
    if identity is None:
        return
    with _open_here_guard:
        _open_here[identity] = _open_here.get(identity, 0) + 1
    conn._counted = identity


def _uncount(identity: tuple[int, int]) -> None:
    with _open_here_guard:
        left = _open_here.get(identity, 0) - 1
        if left > 0:
            _open_here[identity] = left
        else:
            _open_here.pop(identity, None)


def _open_in_this_process(path: Path) -> bool:
    identity = _identity(path)
    with _open_here_guard:
        return identity is not None and identity in _open_here


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


def _may_write(path: Path) -> bool:
    # The effective user's rights: the tests take another user's with seteuid, SQLite has that user's.
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


# SQLite's locks on the database file (os_unix.c): the PENDING and RESERVED bytes and the SHARED range after
# them. Every connection holds a read lock in it for as long as it has a WAL database open.
_LOCK_START = 0x40000000
_LOCK_LENGTH = 512


@contextmanager
def _nobody_has_it_open(path: Path) -> Iterator[bool]:
    """Whether no connection, of any process, has the database open; while the block runs, none can open it.

    SQLite's own test, made by hand: the write lock on all its lock bytes that SQLite takes before deleting the
    -wal of the last connection. It needs the database file opened for writing; otherwise (and on Windows,
    where SQLite locks differently) the answer is no."""
    if os.name == "nt" or _open_in_this_process(path):
        yield False
        return
    import fcntl

    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, _LOCK_LENGTH, _LOCK_START)
        except OSError:
            yield False  # somebody has it open (or is opening it): their files stay
            return
        yield True
    finally:
        os.close(fd)  # drops the lock; no connection of this process has the file open (checked above)


def _remove_beside(path: Path, which: tuple[Path, ...]) -> None:
    """Delete the files `which` beside the database while nobody has it open, the -wal only when empty."""
    with _nobody_has_it_open(path) as alone:
        if not alone or _wal_pending(path):
            return
        for extra in which:
            try:
                extra.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                return  # a folder we may not delete in (sticky): SQLite says what it cannot use


def _remove_stale_beside(path: Path) -> None:
    """Before opening the database to write: a -shm or empty -wal we may not write is stale when nobody has the
    database open, and is removed. SQLite makes them with the database file's mode, so a reader of a file of mode
    444 (or another user's reader) leaves them read-only, and every write would fail until they went."""
    present = [extra for extra in _beside(path) if extra.exists()]
    if present and not all(_may_write(extra) for extra in present) and not _wal_pending(path):
        _remove_beside(path, tuple(present))


def _open_read_only(path: Path, extra: str = "") -> OfficeConnection:
    fresh = not any(p.exists() for p in _beside(path))
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{extra}", uri=True, factory=OfficeConnection)
    conn.read_only = True
    _count(conn, path)
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
    the user may not write, a full disk)."""
    fresh = not any(p.exists() for p in _beside(path))
    try:
        return _open_read_only(path)
    except sqlite3.OperationalError as exc:
        full = _disk_full(exc, path)
        if not (full or getattr(exc, "sqlite_errorcode", None) in _NO_SHM) or not path.is_file():
            raise
    if full and fresh:
        _remove_beside(path, _beside(path))  # the stub -shm and empty -wal the failed open made
    if _wal_pending(path):
        # Reading without the -wal would show the data as it was before the newest changes, silently.
        raise DatabaseFault(_wal_unreadable(path, full))
    # Nothing can change the file on read-only media, and no copy of the app writes where it could not make a -shm
    # either (only somebody with more rights, root, could), nor while the disk is too full for one: SQLite may read
    # it without any lock or -shm file.
    return _open_read_only(path, "&immutable=1")


def _disk_full(exc: sqlite3.Error, path: Path) -> bool:
    # SQLITE_IOERR_SHMSIZE when the -shm cannot grow: a plain I/O error that reason() tells by the free space.
    return reason(exc, path.parent) == DISK_FULL


def _wal_unreadable(path: Path, full: bool) -> str:
    wal = f"{path.name}-wal"
    if full:
        return (
            f"数据库文件“{path}”所在的磁盘已满（{DISK_FULL}），旁边的“{wal}”中还有没有并入数据库的最新修改，"
            f"现在无法读出。请先删除或移走该磁盘上一些不需要的文件，腾出空间后再打开。"
        )
    return (
        f"数据库文件“{path}”位于只读位置（写保护的U盘、光盘，或没有写入权限的文件夹），"
        f"旁边的“{wal}”中还有没有并入数据库的最新修改，只读时无法读出。"
        f"请把“{path.name}”和“{wal}”一起复制到电脑上可以写入的文件夹中再打开。"
    )


def connect(path: Path | str, *, readonly: bool = False) -> OfficeConnection:
    """A raw sqlite3 connection with every pragma set. One per thread: connections never cross threads.

    A database that cannot be written from here (read-only media, no permission) is opened read-only even when
    `readonly` is False: reading works, and a write fails with SQLite's "readonly database" error, which every
    caller says in Chinese. `conn.read_only` tells which it got."""
    path = Path(path)
    if readonly or (path.is_file() and write_problem(path)):
        return _connect_read_only(path)
    if path.is_file():
        _remove_stale_beside(path)
    fresh = not any(p.exists() for p in _beside(path))
    conn = sqlite3.connect(str(path), factory=OfficeConnection)
    _count(conn, path)
    try:
        _set_pragmas(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if fresh and path.is_file() and _disk_full(exc, path):
            _remove_beside(path, _beside(path))  # the stub -shm and empty -wal the failed open made
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
