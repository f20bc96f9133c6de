"""积分与表彰: what follows from appraisal results, in four tabs — the young cadres' 积分台账, the 表彰建议 the
staff confirm or dismiss, the 荣誉 list, and the open 补课.

A change marks every tab stale and only the tab on screen reloads (the others when they are next shown): every
score saved on the 考核 page announces an appraisal change, and reloading four tabs of a large office for each
would slow the grid down for nothing."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QWidget

from app.changes import OpChanges
from ui.appraisal.merits_honors import HonorsTab
from ui.appraisal.merits_points import PointsTab
from ui.appraisal.merits_remedial import RemedialTab
from ui.appraisal.merits_suggestions import SuggestionsTab
from ui.context import AppContext
from ui.widgets import page_layout


class MeritsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = page_layout(self, self.tr("积分与表彰"))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("meritsTabs")
        self.points = PointsTab(ctx)
        self.suggestions = SuggestionsTab(ctx)
        self.honors = HonorsTab(ctx)
        self.remedial = RemedialTab(ctx)
        self.tabs.addTab(self.points, self.tr("积分台账"))
        self.tabs.addTab(self.suggestions, self.tr("表彰建议"))
        self.tabs.addTab(self.honors, self.tr("荣誉"))
        self.tabs.addTab(self.remedial, self.tr("补课"))
        layout.addWidget(self.tabs, 1)
        self._stale: set[QWidget] = set()
        self.tabs.currentChanged.connect(lambda _index: self._reload_shown())
        self.reload()

    def reload(self) -> None:
        """Every tab, now (the page's first fill)."""
        for tab in (self.points, self.suggestions, self.honors, self.remedial):
            tab.reload()
        self._stale.clear()

    def refresh(self, changes: OpChanges) -> None:
        if changes.appraisal or changes.people or changes.units or changes.everything or changes.recycle_bin:
            self._stale = {self.points, self.suggestions, self.honors, self.remedial}
            if self.isVisible():
                self._reload_shown()

    def _reload_shown(self) -> None:
        tab = self.tabs.currentWidget()
        if tab in self._stale:
            self._stale.discard(tab)
            tab.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._reload_shown()
