"""Long work off the UI thread: a progress dialog that appears only when the work is slow, a working 取消, and
the result handed to a callback on the UI thread (Anki's `QueryOp`, Picard's `run_task`).

Why a callback and not a wait: waiting in a nested event loop lets timers, signals and deferred deletes run
inside the caller's stack frame, half-way through whatever it was doing. Here `start_job` returns at once; the
window's own event loop delivers the result later, to `on_done`, when nothing else is half-done.

While a job runs the user's clicks and keys are held back (the modal dialog is not up for the first half second),
so a second job cannot be started inside the first.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from app.jobs import JobCancelled, failure_text, job_database
from ui import dialogs

T = TypeVar("T")

# The dialog appears only when the work takes longer than this (quick work shows nothing).
SHOW_DELAY_MS = 500
# How often the dialog reads the worker's progress; the worker never touches a widget.
POLL_MS = 100

# Input that must not reach the window while a job runs (the dialog is not up yet to block it).
_BLOCKED_INPUT = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.Wheel,
    QEvent.Type.Shortcut,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.Close,
    # A file dropped on a page would start an import inside the running job.
    QEvent.Type.DragEnter,
    QEvent.Type.DragMove,
    QEvent.Type.Drop,
}

_running: list[JobHandle] = []
# Whether the cyclic garbage collector was on before the first running job turned it off (see _pause_collector).
_collector_was_on: list[bool] = []


def _tr(text: str) -> str:
    return QCoreApplication.translate("Worker", text)


@dataclass
class Job(Generic[T]):
    """One piece of background work and what to do with its outcome.

    `work` gets plain data only — never a widget — and a `progress(done, total) -> keep_going` callback (total 0
    means "unknown"). With `database` set it is called as `work(db, progress)` on a connection of its own
    (`app.jobs.job_database`), opened and closed in the worker thread. When `progress` returns False the user
    pressed 取消: stop soon and raise `JobCancelled` (or return).

    `on_done(result)` runs on the UI thread. `on_failed(message)` gets the error in Chinese; without it a
    warning titled `title` shows it. `on_cancelled()` runs after a cancel."""

    title: str
    work: Callable[..., T]
    on_done: Callable[[T], None]
    on_failed: Callable[[str], None] | None = None
    on_cancelled: Callable[[], None] | None = None
    database: Path | None = None
    cancellable: bool = True


class _Signals(QObject):
    """Carries "the work is done" from the worker thread to the UI thread (a queued signal)."""

    done = Signal()


class _InputBlocker(QObject):
    """Swallows the user's clicks and keys while the work runs and the modal progress dialog is not up yet."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        return event.spontaneous() and event.type() in _BLOCKED_INPUT


