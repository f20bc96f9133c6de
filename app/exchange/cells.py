"""Raw spreadsheet cells -> text, rows that are not people, unit-name keys. Enumerations in everyday words are
app/exchange/choices.py (re-exported here).

Pure functions, standard library only.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cached_property

from app.dates import ShownWithTwoDecimals, iso_text
from app.exchange.cell_errors import ExcelError
from app.exchange.choices import SYNONYMS, normalize_choice
from app.exchange.columns import field_of_label, labels_of_field, normalize_label
from app.lazy_re import LazyPattern as _Lazy

__all__ = [
    "SKIP_REASONS",
    "SYNONYMS",
    "ExcelError",
    "RowKinds",
    "cell_text",
    "cell_texts",
    "normalize_choice",
    "row_kind",
    "unit_key",
    "unit_path_parts",
]

SKIP_REASONS = ("空行", "合计行", "说明行", "标题行", "重复的表头", "示例行")

_FORMULA_STARTS = ("=", "+", "-", "@")
_GUARDED_STARTS = (*_FORMULA_STARTS, "'")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))
_EXCEL_DIGITS = 15  # Excel keeps and shows 15 significant digits


def cell_text(value: object) -> str:
    """A cell as the text Excel shows for it, stripped. The caller checks an ID cell with
    ``looks_like_excel_number`` *before* calling this: here a whole-number float is just digits. An error
    value (ExcelError) is its code, '#N/A': each import refuses it where it reads it (app.exchange.cell_errors)."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        if text and (text[0] in _INVISIBLE or text[-1] in _INVISIBLE):  # else stripping them changes nothing
            text = text.strip(_INVISIBLE).strip()
        # Our CSV export guards a cell that begins with = + - @ or ' with an apostrophe; take exactly it off again.
        if text.startswith("'") and text[1:2] in _GUARDED_STARTS:
            text = text[1:]
        return text
    if isinstance(value, dt.datetime):  # before date: datetime is a date subclass
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "是" if value else "否"
    if type(value) is ShownWithTwoDecimals:  # 2015.10, as the cell shows it (a 0.00 format)
        return value.shown
    if isinstance(value, int):
        return _int_text(value)
    if isinstance(value, float | Decimal):
        return _number_text(value)
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if type(value) is ExcelError:  # its code, never '': a check that reads the text sees the cell is filled
        return value.code
    return str(value).strip()


# What a clerk types into a cell to say "nothing here", as cell_text leaves it (stripped; full-width forms too,
# which cell_text keeps).
NOTHING = frozenset(
    (
        "/",
        "／",
        "\\",
        "＼",
        "-",
        "－",
        "--",
        "—",
        "——",
        "–",
        "无",
        "暂无",
        "没有",
        "空",
        "n/a",
        "N/A",
        "na",
        "NA",
    )
)


def cell_texts(cells: list[object]) -> list[str]:
    """[cell_text(value) for value in cells], with the usual cells (blank, plain text, a date, a number seen
    before) done inline."""
    texts = [
        value.strip()
        if type(value) is str
        else ""
        if value is None
        else iso_text(value)
        if type(value) is dt.date
        else _FLOAT_TEXTS.get(value) or _number_seen(value)
        if type(value) is float
        else cell_text(value)
        for value in cells
    ]
    # Only text with an invisible character or an apostrophe at an end needs more than strip(): a row that has
    # neither anywhere (almost every row) is done, found by one look at all its text at once.
    joined = "".join(texts)
    if "'" not in joined and not any(mark in joined for mark in _INVISIBLE):
        return texts
    for index, text in enumerate(texts):
        if text and (text[0] in _EDGES or text[-1] in _INVISIBLE) and type(cells[index]) is str:
            texts[index] = cell_text(cells[index])
    return texts


_EDGES = _INVISIBLE + "'"

# The text of each float cell seen lately: a score sheet of 10,000 rows holds a few hundred distinct scores, and
# writing a float as Excel shows it takes a Decimal and a comparison. Floats only (1 == 1.0 == True would mix
# texts of other types); a NaN never matches itself, so it is never kept.
_FLOAT_TEXTS: dict[float, str] = {}
_FLOATS_KEPT = 4096


def _number_seen(value: float) -> str:
    text = _number_text(value)
    if len(_FLOAT_TEXTS) >= _FLOATS_KEPT:
        _FLOAT_TEXTS.clear()
    if value == value:
        _FLOAT_TEXTS[value] = text
    return text


def _int_text(value: int) -> str:
    try:
        return str(value)
    except ValueError:  # beyond Python's int-to-str digit limit: no real cell holds such a number
        return "（位数过多的数字）"


