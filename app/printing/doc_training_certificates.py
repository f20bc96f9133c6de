"""结业证书 (training completion certificates): landscape A4, one per page, drawn on the canvas as the honor
certificates are — a double border, 结业证书, the person and the course in 楷体 wrapped by the Chinese rule, the
issuer (the course's organiser) and the course's last day right aligned, the certificate number at the foot.
A certificate whose text has a character no font has is left out, the others print, and it is named; the
register (.xlsx, number → person and course) of what was printed is saved beside the PDF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.changes import Progress
from app.jobs import JobCancelled
from app.printing import glyphs
from app.printing.doc_certificates import BODY_LEADING, BODY_SIZE, SIDE
from app.printing.fonts import FontSet
from app.printing.layout import CREATOR, LANDSCAPE, chinese_date, install_tounicode, write_part
from app.printing.linebreak import wrap_text
from app.printing.printed import Printed
from app.printing.problems import MissingGlyph, PrintError, missing_text

PAGE_W, PAGE_H = LANDSCAPE
TITLE = "结　业　证　书"
BORDER_RED = colors.HexColor("#a0282d")
# (size, leading) of the body, largest first: the honor certificates' 小一 on 40 pt lines, then smaller ones for a
# long course name, so that the body never runs into the issuer (room for five lines at the largest).
BODY_SIZES = ((BODY_SIZE, BODY_LEADING), (20, 32), (18, 27), (15, 22))
BODY_ROOM = 5 * BODY_LEADING


@dataclass(frozen=True)
class CourseCertificate:
    """One enrolment's certificate as printed."""

    enrolment_id: int
    number: str  # 培训〔2026〕第001号
    name: str
    id_number: str
    unit: str
    course: str
    category: str
    span: str  # 2026年3月10日至3月16日
    hours: str  # the hours the person attended ('' when none recorded: the course's are said)
    result: str
    issuer: str
    issued_on: str  # ISO: the course's last day

    def paragraphs(self) -> list[str]:
        hours = f"，完成 {self.hours} 学时的学习" if self.hours else ""
        kind = "" if self.category in self.course else f"（{self.category}）"  # not 入门培训班（入门）
        return [
            f"{self.name}同志：",
            f"于{self.span}参加{self.course}{kind}{hours}，经考核合格，准予结业。",
            "特发此证。",
        ]

    def texts(self) -> list[tuple[str, str, str]]:
        return [("证书正文", "\n".join(self.paragraphs()), "kai"), ("落款", self.issuer, "kai"),
                ("工作单位", self.unit, "table")]  # fmt: skip


def body_lines(fonts: FontSet, certificate: CourseCertificate, size: float) -> list[tuple[float, str]]:
    """(indent, text) of each printed line: the salutation flush left, the rest indented two characters."""
    width = PAGE_W - 2 * SIDE

    own = fonts.name("kai")

    def width_of(char: str) -> float:
        return _char_width(fonts.fallback_for(char, "kai") or own, char, size)

    lines: list[tuple[float, str]] = []
    for number, paragraph in enumerate(certificate.paragraphs()):
        indent = 2 * size if number else 0
        for at, line in enumerate(wrap_text(paragraph, width_of, width - indent, width)):
            lines.append((indent if at == 0 else 0, line))
    return lines


@lru_cache(maxsize=20000)
def _char_width(font: str, char: str, size: float) -> float:
    """A batch wraps the same few hundred characters again and again: measured once each."""
    return stringWidth(char, font, size)


def fitted_body(
    fonts: FontSet, certificate: CourseCertificate
) -> tuple[float, float, list[tuple[float, str]]]:
    """The largest size whose lines fit above the issuer: (size, leading, lines)."""
    for size, leading in BODY_SIZES:
        lines = body_lines(fonts, certificate, size)
        if len(lines) * leading <= BODY_ROOM:
            break
    return size, leading, lines


