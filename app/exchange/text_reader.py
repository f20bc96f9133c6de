"""CSV and other delimited text (and text exported under a spreadsheet's name): decoded by its BOM, UTF-8 or
GB18030, split by the delimiter that fits, strictly, so that an unclosed quote is named where it starts instead of
merging the rows after it; checked against the size limits after parsing, before the rows are padded."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from app.exchange import limits
from app.exchange.bounds import BoundsError, Extent, check_extent
from app.exchange.cell_errors import mark_text_errors
from app.exchange.limits import clip
from app.exchange.sheet import SAVE_AS, ReadError, Sheet, tidy

_DELIMITERS = (",", "\t", ";")  # in order of preference when the counts tie
_SNIFF_CHARS = 64 * 1024


def read_text(path: Path) -> Sheet:
    text = _decode(path)
    return _text_sheet(path.stem, text, tidy(_parse_delimited(text, path.name, path.stem)))


def _text_sheet(name: str, text: str, rows: list[list[object]]) -> Sheet:
    """The rows as a Sheet, a cell whose whole text is an error code (#N/A: how Excel saves an error value as
    CSV) an ExcelError. Every code has '#': a file without one is not searched."""
    errors = mark_text_errors(rows) if "#" in text else frozenset()
    if '="' in text:  # after the errors: ="#N/A" is the text #N/A in Excel, not an error value
        _unwrap_text_formulas(rows)
    return Sheet(name, rows, errors)


def _unwrap_text_formulas(rows: list[list[object]]) -> None:
    """="13912345678" -> 13912345678, in place: the formula other systems' CSV exports write to make Excel keep
    a long number or its leading zeros as text. Only that exact form: one string, no quote inside it; our own
    export's guard ('="…) and any other formula stay as written."""
    for row in rows:
        for column, value in enumerate(row):
            if type(value) is str and value.startswith('="') and _is_text_formula(value):
                row[column] = value[2:-1] or None


def _is_text_formula(value: str) -> bool:
    return len(value) >= 3 and value.endswith('"') and '"' not in value[2:-1]


def read_disguised_text(path: Path) -> Sheet:
    """Neither zip nor OLE under a spreadsheet name: a web page saved as .xls, a text export, or junk."""
    name = path.name
    try:
        text = _decode(path)
    except ReadError:
        raise ReadError(
            f"无法读取“{name}”：文件不是 Excel、WPS 或 CSV 表格，或者已经损坏。{SAVE_AS}"
        ) from None
    start = text.lstrip()[:2048].lower()
    if start.startswith(("<!doctype html", "<html", "<table", "<?xml", "<meta")) or "<table" in start:
        raise ReadError(f"“{name}”实际是网页（HTML/XML）格式，只是扩展名为“{path.suffix}”。{SAVE_AS}")
    if not _looks_like_text(text):
        raise ReadError(f"无法读取“{name}”：文件不是 Excel、WPS 或 CSV 表格，或者已经损坏。{SAVE_AS}")
    # Older systems export tab- or comma-separated text under a .xls name: read it as the text it is.
    rows = tidy(_parse_delimited(text, name, path.stem))
    if max((len(row) for row in rows), default=0) < 2:  # no separator anywhere: prose, a note, not a table
        raise ReadError(
            f"“{name}”的扩展名是“{path.suffix}”，内容却是一段纯文本，没有分列，不是表格。{SAVE_AS}"
        )
    return _text_sheet(path.stem, text, rows)


def _looks_like_text(text: str) -> bool:
    sample = text[:_SNIFF_CHARS]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return controls == 0 or controls * 100 < len(sample)


