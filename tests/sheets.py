"""Small workbooks for tests: rows written as they are, as a street's sheet would hold them."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """One sheet of `rows`. openpyxl writes a text that is one of Excel's seven error codes (#N/A …) as an error
    cell (t="e"), as Excel does."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path
