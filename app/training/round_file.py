"""Reading the spreadsheet the office circulates for a selection round (双向选择志愿表), with the roster import's
tolerance: titles above the header, labels spelled many ways, blank, total and note rows.

Three sheets, found by their headers (a sheet called 导师 is looked at first for the mentors, and so on):
导师 (导师姓名, 条线, 最少, 最多), 学员 (姓名, 公民身份号码, 条线, 第一志愿, 第二志愿) and an optional 导师排序
(导师姓名, 公民身份号码 or 学员姓名, 顺位). Mentees are people at work on the roster matched by ID number; a name
that does not fit the number is an error on the row, never a guess. Mentors may be outside people. A choice is
read as the mentor list writes the name: '/', '无' are blank, 服从调剂 is said for the office's decision, and the
whole name with a title or a bracket after it (周建华老师, 周建华（组织）) is that mentor, said as a notice; a
surname with a title (周部长) is left to the selection to refuse. Nothing here touches the database except to look
people up.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlite_utils import Database

from app.exchange.cells import RowKinds, cell_text, cell_texts
from app.exchange.columns import match_label, normalize_label
from app.exchange.limits import clip
from app.exchange.plan import Problem
from app.exchange.reader import Sheet, read_workbook
from app.exchange.roster_import import EXCEL_NUMBER_FIX, PlanError
from app.people.idnumber import IdNumberError, looks_like_excel_number, parse_id_number
from app.training.selection import Applicant, Mentor, match_mentor, mentor_key

MAX_HEADER_SCAN = 30
DEFAULT_MIN, DEFAULT_MAX = 3, 5  # the pool's default capacity (issue 11: 3–5 mentees)
MENTORS, MENTEES, RANKS = "导师", "学员", "导师排序"
AT_WORK = ("在岗", "试用期")  # who can be a mentee; the demo's round draws from the same statuses
# A choice cell filled only to show it is empty, and the ways of saying 服从调剂 (after NFKC, lower case).
_NOTHING = frozenset(("/", "\\", "-", "--", "—", "——", "–", "无", "暂无", "没有", "空", "n/a", "na"))
_ADJUSTABLE = frozenset(("服从调剂", "服从分配", "服从安排", "同意调剂", "愿意调剂"))
_YES = frozenset(("是", "服从", "同意", "愿意", "y", "yes", "√", "✓"))

# Column -> the labels the office uses for it (normalized as the roster import normalizes its labels).
_LABELS = {
    "mentor": ("导师姓名", "导师", "导师名字", "导师名称"),
    "line": ("条线", "所属条线", "工作条线", "条线名称", "业务条线"),
    "min": ("最少", "最少人数", "最少带教人数", "最少带教", "最少带教学员数", "带教人数下限", "下限"),
    "max": ("最多", "最多人数", "最多带教人数", "最多带教", "最多带教学员数", "带教人数上限", "上限"),
    "first": ("第一志愿", "第一志愿导师", "志愿一", "志愿1", "第1志愿", "一志愿", "第一志愿导师姓名"),
    "second": ("第二志愿", "第二志愿导师", "志愿二", "志愿2", "第2志愿", "二志愿", "第二志愿导师姓名"),
    "rank": ("顺位", "排序", "顺序", "名次", "排名", "导师排序"),
    "name": ("学员姓名", "学员", "申请人", "申请人姓名"),
    "span": ("带教人数", "带教名额", "名额", "可带人数", "带教学员数", "带教人数（人）"),
    "unit": ("单位", "工作单位", "所在单位", "单位名称"),
    "post": ("职务", "现任职务", "职务职级", "职位"),
    "adjust": ("是否服从调剂", "服从调剂", "是否服从分配", "服从分配", "是否同意调剂"),
}
_BY_LABEL = {normalize_label(label): what for what, labels in _LABELS.items() for label in labels}
_TRAILING_HINT = re.compile(r"\([^()]*\)$")
_WHOLE = re.compile(r"^第?(\d+)(?:\.0+)?(?:人|名|位)?$")
_SPAN = re.compile(r"^(\d+)人?(?:[-~—–至到](\d+))?[人名]?$")  # after NFKC: 3-5, 3～5人, 3至5
_NEEDS = {
    MENTORS: {"mentor"},
    MENTEES: {"name", "id_number", "first"},
    RANKS: {"mentor", "rank"},  # and the applicant's 公民身份号码 or 姓名
}


@dataclass
class RoundFile:
    file_name: str
    mentors: list[Mentor] = field(default_factory=list)
    applicants: list[Applicant] = field(default_factory=list)  # a row refused here carries its problem
    person_ids: dict[str, int] = field(default_factory=dict)  # ID number -> roster person
    rankings: dict[str, dict[str, int]] = field(default_factory=dict)  # mentor name -> {ID number: 顺位}
    problems: list[str] = field(default_factory=list)  # rows of 导师 and 导师排序 that were refused
    notices: list[str] = field(default_factory=list)  # what was read, skipped, or defaulted
    sheets: dict[str, str] = field(default_factory=dict)  # kind -> the sheet's name as in the file


def _what(value: object) -> str | None:
    label = normalize_label(value)
    what = _BY_LABEL.get(label) or _BY_LABEL.get(_TRAILING_HINT.sub("", label))
    if what is None:
        found = match_label(value)
        what = found if found in ("name", "id_number") else None
    return what


def _header(row: list[object]) -> dict[int, str]:
    found: dict[int, str] = {}
    for column, value in enumerate(row):
        what = _what(value)
        if what is not None and what not in found.values():  # of two columns named alike, the first is read
            found[column] = what
    return found


def _under(sheet: Sheet, index: int, columns: dict[int, str]) -> dict[int, str]:
    """The labels of the row under a header when that row holds labels only (志愿 merged above 第一志愿 |
    第二志愿, 带教人数 above 最少 | 最多): the header has two rows. {} when the row holds anything else."""
    if index + 1 >= len(sheet.rows):
        return {}
    row = sheet.rows[index + 1]
    filled = [column for column, text in enumerate(cell_texts(row)) if text]
    found = {column: _what(row[column]) for column in filled}
    if not filled or None in found.values():
        return {}
    # The lower label of a column wins (最少 under a merged 带教人数); a field already named elsewhere stays.
    return {c: w for c, w in found.items() if columns.get(c) == w or w not in columns.values()}  # type: ignore[misc]


def _find(sheet: Sheet, kind: str) -> tuple[int, dict[int, str], int] | None:
    """(the header's last row, what its columns hold, its first row), 0-based; None when the sheet has none."""
    for index, row in enumerate(sheet.rows[:MAX_HEADER_SCAN]):
        columns = _header(row)
        if below := _under(sheet, index, columns):
            columns, top, index = columns | below, index, index + 1
            columns = {
                c: w for c, w in columns.items() if w != "span" or not {"min", "max"} & set(below.values())
            }
        else:
            top = index
        if kind == MENTORS and "mentor" not in columns.values() and {"min", "max"} & set(columns.values()):
            columns = {c: ("mentor" if w == "name" else w) for c, w in columns.items()}
        found = set(columns.values())
        if _NEEDS[kind] <= found and (kind != MENTORS or not {"first", "rank"} & found):
            if kind == RANKS and not {"id_number", "name"} & found:
                continue
            return index, columns, top
    return None


def locate(sheets: list[Sheet], kind: str) -> tuple[Sheet, int, dict[int, str], int] | None:
    """The sheet of `kind`: the one so named first, else the first whose header fits."""
    named = sorted(sheets, key=lambda s: mentor_key(s.name) != kind)
    for sheet in named:
        if (found := _find(sheet, kind)) is not None:
            return sheet, *found
    return None


class _Rows:
    """One sheet's rows after the header, with problems said as 'sheet, row, person, column, value: fix'."""

    def __init__(self, sheet: Sheet, index: int, columns: dict[int, str], top: int):
        self.sheet, self.index, self.columns = sheet, index, columns
        # A column's label is its lowest text in the header's rows (第一志愿 under a merged 志愿).
        rows = [cell_texts(row) for row in sheet.rows[top : index + 1]]
        width = max(len(row) for row in rows)
        self.headers = [next((r[c] for r in reversed(rows) if c < len(r) and r[c]), "") for c in range(width)]
        self.column_of = {what: column for column, what in columns.items()}
        kinds = {c: ("name" if w in ("name", "mentor") else w) for c, w in columns.items()}
        self.kinds = RowKinds({c: w for c, w in kinds.items() if w in ("name", "id_number")}, self.headers)
        self.skipped: dict[str, int] = {}

    def __iter__(self):
        for number, cells in enumerate(self.sheet.rows[self.index + 1 :], start=self.index + 2):
            texts = cell_texts(cells)
            kind = self.kinds.kind(texts)
            if kind:
                self.skipped[kind] = self.skipped.get(kind, 0) + 1
                continue
            yield number, cells, texts

    def text(self, texts: list[str], what: str) -> str:
        column = self.column_of.get(what)
        return texts[column] if column is not None and column < len(texts) else ""

    def raw(self, cells: list[object], what: str) -> object:
        column = self.column_of.get(what)
        return cells[column] if column is not None and column < len(cells) else None

    def problem(self, row: int, person: str, what: str, value: object, message: str) -> str:
        column = self.column_of.get(what)
        header = self.headers[column] if column is not None and column < len(self.headers) else ""
        shown = clip(cell_text(value)) if not isinstance(value, float) else f"{value:.15g}"
        return f"“{self.sheet.name}”表" + Problem(row, clip(header, 20), shown, message, person=person).text()


def whole_number(value: object) -> int | None:
    """3, 3.0, '3', '３', '3人', '第3' -> 3; anything else (2.5, 'abc', -1, '') -> None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    match = _WHOLE.match("".join(unicodedata.normalize("NFKC", cell_text(value)).split()))
    return int(match.group(1)) if match else None


def read_round(db: Database, path: Path) -> RoundFile:
    """Read the round's workbook. Raises ReadError / PlanError when it cannot be read as a round at all."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        raise PlanError(
            "志愿表要有“导师”“学员”（和可选的“导师排序”）几张表，.csv 文件只能有一张表。"
            "请用 Excel 或 WPS 做成 .xlsx 后重试"
        )
    sheets = read_workbook(path)
    found = {kind: locate(sheets, kind) for kind in (MENTORS, MENTEES, RANKS)}
    for kind, needs in (
        (MENTORS, "导师姓名、最少、最多"),
        (MENTEES, "姓名、公民身份号码、第一志愿、第二志愿"),
    ):
        if found[kind] is None:
            raise PlanError(
                f"没有找到“{kind}”表：文件中没有一张表的前30行含有“{needs}”这样的表头。"
                "请按双向选择志愿表的格式填写（“导师排序”表可以没有）"
            )
    if found[RANKS] is None and (unread := _unread_ranks(sheets)):
        raise PlanError(
            f"“{unread}”表的前30行没有找到“导师姓名”“公民身份号码”（或“学员姓名”）“顺位”这样的表头，"
            "导师的排序无法使用。请补上表头；不用导师排序时请删除这张表"
        )
    result = RoundFile(Path(path).name)
    result.sheets = {kind: where[0].name for kind, where in found.items() if where is not None}
    refused = read_mentors(_Rows(*found[MENTORS]), result)  # type: ignore[misc]
    read_mentees(db, _Rows(*found[MENTEES]), result, refused)  # type: ignore[misc]
    if found[RANKS] is not None:
        read_ranks(_Rows(*found[RANKS]), result)  # type: ignore[misc]
    return result


