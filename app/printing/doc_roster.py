"""花名册: landscape A4, the columns the clerk picks (序号 first), sorted by 姓氏笔画 or as shown, with the
office's name, the date and the count; the header repeats on every page and no row is split."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from app.changes import Progress
from app.printing import glyphs
from app.printing.fonts import FontSet
from app.printing.layout import LANDSCAPE, LIST_MARGINS, build_pdf, chinese_date, styles, year_month
from app.printing.order import order_notes, sort_by_name
from app.printing.people import PersonInfo
from app.printing.printed import Printed
from app.printing.problems import MissingGlyphs, PrintError
from app.printing.tables import cell, grid, plain, share_widths

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
# Columns whose values are never wrapped (an ID number cut before its last digit, 社区工/作者): each is as wide
# as its longest value, up to ONE_LINE_MOST characters of the cell's size; the others share what is left.
ONE_LINE = frozenset(
    ("序号", "性别", "年龄", "出生日期", "民族", "公民身份号码", "人员类别", "政治面貌", "学历", "联系电话", "到岗时间",
     "状态", "入党时间", "参加工作时间")
)  # fmt: skip
ONE_LINE_MOST = 20
# Of those, the ones of digits keep their width when even the smallest size leaves too little room for all:
# a word of characters is set a little smaller to fit (tables.Text), a run of digits would break.
DIGITS = frozenset(
    ("序号", "年龄", "出生日期", "公民身份号码", "联系电话", "到岗时间", "入党时间", "参加工作时间")
)
WRAPPED_LEAST = 3  # a wrapped column is never narrower than this many characters
NAME_PART_MOST = 7  # nor 姓名 than a name's longest part, up to this many
HEADER_ONE_LINE = 4  # a header this short is never wrapped; a longer one may take two lines (参加工/作时间)
PADDING = 6 + 1  # grid_style's 3 pt each side, and a point for rounding
SIZES = (10.5, 9.5, 9, 8.5, 8)  # 五号, and smaller when many columns are chosen: 8 pt is still read easily


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
    labels = ["序号", *columns]
    lines = [
        [str(number), *(COLUMNS[c][1](person, today) for c in columns)]
        for number, person in enumerate(people, 1)
    ]
    texts = list(zip(*lines, strict=True)) if lines else [() for _ in labels]
    size, widths = column_widths(fonts, width, labels, texts)
    plain_style, center = (sized(st[name], size) for name in ("cell", "cell_center"))
    left = {"工作单位", "岗位"}
    rows = [[cell(fonts, label, center) for label in labels]]
    rows += [[cell(fonts, v, plain_style if c in left else center) for c, v in zip(labels, line, strict=True)]
             for line in lines]  # fmt: skip
    return [cell(fonts, title, st["title"], "title"), info, grid(rows, widths, fonts.name("table"))]


def sized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    if size == style.fontSize:
        return style
    return ParagraphStyle(
        f"{style.name}_{size}", parent=style, fontSize=size, leading=style.leading * size / style.fontSize
    )


def column_widths(
    fonts: FontSet, total: float, labels: Sequence[str], texts: Sequence[Sequence[str]]
) -> tuple[float, list[float]]:
    """The cells' size and the columns' widths filling `total`: an ID number, a date, a phone number, 社区工作者
    on one line (at a smaller size, down to the last of SIZES, when the columns chosen need it), the rest shared by
    weight, an empty column no wider than its header needs (share_widths). An ID number is never wrapped, a
    date or a phone number not even when the columns chosen are too many for the page."""
    for size in SIZES:
        least, natural = _needs(fonts, labels, texts, size)
        if sum(least) <= total:
            break
    weights = [NUMBER_WEIGHT if label == "序号" else COLUMNS[label][0] for label in labels]
    firm = [label in DIGITS for label in labels]
    return size, share_widths(total, weights, least, natural, firm)


def _needs(
    fonts: FontSet, labels: Sequence[str], texts: Sequence[Sequence[str]], size: float
) -> tuple[list[float], list[float]]:
    """Each column's least width and its natural one (its longest text on one line), at `size`."""

    def width_of(text: str) -> float:
        return glyphs.string_width(fonts, text, "table", size) + PADDING

    least, natural = [], []
    for label, values in zip(labels, texts, strict=True):
        half = -(-len(label) // 2)
        head = width_of(label) if len(label) <= HEADER_ONE_LINE else width_of(label[:half])
        longest = max((width_of(line) for v in values for line in v.split("\n")), default=0.0)
        if label in ONE_LINE:
            least.append(max(head, min(longest, width_of("国" * ONE_LINE_MOST))))
        elif label == "姓名":  # not narrower than a name's longest part: 阿卜杜热合曼· / 买买提· / 吐尔逊
            parts = (p for v in values for p in re.split(r"(?<=[·•‧・])", v))
            part = max((width_of(p) for p in parts), default=0.0)
            least.append(max(head, min(part, width_of("国" * NAME_PART_MOST))))
        else:
            least.append(max(head, min(longest, width_of("国" * WRAPPED_LEAST))))
        natural.append(max(head, longest))
    return least, natural


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