def _border(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColor(BORDER_RED)
    canvas.setLineWidth(3)
    canvas.rect(14 * mm, 14 * mm, PAGE_W - 28 * mm, PAGE_H - 28 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(18 * mm, 18 * mm, PAGE_W - 36 * mm, PAGE_H - 36 * mm)
    canvas.restoreState()


def draw_certificate(canvas: Canvas, fonts: FontSet, certificate: CourseCertificate) -> None:
    _border(canvas)
    glyphs.draw(canvas, fonts, PAGE_W / 2, PAGE_H - 52 * mm, TITLE, "title", 44, "centre")
    y = PAGE_H - 74 * mm
    size, leading, lines = fitted_body(fonts, certificate)
    for indent, line in lines:
        y -= leading
        glyphs.draw(canvas, fonts, SIDE + indent, y + (leading - size), line, "kai", size)
    issuer, day = certificate.issuer, chinese_date(certificate.issued_on)
    right = PAGE_W - SIDE - 10 * mm
    width = max(glyphs.string_width(fonts, t, "kai", 22) for t in (issuer or day, day))
    centre = right - width / 2  # issuer and date centred on each other, the longer one against the right
    if issuer:
        glyphs.draw(canvas, fonts, centre, 58 * mm, issuer, "kai", 22, "centre")
    glyphs.draw(canvas, fonts, centre, 44 * mm, day, "kai", 22, "centre")
    glyphs.draw(canvas, fonts, SIDE - 15 * mm, 26 * mm, f"证书编号：{certificate.number}", "table", 12)


def print_course_certificates(
    certificates: Sequence[CourseCertificate],
    out: Path,
    fonts: FontSet,
    *,
    office: str = "",
    notes: Sequence[str] = (),
    progress: Progress | None = None,
) -> Printed:
    """One page per certificate, in the order given; the register of what printed saved beside the PDF."""
    left_out: list[MissingGlyph] = []
    printable = []
    for certificate in certificates:
        missing = glyphs.check(fonts, certificate.name, certificate.texts())
        (left_out.extend(missing) if missing else printable.append(certificate))
    if not printable:
        raise PrintError("没有可打印的结业证书：" + missing_text(left_out))
    install_tounicode()

    def write(part: Path) -> int:
        canvas = Canvas(str(part), pagesize=LANDSCAPE, initialFontName=fonts.name("kai"), initialFontSize=24)
        canvas.setTitle(f"{printable[0].course}结业证书（{len(printable)} 份）")
        canvas.setAuthor(office)
        canvas.setCreator(CREATOR)
        for done, certificate in enumerate(printable):
            if progress is not None and not progress(done, len(printable)):
                raise JobCancelled()
            draw_certificate(canvas, fonts, certificate)
            canvas.showPage()
        canvas.save()
        return len(printable)

    pages = write_part(out, write)
    register = save_register(printable, Path(out))
    notes = [*fonts.notes(("title", "kai", "table")), *notes]
    return Printed(Path(out), "结业证书", len(printable), pages, left_out, notes, [register])


REGISTER_HEADERS = ("证书编号", "姓名", "公民身份号码", "工作单位", "培训班", "学时", "结果")


def register_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}-结业证书登记簿.xlsx")


def save_register(certificates: Sequence[CourseCertificate], out: Path) -> Path:
    """Which number went to whom, for this batch: text cells (the ID number keeps its 18 digits), the hours as
    a number."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from app.exchange.xlsx_out import header_style, save_xlsx, styled

    book = Workbook(write_only=True)
    sheet = book.create_sheet("结业证书登记簿")
    for letter, width in zip("ABCDEFG", (22, 10, 21, 30, 36, 7, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    style = header_style(wrap=False)
    sheet.append([styled(WriteOnlyCell(sheet, name), style) for name in REGISTER_HEADERS])
    for c in certificates:
        texts = [_text_cell(sheet, t) for t in (c.number, c.name, c.id_number, c.unit, c.course)]
        sheet.append([*texts, _number(c.hours), _text_cell(sheet, c.result)])
    path = register_path(out)
    save_xlsx(book, path)
    return path


def _text_cell(sheet, text: str):
    """A string cell: never run as a formula, whatever it starts with."""
    from openpyxl.cell import WriteOnlyCell

    from app.exchange.roster_export import exact_xlsx_text

    found = WriteOnlyCell(sheet, exact_xlsx_text(text))
    found.data_type = "s"
    return found


def _number(text: str) -> float | int | str:
    if not text:
        return ""
    value = float(text)
    return int(value) if value.is_integer() else value