def _decode(path: Path) -> str:
    """UTF-16 by its BOM; else UTF-8 (with or without BOM); else GB18030, the superset of GBK that Chinese
    Excel writes for 'CSV (逗号分隔)'."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法打开“{name}”：{exc.strerror or exc}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    elif data.startswith(codecs.BOM_UTF8):  # said by the file: a GBK line in it is a line pasted in
        encodings = ("utf-8-sig",)
    elif (nul := data.find(b"\x00")) >= 0:
        # No text table has NUL bytes (UTF-16 would start with its BOM): a binary file, or a damaged one.
        line = data.count(b"\n", 0, nul) + 1
        raise ReadError(
            f"文件“{name}”中含有空字符（第{line}行起），不是文本格式的表格，可能是其他程序的数据文件，"
            f"或者文件已经损坏。请确认选对了文件；{SAVE_AS}"
        )
    else:
        encodings = ("utf-8-sig", "gb18030")
    broken: list[tuple[str, int]] = []  # (encoding, where it stopped)
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            with_bom = encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8)
            broken.append((encoding, exc.start + 3 * with_bom))  # utf-8-sig counts from after its BOM
            continue
        if "\x00" in text:
            break
        return text
    raise ReadError(_undecodable(name, data, broken))


_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "gb18030": "GBK（中文 Excel 另存的 CSV）", "utf-16": "UTF-16"}
_SAVE_AGAIN = "另存为 .xlsx（或“CSV UTF-8（逗号分隔）”）后重试"


def _undecodable(name: str, data: bytes, broken: list[tuple[str, int]]) -> str:
    """Why no encoding reads the file; when one reads whole lines before it stops (a line pasted in from a file of
    another encoding), the line where it stops, and the encoding that line is in."""
    encoding, stop = max(broken, key=lambda tried: tried[1], default=("", 0))
    line = data.count(b"\n", 0, stop) + 1
    if line == 1:
        return f"无法识别“{name}”的文字编码，或文件不是文本表格。请在 Excel 中打开它，{_SAVE_AGAIN}"
    start = data.rfind(b"\n", 0, stop) + 1
    end = data.find(b"\n", stop)
    pasted = data[start : end if end >= 0 else None]
    other = next((e for e in ("utf-8-sig", "gb18030") if e != encoding and _reads(pasted, e)), "")
    like = f"，这一行是 {_ENCODING_NAMES[other]}" if other else ""
    return (
        f"“{name}”第{line}行的文字编码与前面的行不同：前面的行是 {_ENCODING_NAMES[encoding]}{like}，"
        "多半是从别的文件粘贴进来的。请在 Excel 或 WPS 中打开它，重新输入这一行（它会显示为乱码），"
        f"{_SAVE_AGAIN}"
    )


def _reads(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding.replace("-sig", ""))
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(text: str) -> str:
    """The delimiter among , TAB ; that splits the sample most often outside quotes (ties: comma first)."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS:  # don't let a half line at the cut decide anything
        sample = sample[: sample.rfind("\n") + 1] or sample
    best, best_score = ",", -1
    for delimiter in _DELIMITERS:
        try:
            score = sum(
                len(row) - 1 for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            )
        except csv.Error:
            continue
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _parse_delimited(text: str, name: str, sheet: str) -> list[list[object]]:
    delimiter = sniff_delimiter(text)
    # A cell may hold as much as the file: the per-field limits of the import reject the row whose cell is too
    # long, as for .xlsx; the csv module's own limit (128 KB) would refuse the whole file instead. The limit is
    # the module's global state: it is only ever raised, to the largest file accepted.
    csv.field_size_limit(max(csv.field_size_limit(), limits.MAX_FILE_BYTES))
    try:
        rows = _strict_rows(text, delimiter, name)
    except csv.Error as exc:
        raise ReadError(f"无法读取“{name}”：CSV 格式有误（{exc}）。{SAVE_AS}") from None
    width = 0
    for row in rows:
        while row and not row[-1]:  # trailing empty fields (Excel writes them for a stray cell): none kept
            row.pop()
        width = max(width, len(row))
    try:
        check_extent(sheet, Extent(len(rows), width))
    except BoundsError as exc:
        raise ReadError(f"文件“{name}”中{exc}") from None
    return rows  # type: ignore[return-value]


def _strict_rows(text: str, delimiter: str, name: str) -> list[list[str]]:
    """The rows, strictly parsed, so that a quote opened and never closed is found where it starts instead of
    silently merging the rows after it into one cell. A file only strict parsing refuses for something else
    (a stray quote after a closing one, on one line) is read leniently, as before."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    start = 1
    try:
        for row in reader:
            rows.append(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        if str(exc) == "unexpected end of data" or reader.line_num > start:
            raise ReadError(_quote_message(name, text, start)) from None
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return rows


def _quote_message(name: str, text: str, line: int) -> str:
    shown = text.split("\n", line)[line - 1] if line >= 1 else ""
    return (
        f"无法读取“{name}”：第{line}行的引号没有配对（“{clip(shown.strip())}”）。"
        "一个以英文双引号开头的单元格没有结束的引号，后面的行会被并进同一格。"
        "请在记事本或 Excel 中改正这一行的引号后重新保存，再导入"
    )
