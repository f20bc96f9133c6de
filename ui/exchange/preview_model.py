"""Step 3's table: every person row of the dry run as the import would treat it — result, name, ID number, unit
and why — filtered by result without copying rows (a file of 10,000 people stays quick)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.exchange.plan import Action, ImportPlan, Problem, RowPlan
from ui.exchange.common import shown_cell
from ui.widgets import HeadedTableModel

# Colours of the model's data (a style sheet does not reach a model's cells).
RESULT_COLOURS = {
    Action.NEW: "#15803d",
    Action.UPDATE: "#1d4ed8",
    Action.UNCHANGED: "#6b7785",
    Action.REJECT: "#b91c1c",
}
REJECT_BACKGROUND = "#fdecec"
_Index = QModelIndex | QPersistentModelIndex


class PreviewCol(IntEnum):
    ROW, RESULT, NAME, ID_NUMBER, UNIT, NOTE = range(6)


PREVIEW_HEADERS = {
    PreviewCol.ROW: "行号",
    PreviewCol.RESULT: "结果",
    PreviewCol.NAME: "姓名",
    PreviewCol.ID_NUMBER: "公民身份号码",
    PreviewCol.UNIT: "工作单位",
    PreviewCol.NOTE: "说明",
}


def problem_text(problem: Problem, *, show_value: bool = True) -> str:
    """A problem without its row number (the table shows the row): '“身份证号”（1101…）：校验码不对…'."""
    value = f"（{problem.value}）" if problem.value and show_value else ""
    where = (f"“{problem.column}”" if problem.column else "") + value
    return f"{where}：{problem.message}" if where else problem.message


class PreviewModel(HeadedTableModel):
    """Every person row of the plan, as the import would treat it; filtered by result without copying rows."""

    headers = PREVIEW_HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        self.unit_names: dict[int, str] = {}
        self.update_existing = False
        self._rows: list[RowPlan] = []
        self._shown: list[int] = []  # indexes into _rows that pass the filter
        self._filter: Action | None = None
        self._id_column: int | None = None
        self._notes: dict[int, str] = {}  # row index -> 说明, worked out when first shown

    def set_plan(self, plan: ImportPlan | None, unit_names: dict[int, str]) -> None:
        self.beginResetModel()
        self.plan = plan
        self.unit_names = unit_names
        self._rows = list(plan.rows) if plan else []
        self._id_column = (
            next((c for c, f in plan.mapping.items() if f == "id_number"), None) if plan else None
        )
        self._notes = {}
        self._shown = self._filtered()
        self.endResetModel()

    def set_filter(self, action: Action | None) -> None:
        self.beginResetModel()
        self._filter = action
        self._shown = self._filtered()
        self.endResetModel()

    def set_update_existing(self, update: bool) -> None:
        self.update_existing = update
        if self._shown:
            self.dataChanged.emit(
                self.index(0, PreviewCol.RESULT), self.index(len(self._shown) - 1, PreviewCol.RESULT)
            )

    def _filtered(self) -> list[int]:
        if self._filter is None:
            return list(range(len(self._rows)))
        return [i for i, r in enumerate(self._rows) if r.action == self._filter]

    def row_plan(self, row: int) -> RowPlan:
        return self._rows[self._shown[row]]

    def rows_shown(self) -> list[RowPlan]:
        return [self._rows[i] for i in self._shown]

    # --- texts -------------------------------------------------------------------------------------------

    def result_text(self, row: RowPlan) -> str:
        if row.action == Action.UPDATE and not self.update_existing:
            return self.tr("不更新")
        return self.tr(row.action.label)

    def id_text(self, row: RowPlan) -> str:
        if row.id_number:
            return row.id_number
        if self._id_column is not None and self._id_column < len(row.cells):
            return shown_cell(row.cells[self._id_column])
        return ""

    def unit_text(self, row: RowPlan) -> str:
        unit_id = row.values.get("unit_id")
        if unit_id is not None:
            return self.unit_names.get(unit_id, row.unit_name)
        return row.unit_name

    def detail(self, row: int) -> str:
        """'第5行 王五（拒绝）：…' with the whole 说明, for the line under the table."""
        plan_row = self.row_plan(row)
        who = f" {plan_row.name}" if plan_row.name else ""
        head = self.tr("第{0}行{1}（{2}）").format(plan_row.row, who, self.result_text(plan_row))
        return f"{head}：{self.note(self._shown[row])}" if self.note(self._shown[row]) else head

    def note(self, position: int) -> str:
        if position not in self._notes:
            row = self._rows[position]
            if row.action == Action.REJECT:
                shown = {row.name.upper(), self.id_text(row).upper()} - {""}
                parts = [problem_text(p, show_value=p.value.upper() not in shown) for p in row.problems]
            elif row.action == Action.UPDATE:
                parts = [row.change_text(self.unit_names)]
            elif row.action == Action.UNCHANGED:
                parts = [self.tr("与系统中已有的信息一致")]
            else:
                parts = []
            self._notes[position] = "；".join([*parts, *row.notices])
        return self._notes[position]

    # --- QAbstractTableModel -----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        position = self._shown[index.row()]
        row, col = self._rows[position], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == PreviewCol.ROW:
                return str(row.row)
            if col == PreviewCol.RESULT:
                return self.result_text(row)
            if col == PreviewCol.NAME:
                return row.name
            if col == PreviewCol.ID_NUMBER:
                return self.id_text(row)
            if col == PreviewCol.UNIT:
                return self.unit_text(row)
            return self.note(position)
        if role == Qt.ItemDataRole.ToolTipRole and col == PreviewCol.NOTE:
            if row.action == Action.REJECT:
                return "\n".join(p.text() for p in row.problems)
            return self.note(position) or None
        if role == Qt.ItemDataRole.ForegroundRole and col == PreviewCol.RESULT:
            shown = (
                Action.UNCHANGED if row.action == Action.UPDATE and not self.update_existing else row.action
            )
            return QBrush(QColor(RESULT_COLOURS[shown]))
        if role == Qt.ItemDataRole.ForegroundRole and col == PreviewCol.NOTE and row.action == Action.REJECT:
            return QBrush(QColor(RESULT_COLOURS[Action.REJECT]))
        if role == Qt.ItemDataRole.FontRole and col == PreviewCol.RESULT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and row.action == Action.REJECT:
            return QBrush(QColor(REJECT_BACKGROUND))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (PreviewCol.ROW, PreviewCol.RESULT):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