def _unread_ranks(sheets: list[Sheet]) -> str:
    """The name of a sheet called 导师排序 that has something in it, or ''."""
    return next(
        (
            s.name
            for s in sheets
            if mentor_key(s.name) == RANKS and any(cell_texts(r) != [""] * len(r) for r in s.rows)
        ),
        "",
    )


def person_problem(
    number_raw: object, text: str, name: str, people: dict[str, tuple[int, str, str]], binned: dict[str, str]
) -> tuple[str, str, str]:
    """(ID number, what column is wrong, why) for a mentee's cells; why is '' when the row is a roster person.
    `people`: ID number -> (id, name, status)."""
    if looks_like_excel_number(number_raw):
        return "", "id_number", EXCEL_NUMBER_FIX
    text = text.lstrip(
        "'‘’"
    )  # the apostrophe that keeps a number as text, typed where Excel does not take it off
    if not text:
        return "", "id_number", "公民身份号码不能为空：学员按号码与花名册对应"
    try:
        number = parse_id_number(text).number
    except IdNumberError as exc:
        return "", "id_number", str(exc)
    known = people.get(number)
    if known is None:
        where = (
            f"该号码的“{binned[number]}”在回收站中，请先恢复"
            if number in binned
            else "请先在花名册中添加此人"
        )
        return number, "id_number", f"花名册中没有公民身份号码为 {number} 的人员（{where}）"
    if not name:
        return number, "name", f"姓名不能为空（花名册中号码 {number} 属于“{known[1]}”）"
    if mentor_key(name) != mentor_key(known[1]):
        return (
            number,
            "name",
            f"姓名与公民身份号码不符：花名册中号码 {number} 属于“{known[1]}”，请核对姓名或号码",
        )
    if known[2] not in AT_WORK:
        return (
            number,
            "name",
            (
                f"花名册中“{known[1]}”的状态是“{known[2]}”，不在岗，不能参加双向选择；如状态有误，请先在花名册中改正"
            ),
        )
    return number, "", ""


