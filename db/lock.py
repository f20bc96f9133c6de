"""One copy of the app (or CLI) writing a database file at a time.

The lock is an OS lock on `<database name>.lock` beside the database. The OS drops it when the
holding process ends, even by a crash, so a lock file left behind never blocks anybody.

A name is not the file: the same database reached by a hard link, a symlink or another spelling would get
another lock file beside it. So a second lock is taken on a file named by the database's identity (device and
file number, `os.stat`) in a folder every process on this PC shares (the temp folder). The lock beside the
database still matters: it is the one another PC sees when the database lives on a network share.
Every user of the PC must be able to lock those shared files (folder 1777, files 0666); one that exists but
cannot be opened is another user's lock on this very file, so writing is refused rather than done unlocked.

A clean release deletes the file, so nothing is left beside the database. Deleting a lock file is only safe
with care, because another process may have opened the same file just before it went:

- POSIX: the holder deletes the file while it still holds the lock, and whoever takes a lock checks afterwards
  that the path still names the file it locked; if not, it locked an orphan and tries again with the new file.
- Windows: an open file cannot be deleted (Python opens files without FILE_SHARE_DELETE), so the holder unlocks
  and closes first and then tries to delete; if another copy has the file open (it holds the lock, or is
  trying to take it), Windows refuses and the file simply stays for that copy.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import socket
import tempfile
from pathlib import Path
from types import TracebackType

LOCK_SUFFIX = ".lock"
IDENTITY_DIR_NAME = "grassroots-desk-locks"
# No symlink planted in the shared folder by another user is ever followed.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Each retry means another process released (and deleted) the lock file in the instant between our open and
# our lock; more than a few in a row does not happen.
_ATTEMPTS = 20
# Windows byte-range locks also block reading the locked bytes, so lock one byte far past the
# "user@host pid" text: a second copy can still read who holds the file.
_WINDOWS_LOCK_OFFSET = 1 << 20

if os.name == "nt":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _is_current(fd: int, path: Path) -> bool:
        return True  # a file open here cannot be deleted by anybody else (see the module's docstring)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def _is_current(fd: int, path: Path) -> bool:
        """Whether `path` still names the file open as `fd` (and not a deleted one, or a newer one)."""
        try:
            return os.path.samestat(os.fstat(fd), os.stat(path))
        except OSError:
            return False


class DatabaseInUse(Exception):
    """The database is open in another copy of the app; the message is for the user, in Chinese."""

    def __init__(self, db_path: Path, holder: str | None = None, message: str | None = None):
        self.db_path = db_path
        self.holder = holder
        super().__init__(message or _in_use_message(db_path, holder))


class LockFileError(DatabaseInUse):
    """The lock file cannot be created (read-only folder): treated like "in use" so nobody writes."""


def lock_path_for(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def identity_dir() -> Path:
    return Path(tempfile.gettempdir()) / IDENTITY_DIR_NAME


def identity_lock_path(db_path: Path) -> Path | None:
    """The shared lock file of the database file itself, whatever path reaches it; None when the file does not
    exist yet (nothing else can reach it then) or its file system gives no file numbers."""
    try:
        stat = os.stat(db_path)
    except OSError:
        return None
    if not stat.st_ino:
        return None
    return identity_dir() / f"{stat.st_dev:x}-{stat.st_ino:x}{LOCK_SUFFIX}"


def _make_identity_dir(folder: Path) -> bool:
    """The shared folder, writable by every user of this PC (sticky, like /tmp itself)."""
    try:
        folder.mkdir(exist_ok=True)
        if os.name != "nt" and folder.stat().st_uid == os.geteuid():
            folder.chmod(0o1777)
    except OSError:
        return False
    return True


def user_at_host() -> str:
    """'user@host' of whoever runs this process, e.g. '张敏@ZZB-PC01'."""
    try:
        user = getpass.getuser()
    except Exception:  # getuser() raises different errors per platform when no name is known
        user = "未知用户"
    return f"{user}@{socket.gethostname()}"


def holder_text() -> str:
    """'user@host pid' for this process."""
    return f"{user_at_host()} {os.getpid()}"


def describe_holder(holder: str | None) -> str | None:
    """'user@host pid' as a Chinese phrase, or None if the lock file said nothing usable."""
    if not holder:
        return None
    who, _, pid = holder.strip().rpartition(" ")
    user, at, host = who.rpartition("@")
    if not (who and at and pid.isdigit()):
        return holder.strip()
    return f"计算机“{host}”上的用户“{user}”，进程号 {pid}"


def _in_use_message(db_path: Path, holder: str | None) -> str:
    described = describe_holder(holder)
    where = f"（{described}）" if described else ""
    return (
        f"数据库文件“{db_path}”正在被另一个窗口或程序使用{where}。"
        "为避免两边同时修改造成数据混乱，请先关闭那边的程序再打开。"
    )


def _unusable_identity_message(db_path: Path, lock_file: Path) -> str:
    return (
        f"无法打开共享的锁文件“{lock_file}”（由本机另一位用户的程序创建，没有权限打开），"
        f"无法确认是否有另一个程序正通过其他路径使用数据库文件“{db_path}”。"
        "为避免两边同时修改造成数据混乱，现在不能修改。请先关闭其他用户打开的本系统；"
        "若仍不行，请管理员删除该锁文件后再试。"
    )


def _read_holder(fd: int) -> str | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 1024).decode("utf-8", errors="replace").strip("\x00 \r\n")
    except OSError:
        return None
    return text or None


def _write_holder(fd: int, text: str) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text.encode("utf-8"))


class _LockFile:
    """An OS lock on one lock file, which a clean release deletes (see the module's docstring)."""

    def __init__(self, path: Path, *, shared: bool = False):
        self.path = path
        self.fd: int | None = None
        # In the folder every user of this PC shares: the file must be usable by every user too.
        self.shared = shared and os.name != "nt"

    def take(self, db_path: Path) -> None:
        """Lock the file or raise DatabaseInUse (naming `db_path`) with whoever's name the file holds."""
        for _ in range(_ATTEMPTS):
            fd = self._open(db_path)
            if not _try_lock(fd):
                holder = _read_holder(fd)
                os.close(fd)
                raise DatabaseInUse(db_path, holder)
            if _is_current(fd, self.path):
                break
            # The holder released and deleted this file between our open and our lock: we hold an orphan.
            os.close(fd)
        else:
            raise DatabaseInUse(db_path)
        self.fd = fd
        # The name is only a courtesy for the message; the lock itself is what matters.
        with contextlib.suppress(OSError):
            _write_holder(fd, holder_text())

    def _open(self, db_path: Path) -> int:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o666)
        except PermissionError as exc:
            if not self.shared:
                raise self._error(db_path, exc) from exc
            # Another user's file that an older version (or that user's umask) left 0644: flock locks a file
            # opened for reading as well, only the holder's name cannot be written.
            try:
                return os.open(self.path, os.O_RDONLY | _NOFOLLOW)
            except OSError:
                raise self._error(db_path, exc) from exc
        except OSError as exc:
            raise self._error(db_path, exc) from exc
        if self.shared and os.fstat(fd).st_uid == os.geteuid():
            # The umask took the others' write bit off the 0o666 asked for: give it back, or no other user could
            # open the file to lock it (and would be told nothing).
            with contextlib.suppress(OSError):
                os.fchmod(fd, 0o666)
        return fd

    def _error(self, db_path: Path, exc: OSError) -> LockFileError:
        # Imported only here: db.lock is on the way to the first window, db.errors (sqlite3) is not.
        from db.errors import reason

        return LockFileError(
            db_path,
            message=f"无法在数据库旁边创建锁文件“{self.path}”：{reason(exc) or exc}。",
        )

    def release(self) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        try:
            _write_holder(fd, "")
            if os.name != "nt" and _is_current(fd, self.path):
                # Still locked while it goes: a process that opened it meanwhile finds it gone once it locks.
                os.unlink(self.path)
            _unlock(fd)
        except OSError:
            pass  # closing below drops the lock anyway; a file that could not be deleted never blocks anybody
        finally:
            os.close(fd)
        if os.name == "nt":
            # Only now, unlocked and closed. Refused (and left for it) while any other copy has the file open.
            with contextlib.suppress(OSError):
                os.unlink(self.path)


