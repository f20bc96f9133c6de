"""A course's two lists: the 签到表 (sign-in sheet) handed round at the door, and the 参训名单 (attendance list)
filed afterwards. Both in 姓氏笔画 order with the header repeated on every page; a list with a character no
font has is not printed at all, naming who.

签到表: one signature column per course day — Monday to Friday between the first and the last day (a course held
only at a weekend: each of its days). A longer course gets one sheet per five days (第 1–5 天, 第 6–10 天 …),
each with the whole list, so that one sheet goes round each week and the columns stay wide enough to sign.
Up to five blank lines follow the names for those who come without being enrolled: as many as the last page of
names has room for, never a page of blank lines alone.

参训名单: 学时, 结果, 证书编号 and 备注 (an absence the attendance list gave, 缺勤 or 请假, which is why its 学时 is
0), with the results counted (absences apart from 未记录).

Titles (here and on the 导师组名单) break only where the Chinese rule allows, never inside the document's name."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from app.changes import Progress
from app.printing import glyphs
from app.printing.doc_ranking import footer
from app.printing.fonts import FontSet
from app.printing.layout import (
    LANDSCAPE,
    LIST_MARGINS,
    PORTRAIT,
    Margins,
    build_pdf,
    chinese_date,
    styles,
)
from app.printing.linebreak import break_point, wrap_text
from app.printing.people import PersonInfo
from app.printing.printed import Printed
from app.printing.problems import MissingGlyph, MissingGlyphs
from app.printing.tables import Text, cell, fit_widths, grid, grid_style, row_height
from app.training.attendance_cells import ABSENT
from app.training.courses import Course
from app.training.listing import EnrolmentRow
from app.training.rules import FAIL, hours_text, passed

DAYS_PER_SHEET = 5
BLANK_LINES = 5
SIGN_ROW = 10 * mm  # room for a signature
# A portrait list: narrower margins than a letter's (DOCUMENT_MARGINS), so that a unit's name fits on a line.
PORTRAIT_LIST = Margins(25, 25, 20, 20)
# A title steps down from 二号 to 三号 before it takes a third line; reportlab's frame keeps 6 pt inside each side.
TITLE_SIZES = (22, 20, 18, 16)
FRAME_PADDING = 12
# layout.canvas_maker draws a page's footer at 五号 from 20 mm in: the same 20 mm is kept free on the right.
FOOTER_SIZE, FOOTER_INDENT = 10.5, 20 * mm


def title_lines(name: str, document: str, width_of: Callable[[str], float], width: float) -> list[str]:
    """`name` + `document` (签到表, 参训名单) cut into lines no wider than `width` where Chinese allows a break,
    the document's name never split: it ends the last line of the name, or takes a line of its own. Two lines are
    evened out as a title is set (the longer one first), without breaking inside brackets or quotes
    (（第一期）, “红色物业”) when a break outside them is at hand."""
    if width_of(name + document) <= width:
        return [name + document]

    def cut(limit: float) -> list[str]:
        lines = wrap_text(name, width_of, limit, limit)
        if width_of(lines[-1] + document) <= limit:
            return [*lines[:-1], lines[-1] + document]
        return [*lines, document]

    lines = cut(width)
    if len(lines) != 2:
        return lines
    text = name + document
    pairs = [[text[:i], text[i:]] for i in range(1, len(name) + 1) if break_point(list(text), 0, i) == i]
    fits = [p for p in pairs if all(width_of(line) <= width for line in p)] or [lines]
    return min(fits, key=lambda p: (_open(p[0]), abs(width_of(p[0]) - width_of(p[1])), -width_of(p[0])))


def _open(line: str) -> bool:
    """The line ends inside brackets or quotes it opened."""
    return any(line.count(a) > line.count(b) for a, b in ("（）", "()", "“”", "《》", "〔〕", "【】"))


def doc_title(fonts: FontSet, name: str, document: str, width: float) -> Text:
    """The title of a course's (or a round's) document at the largest size that needs no more than two lines,
    三号 at the least (on as many lines as a very long name takes)."""
    room = width - FRAME_PADDING
    for size in TITLE_SIZES:
        lines = title_lines(name, document, lambda t, s=size: glyphs.string_width(fonts, t, "title", s), room)
        if len(lines) <= 2:
            break
    base = styles(fonts)["title"]
    style = ParagraphStyle(
        f"title_{size}", parent=base, fontSize=size, leading=base.leading * size / base.fontSize
    )
    return cell(fonts, "\n".join(lines), style, "title")


def course_days(course: Course) -> list[dt.date]:
    """The days a sign-in sheet has a column for: the working days of the course, or every day of a course
    that falls wholly on a weekend."""
    days = [
        course.start_date + dt.timedelta(n) for n in range((course.end_date - course.start_date).days + 1)
    ]
    working = [d for d in days if d.weekday() < 5]
    return working or days


def day_sheets(days: Sequence[dt.date]) -> list[list[dt.date]]:
    return [list(days[i : i + DAYS_PER_SHEET]) for i in range(0, len(days), DAYS_PER_SHEET)]


def span_text(course: Course) -> str:
    """2026年4月7日至4月20日, or one day."""
    start, end = course.start_date, course.end_date
    if start == end:
        return chinese_date(start)
    tail = chinese_date(end) if end.year != start.year else f"{end.month}月{end.day}日"
    return f"{chinese_date(start)}至{tail}"


def course_line(fonts: FontSet, course: Course, width: float) -> str:
    """培训时间, 学时, 地点 and 主办 on one line, or on two (time and hours, then place and organiser) when one
    line would wrap in the middle of a value."""
    first = [f"培训时间：{span_text(course)}", f"学时：{hours_text(course.hours)}"]
    second = [
        f"{label}：{value}" for label, value in (("地点", course.place), ("主办", course.organiser)) if value
    ]
    one = "　　".join(first + second)
    if glyphs.string_width(fonts, one, "body", styles(fonts)["subtitle"].fontSize) <= width:
        return one
    return "　　".join(first) + ("\n" + "　　".join(second) if second else "")


def course_texts(course: Course) -> list[tuple[str, str, str]]:
    return [("培训班名称", course.name, "title"), ("培训班名称", course.name, "table"), ("地点", course.place or "", "body"),
            ("主办单位", course.organiser or "", "body")]  # fmt: skip


def refuse_gaps(fonts: FontSet, course: Course, people: Sequence[tuple[str, str]]) -> None:
    """(name, unit) of each person and the course's own texts: all printable, or nothing printed."""
    missing: list[MissingGlyph] = glyphs.check(fonts, "培训班", course_texts(course))
    for name, unit in people:
        missing += glyphs.check(fonts, name, [("姓名", name, "table"), ("工作单位", unit, "table")])
    if missing:
        raise MissingGlyphs(missing)


