"""What every printed document shares: A4 pages and margins (GB/T 9704 habits), styles per font role, the
page numbers (第 X 页 共 Y 页), a progress tick that can cancel, and writing the PDF by way of a part file."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, SimpleDocTemplate

from app.changes import Progress
from app.jobs import JobCancelled
from app.printing.fonts import ROLES, FontSet
from app.printing.glyphs import draw
from app.printing.problems import PrintError

PORTRAIT = A4
LANDSCAPE = landscape(A4)
CREATOR = "基层队伍管理系统"


@dataclass(frozen=True)
class Margins:
    """In millimetres."""

    top: float
    bottom: float
    left: float
    right: float


DOCUMENT_MARGINS = Margins(37, 35, 28, 26)  # GB/T 9704 for documents
LIST_MARGINS = Margins(18, 22, 15, 15)  # landscape lists: many rows, room for the footer and page number


def chinese_date(day: dt.date | str | None) -> str:
    """2024年12月31日, as official documents write it ('' for none)."""
    if not day:
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def year_month(text: str | None) -> str:
    """1990-05-01 → 1990.05, how forms write 出生年月 and 到岗时间."""
    return f"{text[:4]}.{text[5:7]}" if text and len(text) >= 7 else ""


def styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    """Paragraph styles by use; sizes follow Chinese type sizes (二号 22, 三号 16, 四号 14, 五号 10.5). Made
    once per set of fonts: a batch of sheets asks for them hundreds of times (callers never change them)."""
    return _styles(tuple(fonts.name(role) for role in ROLES))


@lru_cache(maxsize=8)
def _styles(names: tuple[str, ...]) -> dict[str, ParagraphStyle]:
    font = dict(zip(ROLES, names, strict=True))

    def style(
        name: str, role: str, size: float, leading: float, align: int = TA_LEFT, **kw
    ) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font[role],
            fontSize=size,
            leading=leading,
            alignment=align,
            wordWrap="CJK",
            **kw,
        )

    return {
        "title": style("title", "title", 22, 30, TA_CENTER, spaceAfter=4 * mm),
        "subtitle": style("subtitle", "body", 12, 18, TA_CENTER, spaceAfter=3 * mm),
        "info": style("info", "table", 10.5, 15),
        "info_right": style("info_right", "table", 10.5, 15, TA_RIGHT),
        "body": style("body", "body", 16, 28),
        "cell": style("cell", "table", 10.5, 13),
        "cell_center": style("cell_center", "table", 10.5, 13, TA_CENTER),
        "small": style("small", "table", 9, 11),
        "small_center": style("small_center", "table", 9, 11, TA_CENTER),
        "heading": style("heading", "title", 13, 18, spaceBefore=3 * mm, spaceAfter=2 * mm),
    }


class Tick(Flowable):
    """Takes no room; reports progress when drawn and stops the build when the user cancelled."""

    def __init__(self, progress: Progress | None, done: int, total: int):
        super().__init__()
        self.progress, self.done, self.total = progress, done, total
        self.width = self.height = 0

    def wrap(self, *_args):
        return 0, 0

    def draw(self) -> None:
        if self.progress is not None and not self.progress(self.done, self.total):
            raise JobCancelled()


class KeepRoom(CondPageBreak):
    """Takes no room; starts a new page when what is left of this one cannot hold `flowables` (with the space
    around each): a group's heading and its table's header and first rows, measured as a table of their own, so
    that a heading is never the last line of a page with its table on the next. Never at the top of a page:
    there nothing is gained."""

    def __init__(self, flowables: Sequence[Flowable]):
        super().__init__(0)
        self.flowables = list(flowables)

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        frame = self._doctemplateAttr("frame")
        if frame is not None and getattr(frame, "_atTop", False):
            return 0, 0
        self.height = sum(
            f.wrap(availWidth, availHeight)[1] + f.getSpaceBefore() + f.getSpaceAfter()
            for f in self.flowables
        )
        return super().wrap(availWidth, availHeight)


def canvas_maker(fonts: FontSet, footer: str = "", numbered: bool = True) -> type[Canvas]:
    """A canvas that holds its pages until the end, so that each can say 第 X 页 共 Y 页 (only when there is more
    than one), and that prints `footer` (制表人 … 制表日期) at the foot of every page."""

    class PageCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            width, _height = self._pagesize
            if footer:
                draw(self, fonts, 20 * mm, 14 * mm, footer, "table", 10.5)
            if numbered and total > 1:
                draw(self, fonts, width / 2, 8 * mm, f"第 {number} 页 共 {total} 页", "table", 9, "centre")

    return PageCanvas


def install_tounicode() -> None:
    """The fix for reportlab's ToUnicode map of characters beyond U+FFFF, when it is there."""
    try:
        from app.printing.tounicode import install
    except ImportError:
        return
    install()


