"""Importing scores (成绩导入): a dry run that says what each row would do, then one transaction that does it.

The file: a header row with 姓名, 公民身份号码 and one column per component, named as in the scheme (X as
专项工作加分 where the scheme has it), found under titles as in the roster import. People are matched by ID
number; a name that is not the holder's is an error. A blank score cell means "not yet scored" (待补录), never
0, and never erases a score already recorded. Every other column is listed and ignored: a ranking exported by
the app (名次, 工作单位, 总分, 等次, 标记, 说明) imports as it is.

Streets' own sheets are read as a clerk means them: a header with weights or a score word (工作考核（50%）,
业务测试成绩), a two-row header (components under a merged 考核成绩; 得分 and 折算分 under each component, the
weighted value never read), '85.5分', '/' for blank, 平均 rows skipped; what cannot be meant one way (缺考,
the same person twice with different scores) is refused with what to write instead. Finding the header and
its columns is score_header.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from unicodedata import is_normalized

from sqlite_utils import Database

from app.appraisal.periods import Period, create_period_row, find_period, period_problem, refuse_if_finalized
from app.appraisal.ranking import decimal_or_none
from app.appraisal.rules import BONUS_KEY, EXEMPT, Scheme, excel_number, score_problem
from app.appraisal.schemes import APPRAISAL_CHANGED, find_scheme
from app.appraisal.score_header import (
    ID,
    NAME,
    component_of,
    labels_of,
    locate,
    named_sheets,
    other_score_sheets,
    same_text,
    twin_columns,
)
from app.appraisal.service import ScoreInput, decimal_text, set_many_scores
from app.changes import OperationRefused, OpResult
from app.exchange.bulk import collector_paused
from app.exchange.cell_errors import (
    ExcelError,
    error_problems,
    error_row,
    screen_row,
    with_error_problems,
    without_errors,
)
from app.exchange.cells import RowKinds, cell_text, cell_texts
from app.exchange.columns import summarize_labels
from app.exchange.limits import clip
from app.exchange.plan import EXCEL_NUMBER_FIX, Action, PlanError, Problem
from app.exchange.prefetch import sheets_of
from app.people.fields import role_label
from app.people.idnumber import IdNumberError, looks_like_excel_number, parse_id_number
from app.people.validation import normalize_name
from db.connection import references_checked_by_caller


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


@dataclass
class ScorePlan:
    file_name: str
    sheet: str
    header_row: int  # as Excel numbers it
    header_end: int  # its last row: header_row, or the row below for a two-row header
    columns: dict[int, str]  # column -> 'name', 'id_number', a component key or BONUS_KEY
    ignored: list[str]  # header texts of the columns not read
    absent: list[str]  # component columns the file lacks: their scores stay as they are
    rows: list[ScoreRow]
    skipped: dict[str, int]
    read_as: list[tuple[str, str]] = field(default_factory=list)  # (header, component) where they differ
    other_sheets: list[str] = field(default_factory=list)  # sheets with a score header too, not read
    twins: list[tuple[str, str]] = field(default_factory=list)  # (header, the header read) of a 2nd column

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def rejected(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.action == Action.REJECT]

    def to_write(self) -> list[ScoreRow]:
        return [r for r in self.rows if r.action in (Action.NEW, Action.UPDATE)]

    def summary(self) -> str:
        parts = [f"{a.label} {self.count(a)} 人" for a in Action]
        if skipped := sum(self.skipped.values()):
            parts.append(f"非人员行 {skipped} 行")
        return "，".join(parts)


_DOTS = str.maketrans(dict.fromkeys("‧∙⋅･", "·"))


def _same_name(text: str) -> str:
    """A name as the roster stores it, whichever middle dot a transliterated name was typed with."""
    return normalize_name(text).translate(_DOTS)


def plan_score_import(
    db: Database, path: Path, scheme: Scheme, period: Period | None, sheet: str | None = None
) -> ScorePlan:
    """Read the file (the sheet named, or the first with a score header) and decide what importing each row
    would do. Writes nothing."""
    with collector_paused():  # tens of thousands of cells and Decimals, no cycles among them
        return _plan(db, Path(path), scheme, period, sheet)


def _plan(db: Database, path: Path, scheme: Scheme, period: Period | None, wanted: str | None) -> ScorePlan:
    sheets = sheets_of(path)  # read ahead by the command line, or read now
    header = locate(named_sheets(sheets, wanted) if wanted else sheets, scheme)
    sheet, columns, headers = header.sheet, header.columns, header.texts
    first = header.index + header.depth  # the first row under the header, 0-based
    components = set(columns.values()) - {NAME, ID, BONUS_KEY}
    if not components:
        raise PlanError(_no_components(db, scheme, header.texts))
    if len(components) < len(scheme.components) and (other := _fitting_scheme(db, scheme, header.texts)):
        raise PlanError(f"表格的列与方案“{scheme.name}”不符：{other}")
    plan = ScorePlan(
        file_name=Path(path).name, sheet=sheet.name, header_row=header.index + 1, header_end=first,
        columns=columns,
        ignored=[h for i, h in enumerate(headers) if h and i not in columns],
        absent=[c.name for c in scheme.components if c.key not in components], rows=[], skipped={},
    )  # fmt: skip
    names = {c.key: c.name for c in scheme.components} | {BONUS_KEY: scheme.bonus_name}
    plan.read_as = [
        (headers[c], names[w]) for c, w in columns.items() if w in names and same_text(headers[c]) != names[w]
    ]
    plan.twins = twin_columns(headers, columns, labels_of(scheme))
    twins = {text for text, _ in plan.twins}
    plan.ignored = [h for h in plan.ignored if h not in twins]
    if not wanted:
        plan.other_sheets = other_score_sheets(sheets, sheet, scheme)
    planner = _Planner(db, scheme, period, columns, headers)
    kinds = RowKinds({c: f for c, f in columns.items() if f in (NAME, ID)}, headers)
    id_column = next(c for c, what in columns.items() if what == ID)
    error_rows = sheet.error_rows
    for offset, cells in enumerate(sheet.rows[first:], start=first + 1):
        if offset - 1 not in error_rows and (plain := planner.plain_row(offset, cells, kinds)) is not None:
            plan.rows.append(plain)
            continue
        texts, errors = screen_row(error_rows, offset - 1, cells, cell_texts(cells), columns)
        if kind := error_row(kinds.kind(texts) or _statistics(texts, id_column), texts, columns, errors):
            plan.skipped[kind] = plan.skipped.get(kind, 0) + 1
            continue
        plan.rows.append(planner.plan_row(offset, cells, texts, errors))
    return plan


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
_STATISTICS = re.compile(r"(?:全[部体])?(?:平均|均|最高|最低|中位)(?:分|值|数|成绩|得分)?")


def _statistics(texts: list[str], id_column: int) -> str | None:
    """'统计行' for a 平均 / 最高分 row under the people: no name-and-ID, a statistic's word in front."""
    if id_column < len(texts) and texts[id_column]:
        return None
    first = next(text for text in texts if text)
    return "统计行" if _STATISTICS.fullmatch(same_text(first)) else None