def footer_line(fonts: FontSet, name: str, document: str, paper_width: float) -> str:
    """The course and the document at the foot of every sheet, on one line: a name too long for it is cut
    short with …, the document's name kept whole."""
    room = paper_width - 2 * FOOTER_INDENT
    if glyphs.string_width(fonts, name + document, "table", FOOTER_SIZE) <= room:
        return name + document
    while name and glyphs.string_width(fonts, f"{name}…{document}", "table", FOOTER_SIZE) > room:
        name = name[:-1]
    return f"{name}…{document}"


# --- 签到表 ---------------------------------------------------------------------------------------------


def _sign_table(fonts: FontSet, people: Sequence[PersonInfo], days: Sequence[dt.date], width: float):
    st = styles(fonts)
    c, left = st["cell_center"], st["cell"]
    header = [cell(fonts, h, c) for h in ("序号", "姓名", "工作单位", "联系电话")]
    header += [cell(fonts, f"{d.month}月{d.day}日\n签到", c) for d in days] + [cell(fonts, "备注", c)]
    rows = [header]
    for number, p in enumerate(people, 1):
        rows.append([cell(fonts, str(number), c), cell(fonts, p.name, c), cell(fonts, p.unit_name, left),
                     cell(fonts, p.phone, c), *([""] * len(days)), ""])  # fmt: skip
    widths = fit_widths(width, [6, 13, 26, 13, *([16] * len(days)), 9])
    heights = [11 * mm, *(row_height(row, widths, SIGN_ROW) for row in rows[1:])]
    table = grid(rows, widths, fonts.name("table"), heights=heights)
    return [table, BlankRows(widths, fonts.name("table"))]