def _skipped(rows: _Rows, result: RoundFile) -> None:
    if rows.skipped:
        said = "、".join(f"{kind} {count} 行" for kind, count in rows.skipped.items())
        result.notices.append(f"“{rows.sheet.name}”表跳过{said}")


def read_mentors(rows: _Rows, result: RoundFile) -> dict[str, str]:
    """The mentor rows into `result`; returns the names (keys) whose rows were refused, with where to fix."""
    first_row: dict[str, tuple[int, Mentor]] = {}
    refused: dict[str, str] = {}
    for number, cells, texts in rows:
        name = mentor_key(rows.text(texts, "mentor"))
        if not name:
            result.problems.append(rows.problem(number, "", "mentor", "", "导师姓名不能为空"))
            continue
        mentor, why = _mentor(rows, number, cells, texts, name)
        if why:
            result.problems.append(why)
            refused[name] = f"导师“{name}”在“{rows.sheet.name}”表第{number}行有误，请先改正"
        elif name in first_row and first_row[name][1] == mentor:
            result.notices.append(
                f"“{rows.sheet.name}”表第{number}行与第{first_row[name][0]}行重复，只计一次"
            )
        elif name in first_row:
            earlier = first_row[name][0]
            message = f"导师“{name}”在第{earlier}行已有，两行的条线、人数、单位或职务不同；同名的两位导师请在姓名后加以区分"
            result.problems.append(rows.problem(number, name, "mentor", name, message))
            refused[name] = (
                f"导师“{name}”在“{rows.sheet.name}”表中出现两次（第{earlier}、{number}行），请先改正"
            )
        else:
            first_row[name] = (number, mentor)  # type: ignore[assignment]
            if notice := _defaulted(rows, number, texts, name):
                result.notices.append(notice)
            if mentor.min_mentees > mentor.max_mentees:  # type: ignore[union-attr]
                result.problems.append(
                    rows.problem(
                        number, name, "min", rows.raw(cells, "min"),
                        f"最少人数（{mentor.min_mentees}）大于最多人数（{mentor.max_mentees}），请改正；"  # type: ignore[union-attr]
                        f"试分时最少、最多都按{mentor.max_mentees}人计",  # type: ignore[union-attr]
                    )
                )  # fmt: skip
    # 最少 > 最多 is refused on its row above; the try counts 最多 as both, so no flag says it a second time.
    result.mentors = [
        replace(m, min_mentees=min(m.min_mentees, m.max_mentees))
        for key, (_, m) in first_row.items()
        if key not in refused
    ]
    _skipped(rows, result)
    return refused