class DatabaseLock:
    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.lock_path = lock_path_for(self.db_path)
        self._beside = _LockFile(self.lock_path)
        self._identity: _LockFile | None = None

    @property
    def held(self) -> bool:
        return self._beside.fd is not None

    @property
    def _fd(self) -> int | None:
        return self._beside.fd

    def acquire(self) -> None:
        """Take the lock or raise DatabaseInUse. Taking it again takes what is still missing: the identity lock
        of a database file created after the first call (open_office calls again once SQLite made the file)."""
        if self._beside.fd is None:
            self._beside.take(self.db_path)
        if self._identity is None:
            try:
                self._take_identity()
            except DatabaseInUse:
                self.release()
                raise

    def _take_identity(self) -> None:
        path = identity_lock_path(self.db_path)
        if path is None or not _make_identity_dir(path.parent):
            return  # no file yet, or no shared folder: the lock beside the database is all there can be
        identity = _LockFile(path, shared=True)
        try:
            identity.take(self.db_path)
        except LockFileError:
            if os.name != "nt" and os.path.lexists(path):
                # Another user's copy made it for this very file and we cannot tell whether it holds it: writing on
                # regardless is what the lock is there to prevent.
                raise LockFileError(
                    self.db_path, message=_unusable_identity_message(self.db_path, path)
                ) from None
            # No file there, so no copy holds this lock now; a folder we may not create it in (Windows: a file
            # being deleted) leaves the lock beside the database as all there is, knowingly.
            return
        self._identity = identity

    def release(self) -> None:
        """Drop the locks and delete their files (see the module's docstring for why this is safe)."""
        identity, self._identity = self._identity, None
        if identity is not None:
            identity.release()
        self._beside.release()

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