def _no_components(db: Database, scheme: Scheme, headers: list[str]) -> str:
    """Why a file with no component column is refused, naming the scheme the columns do fit, if one does."""
    first = scheme.components[0]
    said = (
        f"表格中没有任何考核项目的列。方案“{scheme.name}”的项目是：{'、'.join(c.name for c in scheme.components)}，"
        f"列名应与之相同（可以注明权重或满分，如“{first.name}（{(first.weight * 100).normalize():f}%）”）。"
        "按权重折算后的分数不能导入，请填原始分。"
    )
    other = _fitting_scheme(db, scheme, headers)
    return f"{said}{other}" if other else said


def _fitting_scheme(db: Database, scheme: Scheme, headers: list[str]) -> str | None:
    """'这份表格的列是方案“…”（代码 …）的项目…' when every component of another scheme has a column."""
    from app.appraisal.schemes import list_schemes

    for other in list_schemes(db):
        labels = labels_of(other)
        found = {what for text in headers if (what := component_of(text, labels)) and what != BONUS_KEY}
        if other.key != scheme.key and len(found) == len(other.components):
            return f"这份表格的列是方案“{other.name}”（代码 {other.key}）的项目，请确认选择的考核方案。"
    return None


class _Planner:
    def __init__(
        self, db: Database, scheme: Scheme, period: Period | None, columns: dict[int, str], headers: list[str]
    ):
        self.scheme, self.columns, self.headers = scheme, columns, headers
        self.column_of = {what: column for column, what in columns.items()}
        self.names = {c.key: c.name for c in scheme.components} | {BONUS_KEY: scheme.bonus_name}
        # One pass over the table (NOT INDEXED: SQLite would walk the living-ID index and look each row up,
        # twice as slow for an office of 10,000), the recycle bin's people apart.
        self.people: dict[str, tuple[int, str, str]] = {}
        self.binned: dict[str, str] = {}
        for number, person_id, name, role, deleted in db.conn.execute(
            "SELECT id_number, id, name, role, deleted_at FROM people NOT INDEXED"
        ):
            if deleted is None:
                self.people[number] = (person_id, name, role)
            else:
                self.binned[number] = name
        self.stored: dict[int, tuple[dict[str, str], str | None]] = {}
        self.exempt: set[int] = set()
        if period is not None:
            for person_id, scores, bonus, grade in db.execute(
                "SELECT person_id, scores, bonus, override_grade FROM appraisal_scores"
                " WHERE period_id = ? AND deleted_at IS NULL",
                [period.id],
            ):
                self.stored[person_id] = (json.loads(scores), bonus)
                if grade == EXEMPT:  # taken out of the period: a missing score is no 待补录
                    self.exempt.add(person_id)
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
            score = self.valid[column].get(value) if type(value) in _NUMBERS else None
            if score is None:
                return None
            if what == BONUS_KEY:
                row.bonus, row.has_bonus = score, True
            else:
                row.scores[what] = score
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
        header = self.headers[column] if column is not None and column < len(self.headers) else ""
        shown = f"{value:.6g}" if isinstance(value, float) and what == ID else clip(cell_text(value))
        row.problems.append(Problem(row.row, clip(header, 20), shown, message, person=row.name))

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
                # A number cell seen before in this column and found a valid score: taken as it was then.
                score = self.valid[column].get(value) if type(value) in _NUMBERS else None
                if score is None:
                    self._cell(row, what, value, top, column)
                elif what == BONUS_KEY:
                    row.bonus, row.has_bonus = score, True
                else:
                    row.scores[what] = score
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
        if not row.name:
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
        if row.name and row.name != name and _same_name(row.name) != _same_name(name):
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
            self.problem(row, ID, row.id_number, f"与本表第{first.row}行重复（成绩相同），请删去此行")
            return
        fix = "，成绩不同：请核对后只保留正确的一行，两行都未导入"
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
            if what == BONUS_KEY:
                row.bonus, row.has_bonus = number, True
            else:
                row.scores[what] = number

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
        row.action = Action.UPDATE if row.changes else Action.UNCHANGED


