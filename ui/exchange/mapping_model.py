"""Step 2's table: one row per column of the file — its header text, an example value, the field it is imported
as — and the combo box that changes the field."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from app.exchange.cells import cell_text
from app.exchange.columns import HeaderGuess
from app.exchange.reader import Sheet
from app.exchange.roster_import import REQUIRED_COLUMNS
from app.people.fields import EXPORT_FIELDS
from ui.exchange.common import column_letter, shown_cell
from ui.widgets import HeadedTableModel

NOT_IMPORTED = ""  # the mapping's 不导入
SAMPLE_ROWS = 30  # rows below the header searched for a column's example value
# A column not imported reads grey (a colour of the model's data, not of a widget: no style sheet reaches it).
NOT_IMPORTED_COLOUR = "#6b7785"
_Index = QModelIndex | QPersistentModelIndex


class MapCol(IntEnum):
    LETTER, HEADER, SAMPLE, FIELD, NOTE = range(5)


MAP_HEADERS = {
    MapCol.LETTER: "列",
    MapCol.HEADER: "表头文字",
    MapCol.SAMPLE: "示例（一行数据）",
    MapCol.FIELD: "导入为",
    MapCol.NOTE: "说明",
}


class MappingModel(HeadedTableModel):
    """One row per column of the file: its header text, an example value and the field it is imported as."""

    headers = MAP_HEADERS
    mapping_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns: list[int] = []  # sheet column index of each row
        self.header_texts: dict[int, str] = {}
        self.samples: dict[int, str] = {}
        self.sample_row = -1  # index in the sheet's rows of the row the samples come from
        self.guessed: dict[int, str] = {}  # what the header's label says (before the user's changes)
        self.duplicates: set[int] = set()  # columns naming a field an earlier column already has
        self.fields: dict[int, str] = {}  # column -> field, as the user has it now

    def set_header(self, sheet: Sheet, guess: HeaderGuess) -> None:
        rows = sheet.rows
        header = rows[guess.row_index] if 0 <= guess.row_index < len(rows) else []
        below = rows[guess.row_index + 1 : guess.row_index + 1 + SAMPLE_ROWS]
        width = max([len(header), *(len(r) for r in below)], default=0)
        self.beginResetModel()
        self.header_texts = {c: " ".join(cell_text(v).split()) for c, v in enumerate(header)}
        # One real row, the fullest of the first few (a half-filled first row, a 合计 row, would show little):
        # values gathered from different rows would pair one person's name with another's ID number.
        sample = max(below, key=lambda row: sum(1 for v in row if shown_cell(v)), default=[])
        self.sample_row = guess.row_index + 1 + below.index(sample) if sample else -1
        self.samples = {c: text for c, v in enumerate(sample) if (text := shown_cell(v))}
        self.columns = [c for c in range(width) if self.header_texts.get(c) or self.samples.get(c)]
        self.guessed = dict(guess.mapping)
        self.duplicates = {c for c, _text in guess.duplicates}
        self.fields = dict(guess.mapping)
        self.endResetModel()
        self.mapping_changed.emit()

    def mapping(self) -> dict[int, str]:
        return {c: f for c, f in self.fields.items() if f}

    def column_of(self, field: str) -> int | None:
        return next((c for c, f in self.fields.items() if f == field), None)

    def set_field(self, column: int, field: str) -> None:
        """Import `column` as `field` ('' for 不导入); a column that had the field before gives it up."""
        if column not in self.columns:
            raise ValueError(column)
        self.setData(self.index(self.columns.index(column), MapCol.FIELD), field)

    def note(self, column: int) -> str:
        field = self.fields.get(column, "")
        if field:
            if self.guessed.get(column) == field:
                return self.tr("必填") if field in REQUIRED_COLUMNS else ""
            return self.tr("已手动指定")
        if not self.header_texts.get(column):
            return self.tr("没有表头，将忽略")
        if column in self.duplicates:
            return self.tr("与前面的列重复，将忽略")
        if column in self.guessed:
            return self.tr("已设为不导入")
        return self.tr("未识别，将忽略")

    # --- QAbstractTableModel -----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.columns):
            return None
        column, col = self.columns[index.row()], index.column()
        if role == Qt.ItemDataRole.EditRole and col == MapCol.FIELD:
            return self.fields.get(column, NOT_IMPORTED)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == MapCol.LETTER:
                return column_letter(column)
            if col == MapCol.HEADER:
                return self.header_texts.get(column, "")
            if col == MapCol.SAMPLE:
                return self.samples.get(column, "")
            if col == MapCol.FIELD:
                field = self.fields.get(column, NOT_IMPORTED)
                return EXPORT_FIELDS[field] if field else self.tr("不导入")
            return self.note(column)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col in (MapCol.FIELD, MapCol.NOTE)
            and not self.fields.get(column)
        ):
            return QBrush(QColor(NOT_IMPORTED_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == MapCol.LETTER:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != MapCol.FIELD:
            return False
        field = str(value or NOT_IMPORTED)
        if field and field not in EXPORT_FIELDS:
            return False
        column = self.columns[index.row()]
        if self.fields.get(column, NOT_IMPORTED) == field:
            return True
        touched = [index.row()]
        if field:
            for other, other_field in list(self.fields.items()):
                if other != column and other_field == field:
                    self.fields[other] = NOT_IMPORTED
                    touched.append(self.columns.index(other))
        self.fields[column] = field
        for row in touched:
            self.dataChanged.emit(self.index(row, MapCol.FIELD), self.index(row, MapCol.NOTE))
        self.mapping_changed.emit()
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == MapCol.FIELD:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


class FieldDelegate(QStyledItemDelegate):
    """The 导入为 cell: a combo of 不导入 and the roster's fields, applied as soon as it is changed."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: N802
        box = QComboBox(parent)
        box.addItem(self.tr("不导入"), NOT_IMPORTED)
        for field, label in EXPORT_FIELDS.items():
            box.addItem(label, field)
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        box.currentIndexChanged.connect(lambda _i, b=box: self.commitData.emit(b))
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        found = editor.findData(value)
        if found != editor.currentIndex():
            editor.blockSignals(True)
            editor.setCurrentIndex(max(found, 0))
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
