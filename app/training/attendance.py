"""Bringing a course's attendance list in (导入参训名单): a dry run that says what each row would do, then one
transaction that does it.

One person per row: 姓名, 公民身份号码, and optionally 学时 and 结果 (合格 / 不合格 / a score) — the header found by
its labels under titles, as in the roster import. People are matched by ID number (the import never creates
people); a name that is not the number's holder's is refused. Someone already in the course is updated (a blank
cell never erases what is recorded); the same person twice in the file is one row unless the two disagree.
A sheet without a 学时 column credits everyone listed with the course's hours — unless it is a sign-in sheet
(签到表) that someone signed: then each row is read by its sign-in cells and 备注 (attendance_cells.read_sign_in).
A blank cell in a 学时 column records the enrolment without hours; one merged over several people is each one's,
as in the roster and score imports. Each row of a 补课 course settles the person's remedial requirements
(attendance_remedial) — a row recorded already too, since the course may have ended since.
The course is the one of that name, or a new one made from the values given; rows are read in attendance_rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app import clock
from app.changes import OpChanges, OpResult
from app.clock import utc_now
from app.exchange.cell_errors import ExcelError, screen_row
from app.exchange.cells import cell_text, cell_texts
from app.exchange.columns import summarize_labels
from app.exchange.plan import Action
from app.exchange.reader import read_workbook
from app.exchange.sheet import fill_merged_down
from app.training import courses, enrolments
from app.training.attendance_course import (
    CourseNeeded,
    match_course,
    near_courses,
    near_said,
    resolve_course,
    same_name,
)
from app.training.attendance_notices import (
    absence_columns,
    absence_notice,
    clock_hours_notice,
    no_hours_notices,
    running_notice,
    sign_in_columns,
)
from app.training.attendance_remedial import (
    Settled,
    remedial_covered,
    remedial_reopened,
    settle_remedial,
)
from app.training.attendance_rows import AttendanceRow, Planner, SignInColumns, shown
from app.training.attendance_sheet import HOURS, column_of, course_in_title, locate
from app.training.courses import Course
from app.training.person_rows import PersonRows
from app.training.rules import STAGE_BEFORE


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
    # Without a 学时 column: the sign-in columns and 备注 that say who was there, and whether any row has a
    # sign-in cell filled (else the sheet is a typed roster, its sign-in columns left for signing on paper).
    signs: list[int] = field(default_factory=list)
    remarks: list[int] = field(default_factory=list)
    signing: bool = False

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.remedial_only)

    def rejected(self) -> list[AttendanceRow]:
        return [r for r in self.rows if r.action == Action.REJECT]

    def to_write(self) -> list[AttendanceRow]:
        return [r for r in self.rows if r.action in (Action.NEW, Action.UPDATE) or r.remedial_only]

    def summary(self) -> str:
        parts = [f"新增 {self.count(Action.NEW)} 人", f"更新 {self.count(Action.UPDATE)} 人"]
        if settled := sum(1 for r in self.rows if r.remedial_only):
            parts.append(f"只更新补课 {settled} 人")
        parts += [f"无变化 {self.count(Action.UNCHANGED)} 人", f"拒绝 {self.count(Action.REJECT)} 行"]
        if skipped := sum(self.skipped.values()):
            parts.append(f"非人员行 {skipped} 行")
        if closes := sum(len(r.closes) for r in self.to_write()):
            parts.append(f"将完成补课 {closes} 项")
        if reopens := sum(1 for r in self.to_write() for gone in r.reopens if gone.instead is None):
            parts.append(f"将重新打开补课 {reopens} 项")
        return "，".join(parts)


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
    plan.notices += running_notice(course, clock.today())
    first = index + 2 if two_rows else index + 1
    fill_merged_down(found, first)  # 学时 8, 合格 merged beside several people: each of them has it
    people = _person_rows(plan, found.rows, first, found.error_rows)
    if plan.has_hours:
        _absences_beside_hours(plan)
    else:
        _no_hours_column(plan, people)
    _plan_rows(db, plan, people)
    return plan


def _absences_beside_hours(plan: AttendancePlan) -> None:
    """With a 学时 column, 备注 and 出勤情况 are still read for absences (not ignored): a 缺勤 there beside 48
    学时 would otherwise be credited, and close a 补课."""
    plan.remarks = absence_columns(plan.headers, list(plan.columns))
    plan.ignored = [
        h for i, h in enumerate(plan.headers) if h and i not in plan.columns and i not in plan.remarks
    ]
    plan.notices += absence_notice(plan.headers, plan.remarks)


def _no_hours_column(plan: AttendancePlan, people: list[_Read]) -> None:
    """Without a 学时 column: the sign-in columns and 备注 are read for who was there (not ignored), and how
    the list is counted is said."""
    plan.signs, plan.remarks = sign_in_columns(plan.headers, list(plan.columns))
    plan.signing = any(
        c < len(read.texts) and read.texts[c] for read in people for c in plan.signs
    )  # someone signed: a sign-in sheet, not a typed roster whose sign-in columns wait for the paper
    used = set(plan.signs) | set(plan.remarks)
    plan.ignored = [h for i, h in enumerate(plan.headers) if h and i not in plan.columns and i not in used]
    plan.notices += no_hours_notices(plan.course, plan.headers, plan.signs, plan.remarks, plan.signing)
    if other := [h for h in plan.ignored if "学时" in h or "课时" in h]:
        plan.notices.append(
            f"“{'、'.join(other)}”列没有当作参训学时（只认“学时”“参训学时”“实际学时”等列名）：如果它是实际参训学时，"
            "请把列名改为“学时”"
        )


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


@dataclass(frozen=True)
class _Read:
    """A person's row as read: its number as Excel shows it, cells, texts and error values in the columns read."""

    number: int
    cells: list[Any]
    texts: list[str]
    errors: Sequence[tuple[int, ExcelError]]


