"""考核登记表: one portrait A4 page per person and period — the person's particulars and photo, the component
scores, X, 总分, 名次 (3/28) and 等次, a large 个人述职 box, and 考核小组意见 and 单位意见 boxes with signature,
seal and date. A batch is one PDF; the blank version leaves scores and boxes empty for filling in by hand.
A person with a character no font has is left out (the others print) and named."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepInFrame, PageBreak, Spacer, Table, TableStyle

from app.appraisal.periods import Period
from app.appraisal.ranking import RankedRow, Ranking
from app.changes import Progress
from app.printing import glyphs
from app.printing.doc_ranking import score_headers, score_values, state, total_text
from app.printing.fonts import FontSet
from app.printing.layout import DOCUMENT_MARGINS, PORTRAIT, Tick, build_pdf, styles, year_month
from app.printing.people import PersonInfo
from app.printing.printed import Printed
from app.printing.problems import MissingGlyph, PrintError
from app.printing.tables import cell, fit_widths, grid, plain, row_height

WIDTH = PORTRAIT[0] - (DOCUMENT_MARGINS.left + DOCUMENT_MARGINS.right) * mm  # 156 mm
HEIGHT = PORTRAIT[1] - (DOCUMENT_MARGINS.top + DOCUMENT_MARGINS.bottom) * mm - 1  # 225 mm, less rounding
LABEL = 20 * mm
PHOTO_W, PHOTO_H = 25 * mm, 35 * mm
SIGN_GROUP = "组长（签字）：＿＿＿＿＿＿　　　　年　　月　　日"
SIGN_UNIT = "（盖章）　　　　　　　　年　　月　　日"


@dataclass(frozen=True)
class Sheet:
    """One person's page: their particulars and, unless blank, their ranked row."""

    person: PersonInfo
    row: RankedRow | None
    place: str  # 3/28, or '' (blank, or not ranked)


def person_texts(person: PersonInfo) -> list[tuple[str, str, str]]:
    fields = (("姓名", person.name), ("工作单位", person.unit_name), ("岗位", person.position),
              ("政治面貌", person.political_status), ("学历", person.education))  # fmt: skip
    return [(label, text, "table") for label, text in fields]


def _photo(person: PersonInfo, fonts: FontSet, st: dict[str, ParagraphStyle]):
    if not person.photo:
        return cell(fonts, "照片", st["small_center"])
    try:
        picture = Image(io.BytesIO(person.photo))
    except Exception:  # noqa: BLE001 — a damaged photo prints as the empty box, not as a failed batch
        return cell(fonts, "照片", st["small_center"])
    scale = min((PHOTO_W - 2 * mm) / picture.imageWidth, (PHOTO_H - 2 * mm) / picture.imageHeight)
    picture.drawWidth, picture.drawHeight = picture.imageWidth * scale, picture.imageHeight * scale
    return picture


def particulars(fonts: FontSet, person: PersonInfo):
    st = styles(fonts)
    c, v = st["cell_center"], st["cell"]
    rows = [
        [cell(fonts, "姓名", c), cell(fonts, person.name, c), cell(fonts, "性别", c), cell(fonts, person.gender, c),
         cell(fonts, "出生年月", c), cell(fonts, year_month(person.birth_date), c), _photo(person, fonts, st)],
        [cell(fonts, "政治面貌", c), cell(fonts, person.political_status, c), cell(fonts, "学历", c),
         cell(fonts, person.education, c), cell(fonts, "到岗时间", c), cell(fonts, year_month(person.post_start_date), c),
         ""],
        [cell(fonts, "工作单位", c), cell(fonts, person.unit_name, v), "", "", "", "", ""],
        [cell(fonts, "岗位", c), cell(fonts, person.position, v), "", "", cell(fonts, "人员类别", c),
         cell(fonts, person.role, c), ""],
    ]  # fmt: skip
    widths = [LABEL, 30 * mm, 18 * mm, 22 * mm, 20 * mm, WIDTH - LABEL - 90 * mm - PHOTO_W, PHOTO_W]
    spans = [("SPAN", (6, 0), (6, 3)), ("SPAN", (1, 2), (5, 2)), ("SPAN", (1, 3), (3, 3))]
    # Each row 11 mm, or taller when a long name or unit wraps to more lines than that holds (a fixed height let a
    # 77-character unit run over the rows around it); the cells as wide as their spans.
    unit, position = sum(widths[1:6]), sum(widths[1:4])
    cells = [widths[:6], widths[:6], [widths[0], unit], [widths[0], position, widths[4], widths[5]]]
    texts = [rows[0][:6], rows[1][:6], rows[2][:2], [rows[3][0], rows[3][1], rows[3][4], rows[3][5]]]
    heights = [row_height(t, w, 11 * mm) for t, w in zip(texts, cells, strict=True)]
    return grid(rows, widths, fonts.name("table"), header_rows=0, heights=heights, extra=spans)