def _mentor(
    rows: _Rows, number: int, cells: list[object], texts: list[str], name: str
) -> tuple[Mentor | None, str]:
    counts = {}
    spanned = span(rows.raw(cells, "span")) if rows.text(texts, "span") else None
    if rows.text(texts, "span") and spanned is None:
        raw = rows.raw(cells, "span")
        fix = (
            "Excel 把带教人数存成了日期（如“3-5”变成3月5日），请把该列设为“文本”后重新输入，或分成“最少”“最多”两列"
            if isinstance(raw, dt.date)
            else "带教人数应写成“3-5”（最少3人、最多5人）或“3”这样的人数"
        )
        return None, rows.problem(number, name, "span", raw, fix)
    for what, label, default in (("min", "最少", DEFAULT_MIN), ("max", "最多", DEFAULT_MAX)):
        raw = rows.raw(cells, what)
        if not rows.text(texts, what):
            counts[what] = spanned[what == "max"] if spanned else default
            continue
        value = whole_number(raw)
        if value is None:
            return None, rows.problem(number, name, what, raw, f"{label}人数应是不小于0的整数，如 3")
        counts[what] = value
    line, unit, post = (rows.text(texts, what) for what in ("line", "unit", "post"))
    return Mentor(name, counts["min"], counts["max"], line, unit, post), ""


