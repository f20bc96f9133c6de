"""Read the spreadsheets streets and communities send: .xlsx/.xlsm/.xls/.ods (and WPS .et) and CSV/text.

Cells come back as read — str, float, int, bool, datetime.date/datetime (calamine may also give time or
timedelta) — with blank cells as None; nothing is converted, except that a cell holding an error value (#N/A,
#DIV/0! …) is an ``ExcelError`` (app/exchange/cell_errors.py), never a blank: calamine gives '' for it, so an
.xlsx or .ods is scanned for them by app/exchange/bounds.py, an old .xls (BIFF8) by app/exchange/xls_errors.py;
in CSV/text it is a cell whose whole text is an error code. Only in an .xlsb (and an .xls older than Excel 97)
is such a cell still read as a blank. In particular an Excel number is a float even when it is whole (an ID
number typed into a number cell arrives as 5.10107199003151e+17 and the caller must reject it), and CSV cells
are text exactly as written (our own export's leading tab and apostrophe stay for
``app.exchange.cells.cell_text`` to remove).

Row i of a Sheet is the sheet's row i + 1 as Excel shows it: leading blank rows and columns are kept.

What an .xlsx says beyond its values comes from the same scan: the rows Excel hides, the rows struck through, and
a year.month Excel shortened (2015.1) in a cell that shows two decimals, which becomes the 2015.10 the clerk sees
(app/exchange/cell_styles.py). python-calamine gives no number formats or fonts, so an .xls (or .ods) says none
of this. A CSV's Sheet is marked `from_text`: its cells are what Excel wrote, as text.

Hostile and broken files are refused before they can hurt (``app.exchange.limits`` has the numbers): only
regular files are opened (a named pipe would block forever, /dev/zero would fill the memory); a file above
MAX_FILE_BYTES is refused; an .xlsx is scanned by ``app.exchange.bounds`` before python-calamine reads it
(calamine aborts the process on a far-corner cell); an .xls cannot exceed 65,536 × 256 cells, so calamine's
grid of it stays under ~0.5 GB and its size is checked before any row is converted, and one whose compound
file's DIFAT or directory chain loops is refused (calamine would follow it until the process aborts); CSV is
checked after parsing, before its rows are padded to one width.

The file's kind is decided by its content, not its extension: a workbook saved as .xls and renamed .xlsx (or
the other way round) is still read. Every failure is a ``ReadError`` whose message names the file and says what
to do, in Chinese.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.exchange import limits
from app.exchange.bounds import BoundsError, ErrorCells, Extent, HiddenRows, check_extent, check_xlsx
from app.exchange.cell_errors import ExcelError
from app.exchange.cell_styles import StyledCells, mark_percentages, mark_two_decimals, struck_rows
from app.exchange.limits import clip
from app.exchange.sheet import SAVE_AS, ReadError, Sheet, tidy

# The readers of the other kinds (.xls, .ods, CSV) are imported when such a file comes: a command line reading
# an .xlsx ahead (app.exchange.prefetch) starts a few milliseconds sooner without them.

__all__ = ["ReadError", "Sheet", "check_readable_file", "read_workbook", "unreadable_file"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
# Names a table goes by (WPS's own .et too); a file of another name that is neither zip nor OLE is not read as
# text: a script or a note with commas in it made dozens of nonsense "people" refused.
_TABLE_SUFFIXES = {".xls", ".xlsx", ".xlsm", ".xlsb", ".ods", ".et", ".ett", *_TEXT_SUFFIXES}


def read_workbook(path: Path, checked: Callable[[], None] | None = None) -> list[Sheet]:
    """Every visible sheet of a workbook, or the one table of a CSV/text file. `checked` is called once the
    file's checks are done (the scan of an .xlsx), as the parse that needs no Python begins."""
    path = Path(path)
    name = path.name
    check_readable_file(path)
    head = _head(path)
    if name.startswith("~$"):
        raise ReadError(
            f"“{name}”是 Excel 或 WPS 打开文件时生成的临时文件，不是表格本身，请选择不带“~$”的原文件"
        )
    if not head:
        raise ReadError(f"文件“{name}”是空的（0 字节），可能没有保存完整，请向报送单位重新获取文件")
    if head.startswith(_OLE):
        if _ole_is_encrypted(path):
            raise ReadError(_password_message(name))
        sheets = _read_calamine(path, _xls_errors(path), checked)
    elif head.startswith(_ZIP):
        marks = _Marks()
        sheets = _read_calamine(path, _check_zip(path, marks), checked, marks)
    else:
        suffix = path.suffix.lower()
        if suffix and suffix not in _TABLE_SUFFIXES:
            raise ReadError(
                f"“{name}”不是表格文件（扩展名“{path.suffix}”）：请选择 Excel（.xlsx、.xls）、WPS 或 CSV 表格"
            )
        if checked is not None:  # text is read in Python throughout: nothing to wait for
            checked()
        from app.exchange.text_reader import read_disguised_text, read_text

        text = read_text(path) if path.suffix.lower() in _TEXT_SUFFIXES else read_disguised_text(path)
        sheets = [dataclasses.replace(text, from_text=True)]
    if not any(sheet.rows for sheet in sheets):
        raise ReadError(f"文件“{name}”中没有任何内容，请确认选对了文件")
    return sheets


