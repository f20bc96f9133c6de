"""What one person's attendance at a 补课 course does to their remedial requirements (补课要求, made by
app/appraisal/remedial.py): the open ones it covers close, and one it closed that it no longer covers (corrected
to 缺勤, fewer hours, 不合格) opens again — unless another 补课 course the person attended still covers it, which
then becomes the course that closed it. The rule itself is rules.covered (pure); this module reads the
database for it and writes, inside the caller's transaction, for both the window's 记录学时与结果 and the
attendance import.

Taking someone out of a course (移出, to the recycle bin) leaves a 补课 it closed closed: the training took
place; so only recorded attendance reopens one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from app import clock
from app.training import rules
from app.training.courses import Course, get_course


@dataclass(frozen=True)
class Reopened:
    """A requirement this course closed that the attendance no longer covers; `instead`: another course whose
    attendance still covers it (it stays closed, by that course), or None (it opens again)."""

    requirement: Any  # app.appraisal.remedial.Requirement
    instead: Course | None


def reopened_said(reopened: list[Reopened]) -> list[str]:
    """The dry run's words: '将重新打开补课：2024年度考核（…）；2026年度考核（…）', and for each that another
    course takes over, '将改为由“…”完成补课：…'."""
    periods = [gone.requirement.period_label for gone in reopened if gone.instead is None]
    said = [f"将重新打开补课：{'；'.join(periods)}"] if periods else []
    return said + [
        f"将改为由“{gone.instead.name}”完成补课：{gone.requirement.period_label}"
        for gone in reopened
        if gone.instead is not None
    ]


def _course(course: Course) -> rules.RemedialCourse:
    return rules.RemedialCourse(course.start_date, course.end_date, course.hours)


def _attended(attendance: dict[str, Any]) -> tuple[Decimal | None, str | None]:
    hours = attendance.get("hours")
    return (Decimal(hours) if hours not in (None, "") else None), attendance.get("result")


def _covers(course: Course, requirement: Any, attendance: dict[str, Any]) -> bool:
    if course.category != rules.REMEDIAL:  # a course no longer 补课 (its category edited) covers nothing
        return False
    wanted = [rules.OpenRemedial(requirement.id, requirement.min_days, requirement.required_on)]
    return bool(rules.covered(wanted, _course(course), *_attended(attendance), clock.today()))


def hours_needed(course: Course, requirement: Any) -> Decimal | None:
    """The fewest hours at `course` that cover the requirement's working days (None: the course is too short)."""
    return rules.hours_needed(_course(course), requirement.min_days)


def remedial_covered(db: Database, course: Course, person_id: int, attendance: dict[str, Any]) -> list:
    """The person's open 补课 requirements (app.appraisal.remedial.Requirement) this attendance covers
    (rules.covered: the course has ended, the hours cover the required days pro rata, no failing result)."""
    from app.appraisal.remedial import list_requirements

    if course.category != rules.REMEDIAL:
        return []
    return [
        r
        for r in list_requirements(db, person_id=person_id, open_only=True)
        if _covers(course, r, attendance)
    ]


def remedial_reopened(
    db: Database, course: Course, person_id: int, attendance: dict[str, Any]
) -> list[Reopened]:
    """The requirements this course closed for the person that `attendance` (the enrolment as it will be) no
    longer covers, each with the other course that still covers it, if any."""
    return [
        Reopened(r, _covered_elsewhere(db, course, person_id, r))
        for r in closed_by(db, course, person_id)
        if not _covers(course, r, attendance)
    ]


def closed_by(db: Database, course: Course, person_id: int) -> list:
    """The person's requirements (app.appraisal.remedial.Requirement) this course closed."""
    from app.appraisal.remedial import list_requirements

    here = {
        rid
        for (rid,) in db.execute(
            "SELECT id FROM remedial_requirements WHERE person_id = ? AND course_id = ? AND closed_on IS NOT NULL"
            " AND withdrawn_at IS NULL",
            [person_id, course.id],
        )
    }
    return [r for r in list_requirements(db, person_id=person_id) if r.id in here] if here else []


def _covered_elsewhere(db: Database, course: Course, person_id: int, requirement: Any) -> Course | None:
    """The first-ending other 补课 course whose recorded attendance covers the requirement."""
    rows = db.execute(
        "SELECT c.id, e.hours, e.result FROM enrolments e JOIN courses c ON c.id = e.course_id"
        " WHERE e.person_id = ? AND e.deleted_at IS NULL AND c.deleted_at IS NULL AND c.category = ?"
        " AND c.id != ? ORDER BY c.end_date, c.id",
        [person_id, rules.REMEDIAL, course.id],
    ).fetchall()
    for course_id, hours, result in rows:
        other = get_course(db, course_id)
        if _covers(other, requirement, {"hours": hours, "result": result}):
            return other
    return None


@dataclass(frozen=True)
class Settled:
    """What recording an attendance did to the person's 补课: messages of those closed, reopened, and passed
    to another course that covers them (closed still)."""

    closed: list[str]
    reopened: list[str]
    moved: list[str]

    def __bool__(self) -> bool:
        return bool(self.closed or self.reopened or self.moved)

    def said(self) -> str:
        return "；".join([*self.reopened, *self.moved, *self.closed])


def settle_remedial(
    db: Database, course: Course, person_id: int, attendance: dict[str, Any], actor: str
) -> Settled:
    """Inside the caller's transaction, once the enrolment holds `attendance`: the requirements this course
    closed that it no longer covers reopen (or pass to the course that still covers them), then the open ones
    it covers close. Each change audited."""
    from app.appraisal.remedial import reopen_requirement

    reopened, moved = [], []
    for gone in remedial_reopened(db, course, person_id, attendance):
        req, other = gone.requirement, gone.instead
        reopen_requirement(db, req.id, actor=actor)
        why = f"“{course.name}”的参训已不够补课要求"
        if other is None:
            reopened.append(f"“{req.name}”的补课已重新打开（{req.period_label}）：{why}")
        else:  # the course that covers it closes it: the record says the training that did
            _close(db, other, req.id, actor)
            moved.append(f"“{req.name}”的补课改为由“{other.name}”完成（{req.period_label}）：{why}")
    closed = [
        _close(db, course, req.id, actor).message
        for req in remedial_covered(db, course, person_id, attendance)
    ]
    return Settled(closed, reopened, moved)


def _close(db: Database, course: Course, requirement_id: int, actor: str):
    from app.appraisal.remedial import close_requirement

    return close_requirement(
        db, requirement_id, course=course.name, days=course.working_days, on=course.end_date, actor=actor,
        course_id=course.id,
    )  # fmt: skip