def span(value: object) -> tuple[int, int] | None:
    """One 带教人数 cell: '3-5', '３～５人', '3至5' -> (3, 5); a single number '2' -> (2, 2); else None."""
    match = _SPAN.match("".join(unicodedata.normalize("NFKC", cell_text(value)).split()))
    if not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
        return None
    return int(match.group(1)), int(match.group(2) or match.group(1))


def _defaulted(rows: _Rows, number: int, texts: list[str], name: str) -> str:
    """The notice for a mentor whose 最少 or 最多 is blank (the pool's default is used), or ''."""
    blank = [label for what, label in (("min", "最少"), ("max", "最多")) if not rows.text(texts, what)]
    if not blank:
        return ""
    if text := rows.text(texts, "span"):
        low, high = span(text) or (0, 0)
        if low != high:
            return ""
        return f"“{rows.sheet.name}”表第{number}行 导师“{name}”的带教人数只写了一个数，按最少{low}人、最多{high}人计"
    defaults = {"最少": DEFAULT_MIN, "最多": DEFAULT_MAX}
    said = "、".join(f"{label}{defaults[label]}人" for label in blank)
    return f"“{rows.sheet.name}”表第{number}行 导师“{name}”未填{'、'.join(blank)}人数，按导师库的默认值（{said}）计"