def check_readable_file(path: Path) -> None:
    """Refuse what is not a regular file of a sensible size, without opening it: opening a named pipe waits
    for a writer forever, and reading a device (/dev/zero) never ends. The command line calls this before it
    takes the database's lock."""
    path = Path(path)
    name = path.name
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ReadError(f"找不到文件“{path}”，请确认文件没有被移动、改名或删除") from None
    except PermissionError:
        raise ReadError(f"无法打开“{name}”：没有读取权限，请检查文件的权限后重试") from None
    except OSError as exc:
        raise ReadError(f"无法打开“{name}”：{exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(f"“{name}”是一个文件夹，请选择其中的表格文件")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(
            f"“{name}”是{_special_kind(info.st_mode)}，不是普通文件，不能导入。请选择保存在磁盘上的表格文件"
        )
    if info.st_size > limits.MAX_FILE_BYTES:
        raise ReadError(
            f"文件“{name}”有 {info.st_size / (1024 * 1024):.1f} MB，超过了一次可导入的上限 "
            f"{limits.MAX_FILE_BYTES // (1024 * 1024)} MB（{limits.limits_text()}）。"
            "请确认选对了文件；人数确实很多时，请分成几个文件导入"
        )


def unreadable_file(path: Path) -> str | None:
    """check_readable_file's refusal as text, or None: for the command line, before it opens the database."""
    try:
        check_readable_file(path)
    except ReadError as exc:
        return str(exc)
    return None


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def _head(path: Path) -> bytes:
    name = path.name
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except FileNotFoundError:
        raise ReadError(f"找不到文件“{path}”，请确认文件没有被移动、改名或删除") from None
    except IsADirectoryError:
        raise ReadError(f"“{name}”是一个文件夹，请选择其中的表格文件") from None
    except PermissionError:
        raise ReadError(f"无法打开“{name}”：没有读取权限，或文件正在被其他程序使用，请关闭后重试") from None
    except OSError as exc:
        raise ReadError(f"无法打开“{name}”：{exc.strerror or exc}") from None


def _password_message(name: str) -> str:
    return (
        f"文件“{name}”设置了打开密码，无法读取。请在 Excel 中打开它，取消密码"
        "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并保存后重试"
    )


def _ole_is_encrypted(path: Path) -> bool:
    """An encrypted .xlsx is an OLE container holding an 'EncryptedPackage' stream; its name is in the directory."""
    marker = "EncryptedPackage".encode("utf-16-le")
    try:
        with path.open("rb") as handle:
            data = handle.read(4 * 1024 * 1024)
    except OSError:
        return False
    return marker in data


@dataclass
class _Marks:
    """What the scan of an .xlsx found besides error values, by sheet: hidden rows, and cells shown with two
    decimals or struck through."""

    hidden: HiddenRows = field(default_factory=dict)
    styled: dict[str, StyledCells] = field(default_factory=dict)