def _person_rows(
    plan: AttendancePlan, rows: list[list[Any]], first: int, error_rows: Collection[int]
) -> list[_Read]:
    """The rows holding a person; the others (blank, 合计, headings, 联系电话：… — as the round's sheets)
    counted in plan.skipped by why."""
    kinds = PersonRows(plan.columns, plan.headers)
    found = []
    for number, cells in enumerate(rows[first:], start=first + 1):
        texts, errors = screen_row(error_rows, number - 1, cells, cell_texts(cells), plan.columns)
        # An error value in a column read is a person to refuse, not a row left blank.
        if kind := kinds.kind(texts, errors):
            plan.skipped[kind] = plan.skipped.get(kind, 0) + 1
            continue
        found.append(_Read(number, cells, texts, errors))
    return found


def _plan_rows(db: Database, plan: AttendancePlan, people: list[_Read]) -> None:
    sign_in = SignInColumns(plan.signs, plan.remarks, plan.signing)
    planner = Planner(db, plan.course, plan.columns, plan.headers, sign_in)
    for read in people:
        plan.rows.append(planner.plan_row(read.number, read.cells, read.texts, plan.has_hours, read.errors))
    for row in plan.rows:
        _remedial_notes(db, plan.course, row)
    _stage_notice(db, plan)
    label = plan.headers[planner.column_of[HOURS]] if plan.has_hours else "学时"
    plan.notices += clock_hours_notice(label, planner.clock_hours)


def _remedial_notes(db: Database, course: Course, row: AttendanceRow) -> None:
    """The 补课 writing the row closes, and those it closed that it no longer covers; checked on a row that
    changes nothing too, since the course may have ended since the list was first brought in."""
    enrolled = row.action == Action.UNCHANGED and row.enrolment_id is not None
    if row.person_id is None or not (row.action in (Action.NEW, Action.UPDATE) or enrolled):
        return
    values = {"hours": row.hours, "result": row.result}
    row.closes = [r.period_label for r in remedial_covered(db, course, row.person_id, values)]
    if row.enrolment_id is not None:
        row.reopens = remedial_reopened(db, course, row.person_id, values)
    if row.remedial_only:
        row.note = f"已在班中，学时和结果与记录相同（{shown(row.hours, row.result, row.absence)}）"


def _stage_notice(db: Database, plan: AttendancePlan) -> None:
    """Who the list puts into 进阶 (全面) without a completed 入门 (进阶): each row noted, and one notice."""
    before = STAGE_BEFORE.get(plan.course.category)
    new = [r for r in plan.rows if r.action == Action.NEW and r.person_id is not None]
    if before is None or not new:
        return
    people = list(dict.fromkeys(r.person_id for r in new))
    done = enrolments.completed_by_person(db, people, plan.course.start_date)  # type: ignore[arg-type]
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


def commit_attendance(db: Database, plan: AttendancePlan, actor: str) -> OpResult:
    """Write what the plan accepts in one transaction (the course first when it is new), settling the 补课 a
    remedial course covers (closed) or no longer covers (reopened) — for a row recorded already too. The caller
    has made a backup."""
    rows = plan.to_write()
    now = utc_now()
    settled: list[Settled] = []
    with db.atomic():
        course = plan.course
        if plan.new_course is not None:
            made = courses.create_course(db, plan.new_course, actor)
            course = courses.get_course(db, made.record_id)  # type: ignore[arg-type]
        for row in rows:
            values = {**({"note": None} if "note" in row.before else {}), **row.values()}
            if row.action == Action.NEW:
                enrolments.add_enrolment(db, course, row.person_id, row.name, actor, now, values)  # type: ignore[arg-type]
            elif row.action == Action.UPDATE:
                _update(db, course, row, values, actor, now)
            settled.append(settle_remedial(db, course, row.person_id, values, actor))  # type: ignore[arg-type]
    said = f"已导入“{course.name}”的参训名单：新增 {plan.count(Action.NEW)} 人，更新 {plan.count(Action.UPDATE)} 人"
    closed, reopened = sum(len(s.closed) for s in settled), sum(len(s.reopened) for s in settled)
    moved = sum(len(s.moved) for s in settled)
    said += f"，完成补课 {closed} 项" if closed else ""
    said += f"，重新打开补课 {reopened} 项" if reopened else ""
    said += f"，{moved} 项补课改为由其他培训班完成" if moved else ""
    changes = OpChanges(training=True, appraisal=any(settled))
    return OpResult(changes, course.id, said, made=len(rows))


def _update(db: Database, course: Course, row: AttendanceRow, values: dict, actor: str, now: str) -> None:
    from app import audit

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
