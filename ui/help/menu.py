"""The 帮助 menu: `install_help_menu(window)` adds 使用说明 (F1) and 关于 to any main window.

Light on purpose: it runs while the first window is being built, so the guide and the about dialog are imported
only when opened.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


def _tr(text: str) -> str:
    return QCoreApplication.translate("HelpMenu", text)


def install_help_menu(window: QMainWindow) -> QMenu:
    menu = window.menuBar().addMenu(_tr("帮助(&H)"))
    menu.setObjectName("helpMenu")
    guide = QAction(_tr("使用说明"), window)
    guide.setObjectName("guideAction")
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))  # F1
    guide.triggered.connect(lambda: open_guide(window))
    about = QAction(_tr("关于基层队伍管理系统"), window)
    about.setObjectName("aboutAction")
    about.triggered.connect(lambda: open_about(window))
    menu.addAction(guide)
    menu.addSeparator()
    menu.addAction(about)
    return menu


def open_guide(window: QMainWindow):
    from ui.help.guide import show_guide

    return show_guide(window)


def open_about(window: QMainWindow):
    from ui.help.about import AboutDialog

    dialog = AboutDialog(window, getattr(window, "ctx", None))
    dialog.open()
    return dialog
