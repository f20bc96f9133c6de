"""The selection round's workbook (双向选择志愿表): how its three sheets are found by their headers (the labels
the office writes, a header of two rows under a merged title) and read row by row, and what reading it gives
(RoundFile). The rows themselves are read by round_mentors, round_mentees and round_ranks; round_file puts
them together."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from app.exchange.cell_errors import ExcelError, error_problems, screen_row, without_errors
from app.exchange.cells import cell_text, cell_texts
from app.exchange.columns import match_label, normalize_label, summarize_labels
from app.exchange.limits import clip
from app.exchange.plan import Problem
from app.exchange.reader import Sheet
from app.exchange.roster_file import is_serial
from app.exchange.sheet import fill_merged_down
from app.training.person_rows import PersonRows
from app.training.selection import Applicant, Mentor, mentor_key

MAX_HEADER_SCAN = 30
MENTORS, MENTEES, RANKS = "导师", "学员", "导师排序"
# Column -> the labels the office uses for it (normalized as the roster import normalizes its labels).
_LABELS = {
    "mentor": ("导师姓名", "导师", "导师名字", "导师名称"),
    "line": ("条线", "所属条线", "工作条线", "条线名称", "业务条线"),
    "min": ("最少", "最少人数", "最少带教人数", "最少带教", "最少带教学员数", "带教人数下限", "下限"),
    "max": ("最多", "最多人数", "最多带教人数", "最多带教", "最多带教学员数", "带教人数上限", "上限"),
    "first": ("第一志愿", "第一志愿导师", "志愿一", "志愿1", "第1志愿", "一志愿", "第一志愿导师姓名"),
    "second": ("第二志愿", "第二志愿导师", "志愿二", "志愿2", "第2志愿", "二志愿", "第二志愿导师姓名"),
    # Found to be said, never used: the selection goes by two choices (issue 11).
    "third": ("第三志愿", "第三志愿导师", "志愿三", "志愿3", "第3志愿", "三志愿", "第三志愿导师姓名"),
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
_WORDS = re.compile(r"^第?([〇零一二两三四五六七八九十]+)(?:人|名|位)?$")
_DIGIT_WORDS = {
    word: n
    for n, words in enumerate(("〇零", "一", "二两", "三", "四", "五", "六", "七", "八", "九"))
    for word in words
}
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


class Rows:
    """One sheet's rows after the header, with problems said as 'sheet, row, person, column, value: fix'."""

    def __init__(self, sheet: Sheet, index: int, columns: dict[int, str], top: int):
        self.sheet, self.index, self.columns = sheet, index, columns
        # 条线 and 第一志愿 merged beside several mentees are each one's, as in the other imports.
        fill_merged_down(sheet, index + 1)
        # A column's label is its lowest text in the header's rows (第一志愿 under a merged 志愿).
        rows = [cell_texts(row) for row in sheet.rows[top : index + 1]]
        width = max(len(row) for row in rows)
        self.headers = [next((r[c] for r in reversed(rows) if c < len(r) and r[c]), "") for c in range(width)]
        self.column_of = {what: column for column, what in columns.items()}
        # The rows that hold nobody (blank, 合计, headings, 联系电话：…) as the attendance import skips them; the
        # mentor's name is the 导师 sheet's name column.
        kinds = {c: ("name" if w in ("name", "mentor") else w) for c, w in columns.items()}
        self.kinds = PersonRows(kinds, self.headers)
        self.skipped: dict[str, int] = {}
        self.errors: dict[
            int, list[tuple[int, ExcelError]]
        ] = {}  # row -> the error values of its columns read

    def __iter__(self):
        """(row as Excel numbers it, cells, texts) of each row to read; an error value reads as blank there, and
        is said by excel_errors."""
        for number, cells in enumerate(self.sheet.rows[self.index + 1 :], start=self.index + 2):
            texts, errors = screen_row(
                self.sheet.error_rows, number - 1, cells, cell_texts(cells), self.columns
            )
            if kind := self.kinds.kind(texts, errors):
                self.skipped[kind] = self.skipped.get(kind, 0) + 1
                continue
            if errors:
                self.errors[number] = errors
                cells = without_errors(cells, texts)[0]
            yield number, cells, texts

    def excel_errors(self, row: int, person: str) -> list[str]:
        """The problems of a row's error values (a failed formula in a column read), as `problem` says them:
        the row is refused for them."""
        found = error_problems(row, person, self.errors.get(row, []), self.headers)
        return [f"“{self.sheet.name}”表{problem.text()}" for problem in found]

    def header(self, what: str) -> str:
        """The label of the column holding `what`, as the sheet writes it."""
        column = self.column_of.get(what)
        return self.headers[column] if column is not None and column < len(self.headers) else ""

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
    """3, 3.0, '3', '３', '3人', '第3', '第三', '三人' -> 3; anything else (2.5, 'abc', -1, '') -> None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = "".join(unicodedata.normalize("NFKC", cell_text(value)).split())
    if match := _WHOLE.match(text):
        return int(match.group(1))
    return _in_words(match.group(1)) if (match := _WORDS.match(text)) else None


def _in_words(text: str) -> int | None:
    """'三' -> 3, '十二' -> 12, '二十' -> 20: a number below 100 as a 顺位 or a 最少 is written in words."""
    if text in _DIGIT_WORDS:
        return _DIGIT_WORDS[text]
    tens, ten, ones = text.partition("十")
    if not ten or (tens and tens not in _DIGIT_WORDS) or (ones and ones not in _DIGIT_WORDS):
        return None
    return _DIGIT_WORDS.get(tens, 1) * 10 + _DIGIT_WORDS.get(ones, 0)


def note_ignored(rows: Rows, result: RoundFile) -> None:
    """The sheet's columns not read (联系电话, 第三志愿 …), said once, as the attendance import says its own: a
    clerk who filled them must not think they counted. 序号 is not worth the line, as in the roster import."""
    ignored = [
        h
        for c, h in enumerate(rows.headers)
        if h and rows.columns.get(c, "third") == "third" and not is_serial(h)
    ]
    if ignored:
        result.notices.append(f"“{rows.sheet.name}”表以下列没有读取：{summarize_labels(ignored)}")


def note_skipped(rows: Rows, result: RoundFile) -> None:
    """The rows the sheet skipped (blank, 合计, 注), said once per sheet."""
    if rows.skipped:
        said = "、".join(f"{kind} {count} 行" for kind, count in rows.skipped.items())
        result.notices.append(f"“{rows.sheet.name}”表跳过{said}")
