"""A read-only table whose columns are given as headers and a function of the row: the 导师帮带 lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QHeaderView, QTableView

from ui.widgets import ReadOnlyTableModel, read_only_table


class ListModel(ReadOnlyTableModel[Any]):
    def __init__(self, headers: tuple[str, ...], cells: Callable[[Any], Sequence[str]], parent=None):
        super().__init__(parent)
        self.headers = headers
        self._row_cells = cells

    def cells(self, record: Any) -> Sequence[str]:
        return self._row_cells(record)


def list_table(
    headers: tuple[str, ...], cells: Callable[[Any], Sequence[str]], stretch: int = -1
) -> tuple[ListModel, QTableView]:
    """The model and its table; the `stretch` column takes the spare width (else the last one)."""
    model = ListModel(headers, cells)
    table = read_only_table(model)
    if stretch >= 0:
        table.horizontalHeader().setStretchLastSection(False)
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return model, table


def current(model: ListModel, table: QTableView) -> Any:
    return model.row_at(table.currentIndex().row())


def show_rows(model: ListModel, table: QTableView, rows: list) -> None:
    """New rows, keeping the selected line where it was (or the last one)."""
    row = table.currentIndex().row()
    model.set_rows(rows)
    if rows:
        table.selectRow(min(max(row, 0), len(rows) - 1))
