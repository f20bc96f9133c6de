"""What every reader of a table gives: a Sheet of rows, a ReadError in Chinese, and the tidying both the
workbook and the text readers do."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.exchange.cell_errors import ExcelError

SAVE_AS = "请在 Excel 或 WPS 中打开它，另存为 .xlsx 后重试"


class ReadError(Exception):
    """The file cannot be read as a table; ``str(e)`` tells the clerk why and what to do."""


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[object]]  # rectangular; blank cells None; trailing blank rows dropped
    # The rows (0-based) holding an ExcelError, so that an import looks for one only there. The reader gives
    # it; a Sheet made elsewhere (None) has its rows searched once here.
    error_rows: frozenset[int] = None  # type: ignore[assignment]
    # Cells merged down over several rows: ((top row, column), bottom row), 0-based. Only the top cell holds the
    # value; fill_merged_down gives it to the rows below, once the caller knows where its data begins.
    merged_down: tuple[tuple[tuple[int, int], int], ...] = ()
    hidden_rows: frozenset[int] = frozenset()  # rows (0-based) Excel hides: only an .xlsx says which
    # Rows (0-based) whose every filled cell is struck through — how clerks mark people who left: only an .xlsx
    # says which (app/exchange/cell_styles.py).
    struck_rows: frozenset[int] = frozenset()
    from_text: bool = False  # a CSV or other text file: each cell is the text Excel (or a program) wrote

    def __post_init__(self) -> None:
        if self.error_rows is None:
            found = frozenset(i for i, row in enumerate(self.rows) if ExcelError in map(type, row))
            object.__setattr__(self, "error_rows", found)


def fill_merged_down(sheet: Sheet, first_row: int) -> None:
    """Give each cell merged down over several rows, from `first_row` on (the data under a header: a merged
    header cell is the header's business), to every row it covers, where blank. A community written once beside
    its people holds its name in its top row only; the clerk sees it in every row. In place."""
    rows = sheet.rows
    for (top, column), bottom in sheet.merged_down:
        if top < first_row or top >= len(rows) or column >= len(rows[top]):
            continue
        value = rows[top][column]
        if _is_blank(value):
            continue
        for cells in rows[top + 1 : bottom + 1]:
            if column < len(cells) and _is_blank(cells[column]):
                cells[column] = value


# A year.month whose month may have lost its 0: "1990.1" (or "90.1"), as Excel writes 1990.10 from a General cell.
_SHORTENED_MONTH = re.compile(r"\s*(?:[0-9]{4}|[0-9]{2})\.1\s*")


def mark_csv_months(sheet: Sheet, first_row: int, columns: list[int]) -> None:
    """In a CSV, each date cell of `columns` from `first_row` on that reads "1990.1" becomes a CsvNumberText: Excel
    saved a General cell typed 1990.10 so, and the date parser reads it as it reads the number cell 1990.1 of an
    .xlsx (the ID number settles a 出生年月; any other date is refused as ambiguous). In place."""
    if not sheet.from_text:
        return
    from app.dates import CsvNumberText  # only for a CSV: the reader, which imports this module, needs none

    for cells in sheet.rows[first_row:]:
        for column in columns:
            value = cells[column] if column < len(cells) else None
            if type(value) is str and ".1" in value and _SHORTENED_MONTH.fullmatch(value):
                cells[column] = CsvNumberText(value)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def tidy(rows: list[list[object]]) -> list[list[object]]:
    """'' -> None, ragged rows padded with None to one width, trailing blank rows dropped; in place."""
    end = len(rows)
    while end and all(_is_blank(v) for v in rows[end - 1]):
        end -= 1
    del rows[end:]
    width = max(map(len, rows), default=0)
    for row in rows:
        # Found and replaced where they are, in C: a roster row has a few blank cells among twenty, and a new list
        # per row was a tenth of the time between calamine's parse and the plan.
        at = -1
        for _ in range(row.count("")):
            at = row.index("", at + 1)
            row[at] = None
        if len(row) < width:
            row.extend([None] * (width - len(row)))
    return rows
