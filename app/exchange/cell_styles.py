"""What an .xlsx's styles say about its cells that their values do not: a number shown with two decimals (a 0.00
format shows 2015.1 as 2015.10, the month the clerk sees being October), a number shown as a percentage (0.9 shown
as 90%: no score of 0.9 points), and a font struck through (how clerks mark the people who have left).
python-calamine gives values only.

Kept cheap, since the .xlsx scan (app/exchange/bounds.py) runs on every import: xl/styles.xml is read once, and
only when one of its cell formats shows two decimals, a percentage or strikes its text through are the sheet's blocks searched
for the cells that use it — for the s="…" of those formats alone. A workbook without them (our template, our
export, most rosters) pays for the parse of a few kilobytes of styles and nothing per cell."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from app.lazy_re import LazyPattern as _Lazy

__all__ = [
    "MarkingStyles",
    "ShownAsPercent",
    "StyledCells",
    "mark_percentages",
    "mark_two_decimals",
    "read_marking_styles",
    "struck_rows",
]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
_STYLES_BYTES = 8 * 1024 * 1024  # a real styles part is far smaller; a bigger one is not read
# Excel's built-in formats that show two decimals: 0.00, #,##0.00 and the accounting ones.
_BUILT_IN_TWO_DECIMALS = frozenset((2, 4, 39, 40, 43, 44))
_BUILT_IN_PERCENT = frozenset((9, 10))  # 0% and 0.00%
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_CELL_TAG = _Lazy(rb"<" + _PREFIX + rb"c\s")
_CELL_REF = _Lazy(rb"""\sr\s*=\s*["']([A-Za-z]{1,3})([0-9]{1,7})["']""")


@dataclass(frozen=True)
class MarkingStyles:
    """The cell formats (indexes into cellXfs, as a cell's s="…" names them) that matter to an import."""

    two_decimals: frozenset[int]
    struck: frozenset[int]
    percent: frozenset[int] = frozenset()

    def pattern(self) -> re.Pattern[bytes]:
        """s="…" of any of them, the attribute's own name only (not cs="…")."""
        indexes = b"|".join(str(i).encode() for i in sorted(self.two_decimals | self.struck | self.percent))
        return re.compile(rb"""\bs\s*=\s*["'](""" + indexes + rb""")["']""")


class StyledCells:
    """Of one sheet, the cells (row, column; 1-based, as Excel numbers them) in each kind of format, found block
    by block as the scan reads the sheet."""

    def __init__(self, styles: MarkingStyles):
        self.styles = styles
        self.pattern = styles.pattern()
        self.two_decimals: set[tuple[int, int]] = set()
        self.struck: set[tuple[int, int]] = set()
        self.percent: set[tuple[int, int]] = set()

    def add(self, block: bytes) -> None:
        """The cells of `block` (cut where a row or cell starts) whose format is one of the styles."""
        for match in self.pattern.finditer(block):
            start = block.rfind(b"<", 0, match.start())
            if start < 0 or not _CELL_TAG.match(block, start):
                continue  # a row's own style (<row … s="3" customFormat="1">): its cells say their own
            close = block.find(b">", match.end())
            ref = _CELL_REF.search(block, start, close if close > 0 else len(block))
            if ref is None:
                continue
            cell = (int(ref[2]), _column_number(ref[1]))
            index = int(match[1])
            if index in self.styles.two_decimals:
                self.two_decimals.add(cell)
            if index in self.styles.struck:
                self.struck.add(cell)
            if index in self.styles.percent:
                self.percent.add(cell)

    def __bool__(self) -> bool:
        return bool(self.two_decimals or self.struck or self.percent)


def read_marking_styles(archive: zipfile.ZipFile) -> MarkingStyles | None:
    """The workbook's two-decimal, percentage and struck-through cell formats; None when it has none (or no
    styles part that can be read: the values are read as before)."""
    name = next((n for n in archive.namelist() if n.lower() == "xl/styles.xml"), None)
    if name is None or archive.getinfo(name).file_size > _STYLES_BYTES:
        return None
    try:
        root = ElementTree.fromstring(archive.read(name))
    except (ElementTree.ParseError, OSError, zipfile.BadZipFile, EOFError, ValueError):
        return None
    formats = _cell_formats(root)
    two, shares = _two_decimal_formats(root), _percent_formats(root)
    struck_fonts = _struck_fonts(root)
    two_decimals = frozenset(i for i, (fmt, _font) in enumerate(formats) if fmt in two)
    struck = frozenset(i for i, (_fmt, font) in enumerate(formats) if font in struck_fonts)
    percent = frozenset(i for i, (fmt, _font) in enumerate(formats) if fmt in shares)
    return MarkingStyles(two_decimals, struck, percent) if two_decimals or struck or percent else None


def _children(root: ElementTree.Element, parent: str, child: str) -> list[ElementTree.Element]:
    for ns in (_MAIN, _STRICT):
        found = root.find(f"{ns}{parent}")
        if found is not None:
            return found.findall(f"{ns}{child}")
    return []


def _number(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return -1


def _cell_formats(root: ElementTree.Element) -> list[tuple[int, int]]:
    """(numFmtId, fontId) of each cell format, in the order cells name them."""
    return [
        (_number(xf.get("numFmtId")), _number(xf.get("fontId"))) for xf in _children(root, "cellXfs", "xf")
    ]


def _two_decimal_formats(root: ElementTree.Element) -> set[int]:
    """The numFmtIds that show two decimals: Excel's own, and the workbook's whose code does."""
    found = set(_BUILT_IN_TWO_DECIMALS)
    for number_format in _children(root, "numFmts", "numFmt"):
        index = _number(number_format.get("numFmtId"))
        found.discard(index)  # a built-in number a workbook defines again is what it says there
        if shows_two_decimals(number_format.get("formatCode", "")):
            found.add(index)
    return found


def _percent_formats(root: ElementTree.Element) -> set[int]:
    """The numFmtIds that show a number as a percentage: Excel's own, and the workbook's whose code has a %."""
    found = set(_BUILT_IN_PERCENT)
    for number_format in _children(root, "numFmts", "numFmt"):
        index = _number(number_format.get("numFmtId"))
        found.discard(index)
        if "%" in _LITERALS.sub("", number_format.get("formatCode", "")).split(";")[0]:
            found.add(index)
    return found


def _struck_fonts(root: ElementTree.Element) -> set[int]:
    struck = set()
    for index, font in enumerate(_children(root, "fonts", "font")):
        strike = font.find(f"{_MAIN}strike")
        if strike is None:
            strike = font.find(f"{_STRICT}strike")
        if strike is not None and strike.get("val", "1").lower() in ("1", "true"):
            struck.add(index)
    return struck


# What a number format's text holds besides its digits: "literal text", \x, [colour] or [condition], _x and *x.
_LITERALS = _Lazy(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].')
_DECIMALS = _Lazy(r"\.([0#?]+)")
_NOT_A_NUMBER = _Lazy(r"[yYmMdDhHsSeE%@]")  # a date, a time, scientific, a percentage, text


def shows_two_decimals(code: str) -> bool:
    """Whether a number format shows a positive number with two decimals: 0.00, #,##0.00, 0.00_ (WPS); not a date,
    a percentage, a scientific or a text format."""
    first = _LITERALS.sub("", code).split(";")[0]
    if not first or _NOT_A_NUMBER.search(first):
        return False
    decimals = _DECIMALS.findall(first)
    return len(decimals) == 1 and len(decimals[0]) == 2


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def mark_two_decimals(rows: list[list[object]], cells: set[tuple[int, int]]) -> None:
    """A year.month Excel shortened (2015.1), in a cell that shows two decimals, becomes ShownWithTwoDecimals:
    the date parser reads 2015.10, as the clerk sees it. Other numbers are left as they are. In place."""
    # Here, not at the top: the reader is imported before a command line's background read begins, and the
    # date parser's patterns are compiled meanwhile by the import that needs them.
    from app.dates import ShownWithTwoDecimals

    for row, column in cells:
        if row > len(rows) or column > len(rows[row - 1]):
            continue
        value = rows[row - 1][column - 1]
        if type(value) is float and _shortened_month(value):
            rows[row - 1][column - 1] = ShownWithTwoDecimals(value)


def _shortened_month(value: float) -> bool:
    """A year.month whose month Excel may have shortened: 2015.1 (or 90.1), the only one a 0.00 format settles."""
    whole, _, fraction = repr(value).partition(".")
    return fraction == "1" and (1000 <= value < 2201 or 1 <= value < 100)


class ShownAsPercent(float):
    """A number cell shown as a percentage (0.9 shown as 90%): the number it holds, with what the clerk sees."""

    shown: str

    def __new__(cls, value: float) -> ShownAsPercent:
        number = super().__new__(cls, value)
        number.shown = f"{value * 100:.15g}%"
        return number


def mark_percentages(rows: list[list[object]], cells: set[tuple[int, int]]) -> None:
    """The numbers of cells shown as a percentage become ShownAsPercent, so that an import reading a score or an
    amount can say what the clerk sees instead of taking 0.9 for 0.9 points. In place."""
    for row, column in cells:
        if row > len(rows) or column > len(rows[row - 1]):
            continue
        value = rows[row - 1][column - 1]
        if type(value) in (int, float):
            rows[row - 1][column - 1] = ShownAsPercent(value)


def struck_rows(rows: list[list[object]], cells: set[tuple[int, int]]) -> frozenset[int]:
    """The rows (0-based) whose every filled cell is struck through (a merged cell's blank rest does not count)."""
    found = set()
    for number in {row for row, _column in cells}:
        if number > len(rows):
            continue
        filled = [c for c, value in enumerate(rows[number - 1], 1) if value is not None and value != ""]
        if filled and all((number, c) in cells for c in filled):
            found.add(number - 1)
    return frozenset(found)
