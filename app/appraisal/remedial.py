"""补课: a person whose total falls below the scheme's line (80 under 加权评价·双达标) must take at least five
working days of remedial training; the requirement stays open until a training covers it.

A requirement is made when the period is finalized (定稿), not while scores are typed: until then the ranking
moves with every keystroke, and a requirement that appeared and vanished with it would be noise on the
reminders page. Reopening a period withdraws its open requirements (the result they came from is no longer
final); one already covered by a training stays, because the training took place. Finalizing again makes a
requirement only for those who have no living one for the period, so doing it twice never makes two.
A requirement a course closed opens again when the attendance that closed it is corrected so that it no longer
covers it (缺勤, fewer hours, 不合格: app/training/attendance_remedial.py), unless another course still covers it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlite_utils import Database

from app import audit
from app.appraisal.periods import Period
from app.appraisal.ranking import RankedRow
from app.appraisal.rules import EXEMPT, REMEDIAL
from app.appraisal.schemes import APPRAISAL_CHANGED
from app.changes import OperationRefused, OpResult, ValidationError
from app.clock import utc_now
from app.dates import DateError, parse_date

MIN_DAYS = 5  # at least one working week (issue 8)
MAX_COURSE = 200


@dataclass(frozen=True)
class Requirement:
    id: int
    uid: str
    person_id: int
    name: str
    id_number: str
    period_id: int
    period_label: str
    total: str
    threshold: str
    min_days: int
    required_on: dt.date
    course: str | None
    course_days: int | None
    closed_on: dt.date | None

    @property
    def about(self) -> str:
        """2024年度考核（加权评价·双达标）总分 76.50，低于 80 分，需补课不少于 5 个工作日."""
        return (
            f"{self.period_label}总分 {self.total}，低于 {self.threshold} 分，"
            f"需补课不少于 {self.min_days} 个工作日"
        )


def needs_remedial(rows: list[RankedRow]) -> list[RankedRow]:
    """Those a ranking marks 补课 (a total below the line); never someone taken out of the appraisal."""
    return [
        r
        for r in rows
        if REMEDIAL in r.result.flags and r.result.grade != EXEMPT and r.result.total is not None
    ]


def require_for_period(
    db: Database, period: Period, rows: list[RankedRow], actor: str, now: str, day: dt.date
) -> int:
    """Inside finalize's transaction: a requirement for each person below the line who has no living one
    for this period yet. Returns how many were made."""
    threshold = period.scheme.remedial_below
    if threshold is None:
        return 0
    having = {
        pid
        for (pid,) in db.execute(
            "SELECT person_id FROM remedial_requirements WHERE period_id = ? AND withdrawn_at IS NULL",
            [period.id],
        )
    }
    entries = []
    for row in needs_remedial(rows):
        person_id = row.member.person_id
        if person_id in having:
            continue
        values = {
            "person_id": person_id, "period_id": period.id, "total": f"{row.result.total:.2f}",
            "threshold": _number(threshold), "min_days": MIN_DAYS, "required_on": day.isoformat(),
        }  # fmt: skip
        uid = str(uuid.uuid4())
        cursor = db.execute(
            f"INSERT INTO remedial_requirements ({', '.join(values)}, uid, created_at, updated_at)"
            f" VALUES ({', '.join('?' * len(values))}, ?, ?, ?)",
            [*values.values(), uid, now, now],
        )
        entries.append((now, actor, "create", "remedial", cursor.lastrowid, uid,
                        f"{row.member.name} {period.label} 补课", None, values))  # fmt: skip
    audit.record_many(db, entries)
    return len(entries)


def _number(value) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def withdraw_for_period(db: Database, period: Period, reason: str, actor: str, now: str) -> int:
    """Inside reopen's transaction: the period's open requirements are withdrawn with the reopening's reason;
    those a training already covered stay. Returns how many were withdrawn."""
    rows = db.execute(
        "SELECT r.id, r.uid, p.name FROM remedial_requirements r JOIN people p ON p.id = r.person_id"
        " WHERE r.period_id = ? AND r.withdrawn_at IS NULL AND r.closed_on IS NULL",
        [period.id],
    ).fetchall()
    db.conn.executemany(
        "UPDATE remedial_requirements SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ?,"
        " updated_at = ? WHERE id = ?",
        [(now, actor, reason, now, r[0]) for r in rows],
    )
    audit.record_many(
        db,
        [(now, actor, "withdraw", "remedial", r[0], r[1], f"{r[2]} {period.label} 补课", {"withdrawn_at": None},
          {"withdrawn_at": now, "withdrawn_reason": reason}) for r in rows],
    )  # fmt: skip
    return len(rows)


_SELECT = (
    "SELECT r.id, r.uid, r.person_id, p.name, p.id_number, r.period_id,"
    " (SELECT ap.year || CASE WHEN ap.quarter IS NULL THEN '年度' ELSE '年第' || ap.quarter || '季度' END"
    "  || '考核（' || s.name || '）' FROM appraisal_periods ap JOIN appraisal_schemes s ON s.id = ap.scheme_id"
    "  WHERE ap.id = r.period_id),"
    " r.total, r.threshold, r.min_days, r.required_on, r.course, r.course_days, r.closed_on"
    " FROM remedial_requirements r JOIN people p ON p.id = r.person_id"
    " WHERE r.withdrawn_at IS NULL AND p.deleted_at IS NULL"
)


def _requirement(row: tuple) -> Requirement:
    closed = dt.date.fromisoformat(row[13]) if row[13] else None
    return Requirement(*row[:10], dt.date.fromisoformat(row[10]), row[11], row[12], closed)


def list_requirements(
    db: Database, *, person_id: int | None = None, open_only: bool = False, day: dt.date | None = None
) -> list[Requirement]:
    """Living requirements, oldest first. `open_only`: not covered yet — as of `day` when given (made on or
    before it, and not closed by then)."""
    sql, params = _SELECT, []
    if person_id is not None:
        sql += " AND r.person_id = ?"
        params.append(person_id)
    if day is not None:
        sql += " AND r.required_on <= ?"
        params.append(day.isoformat())
    if open_only:
        sql += " AND (r.closed_on IS NULL" + (" OR r.closed_on > ?)" if day is not None else ")")
        if day is not None:
            params.append(day.isoformat())
    rows = db.execute(sql + " ORDER BY r.required_on, p.name_order, r.id", params).fetchall()
    return [_requirement(row) for row in rows]


def close_requirement(
    db: Database,
    requirement_id: int,
    *,
    course: str,
    days: int,
    on: str | dt.date,
    actor: str,
    course_id: int | None = None,
) -> OpResult:
    """The training that covers a requirement: what it was (the training record's id when there is one),
    how many working days, and when it ended. Refused when it is shorter than the requirement asks or ended
    before the requirement was made (training taken before the result was known is not remedial)."""
    found = [r for r in list_requirements(db) if r.id == requirement_id]
    if not found:
        raise OperationRefused("该补课要求不存在或已撤销")
    req = found[0]
    if req.closed_on is not None:
        raise OperationRefused(f"“{req.name}”的这项补课已于 {req.closed_on} 完成（{req.course}）")
    course = " ".join((course or "").split())
    errors: dict[str, str] = {}
    if not course:
        errors["course"] = "请填写补课所参加的培训"
    elif len(course) > MAX_COURSE:
        errors["course"] = f"培训名称过长（{len(course)}个字），请控制在{MAX_COURSE}个字以内"
    if days < req.min_days:
        errors["days"] = f"培训 {days} 个工作日，少于补课要求的 {req.min_days} 个工作日，不能完成补课"
    try:
        ended = parse_date(on, field="完成日期")
    except DateError as exc:
        errors["on"] = str(exc)
        ended = None
    if ended is None and "on" not in errors:
        errors["on"] = "完成日期不能为空"
    elif ended is not None and ended < req.required_on:
        errors["on"] = f"完成日期 {ended} 早于补课要求的日期 {req.required_on}，这次培训不能算作补课"
    if errors:
        raise ValidationError(errors)
    assert ended is not None
    now = utc_now()
    after = {"course": course, "course_days": days, "closed_on": ended.isoformat()}
    with db.atomic():
        db.execute(
            "UPDATE remedial_requirements SET course_id = ?, course = ?, course_days = ?, closed_on = ?,"
            " closed_by = ?, updated_at = ? WHERE id = ?",
            [course_id, course, days, ended.isoformat(), actor, now, requirement_id],
        )
        audit.record(
            db, actor=actor, action="close", entity="remedial", label=f"{req.name} {req.period_label} 补课",
            record_id=requirement_id, record_uid=req.uid, before={"closed_on": None}, after=after,
        )  # fmt: skip
    return OpResult(
        APPRAISAL_CHANGED, requirement_id, f"“{req.name}”的补课已完成（{course}，{days} 个工作日）"
    )


def reopen_requirement(db: Database, requirement_id: int, *, actor: str) -> OpResult:
    """A closed requirement open again, because the attendance that closed it no longer covers it (corrected
    to 缺勤, fewer hours, 不合格): audited as the change of what closed it, so the history says which course it was."""
    found = [r for r in list_requirements(db) if r.id == requirement_id]
    if not found or found[0].closed_on is None:
        raise OperationRefused("该补课要求不存在、已撤销或尚未完成")
    req = found[0]
    before = {"course": req.course, "course_days": req.course_days, "closed_on": req.closed_on.isoformat()}
    now = utc_now()
    with db.atomic():
        db.execute(
            "UPDATE remedial_requirements SET course_id = NULL, course = NULL, course_days = NULL,"
            " closed_on = NULL, closed_by = NULL, updated_at = ? WHERE id = ?",
            [now, requirement_id],
        )
        audit.record(
            db, actor=actor, action="update", entity="remedial", label=f"{req.name} {req.period_label} 补课",
            record_id=requirement_id, record_uid=req.uid, before=before, after=dict.fromkeys(before),
        )  # fmt: skip
    return OpResult(APPRAISAL_CHANGED, requirement_id, f"“{req.name}”的补课已重新打开（{req.period_label}）")
