"""荣誉证书: landscape A4, one per page — 荣誉证书, the office's template filled in, the issuer (落款) and the date
right aligned, the serial number; an optional background image (a printed border) under it. For pre-printed
certificate paper everything moves by the office's offsets, and "text only" leaves out the title and the
background. Drawn on the canvas directly, without platypus (bench/printing.py: 1,000 certificates in 1.7× the CPU
time of drawing their bare strings).
A certificate whose text has a character no font has is left out, the others print, and it is named; the
register (.xlsx, serial number → person) of what was printed is saved beside the PDF."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.changes import Progress
from app.jobs import JobCancelled
from app.printing import glyphs
from app.printing import settings as print_settings
from app.printing.fonts import FontSet
from app.printing.layout import CREATOR, LANDSCAPE, chinese_date, install_tounicode, write_part
from app.printing.linebreak import wrap_text
from app.printing.printed import Printed
from app.printing.problems import MissingGlyph, PrintError, missing_text

PAGE_W, PAGE_H = LANDSCAPE
SIDE = 45 * mm
TITLE = "荣　誉　证　书"
C = TypeVar("C")


@dataclass(frozen=True)
class CertificateLayout:
    template: str = print_settings.DEFAULT_TEMPLATE
    background: str = ""
    offset_x: float = 0.0  # mm, positive to the right
    offset_y: float = 0.0  # mm, positive downwards (as a printer's paper is said to sit)
    text_only: bool = False
    issuer: str = ""  # '' keeps each honor's own
    date: str = ""  # ISO; '' keeps each honor's own

    @classmethod
    def from_settings(cls, values: dict[str, str]) -> CertificateLayout:
        s = print_settings
        return cls(
            values[s.TEMPLATE] or s.DEFAULT_TEMPLATE, values[s.BACKGROUND], float(Decimal(values[s.OFFSET_X] or 0)),
            float(Decimal(values[s.OFFSET_Y] or 0)), values[s.TEXT_ONLY] == "1", values[s.ISSUER], values[s.DATE],
        )  # fmt: skip


@dataclass(frozen=True)
class Certificate:
    """One honor as printed."""

    honor_id: int
    serial_text: str
    name: str
    id_number: str
    unit_name: str
    role: str  # label
    title: str  # 2024年度考核优秀
    year: int
    issued_on: str
    issuer: str

    def fields(self) -> dict[str, str]:
        return {"姓名": self.name, "年度": str(self.year), "人员类别": self.role, "等次": "优秀",
                "工作单位": self.unit_name, "荣誉": self.title, "考核": self.title.removesuffix("优秀")}  # fmt: skip


def body_lines(layout: CertificateLayout, certificate: Certificate) -> list[str]:
    return layout.template.format(**certificate.fields()).splitlines()


BODY_SIZE, BODY_LEADING = 24, 40  # 小一 on 40 pt lines


# --- what every certificate (荣誉证书, 结业证书) does alike --------------------------------------------------


@lru_cache(maxsize=20000)
def _char_width(font: str, char: str, size: float) -> float:
    """A batch wraps the same few hundred characters again and again: measured once each."""
    return stringWidth(char, font, size)


def wrap_body(fonts: FontSet, paragraphs: Sequence[str], size: float) -> list[tuple[float, str]]:
    """(x offset, text) of each printed line of a body in 楷体 at `size`: the first paragraph (the salutation)
    flush left, the others indented two characters, all wrapped by the Chinese rule between the margins."""
    width = PAGE_W - 2 * SIDE
    own = fonts.name("kai")

    def width_of(char: str) -> float:
        return _char_width(fonts.fallback_for(char, "kai") or own, char, size)

    lines: list[tuple[float, str]] = []
    for number, paragraph in enumerate(paragraphs):
        indent = 2 * size if number else 0
        for at, line in enumerate(wrap_text(paragraph, width_of, width - indent, width)):
            lines.append((indent if at == 0 else 0, line))
    return lines


def draw_foot(
    canvas: Canvas, fonts: FontSet, issuer: str, issued_on: str, number: str, number_y: float
) -> None:
    """The issuer (落款) over the date, centred on each other with the longer against the right margin, and
    the certificate's number at the bottom left (`number_y` above the paper's edge)."""
    day = chinese_date(issued_on)
    right = PAGE_W - SIDE - 10 * mm
    width = max(glyphs.string_width(fonts, t, "kai", 22) for t in (issuer or day, day))
    centre = right - width / 2
    if issuer:
        glyphs.draw(canvas, fonts, centre, 58 * mm, issuer, "kai", 22, "centre")
    glyphs.draw(canvas, fonts, centre, 44 * mm, day, "kai", 22, "centre")
    glyphs.draw(canvas, fonts, SIDE - 15 * mm, number_y, f"证书编号：{number}", "table", 12)


@dataclass(frozen=True)
class Batch(Generic[C]):
    """The certificates that print and the pages written; those left out are named in `left_out`."""

    printable: list[C]
    left_out: list[MissingGlyph]
    pages: int


def write_batch(
    certificates: Sequence[C],
    out: Path,
    fonts: FontSet,
    *,
    what: str,  # 荣誉证书, 结业证书: said when none can print
    title: Callable[[list[C]], str],
    texts: Callable[[C], list[tuple[str, str, str]]],
    draw: Callable[[Canvas, C], None],
    office: str = "",
    progress: Progress | None = None,
) -> Batch[C]:
    """One page per certificate in the order given, leaving out (and naming) those with a character no font
    has; PrintError when none is left."""
    left_out: list[MissingGlyph] = []
    printable: list[C] = []
    for certificate in certificates:
        missing = glyphs.check(fonts, certificate.name, texts(certificate))  # type: ignore[attr-defined]
        (left_out.extend(missing) if missing else printable.append(certificate))
    if not printable:
        raise PrintError(f"没有可打印的{what}：" + missing_text(left_out))
    install_tounicode()

    def write(part: Path) -> int:
        canvas = Canvas(str(part), pagesize=LANDSCAPE, initialFontName=fonts.name("kai"), initialFontSize=24)
        canvas.setTitle(title(printable))
        canvas.setAuthor(office)
        canvas.setCreator(CREATOR)
        for done, certificate in enumerate(printable):
            if progress is not None and not progress(done, len(printable)):
                raise JobCancelled()
            draw(canvas, certificate)
            canvas.showPage()
        canvas.save()
        return len(printable)

    return Batch(printable, left_out, write_part(out, write))


def save_register_sheet(
    path: Path,
    sheet_name: str,
    headers: Sequence[str],
    widths: Sequence[float],
    rows: Iterable[Sequence[object]],
) -> Path:
    """A batch's register (.xlsx): which number went to whom. Text cells stay text (the ID number keeps its 18
    digits, nothing runs as a formula), numbers stay numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    from app.exchange.roster_export import exact_xlsx_text
    from app.exchange.xlsx_out import header_style, save_xlsx, styled

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    style = header_style(wrap=False)
    sheet.append([styled(WriteOnlyCell(sheet, name), style) for name in headers])

    def cell(value: object) -> object:
        if not isinstance(value, str):
            return value
        text = WriteOnlyCell(sheet, exact_xlsx_text(value))
        text.data_type = "s"
        return text

    for row in rows:
        sheet.append([cell(v) for v in row])
    save_xlsx(book, path)
    return path


