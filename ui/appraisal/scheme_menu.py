"""方案管理 on the 考核 page: 编辑所选方案…, 新建方案… and 由季度考核汇总年度…, in one button so that the page's top row
fits a narrow window. What was saved or written is then shown on the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QPushButton

from ui.appraisal.annual_dialog import open_annual_dialog
from ui.appraisal.scheme_editor import open_scheme_editor

if TYPE_CHECKING:
    from ui.appraisal.page import AppraisalPage


class SchemeMenuButton(QPushButton):
    def __init__(self, page: AppraisalPage):
        super().__init__(page.tr("方案管理"))
        self.page = page
        self.setToolTip(self.tr("编辑或新建考核方案，由季度考核汇总年度考核"))
        menu = QMenu(self)
        self.edit_action = menu.addAction(self.tr("编辑所选方案…"))
        self.edit_action.setToolTip(self.tr("修改所选考核方案：适用人员、考核项目和权重、等次规则"))
        self.edit_action.triggered.connect(lambda: self.edit_scheme(page.scheme_box.currentData()))
        self.new_action = menu.addAction(self.tr("新建方案…"))
        self.new_action.triggered.connect(lambda: self.edit_scheme(None))
        menu.addSeparator()
        self.annual_action = menu.addAction(self.tr("由季度考核汇总年度…"))
        self.annual_action.triggered.connect(self.build_annual)
        self.setMenu(menu)

    def set_writable(self, writable: bool, has_scheme: bool) -> None:
        self.new_action.setEnabled(writable)
        self.annual_action.setEnabled(writable)
        self.edit_action.setEnabled(writable and has_scheme)

    def edit_scheme(self, key: str | None) -> None:
        """The editor saves through the scheme services; the saved scheme is then chosen on the page."""
        page = self.page
        saved = open_scheme_editor(page.ctx, page, key)
        if saved is None:
            return
        page.reload()
        if (at := page.scheme_box.findData(saved)) >= 0:
            page.scheme_box.setCurrentIndex(at)

    def build_annual(self) -> None:
        """The annual period written to is shown afterwards."""
        page = self.page
        written = open_annual_dialog(page.ctx, page, page.year_box.value())
        if written is not None:
            page.reload()
            page.show_period(*written)
