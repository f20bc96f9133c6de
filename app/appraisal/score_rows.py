"""Each row of a score sheet, read as a clerk means it (score_import.py finds the header and plans the sheet with
this): the person by ID number, the name against the holder's, each score cell ('85.5分', '/' for blank, 缺考
asked about), the same person twice, and what the row changes against the scores already stored. The usual row
is planned at once (RowPlanner.plain_row); every other row is read in full (plan_row), with the same result."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from unicodedata import is_normalized

from sqlite_utils import Database

from app.appraisal.periods import Period
from app.appraisal.ranking import decimal_or_none
from app.appraisal.rules import BONUS_KEY, EXEMPT, Scheme, excel_number, score_problem
from app.appraisal.score_header import ID, NAME, same_text
from app.appraisal.service import decimal_text
from app.exchange.bounds import column_letters
from app.exchange.cell_errors import ExcelError, error_problems, with_error_problems, without_errors
from app.exchange.cells import RowKinds, cell_text
from app.exchange.limits import clip
from app.exchange.plan import EXCEL_NUMBER_FIX, Action, Problem, cell_problem
from app.exchange.twins import Twin
from app.people.fields import role_label
from app.people.idnumber import IdNumberError, looks_like_excel_number, parse_id_number
from app.people.validation import normalize_name


@dataclass(slots=True)
class ScoreRow:
    row: int  # as Excel numbers it
    action: Action
    name: str = ""
    id_number: str = ""
    person_id: int | None = None
    scores: dict[str, Decimal] = field(
        default_factory=dict
    )  # the components the row gives (blank: not given)
    bonus: Decimal | None = None
    has_bonus: bool = False
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (old, new), for updates
    missing: list[str] = field(default_factory=list)  # components still without a score after the import
    placeholders: list[str] = field(default_factory=list)  # '/', '无' … read as blank cells, to say so
    problems: list[Problem] = field(default_factory=list)
    repeated: bool = False  # the same as an earlier row, cell for cell: pasted twice, skipped and counted
    kept: list[str] = field(default_factory=list)  # components blank here but recorded: a blank never erases


_DOTS = str.maketrans(dict.fromkeys("‧∙⋅･", "·"))


def _same_name(text: str) -> str:
    """A name as the roster stores it, whichever middle dot a transliterated name was typed with."""
    return normalize_name(text).translate(_DOTS)


_NUMBERS = (int, float)
_PLAIN_KINDS = (str, dt.date, dt.datetime)  # besides numbers: what a plain row's other cells may hold
_NAME_SHOWN = 20  # a longer name is clipped for the report, and so read in full
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_PLACEHOLDERS = frozenset({"/", "-", "—", "——", "–", "无", "空", "\\", "--"})
_ABSENCES = frozenset(
    {
        "缺考",
        "免考",
        "未考",
        "弃考",
        "缺席",
        "未参加",
        "未参考",
        "不参加",
        "请假",
        "病假",
        "事假",
        "产假",
        "休假",
    }
)
_ABSENCE_FIX = (
    "“{value}”不是分数：还要补考的请留空（记为待补录，补考后再导入）；按 0 分计的请填 0；"
    "不参加本次考核的请留空，导入后在考核页或用 grassroots appraisal override --grade 不参加考核 标记"
)


class RowPlanner:
    def __init__(
        self, db: Database, scheme: Scheme, period: Period | None, columns: dict[int, str], headers: list[str]
    ):
        self.scheme, self.columns, self.headers = scheme, columns, headers
        self.column_of = {what: column for column, what in columns.items()}
        self.names = {c.key: c.name for c in scheme.components} | {BONUS_KEY: scheme.bonus_name}
        # The living (app.people.living) and the recycle bin's people in one pass over the table.
        self.people: dict[str, tuple[int, str, str]] = {}
        self.binned: dict[str, str] = {}
        for number, person_id, name, role, deleted in db.conn.execute(
            "SELECT id_number, id, name, role, deleted_at FROM people"
        ):
            if deleted is None:
                self.people[number] = (person_id, name, role)
            else:
                self.binned[number] = name
        self.stored: dict[int, tuple[dict[str, str], str | None]] = {}
        self.exempt: set[int] = set()
        self.overrides: dict[int, tuple[str, str]] = {}  # person -> (grade set by hand, its reason)
        if period is not None:
            for person_id, scores, bonus, grade, reason in db.execute(
                "SELECT person_id, scores, bonus, override_grade, override_reason FROM appraisal_scores"
                " WHERE period_id = ? AND deleted_at IS NULL",
                [period.id],
            ):
                self.stored[person_id] = (json.loads(scores), bonus)
                if grade == EXEMPT:  # taken out of the period: a missing score is no 待补录
                    self.exempt.add(person_id)
                elif grade:
                    self.overrides[person_id] = (grade, reason or "")
        self.seen: dict[str, ScoreRow] = {}
        self.by_name: dict[str, list[str]] | None = None  # built on the first row without an ID number
        # Each score column with the most it may hold: checked inline, the engine's message asked only on failure.
        tops = {c.key: c.max_score for c in scheme.components} | {BONUS_KEY: scheme.bonus_cap}
        self.score_columns = [(c, what, tops[what]) for c, what in columns.items() if what not in (NAME, ID)]
        self.score_of = {column: what for column, what, _top in self.score_columns}
        self.fills = {
            column: "分数" for column, _what, _top in self.score_columns
        }  # what an error's fix types
        self.component_keys = [(c.key, c.name) for c in scheme.components]
        read = set(columns.values())
        self.read_keys = [
            (key, name) for key, name in self.component_keys if key in read
        ]  # columns the file has
        # Each score read once: a sheet of 10,000 rows holds a few hundred distinct scores. One table per type,
        # since 85 == 85.0 and excel_number is asked about the value as the cell holds it.
        self.read: dict[type, dict[Any, Decimal]] = {int: {}, float: {}, str: {}}
        # Per score column, each int or float cell value found a valid score (in range): 85 and 85.0 are one key
        # and one score; a bool is neither type, so True never stands in for 1.
        self.valid: dict[int, dict[float, Decimal]] = {
            column: {} for column, _what, _top in self.score_columns
        }

    def plain_row(self, number: int, cells: list[Any], kinds: RowKinds) -> ScoreRow | None:
        """The usual row, planned at once: the ID number as the roster stores it, seen for the first time; the
        holder's name exactly; every score a number this column already read as valid; nothing a 合计 or a
        repeated header could be made of. None for any other row, which plan_row reads in full — and which it
        would plan the same way as here (the tests compare the two on random rows)."""
        name_column, id_column = self.column_of[NAME], self.column_of[ID]
        size = len(cells)
        if size <= name_column or size <= id_column:
            return None
        raw_id, raw_name = cells[id_column], cells[name_column]
        if type(raw_id) is not str or type(raw_name) is not str:
            return None
        id_number, name = raw_id.strip(), raw_name.strip()
        known = self.people.get(id_number)
        if known is None or id_number in self.seen or not name or len(name) > _NAME_SHOWN:
            return None
        person_id, roster_name, role = known
        if name != roster_name or (self.scheme.roles and role not in self.scheme.roles):
            return None
        if not self._plain_cells(cells, kinds) or kinds.restates_name(name):
            return None
        row = ScoreRow(number, Action.NEW, name=name, id_number=id_number, person_id=person_id)
        for column, what, _top in self.score_columns:
            value = cells[column] if column < size else None
            if value is None:
                continue
            score = self._valid_before(column, value)
            if score is None:
                return None
            _take(row, what, score)
        self.seen[id_number] = row
        self._compare(row)
        return row

    def _plain_cells(self, cells: list[Any], kinds: RowKinds) -> bool:
        """No cell the row checks would read otherwise than as it is: score cells blank or numbers, the others
        text, numbers or dates, and no text in a column a 合计 label sits in that could be one."""
        totals = kinds.total_columns
        for column, value in enumerate(cells):
            kind = type(value)
            if value is None or kind is int or kind is float:
                continue
            if column in self.score_of or kind not in _PLAIN_KINDS:
                return False
            if kind is str and column in totals and ("计" in value or not is_normalized("NFKC", value)):
                return False
        return True

    def problem(self, row: ScoreRow, what: str, value: Any, message: str) -> None:
        column = self.column_of.get(what)
        row.problems.append(
            cell_problem(row.row, row.name, self.headers, column, value, message, id_cell=what == ID)
        )

    def plan_row(
        self, number: int, cells: list[Any], texts: list[str], errors: Sequence[tuple[int, ExcelError]] = ()
    ) -> ScoreRow:
        """`texts`: the row's cell texts, error values blank; `errors`: the error values of its used columns,
        each refusing the row with what it means (the checks of those columns read them as blank)."""
        row = ScoreRow(number, Action.NEW, name=clip(self._text(NAME, texts), _NAME_SHOWN))
        if errors:
            cells = without_errors(cells, texts)[0]
        first = self._person(row, cells, texts)
        size = len(cells)
        for column, what, top in self.score_columns:
            if column < size and texts[column]:
                value = cells[column]
                score = self._valid_before(column, value)
                if score is None:
                    self._cell(row, what, value, top, column)
                else:
                    _take(row, what, score)
        if first is not None:
            self._duplicate(row, first)
        if errors:
            said = error_problems(number, row.name, errors, self.headers, self.fills)
            row.problems = with_error_problems(row.problems, said)
        if row.problems:
            row.action = Action.REJECT
        elif row.person_id is not None:
            self._compare(row)
        return row

    def _text(self, what: str, texts: list[str]) -> str:
        column = self.column_of[what]
        return texts[column] if column < len(texts) else ""

    def _person(self, row: ScoreRow, cells: list[Any], texts: list[str]) -> ScoreRow | None:
        """Find the row's person; returns the earlier row of the same ID number, if there is one."""
        raw = cells[self.column_of[ID]] if self.column_of[ID] < len(cells) else None
        blank_name = len(row.problems) if not row.name else None  # where its problem goes, said better below
        if blank_name is not None:
            self.problem(row, NAME, "", "姓名不能为空")
        # The apostrophe that makes Excel keep a number as text stays in a CSV typed elsewhere.
        text = self._text(ID, texts).lstrip("'‘’")
        if text in self.people and type(raw) is str:  # as stored: valid by construction (the usual row)
            number = text
        elif looks_like_excel_number(raw):
            self.problem(row, ID, raw, EXCEL_NUMBER_FIX)
            return None
        else:
            try:
                number = parse_id_number(text).number  # full-width digits, a lower-case x, 15 digits
            except IdNumberError as exc:
                self.problem(row, ID, raw, str(exc) + (self._holder(row.name) if not text else ""))
                return None
        row.id_number = number
        first = self.seen.setdefault(number, row)
        if first is not row:  # settled once the row's scores are read: alike or not
            return first
        known = self.people.get(number)
        if known is None:
            where = (
                f"该号码的“{self.binned[number]}”在回收站中，请先恢复"
                if number in self.binned
                else "请先在花名册中添加此人"
            )
            self.problem(
                row, ID, raw, f"花名册中没有公民身份号码为 {number} 的人员（{where}；成绩导入不新建人员）"
            )
            return None
        person_id, name, role = known
        if blank_name is not None:  # the number is the roster's: say whose, so the clerk can fill the name in
            row.problems[blank_name] = cell_problem(
                row.row, row.name, self.headers, self.column_of[NAME], "",
                f"姓名不能为空：号码 {number} 在花名册中是“{name}”，核对无误请填入", id_cell=False,
            )  # fmt: skip
        elif row.name != name and _same_name(row.name) != _same_name(name):
            self.problem(
                row,
                NAME,
                row.name,
                f"姓名与公民身份号码不符：花名册中号码 {number} 属于“{name}”，请核对姓名或号码",
            )
        elif self.scheme.roles and role not in self.scheme.roles:
            self.problem(row, NAME, row.name, f"方案“{self.scheme.name}”不适用于{role_label(role)}")
        row.person_id = person_id
        return None

    def _holder(self, name: str) -> str:
        """For a row without an ID number: the number of the one roster person of that name, to copy in."""
        if self.by_name is None:
            self.by_name = {}
            for number, (_, holder, _) in self.people.items():
                self.by_name.setdefault(_same_name(holder), []).append(number)
        numbers = self.by_name.get(_same_name(name), []) if name else []
        said = "（成绩按号码对应到人）"
        return f"{said}；花名册中“{name}”的号码是 {numbers[0]}，核对无误请填入" if len(numbers) == 1 else said

    def _duplicate(self, row: ScoreRow, first: ScoreRow) -> None:
        """The same person twice: alike, the later row is the one to delete; with different scores neither
        is imported, since the file does not say which is right."""
        if row.scores == first.scores and row.bonus == first.bonus:
            if row.name == first.name and not row.problems and not row.placeholders:
                row.repeated = True  # nothing to fix and nothing lost
            else:
                self.problem(row, ID, row.id_number, f"与本表第{first.row}行重复（成绩相同），请删去此行")
            return
        differ = [self.names[key] for key in _differing(row, first)]
        fix = f"，{'、'.join(differ)}不同：请核对后只保留正确的一行，两行都未导入"
        self.problem(row, ID, row.id_number, f"与本表第{first.row}行是同一人{fix}")
        if first.action != Action.REJECT or not any("是同一人" in p.message for p in first.problems):
            self.problem(first, ID, first.id_number, f"与本表第{row.row}行是同一人{fix}")
        first.action, first.changes, first.missing = Action.REJECT, {}, []

    def _cell(self, row: ScoreRow, what: str, value: Any, top: Decimal | None, column: int) -> None:
        """A clerk's cell: '/' and the like are blank (said in the dry run), '缺考' asks what is meant, a
        trailing 分 is the unit; the number itself is the engine's to read."""
        if isinstance(value, str) and not _PLAIN_NUMBER.fullmatch(value):  # the usual cell goes straight on
            plain = same_text(value)
            if plain in _PLACEHOLDERS:
                row.placeholders.append(value.strip())
                return
            if plain in _ABSENCES:
                self.problem(row, what, value, _ABSENCE_FIX.format(value=value.strip()))
                return
            if plain.endswith("分") and _PLAIN_NUMBER.fullmatch(plain[:-1]):
                value = plain[:-1]
        self._score(row, what, value, top, column)

    def _score(self, row: ScoreRow, what: str, value: Any, top: Decimal | None, column: int) -> None:
        read = self.read.get(type(value))
        number = read.get(value) if read is not None else None
        if number is None:
            try:
                number = excel_number(value)
            except ValueError as exc:
                self.problem(row, what, value, f"{exc}（{self.names[what]}）")
                return
            if read is not None:
                read[value] = number
        if top is None or not 0 <= number <= top:
            problem = score_problem(self.scheme, what, number) or f"{self.names[what]}超出范围"
            self.problem(row, what, value, problem + "，请改正后重新导入")
        else:
            if type(value) in _NUMBERS:
                self.valid[column][value] = number
            _take(row, what, number)

    def _valid_before(self, column: int, value: Any) -> Decimal | None:
        """The score a number cell of this value was read as in this column before, if it was valid."""
        return self.valid[column].get(value) if type(value) in _NUMBERS else None

    def _compare(self, row: ScoreRow) -> None:
        stored = self.stored.get(row.person_id)  # type: ignore[arg-type]
        if stored is None:  # new to the period: nothing to compare
            row.missing = [name for key, name in self.component_keys if key not in row.scores]
            return
        old_scores, old_bonus = stored
        for key, value in row.scores.items():
            if decimal_or_none(old_scores.get(key)) != value:
                row.changes[self.names[key]] = (old_scores.get(key) or "", decimal_text(value))
        if row.has_bonus and decimal_or_none(old_bonus) != row.bonus:
            row.changes[self.scheme.bonus_name] = (old_bonus or "", decimal_text(row.bonus))  # type: ignore[arg-type]
        if row.person_id not in self.exempt:
            row.missing = [
                name for key, name in self.component_keys if key not in row.scores and key not in old_scores
            ]
        row.kept = [name for key, name in self.read_keys if key not in row.scores and old_scores.get(key)]
        row.action = Action.UPDATE if row.changes else Action.UNCHANGED


