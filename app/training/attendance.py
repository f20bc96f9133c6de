"""Bringing a course's attendance list in (导入参训名单): a dry run that says what each row would do, then one
transaction that does it.

One person per row: 姓名, 公民身份号码, and optionally 学时 and 结果 (合格 / 不合格 / a score) — the header found by
its labels under titles, as in the roster import. People are matched by ID number (the import never creates
people); a name that is not the number's holder's is refused. Someone already in the course is updated (a blank
cell never erases what is recorded); the same person twice in the file is one row unless the two disagree.
A sheet without a 学时 column credits everyone listed with the course's hours; a blank cell in one records the
enrolment without hours; one merged over several people is each one's, as in the roster and score imports.
The course is the one of that name, or a new one made from the values given.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app.changes import OpChanges, OpResult
from app.clock import utc_now
from app.exchange.cell_errors import (
    ExcelError,
    error_problems,
    screen_row,
    with_error_problems,
    without_errors,
)
from app.exchange.cells import cell_text, cell_texts
from app.exchange.columns import summarize_labels
from app.exchange.limits import clip
from app.exchange.plan import EXCEL_NUMBER_FIX, Action, Problem, cell_problem
from app.exchange.reader import read_workbook
from app.exchange.sheet import fill_merged_down
from app.people.idnumber import IdNumberError, looks_like_excel_number, parse_id_number
from app.people.living import by_id_number
from app.people.service import not_on_roster
from app.people.validation import normalize_name
from app.training import courses, enrolments
from app.training.attendance_cells import ABSENT, read_attendance
from app.training.attendance_course import (
    CourseNeeded,
    match_course,
    near_courses,
    near_said,
    resolve_course,
    same_name,
)
from app.training.attendance_sheet import HOURS, ID, NAME, RESULT, column_of, course_in_title, locate
from app.training.courses import Course
from app.training.person_rows import PersonRows
from app.training.rules import STAGE_BEFORE, hours_text

_NAME_NOTE = re.compile(r"(.+?)(\([^()]*\))")  # names are NFKC already: （） is ()
_AS_TEXT = re.compile(r'=\s*"(.*)"')
SIGN_IN = ("签到", "签名", "上午", "下午", "晚上", "考勤")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


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

    def reason(self) -> str:
        return "；".join(p.message for p in self.problems)

    def values(self) -> dict[str, str | None]:
        """The enrolment's columns this row sets: an absence sets its note too."""
        values = {"hours": self.hours, "result": self.result}
        return values | {"note": self.absence} if self.absence else values


@dataclass
class AttendancePlan:
    file_name: str
    sheet: str
    header_row: int
    course: Course
    new_course: dict[str, Any] | None  # the course's values when the import makes it
    ignored: list[str]
    has_hours: bool
    rows: list[AttendanceRow] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the header row as the file has it
    columns: dict[int, str] = field(default_factory=dict)  # column index → what it holds
    other_sheets: list[str] = field(default_factory=list)  # more sheets holding a list: not read, and said so
    titled: str | None = None  # the course the list's title names, as written
    titled_course: Course | None = None  # the existing course it names, when it is not the one imported into
    # The living courses a new course may be meant as (a name one character away, the same category on
    # overlapping dates), each with why: said, and the command line makes the new course only when told to.
    near: list[tuple[Course, str]] = field(default_factory=list)
    # New to a staged course without the stage before it (进阶 without 入门): said, and the command line writes
    # them only when told to, as the window's 添加人员 asks first.
    out_of_stage: list[AttendanceRow] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def rejected(self) -> list[AttendanceRow]:
        return [r for r in self.rows if r.action == Action.REJECT]

    def to_write(self) -> list[AttendanceRow]:
        return [r for r in self.rows if r.action in (Action.NEW, Action.UPDATE)]

    def summary(self) -> str:
        parts = [f"新增 {self.count(Action.NEW)} 人", f"更新 {self.count(Action.UPDATE)} 人",
                 f"无变化 {self.count(Action.UNCHANGED)} 人", f"拒绝 {self.count(Action.REJECT)} 行"]  # fmt: skip
        if skipped := sum(self.skipped.values()):
            parts.append(f"非人员行 {skipped} 行")
        return "，".join(parts)


def _same(text: str) -> str:
    """A name as the roster keeps it: no padding, one middle dot ('阿依古丽•买买提' is '阿依古丽·买买提')."""
    return normalize_name((text or "").translate(_INVISIBLE))


