"""Enrolments (参训): who is in a course, the stage order and capacity checks, attendance (hours and result),
completion-certificate numbers and the points it credits. The course itself is courses.py; what attendance at
a 补课 course does to the remedial requirements is attendance_remedial.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from app import audit, clock
from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.clock import utc_now
from app.training import rules
from app.training.attendance_cells import ABSENT
from app.training.attendance_remedial import settle_remedial
from app.training.courses import (
    CERTIFICATE_FORMAT,
    MAX_NAME,
    TRAINING_CHANGED,
    Course,
    get_course,
    insert_row,
)
from app.training.rules import HoursError, ResultError, hours_text


def completed_categories(db: Database, person_id: int, before: dt.date | None = None) -> set[str]:
    """The categories of the courses the person has passed (that ended by `before`: a stage is completed
    before the next begins, and a 2026 入门 does not open a 2025 进阶)."""
    return completed_by_person(db, [person_id], before)[person_id]


def completed_by_person(
    db: Database, person_ids: list[int], before: dt.date | None = None
) -> dict[int, set[str]]:
    """completed_categories of many people at once (an attendance list of hundreds asks for all of them)."""
    done: dict[int, set[str]] = {pid: set() for pid in person_ids}
    by = "" if before is None else " AND c.end_date <= ?"
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for pid, category, result in db.execute(
            "SELECT e.person_id, c.category, e.result FROM enrolments e JOIN courses c ON c.id = e.course_id"
            f" WHERE e.person_id IN ({marks}) AND e.deleted_at IS NULL AND c.deleted_at IS NULL{by}",
            [*chunk, *([] if before is None else [before.isoformat()])],
        ):
            if rules.passed(result):
                done[pid].add(category)
    return done


def enrolment_warnings(db: Database, course_id: int, person_ids: list[int]) -> list[str]:
    """What the clerk must confirm before enrolling these people: a stage not completed, a full course."""
    course = get_course(db, course_id)
    names = _people(db, person_ids)
    enrolled = _enrolled(db, course_id)
    status = _statuses(db, person_ids)
    warnings = []
    for pid in dict.fromkeys(p for p in person_ids if p not in enrolled):
        if status[pid] and status[pid] not in rules.AT_WORK:
            warnings.append(f"{names[pid]}：人员状态为“{status[pid]}”，不在岗")
        done = completed_categories(db, pid, course.start_date)
        if (missing := rules.missing_stage(course.category, done)) is not None:
            warnings.append(f"{names[pid]}：{missing}")
    if course.capacity is not None:
        total = len(enrolled | set(person_ids))
        if total > course.capacity:
            warnings.append(f"报名后共 {total} 人，超过培训班人数上限 {course.capacity} 人")
    return warnings


def _people(db: Database, person_ids: list[int]) -> dict[int, str]:
    marks = ", ".join("?" for _ in person_ids)
    found = dict(
        db.execute(
            f"SELECT id, name FROM people WHERE id IN ({marks}) AND deleted_at IS NULL", list(person_ids)
        ).fetchall()
    )
    if len(found) != len(set(person_ids)):
        raise OperationRefused("所选人员中有人不在花名册中（可能已移入回收站），请重新选择")
    return found


def _statuses(db: Database, person_ids: list[int]) -> dict[int, str]:
    marks = ", ".join("?" for _ in person_ids)
    return dict(
        db.execute(f"SELECT id, status FROM people WHERE id IN ({marks})", list(person_ids)).fetchall()
    )


def _enrolled(db: Database, course_id: int) -> set[int]:
    return {
        pid
        for (pid,) in db.execute(
            "SELECT person_id FROM enrolments WHERE course_id = ? AND deleted_at IS NULL", [course_id]
        )
    }


def enrol(
    db: Database, course_id: int, person_ids: list[int], actor: str, *, confirmed: bool = False
) -> OpResult:
    """Enrol the people not yet in the course. Refused, with what is missing, while there are warnings the
    caller has not confirmed (enrolment_warnings)."""
    if not person_ids:
        raise OperationRefused("请先选择要报名的人员")
    course = get_course(db, course_id)
    warnings = enrolment_warnings(db, course_id, person_ids)
    if warnings and not confirmed:
        raise OperationRefused("报名前请确认：" + "；".join(warnings))
    names = _people(db, person_ids)
    enrolled = _enrolled(db, course_id)
    new = [pid for pid in dict.fromkeys(person_ids) if pid not in enrolled]
    with db.atomic():
        for pid in new:
            add_enrolment(db, course, pid, names[pid], actor, utc_now())
    said = f"已为“{course.name}”报名 {len(new)} 人"
    if skipped := len(set(person_ids)) - len(new):
        said += f"（{skipped} 人已在班中）"
    return OpResult(TRAINING_CHANGED if new else OpChanges(audit=False), course_id, said, made=new)


def add_enrolment(
    db: Database, course: Course, person_id: int, name: str, actor: str, now: str, values: dict | None = None
) -> int:
    """Inside the caller's transaction: one enrolment (with its hours and result when given), audited."""
    row = {"course_id": course.id, "person_id": person_id, **(values or {})}
    enrolment_id, uid = insert_row(db, "enrolments", row, now)
    audit.record(
        db, actor=actor, action="create", entity="enrolment", label=f"{name} {course.name}",
        record_id=enrolment_id, record_uid=uid,
        after={"course_id": course.name, "person_id": name, **{k: v for k, v in (values or {}).items() if v}},
    )  # fmt: skip
    return enrolment_id


