"""Courses (培训班): create, edit and bin a course (its enrolments go to the bin and come back with it). Who
attends, their hours, results and certificates, and the 补课 a course closes are enrolments.py.

Course names are unique among living courses: the command line and the attendance import find a course by it."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from app import audit
from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.clock import utc_now
from app.dates import DateError, parse_date
from app.training import rules
from app.training.rules import CATEGORIES, HoursError, hours_text

TRAINING_CHANGED = OpChanges(training=True)
MAX_NAME, MAX_SHORT, MAX_NOTE = 100, 100, 2000
CERTIFICATE_FORMAT = "培训〔{year}〕第{number:03d}号"
_COLUMNS = "id, uid, name, category, start_date, end_date, hours, place, organiser, capacity, note"


@dataclass(frozen=True)
class Course:
    id: int
    uid: str
    name: str
    category: str
    start_date: dt.date
    end_date: dt.date
    hours: Decimal
    place: str | None
    organiser: str | None
    capacity: int | None
    note: str | None

    @property
    def label(self) -> str:
        return f"{self.name}（{self.start_date.isoformat()}）"

    @property
    def working_days(self) -> int:
        return rules.working_days(self.start_date, self.end_date)


def _course(row: tuple) -> Course:
    return Course(
        *row[:4], dt.date.fromisoformat(row[4]), dt.date.fromisoformat(row[5]), Decimal(row[6]), *row[7:]
    )


def get_course(db: Database, course_id: int) -> Course:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM courses WHERE id = ? AND deleted_at IS NULL", [course_id]
    ).fetchone()
    if row is None:
        raise OperationRefused("该培训班不存在或已移入回收站")
    return _course(row)


def find_course(db: Database, name: str) -> Course | None:
    """The living course of that name (spaces aside), or None."""
    wanted = " ".join(name.split())
    row = db.execute(
        f"SELECT {_COLUMNS} FROM courses WHERE name = ? AND deleted_at IS NULL", [wanted]
    ).fetchone()
    return _course(row) if row else None


def list_courses(db: Database, year: int | None = None) -> list[Course]:
    """Living courses, newest first; of one year (by their end date) when given."""
    sql, params = f"SELECT {_COLUMNS} FROM courses WHERE deleted_at IS NULL", []
    if year is not None:
        sql += " AND substr(end_date, 1, 4) = ?"
        params.append(str(year))
    return [_course(r) for r in db.execute(sql + " ORDER BY start_date DESC, id DESC", params)]


# --- the course itself ---------------------------------------------------------------------------------


def _text(errors: dict[str, str], values: dict, key: str, label: str, limit: int) -> str | None:
    text = " ".join(str(values.get(key) or "").split())
    if len(text) > limit:
        errors[key] = f"{label}过长（{len(text)}个字），请控制在{limit}个字以内"
    return text or None


def _date(errors: dict[str, str], values: dict, key: str, label: str) -> dt.date | None:
    try:
        found = parse_date(values.get(key), field=label, allow_future=True)
    except DateError as exc:
        errors[key] = str(exc)
        return None
    if found is None:
        errors[key] = f"{label}不能为空"
    return found


def _capacity(errors: dict[str, str], raw: Any) -> int | None:
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 10000:
        errors["capacity"] = f"人数上限“{text[:20]}”应是 1–10000 的整数，不限人数请留空"
        return None
    return int(text)


def checked_course(values: dict[str, Any]) -> dict[str, Any]:
    """The course's columns as stored; every problem named at once (ValidationError)."""
    errors: dict[str, str] = {}
    name = _text(errors, values, "name", "培训班名称", MAX_NAME)
    if not name and "name" not in errors:
        errors["name"] = "培训班名称不能为空"
    category = " ".join(str(values.get("category") or "").split())
    if category not in CATEGORIES:
        said = "不能为空" if not category else f"“{category[:20]}”不是培训类别"
        errors["category"] = f"类别{said}，可选：{'、'.join(CATEGORIES)}"
    start = _date(errors, values, "start_date", "开始日期")
    end = _date(errors, values, "end_date", "结束日期")
    if start and end and end < start:
        errors["end_date"] = f"结束日期 {end} 早于开始日期 {start}"
    try:
        hours = rules.parse_hours(values.get("hours"), field="学时")
        if not hours:
            errors["hours"] = "学时不能为空或为 0，请填写培训班的总学时（如 8 或 4.5）"
    except HoursError as exc:
        errors["hours"] = str(exc)
        hours = None
    clean = {
        "name": name, "category": category, "start_date": start.isoformat() if start else None,
        "end_date": end.isoformat() if end else None, "hours": hours_text(hours),
        "place": _text(errors, values, "place", "地点", MAX_SHORT),
        "organiser": _text(errors, values, "organiser", "主办单位", MAX_SHORT),
        "capacity": _capacity(errors, values.get("capacity")),
        "note": _text(errors, values, "note", "备注", MAX_NOTE),
    }  # fmt: skip
    if errors:
        raise ValidationError(errors)
    return clean


