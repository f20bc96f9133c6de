"""Pieces every page is built from: the page layout and title, grey hints, read-only tables and their model.

Looks come from resources/style.qss by object name (`QLabel#pageTitle`, `QLabel#hint`), never from inline
style sheets, so that all pages look alike and one file changes them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

PAGE_MARGIN = 12

R = TypeVar("R")
_Index = QModelIndex | QPersistentModelIndex


# --- page scaffolding ------------------------------------------------------------------------------


def page_title(text: str) -> QLabel:
    """The big title at the top of a page (styled by `QLabel#pageTitle`)."""
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def hint_label(text: str = "", *, wrap: bool = True) -> QLabel:
    """Grey text (styled by `QLabel#hint`): an explanation, word-wrapped; a status line with `wrap=False`."""
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(wrap)
    return label


def selectable_label() -> QLabel:
    """A word-wrapped value the user can select and copy (a path, a parent unit)."""
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def page_layout(page: QWidget, title: str, *, spacing: int = 8) -> QVBoxLayout:
    """The page's top-level column with the usual margins, its title already in place."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
    layout.setSpacing(spacing)
    layout.addWidget(page_title(title))
    return layout


def read_only_table(
    model: QAbstractTableModel,
    *,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
    resize: QHeaderView.ResizeMode = QHeaderView.ResizeMode.ResizeToContents,
) -> QTableView:
    """A table of whole-row selection, no editing, no row numbers, rows as tall as the text needs."""
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.setStyleSheet("QTableView::item { padding: 0px 6px; }")
    header = view.horizontalHeader()
    header.setSectionResizeMode(resize)
    header.setStretchLastSection(True)
    return view


# --- the model -------------------------------------------------------------------------------------


class ReadOnlyTableModel(QAbstractTableModel, Generic[R]):
    """A flat table the user only reads: one record per row, its display texts worked out once when set.

    A subclass sets `headers` (column titles: a tuple, or a dict keyed by an IntEnum of the columns),
    implements `cells(record)`, and may answer other roles (tooltip, alignment) in `role_data`.
    """

    headers: Sequence[str] | Mapping[int, str] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[R] = []
        self._cells: list[Sequence[str]] = []

    def set_rows(self, rows: Iterable[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._cells = [self.cells(row) for row in self.rows]
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # --- hooks ---------------------------------------------------------------------------------

    def cells(self, record: R) -> Sequence[str]:
        """The display text of each column for one record."""
        raise NotImplementedError

    def role_data(self, record: R, column: int, role: int) -> Any:
        """Data for roles other than DisplayRole; None by default."""
        return None

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        return self.role_data(self.rows[index.row()], index.column(), role)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.tr(self.headers[section]) if 0 <= section < len(self.headers) else None
        return section + 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