def read_mentees(db: Database, rows: _Rows, result: RoundFile, refused: dict[str, str]) -> None:
    """The applicant rows into `result`: each as an Applicant, one refused here carrying its problem."""
    people = {
        r[0]: (r[1], r[2], r[3])
        for r in db.execute("SELECT id_number, id, name, status FROM people WHERE deleted_at IS NULL")
    }
    names = [m.name for m in result.mentors] + list(refused)
    binned = dict(db.execute("SELECT id_number, name FROM people WHERE deleted_at IS NOT NULL").fetchall())
    seen: dict[str, Applicant] = {}
    for number, cells, texts in rows:
        name = " ".join(rows.text(texts, "name").split())
        choices, adjustable = _choices(
            rows, texts, names, f"“{rows.sheet.name}”表第{number}行 {name}", result
        )
        key, column, why = person_problem(
            rows.raw(cells, "id_number"), rows.text(texts, "id_number"), name, people, binned
        )
        value = rows.raw(cells, column) if column else None
        applicant = Applicant(
            key or _as_typed(rows.raw(cells, "id_number"), rows.text(texts, "id_number")), name, number, *choices,
            line=rows.text(texts, "line"),
            problem=rows.problem(number, name, column, value, why) if why else _refused_choice(choices, refused),
            adjustable=adjustable,
        )  # fmt: skip
        if applicant.problem and not why:  # a mentor row's problem: say whose row it stops
            applicant = replace(
                applicant, problem=f"“{rows.sheet.name}”表第{number}行 {name}：{applicant.problem}"
            )
        if not why:
            applicant = replace(applicant, name=people[key][1])  # as the roster writes it, stray spaces gone
            result.person_ids[key] = people[key][0]
            earlier = seen.get(key)
            if earlier is not None and _same_choices(earlier, applicant):
                result.notices.append(f"“{rows.sheet.name}”表第{number}行与第{earlier.row}行重复，只计一次")
                continue
            seen.setdefault(key, applicant)
        result.applicants.append(applicant)
    _skipped(rows, result)


def _as_typed(raw: object, text: str) -> str:
    """A refused row's ID cell for the result: a number Excel stored stays a number (5.1e+17), never 18 digits
    that look like an ID number but lost their end."""
    return f"{raw:.15g}" if isinstance(raw, int | float) and not isinstance(raw, bool) else text


def _choices(
    rows: _Rows, texts: list[str], names: list[str], where: str, result: RoundFile
) -> tuple[tuple[str, str], bool]:
    """The two choices as the mentor list writes them ('/', '无' blank; 周建华老师 is 周建华, said as a notice),
    and whether the applicant accepts any mentor (服从调剂, in a choice or a column of its own)."""
    adjustable = mentor_key(rows.text(texts, "adjust")).lower() in _YES
    choices = []
    for what, label in (("first", "第一志愿"), ("second", "第二志愿")):
        text = rows.text(texts, what)
        key = mentor_key(text).lower()
        if key in _NOTHING or key in _ADJUSTABLE:
            adjustable = adjustable or key in _ADJUSTABLE
            text = ""
        elif (named := match_mentor(text, names)) is not None and mentor_key(named) != mentor_key(text):
            result.notices.append(f"{where}：{label}“{text}”按导师“{named}”计")
            text = named
        choices.append(text)
    return (choices[0], choices[1]), adjustable


def _same_choices(one: Applicant, other: Applicant) -> bool:
    return (mentor_key(one.first), mentor_key(one.second)) == (
        mentor_key(other.first),
        mentor_key(other.second),
    )


def _refused_choice(choices: tuple[str, str], refused: dict[str, str]) -> str:
    return next((refused[mentor_key(c)] for c in choices if mentor_key(c) in refused), "")


