"""An attendance list's rows, one person each, read against the roster, the course and the rows above
(app/training/attendance.py plans the list and writes it): the person by ID number (a name alone is refused,
naming whom the roster has of that name), the hours and result (attendance_cells), or — on a sign-in sheet
without a 学时 column — the sign-in cells and 备注, and what the row changes of an enrolment already there."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlite_utils import Database

from app.exchange.cell_errors import ExcelError, error_problems, with_error_problems, without_errors
from app.exchange.cells import cell_text
from app.exchange.limits import clip
from app.exchange.plan import EXCEL_NUMBER_FIX, Action, Problem, cell_problem
from app.people.idnumber import IdNumberError, looks_like_excel_number, parse_id_number
from app.people.living import by_id_number
from app.people.service import not_on_roster
from app.people.validation import normalize_name
from app.training.attendance_cells import (
    ABSENT,
    SignCell,
    noted_beside_hours,
    read_absent,
    read_attendance,
    read_sign_in,
    said_in_clock_hours,
)
from app.training.attendance_remedial import Reopened, reopened_said
from app.training.attendance_sheet import HOURS, ID, NAME, RESULT
from app.training.courses import Course

_NAME_NOTE = re.compile(r"(.+?)(\([^()]*\))")  # names are NFKC already: （） is ()
_AS_TEXT = re.compile(r'=\s*"(.*)"')
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


class SignInColumns(NamedTuple):
    """Without a 学时 column: the sign-in columns and 备注 columns, and whether any row of the sheet has a
    sign-in cell filled (else it is a typed roster, its sign-in columns left for signing on paper)."""

    signs: list[int]
    remarks: list[int]
    signing: bool


@dataclass
class AttendanceRow:
    row: int  # as Excel numbers it
    action: Action
    name: str = ""
    person_id: int | None = None
    hours: str | None = None
    result: str | None = None
    enrolment_id: int | None = None  # the person's enrolment in the course, when there is one
    before: dict[str, str | None] = field(default_factory=dict)  # what an update replaces
    note: str = ""
    absence: str | None = None  # 缺勤, 请假 …: the word, kept as the enrolment's note
    problems: list[Problem] = field(default_factory=list)
    cells: list[Any] = field(default_factory=list)  # the row as read, for the problem report
    closes: list[str] = field(default_factory=list)  # the 补课 writing the row closes (their periods)
    reopens: list[Reopened] = field(default_factory=list)  # the 补课 it closed that it no longer covers

    def reason(self) -> str:
        return "；".join(p.message for p in self.problems)

    @property
    def remedial_only(self) -> bool:
        """Recorded already as the list has it, yet it settles a 补课 (the course has ended since): written as
        that, not skipped as unchanged."""
        return self.action == Action.UNCHANGED and bool(self.closes or self.reopens)

    def notes(self) -> str:
        """What the dry run says after the row's fate: its own note, then the 补课 it closes and reopens."""
        closes = f"将完成补课：{'；'.join(self.closes)}" if self.closes else ""
        return "；".join(filter(None, [self.note, *reopened_said(self.reopens), closes]))

    def values(self) -> dict[str, str | None]:
        """The enrolment's columns this row sets: an absence sets its note too."""
        values = {"hours": self.hours, "result": self.result}
        return values | {"note": self.absence} if self.absence else values


def _same(text: str) -> str:
    """A name as the roster keeps it: no padding, one middle dot ('阿依古丽•买买提' is '阿依古丽·买买提')."""
    return normalize_name((text or "").translate(_INVISIBLE))


def _noted(row: AttendanceRow, holder: str) -> bool:
    """'张三（组长）', '李四(女)': the holder's name with a note in brackets after it — the name is the holder's,
    the note is said and dropped."""
    found = _NAME_NOTE.fullmatch(row.name)
    if found is None or found.group(1) != holder:
        return False
    row.name, row.note = holder, f"姓名后的“{found.group(2)}”不是姓名，已忽略"
    return True


def _id_text(raw: object) -> str:
    """An ID cell without what keeps it text: Excel's apostrophe (or the one a Chinese keyboard types, ‘ ’) and
    the ="…" a training platform's CSV export wraps it in."""
    text = cell_text(raw)
    if (wrapped := _AS_TEXT.fullmatch(text)) is not None:
        text = wrapped.group(1).strip()
    return text.lstrip("'‘’`")


