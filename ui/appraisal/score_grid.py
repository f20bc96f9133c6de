"""The score grid as a clerk types into it from a paper sheet: typing replaces the cell, Enter moves down, Tab
moves right (to the next row's first score after the last), Shift+Tab back. A refused value keeps the cursor
on its cell so it can be typed again at once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui.appraisal.score_model import NAME, UNIT, ScoreModel

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DOWN, RIGHT, LEFT = "down", "right", "left"


class ScoreDelegate(QStyledItemDelegate):
    """A plain line edit whose every keystroke previews the ranking; Enter and Tab commit and move."""

    def __init__(self, grid: ScoreGrid):
        super().__init__(grid)
        self.grid = grid
        self._editing: dict[QWidget, QPersistentModelIndex] = {}

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:  # noqa: N802
        editor = QLineEdit(parent)
        editor.setObjectName("scoreEditor")
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._editing[editor] = QPersistentModelIndex(index)
        row, column = index.row(), index.column()
        editor.textEdited.connect(lambda text: self.grid.score_model.preview(row, column, text))
        editor.destroyed.connect(lambda *_: self._editing.pop(editor, None))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.selectAll()  # typing replaces what is there

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            move = _move_of(event)
            if move is not None:
                self._commit_and_move(editor, move)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.grid.score_model.end_preview()
        return super().eventFilter(editor, event)

    def _commit_and_move(self, editor: QWidget, move: str) -> None:
        index = self._editing.get(editor)
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if index is not None and index.isValid():
            self.grid.after_commit(index.row(), index.column(), move)


def _move_of(event: QKeyEvent) -> str | None:
    key = event.key()
    if key in _ENTER:
        return DOWN
    if key == Qt.Key.Key_Backtab or (
        key == Qt.Key.Key_Tab and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
    ):
        return LEFT
    if key == Qt.Key.Key_Tab:
        return RIGHT
    return None


class ScoreGrid(QTableView):
    def __init__(self, model: ScoreModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.score_model = model
        self.setModel(model)
        self.setItemDelegate(ScoreDelegate(self))
        self.setObjectName("scoreGrid")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().hide()
        model.modelReset.connect(self._size_columns)

    def _size_columns(self) -> None:
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for column, col in enumerate(self.score_model.columns):
            if col.key == UNIT:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            elif col.key == NAME:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(column, 84)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                width = self.fontMetrics().horizontalAdvance(col.title) + 28
                self.setColumnWidth(column, max(width, 64))

    # --- moving --------------------------------------------------------------------------------------
    def first_score_cell(self) -> QModelIndex:
        columns = self.score_model.editable_columns()
        if not columns or not self.score_model.rowCount():
            return QModelIndex()
        return self.score_model.index(0, columns[0])

    def start(self) -> None:
        """Focus the grid on its first score cell (or the current one)."""
        if not self.currentIndex().isValid():
            self.setCurrentIndex(self.first_score_cell())
        self.setFocus()

    def next_cell(self, row: int, column: int, move: str) -> QModelIndex:
        model = self.score_model
        columns = model.editable_columns() or [column]
        rows = model.rowCount()
        if move == DOWN:
            return model.index(min(row + 1, rows - 1), column)
        at = columns.index(column) if column in columns else -1
        if move == RIGHT:
            if at + 1 < len(columns):
                return model.index(row, columns[at + 1])
            return model.index(row + 1, columns[0]) if row + 1 < rows else model.index(row, column)
        if at > 0:
            return model.index(row, columns[at - 1])
        return model.index(row - 1, columns[-1]) if row > 0 else model.index(row, column)

    def after_commit(self, row: int, column: int, move: str) -> None:
        """A refused value keeps the cursor where it is; anything else moves on."""
        if self.score_model.refused_text(row, column) is not None:
            self.setCurrentIndex(self.score_model.index(row, column))
            return
        self.setCurrentIndex(self.next_cell(row, column, move))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        move = _move_of(event)
        current = self.currentIndex()
        if move is not None and current.isValid() and self.state() != QAbstractItemView.State.EditingState:
            self.setCurrentIndex(self.next_cell(current.row(), current.column(), move))
            return
        super().keyPressEvent(event)
