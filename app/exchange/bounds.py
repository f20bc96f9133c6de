"""How big a sheet really is, found before python-calamine is allowed to read it.

calamine turns a sheet into a dense grid (32 bytes a cell) spanning every cell that holds something: one value
in XFD1048576 asks for 549 GB and the allocation failure aborts the process — no exception, no message. So for
an .xlsx the sheet's XML is scanned here first, without calamine: the cell references of cells that hold
something (a self-closing `<c r="…" s="…"/>` is a formatted blank, which calamine skips too), and how much text
the cells take from the shared-strings table (one long string used by many cells is the "shared-strings bomb").
`<dimension ref=…>` is not trusted: writers leave it stale, in both directions; the references are what
calamine uses.

The same scan notes the cells that hold an error value (`t="e"`: #N/A, #DIV/0! …), which calamine returns as
'' like a blank cell: the reader puts an ``ExcelError`` there (app/exchange/cell_errors.py).

Regular expressions over the decompressed bytes, in blocks: a 10,000-row sheet is scanned in tens of
milliseconds. The limits are in ``app.exchange.limits``; a refusal is a ``BoundsError`` with the Chinese reason.
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from app.exchange import limits
from app.exchange.cell_errors import NO_RESULT
from app.exchange.cell_styles import StyledCells, read_marking_styles
from app.lazy_re import LazyPattern as _Lazy

__all__ = [
    "BoundsError",
    "ErrorCells",
    "HiddenRows",
    "Extent",
    "check_extent",
    "check_part_size",
    "check_xlsx",
    "column_letters",
    "column_number",
]

_BLOCK = 4 * 1024 * 1024
_ZZZZ = 475_254  # the last column with a name of four letters, for messages
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"  # some writers (the .NET Open XML SDK) write <x:c>
_BOUNDARY = re.compile(rb"<" + _PREFIX + rb"(?:c|row)[\s>/]|</" + _PREFIX + rb"row>")
_ITEM_START = re.compile(rb"<" + _PREFIX + rb"si>")
_SHARED_ITEM = re.compile(rb"<" + _PREFIX + rb"si>(.*?)</" + _PREFIX + rb"si>", re.DOTALL)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


class BoundsError(Exception):
    """A sheet or file beyond the limits; ``str(e)`` says which, how big, the limits and what to do."""


@dataclass(frozen=True)
class Extent:
    rows: int  # the last row holding something (1-based, as Excel numbers it); 0 for an empty sheet
    columns: int  # the last column holding something (1-based)


def column_number(letters: str) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """1 -> 'A', 16384 -> 'XFD'."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_extent(sheet: str, extent: Extent) -> None:
    """Refuse a used range beyond MAX_ROWS, MAX_COLUMNS or MAX_CELLS, saying where it ends and why."""
    rows, columns = extent.rows, extent.columns
    if rows <= limits.MAX_ROWS and columns <= limits.MAX_COLUMNS and rows * columns <= limits.MAX_CELLS:
        return
    letters = f"（{column_letters(columns)}）" if columns <= _ZZZZ else ""
    raise BoundsError(
        f"工作表“{sheet}”的数据区域延伸到第{rows}行、第{columns}列{letters}，超出了花名册的合理范围"
        f"（最多 {limits.MAX_ROWS} 行、{limits.MAX_COLUMNS} 列，共不超过 {limits.MAX_CELLS // 10_000} 万个单元格）："
        "通常是表格末尾或右侧有误填的单元格。请在 Excel 中删除数据下方和右侧的空白行、列后另存，再导入；"
        "人数确实这么多时，请分成几个文件导入"
    )


# Sheet name -> {(row, column): error code} of the cells holding an error value, 1-based as Excel numbers them.
ErrorCells = dict[str, dict[tuple[int, int], str]]
HiddenRows = dict[str, frozenset[int]]  # sheet -> its hidden rows, 0-based


