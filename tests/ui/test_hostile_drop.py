"""A hostile file dropped on the roster (issue 7): the window stays open and the wizard says why in Chinese.

The wizard reads the file in a background job with the same reader as the command line; before issue 7 the
far-corner workbook aborted the whole process there (python-calamine asking for 549 GB), a date calamine
cannot convert raised a PanicException past every `except Exception`, and a named pipe left the job waiting
forever. The far-corner file must never reach calamine here: opening it with calamine fails the test instead.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.app.test_hostile_files import date_cell_workbook, with_stray_cell
from tests.ui.conftest import empty_roster, record_wizards, wait_for_jobs
from tests.ui.test_import_wizard import drop_event, file_mime
from ui.exchange.wizard import ImportWizard


@pytest.fixture
def shown(monkeypatch):
    """ImportWizard.exec shows the wizard without a nested event loop, and remembers it."""
    return record_wizards(monkeypatch, show=True)


@pytest.fixture
def roster(qtbot, ctx):
    return empty_roster(qtbot, ctx)


def drop_and_read(qtbot, roster, shown, path: Path) -> ImportWizard:
    roster.dropEvent(drop_event(file_mime(path)))
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    wizard = shown[0]
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: wizard.file_page.error_label.isVisible(), timeout=10000)
    wait_for_jobs(qtbot)
    return wizard


def test_a_far_corner_workbook_dropped_on_the_roster_is_refused_in_the_wizard(
    qtbot, roster, shown, tmp_path, monkeypatch
):
    import python_calamine

    def refuse(*args, **kwargs):
        raise AssertionError("python-calamine must not read this file")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)
    path = with_stray_cell(tmp_path / "街道花名册.xlsx", "XFD1048576")
    wizard = drop_and_read(qtbot, roster, shown, path)
    message = wizard.file_page.error_label.text()
    assert "第1048576行" in message and "XFD" in message and "删除" in message
    assert wizard.sheets is None and roster.isVisible()


def test_a_date_calamine_panics_on_is_said_in_the_wizard(qtbot, roster, shown, tmp_path):
    path = date_cell_workbook(tmp_path / "日期.xlsx", -1e12, "yyyy-mm-dd")
    wizard = drop_and_read(qtbot, roster, shown, path)
    assert "日期或时间" in wizard.file_page.error_label.text()
    assert wizard.sheets is None and roster.isVisible()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_dropped_on_the_roster_is_refused_not_waited_on(qtbot, roster, shown, tmp_path):
    fifo = tmp_path / "管道.csv"
    os.mkfifo(fifo)
    try:
        wizard = drop_and_read(qtbot, roster, shown, fifo)
    finally:  # a job blocked in open() ends once a writer has come and gone
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError as exc:
            assert exc.errno == errno.ENXIO  # nobody was waiting: as it should be
    assert "命名管道" in wizard.file_page.error_label.text()
    assert roster.isVisible()
