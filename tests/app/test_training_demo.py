"""The demo's courses: every category, attendance within each course's hours, the stage order kept, certificate
numbers unique per year with the serial counter at the last one, and the appraisal demo's closed 补课 linked to
the course that closed it."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal as D

import pytest

from app.clock import utc_now
from app.demo import build_demo
from app.training.courses import list_courses
from app.training.demo_courses import build_courses
from app.training.enrolments import completed_categories
from app.training.hours import hours_of_year
from app.training.rules import CATEGORIES, missing_stage
from db import migrations
from db.connection import open_memory


@pytest.fixture(scope="module")
def db():
    db = open_memory()
    migrations.apply(db)
    build_demo(db, 300)
    if not db.execute("SELECT count(*) FROM courses").fetchone()[
        0
    ]:  # until the lead wires it into build_demo
        with db.atomic():
            build_courses(db, random.Random(11), dt.date.today(), utc_now())
    yield db
    db.conn.close()


def test_every_category_and_attendance_within_the_hours(db):
    found = list_courses(db)
    assert {c.category for c in found} == set(CATEGORIES)
    hours = {c.id: c.hours for c in found}
    rows = db.execute("SELECT course_id, hours FROM enrolments WHERE hours IS NOT NULL").fetchall()
    assert rows and all(D(h) <= hours[c] and D(h) % D("0.5") == 0 for c, h in rows)


def test_the_stage_order_holds_for_everyone_who_passed(db):
    rows = db.execute(
        "SELECT e.person_id, c.category FROM enrolments e JOIN courses c ON c.id = e.course_id"
        " WHERE c.category IN ('进阶', '全面')"
    ).fetchall()
    assert rows
    assert all(missing_stage(category, completed_categories(db, pid)) is None for pid, category in rows)


def test_certificate_numbers_are_unique_and_the_counter_is_at_the_last(db):
    numbers = db.execute(
        "SELECT certificate_year, certificate_serial, certificate_no FROM enrolments WHERE certificate_no IS NOT NULL"
    ).fetchall()
    assert len({n[2] for n in numbers}) == len(numbers) > 0
    for year, last in db.execute("SELECT year, last_number FROM course_certificate_serials"):
        assert last == max(s for y, s, _ in numbers if y == year)


def test_closed_remedial_requirements_point_at_a_remedial_course_the_person_attended(db):
    rows = db.execute(
        "SELECT r.person_id, r.course_id, c.category, c.name = r.course FROM remedial_requirements r"
        " LEFT JOIN courses c ON c.id = r.course_id WHERE r.closed_on IS NOT NULL AND r.withdrawn_at IS NULL"
    ).fetchall()
    for person_id, course_id, category, same_name in rows:
        assert category == "补课" and same_name
        assert db.execute(
            "SELECT hours FROM enrolments WHERE course_id = ? AND person_id = ?", [course_id, person_id]
        ).fetchone() == ("40",)


def test_the_hours_list_has_someone_below_and_someone_above(db):
    rows = hours_of_year(db, dt.date.today().year - 1)
    assert any(r.below for r in rows) and any(not r.below for r in rows)
