"""培训档案: one person's training on ONE portrait page — particulars, every course (dates, name, category,
hours, result, certificate number), hours per year against the requirement, 补课 open and closed, mentors and
mentees. The tables are in 小五 (9 pt) so that about 30 courses fit; a longer record leaves out its oldest
courses (shrinking the page would narrow the tables away from the margins and make the text too small to
read); the table says how many, and so does the printout's note. A character no font has stops
the page, naming it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, Spacer

from app.changes import Progress
from app.printing import glyphs
from app.printing.doc_ranking import footer
from app.printing.doc_training import PORTRAIT_LIST
from app.printing.fonts import FontSet
from app.printing.layout import PORTRAIT, build_pdf, styles, year_month
from app.printing.people import PersonInfo
from app.printing.printed import Printed
from app.printing.problems import MissingGlyphs
from app.printing.tables import cell, fit_widths, grid, row_height

WIDTH = PORTRAIT[0] - (PORTRAIT_LIST.left + PORTRAIT_LIST.right) * mm
HEIGHT = PORTRAIT[1] - (PORTRAIT_LIST.top + PORTRAIT_LIST.bottom) * mm - 1


@dataclass(frozen=True)
class CourseLine:
    dates: str  # 2026.03.10–03.16
    name: str
    category: str
    hours: str
    result: str
    certificate_no: str


@dataclass(frozen=True)
class YearLine:
    year: int
    hours: str
    required: str
    short: str  # 差额, '0' when met


@dataclass(frozen=True)
class RemedialLine:
    period: str
    total: str
    required: str  # 不少于 5 个工作日
    state: str  # 已完成：… / 未完成


@dataclass(frozen=True)
class MentoringLine:
    role: str  # 导师 (this person's mentor) or 带教学员 (this person's mentee)
    name: str
    about: str  # the mentor's line and unit, or the mentee's unit
    kind: str
    dates: str


@dataclass(frozen=True)
class TrainingRecord:
    person: PersonInfo
    courses: list[CourseLine]  # oldest first
    years: list[YearLine]  # newest first
    remedial: list[RemedialLine] = field(default_factory=list)
    mentoring: list[MentoringLine] = field(default_factory=list)


def particulars(fonts: FontSet, p: PersonInfo):
    st = styles(fonts)
    c, v = st["cell_center"], st["cell"]
    rows = [
        [cell(fonts, "姓名", c), cell(fonts, p.name, c), cell(fonts, "性别", c), cell(fonts, p.gender, c),
         cell(fonts, "出生年月", c), cell(fonts, year_month(p.birth_date), c)],
        [cell(fonts, "人员类别", c), cell(fonts, p.role, c), cell(fonts, "政治面貌", c),
         cell(fonts, p.political_status, c), cell(fonts, "学历", c), cell(fonts, p.education, c)],
        [cell(fonts, "工作单位", c), cell(fonts, p.unit_name, v), "", "", cell(fonts, "岗位", c), cell(fonts, p.position, c)],
        [cell(fonts, "公民身份号码", c), cell(fonts, p.id_number, c), "", "", cell(fonts, "到岗时间", c),
         cell(fonts, year_month(p.post_start_date), c)],
    ]  # fmt: skip
    spans = [("SPAN", (1, 2), (3, 2)), ("SPAN", (1, 3), (3, 3))]
    widths = fit_widths(WIDTH, [24, 30, 18, 26, 20, 32])
    spanned = [widths[0], sum(widths[1:4]), 0, 0, widths[4], widths[5]]  # the unit and ID rows' cells
    heights = [row_height(row, spanned if i >= 2 else widths, 8 * mm) for i, row in enumerate(rows)]
    return grid(rows, widths, fonts.name("table"), header_rows=0, heights=heights, extra=spans)


def _table(fonts: FontSet, headers: Sequence[str], rows: Sequence[Sequence[str]], weights: Sequence[float],
           left: Sequence[int] = (), extra: Sequence[tuple] = ()):  # fmt: skip
    st = styles(fonts)
    body = [[cell(fonts, h, st["small_center"]) for h in headers]]
    body += [[cell(fonts, v, st["small"] if i in left else st["small_center"]) for i, v in enumerate(row)]
             for row in rows]  # fmt: skip
    return grid(body, fit_widths(WIDTH, weights), fonts.name("table"), extra=extra)


def _section(fonts: FontSet, title: str, table, empty: bool) -> list:
    st = styles(fonts)
    return [cell(fonts, title, st["heading"], "title"), cell(fonts, "无", st["info"]) if empty else table]


def record_story(fonts: FontSet, record: TrainingRecord, office: str, cut: int = 0) -> list:
    """The page's flowables; `cut` oldest courses left out, and said so in the table."""
    st = styles(fonts)
    courses = record.courses[cut:]
    course_rows = [[str(n), c.dates, c.name, c.category, c.hours, c.result, c.certificate_no]
                   for n, c in enumerate(courses, cut + 1)]  # fmt: skip
    if cut:
        course_rows.insert(
            0, ["…", f"另有较早的 {cut} 项培训（第 1–{cut} 项）本页未列出", "", "", "", "", ""]
        )
    course_table = _table(fonts, ("序号", "起止日期", "培训班", "类别", "学时", "结果", "证书编号"), course_rows,
                          [9, 31, 59, 15, 10, 11, 35], left=(2,),
                          extra=[("SPAN", (1, 1), (-1, 1))] if cut else ())  # fmt: skip
    years = _table(fonts, ("年度", "学时", "要求学时", "差额", "情况"),
                   [[str(y.year), y.hours, y.required, y.short, "达标" if y.short == "0" else "未达标"]
                    for y in record.years], [1, 1, 1, 1, 1])  # fmt: skip
    remedial = _table(fonts, ("考核", "总分", "要求", "完成情况"),
                      [[r.period, r.total, r.required, r.state] for r in record.remedial], [50, 10, 26, 50],
                      left=(0, 3))  # fmt: skip
    mentoring = _table(fonts, ("关系", "姓名", "条线 / 单位", "形式", "起止日期"),
                       [[m.role, m.name, m.about, m.kind, m.dates] for m in record.mentoring], [12, 12, 40, 9, 25],
                       left=(2,))  # fmt: skip
    return [
        cell(fonts, "培训档案", st["title"], "title"),
        cell(fonts, f"单位：{office}" if office else "", st["info"]),
        Spacer(1, 2 * mm),
        particulars(fonts, record.person),
        *_section(fonts, f"一、培训经历（共 {len(record.courses)} 项）", course_table, not record.courses),
        *_section(fonts, "二、年度学时", years, not record.years),
        *_section(fonts, "三、补课", remedial, not record.remedial),
        *_section(fonts, "四、导师帮带", mentoring, not record.mentoring),
    ]


