"""初始设置: shown on a database nobody has set up, saves what the clerk typed, then gives way to the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from app import settings
from tests.ui.conftest import add_person, add_unit, make_id
from ui import dialogs
from ui.system import extra_backup, first_start
from ui.system.first_start import FirstStartPage, needs_first_start, show_first_start


@pytest.fixture(autouse=True)
def clean_settings():
    QSettings().remove(extra_backup.KEY)
    yield
    QSettings().remove(extra_backup.KEY)


def test_needed_only_on_an_untouched_database(office):
    assert needs_first_start(office.db)
    settings.save(office.db, {"office_name": "中共某区委组织部"}, "测试员")
    assert not needs_first_start(office.db)


def test_not_needed_once_there_are_people(office):
    add_person(office.db, "张三", make_id(1), add_unit(office.db, "玉林社区"))
    assert not needs_first_start(office.db)


def test_saves_the_settings_and_the_backup_folder(qtbot, ctx, tmp_path, monkeypatch):
    page = FirstStartPage(ctx)
    qtbot.addWidget(page)
    usb = tmp_path / "U盘"
    usb.mkdir()
    monkeypatch.setattr(dialogs, "choose_folder", lambda parent, title, start="": usb)
    started = []
    monkeypatch.setattr(first_start, "start_demo", lambda: started.append(True) or True)
    page.edits["office_name"].setText("中共某区委组织部")
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    assert page.backup_edit.text() == str(usb)
    page.demo_box.setChecked(True)
    with qtbot.waitSignal(page.done, timeout=2000):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    stored = settings.get_all(ctx.db)
    assert stored["office_name"] == "中共某区委组织部"
    assert stored["issuer"] == "中共某区委组织部"  # 落款 left empty: the office's name
    assert extra_backup.folder() == usb
    assert started == [True]
    assert not needs_first_start(ctx.db)


def test_later_saves_nothing(qtbot, ctx, monkeypatch):
    monkeypatch.setattr(first_start, "start_demo", lambda: pytest.fail("no demo asked for"))
    page = FirstStartPage(ctx)
    qtbot.addWidget(page)
    page.edits["office_name"].setText("不保存")
    with qtbot.waitSignal(page.done, timeout=2000):
        qtbot.mouseClick(page.later_button, Qt.MouseButton.LeftButton)
    assert settings.get(ctx.db, "office_name") == ""
    assert extra_backup.folder() is None


def test_too_long_a_name_is_refused_on_the_page(qtbot, ctx, answers):
    page = FirstStartPage(ctx)
    qtbot.addWidget(page)
    page.edits["office_name"].setMaxLength(1000)
    page.edits["office_name"].setText("长" * (settings.MAX_LENGTH + 1))
    page.finish()
    assert answers["warned"] and "过长" in answers["warned"][0]
    assert settings.get(ctx.db, "office_name") == ""


def test_stands_in_front_of_the_pages_until_done(qtbot, ctx, monkeypatch):
    window = QMainWindow()
    qtbot.addWidget(window)
    pages = QLabel("人员档案")
    window.setCentralWidget(pages)
    page = show_first_start(window, ctx)
    assert window.centralWidget().currentWidget() is page
    page.edits["issuer"].setText("某区委组织部")
    page.finish()
    assert window.centralWidget().currentWidget() is pages
    assert settings.get(ctx.db, "issuer") == "某区委组织部"


def test_demo_command_starts_this_program_with_demo():
    program, arguments = first_start.demo_command()
    assert Path(program).exists() and arguments[-1] == "--demo"


def test_mirror_copies_a_backup_into_the_extra_folder(tmp_path):
    made = tmp_path / "office-20261201-120000-exit.db"
    made.write_bytes(b"SQLite format 3\x00" + b"x" * 100)
    usb = tmp_path / "usb"
    assert extra_backup.mirror(made, usb) is None  # not plugged in: skipped
    usb.mkdir()
    copy = extra_backup.mirror(made, usb)
    assert copy == usb / made.name and copy.read_bytes() == made.read_bytes()
    assert extra_backup.mirror(None, usb) is None


def test_the_program_opens_on_first_start_with_no_database_yet(qapp, tmp_path, monkeypatch):
    """gui.run on a path with no database: the window shows 初始设置; a demo database (with people) does not."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui import gui
    from ui.main_window import MainWindow

    seen = []

    def look_and_close():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows or windows[0].ctx is None:
            QTimer.singleShot(50, look_and_close)
            return
        QTimer.singleShot(100, lambda: finish(windows[0]))

    def finish(window):
        seen.append(window.findChild(FirstStartPage) is not None)
        window.close()

    monkeypatch.setattr(gui, "make_application", lambda: qapp)
    QTimer.singleShot(0, look_and_close)
    assert gui.run(db_path=tmp_path / "新.db") == 0
    assert seen == [True]
