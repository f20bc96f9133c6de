"""Long work off the UI thread, with a progress dialog that only appears when the work is slow.

After Anki's `progress.py` and Picard's `util/thread.py`: the caller blocks in a local event loop (so the
window keeps painting) until the work is done, then gets the result back as if it had called the function.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from app.changes import Progress

T = TypeVar("T")

# The dialog appears only when the work takes longer than this (quick work shows nothing).
SHOW_DELAY_MS = 500
# How often the dialog reads the worker's progress; the worker never touches a widget.
POLL_MS = 100

# Input that must not reach the window while it waits for the work (the dialog is not up yet to block it).
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
}


class WorkCancelled(Exception):
    """`fn` may raise this after its progress callback returned False; it counts as a cancel, not an error."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Worker", text)


class _Finished(QObject):
    """Carries "the work is done" from the worker thread to the UI thread (a queued signal)."""

    done = Signal()


class _InputBlocker(QObject):
    """Swallows the user's clicks and keys while the work runs and the modal progress dialog is not up yet.

    Without it a click in the first half second could start a second piece of work inside this one.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        return event.spontaneous() and event.type() in _BLOCKED_INPUT


class _Run:
    """One background run: the shared state between the UI thread and the worker thread."""

    def __init__(self, parent: QWidget | None, title: str, cancellable: bool):
        self.parent = parent
        self.title = title
        self.cancellable = cancellable
        self.lock = threading.Lock()
        self.done_count = 0
        self.total = 0
        self.cancel_event = threading.Event()
        self.finished_event = threading.Event()
        self.result: object = None
        self.error: BaseException | None = None
        self.dialog: QProgressDialog | None = None
        self.on_dialog: Callable[[], None] | None = None

    # --- worker thread ---------------------------------------------------------------------------

    def progress(self, done: int, total: int) -> bool:
        """The callback handed to `fn`: record progress, say whether to keep going. Thread-safe."""
        with self.lock:
            self.done_count, self.total = int(done), int(total)
        return not self.cancel_event.is_set()

    def work(self, fn: Callable[[Progress], object], signal: _Finished) -> None:
        try:
            self.result = fn(self.progress)
        except BaseException as exc:  # noqa: BLE001 — handed to the UI thread and re-raised there
            self.error = exc
        finally:
            self.finished_event.set()
            signal.done.emit()

    # --- UI thread -------------------------------------------------------------------------------

    def show_dialog(self) -> None:
        if self.finished_event.is_set() or self.dialog is not None:
            return
        if self.on_dialog is not None:
            self.on_dialog()  # the modal dialog blocks the other windows from here on
        dialog = QProgressDialog(self.parent)
        dialog.setWindowTitle(self.title)
        dialog.setLabelText(_tr("{title}，请稍候…").format(title=self.title))
        if self.cancellable:
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
        self.update_dialog()
        dialog.show()

    def update_dialog(self) -> None:
        if self.dialog is None:
            return
        if self.dialog.wasCanceled() and not self.cancel_event.is_set():
            self.cancel()  # cancelled without the signal (QProgressDialog.cancel() or the Esc key)
        with self.lock:
            done, total = self.done_count, self.total
        if self.cancel_event.is_set():
            return
        if total > 0:
            self.dialog.setRange(0, total)
            self.dialog.setValue(min(max(done, 0), total))
        else:
            self.dialog.setRange(0, 0)  # busy indicator: the work does not know how much is left

    def cancel(self) -> None:
        self.cancel_event.set()
        if self.dialog is not None:
            self.dialog.setLabelText(_tr("正在取消，请稍候…"))

    def close_dialog(self) -> None:
        if self.dialog is not None:
            if self.cancellable:
                self.dialog.canceled.disconnect(self.cancel)
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None


def run_in_background(
    parent: QWidget | None,
    title: str,
    fn: Callable[[Progress], T],
    *,
    cancellable: bool = True,
) -> T | None:
    """Run `fn(progress)` in a worker thread and wait for it without freezing the window.

    `fn` receives `progress(done, total) -> keep_going`; call it now and then (total 0 means "unknown").
    When it returns False the user pressed 取消: stop soon, and either return or raise `WorkCancelled`.

    `fn` runs in another thread, so it must get plain data only — never a widget, never the page's
    objects — and **if it uses the database it must open its own connection** (`db.connection.connect`)
    and close it: an sqlite3 connection cannot cross threads.

    A progress dialog titled `title` appears only if the work takes longer than about half a second.
    Returns `fn`'s result; re-raises `fn`'s exception here in the UI thread; returns None if cancelled.
    """
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("run_in_background needs a QApplication")
    run = _Run(parent, title, cancellable)
    finished = _Finished()
    loop = QEventLoop()
    finished.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    show_timer = QTimer()
    show_timer.setSingleShot(True)
    show_timer.timeout.connect(run.show_dialog)
    poll_timer = QTimer()
    poll_timer.timeout.connect(run.update_dialog)

    blocker = _InputBlocker()
    app.installEventFilter(blocker)
    run.on_dialog = lambda: app.removeEventFilter(blocker)
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    thread = threading.Thread(target=run.work, args=(fn, finished), name=f"worker: {title}", daemon=True)
    try:
        show_timer.start(SHOW_DELAY_MS)
        poll_timer.start(POLL_MS)
        thread.start()
        if not run.finished_event.is_set():
            loop.exec()
        # The queued "done" may lose the race with a quit from elsewhere; the thread is the truth.
        thread.join()
    finally:
        show_timer.stop()
        poll_timer.stop()
        run.close_dialog()
        QApplication.restoreOverrideCursor()
        app.removeEventFilter(blocker)
    if run.cancel_event.is_set():
        return None
    if isinstance(run.error, WorkCancelled):
        return None
    if run.error is not None:
        raise run.error
    return run.result  # type: ignore[return-value]