def _check_zip(path: Path, marks: _Marks) -> ErrorCells:
    """A zip that is not a workbook: say what it is instead of calamine's '_rels/.rels not found'. Of a
    workbook, the cells of an .xlsx that hold an error value; what else the scan finds goes into `marks`."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise ReadError(f"无法读取“{name}”：文件已损坏或没有保存完整。{SAVE_AS}") from None
    if "word/document.xml" in names:
        raise ReadError(f"“{name}”是 Word 文档，不是表格。请把其中的表格复制到 Excel 中，另存为 .xlsx 后重试")
    if "ppt/presentation.xml" in names:
        raise ReadError(f"“{name}”是 PowerPoint 演示文稿，不是表格，请选择 Excel 表格文件")
    if "xl/workbook.xml" in names:
        return _check_bounds(path, lambda archive: check_xlsx(archive, marks.hidden, marks.styled)) or {}
    if "content.xml" in names:
        from app.exchange.bounds_ods import check_ods

        return _check_bounds(path, check_ods) or {}
    if "xl/workbook.bin" in names:
        return {}
    raise ReadError(f"无法读取“{name}”：这是一个压缩包，不是 Excel 表格。请解压后选择其中的表格文件")


def _xls_errors(path: Path) -> ErrorCells:
    """The cells of an old .xls that hold an error value; a compound file python-calamine would follow round
    and round (memory growing until the program aborts) is refused here, before it gets there."""
    from app.exchange.xls_errors import CutShort, EndlessChain, xls_errors

    try:
        return xls_errors(path)
    except EndlessChain:
        raise ReadError(
            f"无法读取“{path.name}”：文件已损坏（文件内部的结构首尾相连，读不到结尾），可能在传输或保存时出了错。"
            "请向报送单位重新获取文件"
        ) from None
    except CutShort:
        raise ReadError(
            f"无法读取“{path.name}”：文件不完整或已损坏（要读的内容超出了文件的末尾，常见于没有下载完或复制完的文件）。"
            "请向报送单位重新获取文件"
        ) from None


def _check_bounds(path: Path, check: Callable[[zipfile.ZipFile], ErrorCells | None]) -> ErrorCells | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return check(archive)
    except BoundsError as exc:
        raise ReadError(f"文件“{path.name}”中{exc}") from None
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, ValueError):  # calamine will say what is wrong
        return None


def _read_calamine(
    path: Path,
    errors: ErrorCells | None = None,
    checked: Callable[[], None] | None = None,
    marks: _Marks | None = None,
) -> list[Sheet]:
    """The visible sheets; `errors`: the error values the scan of an .xlsx, .ods or .xls found, put into their
    cells."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    name = path.name
    if checked is not None:
        checked()
    try:
        # from_filelike sniffs the content, so a .xls renamed .xlsx (or back) is still read; from_path would
        # trust the extension.
        with path.open("rb") as handle:
            book = _open_book(CalamineWorkbook, handle, name)
        try:
            metadata = list(book.sheets_metadata)
            visible = [m.name for m in metadata if _is_visible_worksheet(m)]
            # Excel keeps at least one sheet visible; if the file says otherwise, read them all.
            names = visible or [m.name for m in metadata]
            marks = marks or _Marks()
            sheets = [
                _sheet(book, n, (errors or {}).get(n), marks.hidden.get(n), marks.styled.get(n))
                for n in names
            ]
        finally:
            book.close()
    except PasswordError:
        raise ReadError(_password_message(name)) from None
    except BoundsError as exc:
        raise ReadError(f"文件“{name}”中{exc}") from None
    except (CalamineError, OSError, ValueError) as exc:
        raise ReadError(_damaged_message(name, exc)) from None
    except BaseException as exc:
        # A date or time calamine cannot convert: OverflowError from Python's timedelta, or a panic of the
        # Rust date library, which pyo3 raises as PanicException — a BaseException, so only that is caught
        # here and everything else (KeyboardInterrupt, SystemExit, MemoryError) goes on up.
        if not isinstance(exc, ArithmeticError) and not _is_rust_panic(exc):
            raise
        raise ReadError(
            f"无法读取“{name}”：其中有日期或时间格式的单元格数值超出了范围（{exc}），无法换算成日期。"
            "请在 Excel 中找到显示为“########”的日期单元格，改正或清除后另存再导入"
        ) from None
    return sheets


def _open_book(workbook_class, handle, name: str):
    """python-calamine's workbook of `handle`. Opening it converts no cell, so a Rust panic here is calamine
    tripping over a damaged container (an .xls cut short where its FAT was: 'slice index starts at …'),
    never a date: said as a damaged file."""
    try:
        return workbook_class.from_filelike(handle)
    except BaseException as exc:
        if not _is_rust_panic(exc):
            raise
        # A failed assertion's text goes on over lines ('left == right' failed / right: 0): its first says it.
        raise ReadError(_damaged_message(name, str(exc).partition("\n")[0])) from None


def _damaged_message(name: str, why: object) -> str:
    """calamine's reason is English: said in Chinese where it is one we know, else kept last as 技术信息 for
    whoever the office asks for help."""
    text = str(why).strip()
    said = next((chinese for english, chinese in _CALAMINE_WORDS if english in text.lower()), None)
    if said is not None:
        return f"无法读取“{name}”：文件已损坏，或不是 Excel、WPS 表格（{said}）。{SAVE_AS}"
    detail = f"（技术信息：{clip(text, 80)}）" if text else ""
    return f"无法读取“{name}”：文件已损坏，或不是 Excel、WPS 表格。{SAVE_AS}{detail}"


# What python-calamine says when a file is no workbook it can read, in the clerk's words.
_CALAMINE_WORDS = (
    ("cannot detect file format", "看不出是哪种表格格式"),
    ("assertion", "文件内部结构不完整"),  # a Rust panic while opening: the container is broken
    ("slice index", "文件没有保存完整"),
    ("out of range", "文件内部结构不完整"),
    ("invalid ole", "文件内部结构不完整"),
    ("cfb", "文件内部结构不完整"),
    ("zip", "压缩结构已损坏"),
    ("xml", "表格内容已损坏"),
    ("eof", "文件没有保存完整"),
    ("unexpected end", "文件没有保存完整"),
    ("utf", "文字编码有误"),
)