def scores_table(fonts: FontSet, ranking: Ranking, sheet: Sheet, blank: bool):
    st = styles(fonts)
    c = st["small_center"]
    headers = [*score_headers(ranking), "总分", "名次", "等次"]
    row = sheet.row
    if blank or row is None:
        values = [""] * len(headers)
    else:
        grade = row.result.grade or state(row)
        values = [*score_values(ranking, row), total_text(row.result.total), sheet.place, grade]
    rows = [
        [cell(fonts, "考核\n成绩", st["cell_center"]), *(cell(fonts, h, c) for h in headers)],
        ["", *(cell(fonts, v, st["cell_center"]) for v in values)],
    ]
    widths = [LABEL, *fit_widths(WIDTH - LABEL, [1] * len(headers))]
    heights = [row_height(row[1:], widths[1:], 10 * mm) for row in rows]  # a long component's name may wrap
    return grid(rows, widths, fonts.name("table"), header_rows=0, heights=heights,
                extra=[("SPAN", (0, 0), (0, 1)), ("BACKGROUND", (1, 0), (-1, 0), colors.HexColor("#f2f2f2"))])  # fmt: skip


def box(fonts: FontSet, label: str, height: float, sign: str, note: str = "") -> Table:
    """A labelled box for handwriting: the label down its left, `note` at the top, `sign` at its foot."""
    st = styles(fonts)
    right = ParagraphStyle("sign", parent=st["cell"], alignment=TA_RIGHT)
    rows = [
        [cell(fonts, label, st["cell_center"]), cell(fonts, note, st["small"])],
        ["", ""],
        ["", cell(fonts, sign, right)],
    ]
    table = Table(rows, colWidths=[LABEL, WIDTH - LABEL], rowHeights=[7 * mm, height - 17 * mm, 10 * mm])
    table.setStyle(
        TableStyle([
            ("FONT", (0, 0), (-1, -1), fonts.name("table"), 10.5), ("BOX", (0, 0), (-1, -1), 1, colors.black),
            ("LINEAFTER", (0, 0), (0, -1), 0.5, colors.black), ("SPAN", (0, 0), (0, 2)),
            ("VALIGN", (0, 0), (0, 2), "MIDDLE"), ("VALIGN", (1, 0), (1, -1), "TOP"), ("RIGHTPADDING", (1, 2), (1, 2), 8 * mm),
        ])
    )  # fmt: skip
    return table


def sheet_story(fonts: FontSet, ranking: Ranking, sheet: Sheet, office: str, blank: bool) -> list:
    st = styles(fonts)
    period: Period = ranking.period
    title = f"{period.title.removesuffix('考核')}{sheet.person.role}考核登记表"
    info = plain(
        [[cell(fonts, f"单位：{office}" if office else "", st["info"])],
         [cell(fonts, f"考核方案：{period.scheme.name}", st["info"])]],
        [WIDTH], fonts.name("table"),
    )  # fmt: skip
    title_style = ParagraphStyle(
        "sheet_title", parent=st["title"], fontSize=20, leading=26, spaceAfter=3 * mm
    )
    # Shrunk to the page when a long scheme or unit name would push it over: one person, one page, always.
    return [KeepInFrame(WIDTH, HEIGHT, [
        cell(fonts, title, title_style, "title"), info, Spacer(1, 2 * mm), particulars(fonts, sheet.person),
        scores_table(fonts, ranking, sheet, blank), box(fonts, "个\n人\n述\n职", 62 * mm, "签字：＿＿＿＿＿＿", "（可另附页）"),
        box(fonts, "考核\n小组\n意见", 35 * mm, SIGN_GROUP), box(fonts, "单位\n意见", 35 * mm, SIGN_UNIT),
    ], mode="shrink")]  # fmt: skip


def places(ranking: Ranking) -> dict[int, str]:
    """person id → '3/28': the place in the group out of the people the group ranks (待定 included)."""
    sizes = Counter(r.group for r in ranking.rows if r.result.place is not None)
    return {
        r.member.person_id: f"{r.result.place}/{sizes[r.group]}"
        for r in ranking.rows
        if r.result.place is not None
    }


def print_sheets(
    ranking: Ranking,
    people: Sequence[PersonInfo],
    out: Path,
    fonts: FontSet,
    *,
    office: str,
    blank: bool = False,
    notes: Sequence[str] = (),
    progress: Progress | None = None,
) -> Printed:
    """A page for each of `people` (in the order given); the ones with a character no font has are left out."""
    rows = {r.member.person_id: r for r in ranking.rows}
    where = places(ranking)
    left_out: list[MissingGlyph] = []
    story: list = []
    printed = 0
    for done, person in enumerate(people):
        missing = glyphs.check(fonts, person.name, person_texts(person))
        if missing:
            left_out += missing
            continue
        if printed:
            story.append(PageBreak())
        sheet = Sheet(person, rows.get(person.id), where.get(person.id, ""))
        story += [Tick(progress, done, len(people)), *sheet_story(fonts, ranking, sheet, office, blank)]
        printed += 1
    if not printed:
        raise PrintError(_nobody(left_out))
    what = "空白考核登记表" if blank else "考核登记表"
    pages = build_pdf(out, story, fonts, title=f"{ranking.period.title}{what}", author=office)
    return Printed(Path(out), what, printed, pages, left_out, [*fonts.notes(("title", "table")), *notes])


def _nobody(left_out: list[MissingGlyph]) -> str:
    if left_out:
        from app.printing.problems import missing_text

        return "没有可打印的人员：" + missing_text(left_out)
    return "没有可打印的人员"