class BlankRows(Flowable):
    """The unnumbered lines for those who come without being enrolled, under the names: as many as fit below
    the last name (BLANK_LINES at most, none when the names fill the page), so that they never make a page of
    their own. Drawn as rows of the table above: the same columns, the grid continued."""

    _ZEROSIZE = True  # offered the page's last sliver too, where it takes no rows rather than a new page

    def __init__(self, widths: Sequence[float], font: str, most: int = BLANK_LINES):
        super().__init__()
        self.widths, self.font, self.most = list(widths), font, most
        self.rows = 0
        self.hAlign = "CENTER"  # placed as the table above is

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        self.rows = max(0, min(self.most, int((availHeight + 1e-6) // SIGN_ROW)))
        self.width, self.height = sum(self.widths), self.rows * SIGN_ROW
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        return []

    def draw(self) -> None:
        if not self.rows:
            return
        table = Table([[""] * len(self.widths)] * self.rows, colWidths=self.widths, rowHeights=SIGN_ROW)
        table.setStyle(TableStyle(grid_style(self.font, header_rows=0)))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)


def signin_story(
    fonts: FontSet, course: Course, people: Sequence[PersonInfo], office: str, width: float
) -> list:
    st = styles(fonts)
    sheets = day_sheets(course_days(course))
    story: list = []
    for number, days in enumerate(sheets, 1):
        if number > 1:
            story.append(PageBreak())
        story += [doc_title(fonts, course.name, "签到表", width),
                  cell(fonts, course_line(fonts, course, width), st["subtitle"], "body")]  # fmt: skip
        if len(sheets) > 1:
            first = (number - 1) * DAYS_PER_SHEET + 1
            said = f"第 {first}–{first + len(days) - 1} 天（共 {len(sheets)} 张，此为第 {number} 张）"
            story.append(cell(fonts, said, st["info"]))
        story += _sign_table(fonts, people, days, width)
    return story


def print_signin(
    course: Course, people: Sequence[PersonInfo], out: Path, fonts: FontSet, *, office: str,
    notes: Sequence[str] = (), progress: Progress | None = None,
) -> Printed:  # fmt: skip
    """`people` in the order given (the service sorts them by 姓氏笔画)."""
    refuse_gaps(fonts, course, [(p.name, p.unit_name) for p in people])
    wide = len(day_sheets(course_days(course))[0]) > 2
    pagesize, margins = (LANDSCAPE, LIST_MARGINS) if wide else (PORTRAIT, PORTRAIT_LIST)
    width = pagesize[0] - (margins.left + margins.right) * mm
    pages = build_pdf(
        out, signin_story(fonts, course, people, office, width), fonts, pagesize=pagesize, margins=margins,
        title=f"{course.name}签到表", author=office, footer=footer_line(fonts, course.name, "签到表", pagesize[0]),
        progress=progress,
    )  # fmt: skip
    notes = [*fonts.notes(("title", "body", "table")), *notes]
    return Printed(Path(out), "签到表", len(people), pages, notes=notes)


# --- 参训名单 -------------------------------------------------------------------------------------------


def outcome(row: EnrolmentRow) -> str:
    """合格, 不合格, the absence word an attendance list gave (缺勤, 请假 …), or 未记录."""
    if row.result:
        return "合格" if passed(row.result) else FAIL
    return row.note if row.note in ABSENT else "未记录"


def result_counts(rows: Sequence[EnrolmentRow]) -> str:
    """共 12 人：合格 9 人，不合格 1 人，缺勤 1 人，未记录 1 人；结业证书 9 份 (the commonest absence first)."""
    count = Counter(outcome(r) for r in rows)
    absences = sorted((k for k in count if k in ABSENT), key=lambda k: (-count[k], k))
    said = "，".join(f"{k} {count[k]} 人" for k in ("合格", FAIL, *absences, "未记录") if count[k])
    certificates = sum(1 for r in rows if r.certificate_no)
    return f"共 {len(rows)} 人：{said}；结业证书 {certificates} 份"


def attendance_story(fonts: FontSet, course: Course, rows: Sequence[EnrolmentRow], width: float) -> list:
    st = styles(fonts)
    c, left = st["cell_center"], st["cell"]
    table = [
        [
            cell(fonts, h, c)
            for h in ("序号", "姓名", "人员类别", "工作单位", "学时", "结果", "证书编号", "备注")
        ]
    ]
    for number, r in enumerate(rows, 1):
        table.append([cell(fonts, str(number), c), cell(fonts, r.name, c), cell(fonts, r.role, c),
                      cell(fonts, r.unit, left), cell(fonts, r.hours or "", c), cell(fonts, r.result or "", c),
                      cell(fonts, r.certificate_no or "", c), cell(fonts, r.note or "", c)])  # fmt: skip
    widths = fit_widths(
        width, [10, 21, 21, 34, 10, 14, 38, 17]
    )  # mm: 欧阳娜娜木, 培训〔2026〕第074号, 因公请假 whole
    return [
        doc_title(fonts, course.name, "参训名单", width),
        cell(fonts, course_line(fonts, course, width), st["subtitle"], "body"),
        cell(fonts, result_counts(rows), st["info"]),
        grid(table, widths, fonts.name("table")),
    ]


def print_attendance(
    course: Course, rows: Sequence[EnrolmentRow], out: Path, fonts: FontSet, *, office: str, today: dt.date,
    notes: Sequence[str] = (), progress: Progress | None = None,
) -> Printed:  # fmt: skip
    refuse_gaps(fonts, course, [(r.name, r.unit) for r in rows])
    margins = PORTRAIT_LIST
    width = PORTRAIT[0] - (margins.left + margins.right) * mm
    pages = build_pdf(
        out, attendance_story(fonts, course, rows, width), fonts, margins=margins, title=f"{course.name}参训名单",
        author=office, footer=footer(today), progress=progress,
    )  # fmt: skip
    notes = [*fonts.notes(("title", "body", "table")), *notes]
    return Printed(Path(out), "参训名单", len(rows), pages, notes=notes)