def commit_score_import(
    db: Database, plan: ScorePlan, key: str, year: int, quarter: int | None, actor: str
) -> OpResult:
    """Write the rows the plan accepts, in one transaction: the period is created first if it is new. Rejected
    and unchanged rows are left out. The caller has made a backup."""
    inputs = [ScoreInput(r.person_id, r.scores, r.bonus, r.has_bonus) for r in plan.to_write()]  # type: ignore[arg-type]
    # Both references of every score row are checked in the transaction below: the period is found or made in
    # it, and set_many_scores refuses the whole import if anyone is no longer on the roster.
    with collector_paused(), references_checked_by_caller(db.conn), db.atomic():
        period = find_period(db, key, year, quarter)
        if period is None:
            problem = period_problem(find_scheme(db, key), year, quarter)
            if problem:
                raise OperationRefused(problem)
            period_id = create_period_row(db, key, year, quarter, actor)
        else:
            refuse_if_finalized(period)
            period_id = period.id
        if not inputs:
            return OpResult(APPRAISAL_CHANGED, period_id, "没有需要写入的成绩")
        return set_many_scores(db, period_id, inputs, actor, checked=True)


def describe_plan(plan: ScorePlan) -> list[str]:
    """The dry run as lines for the command line (and a log): the header, what is ignored, each row's fate."""
    rows = f"{plan.header_row}–{plan.header_end}" if plan.header_end > plan.header_row else plan.header_row
    lines = [f"文件“{plan.file_name}”，工作表“{plan.sheet}”，表头在第{rows}行。"]
    if plan.read_as:
        lines.append(f"按方案项目读取：{'；'.join(f'{h} → {n}' for h, n in plan.read_as)}")
    if plan.ignored:
        lines.append(f"以下列不是成绩，已忽略：{summarize_labels(plan.ignored)}")
    if plan.twins:
        twins = "、".join(f"{text}（与“{first}”列重复）" for text, first in plan.twins)
        lines.append(f"以下列与前面的同名项目重复，未读取，请删去或改名：{twins}")
    if plan.absent:
        lines.append(
            f"表格中没有以下项目的列，这些成绩保持不变（从未录入的记为待补录）：{'、'.join(plan.absent)}"
        )
    if plan.other_sheets:
        named = "、".join(f"“{name}”" for name in plan.other_sheets)
        lines.append(
            f"注意：工作表{named}也是成绩表，本次没有导入（一次导入一张）。请用 --sheet 工作表名 逐张导入。"
        )
    lines.append(f"检查结果：{plan.summary()}。")
    lines += [f"  跳过{reason} {count} 行" for reason, count in plan.skipped.items()]
    for row in plan.rows:
        if row.action == Action.UPDATE:
            changes = "；".join(f"{k}：{old or '（空）'} → {new}" for k, (old, new) in row.changes.items())
            lines.append(f"  第{row.row}行 {row.name}：更新 {changes}")
        if row.missing and row.action != Action.REJECT:
            said = "、".join(f"“{t}”" for t in dict.fromkeys(row.placeholders))
            blank = f"（{said}按空白处理）" if said else ""
            lines.append(
                f"  第{row.row}行 {row.name}：缺少{'、'.join(row.missing)}的成绩，将记为待补录{blank}"
            )
    lines += [f"  拒绝 {problem.text()}" for row in plan.rejected() for problem in row.problems]
    return lines
