"""Course services: create / edit / bin with audit, enrolment with the stage order confirmed, attendance to
half an hour within the course's hours, certificate numbers that only go up, and a 补课 course closing the
remedial requirements it covers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from app.appraisal import remedial, service
from app.appraisal.service import ScoreInput
from app.audit import query
from app.changes import OperationRefused, ValidationError
from app.training import courses, enrolments
from tests.app.conftest import ACTOR, add_person


def people(db, count: int) -> list[int]:
    return [add_person(db, f"测试{chr(0x4E00 + i)}", i) for i in range(count)]


def course(
    db, name="2026年入门培训班", category="入门", start="2026-03-02", end="2026-03-06", hours="40", **more
):
    values = {
        "name": name,
        "category": category,
        "start_date": start,
        "end_date": end,
        "hours": hours,
        **more,
    }
    return courses.create_course(db, values, ACTOR).record_id


def test_a_course_is_saved_audited_and_found_by_name(db):
    cid = course(db, place="区委党校", capacity="30")
    found = courses.find_course(db, " 2026年入门培训班 ")
    assert (found.id, found.category, found.hours, found.capacity, found.working_days) == (
        cid,
        "入门",
        D(40),
        30,
        5,
    )
    assert [a.action for a in query(db, entity="course")] == ["create"]


def test_bad_course_input_names_every_problem_and_saves_nothing(db):
    with pytest.raises(ValidationError) as caught:
        courses.create_course(
            db, {"name": "", "category": "学习", "start_date": "2026-02-30", "end_date": "2026-01-01",
                 "hours": "4.3", "capacity": "abc"}, ACTOR)  # fmt: skip
    errors = caught.value.errors
    assert set(errors) == {"name", "category", "start_date", "hours", "capacity"}
    assert "0.5 的整数倍" in errors["hours"] and "不是培训类别" in errors["category"]
    with pytest.raises(ValidationError, match="早于开始日期"):
        course(db, start="2026-03-06", end="2026-03-02")
    assert db.execute("SELECT count(*) FROM courses").fetchone() == (0,)


def test_a_second_course_of_the_same_name_is_refused(db):
    course(db)
    with pytest.raises(ValidationError, match="已有名为“2026年入门培训班”"):
        course(db, start="2026-05-01", end="2026-05-02")


def test_edit_changes_only_what_differs_and_refuses_hours_below_recorded_ones(db):
    cid = course(db)
    (pid,) = people(db, 1)
    enrolments.enrol(db, cid, [pid], ACTOR)
    enrolment = db.execute("SELECT id FROM enrolments").fetchone()[0]
    enrolments.record_attendance(db, enrolment, "32", "合格", ACTOR)
    values = {
        "name": "2026年入门培训班",
        "category": "入门",
        "start_date": "2026-03-02",
        "end_date": "2026-03-06",
    }
    with pytest.raises(ValidationError, match="已有人记录了 32 学时"):
        courses.edit_course(db, cid, {**values, "hours": "30"}, ACTOR)
    courses.edit_course(db, cid, {**values, "hours": "36", "place": "党校"}, ACTOR)
    edit = query(db, entity="course")[0]
    assert (edit.action, edit.before, edit.after) == (
        "update",
        {"hours": "40", "place": None},
        {"hours": "36", "place": "党校"},
    )


def test_delete_sends_the_course_and_its_enrolments_to_the_bin(db):
    cid = course(db)
    enrolments.enrol(db, cid, people(db, 2), ACTOR)
    courses.delete_course(db, cid, ACTOR)
    assert db.execute("SELECT count(*) FROM enrolments WHERE deleted_at IS NULL").fetchone() == (0,)
    assert courses.list_courses(db) == []
    from app.recycle import restore

    restore(db, "course", cid, ACTOR)
    assert db.execute("SELECT count(*) FROM enrolments WHERE deleted_at IS NULL").fetchone() == (2,)


def test_stage_order_needs_confirmation_saying_what_is_missing(db):
    a, b = people(db, 2)
    intro, advanced = course(db), course(db, "2026年进阶培训班", "进阶", "2026-06-01", "2026-06-05")
    enrolments.enrol(db, intro, [a], ACTOR)
    enrolments.record_attendance(
        db, db.execute("SELECT id FROM enrolments").fetchone()[0], "40", "合格", ACTOR
    )
    assert enrolments.enrolment_warnings(db, advanced, [a, b]) == [
        "测试丁：尚未完成“入门”阶段培训，按顺序应先完成“入门”再参加“进阶”"
    ]
    with pytest.raises(OperationRefused, match="报名前请确认：测试丁"):
        enrolments.enrol(db, advanced, [a, b], ACTOR)
    assert enrolments.enrol(db, advanced, [a, b], ACTOR, confirmed=True).made == [a, b]
    again = enrolments.enrol(db, advanced, [a], ACTOR, confirmed=True)
    assert again.made == [] and "1 人已在班中" in again.message


def test_a_stage_completed_only_after_the_next_one_began_does_not_open_it(db):
    """A trial: a 2026 入门 let someone into a 2025 进阶 without a word."""
    (a,) = people(db, 1)
    intro = course(db, "2026年入门培训班", "入门", "2026-03-17", "2026-03-23")
    earlier = course(db, "2025年进阶培训班", "进阶", "2025-05-12", "2025-05-16")
    later = course(db, "2026年进阶培训班", "进阶", "2026-06-01", "2026-06-05")
    enrolments.enrol(db, intro, [a], ACTOR)
    enrolments.record_attendance(
        db, db.execute("SELECT id FROM enrolments").fetchone()[0], "40", "合格", ACTOR
    )
    assert enrolments.enrolment_warnings(db, earlier, [a]) == [
        "测试一：尚未完成“入门”阶段培训，按顺序应先完成“入门”再参加“进阶”"
    ]
    assert enrolments.enrolment_warnings(db, later, [a]) == []


def test_capacity_is_a_warning_too(db):
    cid = course(db, capacity="1")
    assert enrolments.enrolment_warnings(db, cid, people(db, 2)) == ["报名后共 2 人，超过培训班人数上限 1 人"]


def test_someone_not_at_work_is_a_warning_before_enrolling(db):
    """The roster picker lists everyone: a retired or departed person is named with their status."""
    a, b, c = people(db, 3)
    db.execute("UPDATE people SET status = '退休' WHERE id = ?", [b])
    db.execute("UPDATE people SET status = '试用期' WHERE id = ?", [c])
    assert enrolments.enrolment_warnings(db, course(db, "2026年专题培训", "专题培训"), [a, b, c]) == [
        "测试丁：人员状态为“退休”，不在岗"
    ]


@pytest.mark.parametrize(
    ("hours", "result", "field", "says"),
    [("41", "合格", "hours", "超过培训班的总学时 40"), ("3.3", "", "hours", "0.5"), ("4", "120", "result", "0–100"),
     ("半天", "良", "result", "无法识别")],
)  # fmt: skip
def test_attendance_refused_changes_nothing(db, hours, result, field, says):
    cid = course(db)
    enrolments.enrol(db, cid, people(db, 1), ACTOR)
    enrolment = db.execute("SELECT id FROM enrolments").fetchone()[0]
    with pytest.raises(ValidationError) as caught:
        enrolments.record_attendance(db, enrolment, hours, result, ACTOR)
    assert says in caught.value.errors[field]
    assert db.execute("SELECT hours, result FROM enrolments").fetchone() == (None, None)


def test_certificates_number_those_who_passed_in_a_sequence_that_never_reuses(db):
    cid = course(db)
    ids = people(db, 3)
    enrolments.enrol(db, cid, ids, ACTOR)
    eids = [r[0] for r in db.execute("SELECT id FROM enrolments ORDER BY id")]
    for eid, result in zip(eids, ["合格", "不合格", "85"], strict=True):
        enrolments.record_attendance(db, eid, "40", result, ACTOR)
    with pytest.raises(OperationRefused, match="测试丁未取得合格结果"):
        enrolments.assign_certificates(db, cid, ACTOR, [eids[1]])
    first = enrolments.assign_certificates(db, cid, ACTOR)
    numbers = dict(db.execute("SELECT id, certificate_no FROM enrolments"))
    assert sorted(n for n in numbers.values() if n) == ["培训〔2026〕第001号", "培训〔2026〕第002号"]
    assert numbers[eids[1]] is None and len(first.made) == 2
    enrolments.remove_enrolment(db, eids[0], ACTOR)
    enrolments.record_attendance(db, eids[1], "40", "合格", ACTOR)
    enrolments.assign_certificates(db, cid, ACTOR)
    assert db.execute("SELECT certificate_no FROM enrolments WHERE id = ?", [eids[1]]).fetchone() == (
        "培训〔2026〕第003号",
    )


def _requirements(db, totals):
    ids = people(db, len(totals))
    period = service.open_period(db, "weighted-top20", 2025, None, ACTOR).made
    keys = [c.key for c in period.scheme.components]
    service.set_many_scores(
        db,
        period.id,
        [ScoreInput(p, {k: D(t) for k in keys}) for p, t in zip(ids, totals, strict=True)],
        ACTOR,
    )
    service.finalize_period(db, period.id, ACTOR, issued_on=dt.date(2026, 1, 10))
    return ids


def test_attending_a_remedial_course_long_enough_closes_the_requirement(db):
    low, failing, short = _requirements(db, ["70", "60", "50"])
    week = course(db, "2026年补课班", "补课", "2026-03-02", "2026-03-06", "40")
    four = course(db, "2026年补课短班", "补课", "2026-03-09", "2026-03-12", "32")
    enrolments.enrol(db, week, [low, failing], ACTOR)
    enrolments.enrol(db, four, [short], ACTOR)
    rows = dict(db.execute("SELECT person_id, id FROM enrolments"))
    done = enrolments.record_attendance(db, rows[low], "40", "合格", ACTOR)
    assert done.changes.appraisal and done.changes.training and "补课已完成" in done.message
    enrolments.record_attendance(db, rows[failing], "40", "不合格", ACTOR)
    short_done = enrolments.record_attendance(db, rows[short], "32", "合格", ACTOR)
    assert not short_done.changes.appraisal
    found = {r.person_id: r for r in remedial.list_requirements(db)}
    assert (found[low].course, found[low].course_days, found[low].closed_on) == (
        "2026年补课班",
        5,
        dt.date(2026, 3, 6),
    )
    assert found[failing].closed_on is None and found[short].closed_on is None
    linked = db.execute("SELECT course_id FROM remedial_requirements WHERE person_id = ?", [low]).fetchone()
    assert linked == (week,)


def test_points_credit_the_young_cadres_who_attended_once(db):
    cadres = [
        add_person(db, name, 50 + i, role, unit="西门社区")
        for i, (name, role) in enumerate(
            [
                ("青一", "reserve_cadre"),
                ("青二", "reserve_cadre"),
                ("青三", "reserve_cadre"),
                ("社一", "community_worker"),
            ]
        )
    ]
    cid = course(db, "2026年青干班", "青干班", "2026-04-07", "2026-04-20", "80")
    enrolments.enrol(db, cid, cadres, ACTOR)
    rows = dict(db.execute("SELECT person_id, id FROM enrolments"))
    enrolments.record_attendance(db, rows[cadres[0]], "80", "合格", ACTOR)
    enrolments.record_attendance(db, rows[cadres[1]], "40", "不合格", ACTOR)  # attended, though failed
    enrolments.record_attendance(db, rows[cadres[3]], "80", "合格", ACTOR)  # not a young cadre
    assert enrolments.waiting_cadres(db, cid) == [
        "青二",
        "青一",
    ]  # whom the window names, in the roster's order
    result = enrolments.credit_points(db, cid, ACTOR)
    assert result.changes.appraisal and "已为 2 人记积分 5 分（参加2026年青干班）" in result.message
    assert enrolments.waiting_cadres(db, cid) == []
    got = db.execute("SELECT person_id, date, points FROM points_entries ORDER BY person_id").fetchall()
    assert got == [(cadres[0], "2026-04-20", 5), (cadres[1], "2026-04-20", 5)]
    again = enrolments.credit_points(db, cid, ACTOR)
    assert not again.changes.audit and db.execute("SELECT count(*) FROM points_entries").fetchone() == (2,)
    assert (
        again.message
        == "青二、青一已计入过积分，不再重复记；没有其他需要记积分的青年干部（须已记录参训学时）"
    )
    enrolments.record_attendance(db, rows[cadres[2]], "8", "", ACTOR)
    enrolments.credit_points(db, cid, ACTOR)
    assert db.execute("SELECT count(*) FROM points_entries").fetchone() == (3,)


def test_a_persons_hours_by_year_against_the_requirement(db):
    from app.training.hours import person_years

    (pid,) = people(db, 1)
    for name, start, hours in [
        ("甲班", "2025-03-02", "40"),
        ("乙班", "2026-03-02", "8"),
        ("丙班", "2026-05-04", "4.5"),
    ]:
        cid = course(db, name, "专题培训", start, start, hours)
        enrolments.enrol(db, cid, [pid], ACTOR)
    for eid, hours in zip(
        [r[0] for r in db.execute("SELECT id FROM enrolments ORDER BY id")], ["40", "8", "4.5"], strict=True
    ):
        enrolments.record_attendance(db, eid, hours, "合格", ACTOR)
    assert [(year, p.hours, p.required, p.short) for year, p in person_years(db, pid)] == [
        (2026, D("12.5"), D(48), D("35.5")),
        (2025, D(40), D(48), D(8)),
    ]


def test_hours_count_in_the_year_once_the_course_has_ended(db, pin_today):
    """The 学时统计 and the person form's years count the courses that have ended (by the office's clock), as
    the README says: a list recorded while a course runs is not yet hours done."""
    from app.training.hours import hours_of_year, person_years

    (pid,) = people(db, 1)
    for name, start, end, hours in [("已结束班", "2026-11-02", "2026-11-03", "8"),
                                    ("进行中班", "2026-11-30", "2026-12-04", "16")]:  # fmt: skip
        enrolments.enrol(db, course(db, name, "专题培训", start, end, hours), [pid], ACTOR)
    for eid, hours in db.execute(
        "SELECT e.id, c.hours FROM enrolments e JOIN courses c ON c.id = e.course_id"
    ).fetchall():
        enrolments.record_attendance(db, eid, hours, "合格", ACTOR)
    pin_today(dt.date(2026, 12, 1))
    assert [p.hours for p in hours_of_year(db, 2026)] == [D(8)]
    assert [(y, p.hours) for y, p in person_years(db, pid)] == [(2026, D(8))]
    pin_today(dt.date(2026, 12, 4))  # its last day: ended
    assert [p.hours for p in hours_of_year(db, 2026)] == [D(24)]
    assert [(y, p.hours) for y, p in person_years(db, pid)] == [(2026, D(24))]


def test_a_course_still_running_by_the_offices_clock_credits_no_points(db, pin_today):
    """The project's clock decides whether a course is over (tests and a PC with a wrong date pin it)."""

    (person,) = people(db, 1)
    cid = course(db, "2026年补课班", "补课", "2026-03-02", "2026-03-06", "40")
    enrolments.enrol(db, cid, [person], ACTOR)
    (row,) = db.execute("SELECT id FROM enrolments").fetchone()
    pin_today(dt.date(2026, 3, 4))
    with pytest.raises(OperationRefused, match="2026-03-06 才结束"):
        enrolments.credit_points(db, cid, ACTOR)
    pin_today(dt.date(2026, 3, 9))
    assert "没有需要记积分" in enrolments.credit_points(db, cid, ACTOR).message


def test_a_young_cadre_in_the_recycle_bin_is_not_named_as_waiting_for_points(db):
    from app.people.service import retire_people

    kept, binned = (add_person(db, name, 70 + i, "reserve_cadre") for i, name in enumerate(["青甲", "青乙"]))
    cid = course(db, "2026年青干班", "青干班", "2026-04-07", "2026-04-20", "80")
    enrolments.enrol(db, cid, [kept, binned], ACTOR)
    for (eid,) in db.execute("SELECT id FROM enrolments").fetchall():
        enrolments.record_attendance(db, eid, "80", "合格", ACTOR)
    retire_people(db, [binned], ACTOR)  # 移入回收站
    assert enrolments.waiting_cadres(db, cid) == ["青甲"]
    assert "已为 1 人记积分" in enrolments.credit_points(db, cid, ACTOR).message
