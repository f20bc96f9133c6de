"""花名册: landscape A4, the columns the clerk picks (序号 first), sorted by 姓氏笔画 or as shown, with the
office's name, the date and the count; the header repeats on every page and no row is split."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib.units import mm

from app.changes import Progress
from app.printing import glyphs
from app.printing.fonts import FontSet
from app.printing.layout import LANDSCAPE, LIST_MARGINS, build_pdf, chinese_date, styles, year_month
from app.printing.order import order_notes, sort_by_name
from app.printing.people import PersonInfo
from app.printing.printed import Printed
from app.printing.problems import MissingGlyphs, PrintError
from app.printing.tables import cell, fit_widths, grid, plain

# label → (relative width, the value printed)
COLUMNS: dict[str, tuple[float, Callable[[PersonInfo, dt.date], str]]] = {
    "姓名": (7, lambda p, _t: p.name),
    "性别": (3.5, lambda p, _t: p.gender),
    "年龄": (3.5, lambda p, t: p.age(t)),
    "出生日期": (7, lambda p, _t: year_month(p.birth_date)),
    "民族": (5, lambda p, _t: p.ethnicity),
    "公民身份号码": (15, lambda p, _t: p.id_number),
    "人员类别": (7, lambda p, _t: p.role),
    "工作单位": (17, lambda p, _t: p.unit_name),
    "岗位": (9, lambda p, _t: p.position),
    "政治面貌": (9, lambda p, _t: p.political_status),
    "学历": (7, lambda p, _t: p.education),
    "联系电话": (10, lambda p, _t: p.phone),
    "到岗时间": (7, lambda p, _t: year_month(p.post_start_date)),
    "来源渠道": (8, lambda p, _t: p.source),
    "状态": (5, lambda p, _t: p.status),
    "专业": (9, lambda p, _t: p.major),
    "入党时间": (7, lambda p, _t: year_month(p.party_join_date)),
    "参加工作时间": (7, lambda p, _t: year_month(p.work_start_date)),
    "社会工作者职业资格": (10, lambda p, _t: p.social_work_level),
    "备注": (12, lambda p, _t: p.note),
}
DEFAULT_COLUMNS = (
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "政治面貌",
    "学历",
    "人员类别",
    "工作单位",
    "岗位",
    "到岗时间",
)
NUMBER_WEIGHT = 3.5


def roster_story(
    people: Sequence[PersonInfo], columns: Sequence[str], fonts: FontSet, office: str, today: dt.date
) -> list:
    st = styles(fonts)
    roles = {p.role for p in people}
    # A list of one kind of people is titled by it (社区工作者花名册), a mixed one is the 人员花名册.
    title = f"{office}{roles.pop() if len(roles) == 1 else '人员'}花名册"
    width = LANDSCAPE[0] - (LIST_MARGINS.left + LIST_MARGINS.right) * mm
    info = plain(
        [[cell(fonts, f"单位：{office}" if office else "", st["info"]),
          cell(fonts, f"制表日期：{chinese_date(today)}　　共 {len(people)} 人", st["info_right"])]],
        [width / 2, width / 2], fonts.name("table"),
    )  # fmt: skip
    header = [cell(fonts, "序号", st["cell_center"])] + [cell(fonts, c, st["cell_center"]) for c in columns]
    rows = [header]
    for number, person in enumerate(people, 1):
        values = [COLUMNS[c][1](person, today) for c in columns]
        rows.append(
            [cell(fonts, str(number), st["cell_center"])]
            + [cell(fonts, v, st["cell"] if c in ("工作单位", "岗位") else st["cell_center"])
               for c, v in zip(columns, values, strict=True)]
        )  # fmt: skip
    widths = fit_widths(width, [NUMBER_WEIGHT, *(COLUMNS[c][0] for c in columns)])
    return [cell(fonts, title, st["title"], "title"), info, grid(rows, widths, fonts.name("table"))]


def check_people(
    fonts: FontSet, people: Sequence[PersonInfo], columns: Sequence[str], today: dt.date
) -> None:
    """A list is never printed with a gap: refused whole, naming everyone with a character no font has."""
    missing = []
    for person in people:
        texts = [(c, COLUMNS[c][1](person, today), "table") for c in columns]
        missing += glyphs.check(fonts, person.name, texts)
    if missing:
        raise MissingGlyphs(missing)


def print_roster(
    people: Sequence[PersonInfo],
    out: Path,
    fonts: FontSet,
    *,
    office: str,
    today: dt.date,
    columns: Sequence[str] = DEFAULT_COLUMNS,
    order: str = "strokes",
    progress: Progress | None = None,
) -> Printed:
    """`people` as given when order is 'shown', else sorted by 姓氏笔画 or pinyin."""
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise PrintError(f"花名册没有“{unknown[0]}”这一列，可选：{'、'.join(COLUMNS)}")
    if not people:
        raise PrintError("没有要打印的人员")
    columns = ["姓名", *(c for c in columns if c != "姓名")]
    check_people(fonts, people, columns, today)
    ordered = sort_by_name(people, lambda p: p.name, order)
    pages = build_pdf(
        out, roster_story(ordered, columns, fonts, office, today), fonts, pagesize=LANDSCAPE,
        margins=LIST_MARGINS, title="人员花名册", author=office, progress=progress,
    )  # fmt: skip
    notes = fonts.notes(("title", "table")) + order_notes([p.name for p in people], order)
    return Printed(Path(out), "花名册", len(people), pages, notes=notes)
