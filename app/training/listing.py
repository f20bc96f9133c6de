"""What the 培训 page needs beyond the services: who is enrolled in a course (names, hours, result,
certificate), the years with courses, and the attendance import's backup-then-commit for the window."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from app.people.fields import role_label


@dataclass(frozen=True)
class EnrolmentRow:
    id: int
    person_id: int
    name: str
    id_number: str
    role: str  # shown as its label
    unit: str
    hours: str | None
    result: str | None
    certificate_no: str | None
    points_credited: bool
    note: str | None = None  # 缺勤, 请假 … from an attendance list: why the hours are 0


def course_enrolments(db: Database, course_id: int) -> list[EnrolmentRow]:
    """The living enrolments of a course in the roster's name order."""
    rows = db.execute(
        "SELECT e.id, p.id, p.name, p.id_number, p.role, coalesce(u.name, ''), e.hours, e.result,"
        " e.certificate_no, e.points_entry_id IS NOT NULL, e.note"
        " FROM enrolments e JOIN people p ON p.id = e.person_id LEFT JOIN org_units u ON u.id = p.unit_id"
        " WHERE e.course_id = ? AND e.deleted_at IS NULL ORDER BY p.name_order, e.id",
        [course_id],
    ).fetchall()
    return [
        EnrolmentRow(r[0], r[1], r[2], r[3], role_label(r[4]), r[5], r[6], r[7], r[8], bool(r[9]), r[10])
        for r in rows
    ]


def enrolment_counts(db: Database) -> dict[int, int]:
    """course id → how many living people are enrolled."""
    return dict(
        db.execute(
            "SELECT course_id, count(*) FROM enrolments WHERE deleted_at IS NULL GROUP BY course_id"
        ).fetchall()
    )


def course_years(db: Database) -> list[int]:
    """The years (of their end dates) that have living courses."""
    return [
        int(y)
        for (y,) in db.execute(
            "SELECT DISTINCT substr(end_date, 1, 4) FROM courses WHERE deleted_at IS NULL AND end_date IS NOT NULL"
        )
    ]
