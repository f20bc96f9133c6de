"""The roster table: column-wise data loaded by one query, filtered over precomputed search text, sorted in place."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.people.roster import HEADERS, Col, RosterData, search_needle

_EMPTY = RosterData([], [], [[] for _ in Col], [])
_FLAGGED_ROLES = (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole)
_FLAG_BRUSH = QBrush(QColor("#b45309"))  # the warning colour of the style sheet's [tone="warning"]
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class RosterFilter:
    text: str = ""
    role: str | None = None  # role label as shown
    unit_ids: frozenset[int] | None = None
    status: str | None = None
    political: str | None = None
    education: str | None = None
    ages: tuple[int | None, int | None] = (None, None)  # whole years today, both ends included
    birth_years: tuple[int | None, int | None] = (None, None)
    post_start: tuple[str | None, str | None] = (None, None)  # ISO dates, both ends included

    def columns(self) -> list[tuple[Col, str]]:
        pairs = (
            (Col.ROLE, self.role),
            (Col.STATUS, self.status),
            (Col.POLITICAL, self.political),
            (Col.EDUCATION, self.education),
        )
        return [(col, value) for col, value in pairs if value]

    def ranges(self) -> list[tuple[Col, object, object]]:
        """(column, low, high) for every range set; a person with no value in that column is left out."""
        years = self.birth_years
        pairs = (
            (Col.AGE, *self.ages),
            # Birth years compare as ISO text: from 1 January of the first year to 31 December of the last.
            (Col.BIRTH_DATE, years[0] and f"{years[0]:04d}", years[1] and f"{years[1]:04d}-12-31"),
            (Col.POST_START, *self.post_start),
        )
        return [(col, low, high) for col, low, high in pairs if low is not None or high is not None]


def _in_range(rows: list[int], cells: list, low, high) -> list[int]:
    # One comprehension per case: the test inside runs 100,000 times. A blank cell ("" or no age) is never in.
    if low is not None and high is not None:
        return [i for i in rows if cells[i] and low <= cells[i] <= high]
    if low is not None:
        return [i for i in rows if cells[i] and low <= cells[i]]
    return [i for i in rows if cells[i] and cells[i] <= high]


def _narrows(old_text: str, new_text: str) -> bool:
    """True when every row the new text finds is among those the old text found."""
    old, new = search_needle(old_text), search_needle(new_text)
    if not old:
        return True
    # A pinyin needle (' zs') and a plain one look in different places: only one of the same kind narrows.
    return new.startswith(old) and old.startswith(" ") == new.startswith(" ")


class RosterModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._data = _EMPTY
        self._order: list[int] = []  # every row, in the current sort order
        self._visible: list[int] = []  # the rows that pass the filter, in sort order
        self._filter = RosterFilter()
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # --- data in -------------------------------------------------------------------------------------
    def set_roster(self, data: RosterData) -> None:
        self.beginResetModel()
        self._data = data
        self._order = self._sorted_order(*self._sort)
        self._visible = self._apply(self._order, self._filter)
        self.endResetModel()

    def set_filter(self, new: RosterFilter) -> None:
        old, self._filter = self._filter, new
        # Typing one more letter only narrows the result: search the rows still shown, not all of them.
        narrowing = _narrows(old.text, new.text) and replace(new, text="") == replace(old, text="")
        source = self._visible if narrowing else self._order
        self.beginResetModel()
        self._visible = self._apply(source, new)
        self.endResetModel()

    def _apply(self, rows: list[int], flt: RosterFilter) -> list[int]:
        data = self._data
        for col, value in flt.columns():
            cells = data.cells[col]
            rows = [i for i in rows if cells[i] == value]
        for col, low, high in flt.ranges():
            rows = _in_range(rows, data.cells[col], low, high)
        if flt.unit_ids is not None:
            units, wanted = data.unit_ids, flt.unit_ids
            rows = [i for i in rows if units[i] in wanted]
        needle = search_needle(flt.text)
        if needle:
            search = data.pinyin if needle.startswith(" ") else data.search
            rows = [i for i in rows if needle in search[i]]
        return rows

    # --- sorting -------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # A reset, not layoutChanged: in PySide6 6.12 emitting layoutChanged() drops a reference to True each
        # time, and enough sorts crash the interpreter. The page keeps the selection across resets.
        self.beginResetModel()
        self._sort = (column, order)
        self._order = self._sorted_order(column, order)
        if len(self._visible) == len(self._order):
            self._visible = list(self._order)  # nothing filtered out: no need to test membership
        else:
            keep = set(self._visible)
            self._visible = [i for i in self._order if i in keep]
        self.endResetModel()

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> list[int]:
        count = len(self._data.ids)
        if column < 0:
            return list(range(count))
        keys = self._sort_keys(Col(column))
        return sorted(range(count), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)

    def _sort_keys(self, column: Col) -> list:
        data = self._data
        if column == Col.NAME:
            return data.name_order  # pinyin order, syllables apart, as people expect from a roster
        if column == Col.AGE:
            return [a if a is not None else -1 for a in data.cells[Col.AGE]]
        return data.cells[column]

    # --- Qt model API --------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._data.cells[index.column()][self._visible[index.row()]]
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (
            Col.GENDER,
            Col.AGE,
            Col.PROMOTION,
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == Col.UNIT:
            return self._data.cells[Col.UNIT][self._visible[index.row()]]  # the whole path when cut short
        if role in _FLAGGED_ROLES and index.column() in (Col.NAME, Col.PROMOTION) and self._data.notes:
            return self._flag(self._data.ids[self._visible[index.row()]], role)
        if role == Qt.ItemDataRole.UserRole:
            return self._data.ids[self._visible[index.row()]]
        return None

    def _flag(self, person_id: int, role: int):
        """三年内不考虑提拔: the name in the flag's colour, the reason (year, points, until when) as its tooltip."""
        note = self._data.notes.get(person_id)
        if note is None:
            return None
        return note if role == Qt.ItemDataRole.ToolTipRole else _FLAG_BRUSH

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[Col(section)] if 0 <= section < len(Col) else None
        return str(section + 1)

    # --- questions the page asks ---------------------------------------------------------------------
    def person_id(self, row: int) -> int:
        return self._data.ids[self._visible[row]]

    def row_of(self, person_id: int) -> int | None:
        try:
            data_row = self._data.ids.index(person_id)
            return self._visible.index(data_row)
        except ValueError:
            return None

    def visible_ids(self) -> list[int]:
        return [self._data.ids[i] for i in self._visible]

    def total(self) -> int:
        return len(self._data.ids)