def plan_attendance(
    db: Database,
    path: Path,
    course_name: str | None,
    new_course: dict[str, Any] | None = None,
    sheet: str | None = None,
) -> AttendancePlan:
    """Read the file and decide what importing each row would do. Writes nothing. Without a course name the
    course is the one the list's title names; CourseNeeded when there is none."""
    sheets = read_workbook(Path(path))
    found, index, columns, others = locate(sheets, sheet)
    titled = course_in_title(found, index)
    if course_name is None and new_course is None:
        course_name = _titled_or_needed(db, titled)
    course, values, said = resolve_course(db, course_name or (new_course or {}).get("name") or "", new_course)
    headers = [cell_text(c) for c in found.rows[index]]
    two_rows = any(c >= len(headers) or not column_of(headers[c]) for c in columns)
    if two_rows:  # the second header row names some columns: its labels stand for them
        below = [cell_text(c) for c in found.rows[index + 1]]
        headers = [below[i] if i in columns and column_of(below[i]) else h for i, h in enumerate(headers)]
    plan = AttendancePlan(
        Path(path).name, found.name, index + 1, course, values,
        [h for i, h in enumerate(headers) if h and i not in columns], HOURS in columns.values(), notices=[said],
        headers=headers, columns=columns, other_sheets=others, titled=titled,
    )  # fmt: skip
    _title_notice(db, plan)
    if values is not None and (near := near_courses(db, values)):
        plan.near = near
        plan.notices.append(
            f"注意：将新建的“{values['name']}”与已有的培训班相近，{near_said(near)}。名单属于其中一个时，"
            "请导入到它，不要新建：同一个培训班建成两个，学时会重复计算"
        )
    if not plan.has_hours:
        plan.notices.append(f"表中没有“学时”列：名单上的每人按培训班学时 {hours_text(course.hours)} 计")
        if other := [h for h in plan.ignored if "学时" in h or "课时" in h]:
            plan.notices.append(
                f"“{'、'.join(other)}”列没有当作参训学时（只认“学时”“参训学时”“实际学时”等列名）：如果它是实际参训学时，"
                "请把列名改为“学时”"
            )
        if signed := [h for h in plan.ignored if any(word in h for word in SIGN_IN)]:
            plan.notices.append(
                f"签到列（{summarize_labels(signed)}）不用来计算学时：没有全程参加的人，请在表中加“学时”列填写实际学时"
            )
    first = index + 2 if two_rows else index + 1
    fill_merged_down(found, first)  # 学时 8, 合格 merged beside several people: each of them has it
    _plan_rows(db, plan, found.rows, first, found.error_rows)
    return plan


def _titled_or_needed(db: Database, titled: str | None) -> str:
    course = match_course(db, titled)
    if course is None:
        raise CourseNeeded(titled)
    return course.name


def _title_notice(db: Database, plan: AttendancePlan) -> None:
    """When the title names another course than the one imported into: say so, and keep the existing course
    it names (the window offers to switch to it)."""
    if not plan.titled:
        return
    if plan.new_course is not None:
        if same_name(plan.titled, plan.new_course["name"]):
            return
    elif same_name(plan.titled, plan.course.name):
        return
    titled = match_course(db, plan.titled)
    plan.titled_course = titled
    which = f"已有的培训班“{titled.name}”" if titled else "还没有这个培训班"
    plan.notices.append(
        f"注意：名单标题写的是“{plan.titled}”（{which}），与导入到的“{plan.course.name}”不同，请核对"
    )


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


def _plan_rows(
    db: Database, plan: AttendancePlan, rows: list[list[Any]], first: int, error_rows: Collection[int]
) -> None:
    planner = _Planner(db, plan.course, plan.columns, plan.headers)
    kinds = PersonRows(
        plan.columns, plan.headers
    )  # blank, 合计, headings, 联系电话：… — as the round's sheets
    for number, cells in enumerate(rows[first:], start=first + 1):
        texts, errors = screen_row(error_rows, number - 1, cells, cell_texts(cells), plan.columns)
        # An error value in a column read is a person to refuse, not a row left blank.
        if kind := kinds.kind(texts, errors):
            plan.skipped[kind] = plan.skipped.get(kind, 0) + 1
            continue
        plan.rows.append(planner.plan_row(number, cells, texts, plan.has_hours, errors))
    for row in plan.to_write():
        closes = enrolments.remedial_covered(
            db, plan.course, row.person_id, {"hours": row.hours, "result": row.result}
        )  # type: ignore[arg-type]
        if closes:
            row.note = "将完成补课：" + "；".join(r.period_label for r in closes)
    _stage_notice(db, plan)


