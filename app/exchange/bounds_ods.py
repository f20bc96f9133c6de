"""How big a sheet of an OpenDocument spreadsheet (.ods) really is, and which of its cells hold an error value,
found before python-calamine reads it (see app/exchange/bounds.py for why, and for the .xlsx)."""

from __future__ import annotations

import re
import zipfile

from app.exchange.bounds import ErrorCells, Extent, check_extent, check_part_size

__all__ = ["check_ods"]

# LibreOffice writes a run of equal rows or cells once, with a repeat count: a value filled down a whole column
# is one row repeated 1,048,575 times, which calamine expands cell by cell (a value filled across 16,384 columns
# of 1,000 rows took 2 GB). Long runs of *empty* cells and rows end every LibreOffice sheet and are skipped by
# calamine: only a run that holds a value counts.
_BIG_REPEAT = re.compile(rb'number-(rows|columns)-repeated="0*([0-9]{4,})"')
_ODS_VALUE = re.compile(rb"office:value-type=|<text:p[\s>]")
_ODS_CELL_REPEAT = re.compile(rb'<table:table-cell\b[^>]*?number-columns-repeated="0*([0-9]+)"')
_ODS_TABLE_NAME = re.compile(rb'<table:table\s[^>]*?table:name="([^"]*)"')


def check_ods(archive: zipfile.ZipFile) -> ErrorCells:
    """Refuse a sheet of an .ods whose repeated rows or cells that hold a value reach beyond the limits;
    returns the cells holding an error value (calamine gives LibreOffice's `office:string-value=""` of one as
    a blank)."""
    try:
        info = archive.getinfo("content.xml")
    except KeyError:
        return {}
    check_part_size(info)
    data = archive.read(info)
    _check_ods_repeats(data)
    return _ods_errors(data) if _ODS_ERROR in data else {}


def _check_ods_repeats(data: bytes) -> None:
    for match in _BIG_REPEAT.finditer(data):
        start = data.rfind(b"<", 0, match.start())
        end = data.find(b">", match.end())
        if end < 0:
            return
        count = int(match[2])
        if match[1] == b"columns":
            if not data.startswith((b"<table:table-cell", b"<table:covered-table-cell"), start):
                continue  # a <table:table-column> run: column styles, no cells
            closing = data.find(b"-table-cell>", end)
            holds = data[end - 1 : end] != b"/" and closing >= 0 and _ODS_VALUE.search(data, start, closing)
            extent = Extent(1, count)
        else:
            closing = data.find(b"</table:table-row>", end)
            row = data[end:closing] if closing >= 0 else b""
            holds = _ODS_VALUE.search(row) is not None
            repeats = [int(c) for c in _ODS_CELL_REPEAT.findall(row)]
            width = row.count(b"<table:table-cell") - len(repeats) + sum(repeats)
            table = data.rfind(b"<table:table ", 0, start)
            extent = Extent(data.count(b"<table:table-row", max(table, 0), start) + count, width)
        if holds:
            check_extent(_ods_sheet_name(data, start), extent)


_ODS_ERROR = b'calcext:value-type="error"'
_ODS_TOKEN = re.compile(
    rb'<table:table\s[^>]*?table:name="([^"]*)"'  # a sheet
    rb"|<table:table-row(?=[\s/>])([^>]*?)(/?)>"  # a row (not a row group)
    rb"|</table:table-row>"
    rb"|<table:(?:covered-)?table-cell(?=[\s/>])([^>]*?)(/?)>"  # a cell, covered by a merge or not
)
_ODS_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="0*([0-9]+)"')
_ODS_TEXT = re.compile(rb"<text:p>([^<]{1,20})</text:p>")


def _ods_errors(data: bytes) -> ErrorCells:
    """Sheet -> {(row, column): code}, 1-based, of the cells LibreOffice marks as holding an error value, their
    places counted as calamine counts them: repeated rows and cells, and cells covered by a merge."""
    errors: ErrorCells = {}
    sheet, row, column, repeat = "", 1, 1, 1
    for token in _ODS_TOKEN.finditer(data):
        if token[1] is not None:
            sheet, row = token[1].decode("utf-8", "replace"), 1
        elif token[0].startswith(b"</"):
            row += repeat
        elif token[2] is not None:
            column, repeat = 1, _ods_repeat(token[2])
            if token[3]:
                row += repeat
        else:
            span = _ods_repeat(token[4])
            if _ODS_ERROR in token[4] and not token[5] and (text := _ODS_TEXT.match(data, token.end())):
                code = text[1].decode("utf-8", "replace").strip()
                for below in range(min(repeat, 1000)):  # the same error filled down, as far as a sheet reads
                    for right in range(min(span, 1000)):
                        errors.setdefault(sheet, {})[(row + below, column + right)] = code
            column += span
    return errors


def _ods_repeat(attributes: bytes) -> int:
    found = _ODS_REPEAT.search(attributes)
    return int(found[1]) if found else 1


def _ods_sheet_name(data: bytes, position: int) -> str:
    names = list(_ODS_TABLE_NAME.finditer(data, 0, position))
    return names[-1][1].decode("utf-8", "replace") if names else ""
