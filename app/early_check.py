"""The database file's check (db.backup.check_file: its header, then PRAGMA quick_check over every page), begun in
a background thread as soon as the command line knows which database it writes.

The check of a 10,000-person office reads 20 MB and takes about 40 ms, with Python's lock released inside SQLite;
it runs while the main thread imports the rest of the app, instead of after it. `open_office` takes the result
where it would have checked, if the file has not changed since (same size, modification time and inode); else
it checks again, as it always did. Only an existing, non-empty file is checked early: a new one needs no check."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from app.background import InBackground
from db.backup import FileProblem, check_file

# The file's modification time, size and inode, and its -wal's size (0 without one: the check's own read-only
# connection may leave an empty one).
_Version = tuple[int, int, int, int]


class _Check(InBackground["FileProblem | None"]):
    def __init__(self, path: Path, version: _Version):
        self.path, self.version = path, version
        # The stricter reading: a caller that would take a new database has it checked again when this finds a
        # problem (an SQLite file without our tables is fine for it).
        super().__init__(lambda: check_file(path, new_ok=False), "check-database")


_started: dict[str, _Check] = {}


def _version(path: Path) -> _Version | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    try:
        log = os.stat(f"{path}-wal").st_size
    except OSError:
        log = 0
    return info.st_mtime_ns, info.st_size, info.st_ino, log


def start(path: Path) -> None:
    """Begin checking the database at `path` in the background, if it is a regular, non-empty file."""
    path = Path(path)
    version = _version(path)
    if version is None or not version[1] or not path.is_file():
        return
    with contextlib.suppress(RuntimeError):  # no thread to be had: open_office checks as it always did
        _started[os.path.abspath(path)] = _Check(path, version)


def taken(path: Path, *, new_ok: bool) -> tuple[bool, FileProblem | None]:
    """(True, what check_file(path, new_ok=new_ok) says) when an early check of `path` settles it: the file is as
    it was then. (False, None) when the caller must check the file itself."""
    check = _started.pop(os.path.abspath(path), None)
    if check is None:
        return False, None
    check.join()
    if _version(Path(path)) != check.version:  # changed since: whatever the check found or raised is stale
        return False, None
    problem = check.result()
    if problem is not None and new_ok and not problem.fault:
        # A fault (another program's lock, a -wal on read-only media) is the machine's: checking again would
        # only wait as long for it once more.
        return False, None
    return True, problem


def discard() -> None:
    """Forget a check nobody took (a command that stopped before opening), once it has ended."""
    while _started:
        _started.popitem()[1].join()