class Planner:
    """Each row read against the roster, the course and the rows above it."""

    def __init__(
        self,
        db: Database,
        course: Course,
        columns: dict[int, str],
        headers: list[str],
        sign_in: SignInColumns,
    ):
        self.db, self.course, self.headers = db, course, headers
        self.column_of = {what: column for column, what in columns.items()}
        self.signs, self.remarks, self.signing = sign_in
        self.clock_hours: list[
            tuple[int, str]
        ] = []  # rows whose hours say 小时 ('2小时'): read as 学时, said
        self.people = by_id_number(db)
        self.namesakes: dict[str, list[str]] | None = None  # name → ID numbers, built for a row without one
        self.enrolled = {r[0]: (r[1], r[2], r[3], r[4]) for r in db.execute(
            "SELECT person_id, id, hours, result, note FROM enrolments WHERE course_id = ? AND deleted_at IS NULL",
            [self.course.id])}  # fmt: skip
        self.seen: dict[int, AttendanceRow] = {}
        fills = {HOURS: "学时", RESULT: "结果"}  # what the clerk types instead of an error value there
        self.fills = {column: fills[what] for what, column in self.column_of.items() if what in fills}

    def cell(self, what: str, cells: list[Any]) -> Any:
        column = self.column_of.get(what)
        return cells[column] if column is not None and column < len(cells) else None

    def problem(self, row: AttendanceRow, what: str, value: Any, message: str) -> None:
        column = self.column_of.get(what)
        row.problems.append(
            cell_problem(row.row, row.name, self.headers, column, value, message, id_cell=what == ID)
        )

    def plan_row(
        self, number: int, cells: list[Any], texts: list[str], has_hours: bool,
        errors: Sequence[tuple[int, ExcelError]] = (),
    ) -> AttendanceRow:  # fmt: skip
        """`texts`: the row's cell texts, error values blank; `errors`: the error values of the columns read,
        each refusing the row with what it means (the other checks read them as blank)."""
        column = self.column_of[NAME]
        name = clip(_same(texts[column] if column < len(texts) else ""), 20)
        row = AttendanceRow(number, Action.NEW, name=name, cells=list(cells))
        if errors:
            cells = without_errors(cells, texts)[0]
        self._person(row, cells)
        self._values(row, cells, has_hours)
        if errors:
            said = error_problems(number, row.name, errors, self.headers, self.fills)
            row.problems = with_error_problems(row.problems, said)
        if row.problems:
            row.action = Action.REJECT
        elif row.person_id is not None:
            self._compare(row)
        return row

    def _person(self, row: AttendanceRow, cells: list[Any]) -> None:
        raw = self.cell(ID, cells)
        text = _id_text(raw)
        if not row.name:
            self.problem(row, NAME, "", "姓名不能为空")
        if looks_like_excel_number(raw):
            self.problem(row, ID, raw, EXCEL_NUMBER_FIX)
            return
        if not text:
            self.problem(
                row,
                ID,
                "",
                f"公民身份号码不能为空（参训名单按号码对应花名册中的人员）{self._holders(row.name)}",
            )
            return
        try:
            number = parse_id_number(text).number
        except IdNumberError as exc:
            self.problem(row, ID, raw, str(exc))
            return
        known = self.people.get(number)
        if known is None:
            self.problem(row, ID, raw, not_on_roster(self.db, number))
            return
        person_id, name = known
        if row.name and row.name != _same(name) and not _noted(row, _same(name)):
            self.problem(
                row, NAME, row.name, f"姓名与公民身份号码不符：花名册中号码 {number} 属于“{name}”，请核对"
            )
            return
        row.person_id = person_id

    def _holders(self, name: str) -> str:
        """For a row without an ID number: who on the roster has the name — the number to copy in when one does,
        each with unit, birth date and the number's last 4 digits when several do, to tell them apart."""
        if self.namesakes is None:
            self.namesakes = {}
            for number, (_pid, holder) in self.people.items():
                self.namesakes.setdefault(_same(holder), []).append(number)
        numbers = self.namesakes.get(_same(name), []) if name else []
        if len(numbers) == 1:
            return f"；花名册中“{name}”的号码是 {numbers[0]}，核对无误请填入"
        if not numbers:
            return ""
        marks = ", ".join("?" * len(numbers))
        rows = self.db.execute(
            "SELECT p.name, u.name, p.birth_date, p.id_number, p.status FROM people p"
            f" LEFT JOIN org_units u ON u.id = p.unit_id WHERE p.deleted_at IS NULL AND p.id_number IN ({marks})"
            " ORDER BY p.name_order, p.id",
            numbers,
        ).fetchall()
        listed = "、".join(
            f"{holder}（{unit or '未填单位'}，{born} 出生，号码尾号 {number[-4:]}，{status}）"
            for holder, unit, born, number, status in rows
        )
        return f"；花名册中有 {len(rows)} 人名为“{name}”：{listed}，请填入参训的那一位的公民身份号码"

    def _values(self, row: AttendanceRow, cells: list[Any], has_hours: bool) -> None:
        raw = {HOURS: self.cell(HOURS, cells), RESULT: self.cell(RESULT, cells)}
        if not has_hours and (self.signs or self.remarks) and self._signed(row, cells, raw[RESULT]):
            return
        attended, errors = read_attendance(raw[HOURS], raw[RESULT], self.course.hours, has_hours)
        if has_hours and self.remarks and attended.absence is None and not errors:
            said = noted_beside_hours(attended.hours, [self._at(c, cells) for c in self.remarks])
            if said.message:
                self._refuse(row, said.column, said.value, said.message)
            elif said.absence is not None and said.column is not None:
                attended, errors = read_absent(said.absence, raw[RESULT], self.headers[said.column])
        row.hours, row.result, row.absence = attended.hours, attended.result, attended.absence
        for error in errors:
            self.problem(row, error.what, raw[error.what], str(error))
        if has_hours and said_in_clock_hours(raw[HOURS]):
            self.clock_hours.append((row.row, str(raw[HOURS]).strip()))

    def _signed(self, row: AttendanceRow, cells: list[Any], result: Any) -> bool:
        """A sign-in sheet's row (no 学时 column): True when its sign-in cells or 备注 settle it — an absence,
        or a row refused (signed in part, not signed); False when present, read as everyone else."""

        said = read_sign_in(
            [self._at(c, cells) for c in self.signs],
            [self._at(c, cells) for c in self.remarks],
            self.course.hours,
            self.signing,
        )
        if said.message:
            self._refuse(row, said.column, said.value, said.message)
            return True
        if said.absence is None:
            return False
        where = self.headers[said.column] if said.column is not None else "签到栏"
        attended, errors = read_absent(said.absence, result, where)
        row.hours, row.result, row.absence = attended.hours, attended.result, attended.absence
        for error in errors:
            self.problem(row, error.what, result, str(error))
        return True

    def _at(self, column: int, cells: list[Any]) -> SignCell:
        return SignCell(column, self.headers[column], cells[column] if column < len(cells) else None)

    def _refuse(self, row: AttendanceRow, column: int | None, value: Any, message: str) -> None:
        """A problem in a column the planner reads beside the four (签到, 备注, 出勤情况)."""
        row.problems.append(
            cell_problem(row.row, row.name, self.headers, column, value, message, id_cell=False)
        )

    def _compare(self, row: AttendanceRow) -> None:
        pid = row.person_id
        assert pid is not None
        first = self.seen.get(pid)
        if first is not None:
            if (first.hours, first.result, first.absence) == (row.hours, row.result, row.absence):
                row.action, row.note = Action.UNCHANGED, f"与本表第{first.row}行重复，跳过"
            else:  # which one is right is not known: neither is imported
                both = f"（{shown(first.hours, first.result, first.absence)} / {shown(row.hours, row.result, row.absence)}），请核对后只保留一行"
                row.action, first.action = Action.REJECT, Action.REJECT
                self.problem(
                    row, HOURS, row.hours or "", f"与本表第{first.row}行是同一人，但学时或结果不同{both}"
                )
                self.problem(
                    first, HOURS, first.hours or "", f"与本表第{row.row}行是同一人，但学时或结果不同{both}"
                )
            return
        self.seen[pid] = row
        if pid not in self.enrolled:
            return
        row.enrolment_id, hours, result, note = self.enrolled[pid]
        old = {"hours": hours, "result": result}
        # Absent: nothing recorded before stands; else a blank cell keeps what is recorded.
        new = row.values() if row.absence else {"hours": row.hours or hours, "result": row.result or result}
        if note in ABSENT or row.absence:  # an absence noted before is over once they attended
            old["note"], new["note"] = note, row.absence
        row.hours, row.result = new["hours"], new["result"]
        if old == new:
            row.action, row.note = Action.UNCHANGED, "已在班中，学时和结果与记录相同"
        else:
            row.action, row.before = Action.UPDATE, old


def shown(hours: str | None, result: str | None, absence: str | None = None) -> str:
    if absence in ABSENT:
        return f"{absence}，0 学时"
    return f"{f'{hours} 学时' if hours else '未填学时'}，{result or '未填结果'}"
