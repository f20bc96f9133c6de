"""Finding a score sheet's header (成绩导入): the sheet, the row with 姓名 and 公民身份号码, and which column holds
which component — as streets head them: a weight or a score word (工作考核（50%）, 业务测试成绩), a name cut short
(满意度), a two-row header (components under a merged 考核成绩, 得分 read and 折算分 never)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.appraisal.rules import BONUS_KEY, Component, Scheme
from app.exchange.cells import cell_text, cell_texts
from app.exchange.columns import is_guide_sheet, match_label, normalize_label
from app.exchange.plan import PlanError
from app.exchange.reader import Sheet
from app.exchange.twins import Twin
from app.lazy_re import LazyPattern as _Lazy

MAX_HEADER_SCAN = 30
NAME, ID = "name", "id_number"


def same_text(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


# A street heads its columns its own way: the weight in brackets (工作考核（50%）), a word for "score" after
# the name (业务测试成绩), the name cut short (满意度 for 满意度测评). Each is read as the component it can only
# mean; the dry run lists every such reading, so a wrong guess is seen before anything is written. Only a hint
# that gives the weight or the scale is dropped: 工作考核（折算） holds 85 × 50%, not the score.
_HINT = re.compile(r"\((?:占|权重|满分|满分为|最高|上限)?(?:[0-9.]+(?:%|分)?|百分制|原始分)\)$")
_SCORE_WORDS = ("成绩", "得分", "分数", "分值")
_BONUS_WORDS = (
    "x",
    "专项加分",
    "专项工作",
    "加分",
    "加分项",
    "专项工作加分(x)",
    "x(专项工作加分)",
    "专项加分(x)",
)
MIN_SHORT_NAME = 2  # a shorter cut (工) names nothing


def labels_of(scheme: Scheme) -> dict[str, str]:
    """Normalized header label -> what the column holds."""
    labels = {normalize_label(c.name): c.key for c in scheme.components}
    if scheme.bonus_cap is not None:
        labels[normalize_label(scheme.bonus_name)] = BONUS_KEY
        for word in _BONUS_WORDS:
            labels.setdefault(word, BONUS_KEY)
    return labels


_STATED = _Lazy(r"\((?P<word>占|权重|满分|满分为|最高|上限)?(?P<number>[0-9]+(?:\.[0-9]+)?)(?P<unit>%|分)?\)")
_MAX_WORDS = frozenset({"满分", "满分为", "最高", "上限"})


def scale_problem(header: str, component: Component, largest: Callable[[], float | None]) -> str | None:
    """Why a column cannot hold this component's raw scores, from what its header says of its scale: a
    maximum other than the component's (工作考核（满分50分）: scores already weighted), or a weight other than
    the scheme's (工作考核（40%）). `largest` gives the column's largest number (asked only of such a header):
    业务测试（20分） names the weight when a score above 20 is under it, and a scale of 20 when none is; a
    column with no number yet (the test not sat) has nothing to misread. None when nothing is wrong."""
    for match in _STATED.finditer(normalize_label(header)):
        word, unit, number = match["word"], match["unit"], Decimal(match["number"])
        weight = component.weight * 100
        if unit == "%" or (unit is None and (word in ("占", "权重") or number < 1)):
            stated = number * 100 if unit is None and number <= 1 else number
            if not _same_weight(stated, weight):
                return _weight_problem(header, component, stated)
            continue
        if number == component.max_score:
            continue
        most = largest()
        if most is None or (word not in _MAX_WORDS and number == weight and most > number):
            continue  # no score to misread, or raw scores under the weight written in points (占50分)
        if word in _MAX_WORDS or unit == "分" or number != weight:
            return _scale_text(header, component, number)
    return None


def _same_weight(stated: Decimal, weight: Decimal) -> bool:
    """33.3% for a weight of 0.3333: the same, written to the digits the header shows."""
    return stated == weight or weight.quantize(stated, rounding=ROUND_HALF_UP) == stated


def _weight_problem(header: str, component: Component, stated: Decimal) -> str:
    return (
        f"“{header}”列写的权重是 {_plain(stated)}%，方案中{component.name}的权重是"
        f" {_plain(component.weight * 100)}%，请确认选择的考核方案"
    )


def _scale_text(header: str, component: Component, number: Decimal) -> str:
    top = _plain(component.max_score)
    return (
        f"“{header}”列的分数按 {_plain(number)} 分制填写，而方案中{component.name}录入满分 {top} 分的原始分"
        f"（再按 {_plain(component.weight * 100)}% 折算）。请填原始分（0–{top}），并把列名改为“{component.name}”"
    )


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _bare(label: str) -> str:
    """'工作考核成绩(50%)' -> '工作考核': the bracketed hints at the end, then one word for "score"."""
    while _HINT.search(label) and _HINT.sub("", label):
        label = _HINT.sub("", label).strip("*＊:")
    for word in _SCORE_WORDS:
        if label.endswith(word) and len(label) > len(word):
            return label[: -len(word)]
    return label


def component_of(value: object, labels: dict[str, str]) -> str | None:
    """The component key (or BONUS_KEY) a header names, or None: the name itself, the name with a hint or a
    score word, or the start of exactly one component's name."""
    label = normalize_label(value)
    if not label:
        return None
    if label in labels:
        return labels[label]
    bare = _bare(label)
    if bare in labels:
        return labels[bare]
    if len(bare) < MIN_SHORT_NAME or match_label(value) is not None:
        return None
    starts = {what for name, what in labels.items() if len(name) > 1 and name.startswith(bare)}
    if not starts:  # 满意度测评 for 3+X's 满意度: the name, then a word for how it was measured
        starts = {what for name, what in labels.items() if len(name) > 1 and bare in _measured(name)}
    return starts.pop() if len(starts) == 1 else None


