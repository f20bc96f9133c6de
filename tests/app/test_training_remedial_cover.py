"""Attendance at a 补课 course and the remedial requirements (补课要求) it closes, read back from the database:
only attendance covering the required working days closes one (pro rata, trial finding 1); correcting it so
it no longer covers reopens the requirement, unless another course still covers it (finding 2); a course not
ended yet closes nothing, and a list re-imported unchanged after it ended closes them then (finding 3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import openpyxl
import pytest

from app.appraisal import remedial, service
from app.appraisal.service import ScoreInput
from app.audit import query
from app.exchange.plan import Action
from app.training import courses, enrolments
from app.training.attendance import commit_attendance, plan_attendance
from app.training.attendance_text import describe_plan
from app.training.hours import hours_of_year, person_years
from tests.app.conftest import ACTOR, add_person
from tests.ids import make_id

NAMES = ["张三", "李四", "王五", "赵六"]
PERIOD = "2025年度考核（加权评价·双达标）"
WEEK = {"category": "补课", "start_date": "2026-03-02", "end_date": "2026-03-06", "hours": "40"}


def owe_a_week(db, pin_today, names: list[str]) -> list[int]:
    """Community workers of these names, each owing a 补课 of 5 working days since 2026-01-10 (a 2025 period of
    70 everywhere, finalized then); the app's day is 1 December 2026."""
    pin_today(dt.date(2026, 12, 1))
    ids = [add_person(db, name, i) for i, name in enumerate(names, 1)]
    period = service.open_period(db, "weighted-top20", 2025, None, ACTOR).made
    keys = [c.key for c in period.scheme.components]
    service.set_many_scores(db, period.id, [ScoreInput(p, {k: D(70) for k in keys}) for p in ids], ACTOR)
    service.finalize_period(db, period.id, ACTOR, issued_on=dt.date(2026, 1, 10))
    return ids


@pytest.fixture
def owing(db, pin_today):
    """Four community workers, each owing a 补课 of 5 working days since 2026-01-10; seen from 1 December."""
    return dict(zip(NAMES, owe_a_week(db, pin_today, NAMES), strict=True))


def sheet(tmp_path, *rows, name="补课.xlsx"):
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "学时", "结果"])
    for row in rows:
        book.active.append(list(row))
    path = tmp_path / name
    book.save(path)
    return path


def row_of(name: str, hours, result=None) -> tuple:
    return (name, make_id(NAMES.index(name) + 1), hours, result)


def closed(db) -> dict[str, tuple]:
    return {r.name: (r.closed_on, r.course) for r in remedial.list_requirements(db)}


def test_a_few_hours_of_a_week_close_nothing_and_the_dry_run_says_only_what_closes(db, owing, tmp_path):
    path = sheet(tmp_path, row_of("张三", 40, "合格"), row_of("李四", "4学时", "合格"), row_of("王五", "2小时"),
                 row_of("赵六", None, "合格"))  # fmt: skip
    plan = plan_attendance(db, path, "冬季补课班", WEEK)
    lines = describe_plan(plan)
    assert f"  第2行 张三：新增（40 学时，合格），将完成补课：{PERIOD}" in lines
    assert "  第3行 李四：新增（4 学时，合格）" in lines  # nothing about 补课: 4 of 40 学时 is no week
    assert "  第4行 王五：新增（2 学时，未填结果）" in lines
    assert "  第5行 赵六：新增（未填学时，合格）" in lines
    assert "将完成补课 1 项" in plan.summary()
    result = commit_attendance(db, plan, ACTOR)
    assert "完成补课 1 项" in result.message
    assert closed(db) == {
        "张三": (dt.date(2026, 3, 6), "冬季补课班"),
        "李四": (None, None),
        "王五": (None, None),
        "赵六": (None, None),
    }


def test_part_of_a_longer_course_covers_the_required_days_pro_rata(db, owing):
    """Six working days of 40 学时: 33.5 cover five days, 33 do not — in the window's 记录学时与结果 too."""
    cid = courses.create_course(db, {"name": "六天补课班", **WEEK, "end_date": "2026-03-09"}, ACTOR).record_id
    enrolments.enrol(db, cid, [owing["张三"], owing["李四"]], ACTOR)
    rows = dict(db.execute("SELECT person_id, id FROM enrolments"))
    short = enrolments.record_attendance(db, rows[owing["李四"]], "33", "合格", ACTOR)
    enough = enrolments.record_attendance(db, rows[owing["张三"]], "33.5", "合格", ACTOR)
    assert not short.changes.appraisal and "补课已完成" not in short.message
    assert enough.changes.appraisal and "“张三”的补课已完成（六天补课班，6 个工作日）" in enough.message
    assert closed(db)["张三"] == (dt.date(2026, 3, 9), "六天补课班") and closed(db)["李四"] == (None, None)