def natural_height(story: Sequence, width: float = WIDTH) -> float:
    total = 0.0
    for flowable in story:
        total += flowable.wrap(width, 10**6)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def fitting_cut(fonts: FontSet, record: TrainingRecord, office: str) -> int:
    """The fewest oldest courses to leave out so that the page fits without shrinking (the height only goes
    down as courses are cut, so a bisection finds it in a handful of layouts)."""

    def fits(cut: int) -> bool:
        return natural_height(record_story(fonts, record, office, cut)) <= HEIGHT

    if fits(0):
        return 0
    low, high = 0, len(record.courses)  # fits(high) may still be False: then every course is cut
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if fits(middle) else (middle, high)
    return high


def record_texts(record: TrainingRecord) -> list[tuple[str, str, str]]:
    p = record.person
    texts = [("姓名", p.name, "table"), ("工作单位", p.unit_name, "table"), ("岗位", p.position, "table")]
    texts += [("培训班", c.name, "table") for c in record.courses]
    texts += [("导师帮带", f"{m.name}{m.about}", "table") for m in record.mentoring]
    return texts + [("补课", r.state, "table") for r in record.remedial]


def print_record(
    record: TrainingRecord,
    out: Path,
    fonts: FontSet,
    *,
    office: str,
    today: dt.date,
    progress: Progress | None = None,
) -> Printed:
    missing = glyphs.check(fonts, record.person.name, record_texts(record))
    if missing:
        raise MissingGlyphs(missing)
    cut = fitting_cut(fonts, record, office)
    # The frame only guards against a rounding difference between the measure and the layout: one page, always.
    story = [KeepInFrame(WIDTH, HEIGHT, record_story(fonts, record, office, cut), mode="shrink")]
    pages = build_pdf(out, story, fonts, margins=PORTRAIT_LIST, title=f"{record.person.name}培训档案",
                      author=office, footer=footer(today), progress=progress)  # fmt: skip
    notes = fonts.notes(("title", "table"))
    if cut:
        notes.append(f"培训经历共 {len(record.courses)} 项，一页放不下：较早的 {cut} 项没有打印，只列出最近的 "
                     f"{len(record.courses) - cut} 项")  # fmt: skip
    return Printed(Path(out), "培训档案", 1, pages, notes=notes)