def read_ranks(rows: _Rows, result: RoundFile) -> None:
    """The mentors' own rankings into `result`; a row that cannot be used is a problem, never a guess."""
    mentors = {mentor_key(m.name): m.name for m in result.mentors}
    applicants = {a.key: a for a in result.applicants if not a.problem}
    by_name: dict[str, list[str]] = {}
    for applicant in applicants.values():
        by_name.setdefault(mentor_key(applicant.name), []).append(applicant.key)
    where: dict[tuple[str, str], tuple[int, int]] = {}
    for number, cells, texts in rows:
        mentor = mentor_key(rows.text(texts, "mentor"))
        raw_id, person = rows.raw(cells, "id_number"), rows.text(texts, "name")
        why, what, key = _rank_row(
            rows, mentor, mentors, (raw_id, rows.text(texts, "id_number"), person), by_name
        )
        rank = whole_number(rows.raw(cells, "rank"))
        if not why and (rank is None or rank < 1):
            why, what = "顺位应是从1开始的整数，如 1、2、3", "rank"
        if why:
            value = {"mentor": mentor, "id_number": raw_id, "rank": rows.raw(cells, "rank"), "name": person}[
                what
            ]
            result.problems.append(rows.problem(number, person, what, value, why))
        elif key not in applicants:  # a valid number of someone outside the round: nothing to rank
            wrong = any(a.key == key for a in result.applicants)
            said = (
                "的学员在“学员”表中的行有误，这一行的顺位暂未使用"
                if wrong
                else "不在“学员”表中，这一行不影响分配"
            )
            result.notices.append(f"“{rows.sheet.name}”表第{number}行：号码 {key} {said}")
        elif person and mentor_key(person) != mentor_key(applicants[key].name):
            message = f"姓名与公民身份号码不符：号码 {key} 在“学员”表中是“{applicants[key].name}”，请核对"
            result.problems.append(rows.problem(number, person, "name", person, message))
        else:
            _rank(rows, result, number, (mentors[mentor], applicants[key]), rank, where)  # type: ignore[arg-type]
    _skipped(rows, result)


def _rank(
    rows: _Rows, result: RoundFile, number: int, pair: tuple[str, Applicant], rank: int,
    where: dict[tuple[str, str], tuple[int, int]],
) -> None:  # fmt: skip
    """One usable 顺位 into `result`: a repeat is counted once, a contradiction is a problem on both rows."""
    mentor, applicant = pair
    sheet = rows.sheet.name
    earlier = where.setdefault((mentor, applicant.key), (number, rank))
    if earlier[0] == number:
        result.rankings.setdefault(mentor, {})[applicant.key] = rank
        if mentor_key(mentor) not in (mentor_key(applicant.first), mentor_key(applicant.second)):
            result.notices.append(
                f"“{sheet}”表第{number}行：{applicant.name}没有选择导师“{mentor}”，这一行不影响分配"
            )
    elif earlier[1] == rank:
        result.notices.append(f"“{sheet}”表第{number}行与第{earlier[0]}行重复，只计一次")
    else:
        result.rankings.get(mentor, {}).pop(applicant.key, None)
        message = (
            f"与第{earlier[0]}行矛盾（导师“{mentor}”对{applicant.name}排了第{earlier[1]}位和第{rank}位），"
            "两行都没有采用，请只留一行"
        )
        result.problems.append(rows.problem(number, applicant.name, "rank", rank, message))


def _rank_row(
    rows: _Rows,
    mentor: str,
    mentors: dict[str, str],
    person: tuple[object, str, str],
    by_name: dict[str, list[str]],
) -> tuple[str, str, str]:
    """(why, which column, the applicant's ID number) of a 导师排序 row; `person`: the ID cell, its text, the name.
    Without a 公民身份号码 column the name finds the applicant, when only one applicant has it."""
    raw_id, id_text, name = person
    if not mentor or mentor not in mentors:
        why = "导师姓名不能为空" if not mentor else f"导师“{mentor}”不在“导师”表中（或该行有误）"
        return why, "mentor", ""
    if "id_number" not in rows.column_of:
        keys = by_name.get(mentor_key(name), [])
        if len(keys) == 1:
            return "", "", keys[0]
        if not name:
            return "学员姓名不能为空", "name", ""
        if not keys:
            return f"“学员”表中没有可参加分配的“{name}”，这一行的顺位无法使用，请核对姓名", "name", ""
        return f"“学员”表中有 {len(keys)} 位“{name}”，请加一列公民身份号码", "name", ""
    if looks_like_excel_number(raw_id):
        return EXCEL_NUMBER_FIX, "id_number", ""
    try:
        return "", "", parse_id_number(id_text.lstrip("'‘’")).number
    except IdNumberError as exc:
        return str(exc), "id_number", ""