def _is_rust_panic(exc: BaseException) -> bool:
    """pyo3's PanicException is created at run time in the 'pyo3_runtime' module and cannot be imported."""
    kind = type(exc)
    return kind.__module__ == "pyo3_runtime" and kind.__name__ == "PanicException"


def _sheet(
    book,
    name: str,
    errors: dict[tuple[int, int], str] | None = None,
    hidden: frozenset[int] | None = None,
    styled: StyledCells | None = None,
) -> Sheet:
    """One sheet; its size is checked before a Python row is made of it (for .xls, whose cells calamine
    holds by then — bounded by the format; an .xlsx was scanned before calamine opened it)."""
    grid = book.get_sheet_by_name(name)
    end = grid.end
    if end is not None:
        check_extent(name, Extent(end[0] + 1, end[1] + 1))
    rows = _python_rows(grid)
    marked = _put_errors(rows, errors) if errors else frozenset()
    struck: frozenset[int] = frozenset()
    if styled is not None:  # before tidy, as the errors: the scan's numbers are the sheet's own
        mark_two_decimals(rows, styled.two_decimals)
        mark_percentages(rows, styled.percent)
        struck = struck_rows(rows, styled.struck)
    merged = _merged_down(getattr(grid, "merged_cell_ranges", None))
    return Sheet(name, tidy(rows), marked, merged, hidden or frozenset(), struck)


def _merged_down(merged: object) -> tuple[tuple[tuple[int, int], int], ...]:
    """The merged ranges that span rows, as ((top, first column), bottom): only down, and only their first
    column — a title or a heading merged across keeps to its first cell."""
    return tuple(((top, left), bottom) for (top, left), (bottom, _right) in merged or () if bottom > top)


def _put_errors(rows: list[list[object]], errors: dict[tuple[int, int], str]) -> frozenset[int]:
    """An ExcelError in each cell the scan found holding an error value (where calamine left a blank); the
    rows (0-based) that now hold one. Before _tidy, so that a last row of errors is not dropped as blank."""
    marked = set()
    for (row, column), code in errors.items():
        if row > len(rows):
            continue  # beyond what calamine read: nothing to mark
        cells = rows[row - 1]
        if column > len(cells):  # a formula without a result, calamine's last column short of it
            cells.extend([None] * (column - len(cells)))
        value = cells[column - 1]
        # What calamine put there stands in for the error: nothing, the code, or the 0 a writer stored.
        if value is None or value == "" or value == code or (type(value) in (int, float) and value == 0):
            cells[column - 1] = ExcelError(code)
            marked.add(row - 1)
    return frozenset(marked)


_SHARED_TEXTS = 65536  # distinct texts remembered at once while reading a sheet
_ROWS_READ_AT_ONCE = 20_000  # a sheet this long holds some 30 MB of text copies: not worth sharing them


def _python_rows(grid) -> list[list[object]]:
    """The sheet's rows from A1 (leading blank rows and columns kept: what `to_python(skip_empty_area=False)`
    gives), blank cells None or '' (tidy makes them None). A sheet of fewer than _ROWS_READ_AT_ONCE rows is
    read at once, which takes a quarter less time. A longer one is read one row at a time, so that a text
    repeated down the sheet (汉族, 大学本科, a unit's name…) is kept once: calamine makes a new string for every
    cell, and those copies, made all at once, were most of the memory of a 100,000-row import."""
    end = grid.end
    if end is None:
        return []
    if end[0] < _ROWS_READ_AT_ONCE:
        return grid.to_python(skip_empty_area=False)
    width = end[1] + 1
    rows: list[list[object]] = []
    shared: dict[str, str] = {}
    remember = shared.setdefault
    for cells in grid.iter_rows():
        # iter_rows leaves out the blank columns left of the used range (not the rows above it): put them back.
        row = [None] * (width - len(cells))
        row += [None if v == "" else remember(v, v) if type(v) is str else v for v in cells]
        rows.append(row)
        if len(shared) > _SHARED_TEXTS:  # names, ID numbers, phones never repeat: forget them now and then
            shared.clear()
    if len(rows) <= end[0]:  # and the rows above it, should a version of calamine leave them out too
        rows[:0] = [[] for _ in range(end[0] + 1 - len(rows))]
    return rows


def _is_visible_worksheet(meta) -> bool:
    """Hidden sheets hold drop-down lists and lookups, not people; chart and macro sheets hold no rows."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    return meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