def closed_by_import(db, tmp_path) -> int:
    """张三 and 李四 complete the week's 补课 by an imported list; the course's id."""
    path = sheet(tmp_path, row_of("张三", 40, "合格"), row_of("李四", 40, "合格"))
    commit_attendance(db, plan_attendance(db, path, "冬季补课班", WEEK), ACTOR)
    assert {name for name, (on, _c) in closed(db).items() if on} == {"张三", "李四"}
    return courses.find_course(db, "冬季补课班").id


def test_a_correction_to_an_absence_reopens_the_requirement_it_closed(db, owing, tmp_path):
    closed_by_import(db, tmp_path)
    path = sheet(tmp_path, row_of("张三", "缺勤"), row_of("李四", 40, "合格"), name="更正.xlsx")
    plan = plan_attendance(db, path, "冬季补课班", None)
    assert f"  第2行 张三：更新（40 学时，合格 → 缺勤，0 学时），将重新打开补课：{PERIOD}" in describe_plan(
        plan
    )
    assert "  第3行 李四：已在班中，学时和结果与记录相同" in describe_plan(plan)
    assert "将重新打开补课 1 项" in plan.summary()
    result = commit_attendance(db, plan, ACTOR)
    assert "重新打开补课 1 项" in result.message and result.changes.appraisal
    assert closed(db) == {
        "张三": (None, None),
        "李四": (dt.date(2026, 3, 6), "冬季补课班"),
        "王五": (None, None),
        "赵六": (None, None),
    }
    linked = db.execute("SELECT course_id, course_days, closed_by FROM remedial_requirements WHERE person_id = ?",
                        [owing["张三"]]).fetchone()  # fmt: skip
    assert linked == (None, None, None)
    reopened = [e for e in query(db, entity="remedial") if e.action == "update"]
    assert [(e.label, e.before["closed_on"], e.after["closed_on"]) for e in reopened] == [
        (f"张三 {PERIOD} 补课", "2026-03-06", None)
    ]


@pytest.mark.parametrize(
    ("hours", "result"), [("缺勤", ""), ("20", "合格"), ("40", "不合格"), ("40", "55"), ("", "")]
)
def test_the_window_reopens_a_requirement_its_correction_no_longer_covers(db, owing, tmp_path, hours, result):
    cid = closed_by_import(db, tmp_path)
    (eid,) = db.execute("SELECT id FROM enrolments WHERE course_id = ? AND person_id = ?",
                        [cid, owing["张三"]]).fetchone()  # fmt: skip
    if hours == "缺勤":
        db.execute("UPDATE enrolments SET note = '缺勤' WHERE id = ?", [eid])
        hours = "0"
    done = enrolments.record_attendance(db, eid, hours, result, ACTOR)
    assert done.changes.appraisal and f"“张三”的补课已重新打开（{PERIOD}）" in done.message
    assert "“冬季补课班”的参训已不够补课要求" in done.message
    assert closed(db)["张三"] == (None, None) and closed(db)["李四"][0] == dt.date(2026, 3, 6)


def test_a_requirement_another_course_still_covers_passes_to_it(db, owing, tmp_path):
    spring = courses.create_course(db, {"name": "春季补课班", **WEEK, "start_date": "2026-04-06",
                                        "end_date": "2026-04-10"}, ACTOR).record_id  # fmt: skip
    cid = closed_by_import(db, tmp_path)  # the winter course (ending first) closed it
    enrolments.enrol(db, spring, [owing["张三"]], ACTOR)
    rows = dict(db.execute("SELECT course_id, id FROM enrolments WHERE person_id = ?", [owing["张三"]]))
    enrolments.record_attendance(db, rows[spring], "40", "合格", ACTOR)  # closed already: nothing more
    assert closed(db)["张三"] == (dt.date(2026, 3, 6), "冬季补课班")
    done = enrolments.record_attendance(db, rows[cid], "8", "合格", ACTOR)
    assert f"“张三”的补课改为由“春季补课班”完成（{PERIOD}）" in done.message
    assert closed(db)["张三"] == (dt.date(2026, 4, 10), "春季补课班")
    linked = db.execute("SELECT course_id FROM remedial_requirements WHERE person_id = ?", [owing["张三"]])
    assert linked.fetchone() == (spring,)


def test_moving_someone_out_of_the_course_keeps_the_requirement_closed(db, owing, tmp_path):
    """移出 (to the recycle bin) is not a correction of the attendance: the training took place."""
    cid = closed_by_import(db, tmp_path)
    (eid,) = db.execute("SELECT id FROM enrolments WHERE course_id = ? AND person_id = ?",
                        [cid, owing["张三"]]).fetchone()  # fmt: skip
    enrolments.remove_enrolment(db, eid, ACTOR)
    assert closed(db)["张三"] == (dt.date(2026, 3, 6), "冬季补课班")