class JobHandle:
    """A running job: its progress, its dialog, and the hand-over of its outcome to the UI thread."""

    def __init__(self, parent: QWidget | None, job: Job[Any]):
        self.parent = parent
        self.job = job
        self.finished = False
        self._lock = threading.Lock()
        self._done_count = 0
        self._total = 0
        self._cancel = threading.Event()
        self._result: object = None
        self._error: BaseException | None = None
        self.dialog: QProgressDialog | None = None
        self._signals = _Signals()
        self._signals.done.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self._show_timer = QTimer(singleShot=True, interval=SHOW_DELAY_MS)
        self._show_timer.timeout.connect(self._show_dialog)
        self._poll_timer = QTimer(interval=POLL_MS)
        self._poll_timer.timeout.connect(self._update_dialog)
        self._blocker = _InputBlocker()

    # --- worker thread ---------------------------------------------------------------------------
    def _progress(self, done: int, total: int) -> bool:
        with self._lock:
            self._done_count, self._total = int(done), int(total)
        return not self._cancel.is_set()

    def _run(self) -> None:
        try:
            if self.job.database is not None:
                with job_database(self.job.database) as db:
                    self._result = self.job.work(db, self._progress)
            else:
                self._result = self.job.work(self._progress)
        except BaseException as exc:  # noqa: BLE001 — handed to the UI thread, which says it in Chinese
            self._error = exc
        finally:
            self._signals.done.emit()

    # --- UI thread -------------------------------------------------------------------------------
    def start(self) -> None:
        app = QApplication.instance()
        if app is None:
            raise RuntimeError("start_job needs a QApplication")
        app.installEventFilter(self._blocker)
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        _pause_collector()
        _running.append(self)
        self._show_timer.start()
        self._poll_timer.start()
        threading.Thread(target=self._run, name=f"job: {self.job.title}", daemon=True).start()

    def cancel(self) -> None:
        """Ask the work to stop; it notices at its next progress call."""
        if not self.job.cancellable:
            return
        self._cancel.set()
        if self.dialog is not None:
            self.dialog.setLabelText(_tr("正在取消，请稍候…"))

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _show_dialog(self) -> None:
        if self.finished:
            return
        QApplication.instance().removeEventFilter(self._blocker)  # the modal dialog blocks from here on
        dialog = QProgressDialog(self.parent)
        dialog.setWindowTitle(self.job.title)
        dialog.setLabelText(_tr("{title}，请稍候…").format(title=self.job.title))
        if self.job.cancellable:
            dialog.setCancelButtonText(_tr("取消"))
            dialog.canceled.connect(self.cancel)
        else:
            dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(360)
        self.dialog = dialog
        self._update_dialog()
        dialog.show()

    def _update_dialog(self) -> None:
        if self.dialog is None:
            return
        if self.dialog.wasCanceled() and not self._cancel.is_set():
            self.cancel()  # cancelled without the signal (the Esc key)
        if self._cancel.is_set():
            return
        with self._lock:
            done, total = self._done_count, self._total
        if total > 0:
            self.dialog.setRange(0, total)
            self.dialog.setValue(min(max(done, 0), total))
        else:
            self.dialog.setRange(0, 0)  # busy indicator: the work does not know how much is left

    def _close(self) -> None:
        self._show_timer.stop()
        self._poll_timer.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        QApplication.restoreOverrideCursor()
        QApplication.instance().removeEventFilter(self._blocker)
        _running.remove(self)
        _resume_collector()

    def _finish(self) -> None:
        self.finished = True
        self._close()
        error = self._error
        # A job that finished in spite of a late 取消 did its work: its result counts (an import that committed
        # must be announced). Only a job that stopped, by raising JobCancelled, was cancelled.
        if isinstance(error, JobCancelled):
            if self.job.on_cancelled is not None:
                self.job.on_cancelled()
        elif error is not None:
            self._fail(error)
        else:
            self.job.on_done(self._result)

    def _fail(self, error: BaseException) -> None:
        message = failure_text(error)
        if self.job.on_failed is not None:
            self.job.on_failed(message)
        else:
            dialogs.warn(self.parent, _tr("{title}没有完成").format(title=self.job.title), message)


def _pause_collector() -> None:
    """No automatic garbage collection while a job runs. A collection runs in whichever thread happens to allocate:
    in the worker it would destroy unreachable widgets and timers (a page in a reference cycle) off the UI thread,
    which crashes Qt. Reference counting still frees everything; the collector resumes, on the UI thread, when the
    last job ends."""
    if not _running:
        _collector_was_on[:] = [gc.isenabled()]
        gc.disable()


def _resume_collector() -> None:
    if not _running and _collector_was_on and _collector_was_on[0]:
        gc.enable()


def start_job(parent: QWidget | None, job: Job[Any]) -> JobHandle:
    """Start `job` in a worker thread and return at once; its outcome arrives through its callbacks."""
    handle = JobHandle(parent, job)
    handle.start()
    return handle


def running_jobs() -> list[JobHandle]:
    """The jobs started and not yet finished (tests wait for this to empty)."""
    return list(_running)
