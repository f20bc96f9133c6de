"""run_in_background: result, exception, cancel, and no dialog for quick work."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from ui import worker
from ui.worker import WorkCancelled, run_in_background


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def dialogs_made(monkeypatch):
    """Every progress dialog run_in_background creates."""
    made: list[QProgressDialog] = []

    class Recording(QProgressDialog):
        def __init__(self, *args):
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(worker, "QProgressDialog", Recording)
    return made


def test_returns_the_result_and_runs_in_another_thread(parent, dialogs_made):
    seen = {}

    def work(progress):
        seen["thread"] = threading.current_thread()
        assert progress(1, 2) is True
        return 42

    assert run_in_background(parent, "计算", work) == 42
    assert seen["thread"] is not threading.main_thread()
    assert dialogs_made == []  # quick work shows no dialog


def test_exception_is_raised_in_the_ui_thread(parent):
    def work(progress):
        raise ValueError("坏数据")

    with pytest.raises(ValueError, match="坏数据"):
        run_in_background(parent, "导入", work)


def test_slow_work_shows_a_dialog_with_progress(parent, dialogs_made, monkeypatch):
    monkeypatch.setattr(worker, "SHOW_DELAY_MS", 50)
    seen = {}

    def look():
        dialog = dialogs_made[0] if dialogs_made else None
        seen["visible"] = dialog is not None and dialog.isVisible()
        seen["label"] = dialog.labelText() if dialog else ""
        seen["max"] = dialog.maximum() if dialog else None

    QTimer.singleShot(400, look)

    def work(progress):
        for done in range(60):
            progress(done, 60)
            time.sleep(0.01)
        return "完成"

    assert run_in_background(parent, "正在导出", work) == "完成"
    assert seen["visible"] is True
    assert "正在导出" in seen["label"]
    assert seen["max"] == 60
    assert not any(d.isVisible() for d in dialogs_made)  # gone afterwards


def test_cancel_makes_progress_return_false_and_gives_none(parent, dialogs_made, monkeypatch):
    monkeypatch.setattr(worker, "SHOW_DELAY_MS", 50)
    answers: list[bool] = []

    seen = {}

    def press_cancel():
        visible = [d for d in dialogs_made if d.isVisible()]
        assert visible, "the progress dialog should be up by now"
        button = visible[0].findChild(QPushButton)
        seen["button"] = button.text()
        button.click()

    QTimer.singleShot(300, press_cancel)

    def work(progress):
        for done in range(1000):
            keep_going = progress(done, 1000)
            answers.append(keep_going)
            if not keep_going:
                return "stopped early"
            time.sleep(0.01)
        return "ran to the end"

    assert run_in_background(parent, "批量处理", work) is None
    assert answers[-1] is False
    assert len(answers) < 1000
    assert seen["button"] == "取消"


def test_work_may_raise_work_cancelled(parent, dialogs_made, monkeypatch):
    monkeypatch.setattr(worker, "SHOW_DELAY_MS", 50)
    QTimer.singleShot(300, lambda: dialogs_made[0].cancel())  # the Esc key's way: no canceled signal

    def work(progress):
        while progress(0, 0):
            time.sleep(0.01)
        raise WorkCancelled

    assert run_in_background(parent, "等待", work) is None


def test_not_cancellable_has_no_cancel_button(parent, dialogs_made, monkeypatch):
    monkeypatch.setattr(worker, "SHOW_DELAY_MS", 50)
    seen = {}

    def look():
        seen["buttons"] = dialogs_made[0].findChildren(QPushButton)

    QTimer.singleShot(300, look)

    def work(progress):
        time.sleep(0.6)
        return 1

    assert run_in_background(parent, "备份", work, cancellable=False) == 1
    assert seen["buttons"] == []


def test_busy_cursor_while_waiting(parent):
    during = {}

    def look():
        during["cursor"] = QApplication.overrideCursor() is not None

    QTimer.singleShot(50, look)

    def work(progress):
        time.sleep(0.2)
        return True

    assert run_in_background(parent, "检查", work) is True
    assert during["cursor"] is True
    assert QApplication.overrideCursor() is None
