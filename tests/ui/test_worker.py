"""start_job: the outcome reaches a callback on the UI thread; no nested event loop; a dialog only for slow
work; cancel; errors in Chinese; a connection of the job's own."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from app.jobs import JobCancelled, failure_text
from db.backup import BackupError
from tests.ui.conftest import wait_for_jobs
from ui import worker
from ui.worker import Job, running_jobs, start_job


@pytest.fixture
def dialogs_made(monkeypatch):
    """Every progress dialog a job creates."""
    made: list[QProgressDialog] = []

    class Recording(QProgressDialog):
        def __init__(self, *args):
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(worker, "QProgressDialog", Recording)
    return made


@pytest.fixture
def outcome():
    """What the callbacks received."""
    return {"done": [], "failed": [], "cancelled": 0}


def job(outcome: dict, work, **extra) -> Job:
    return Job(
        title=extra.pop("title", "计算"),
        work=work,
        on_done=outcome["done"].append,
        on_failed=outcome["failed"].append,
        on_cancelled=lambda: outcome.__setitem__("cancelled", outcome["cancelled"] + 1),
        **extra,
    )


def test_returns_at_once_and_hands_the_result_to_the_callback(parent, dialogs_made, outcome, qtbot):
    seen = {}
    release = threading.Event()

    def work(progress):
        seen["thread"] = threading.current_thread()
        release.wait(5)
        assert progress(1, 2) is True
        return 42

    handle = start_job(parent, job(outcome, work))
    # start_job did not wait: the work is still blocked and the callback has not run.
    assert outcome["done"] == [] and running_jobs() == [handle]
    release.set()
    wait_for_jobs(qtbot)
    assert outcome["done"] == [42] and handle.finished
    assert seen["thread"] is not threading.main_thread()
    assert dialogs_made == []  # quick work shows no dialog


def test_the_callback_runs_on_the_ui_thread(parent, outcome, qtbot):
    threads = []
    start_job(
        parent, Job("计算", lambda progress: 1, on_done=lambda _r: threads.append(threading.current_thread()))
    )
    wait_for_jobs(qtbot)
    assert threads == [threading.main_thread()]


def test_an_error_is_said_in_chinese_to_on_failed(parent, outcome, qtbot):
    def work(progress):
        raise BackupError("备份文件夹“U盘”无法写入")

    start_job(parent, job(outcome, work))
    wait_for_jobs(qtbot)
    assert outcome["failed"] == ["备份文件夹“U盘”无法写入"] and outcome["done"] == []


def test_without_on_failed_a_warning_titled_after_the_job_shows(parent, qtbot, answers):
    def work(progress):
        raise ValueError("坏数据")

    start_job(parent, Job("导入", work, on_done=lambda _r: None))
    wait_for_jobs(qtbot)
    assert answers["warned"] == ["发生意外错误（ValueError）：坏数据"]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            PermissionError(13, "Permission denied", "D:/花名册.xlsx"),
            "文件操作失败“D:/花名册.xlsx”：没有权限",
        ),
        (FileNotFoundError(2, "No such file", "E:/备份"), "文件操作失败“E:/备份”：找不到文件或文件夹"),
        (sqlite3.OperationalError("database is locked"), "数据库正被其他操作占用，请稍后再试"),
        (KeyError("x"), "发生意外错误（KeyError）：'x'"),
    ],
)
def test_failure_text_leads_in_chinese(error, expected):
    assert failure_text(error).startswith(expected)


def test_slow_work_shows_a_dialog_with_progress(parent, dialogs_made, outcome, monkeypatch, qtbot):
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

    start_job(parent, job(outcome, work, title="正在导出"))
    wait_for_jobs(qtbot)
    assert outcome["done"] == ["完成"]
    assert seen["visible"] is True
    assert "正在导出" in seen["label"]
    assert seen["max"] == 60
    assert not any(shiboken6.isValid(d) and d.isVisible() for d in dialogs_made)  # gone afterwards


def test_cancel_stops_the_work_and_calls_on_cancelled(parent, dialogs_made, outcome, monkeypatch, qtbot):
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
                raise JobCancelled
            time.sleep(0.01)
        return "ran to the end"

    start_job(parent, job(outcome, work, title="批量处理"))
    wait_for_jobs(qtbot)
    assert outcome == {"done": [], "failed": [], "cancelled": 1}
    assert answers[-1] is False and len(answers) < 1000
    assert seen["button"] == "取消"


def test_work_that_finishes_despite_a_late_cancel_still_counts(parent, dialogs_made, outcome, qtbot):
    def work(progress):
        time.sleep(0.1)
        return "已提交"

    handle = start_job(parent, job(outcome, work))
    handle.cancel()
    wait_for_jobs(qtbot)
    assert outcome["done"] == ["已提交"] and outcome["cancelled"] == 0


def test_esc_on_the_dialog_cancels_too(parent, dialogs_made, outcome, monkeypatch, qtbot):
    monkeypatch.setattr(worker, "SHOW_DELAY_MS", 50)
    QTimer.singleShot(300, lambda: dialogs_made[0].cancel())  # the Esc key's way: no canceled signal

    def work(progress):
        while progress(0, 0):
            time.sleep(0.01)
        raise JobCancelled

    start_job(parent, job(outcome, work))
    wait_for_jobs(qtbot)
    assert outcome["cancelled"] == 1


def test_not_cancellable_has_no_cancel_button(parent, dialogs_made, outcome, monkeypatch, qtbot):
    monkeypatch.setattr(worker, "SHOW_DELAY_MS", 50)
    seen = {}
    QTimer.singleShot(300, lambda: seen.__setitem__("buttons", dialogs_made[0].findChildren(QPushButton)))

    def work(progress):
        time.sleep(0.6)
        return 1

    handle = start_job(parent, job(outcome, work, cancellable=False))
    handle.cancel()  # ignored: this work cannot stop half-way
    wait_for_jobs(qtbot)
    assert outcome["done"] == [1]
    assert seen["buttons"] == []


def test_busy_cursor_while_running(parent, outcome, qtbot):
    during = {}
    QTimer.singleShot(50, lambda: during.__setitem__("cursor", QApplication.overrideCursor() is not None))

    def work(progress):
        time.sleep(0.3)
        return True

    start_job(parent, job(outcome, work))
    wait_for_jobs(qtbot)
    assert during["cursor"] is True
    assert QApplication.overrideCursor() is None
    assert outcome["done"] == [True]


def test_a_database_job_gets_its_own_connection_and_closes_it(parent, outcome, office, qtbot):
    seen = {}

    def work(db, progress):
        seen["conn"] = db.conn
        seen["foreign_keys"] = db.execute("PRAGMA foreign_keys").fetchone()[0]
        return db.execute("SELECT count(*) FROM people").fetchone()[0]

    start_job(parent, job(outcome, work, database=office.path))
    wait_for_jobs(qtbot)
    assert outcome["done"] == [0]
    assert seen["conn"] is not office.db.conn and seen["foreign_keys"] == 1
    with pytest.raises(sqlite3.ProgrammingError):  # closed when the job ended
        seen["conn"].execute("SELECT 1")


def test_no_garbage_collection_runs_while_a_job_does(parent, outcome, qtbot):
    """A collection in the worker thread would destroy Qt objects off the UI thread (a crash seen in the tests)."""
    import gc

    assert gc.isenabled()
    seen = {}

    def work(progress):
        seen["enabled"] = gc.isenabled()
        return 1

    start_job(parent, job(outcome, work))
    assert not gc.isenabled()
    wait_for_jobs(qtbot)
    assert seen["enabled"] is False and gc.isenabled()