def _stage_notice(db: Database, plan: AttendancePlan) -> None:
    """Who the list puts into 进阶 (全面) without a completed 入门 (进阶): each row noted, and one notice."""
    before = STAGE_BEFORE.get(plan.course.category)
    new = [r for r in plan.rows if r.action == Action.NEW and r.person_id is not None]
    if before is None or not new:
        return
    done = enrolments.completed_by_person(db, list(dict.fromkeys(r.person_id for r in new)))  # type: ignore[misc]
    plan.out_of_stage = [r for r in new if before not in done[r.person_id]]  # type: ignore[index]
    if not plan.out_of_stage:
        return
    for row in plan.out_of_stage:
        row.note = "；".join(filter(None, [row.note, f"尚未完成“{before}”阶段培训"]))
    names = summarize_labels([f"{r.name}（第{r.row}行）" for r in plan.out_of_stage], 10, "人")
    plan.notices.append(
        f"注意：以下 {len(plan.out_of_stage)} 人尚未完成“{before}”阶段培训，按顺序应先完成“{before}”再参加"
        f"“{plan.course.category}”：{names}。请核对名单后再导入"
    )


class _Planner:
    """Each row read against the roster, the course and the rows above it."""

    def __init__(self, db: Database, course: Course, columns: dict[int, str], headers: list[str]):
        self.db, self.course, self.headers = db, course, headers
        self.column_of = {what: column for column, what in columns.items()}
        self.people = by_id_number(db)
        self.enrolled = {r[0]: (r[1], r[2], r[3], r[4]) for r in db.execute(
            "SELECT person_id, id, hours, result, note FROM enrolments WHERE course_id = ? AND deleted_at IS NULL",
            [course.id])}  # fmt: skip
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
            self.problem(row, ID, "", "公民身份号码不能为空（参训名单按号码对应花名册中的人员）")
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

    def _values(self, row: AttendanceRow, cells: list[Any], has_hours: bool) -> None:
        raw = {HOURS: self.cell(HOURS, cells), RESULT: self.cell(RESULT, cells)}
        attended, errors = read_attendance(raw[HOURS], raw[RESULT], self.course.hours, has_hours)
        row.hours, row.result, row.absence = attended.hours, attended.result, attended.absence
        for error in errors:
            self.problem(row, error.what, raw[error.what], str(error))

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


def commit_attendance(db: Database, plan: AttendancePlan, actor: str) -> OpResult:
    """Write what the plan accepts in one transaction (the course first when it is new), closing the 补课 a
    remedial course covers. The caller has made a backup."""
    from app import audit

    rows = plan.to_write()
    now = utc_now()
    closed: list[str] = []
    with db.atomic():
        course = plan.course
        if plan.new_course is not None:
            made = courses.create_course(db, plan.new_course, actor)
            course = courses.get_course(db, made.record_id)  # type: ignore[arg-type]
        for row in rows:
            values = {**({"note": None} if "note" in row.before else {}), **row.values()}
            if row.action == Action.NEW:
                enrolments.add_enrolment(db, course, row.person_id, row.name, actor, now, values)  # type: ignore[arg-type]
            else:
                columns = "".join(f"{key} = ?, " for key in values)
                db.execute(
                    f"UPDATE enrolments SET {columns}updated_at = ? WHERE id = ?",
                    [*values.values(), now, row.enrolment_id],
                )
                before, after = audit.changed_fields(row.before, values)
                audit.record(
                    db, actor=actor, action="update", entity="enrolment", label=f"{row.name} {course.name}",
                    record_id=row.enrolment_id, before=before, after=after,
                )  # fmt: skip
            closed += enrolments.close_remedial(db, course, row.person_id, values, actor)  # type: ignore[arg-type]
    said = f"已导入“{course.name}”的参训名单：新增 {plan.count(Action.NEW)} 人，更新 {plan.count(Action.UPDATE)} 人"
    if closed:
        said += f"，完成补课 {len(closed)} 项"
    changes = OpChanges(training=True, appraisal=bool(closed))
    return OpResult(changes, course.id, said, made=len(rows))
