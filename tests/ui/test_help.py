"""帮助 → 使用说明 opens the bundled guide (every picture it shows is there); 关于 says the version, where the data
is and the licences."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow

from app.cli import app_version
from ui.help import guide
from ui.help.about import AboutDialog
from ui.help.menu import install_help_menu


def _action(window: QMainWindow, name: str):
    from PySide6.QtGui import QAction

    return window.findChild(QAction, name)


def test_the_guide_covers_the_clerks_tasks_and_its_pictures_exist():
    text = guide.GUIDE.read_text(encoding="utf-8")
    for task in (
        "初始设置",
        "今日待办",
        "导入",
        "考核",
        "积分",
        "关怀",
        "培训",
        "导师",
        "双向选择",
        "结业证书",
        "荣誉证书",
        "打印",
        "备份",
        "恢复",
    ):
        assert task in text, task
    pictures = re.findall(r'<img[^>]+src="([^"]+)"', text)
    assert len(pictures) >= 4
    for shown in (
        "today.png",
        "appraisal.png",
        "merits.png",
        "care.png",
        "training.png",
        "mentoring.png",
        "printing.png",
    ):
        assert shown in pictures, shown
    for name in pictures:
        path = guide.GUIDE.parent / name
        assert path.is_file(), name
        assert path.stat().st_size < 200_000, f"{name} is {path.stat().st_size} bytes: keep screenshots small"


def test_help_menu_opens_the_guide(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = install_help_menu(window)
    assert menu.title().startswith("帮助")
    _action(window, "guideAction").trigger()
    shown = [w for w in guide._open if w.isVisible()]
    assert len(shown) == 1
    assert "使用说明" in shown[0].browser.toPlainText()
    _action(window, "guideAction").trigger()  # F1 again: the same window comes forward
    assert len([w for w in guide._open if w.isVisible()]) == 1
    for w in shown:
        w.close()


def test_about_names_version_folders_and_licences(qtbot, ctx):
    window = QMainWindow()
    window.ctx = ctx
    qtbot.addWidget(window)
    install_help_menu(window)
    dialog = AboutDialog(window, ctx)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert app_version() in texts
    assert str(ctx.office.path) in texts
    assert dialog.findChild(QLabel, "about_data").text() == str(dialog.paths["data"])
    licences = dialog.licences.toPlainText()
    for needle in ("LGPL v3", "PySide6", "pypinyin", "MIT License", "Bitstream Vera", "宋体"):
        assert needle in licences, needle


def test_about_before_a_database_is_open(qtbot):
    dialog = AboutDialog(None, None)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "about_db").text() == "（尚未打开）"


def test_the_guide_pictures_show_the_paths_of_an_office_pc():
    from ui.help.screenshots import DATA_FOLDER, DESKTOP, windows_paths

    places = {Path("/tmp/shots-1"): DATA_FOLDER, Path("/tmp/shots-1/desk"): DESKTOP}
    assert windows_paths("数据库：/tmp/shots-1/演示数据库.db", places) == (
        "数据库：C:\\Users\\Administrator\\AppData\\Local\\GrassrootsDesk\\演示数据库.db"
    )
    # the deeper folder first, whatever the order given; the text around a path is kept
    assert windows_paths("文件“/tmp/shots-1/desk/玉林街道.xlsx”，工作表", places) == (
        "文件“C:\\Users\\Administrator\\Desktop\\玉林街道.xlsx”，工作表"
    )
    assert windows_paths("还没有备份", places) == "还没有备份"