def _number_text(value: float | Decimal) -> str:
    """13800138000.0 -> '13800138000'; 1990.1 -> '1990.1'; 0.1 + 0.2 -> '0.3' (Excel's 15 digits)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, Decimal) and not value.is_finite():
        return str(value)
    shown = f"{value:.{_EXCEL_DIGITS}g}"
    try:
        number = Decimal(shown)
    except InvalidOperation:
        return shown
    if number == number.to_integral_value():
        # Beyond 15 digits a whole float carries binary noise (5.10107199003151e17 is ...150976 exactly);
        # write the digits Excel would show, zeros and all.
        return _int_text(int(number))
    if "." in shown and "e" not in shown.lower():  # a Decimal keeps its trailing zeros: 3.50 -> 3.5
        shown = shown.rstrip("0")
    return shown


# --- rows that are not people ----------------------------------------------------------------------------------

REPEATED_ROW = (
    "与前面某行完全相同的行"  # a row pasted twice: skipped and counted by the imports that read people
)

_TOTAL = re.compile(
    r"(?:本页|全部|总)?(?:合计|总计|小计|共计)"
    r"(?:$|[:(（\[【0-9０-９一二三四五六七八九十百千]|人数|人$)"
)
_NOTE_START = _Lazy(
    r"(?:注[0-9一二三四五六七八九十]*[:：.、]|附注|尾注|脚注|说明|备注[:：]|填表说明|填报说明|以上|上述|"
    r"(?:填表人|填报人|制表人|审核人|审批人|(?:单位|主要|分管)?负责人|(?:分管|主管)?领导|联系人|经办人|联系电话|"
    r"联系方式|办公电话|传真|电子邮箱|签字|签名|填表日期|填报日期|报送日期|制表日期|审核日期|填报单位|报送单位)"
    # A colon, or a signature asked for (负责人（签字）): 负责人 alone is a post, written in a person's row.
    r"(?:[:：]|\(?(?:签字|签名|签章)\)?(?:[:：]|$))|.*盖章)"
)
# A section's heading, in whichever column it was typed (the name column too: no name starts so): 一、党建指导员,
# （一）玉林街道, 第二组. And the lines that close a page: 以下空白, （本页共12人）.
_HEADING = _Lazy(
    r"(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十0-9]+[部分组类批期片])"
)
_FILLER = _Lazy(r"以下(?:空白|无内容|无正文)?|\(?(?:本页)?共[0-9一二三四五六七八九十百]+人\)?|此页无正文")
_TOTAL_COLUMNS = 3  # a 合计 label sits in one of the first few columns (序号, 姓名 ...) or in the name column


def _squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _is_total(text: str) -> bool:
    """_TOTAL matches the squeezed text. Every spelling it accepts holds 计, and a text NFKC leaves alone
    keeps its characters when squeezed: such a text without 计 is settled without squeezing it."""
    if "计" not in text and unicodedata.is_normalized("NFKC", text):
        return False
    return bool(_TOTAL.match(_squeeze(text)))


def row_kind(cells: list[object], mapping: dict[int, str], headers: list[str]) -> str | None:
    """None for a person row; else why it is not one: '空行', '合计行', '说明行' or '重复的表头'."""
    return RowKinds(mapping, headers).kind([cell_text(value) for value in cells])


_ID_DIGITS = re.compile(r"[0-9０-９]{15}")


def _holds_an_id(text: str) -> bool:
    """Whether an ID column's text is a number (15 digits in a row somewhere), not words that strayed there."""
    return text[:15].isdigit() or _ID_DIGITS.search(text) is not None


_OPENING, _CLOSING = "（(【[", "）)】]"


def _all_hints(texts: list[str]) -> bool:
    """A template's hint row under its header: （必填）, （必填，18位，文本格式）, （格式：1990.01）, （下拉选择）…,
    every filled cell a hint in brackets. Two at least: a lone cell in brackets is a heading's business."""
    filled = [text for text in texts if text]
    return len(filled) >= 2 and all(t[0] in _OPENING and t[-1] in _CLOSING for t in filled)


_EXAMPLE = re.compile(r"\s*(?:例|示例|样例|范例|举例|例子|填写示例|填表示例)\s*[0-9一二三]?\s*[:：]?\s*")


