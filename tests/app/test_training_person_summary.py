"""What training says about people (app/training/person_summary.py) — one person's courses, hours per year,
补课 and pairs, and the 补课 lines with unit and closing course — and, in app/training/pairs.py, an activity that
earns ledger points (once, young cadres only, in the activity's transaction) and the confirmed rounds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from app.appraisal import remedial, service
from app.appraisal.service import ScoreInput
from app.changes import OperationRefused, ValidationError
from app.training import enrolments, pairs
from app.training.courses import create_course
from app.training.person_summary import person_training, remedial_lines
from tests.app.conftest import ACTOR, add_person


def course(db, name: str, start: str, end: str, hours: str, category: str = "专题培训") -> int:
    values = {"name": name, "category": category, "start_date": start, "end_date": end, "hours": hours}
    return create_course(db, values, ACTOR).record_id


def attended(db, course_id: int, person_id: int, hours: str, result: str = "合格") -> None:
    enrolments.enrol(db, course_id, [person_id], ACTOR, confirmed=True)
    eid = db.execute(
        "SELECT id FROM enrolments WHERE course_id = ? AND person_id = ?", [course_id, person_id]
    ).fetchone()[0]
    enrolments.record_attendance(db, eid, hours, result, ACTOR)


def below_the_line(db, ids: list[int], total: str = "70") -> None:
    """A 2025 period finalized with everyone in `ids` at `total` (below 80: 补课 for each)."""
    period = service.open_period(db, "weighted-top20", 2025, None, ACTOR).made
    keys = [c.key for c in period.scheme.components]
    service.set_many_scores(db, period.id, [ScoreInput(p, {k: D(total) for k in keys}) for p in ids], ACTOR)
    service.finalize_period(db, period.id, ACTOR, issued_on=dt.date(2026, 1, 10))


def test_a_persons_courses_hours_and_this_years_requirement(db):
    ann = add_person(db, "安安", 1)
    spring = course(db, "春季轮训", "2025-03-02", "2025-03-03", "12")
    autumn = course(db, "秋季专题", "2025-10-09", "2025-10-09", "6.5")
    attended(db, spring, ann, "12")
    attended(db, autumn, ann, "6.5")
    enrolments.assign_certificates(db, spring, ACTOR)
    found = person_training(db, ann, 2026)
    assert [(c.name, c.start_date, c.course_hours, c.hours, c.result) for c in found.courses] == [
        ("秋季专题", "2025-10-09", "6.5", "6.5", "合格"),
        ("春季轮训", "2025-03-02", "12", "12", "合格"),
    ]
    assert found.courses[1].certificate_no == "培训〔2025〕第001号" and found.courses[0].certificate_no == ""
    # 2026 has no course yet, and still owes the whole requirement
    assert found.year_lines() == ["2026年 0 / 48 学时，差额 48", "2025年 18.5 / 48 学时，差额 29.5"]


def test_a_year_that_meets_the_requirement_says_so(db):
    ann = add_person(db, "安安", 1)
    attended(db, course(db, "青干班", "2026-04-07", "2026-04-18", "80", "青干班"), ann, "80")
    assert person_training(db, ann, 2026).year_lines() == ["2026年 80 / 48 学时，已达到要求"]


def test_remedial_lines_name_the_unit_and_the_course_that_closed_them(db):
    ann, bo = add_person(db, "安安", 1, unit="桂溪社区"), add_person(db, "博博", 2, unit="玉林社区")
    below_the_line(db, [ann, bo])
    makeup = course(db, "补课班", "2026-03-02", "2026-03-06", "40", "补课")
    first = remedial.list_requirements(db, person_id=ann)[0]
    remedial.close_requirement(
        db, first.id, course="补课班", days=5, on="2026-03-06", actor=ACTOR, course_id=makeup
    )
    lines = {r.name: r for r in remedial_lines(db)}
    assert (lines["安安"].unit, lines["安安"].period, lines["安安"].total, lines["安安"].min_days) == (
        "桂溪社区", "2025年度考核（加权评价·双达标）", "70.00", 5,
    )  # fmt: skip
    assert lines["安安"].course_id == makeup
    assert lines["安安"].status == "2026-03-06 完成：补课班，5 个工作日"
    assert lines["博博"].status == "未完成" and lines["博博"].unit == "玉林社区"
    assert [r.name for r in remedial_lines(db, open_only=True)] == ["博博"]
    assert [r.status for r in person_training(db, ann, 2026).remedial] == [
        "2026-03-06 完成：补课班，5 个工作日"
    ]


def test_mentors_and_mentees_both_ways(db):
    ann, bo = add_person(db, "安安", 1, "reserve_cadre"), add_person(db, "博博", 2)
    own = pairs.save_mentor(
        db, None, {"name": "博博", "min_mentees": "1", "max_mentees": "3"}, ACTOR
    ).record_id
    db.execute(
        "UPDATE mentors SET person_id = ? WHERE id = ?", [bo, own]
    )  # the pool mentor is 博博 of the roster
    outside = pairs.save_mentor(db, None, {"name": "外聘导师", "unit": "区委组织部", "line": "组织"}, ACTOR)
    for mentor in (own, outside.record_id):
        pairs.save_pair(db, None, {"mentor_id": mentor, "mentee_id": ann, "kind": "2+1",
                                   "start_date": "2026-03-01"}, ACTOR)  # fmt: skip
    found = person_training(db, ann, 2026)
    assert sorted(p.text for p in found.mentors) == [
        "博博（2+1，2026-03-01 至今）",
        "外聘导师（2+1，2026-03-01 至今）",
    ]
    assert sorted(p.unit for p in found.mentors) == ["", "组织 区委组织部"]  # the printed record names them
    assert found.mentees == []
    mentees = person_training(db, bo, 2026).mentees
    assert [(p.text, p.unit) for p in mentees] == [("安安（2+1，2026-03-01 至今）", "东门社区")]


@pytest.fixture
def cadre_pair(db):
    cadre = add_person(db, "安安", 1, "reserve_cadre")
    mentor = pairs.save_mentor(
        db, None, {"name": "张伟", "min_mentees": "1", "max_mentees": "3"}, ACTOR
    ).record_id
    values = {"mentor_id": mentor, "mentee_id": cadre, "kind": "一对一", "start_date": "2026-03-01"}
    return pairs.save_pair(db, None, values, ACTOR).record_id


def entries(db) -> list[tuple]:
    return db.execute(
        "SELECT person_id, date, rule, points, activity FROM points_entries WHERE deleted_at IS NULL"
    ).fetchall()


def test_an_activity_earns_points_once_and_keeps_the_entry(db, cadre_pair):
    done = pairs.log_activity(db, cadre_pair, "2026-05-06", "  调研  社区养老 ", ACTOR, rule="homework")
    assert done.changes.training and done.changes.appraisal
    assert "已为 1 人记积分 5 分（导师帮带：调研 社区养老）" in done.message
    cadre = db.execute("SELECT mentee_id FROM mentor_pairs").fetchone()[0]
    assert entries(db) == [(cadre, "2026-05-06", "homework", 5, "导师帮带：调研 社区养老")]
    linked = db.execute(
        "SELECT points_entry_id FROM mentor_activities WHERE id = ?", [done.record_id]
    ).fetchone()[0]
    assert linked == db.execute("SELECT id FROM points_entries").fetchone()[0]
    assert pairs.activities(db, cadre_pair)[0][3] == "+5"
    # the same activity again (the other mentor of a 2+1 logging it too): recorded, not counted twice
    again = pairs.log_activity(db, cadre_pair, "2026-05-06", "调研 社区养老", ACTOR, rule="homework")
    assert "没有重复记分" in again.message and len(entries(db)) == 1
    assert [a[3] for a in pairs.activities(db, cadre_pair)] == ["+5", ""]


def test_an_activity_without_a_rule_earns_nothing(db, cadre_pair):
    done = pairs.log_activity(db, cadre_pair, "2026-05-06", "谈心", ACTOR)
    assert not done.changes.appraisal and entries(db) == []
    assert pairs.activities(db, cadre_pair)[0][1:] == ("2026-05-06", "谈心", "")


def test_points_for_someone_not_a_young_cadre_are_refused_and_nothing_is_written(db):
    worker = add_person(db, "博博", 2)
    mentor = pairs.save_mentor(
        db, None, {"name": "张伟", "min_mentees": "1", "max_mentees": "3"}, ACTOR
    ).record_id
    values = {"mentor_id": mentor, "mentee_id": worker, "kind": "一对一", "start_date": "2026-03-01"}
    pair = pairs.save_pair(db, None, values, ACTOR).record_id
    assert not pairs.mentee_is_cadre(db, pair)
    with pytest.raises(OperationRefused, match="不是青年干部"):
        pairs.log_activity(db, pair, "2026-05-06", "调研", ACTOR, rule="study")
    assert pairs.activities(db, pair) == [] and entries(db) == []


def test_a_rule_that_is_not_a_plus_five_and_a_bad_date_are_refused_together(db, cadre_pair):
    with pytest.raises(ValidationError) as refused:
        pairs.log_activity(db, cadre_pair, "2026-02-30", "实践小组", ACTOR, rule="practice_group")
    assert set(refused.value.errors) == {"date", "rule"}
    assert "2月没有30日" in refused.value.errors["date"]
    assert pairs.activities(db, cadre_pair) == [] and entries(db) == []


def test_confirmed_rounds_are_listed_latest_first_and_a_binned_one_goes(db):
    now = "2026-03-01T08:00:00Z"
    for name, year in (("2025导师制", 2025), ("2026导师制", 2026), ("未确认", 2026)):
        confirmed = None if name == "未确认" else now
        db.execute(
            "INSERT INTO selection_rounds (uid, name, year, confirmed_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [name, name, year, confirmed, now, now],
        )
    assert [(name, year) for _id, name, year, _at in pairs.confirmed_rounds(db)] == [
        ("2026导师制", 2026), ("2025导师制", 2025),
    ]  # fmt: skip
    db.execute("UPDATE selection_rounds SET deleted_at = ? WHERE name = '2026导师制'", [now])
    assert [r[1] for r in pairs.confirmed_rounds(db)] == ["2025导师制"]
