"""评分表: the blank score sheet of a period for scoring by hand — landscape A4, the people listed (序号, 姓名,
公民身份号码, 工作单位) and a column per component (with its full marks) and for X, left empty; 评分人, 复核人 and the date
to sign on every page. Its columns are those of the score import, so a typed-up copy imports as it is."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm

from app.appraisal.periods import Period
from app.appraisal.service import decimal_text
from app.changes import Progress
from app.printing import glyphs
from app.printing.fonts import FontSet
from app.printing.layout import LANDSCAPE, LIST_MARGINS, build_pdf, styles
from app.printing.people import PersonInfo
from app.printing.printed import Printed
from app.printing.problems import MissingGlyphs
from app.printing.tables import cell, fit_widths, grid

WIDTH = LANDSCAPE[0] - (LIST_MARGINS.left + LIST_MARGINS.right) * mm
FOOTER = "评分人（签字）：＿＿＿＿＿＿　　　复核人（签字）：＿＿＿＿＿＿　　　日期：　　　　年　　月　　日"


def headers(period: Period) -> list[str]:
    scheme = period.scheme
    columns = [f"{c.name}\n（满分{decimal_text(c.max_score)}）" for c in scheme.components]
    if scheme.bonus_cap is not None:
        columns.append(f"{scheme.bonus_name}\n（0–{decimal_text(scheme.bonus_cap)}）")
    return columns


def score_story(fonts: FontSet, period: Period, people: Sequence[PersonInfo], office: str) -> list:
    st = styles(fonts)
    center = st["cell_center"]
    scores = headers(period)
    rows = [[cell(fonts, h, center) for h in ("序号", "姓名", "公民身份号码", "工作单位", *scores, "备注")]]
    for number, person in enumerate(people, 1):
        rows.append([cell(fonts, str(number), center), cell(fonts, person.name, center),
                     cell(fonts, person.id_number, center), cell(fonts, person.unit_name, st["cell"]),
                     *([""] * len(scores)), ""])  # fmt: skip
    widths = fit_widths(WIDTH, [7, 12, 30, 30, *([16] * len(scores)), 18])
    # Room to write: a one-line row is about 9 mm; a long unit name that wraps makes its row taller.
    room = [("TOPPADDING", (0, 1), (-1, -1), 6.5), ("BOTTOMPADDING", (0, 1), (-1, -1), 6.5)]
    return [
        cell(fonts, f"{period.title}评分表", st["title"], "title"),
        cell(fonts, "　".join(filter(None, (office, period.scheme.name, f"共 {len(people)} 人"))), st["subtitle"],
             "body"),
        grid(rows, widths, fonts.name("table"), extra=room),
    ]  # fmt: skip


def print_score_sheet(
    period: Period, people: Sequence[PersonInfo], out: Path, fonts: FontSet, *, office: str,
    progress: Progress | None = None,
) -> Printed:  # fmt: skip
    missing = [m for p in people for m in glyphs.check(fonts, p.name, [("姓名", p.name, "table"),
                                                                       ("工作单位", p.unit_name, "table")])]  # fmt: skip
    if missing:
        raise MissingGlyphs(missing)
    pages = build_pdf(
        out, score_story(fonts, period, people, office), fonts, pagesize=LANDSCAPE, margins=LIST_MARGINS,
        title=f"{period.title}评分表", author=office, footer=FOOTER, progress=progress,
    )  # fmt: skip
    return Printed(Path(out), "评分表", len(people), pages, notes=fonts.notes(("title", "body", "table")))
