"""荣誉: every honor in serial order — the appraisals' 优秀 and the commendations confirmed from suggestions —
by year, withdrawn ones on request (their numbers stay used)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.appraisal.finalize import Honor, list_honors
from ui import dialogs
from ui.context import AppContext
from ui.widgets import ReadOnlyTableModel, hint_label, read_only_table, table_or_empty

_WITHDRAWN = QBrush(QColor("#6b7280"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("Merits", text)


class HonorsModel(ReadOnlyTableModel[Honor]):
    headers = ("编号", "姓名", "荣誉名称", "类别", "授予日期", "授予单位", "状态")

    def cells(self, record: Honor) -> Sequence[str]:
        state = _tr("已撤销") if record.withdrawn_at else _tr("有效")
        return (
            record.serial_text, record.name, record.title, record.kind, record.issued_on, record.issuer or "", state,
        )  # fmt: skip

    def role_data(self, record: Honor, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and record.withdrawn_at:
            return _WITHDRAWN
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return record.title
        return None


class HonorsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度")))
        self.year_box = QComboBox()
        self.year_box.setObjectName("honorYear")
        self.year_box.currentIndexChanged.connect(lambda _i: self._show())
        top.addWidget(self.year_box)
        self.withdrawn_box = QCheckBox(self.tr("显示已撤销的荣誉"))
        self.withdrawn_box.toggled.connect(lambda _on: self._show())
        top.addWidget(self.withdrawn_box)
        self.count_label = hint_label(wrap=False)
        top.addWidget(self.count_label, 1)
        self.print_button = QPushButton(self.tr("打印证书…"))
        self.print_button.setToolTip(self.tr("打印所选荣誉的证书；未选择时打印列表中全部有效荣誉的证书"))
        self.print_button.clicked.connect(self.print_certificates)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.model = HonorsModel(self)
        self.table = read_only_table(self.model)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.stack, _empty = table_or_empty(
            self.table, self.tr("还没有荣誉：考核定稿后的优秀和确认的嘉奖会列在这里。")
        )
        layout.addWidget(self.stack, 1)
        self._all: list[Honor] = []

    def reload(self) -> None:
        self._all = list_honors(self.ctx.db, withdrawn=True)
        chosen = self.year_box.currentData()
        years = sorted({h.year for h in self._all}, reverse=True)
        self.year_box.blockSignals(True)
        self.year_box.clear()
        self.year_box.addItem(self.tr("全部年度"), None)
        for year in years:
            self.year_box.addItem(self.tr("{0}年").format(year), year)
        index = self.year_box.findData(chosen)
        self.year_box.setCurrentIndex(max(index, 0))
        self.year_box.blockSignals(False)
        self._show()

    def _show(self) -> None:
        year, withdrawn = self.year_box.currentData(), self.withdrawn_box.isChecked()
        rows = [
            h for h in self._all if (year is None or h.year == year) and (withdrawn or not h.withdrawn_at)
        ]
        rows.sort(key=lambda h: (-h.year, h.serial))
        self.model.set_rows(rows)
        self.stack.setCurrentIndex(0 if rows else 1)
        self.count_label.setText(self.tr("共 {0} 项").format(len(rows)))

    def chosen_for_print(self) -> list[Honor]:
        """The selected honors, or every one listed when none is; withdrawn ones never print."""
        rows = self.model.rows
        picked = [rows[i.row()] for i in self.table.selectionModel().selectedRows()]
        return [h for h in (picked or rows) if not h.withdrawn_at]

    def print_certificates(self) -> None:
        honors = self.chosen_for_print()
        if not honors:
            dialogs.inform(self, self.tr("打印证书"), self.tr("没有可打印的荣誉：已撤销的荣誉不再打印证书。"))
            return
        from ui.printing.actions import print_certificates

        print_certificates(self, self.ctx, [h.id for h in honors])
