"""Formulas without a result in a ledger's .xlsx: what a script writes (openpyxl saves `=F3*G3` with no value;
only a spreadsheet program computes one). python-calamine reads the stored result only, and gives '' where
there is none — an amount of 0 元 — and (version 0.9) has no call that says a cell holds a formula. So the
sheet's XML is read here for the cells that do: first only searched, in blocks, for a formula without a value
(the cost is one more decompression of the sheet, a few per cent of the import); only a sheet with one is
parsed.

A formula whose result is empty text (`<c t="str"><f>IF(…,"",…)</f><v></v></c>`) has a result: a blank.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

# The workbook's sheet → part resolution is the reader's scan's (app/exchange/bounds.py); not public there.
from app.exchange.bounds import BoundsError, _worksheet_parts, column_number

_BLOCK = 1024 * 1024
_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # some writers (the .NET Open XML SDK) write <x:c>
# A formula's end followed by an empty value or none: the only way a cell can lack its result. Excel, WPS and
# LibreOffice always save one, so a sheet of theirs with formulas (序号 =ROW()-3, a 合计 =SUM(…)) is not parsed.
_NO_RESULT = re.compile(
    rb"(?:</" + _P + rb"f>|<" + _P + rb"f(?:\s[^>]*)?/>)\s*(?:<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</"
    + _P + rb"v>|</" + _P + rb"c>)"
)  # fmt: skip
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})$")
_TEXT_RESULTS = frozenset(("str", "inlineStr"))

Cells = frozenset[tuple[int, int]]  # (row, column), 0-based, as in Sheet.rows


def unfinished_formulas(path: Path, sheet: str) -> Cells:
    """The cells of the .xlsx's `sheet` that hold a formula but no result; none for any other kind of file."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = next((p for name, p, _shown in _worksheet_parts(archive) if name == sheet), None)
            if part is None or not _may_lack_results(archive, part):
                return frozenset()
            with archive.open(part) as stream:
                return _without_result(stream)
    except (zipfile.BadZipFile, BoundsError, OSError, KeyError, ElementTree.ParseError):
        return frozenset()  # not an .xlsx (a CSV, an .xls), or nothing more to learn from it


def _may_lack_results(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while block := stream.read(_BLOCK):
            data = tail + block
            # Most sheets hold no formula: two plain searches say so faster than the pattern.
            if (b"<f" in data or b":f" in data) and _NO_RESULT.search(data):
                return True
            tail = block[-256:]  # a formula's end cut in two by the block's
    return False


def _without_result(stream) -> Cells:
    found: set[tuple[int, int]] = set()
    for _event, element in ElementTree.iterparse(stream, events=("end",)):
        tag = element.tag.rpartition("}")[2]
        if tag == "c":
            if _unfinished(element) and (ref := _REF.match(element.get("r", ""))):
                found.add((int(ref[2]) - 1, column_number(ref[1]) - 1))
        elif tag == "row":
            element.clear()  # a long sheet is not kept whole
    return frozenset(found)


def _unfinished(cell: ElementTree.Element) -> bool:
    """A formula and no result: no value, or an empty one that is no text."""
    children = {child.tag.rpartition("}")[2]: child for child in cell}
    if "f" not in children:
        return False
    value = children.get("v")
    if value is not None and value.text:
        return False
    return cell.get("t") not in _TEXT_RESULTS or value is None