def _measured(name: str) -> tuple[str, ...]:
    return tuple(name + word for word in ("测评", "评价", "测评结果"))


def _header(row: list[object], labels: dict[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for column, value in enumerate(row):
        what = match_label(value) if value is not None else None
        if what not in (NAME, ID):
            what = component_of(value, labels)
        if what is not None and what not in found.values():  # of two columns named alike, the first is read
            found[column] = what
    return found


@dataclass(frozen=True)
class Header:
    sheet: Sheet
    index: int  # the header's first row, 0-based
    depth: int  # 1, or 2 when the components sit under a merged title (考核成绩) in the row below
    columns: dict[int, str]
    texts: list[str]  # each column's label, the lower row's where it has one


def locate(sheets: list[Sheet], scheme: Scheme) -> Header:
    """The first sheet whose first 30 rows hold a header with 姓名 and 公民身份号码, with the row below it
    when that row names components and holds no person. Sheets named as instructions or an example (填表说明,
    填写示例) come last, as in the roster import: a template's sample header is not the scores."""
    labels = labels_of(scheme)
    for sheet in sorted(sheets, key=lambda sheet: is_guide_sheet(sheet.name)):
        for index, row in enumerate(sheet.rows[:MAX_HEADER_SCAN]):
            columns = _header(row, labels)
            if {NAME, ID} <= set(columns.values()):
                return _with_lower_row(sheet, index, columns, labels)
    raise PlanError(
        "没有找到表头行：表格前30行中没有同时含“姓名”和“公民身份号码”（或“身份证号”）的行。请检查表头。"
    )


def _with_lower_row(sheet: Sheet, index: int, columns: dict[int, str], labels: dict[str, str]) -> Header:
    upper = [cell_text(c) for c in sheet.rows[index]]
    cells = sheet.rows[index + 1] if index + 1 < len(sheet.rows) else []
    below = cell_texts(cells)
    person = [c for c, what in columns.items() if what in (NAME, ID)]
    if any(c < len(below) and below[c] for c in person) or any(_is_number(v) for v in cells):
        return Header(sheet, index, 1, columns, upper)  # the row below holds a person (or nothing)
    lower = _header(below, labels)
    added = {c: w for c, w in lower.items() if w not in (NAME, ID) and c not in columns}
    added = {c: w for c, w in added.items() if w not in columns.values()}
    moved, split = _under_components(upper, below, columns)
    if not added and not (split and _alllabels_of(below, person, lower)):
        return Header(sheet, index, 1, columns, upper)
    return Header(sheet, index, 2, moved | added, _two_row_texts(upper, below, set(added)))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# Under a component merged over two columns: its score (得分) and its weighted value (折算分); only the first is
# a score. A component with only a weighted column under it is not read at all.
_RAW_WORDS = frozenset({"得分", "成绩", "分数", "原始分", "实得分", "评分", "分值", "考核得分"})
_WEIGHTED = re.compile(r"折算|折合|加权|权重|[×x*]")


def _alllabels_of(below: list[str], person: list[int], lower: dict[int, str]) -> bool:
    """Every cell of the row is a sub-header's word (得分, 折算分, a component's name): never a person's data."""
    return all(
        not text
        or column in person
        or column in lower
        or same_text(text) in _RAW_WORDS
        or _WEIGHTED.search(text)
        for column, text in enumerate(below)
    )


def _under_components(
    upper: list[str], below: list[str], columns: dict[int, str]
) -> tuple[dict[int, str], bool]:
    """The columns with each component moved onto its 得分 column; and whether the row below splits any."""
    moved: dict[int, str] = {}
    split = False
    for column, what in columns.items():
        span = [column]
        while span[-1] + 1 < len(upper) and not upper[span[-1] + 1] and span[-1] + 1 not in columns:
            span.append(span[-1] + 1)
        words = {j: same_text(below[j]) for j in span if j < len(below) and below[j]}
        if what in (NAME, ID) or not words:
            moved[column] = what
            continue
        split = True
        raw = [j for j, word in words.items() if word in _RAW_WORDS]
        if raw:
            moved[raw[0]] = what
        elif not any(_WEIGHTED.search(word) for word in words.values()):
            moved[column] = what
    return moved, split


def _two_row_texts(upper: list[str], below: list[str], named_below: set[int]) -> list[str]:
    """Each column's label: the lower one where it names a component itself, else '工作考核（得分）'."""
    texts, owner = [], ""
    for column in range(max(len(upper), len(below))):
        top = upper[column] if column < len(upper) else ""
        low = below[column] if column < len(below) else ""
        owner = top or owner
        if column in named_below or not low:
            texts.append(low or top)
        else:
            texts.append(f"{owner}（{low}）" if owner else low)
    return texts


def named_sheets(sheets: list[Sheet], name: str) -> list[Sheet]:
    wanted = "".join(name.split())
    found = [sheet for sheet in sheets if "".join(sheet.name.split()) == wanted]
    if not found:
        raise PlanError(f"工作簿中没有名为“{wanted}”的工作表，有：{'、'.join(s.name for s in sheets)}")
    return found[:1]


def twin_columns(headers: list[str], columns: dict[int, str], labels: dict[str, str]) -> list[Twin]:
    """A later column naming a component already read (工作考核 and 工作考核（50%））, often one left hidden: the
    roster import's twin columns (app/exchange/twins.py), found by component."""
    read = {what: c for c, what in columns.items()}
    twins = []
    for column, text in enumerate(headers):
        what = component_of(text, labels) if text and column not in columns else None
        if what in read:
            twins.append(Twin(column, read[what], text, headers[read[what]]))
    return twins


def other_score_sheets(sheets: list[Sheet], read: Sheet, scheme: Scheme) -> list[str]:
    """The other sheets with a score header (a workbook of one sheet per street): said, since only one is read."""
    labels = labels_of(scheme)

    def scores(row: list[object]) -> bool:
        found = set(_header(row, labels).values())
        return {NAME, ID} <= found and bool(found - {NAME, ID, BONUS_KEY})

    others = [s for s in sheets if s is not read and not is_guide_sheet(s.name)]
    return [s.name for s in others if any(scores(r) for r in s.rows[:MAX_HEADER_SCAN])]
