"""Work begun in a background thread ahead of the place that needs it, its result handed over there.

The command line starts a few such pieces as soon as it knows its files (the workbook's read, the database's check,
the import's backup), each mostly inside calamine, SQLite or the OS with Python's lock released, while the main
thread loads the app. Whatever the work raised is raised where its result is taken, as if it had run there."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class InBackground(Generic[T]):
    def __init__(self, work: Callable[[], T], name: str):
        self._value: T | None = None
        self._error: BaseException | None = None
        # Not a daemon: a command that stops early waits for the work at exit. A daemon thread would be stopped
        # inside calamine or SQLite when the interpreter shuts down, which can abort the process.
        self._thread = threading.Thread(target=self._run, args=(work,), name=name)
        self._thread.start()

    def _run(self, work: Callable[[], T]) -> None:
        try:
            self._value = work()
        except (
            BaseException
        ) as exc:  # handed to whoever takes the result, who would have met it doing the work
            self._error = exc

    def join(self) -> None:
        self._thread.join()

    def running(self) -> bool:
        return self._thread.is_alive()

    def failed(self) -> bool:
        """Whether the work raised (after waiting for it to end)."""
        self.join()
        return self._error is not None

    def result(self) -> T:
        self.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
