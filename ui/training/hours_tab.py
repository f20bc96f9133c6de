"""学时统计 tab: each person's hours in the year against their role's requirement, 差额, those below it in red;
仅看未达标 narrows the list, 要求学时… sets the requirement per role, 导出… saves what is listed as .xlsx (or .csv)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from app.training.hours import COLUMNS, export_hours, hours_of_year, row_values
from app.training.rules import PersonHours
from ui import dialogs
from ui.context import AppContext
from ui.widgets import ReadOnlyTableModel, read_only_table, table_or_empty

_BELOW = QBrush(QColor("#b91c1c"))


class HoursModel(ReadOnlyTableModel[PersonHours]):
    headers = COLUMNS

    def cells(self, record: PersonHours) -> Sequence[str]:
        return row_values(record)

    def role_data(self, record: PersonHours, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and record.below:
            return _BELOW
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class HoursTab(QWidget):
    """Public: `reload(year)`, `model`, `below_only`, `set_required()`, `export_shown()`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)  # inside the tab frame, not on it
        row = QHBoxLayout()
        self.below_only = QCheckBox(self.tr("仅看未达标"))
        self.below_only.toggled.connect(lambda _on: self.reload(self.year))
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setToolTip(self.tr("把列表中显示的人员学时保存为 Excel 文件"))
        self.export_button.clicked.connect(self.export_shown)
        self.required_button = QPushButton(self.tr("要求学时…"))
        self.required_button.setToolTip(self.tr("设置各类人员每年应完成的培训学时"))
        self.required_button.clicked.connect(self.set_required)
        row.addWidget(self.below_only)
        row.addWidget(self.required_button)
        row.addStretch(1)
        row.addWidget(self.count_label)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.model = HoursModel(self)
        self.table = read_only_table(self.model, resize=QHeaderView.ResizeMode.Interactive)
        header = self.table.horizontalHeader()
        for column, width in enumerate((90, 170, 110, 70, 80, 70)):
            header.resizeSection(column, width)
        # no column takes the spare width: a wide 人员类别 or 差额 puts the figures far from the names
        header.setStretchLastSection(False)
        self.stack, self.empty = table_or_empty(self.table, "")
        layout.addWidget(self.stack, 1)

    def reload(self, year: int) -> None:
        self.year = year
        rows = hours_of_year(self.ctx.db, year, below_only=self.below_only.isChecked())
        self.model.set_rows(rows)
        below = sum(1 for r in rows if r.below)
        self.count_label.setText(
            self.tr("{0}年 共 {1} 人，未达到要求学时 {2} 人").format(year, len(rows), below)
        )
        nothing = (
            self.tr("{0}年没有未达标的人员。")
            if self.below_only.isChecked()
            else self.tr("{0}年没有在岗人员。")
        )
        self.empty.setText(nothing.format(year))
        self.stack.setCurrentIndex(0 if rows else 1)
        self.export_button.setEnabled(bool(rows))

    def set_required(self) -> None:
        from ui.care.form_parts import run_form
        from ui.training.required_form import RequiredHoursForm

        run_form(RequiredHoursForm(self.ctx, self))

    def export_shown(self) -> Path | None:
        from app.exchange.xlsx_out import ExportError

        suffix = "未达标" if self.below_only.isChecked() else ""
        out = dialogs.save_file(
            self,
            self.tr("导出学时统计"),
            "Excel 文件 (*.xlsx);;CSV 文件 (*.csv)",
            f"{self.year}年培训学时{suffix}.xlsx",
        )
        if out is None:
            return None
        try:
            count = export_hours(list(self.model.rows), out)
        except (ExportError, OSError) as exc:
            dialogs.warn(self, self.tr("无法导出"), str(exc))
            return None
        dialogs.inform(self, self.tr("已导出"), self.tr("已把 {0} 人的学时导出到：\n{1}").format(count, out))
        return out