def _name_taken(db: Database, name: str, course_id: int | None) -> None:
    row = db.execute(
        "SELECT start_date FROM courses WHERE name = ? AND deleted_at IS NULL AND id IS NOT ?",
        [name, course_id],
    ).fetchone()
    if row:
        raise ValidationError(
            {"name": f"已有名为“{name}”的培训班（{row[0]} 开班），请换一个名称（如加上期数）"}
        )


def create_course(db: Database, values: dict[str, Any], actor: str) -> OpResult:
    clean = checked_course(values)
    _name_taken(db, clean["name"], None)
    now = utc_now()
    with db.atomic():
        course_id, uid = insert_row(db, "courses", clean, now)
        audit.record(
            db, actor=actor, action="create", entity="course", label=f"{clean['name']}（{clean['start_date']}）",
            record_id=course_id, record_uid=uid, after={k: v for k, v in clean.items() if v is not None},
        )  # fmt: skip
    return OpResult(TRAINING_CHANGED, course_id, f"已新建培训班“{clean['name']}”")


def edit_course(db: Database, course_id: int, values: dict[str, Any], actor: str) -> OpResult:
    """Refused when the new hours are below hours already recorded for someone (they would not fit)."""
    course = get_course(db, course_id)
    clean = checked_course(values)
    _name_taken(db, clean["name"], course_id)
    most = _most_hours(db, course_id)
    if most is not None and most > Decimal(clean["hours"]):
        raise ValidationError(
            {"hours": f"已有人记录了 {hours_text(most)} 学时，培训班学时不能少于它（{clean['hours']}）"}
        )
    row = db.execute(f"SELECT {_COLUMNS} FROM courses WHERE id = ?", [course_id]).fetchone()
    stored = dict(zip(_COLUMNS.split(", ")[2:], row[2:], strict=True))
    before, after = audit.changed_fields(stored, clean)
    if not after:
        return OpResult(OpChanges(audit=False), course_id, "培训班没有修改")
    now = utc_now()
    with db.atomic():
        sets = ", ".join(f"{k} = ?" for k in after)
        db.execute(
            f"UPDATE courses SET {sets}, updated_at = ? WHERE id = ?", [*after.values(), now, course_id]
        )
        audit.record(
            db, actor=actor, action="update", entity="course", label=course.label, record_id=course_id,
            record_uid=course.uid, before=before, after=after,
        )  # fmt: skip
    return OpResult(TRAINING_CHANGED, course_id, f"已保存培训班“{clean['name']}”")


def _most_hours(db: Database, course_id: int) -> Decimal | None:
    hours = [
        Decimal(h)
        for (h,) in db.execute(
            "SELECT hours FROM enrolments WHERE course_id = ? AND deleted_at IS NULL AND hours IS NOT NULL",
            [course_id],
        )
    ]
    return max(hours) if hours else None


def delete_course(db: Database, course_id: int, actor: str) -> OpResult:
    """The course and its enrolments (its companions) go to the recycle bin together and come back together."""
    from app.recycle import to_bin

    get_course(db, course_id)  # a course that does not exist is said as such
    return to_bin(db, "course", course_id, actor, TRAINING_CHANGED)


def insert_row(db: Database, table: str, values: dict, now: str) -> tuple[int, str]:
    uid = str(uuid.uuid4())
    row = {"uid": uid, **values, "created_at": now, "updated_at": now}
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )
    return cursor.lastrowid, uid  # type: ignore[return-value]


# --- enrolment -----------------------------------------------------------------------------------------
