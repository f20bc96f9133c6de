"""What every file the office writes for Excel shares: the checks before writing, the write itself, the looks.

A file is written next to its target as '<name>.part' and renamed over it only once complete, so an export that
fails or is cancelled half-way never leaves a broken file where the old one was; a failure becomes an
ExportError whose message (in Chinese) says what to do. openpyxl is imported only where a style is made.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

HEADER_FILL = "DDE6F0"
BORDER_COLOUR = "999999"


class ExportError(Exception):
    """The file could not be written; message in Chinese."""


# --- writing ---------------------------------------------------------------------------------------


def check_xlsx_target(out: Path, what: str) -> Path:
    """`out` as a Path, refused unless it is an .xlsx file in a folder that exists; `what` names the file."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"{what}只能保存为 .xlsx 文件，当前为“{out.suffix or '无扩展名'}”")
    check_folder(out)
    return out


def check_folder(out: Path) -> None:
    if not out.parent.is_dir():
        raise ExportError(f"无法写入“{out}”：文件夹“{out.parent}”不存在")


def write_via_part(out: Path, write: Callable[[Path], object]) -> bool:
    """Call `write(part)` on '<out>.part', then put it in place of `out`; False if `write` returned False
    (cancelled: the part file is removed, `out` left as it was). Raises ExportError when it cannot be written."""
    tmp = out.with_name(out.name + ".part")
    try:
        if write(tmp) is False:
            _discard(tmp)
            return False
        tmp.replace(out)
    except OSError as exc:
        _discard(tmp)
        raise ExportError(f"无法写入“{out}”：{_why_not_written(out, exc)}") from exc
    return True


def _discard(part: Path) -> None:
    """Remove a part file if there is one; on a read-only disk even looking to remove it fails (EROFS)."""
    with contextlib.suppress(OSError):
        part.unlink(missing_ok=True)


def _why_not_written(out: Path, exc: OSError) -> str:
    from db.errors import OS_REASONS

    if exc.errno in (errno.EACCES, errno.EPERM):
        if not os.access(out.parent, os.W_OK):
            return f"文件夹“{out.parent}”不允许写入（只读或没有权限），请另选一个文件夹"
        return "文件可能正在 Excel 或 WPS 中打开，请关闭后重试"
    return OS_REASONS.get(exc.errno or -1) or exc.strerror or str(exc)


def save_book(book, path: Path) -> None:
    """Save an openpyxl workbook to `path`. Built in memory and written in one go: openpyxl leaves its zip file
    open when a write fails (a full disk), and the zip's finaliser then prints an English traceback."""
    buffer = io.BytesIO()
    book.save(buffer)
    with open(path, "wb") as handle:
        handle.write(buffer.getbuffer())


def save_xlsx(book, out: Path) -> None:
    """Save an openpyxl workbook to `out` by way of a part file (see `write_via_part`)."""
    write_via_part(out, lambda part: save_book(book, part))


# --- looks -----------------------------------------------------------------------------------------


def thin_border():
    """The thin grey box drawn around header and table cells."""
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color=BORDER_COLOUR)
    return Border(top=thin, bottom=thin, left=thin, right=thin)


def header_style(*, wrap: bool = True) -> dict[str, Any]:
    """A header cell's font, fill, alignment and border, as attributes for `styled`."""
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "font": Font(name="宋体", bold=True, size=11),
        "fill": PatternFill("solid", fgColor=HEADER_FILL),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=wrap or None),
        "border": thin_border(),
    }


def styled(cell, style: dict[str, Any]):
    """Set each of `style`'s attributes on `cell`; returns the cell."""
    for attribute, value in style.items():
        setattr(cell, attribute, value)
    return cell


def text_width(text: str) -> int:
    """Columns a text takes in Excel's default font: a CJK character counts two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def fit_a4(sheet, *, landscape: bool) -> None:
    """Print on A4, as wide as one page and as many pages down as needed."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