def check_xlsx(
    archive: zipfile.ZipFile, hidden: HiddenRows | None = None, styled: dict[str, StyledCells] | None = None
) -> ErrorCells:
    """Check the worksheets of an .xlsx that the reader will read (the visible ones; all of them when none is
    visible, as the reader does) before calamine reads anything; returns their cells that hold an error value
    (only the sheets that have one). `hidden`, if given, receives each sheet's hidden rows (calamine does not
    say which rows Excel hides: a filter, or people hidden rather than deleted); `styled`, its cells shown with
    two decimals or struck through (app/exchange/cell_styles.py), only when the workbook has such a style."""
    parts = _worksheet_parts(archive)
    visible = [(name, part) for name, part, shown in parts if shown]
    lengths = _shared_string_lengths(archive)
    styles = read_marking_styles(archive) if styled is not None else None
    errors: ErrorCells = {}
    for name, part in visible or [(name, part) for name, part, _shown in parts]:
        cells = StyledCells(styles) if styles is not None else None
        extent, shared_bytes, found, hidden_rows = _scan_sheet(archive, part, lengths, cells)
        if found:
            errors[name] = found
        if hidden_rows and hidden is not None:
            hidden[name] = frozenset(hidden_rows)
        if cells and styled is not None:
            styled[name] = cells
        check_extent(name, extent)
        if shared_bytes > limits.MAX_SHARED_TEXT_BYTES:
            raise BoundsError(
                f"工作表“{name}”中的文字总量过大（约 {shared_bytes // (1024 * 1024)} MB，上限 "
                f"{limits.MAX_SHARED_TEXT_BYTES // (1024 * 1024)} MB）：大量单元格填了同一段很长的文字，"
                "不是正常的花名册。请检查文件后重新报送"
            )
    return errors


def _worksheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str, bool]]:
    """(sheet name, part path, visible) of every sheet the workbook lists; every worksheets/*.xml (as visible)
    if the workbook cannot say."""
    try:
        book = ElementTree.fromstring(_read_small(archive, "xl/workbook.xml"))
        rels = ElementTree.fromstring(_read_small(archive, "xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return [(name, name, True) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{_PKG_REL}}}Relationship")}
    found = []
    for sheet in [*book.iter(f"{{{_MAIN}}}sheet"), *book.iter(f"{{{_STRICT_MAIN}}}sheet")]:
        rid = sheet.get(f"{{{_REL}}}id") or sheet.get(f"{{{_STRICT_REL}}}id")
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        if part in archive.NameToInfo:
            found.append((sheet.get("name", ""), part, sheet.get("state", "visible") == "visible"))
    return found


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    check_part_size(info)
    return archive.read(info)


def check_part_size(info: zipfile.ZipInfo) -> None:
    if info.file_size > limits.MAX_PART_BYTES:
        raise BoundsError(_part_too_big(info.filename))


def _part_too_big(name: str) -> str:
    return (
        f"其中的“{name}”解压后超过 {limits.MAX_PART_BYTES // (1024 * 1024)} MB，"
        "不是正常的花名册（可能是损坏或恶意构造的文件）。请向报送单位重新获取文件"
    )


