"""结业证书 (training completion certificates): landscape A4, one per page, drawn on the canvas as the honor
certificates are — a double border, 结业证书, the person and the course in 楷体 wrapped by the Chinese rule, the
issuer (the course's organiser) and the course's last day right aligned, the certificate number at the foot.
A certificate whose text has a character no font has is left out, the others print, and it is named; the
register (.xlsx, number → person and course) of what was printed is saved beside the PDF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.changes import Progress
from app.printing import glyphs
from app.printing.doc_certificates import (
    BODY_LEADING,
    BODY_SIZE,
    SIDE,
    draw_foot,
    save_register_sheet,
    wrap_body,
    write_batch,
)
from app.printing.fonts import FontSet
from app.printing.layout import LANDSCAPE
from app.printing.printed import Printed

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
    return wrap_body(fonts, certificate.paragraphs(), size)


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
    draw_foot(canvas, fonts, certificate.issuer, certificate.issued_on, certificate.number, 26 * mm)


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
    batch = write_batch(
        certificates, out, fonts, what="结业证书",
        title=lambda printable: f"{printable[0].course}结业证书（{len(printable)} 份）",
        texts=CourseCertificate.texts, draw=lambda canvas, c: draw_certificate(canvas, fonts, c),
        office=office, progress=progress,
    )  # fmt: skip
    register = save_register(batch.printable, Path(out))
    notes = [*fonts.notes(("title", "kai", "table")), *notes]
    return Printed(
        Path(out), "结业证书", len(batch.printable), batch.pages, batch.left_out, notes, [register]
    )


REGISTER_HEADERS = ("证书编号", "姓名", "公民身份号码", "工作单位", "培训班", "学时", "结果")


def register_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}-结业证书登记簿.xlsx")


def save_register(certificates: Sequence[CourseCertificate], out: Path) -> Path:
    """Which number went to whom, for this batch: text cells (the ID number keeps its 18 digits), the hours as
    a number."""
    rows = (
        [c.number, c.name, c.id_number, c.unit, c.course, _number(c.hours), c.result] for c in certificates
    )
    return save_register_sheet(
        register_path(out), "结业证书登记簿", REGISTER_HEADERS, (22, 10, 21, 30, 36, 7, 8), rows
    )


def _number(text: str) -> float | int | str:
    if not text:
        return ""
    value = float(text)
    return int(value) if value.is_integer() else value