def _take(row: ScoreRow, what: str, score: Decimal) -> None:
    """A valid score into the row: X as its bonus, a component among its scores."""
    if what == BONUS_KEY:
        row.bonus, row.has_bonus = score, True
    else:
        row.scores[what] = score


def _differing(row: ScoreRow, first: ScoreRow) -> list[str]:
    """The components (and X) two rows of one person score differently, in the scheme's order."""
    keys = [*dict.fromkeys([*first.scores, *row.scores])]
    differ = [key for key in keys if row.scores.get(key) != first.scores.get(key)]
    return differ + ([BONUS_KEY] if row.bonus != first.bonus else [])


def refuse_disagreeing_twins(planner: RowPlanner, row: ScoreRow, cells: list[Any], twins: list[Twin]) -> None:
    """Refuse `row` when a second column of a component (one left hidden, often) holds another score than the
    column read: which of the two is right is for the street to say. A blank second cell agrees with anything."""
    weights = {c.key: c.weight for c in planner.scheme.components}
    for twin in twins:
        second = cells[twin.column] if twin.column < len(cells) else None
        first = cells[twin.primary] if twin.primary < len(cells) else None
        weight = weights.get(planner.score_of.get(twin.primary, ""))
        if _blank(second) or _same_score(first, second) or _weighted(first, second, weight):
            continue  # the same score, or beside it the score × its weight (工作考核 | 工作考核（50%）)
        letters = f"{column_letters(twin.primary + 1)}列和{column_letters(twin.column + 1)}列"
        shown = cell_text(first) or "空"
        if _weighted(second, first, weight):  # the weighted value came first and would be read as the score
            message = (
                f"“{twin.primary_header}”列的 {shown} 是本列分数按权重折算后的值（{letters}）：请把原始分的列放在"
                "前面，或删去折算后的列"
            )
        else:
            message = f"与同名的“{twin.primary_header}”列的 {shown} 不同（{letters}，其中一列可能是隐藏的）：请核对后只保留正确的一列"
        row.problems.append(
            cell_problem(row.row, row.name, planner.headers, twin.column, second, message, id_cell=False)
        )
        row.action, row.changes, row.missing = Action.REJECT, {}, []


def _weighted(raw: Any, weighted: Any, weight: Decimal | None) -> bool:
    """Whether `weighted` is `raw` × `weight`, to the 0.05 a sheet rounds it to (89 × 30% = 26.7)."""
    if weight is None:
        return False
    try:
        return abs(excel_number(raw) * weight - excel_number(weighted)) <= _ROUNDED
    except ValueError:
        return False


_ROUNDED = Decimal("0.05")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _same_score(first: Any, second: Any) -> bool:
    try:
        return excel_number(first) == excel_number(second)
    except ValueError:
        return same_text(cell_text(first)) == same_text(cell_text(second))
