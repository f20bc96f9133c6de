"""A workbook read in a background thread, begun as soon as the command line knows which file it imports.

python-calamine parses a workbook with Python's lock released, so the parse (a fifth of a 10,000-row roster
import) runs while the main thread imports the rest of the app and opens, creates or migrates the database —
work that does not need the rows. The rows are handed over where the import would have read them; a file nobody
asked to prefetch is read there as before."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from app.background import InBackground
from app.exchange.reader import Sheet, read_workbook


class _Reading(InBackground[list[Sheet]]):
    def __init__(self, path: Path):
        self.path = path
        self.version = _version(path)
        # Set once the file's checks are done and calamine parses, without Python's lock.
        self._checked = threading.Event()
        super().__init__(self._read, "read-workbook")

    def _read(self) -> list[Sheet]:
        try:
            return read_workbook(self.path, self._checked.set)
        finally:
            self._checked.set()

    def wait_checked(self, timeout: float) -> None:
        self._checked.wait(timeout)


_started: dict[str, _Reading] = {}


def _key(path: Path) -> str:
    return os.path.abspath(path)


def _version(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def start(path: Path) -> None:
    """Begin reading `path` in the background. Call only for a regular file (reader.check_readable_file): a
    named pipe would keep the thread waiting for a writer."""
    # No thread to be had (RuntimeError): the import reads the file itself, as it always could.
    with contextlib.suppress(RuntimeError):
        _started[_key(path)] = _Reading(Path(path))


def sheets_of(path: Path) -> list[Sheet]:
    """The sheets of `path`: what `start` began reading, else read now. Raises what read_workbook raises."""
    reading = _started.pop(_key(path), None)
    if reading is not None and reading.version == _version(path):
        return reading.result()
    return read_workbook(Path(path))  # not begun, or the file changed since: what is there now


def let_checks_run(path: Path, timeout: float = 0.25) -> None:
    """Wait (at most `timeout` seconds) until the background read of `path` has checked the file and handed it
    to calamine. The checks (the scan of an .xlsx) need Python's lock; the parse that follows does not. Loading
    the rest of the app meanwhile would only take turns with the checks, delaying the parse it could run beside."""
    started = _started.get(_key(path))
    if started is not None:
        started.wait_checked(timeout)


def reading(path: Path) -> bool:
    """Whether the background read of `path` is still going on (the caller would wait for it now)."""
    started = _started.get(_key(path))
    return started is not None and started.running()


def discard() -> None:
    """Forget what nobody took (a command that stopped before reading), once its reading has ended."""
    while _started:
        _started.popitem()[1].join()