def build_pdf(
    out: Path,
    story: list,
    fonts: FontSet,
    *,
    pagesize=PORTRAIT,
    margins: Margins = DOCUMENT_MARGINS,
    title: str = "",
    author: str = "",
    footer: str = "",
    numbered: bool = True,
    progress: Progress | None = None,
) -> int:
    """Lay out `story` and write it to `out` (by way of a part file); returns the number of pages. `progress`
    hears of each page laid out (total unknown: 0) and stops the build when the user cancels."""
    install_tounicode()

    def write(part: Path) -> int:
        doc = _Document(
            progress,
            str(part), pagesize=pagesize, topMargin=margins.top * mm, bottomMargin=margins.bottom * mm,
            leftMargin=margins.left * mm, rightMargin=margins.right * mm, title=title, author=author,
            creator=CREATOR, initialFontName=fonts.name("table"), initialFontSize=10.5,
        )  # fmt: skip
        doc.build(story, canvasmaker=canvas_maker(fonts, footer, numbered))
        return doc.page

    return write_part(out, write)


class _Document(SimpleDocTemplate):
    """A SimpleDocTemplate that reports each finished page, so that a long list can be cancelled midway."""

    def __init__(self, progress: Progress | None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._progress = progress

    def afterPage(self) -> None:  # noqa: N802 (reportlab's name)
        if self._progress is not None and not self._progress(self.page, 0):
            raise JobCancelled()


def write_part(out: Path, write: Callable[[Path], int]) -> int:
    """`write(part)` on '<out>.part', then moved in place of `out`: a failed or cancelled build leaves the old
    file as it was and no part file behind. A folder that cannot be written is said before anything is laid
    out, and as such (not as an open file) when the writing finds it."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise PrintError(f"只能保存为 .pdf 文件，当前为“{out.suffix or '无扩展名'}”")
    if not out.parent.is_dir():
        raise PrintError(f"无法写入“{out}”：文件夹“{out.parent}”不存在")
    if refused := folder_refusal(out.parent):
        raise PrintError(f"无法写入“{out}”：{refused}")
    part = out.with_name(out.name + ".part")
    try:
        pages = write(part)
        part.replace(out)
    except OSError as exc:
        _discard(part)
        if (why := _why_not_written(out, exc)) is None:
            raise
        raise PrintError(f"无法写入“{out}”：{why}") from exc
    except BaseException:
        _discard(part)
        raise
    return pages


def folder_refusal(folder: Path) -> str | None:
    """Why nothing can be saved in the existing `folder` — a read-only disk, a folder set read-only or without
    the right to write (as the user the program runs as) — or None."""
    from db.connection import _read_only_volume

    if _read_only_volume(folder):
        return f"文件夹“{folder}”在只读的磁盘上（U盘可能打开了写保护，或是光盘），请换一个文件夹"
    if not os.access(folder, os.W_OK, effective_ids=os.access in os.supports_effective_ids):
        return f"文件夹“{folder}”不能写入（只读或没有权限），请换一个文件夹"
    return None


def _why_not_written(out: Path, exc: OSError) -> str | None:
    """What a failed write means for the clerk, or None for an error that is not the writing's (let through)."""
    from db.errors import OS_REASONS

    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and (refused := folder_refusal(out.parent)):
        return refused
    if isinstance(exc, PermissionError):
        if out.exists():  # the folder may be written: the old file cannot be replaced
            return "文件可能正在 PDF 阅读器中打开，请关闭后重试"
        return OS_REASONS[errno.EPERM]
    if exc.errno in (errno.EROFS, errno.ENOSPC, errno.EDQUOT):
        return OS_REASONS[exc.errno]
    return None


def _discard(part: Path) -> None:
    """Remove the part file if there is one; on a read-only disk even looking to remove it may fail."""
    with contextlib.suppress(OSError):
        part.unlink(missing_ok=True)
