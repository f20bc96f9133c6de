"""What training knows about people, read for the window: one person's whole record (the person form's 培训 tab:
courses, hours per year against the requirement, 补课, mentors and mentees), and the 补课 lines of the 培训
page's 补课 tab, which name the unit and the course that closed a requirement."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from app.training.hours import person_years
from app.training.rules import PersonHours, hours_text, standing
from app.training.settings import required_hours


@dataclass(frozen=True)
class CourseLine:
    course_id: int
    start_date: str
    end_date: str
    name: str
    category: str
    course_hours: str
    hours: str  # attended; '' before attendance is recorded
    result: str
    certificate_no: str


@dataclass(frozen=True)
class RemedialLine:
    id: int
    person_id: int
    name: str
    unit: str
    period: str  # 2026年度考核（加权评价·双达标）
    total: str
    min_days: int
    required_on: str
    closed_on: str | None
    course: str | None
    course_days: int | None
    course_id: int | None

    @property
    def status(self) -> str:
        if self.closed_on is None:
            return "未完成"
        days = f"，{self.course_days} 个工作日" if self.course_days else ""
        return f"{self.closed_on} 完成：{self.course}{days}"


@dataclass(frozen=True)
class PairLine:
    as_mentor: bool  # the person mentors `other` (else `other` mentors the person)
    other: str
    kind: str
    start_date: str
    end_date: str
    unit: str = ""  # the mentor's 条线 and unit, or the mentee's unit: the printed 培训档案 names them

    @property
    def text(self) -> str:
        until = f"至 {self.end_date}" if self.end_date else "至今"
        return f"{self.other}（{self.kind}，{self.start_date} {until}）"


@dataclass(frozen=True)
class PersonTraining:
    courses: list[CourseLine]
    years: list[tuple[int, PersonHours]]  # newest first
    remedial: list[RemedialLine]
    mentors: list[PairLine]
    mentees: list[PairLine]

    def year_lines(self) -> list[str]:
        """2026年 12 / 48 学时，差额 36 — one line per year, newest first."""
        return [
            f"{year}年 {hours_text(h.hours)} / {hours_text(h.required)} 学时"
            + (f"，差额 {hours_text(h.short)}" if h.below else "，已达到要求")
            for year, h in self.years
        ]


def person_training(db: Database, person_id: int, this_year: int) -> PersonTraining:
    """Everything training holds about one person (living records only)."""
    years = dict(person_years(db, person_id))
    if this_year not in years and (current := _zero_year(db, person_id)) is not None:
        years[this_year] = current  # the requirement runs this year even before the first course
    mentored, mentoring = _pairs(db, person_id)
    return PersonTraining(
        courses=person_courses(db, person_id),
        years=sorted(years.items(), reverse=True, key=lambda item: item[0]),
        remedial=remedial_lines(db, person_id=person_id),
        mentors=mentored,
        mentees=mentoring,
    )


def _zero_year(db: Database, person_id: int) -> PersonHours | None:
    row = db.execute(
        "SELECT id, name, id_number, role FROM people WHERE id = ? AND deleted_at IS NULL", [person_id]
    ).fetchone()
    return standing([tuple(row)], {}, required_hours(db))[0] if row else None


def person_courses(db: Database, person_id: int) -> list[CourseLine]:
    """The person's living enrolments in living courses, newest course first."""
    rows = db.execute(
        "SELECT c.id, c.start_date, c.end_date, c.name, c.category, c.hours, coalesce(e.hours, ''),"
        " coalesce(e.result, ''), coalesce(e.certificate_no, '') FROM enrolments e"
        " JOIN courses c ON c.id = e.course_id WHERE e.person_id = ? AND e.deleted_at IS NULL"
        " AND c.deleted_at IS NULL ORDER BY c.start_date DESC, c.id DESC",
        [person_id],
    ).fetchall()
    return [CourseLine(*row) for row in rows]


def remedial_lines(
    db: Database, *, person_id: int | None = None, open_only: bool = False
) -> list[RemedialLine]:
    """Living 补课 requirements of living people, oldest first (open ones only with `open_only`)."""
    sql = (
        "SELECT r.id, r.person_id, p.name, coalesce(u.name, ''),"
        " ap.year || CASE WHEN ap.quarter IS NULL THEN '年度' ELSE '年第' || ap.quarter || '季度' END"
        " || '考核（' || s.name || '）', r.total, r.min_days, r.required_on, r.closed_on, r.course,"
        " r.course_days, r.course_id FROM remedial_requirements r JOIN people p ON p.id = r.person_id"
        " LEFT JOIN org_units u ON u.id = p.unit_id JOIN appraisal_periods ap ON ap.id = r.period_id"
        " JOIN appraisal_schemes s ON s.id = ap.scheme_id WHERE r.withdrawn_at IS NULL AND p.deleted_at IS NULL"
    )
    params: list = []
    if person_id is not None:
        sql += " AND r.person_id = ?"
        params.append(person_id)
    if open_only:
        sql += " AND r.closed_on IS NULL"
    rows = db.execute(sql + " ORDER BY r.required_on, p.name_order, r.id", params).fetchall()
    return [RemedialLine(*row) for row in rows]


def _pairs(db: Database, person_id: int) -> tuple[list[PairLine], list[PairLine]]:
    """(the person's mentors, the person's mentees): living pairs, newest first. The person mentors through a
    pool mentor that is them on the roster."""
    mentors = db.execute(
        "SELECT m.name, p.kind, p.start_date, coalesce(p.end_date, ''),"
        " trim(coalesce(m.line, '') || ' ' || coalesce(m.unit, '')) FROM mentor_pairs p"
        " JOIN mentors m ON m.id = p.mentor_id WHERE p.mentee_id = ? AND p.deleted_at IS NULL"
        " ORDER BY p.start_date DESC, p.id DESC",
        [person_id],
    ).fetchall()
    mentees = db.execute(
        "SELECT e.name, p.kind, p.start_date, coalesce(p.end_date, ''), coalesce(u.name, '') FROM mentor_pairs p"
        " JOIN mentors m ON m.id = p.mentor_id JOIN people e ON e.id = p.mentee_id"
        " LEFT JOIN org_units u ON u.id = e.unit_id"
        " WHERE m.person_id = ? AND m.deleted_at IS NULL AND p.deleted_at IS NULL AND e.deleted_at IS NULL"
        " ORDER BY p.start_date DESC, p.id DESC",
        [person_id],
    ).fetchall()
    return [PairLine(False, *row) for row in mentors], [PairLine(True, *row) for row in mentees]