def remove_enrolment(db: Database, enrolment_id: int, actor: str) -> OpResult:
    """One person out of a course, to the recycle bin (a 补课 it closed stays closed: the training took place)."""
    row = _enrolment(db, enrolment_id)
    now = utc_now()
    with db.atomic():
        db.execute(
            "UPDATE enrolments SET deleted_at = ?, deleted_by = ?, updated_at = ? WHERE id = ?",
            [now, actor, now, enrolment_id],
        )
        audit.record(
            db, actor=actor, action="delete", entity="enrolment", label=f"{row['name']} {row['course'].name}",
            record_id=enrolment_id, record_uid=row["uid"],
        )  # fmt: skip
    return OpResult(
        OpChanges(training=True, recycle_bin=True),
        enrolment_id,
        f"已将{row['name']}移出“{row['course'].name}”",
    )


def _enrolment(db: Database, enrolment_id: int) -> dict[str, Any]:
    row = db.execute(
        "SELECT e.uid, e.course_id, e.person_id, p.name, e.hours, e.result, e.note FROM enrolments e"
        " JOIN people p ON p.id = e.person_id WHERE e.id = ? AND e.deleted_at IS NULL",
        [enrolment_id],
    ).fetchone()
    if row is None:
        raise OperationRefused("该参训记录不存在或已移入回收站")
    return {"uid": row[0], "course": get_course(db, row[1]), "person_id": row[2], "name": row[3],
            "hours": row[4], "result": row[5], "note": row[6]}  # fmt: skip


# --- attendance ----------------------------------------------------------------------------------------