def test_a_course_not_ended_closes_its_remedial_once_it_has(db, owing, tmp_path, pin_today):
    running = {**WEEK, "start_date": "2026-11-30", "end_date": "2026-12-04"}
    path = sheet(tmp_path, row_of("张三", 40, "合格"), row_of("李四", 40, "合格"))
    plan = plan_attendance(db, path, "跨月补课班", running)
    said = "培训班尚未结束（结束于 2026-12-04）：补课要在培训班结束后才算完成，届时再导入一次名单或在窗口中记录即可"
    assert any(said in line for line in plan.notices) and "将完成补课" not in "\n".join(describe_plan(plan))
    commit_attendance(db, plan, ACTOR)
    assert closed(db)["张三"] == (None, None)
    hours = {p.name: p.hours for p in hours_of_year(db, 2026)}
    assert hours["张三"] == 0  # the hours count once the course has ended
    assert person_years(db, owing["张三"]) == []
    pin_today(dt.date(2026, 12, 7))
    again = plan_attendance(db, path, "跨月补课班", None)
    assert [(r.action, r.remedial_only) for r in again.rows] == [(Action.UNCHANGED, True)] * 2
    assert not any("尚未结束" in line for line in again.notices)
    lines = describe_plan(again)
    assert f"  第2行 张三：已在班中，学时和结果与记录相同（40 学时，合格）；将完成补课：{PERIOD}" in lines
    assert "新增 0 人，更新 0 人，只更新补课 2 人，无变化 0 人" in again.summary()
    result = commit_attendance(db, again, ACTOR)
    assert "完成补课 2 项" in result.message
    assert closed(db)["张三"] == (dt.date(2026, 12, 4), "跨月补课班")
    assert {p.name: p.hours for p in hours_of_year(db, 2026)}["张三"] == 40
    assert db.execute(
        "SELECT count(*) FROM audit_log WHERE entity = 'enrolment' AND action = 'update'"
    ).fetchone() == (0,)
    third = plan_attendance(db, path, "跨月补课班", None)
    assert third.to_write() == [] and "无变化 2 人" in third.summary()


def test_saving_unchanged_in_the_window_after_the_end_closes_it(db, owing, pin_today):
    cid = courses.create_course(db, {"name": "跨月补课班", **WEEK, "start_date": "2026-11-30",
                                     "end_date": "2026-12-04"}, ACTOR).record_id  # fmt: skip
    enrolments.enrol(db, cid, [owing["张三"]], ACTOR)
    (eid,) = db.execute("SELECT id FROM enrolments").fetchone()
    first = enrolments.record_attendance(db, eid, "40", "合格", ACTOR)
    assert not first.changes.appraisal and closed(db)["张三"] == (None, None)
    pin_today(dt.date(2026, 12, 4))
    later = enrolments.record_attendance(db, eid, "40", "合格", ACTOR)
    assert later.changes.appraisal and later.message.startswith("参训记录没有修改；“张三”的补课已完成")
    assert closed(db)["张三"] == (dt.date(2026, 12, 4), "跨月补课班")
    assert enrolments.record_attendance(db, eid, "40", "合格", ACTOR).message == "参训记录没有修改"


def test_an_imported_correction_says_which_course_takes_the_requirement_over(db, owing, tmp_path):
    spring = courses.create_course(db, {"name": "春季补课班", **WEEK, "start_date": "2026-04-06",
                                        "end_date": "2026-04-10"}, ACTOR).record_id  # fmt: skip
    closed_by_import(db, tmp_path)
    enrolments.enrol(db, spring, [owing["张三"]], ACTOR)
    (eid,) = db.execute("SELECT id FROM enrolments WHERE course_id = ?", [spring]).fetchone()
    enrolments.record_attendance(db, eid, "40", "合格", ACTOR)
    path = sheet(tmp_path, row_of("张三", 8, "合格"), row_of("李四", "请假"), name="更正.xlsx")
    plan = plan_attendance(db, path, "冬季补课班", None)
    lines = describe_plan(plan)
    assert (
        f"  第2行 张三：更新（40 学时，合格 → 8 学时，合格），将改为由“春季补课班”完成补课：{PERIOD}" in lines
    )
    assert f"  第3行 李四：更新（40 学时，合格 → 请假，0 学时），将重新打开补课：{PERIOD}" in lines
    assert "将重新打开补课 1 项" in plan.summary()
    result = commit_attendance(db, plan, ACTOR)
    assert "重新打开补课 1 项，1 项补课改为由其他培训班完成" in result.message
    assert closed(db)["张三"] == (dt.date(2026, 4, 10), "春季补课班") and closed(db)["李四"] == (None, None)
