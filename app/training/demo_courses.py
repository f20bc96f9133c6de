"""The demo's training: two years of courses of every category with attendance (hours, results, certificate
numbers), the spring 补课 course that the demo appraisals' closed requirements name (linked both ways), and a
补课 course still to come for those whose requirement is open. Called inside build_demo's transaction, after
the appraisals; rows are written directly (as the other demo builders do), the audit row is build_demo's.

Stage order holds: those in a 进阶 course passed 入门 earlier, those in 全面 passed 进阶."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

from sqlite_utils import Database

from app.training.courses import CERTIFICATE_FORMAT
from app.training.rules import hours_text, working_days
from app.training.rules import passed as passed_result

# (name after the year, category, month, day, days long, hours, roles, how many attend, place)
PLAN = (
    ("新录用社区工作者岗前培训班", "岗前培训", 2, 24, 3, "24", ("community_worker",), 20, "区委党校"),
    ("党建指导员入门培训班", "入门", 3, 10, 5, "40", ("instructor",), 25, "区委党校"),
    ("社区工作者入门培训班", "入门", 3, 17, 5, "40", ("community_worker",), 40, "区委党校"),
    ("党建指导员进阶培训班", "进阶", 5, 12, 4, "32", ("instructor",), 15, "区委党校"),
    ("党建指导员全面提升培训班", "全面", 9, 15, 3, "24", ("instructor",), 12, "区委党校"),
    (
        "学习贯彻党的二十届四中全会精神专题培训",
        "专题培训",
        11,
        12,
        1,
        "6.5",
        ("instructor", "community_worker"),
        60,
        "区委礼堂",
    ),
    ("社区工作者全员轮训（第一期）", "轮训", 6, 16, 2, "12", ("community_worker",), 50, "各街道党群服务中心"),
    ("红色物业现场观摩会", "现场观摩", 7, 8, 1, "4", ("instructor", "community_worker"), 30, "玉林街道"),
    (
        "基层党建知识竞赛",
        "知识竞赛",
        10,
        20,
        1,
        "3",
        ("instructor", "community_worker", "reserve_cadre"),
        24,
        "区文化馆",
    ),
    ("优秀年轻干部培训班（青干班）", "青干班", 4, 7, 10, "80", ("reserve_cadre",), 20, "市委党校"),
    ("导师帮带骨干培训班", "导师班", 8, 19, 2, "12", ("instructor",), 10, "区委党校"),
)
# Courses that end in a completion certificate (a visit or a contest does not).
CERTIFIED = ("岗前培训", "入门", "进阶", "全面", "轮训", "青干班", "导师班")


def build_courses(db: Database, rng: random.Random, today: dt.date, now: str) -> None:
    staff = _staff(db)
    if not staff:
        return
    writer = _Writer(db, now)
    passed: dict[str, set[int]] = {}  # category → people who passed it (for the stage order)
    for year in (today.year - 1, today.year):
        for name, category, month, day, length, hours, roles, count, place in PLAN:
            start = dt.date(year, month, day)
            end = _end(start, length)
            course = writer.course(f"{year}年{name}", category, start, end, hours, place)
            pool = [p for p, role in staff if role in roles]
            pool = _eligible(pool, category, passed)
            attendees = rng.sample(pool, min(count, len(pool)))
            if end > today:  # to come: enrolled, nothing recorded yet
                for pid in attendees:
                    writer.enrol(course, pid)
                continue
            for pid in attendees:
                got, result = _attendance(rng, Decimal(hours), category)
                ok = passed_result(result)
                writer.enrol(course, pid, got, result, end.year if ok and category in CERTIFIED else None)
                if ok:
                    passed.setdefault(category, set()).add(pid)
    _remedial(db, writer, today)
    writer.write()


def _staff(db: Database) -> list[tuple[int, str]]:
    return db.execute(
        "SELECT id, role FROM people WHERE deleted_at IS NULL AND status IN ('在岗', '试用期') ORDER BY id"
    ).fetchall()


def _end(start: dt.date, working: int) -> dt.date:
    """The day on which `working` working days from `start` are done."""
    end = start
    while working_days(start, end) < working:
        end += dt.timedelta(days=1)
    return end


def _eligible(pool: list[int], category: str, passed: dict[str, set[int]]) -> list[int]:
    before = {"进阶": "入门", "全面": "进阶"}.get(category)
    return pool if before is None else [p for p in pool if p in passed.get(before, set())]


def _attendance(rng: random.Random, hours: Decimal, category: str) -> tuple[str, str]:
    """Most attend it whole; some miss half a day; a few fail. Contests are scored."""
    got = hours if rng.random() < 0.8 else max(hours - Decimal(rng.choice((2, 4))), hours / 2)
    got = (got * 2).to_integral_value() / 2
    if category == "知识竞赛":
        return hours_text(got), str(rng.randrange(55, 100))
    return hours_text(got), "不合格" if rng.random() < 0.05 else "合格"


def _remedial(db: Database, writer: _Writer, today: dt.date) -> None:
    """The spring 补课 course the demo's closed requirements name, with those people attending it and the
    requirement linked to it; a course to come for the open ones."""
    closed = db.execute(
        "SELECT id, person_id, course, closed_on FROM remedial_requirements"
        " WHERE closed_on IS NOT NULL AND withdrawn_at IS NULL AND course_id IS NULL"
    ).fetchall()
    made: dict[str, int] = {}
    for req_id, person_id, name, closed_on in closed:
        end = dt.date.fromisoformat(closed_on)
        if name not in made:
            start = end - dt.timedelta(days=6)  # a working week and its weekend, ending on closed_on
            made[name] = writer.course(name, "补课", start, end, "40", "区委党校")
        if (made[name], person_id) not in writer.enrolled:
            writer.enrol(made[name], person_id, "40", "合格", end.year)
        writer.links.append((made[name], req_id))
    still_open = [r[0] for r in db.execute(
        "SELECT person_id FROM remedial_requirements WHERE closed_on IS NULL AND withdrawn_at IS NULL")]  # fmt: skip
    if still_open:
        start = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)  # next Monday
        course = writer.course(
            f"{start.year}年{start.month}月补课培训班", "补课", start, _end(start, 5), "40", "区委党校"
        )
        for pid in dict.fromkeys(still_open):
            writer.enrol(course, pid)


class _Writer:
    """Courses, enrolments and certificate serials collected, then written with one statement each."""

    def __init__(self, db: Database, now: str):
        self.db, self.now = db, now
        self.next_id = (db.execute("SELECT max(id) FROM courses").fetchone()[0] or 0) + 1
        self.courses: list[tuple] = []
        self.enrolments: list[tuple] = []
        self.serials: dict[int, int] = {}
        self.links: list[tuple[int, int]] = []  # (course id, remedial requirement id)
        self.enrolled: set[tuple[int, int]] = set()

    def course(self, name: str, category: str, start: dt.date, end: dt.date, hours: str, place: str) -> int:
        course_id, self.next_id = self.next_id, self.next_id + 1
        self.courses.append((course_id, str(uuid.uuid4()), name, category, start.isoformat(), end.isoformat(),
                             hours, place, "区委组织部", self.now, self.now))  # fmt: skip
        return course_id

    def enrol(self, course_id: int, person_id: int, hours: str | None = None, result: str | None = None,
              certificate_year: int | None = None) -> None:  # fmt: skip
        serial = number = None
        if certificate_year is not None:
            serial = self.serials[certificate_year] = self.serials.get(certificate_year, 0) + 1
            number = CERTIFICATE_FORMAT.format(year=certificate_year, number=serial)
        self.enrolled.add((course_id, person_id))
        self.enrolments.append((str(uuid.uuid4()), course_id, person_id, hours, result,
                                certificate_year, serial, number, self.now, self.now))  # fmt: skip

    def write(self) -> None:
        self.db.conn.executemany(
            "INSERT INTO courses (id, uid, name, category, start_date, end_date, hours, place, organiser,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.courses,
        )
        self.db.conn.executemany(
            "INSERT INTO enrolments (uid, course_id, person_id, hours, result, certificate_year,"
            " certificate_serial, certificate_no, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.enrolments,
        )
        self.db.conn.executemany(
            "INSERT INTO course_certificate_serials (year, last_number) VALUES (?, ?)",
            list(self.serials.items()),
        )
        self.db.conn.executemany("UPDATE remedial_requirements SET course_id = ? WHERE id = ?", self.links)