def checked_attendance(course: Course, hours: Any, result: Any) -> dict[str, str | None]:
    """Hours (to 0.5, not above the course's) and result, as stored; ValidationError naming each problem."""
    errors: dict[str, str] = {}
    clean: dict[str, str | None] = {}
    try:
        clean["hours"] = hours_text(rules.parse_hours(hours, field="参训学时", limit=course.hours)) or None
    except HoursError as exc:
        errors["hours"] = str(exc)
    try:
        clean["result"] = rules.parse_result(result)
    except ResultError as exc:
        errors["result"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return clean


def record_attendance(db: Database, enrolment_id: int, hours: Any, result: Any, actor: str) -> OpResult:
    """A person's attended hours and result; on a 补课 course, the remedial requirements it covers close and
    one it closed that it no longer covers opens again (attendance_remedial). Saved unchanged, the 补课 are
    still settled: a list recorded before the course ended closes them once it has."""
    row = _enrolment(db, enrolment_id)
    course: Course = row["course"]
    clean = checked_attendance(course, hours, result)
    old = {"hours": row["hours"], "result": row["result"], "note": row["note"]}
    # hours recorded over an absence (缺勤 from an attendance list) mean the person did attend after all
    attended = clean["hours"] is not None and Decimal(clean["hours"]) > 0
    written = clean | {"note": None if attended and row["note"] in ABSENT else row["note"]}
    before, after = audit.changed_fields(old, written)
    with db.atomic():
        if after:
            _write_attendance(db, enrolment_id, row, written, before, after, actor)
        settled = settle_remedial(db, course, row["person_id"], clean, actor)
    if not after and not settled:
        return OpResult(OpChanges(audit=False), enrolment_id, "参训记录没有修改")
    said = f"已记录{row['name']}在“{course.name}”的参训情况" if after else "参训记录没有修改"
    said += f"；{settled.said()}" if settled else ""
    return OpResult(OpChanges(training=True, appraisal=bool(settled)), enrolment_id, said)


def _write_attendance(
    db: Database, enrolment_id: int, row: dict[str, Any], written: dict, before: dict, after: dict, actor: str
) -> None:
    db.execute(
        "UPDATE enrolments SET hours = ?, result = ?, note = ?, updated_at = ? WHERE id = ?",
        [written["hours"], written["result"], written["note"], utc_now(), enrolment_id],
    )
    audit.record(
        db, actor=actor, action="update", entity="enrolment", label=f"{row['name']} {row['course'].name}",
        record_id=enrolment_id, record_uid=row["uid"], before=before, after=after,
    )  # fmt: skip


# --- certificates --------------------------------------------------------------------------------------


def assign_certificates(
    db: Database, course_id: int, actor: str, enrolment_ids: list[int] | None = None
) -> OpResult:
    """Numbers from the year's sequence (the course's end year, only going up, never reused) for those who
    passed and have none yet; of the enrolments given, or of everyone in the course."""
    course = get_course(db, course_id)
    rows = db.execute(
        "SELECT e.id, e.uid, p.name, e.result, e.certificate_no FROM enrolments e JOIN people p ON p.id = e.person_id"
        " WHERE e.course_id = ? AND e.deleted_at IS NULL ORDER BY p.name_order, e.id",
        [course_id],
    ).fetchall()
    if enrolment_ids is not None:
        rows = [r for r in rows if r[0] in set(enrolment_ids)]
        failing = [r[2] for r in rows if not rules.passed(r[3])]
        if failing:
            raise OperationRefused(f"{'、'.join(failing)}未取得合格结果，不能发放结业证书")
    todo = [r for r in rows if rules.passed(r[3]) and not r[4]]
    if not todo:
        return OpResult(OpChanges(audit=False), course_id, "没有需要编号的结业证书（须结果合格且尚未编号）")
    year = course.end_date.year
    now = utc_now()
    with db.atomic():
        for (eid, uid, name, _result, _no), number in zip(
            todo, _next_serials(db, year, len(todo)), strict=True
        ):
            text = CERTIFICATE_FORMAT.format(year=year, number=number)
            db.execute(
                "UPDATE enrolments SET certificate_year = ?, certificate_serial = ?, certificate_no = ?,"
                " updated_at = ? WHERE id = ?",
                [year, number, text, now, eid],
            )
            audit.record(
                db, actor=actor, action="update", entity="enrolment", label=f"{name} {course.name}",
                record_id=eid, record_uid=uid, before={"certificate_no": None}, after={"certificate_no": text},
            )  # fmt: skip
    return OpResult(
        TRAINING_CHANGED, course_id, f"已为 {len(todo)} 人编号结业证书", made=[r[0] for r in todo]
    )


def _next_serials(db: Database, year: int, count: int) -> range:
    row = db.execute("SELECT last_number FROM course_certificate_serials WHERE year = ?", [year]).fetchone()
    last = row[0] if row else 0
    db.execute(
        "INSERT INTO course_certificate_serials (year, last_number) VALUES (?, ?)"
        " ON CONFLICT(year) DO UPDATE SET last_number = excluded.last_number",
        [year, last + count],
    )
    return range(last + 1, last + count + 1)


# --- the young cadres' points ledger -------------------------------------------------------------------


def waiting_cadres(db: Database, course_id: int) -> list[str]:
    """The names credit_points would credit now: young cadres of the course who attended and are not yet in
    the points ledger (people in the recycle bin are not)."""
    return [row[3] for row in _uncredited(db, course_id)]


def _uncredited(db: Database, course_id: int) -> list[tuple]:
    from app.appraisal.points import CADRE

    rows = db.execute(
        "SELECT e.id, e.uid, e.person_id, p.name, e.hours FROM enrolments e JOIN people p ON p.id = e.person_id"
        " WHERE e.course_id = ? AND e.deleted_at IS NULL AND p.deleted_at IS NULL AND p.role = ?"
        " AND e.points_entry_id IS NULL ORDER BY p.name_order, e.id",
        [course_id, CADRE],
    ).fetchall()
    return [r for r in rows if r[4] and Decimal(r[4]) > 0]


def credit_points(db: Database, course_id: int, actor: str) -> OpResult:
    """+5 (参加学习、培训或活动) in the points ledger for every young cadre who attended the course (hours
    above 0), dated the course's last day, in one step; never twice for the same course (the enrolment keeps
    the entry it made)."""
    from app.appraisal.points import PointsInput, add_points

    course = get_course(db, course_id)
    if course.end_date > clock.today():
        raise OperationRefused(f"“{course.name}”{course.end_date} 才结束，结束后再记积分")
    todo = _uncredited(db, course_id)
    if not todo:
        return OpResult(OpChanges(audit=False), course_id, _nothing_to_credit(db, course_id))
    activity = f"参加{course.name[: MAX_NAME - 2]}"[:100]
    day = course.end_date.isoformat()
    now = utc_now()
    with db.atomic():
        done = add_points(db, PointsInput([r[2] for r in todo], day, "study", activity), actor)
        entries = dict(
            db.execute(
                "SELECT person_id, max(id) FROM points_entries WHERE deleted_at IS NULL AND rule = 'study'"
                " AND date = ? AND activity = ? GROUP BY person_id",
                [day, activity],
            ).fetchall()
        )
        for eid, uid, pid, name, _hours in todo:
            db.execute(
                "UPDATE enrolments SET points_entry_id = ?, updated_at = ? WHERE id = ?",
                [entries[pid], now, eid],
            )
            audit.record(
                db, actor=actor, action="update", entity="enrolment", label=f"{name} {course.name}", record_id=eid,
                record_uid=uid, before={"points_entry_id": None}, after={"points_entry_id": entries[pid]},
            )  # fmt: skip
    return OpResult(OpChanges(training=True, appraisal=True), course_id, done.message, made=done.made)


def _nothing_to_credit(db: Database, course_id: int) -> str:
    """Why a second 计入积分 wrote nothing: who was credited already (the clerk pressed it before)."""
    names = [
        name
        for (name,) in db.execute(
            "SELECT p.name FROM enrolments e JOIN people p ON p.id = e.person_id WHERE e.course_id = ?"
            " AND e.deleted_at IS NULL AND e.points_entry_id IS NOT NULL ORDER BY p.name_order, e.id",
            [course_id],
        )
    ]
    if not names:
        return "没有需要记积分的青年干部（须已记录参训学时）"
    who = "、".join(names) if len(names) <= 5 else f"{'、'.join(names[:5])}等 {len(names)} 人"
    return f"{who}已计入过积分，不再重复记；没有其他需要记积分的青年干部（须已记录参训学时）"