class RowKinds:
    """row_kind for the rows of one sheet, given each row's cell texts; what depends only on the header row
    (which columns to look at, the header labels normalized) is worked out once."""

    def __init__(self, mapping: dict[int, str], headers: list[str], *, lone_cells: bool = False):
        self.mapping = mapping
        # A row of one cell with no name is skipped as a heading or a numbered blank row (the roster); other
        # imports say what such a row lacks in their own words.
        self.lone_cells = lone_cells
        self.name_column = next((index for index, field in mapping.items() if field == "name"), None)
        names = {index for index, field in mapping.items() if field == "name"}
        self.total_columns = sorted(names | set(range(_TOTAL_COLUMNS)))
        self.id_columns = [index for index, field in mapping.items() if field == "id_number"]
        self.header_labels = {
            index: normalize_label(header) for index, header in enumerate(headers) if header
        }
        self.needed = 2 if len(mapping) >= 2 else 1
        # A template's made-up person says so in its first column (序号): 例 | 张三 | … — hidden, often.
        self.example_column = 0 not in mapping

    def kind(self, texts: list[str]) -> str | None:
        """None for a person row; else why it is not one: '空行', '合计行', '说明行', '标题行' or '重复的表头'."""
        if not any(texts):
            return "空行"
        if self._is_repeated_header(texts):
            return "重复的表头"
        if self.example_column and texts[0] and _EXAMPLE.fullmatch(texts[0]):
            return "示例行"
        size = len(texts)
        if self._may_be_total(texts, size) and any(
            index < size and _is_total(texts[index]) for index in self.total_columns
        ):
            return "合计行"
        ids = [texts[index] for index in self.id_columns if index < size and texts[index]]
        if any(map(_holds_an_id, ids)):
            return None  # a person's row, or a row meant as one (its problems are said)
        first = next(text for text in texts if text)
        # 填表人：… 审核人：… spread over the row, into the ID column too.
        if _NOTE_START.match(_squeeze(first)):
            return "说明行"
        if _all_hints(texts):
            return "说明行"
        if not ids and texts.count("") + 1 == size:
            if _HEADING.match(_squeeze(first)):
                return "标题行"
            if _FILLER.fullmatch(_squeeze(first)):
                return "说明行"
        if self.lone_cells and not ids and self._lone(texts, first, size):
            # One cell alone, no name: a section's heading (一、党建指导员) or a numbered blank row (3).
            return "空行" if first.isdigit() else "标题行"
        return None

    def _lone(self, texts: list[str], first: str, size: int) -> bool:
        """Whether `first` is the row's only filled cell, and not in the name column."""
        if texts.count("") + 1 != size or texts.count(first) != 1:
            return False
        return self.name_column is None or self.name_column >= size or not texts[self.name_column]

    def _may_be_total(self, texts: list[str], size: int) -> bool:
        """False when no cell a 合计 label sits in can be one (_is_total's quick answer for them all at once):
        none holds 计, and all are NFKC already. A line break between them keeps their normalization apart."""
        joined = "\n".join([texts[index] for index in self.total_columns if index < size])
        return "计" in joined or not unicodedata.is_normalized("NFKC", joined)

    def restates_name(self, text: str) -> bool:
        """Whether a filled name cell says its column's label again: the first look a repeated header gets."""
        if self.name_column is None:
            return False
        if text.isalpha() and unicodedata.is_normalized(
            "NFKC", text
        ):  # a name, mostly: one look-up, as _restates finds
            return text.casefold() in self._name_words
        return self._restates(self.name_column, text)

    @cached_property
    def _name_words(self) -> frozenset[str]:
        """The letters-only labels a name cell restates: the name field's own, and its column's header."""
        header = self.header_labels.get(self.name_column)  # type: ignore[arg-type]
        return labels_of_field("name") | ({header} if header else set())

    def _restates(self, index: int, text: str) -> bool:
        # Letters only (a name, mostly) and NFKC already: normalize_label would only casefold it.
        label = (
            text.casefold()
            if text.isalpha() and unicodedata.is_normalized("NFKC", text)
            else normalize_label(text)
        )
        field = self.mapping.get(index)
        if field is not None and field_of_label(label) == field:
            return True
        header_label = self.header_labels.get(index)
        return header_label is not None and label == header_label

    def _is_repeated_header(self, texts: list[str]) -> bool:
        """The header again (a page break in the file): most filled cells restate their column's label."""
        # A repeated header restates the name column too: one look there settles almost every person row.
        if self.name_column is not None:
            name = texts[self.name_column] if self.name_column < len(texts) else ""
            if not name or not self._restates(self.name_column, name):
                return False
        restated = filled = 0
        for index, text in enumerate(texts):
            if not text:
                continue
            filled += 1
            if self._restates(index, text):
                restated += 1
        return restated >= self.needed and restated * 2 > filled


# --- unit names ------------------------------------------------------------------------------------------------------

_BRACKETS = str.maketrans(
    {"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")", "〈": "(", "〉": ")"}
)


def unit_key(name: str) -> str:
    """The key two spellings of one unit name share: NFKC (full-width brackets and letters -> half-width),
    no white space, every bracket as (), Latin case-folded. The whole text, path separators included."""
    text = unicodedata.normalize("NFKC", "" if name is None else str(name))
    return "".join(text.translate(_BRACKETS).translate(_DROP_INVISIBLE).split()).casefold()


def unit_path_parts(text: str) -> list[str]:
    """'浆洗街街道 / 锦绣社区' (as our export writes it) or '浆洗街街道/锦绣社区' -> ['浆洗街街道', '锦绣社区'];
    a plain name -> [name]; blank -> []."""
    text = ("" if text is None else str(text)).translate(_DROP_INVISIBLE)
    return [part.strip() for part in re.split(r"[/／]", text) if part.strip()]