def _blocks(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """The part's bytes in blocks cut where a row or cell starts, so no match straddles two blocks. The size
    the zip declares may lie (a zip bomb): the bytes are counted as they come."""
    info = archive.getinfo(name)
    check_part_size(info)
    seen, carry = 0, b""
    with archive.open(info) as stream:
        while block := stream.read(_BLOCK):
            seen += len(block)
            if seen > limits.MAX_PART_BYTES:
                raise BoundsError(_part_too_big(name))
            data = carry + block
            cut = _last_boundary(data)
            yield data[:cut]
            carry = data[cut:]
    if carry:
        yield carry


def _last_boundary(data: bytes, boundary: re.Pattern[bytes] = _BOUNDARY) -> int:
    """Where the last row or cell (or shared string) of `data` starts; 0 when none does in the last 64 KB:
    the caller carries it all on to the next block."""
    tail_start = max(0, len(data) - 65536)
    last = None
    for last in boundary.finditer(data, tail_start):  # noqa: B007 — the last one is wanted
        pass
    return last.start() if last is not None else 0


def _shared_string_lengths(archive: zipfile.ZipFile) -> list[int]:
    """The size in bytes of each shared string's XML: at least its length in characters, and cheap."""
    name = next(
        (n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")), None
    )  # xl/sharedStrings.xml; some writers spell it in lower case
    if name is None:
        return []
    lengths: list[int] = []
    for block in _blocks_by_item(archive, name):
        lengths.extend(map(len, _SHARED_ITEM.findall(block)))
    return lengths


def _blocks_by_item(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """Like _blocks, cut after a shared-string item ends."""
    info = archive.getinfo(name)
    check_part_size(info)
    carry = b""
    with archive.open(info) as stream:
        while block := stream.read(_BLOCK):
            data = carry + block
            cut = _last_boundary(data, _ITEM_START)
            yield data[:cut]
            carry = data[cut:]
    if carry:
        yield carry


def _scan_sheet(
    archive: zipfile.ZipFile,
    part: str,
    lengths: list[int],
    styled: StyledCells | None = None,
) -> tuple[Extent, int, dict[tuple[int, int], str], set[int]]:
    """The sheet's used range, the bytes of shared-string text its cells use, its cells holding an error
    value (see _error_cells), and its hidden rows (0-based). `styled`, if given, collects the cells in the
    workbook's two-decimal and struck-through formats.

    Matching every cell reference costs about half of what calamine's own read does, so the sheet's
    `<dimension ref=…>` is used when it is there and within the limits — Excel, WPS, LibreOffice and openpyxl
    write it from the cells — and the cells are only searched, cheaply, for a reference longer than the
    dimension's (a column name of more letters, a row number of more digits). Without a dimension every
    reference is read; when a range is beyond the limits, it is measured again counting only cells that hold
    something, so that a stale dimension or a column formatted down to row 1048576 does not refuse a good file.

    Left open, on purpose: a file *crafted* with a false dimension and a stray cell whose reference is no
    longer than the dimension's end (at most 10 × its rows and 26 × its columns), or spelled r='B7', still
    reaches calamine. Every program that writes .xlsx writes the dimension from the cells, so an accidental
    stray cell is always caught, and a crafted one cannot reach the far corner that aborts the process."""
    declared: Extent | None = None
    rows = columns = shared = 0
    count, longer = len(lengths), False
    errors: dict[tuple[int, int], str] = {}
    hidden: set[int] = set()
    for number, block in enumerate(_blocks(archive, part)):
        if styled is not None:
            styled.add(block)
        if b"#" in block:
            errors.update(_error_cells(block))
        if _may_hold_formulas(block):
            errors.update(_unfinished_formulas(block))
        if b"hidden" in block:
            hidden.update(int(r) - 1 for r in _HIDDEN_ROW.findall(block))
        if number == 0:
            declared = _dimension(block)
            if declared is None or not _within(declared):
                # No dimension (openpyxl's write-only mode, our own export): the header's width and each
                # block's last <row r=…> stand in for it.
                columns = _widen(0, 0, _PLAIN_REF.findall(block, 0, 65536))[1]
        if declared is not None and _within(declared):
            guess = declared
        else:
            rows = max(rows, max(map(int, _ROW_NUMBER.findall(block)), default=0))
            guess = Extent(max(rows, 1), max(columns, 1))
        longer = longer or _longer_than(guess).search(block) is not None
        if count:
            for index in map(int, _SHARED_CELL.findall(block)):
                if index < count:
                    shared += lengths[index]
    extent = declared if declared is not None and _within(declared) else Extent(rows, columns)
    if longer or not _within(extent):
        extent = _exact_extent(archive, part)
    return extent, shared, errors, hidden


# <row r="7" hidden="1" …>, the attributes in any order.
_HIDDEN_ROW = re.compile(
    rb"<" + _PREFIX + rb"""row\s(?=[^>]*\bhidden\s*=\s*["'](?:1|true)["'])[^>]*?\br\s*=\s*["']([0-9]+)["']"""
)


_ERROR_VALUE = re.compile(rb"#[^<\s]{1,20}(?=</)")
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
_CELL_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,3})([0-9]{1,7})["']""")


def _error_cells(block: bytes) -> dict[tuple[int, int], str]:
    """(row, column) -> code of each cell in `block` whose type is an error: `<c r="B2" t="e"><f>…</f><v>#N/A
    </v></c>`. Every code starts with '#', a byte rare in a sheet's XML (text lives in the shared strings), so
    only the places that have one are looked at — a search for `t="e"` itself took a fifth of the scan. A cell
    without an `r` reference is left out: calamine places it by counting, which this cannot do, and no program
    that writes .xlsx for people omits it."""
    found: dict[tuple[int, int], str] = {}
    at = block.find(b"#")
    while at >= 0:
        value = _ERROR_VALUE.match(block, at)
        tag = _value_cell(block, at) if value is not None else None
        if tag is not None and _ERROR_TYPE.search(block, *tag):
            ref = _CELL_REF.search(block, *tag)
            if ref is not None:
                found[(int(ref[2]), column_number(ref[1].decode("ascii")))] = value[0].decode(
                    "ascii", "replace"
                )
        # A value starts right after its tag: the rest of this text is passed over ('#' by the thousand in a
        # crafted file cost one look each, not one each).
        next_tag = block.find(b"<", at)
        at = block.find(b"#", next_tag) if next_tag >= 0 else -1
    return found


# A formula's end followed by an empty value or none: what a script saves (openpyxl writes `=F3*G3` with no
# result; only a spreadsheet program computes one), which calamine reads as a blank. Excel, WPS and LibreOffice
# always save the result, so in their files this finds nothing.
_NO_RESULT = _Lazy(
    rb"(?:</" + _PREFIX + rb"f>|<" + _PREFIX + rb"f(?:\s[^>]*)?/>)\s*(?:<" + _PREFIX + rb"v\s*/>|<" + _PREFIX
    + rb"v>\s*</" + _PREFIX + rb"v>|</" + _PREFIX + rb"c>)"
)  # fmt: skip
_TEXT_TYPE = _Lazy(rb"""\st\s*=\s*["'](?:str|inlineStr)["']""")


_FEW_FS = 64  # a block with more f's than this is searched in full


def _may_hold_formulas(block: bytes) -> bool:
    """Whether `block` may hold a formula's tag (<f>, <f t="shared" …/>, <x:f>). An 'f' is rare in the XML of
    a sheet without formulas (numbers, references, s="…" and t="…"): each is found at memchr speed and its
    neighbour looked at, where a search for '<f' would walk the block a byte at a time."""
    at = block.find(b"f")
    for _ in range(_FEW_FS):
        if at < 0:
            return False
        if block[at - 1 : at] in (b"<", b":"):
            return True
        at = block.find(b"f", at + 1)
    return at >= 0 and (b"<f" in block or b":f" in block)


def _unfinished_formulas(block: bytes) -> dict[tuple[int, int], str]:
    """(row, column) -> NO_RESULT of each cell in `block` whose formula was saved without its result. A text
    formula with an empty result (`<c t="str"><f>IF(…,"",…)</f><v></v></c>`) has one: a blank."""
    found: dict[tuple[int, int], str] = {}
    for match in _NO_RESULT.finditer(block):
        start = _cell_start(block, match.start())
        close = block.find(b">", start)
        if start < 0 or close < 0:
            continue
        no_value = match[0].endswith(b"c>")  # the cell closes right after the formula: not even an empty <v>
        if not no_value and _TEXT_TYPE.search(block, start, close):
            continue
        ref = _CELL_REF.search(block, start, close)
        if ref is not None:
            found[(int(ref[2]), column_number(ref[1].decode("ascii")))] = NO_RESULT
    return found


def _cell_start(block: bytes, end: int) -> int:
    """Where the opening tag of the cell that holds `end` begins (`<c r=…`, `<c>`, `<c\n`, `<x:c …`); -1 if none.
    A formula's text holds no '<' (XML writes &lt;), so the tags before `end` are walked back one by one."""
    at = end
    while (at := block.rfind(b"<", 0, at)) >= 0:
        if _CELL_OPEN.match(block, at):
            return at
    return -1


_CELL_OPEN = re.compile(rb"<" + _PREFIX + rb"c[\s>/]")


def _value_cell(block: bytes, at: int) -> tuple[int, int] | None:
    """Where the opening tag of the cell whose `<v>` value starts at `at` begins and ends; None when the text
    at `at` is not a cell's value (a formula's text, an inline string)."""
    lt = block.rfind(b"<", 0, at)
    if lt < 0 or not _VALUE_TAG.match(block, lt, at):
        return None
    for _ in range(4):  # back over <f>…</f> (or <f …/>) to the cell's own tag
        lt = block.rfind(b"<", 0, lt)
        if lt < 0:
            return None
        if _CELL_TAG.match(block, lt):
            close = block.find(b">", lt)
            return (lt, close) if close > 0 else None
    return None


_VALUE_TAG = re.compile(rb"<" + _PREFIX + rb"v>")


def _exact_extent(archive: zipfile.ZipFile, part: str) -> Extent:
    """Every reference written the usual way, formatted blanks included; if that is beyond the limits, again
    counting only the cells that hold something."""
    rows = columns = 0
    for block in _blocks(archive, part):
        rows, columns = _widen(rows, columns, _PLAIN_REF.findall(block))
    extent = Extent(rows, columns)
    return extent if _within(extent) else _precise_extent(archive, part)


_ROW_NUMBER = re.compile(rb'<row r="([0-9]+)"')


@functools.lru_cache(maxsize=32)
def _longer_than(extent: Extent) -> re.Pattern[bytes]:
    """A cell reference with a longer column name, or a longer row number, than `extent`'s end has."""
    letters, digits = len(column_letters(extent.columns)), len(str(extent.rows))
    return re.compile(rb'r="(?:[A-Za-z]{%d,}|[A-Za-z]{1,%d}[0-9]{%d,})' % (letters + 1, letters, digits + 1))


def _dimension(block: bytes) -> Extent | None:
    match = _DIMENSION.search(block, 0, 65536)
    if match is None:
        return None
    return Extent(int(match[2]), column_number(match[1].decode("ascii")) if len(match[1]) <= 8 else 26**8)


_DIMENSION = re.compile(
    rb"<" + _PREFIX + rb"dimension\s+ref=[\"'](?:[A-Za-z]+[0-9]+:)?([A-Za-z]+)([0-9]+)[\"']"
)
_PLAIN_REF = re.compile(rb'r="([A-Za-z]+)([0-9]+)"')
_SHARED_CELL = re.compile(rb't="s"[^>]*(?<!/)>\s*<(?:[A-Za-z_][\w.-]*:)?v>\s*([0-9]+)\s*<')
_ANY_REF = re.compile(rb"\br\s*=\s*[\"']([A-Za-z]+)([0-9]+)[\"']")
_CELL_TAG = re.compile(rb"<" + _PREFIX + rb"c\s")


def _widen(rows: int, columns: int, refs: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    if not refs:
        return rows, columns
    letters, numbers = zip(*refs, strict=True)
    # Few distinct column names: each is converted once. A longer name is further right, whatever it says.
    widest = max(set(letters), key=lambda text: (len(text), text.upper()))
    width = column_number(widest.decode("ascii")) if len(widest) <= 8 else 26**8
    return max(rows, max(map(int, numbers))), max(columns, width)


def _within(extent: Extent) -> bool:
    rows, columns = extent.rows, extent.columns
    return rows <= limits.MAX_ROWS and columns <= limits.MAX_COLUMNS and rows * columns <= limits.MAX_CELLS


def _precise_extent(archive: zipfile.ZipFile, part: str) -> Extent:
    """The used range counting only cells that hold something, however their references are spelled."""
    rows = columns = 0
    for block in _blocks(archive, part):
        refs = [
            (match[1], match[2])
            for match in _ANY_REF.finditer(block)
            if _holds_value(block, match.start(), match.end())
        ]
        rows, columns = _widen(rows, columns, refs)
    return Extent(rows, columns)


def _holds_value(data: bytes, start: int, end: int) -> bool:
    """Whether the reference at data[start:end] is in a cell's tag (not a row's) that is not self-closing."""
    if not _CELL_TAG.match(data, data.rfind(b"<", 0, start)):
        return False
    close = data.find(b">", end)
    return close < 0 or data[close - 1 : close] != b"/"
