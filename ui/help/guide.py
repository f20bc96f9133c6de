"""使用说明: the Chinese user guide bundled with the program (resources/guide/index.html and its screenshots),
shown in a window of its own beside the work, so the clerk can read and do at the same time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from ui.widgets import fit_to_screen

# resources/ lies beside ui/ in a checkout, a wheel and the PyInstaller folder alike (see ui/gui.py).
GUIDE = Path(__file__).resolve().parent.parent.parent / "resources" / "guide" / "index.html"


class GuideWindow(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("guideWindow")
        self.setWindowTitle(self.tr("使用说明 — 基层队伍管理系统"))
        fit_to_screen(self, 980, 760)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenExternalLinks(True)  # links to files or pages outside the guide
        if GUIDE.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(GUIDE)))
        else:
            self.browser.setPlainText(self.tr("找不到使用说明文件：{0}").format(GUIDE))
        layout.addWidget(self.browser)


_open: list[GuideWindow] = []


def show_guide(parent: QWidget | None = None) -> GuideWindow:
    """One guide window at a time: F1 again brings it to the front."""
    for window in _open:
        if window.isVisible():
            window.raise_()
            window.activateWindow()
            return window
    _open.clear()
    window = GuideWindow(parent)
    _open.append(window)
    window.show()
    return window
