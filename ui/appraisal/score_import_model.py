"""The score import's dry run as a table: each person row of the sheet with what importing it would do — 新增 to
the period, 更新 (old → new per component), 无变化 or 拒绝 with every problem (column, value, fix) — filtered by
result without copying rows."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.appraisal.score_import import ScorePlan, ScoreRow
from app.appraisal.service import decimal_text
from app.exchange.plan import Action
from ui.exchange.preview_model import REJECT_BACKGROUND, RESULT_COLOURS, problem_text
from ui.widgets import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex


class ScoreCol(IntEnum):
    ROW, RESULT, NAME, ID_NUMBER, NOTE = range(5)


HEADERS = {
    ScoreCol.ROW: "行号",
    ScoreCol.RESULT: "结果",
    ScoreCol.NAME: "姓名",
    ScoreCol.ID_NUMBER: "公民身份号码",
    ScoreCol.NOTE: "说明",
}
RESULT_LABELS = {Action.NEW: "加入", Action.UPDATE: "更新", Action.UNCHANGED: "无变化", Action.REJECT: "拒绝"}


def plan_summary(plan: ScorePlan) -> str:
    """加入 2 人，更新 0 人，…: the dry run's counts in the words the table uses (加入: new to the period)."""
    parts = [f"{RESULT_LABELS[a]} {plan.count(a)} 人" for a in Action]
    if skipped := sum(plan.skipped.values()):
        parts.append(f"非人员行 {skipped} 行")
    return "，".join(parts)


def row_note(row: ScoreRow, names: dict[str, str]) -> str:
    """What the import does with the row, in the clerk's words; every problem of a rejected row."""
    if row.action == Action.REJECT:
        return "；".join(
            problem_text(p, show_value=p.value not in (row.name, row.id_number)) for p in row.problems
        )
    parts: list[str] = []
    if row.action == Action.NEW:
        given = [f"{names.get(k, k)} {decimal_text(v)}" for k, v in row.scores.items()]
        if row.has_bonus and row.bonus is not None:
            given.append(f"{names.get('bonus', '加分')} {decimal_text(row.bonus)}")
        parts.append("加入本次考核" + (f"：{'，'.join(given)}" if given else ""))
    elif row.action == Action.UPDATE:
        parts.append("；".join(f"{k}：{old or '（空）'} → {new}" for k, (old, new) in row.changes.items()))
    else:
        parts.append("与已录入的成绩一致")
    if row.missing:
        parts.append(f"缺{'、'.join(row.missing)}，记为待补录")
    return "；".join(parts)


class ScorePreviewModel(HeadedTableModel):
    headers = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plan: ScorePlan | None = None
        self._names: dict[str, str] = {}
        self._shown: list[ScoreRow] = []
        self._filter: Action | None = None
        self._notes: dict[int, str] = {}  # id(row) -> 说明, worked out when first shown

    def set_plan(self, plan: ScorePlan | None, names: dict[str, str]) -> None:
        """`names`: component key (and 'bonus') -> the column's name, for the 说明 of new rows."""
        self.beginResetModel()
        self.plan, self._names, self._notes = plan, names, {}
        self._shown = self._filtered()
        self.endResetModel()

    def set_filter(self, action: Action | None) -> None:
        self.beginResetModel()
        self._filter = action
        self._shown = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[ScoreRow]:
        rows = self.plan.rows if self.plan else []
        return list(rows) if self._filter is None else [r for r in rows if r.action == self._filter]

    def row_at(self, row: int) -> ScoreRow:
        return self._shown[row]

    def note(self, row: ScoreRow) -> str:
        key = id(row)
        if key not in self._notes:
            self._notes[key] = row_note(row, self._names)
        return self._notes[key]

    def detail(self, row: int) -> str:
        """'第5行 王五（拒绝）：…', the whole 说明, for the line under the table."""
        shown = self._shown[row]
        who = f" {shown.name}" if shown.name else ""
        return self.tr("第{0}行{1}（{2}）：{3}").format(
            shown.row, who, RESULT_LABELS[shown.action], self.note(shown)
        )

    # --- QAbstractTableModel -----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        row, col = self._shown[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == ScoreCol.NOTE:
            return "\n".join(p.text() for p in row.problems) if row.problems else self.note(row)
        if role == Qt.ItemDataRole.ForegroundRole and (
            col == ScoreCol.RESULT or (col == ScoreCol.NOTE and row.action == Action.REJECT)
        ):
            return QBrush(QColor(RESULT_COLOURS[row.action]))
        if role == Qt.ItemDataRole.FontRole and col == ScoreCol.RESULT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and row.action == Action.REJECT:
            return QBrush(QColor(REJECT_BACKGROUND))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (ScoreCol.ROW, ScoreCol.RESULT):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, row: ScoreRow, col: int) -> str:
        if col == ScoreCol.ROW:
            return str(row.row)
        if col == ScoreCol.RESULT:
            return self.tr(RESULT_LABELS[row.action])
        if col == ScoreCol.NAME:
            return row.name
        if col == ScoreCol.ID_NUMBER:
            return row.id_number  # a number that could not be read is in the 说明, with what is wrong with it
        return self.note(row)