# --- 荣誉证书 --------------------------------------------------------------------------------------------


def body_text_lines(
    fonts: FontSet, layout: CertificateLayout, certificate: Certificate
) -> list[tuple[float, str]]:
    return wrap_body(fonts, body_lines(layout, certificate), BODY_SIZE)


def draw_certificate(
    canvas: Canvas, fonts: FontSet, layout: CertificateLayout, certificate: Certificate
) -> None:
    if layout.background and not layout.text_only:
        canvas.drawImage(layout.background, 0, 0, PAGE_W, PAGE_H, preserveAspectRatio=False, mask="auto")
    canvas.saveState()
    canvas.translate(layout.offset_x * mm, -layout.offset_y * mm)
    if not layout.text_only:
        glyphs.draw(canvas, fonts, PAGE_W / 2, PAGE_H - 52 * mm, TITLE, "title", 44, "centre")
    y = PAGE_H - 78 * mm
    for indent, line in body_text_lines(fonts, layout, certificate):
        y -= BODY_LEADING
        glyphs.draw(canvas, fonts, SIDE + indent, y + (BODY_LEADING - BODY_SIZE), line, "kai", BODY_SIZE)
    draw_foot(canvas, fonts, certificate.issuer, certificate.issued_on, certificate.serial_text, 22 * mm)
    canvas.restoreState()


def certificate_texts(layout: CertificateLayout, certificate: Certificate) -> list[tuple[str, str, str]]:
    return [("证书正文", "\n".join(body_lines(layout, certificate)), "kai"),
            ("落款", certificate.issuer, "kai"), ("证书编号", certificate.serial_text, "table")]  # fmt: skip


def print_certificates(
    certificates: Sequence[Certificate],
    out: Path,
    fonts: FontSet,
    layout: CertificateLayout,
    *,
    office: str = "",
    progress: Progress | None = None,
    register: bool = True,
) -> Printed:
    """One page per certificate; the register of the batch saved beside the PDF unless `register` is False."""
    if not certificates:
        raise PrintError("没有可打印的荣誉证书")
    batch = write_batch(
        as_printed(certificates, layout), out, fonts, what="荣誉证书",
        title=lambda printable: f"荣誉证书（{len(printable)} 份）",
        texts=lambda c: certificate_texts(layout, c),
        draw=lambda canvas, c: draw_certificate(canvas, fonts, layout, c),
        office=office, progress=progress,
    )  # fmt: skip
    extra = [save_register(batch.printable, Path(out))] if register else []
    notes = fonts.notes(("title", "kai", "table"))
    if unsigned := sum(1 for c in batch.printable if not c.issuer.strip()):
        notes.append(
            f"{unsigned} 份证书没有落款（定稿时系统设置中没有填写落款）。可在“系统设置”或打印页的“证书版式”中"
            "填写落款后重新打印"
        )
    return Printed(Path(out), "荣誉证书", len(batch.printable), batch.pages, batch.left_out, notes, extra)


def as_printed(certificates: Sequence[Certificate], layout: CertificateLayout) -> list[Certificate]:
    """The office's issuer and date, where set, in place of each honor's own (the register says what printed)."""
    return [
        replace(c, issuer=layout.issuer or c.issuer, issued_on=layout.date or c.issued_on)
        for c in certificates
    ]


REGISTER_HEADERS = ("证书编号", "姓名", "公民身份号码", "工作单位", "荣誉", "颁发日期", "落款")


def register_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}-证书登记簿.xlsx")


def save_register(certificates: Sequence[Certificate], out: Path) -> Path:
    """The register of this batch beside the PDF: which serial number went to whom (all cells text)."""
    rows = (
        [c.serial_text, c.name, c.id_number, c.unit_name, c.title, c.issued_on, c.issuer]
        for c in certificates
    )
    return save_register_sheet(
        register_path(out), "证书登记簿", REGISTER_HEADERS, (18, 10, 21, 24, 22, 12, 24), rows
    )
