"""Write the roster to .xlsx or .csv with the columns and order the office uses."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from app.changes import Progress
from app.exchange.xlsx_out import ExportError, check_folder, header_style, save_book, styled, write_via_part

# ExportError is defined in xlsx_out and still imported from here by the callers of export_roster.
from app.jobs import JobCancelled
from app.people.fields import DATE_FIELDS, EXPORT_FIELDS, role_label
from app.units.service import list_units, tree_order, unit_paths

_FORMULA_STARTS = ("=", "+", "-", "@")
_GUARDED_STARTS = (*_FORMULA_STARTS, "'")
_WIDTHS = {"name": 10, "id_number": 21, "unit": 28, "phone": 14, "note": 24, "major": 16, "position": 14}
_TEXT_IN_CSV = ("id_number", "phone")
_SQL_COLUMNS = [k for k in EXPORT_FIELDS if k != "unit"] + ["unit_id"]


def export_rows(db: Database, person_ids: list[int] | None = None) -> Iterator[dict[str, str | None]]:
    """Living people unit by unit, as the unit tree lists them, in the order they were entered within a unit
    (or exactly `person_ids`, in that order), values as text."""
    # The whole path, top included, and the units in their tree's order: imported into an empty database the
    # file rebuilds the same tree, its sibling units in the same order.
    units = list_units(db)
    paths = unit_paths(units, keep_top=True)
    sql = f"SELECT id, {', '.join(_SQL_COLUMNS)} FROM people WHERE deleted_at IS NULL ORDER BY id"
    records = {row[0]: row[1:] for row in db.execute(sql)}
    if person_ids is None:
        place = {unit.id: index for index, (unit, _depth) in enumerate(tree_order(units))}
        unit_at = _SQL_COLUMNS.index("unit_id")
        order = sorted(records, key=lambda pid: place.get(records[pid][unit_at], -1))  # stable: by id within
    else:
        order = person_ids
    for pid in order:
        if pid not in records:
            continue
        values = dict(zip(_SQL_COLUMNS, records[pid], strict=True))
        values["unit"] = paths.get(values.pop("unit_id"), "")
        values["role"] = role_label(values["role"])
        yield {key: values[key] for key in EXPORT_FIELDS}


def export_roster(
    db: Database, out: Path, person_ids: list[int] | None = None, progress: Progress | None = None
) -> int:
    """Write .xlsx or .csv by the file's extension; returns the number of people written."""
    out = Path(out)
    rows = list(export_rows(db, person_ids))
    writer = {".xlsx": _write_xlsx, ".csv": _write_csv}.get(out.suffix.lower())
    if writer is None:
        raise ExportError(f"不支持的文件类型“{out.suffix}”，请保存为 .xlsx 或 .csv")
    check_folder(out)
    if not write_via_part(out, lambda part: writer(rows, part, progress)):
        raise JobCancelled("已取消导出，没有写入文件")
    return len(rows)


def safe_csv_text(value: str | None) -> str:
    """Spreadsheet programs run a cell starting with = + - @ as a formula; a leading apostrophe stops that.
    A text that itself starts with an apostrophe gets one too, so that reading takes exactly one off and the
    round trip gives back what was written ('-5 stays '-5)."""
    text = value or ""
    return "'" + text if text.startswith(_GUARDED_STARTS) else text


def exact_xlsx_text(text: str) -> str:
    """In .xlsx a string cell is never run as a formula, so no guard is needed; but reading takes off the apostrophe
    of a CSV guard that went through Excel ('=…), so a text that itself starts that way keeps it by doubling it."""
    return "'" + text if text.startswith("'") and text[1:2] in _GUARDED_STARTS else text


def csv_cell(key: str, value: str | None) -> str:
    """Excel opens a CSV by guessing types: an 18-digit ID becomes 5.1E+17 and loses digits, a landline loses its
    leading 0. A leading tab makes Excel keep the text; readers strip it with the other white space."""
    text = safe_csv_text(value)
    return "\t" + text if key in _TEXT_IN_CSV and text else text


def _write_csv(rows: list[dict], out: Path, progress: Progress | None) -> bool:
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_FIELDS.values())
        for done, row in enumerate(rows, 1):
            writer.writerow(csv_cell(key, row[key]) for key in EXPORT_FIELDS)
            if progress and done % 500 == 0 and not progress(done, len(rows)):
                return False
    return True


def _write_xlsx(rows: list[dict], out: Path, progress: Progress | None) -> bool:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    keys = list(EXPORT_FIELDS)
    for index, key in enumerate(keys, 1):
        width = _WIDTHS.get(key, 12 if key in DATE_FIELDS else 10)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    header = header_style(wrap=False)
    sheet.append([styled(WriteOnlyCell(sheet, label), header) for label in EXPORT_FIELDS.values()])
    # One cell object per column, given each row's value in turn: append() writes a row out before it returns.
    # Text is a string cell ('=…' stays text, never a formula) in the text format '@', which keeps ID and
    # phone numbers as typed in Excel; a date is a real date shown yyyy-mm-dd.
    text_style = styled(WriteOnlyCell(sheet), {"number_format": "@"})
    date_style = styled(WriteOnlyCell(sheet), {"number_format": "yyyy-mm-dd"})
    fixed = _fixed_style_cell_class()
    columns = [(key, key in DATE_FIELDS, fixed.like(text_style), fixed.like(date_style)) for key in keys]
    try:
        for done, row in enumerate(rows, 1):
            cells = []
            for key, is_date, text_cell, date_cell in columns:
                value = row[key]
                if is_date and value:
                    date_cell.value = dt.date.fromisoformat(value)
                    cells.append(date_cell)
                elif isinstance(value, str):
                    text_cell.value = exact_xlsx_text(value)
                    text_cell.data_type = "s"
                    cells.append(text_cell)
                else:
                    cells.append(value)
            sheet.append(cells)
            if progress and done % 500 == 0 and not progress(done, len(rows)):
                return False
        save_book(book, out)
        return True
    finally:
        _discard_writer(sheet)


def _discard_writer(sheet) -> None:
    """openpyxl's write-only sheet streams into a temp file; finish and remove it when the book was not saved."""
    if sheet.closed:
        return
    with contextlib.suppress(Exception):
        sheet.close()
        sheet._writer.cleanup()


@functools.cache
def _fixed_style_cell_class():
    """A write-only cell whose style is settled before the first row: its style id is looked up once, not
    hashed again for each of the 190,000 cells of a 10,000-person roster (and openpyxl's message for a cell
    appended as a value, which it makes and drops for every such cell, does not spell out the cell)."""
    from openpyxl.cell import Cell

    class FixedStyleCell(Cell):
        __slots__ = ("style_id",)  # stands in for StyleableObject.style_id, which hashes the style each time
        has_style = True

        @classmethod
        def like(cls, model: Cell) -> FixedStyleCell:
            cell = cls(model.parent, row=1, column=1, style_array=model._style)
            cell.style_id = model.style_id
            return cell

        def __repr__(self) -> str:
            return "<FixedStyleCell>"

    return FixedStyleCell
