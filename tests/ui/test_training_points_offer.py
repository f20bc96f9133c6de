"""Recording a course's attendance offers to credit the young cadres' points ledger (+5, 参加学习、培训或活动) in
one step: after an attendance list is imported, and after 记录学时与结果 for a young cadre — only when the course
has ended and someone who attended is not yet credited, never twice for the same person and course."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.training import enrolments
from app.training.courses import create_course, get_course
from app.training.listing import course_enrolments
from tests.data.training.make_lists import ROSTER
from tests.ui.conftest import ACTOR, add_person, add_unit, wait_for_jobs
from ui.training import attendance_import
from ui.training.attendance_form import AttendanceForm

DATA = Path(__file__).resolve().parents[1] / "data" / "training"
TITLE = "2026年社区工作者入门培训班"  # the title of 01_merged_title.xlsx: 张三 8, 李四 3, 王小明 1.5, 欧阳娜娜 缺勤
COURSE = {
    "name": TITLE,
    "category": "入门",
    "start_date": "2026-03-02",
    "end_date": "2026-03-03",
    "hours": "8",
}
CADRES = ("张三", "李四", "欧阳娜娜")


@pytest.fixture
def office(ctx):
    """The list's four people: three young cadres and a community worker (王小明); the course of its title."""
    unit = add_unit(ctx.db, "东门社区")
    for name in ("张三", "李四", "王小明", "欧阳娜娜"):
        role = "reserve_cadre" if name in CADRES else "community_worker"
        add_person(ctx.db, name, ROSTER[name], unit, role=role)
    create_course(ctx.db, COURSE, ACTOR)
    return ctx


def credited(db) -> list[tuple]:
    return db.execute(
        "SELECT p.name, x.date, x.points, x.activity FROM enrolments e JOIN people p ON p.id = e.person_id"
        " JOIN points_entries x ON x.id = e.points_entry_id ORDER BY p.name_order"
    ).fetchall()


def import_list(qtbot, ctx, parent, monkeypatch) -> None:
    monkeypatch.setattr(attendance_import, "confirm_plan", lambda parent, plan: True)
    course = get_course(ctx.db, 1)
    attendance_import.import_attendance(parent, ctx, course, DATA / "01_merged_title.xlsx")
    for _ in range(3):
        wait_for_jobs(qtbot)


def test_after_an_import_the_cadres_who_attended_are_credited_in_one_step(
    qtbot, office, answers, parent, monkeypatch
):
    import_list(qtbot, office, parent, monkeypatch)
    (question,) = answers["asked"]
    assert "“2026年社区工作者入门培训班”已结束" in question
    assert "李四、张三 2 名青年干部参训" in question  # the roster's name order and "计入积分吗？" in question
    assert credited(office.db) == [
        ("李四", "2026-03-03", 5, f"参加{TITLE}"),
        ("张三", "2026-03-03", 5, f"参加{TITLE}"),
    ]  # 欧阳娜娜 was absent (0 学时), 王小明 is not a young cadre
    imported, points = answers["informed"]
    assert "已导入" in imported and "备份" in imported  # the import's own message comes first
    assert "已为 2 人记积分 5 分" in points

    answers["asked"].clear()
    import_list(qtbot, office, parent, monkeypatch)  # the same list again: nobody is left to credit
    assert answers["asked"] == [] and len(credited(office.db)) == 2


def test_declined_nothing_is_credited_and_the_course_is_not_offered_again(
    qtbot, office, answers, parent, monkeypatch
):
    answers["ask"] = False
    import_list(qtbot, office, parent, monkeypatch)
    assert len(answers["asked"]) == 1 and credited(office.db) == []
    row = next(r for r in course_enrolments(office.db, 1) if r.name == "张三")
    form = AttendanceForm(office, parent, get_course(office.db, 1), row)
    qtbot.addWidget(form)
    form.fields["hours"].setText("7.5")
    form.save()
    assert form.result is not None and len(answers["asked"]) == 1  # the clerk said no for this course
    assert credited(office.db) == []


def test_a_course_not_yet_ended_offers_nothing(qtbot, office, answers, parent, monkeypatch, pin_today):
    pin_today(dt.date(2026, 3, 2))
    import_list(qtbot, office, parent, monkeypatch)
    assert answers["asked"] == [] and credited(office.db) == []
    assert any("已导入" in text for text in answers["informed"])


def form_for(qtbot, ctx, parent, name: str) -> AttendanceForm:
    row = next(r for r in course_enrolments(ctx.db, 1) if r.name == name)
    form = AttendanceForm(ctx, parent, get_course(ctx.db, 1), row)
    qtbot.addWidget(form)
    return form


def test_recording_a_cadres_hours_offers_the_course_once(qtbot, office, answers, parent):
    people = dict(office.db.execute("SELECT name, id FROM people").fetchall())
    enrolments.enrol(office.db, 1, list(people.values()), ACTOR, confirmed=True)

    worker = form_for(qtbot, office, parent, "王小明")
    worker.fields["hours"].setText("8")
    worker.save()
    assert worker.result is not None and answers["asked"] == []  # not a young cadre

    absent = form_for(qtbot, office, parent, "欧阳娜娜")
    absent.fields["hours"].setText("0")
    absent.save()
    assert absent.result is not None and answers["asked"] == []  # no hours: did not attend

    cadre = form_for(qtbot, office, parent, "张三")
    cadre.fields["hours"].setText("8")
    cadre.fields["result"].setText("合格")
    cadre.save()
    (question,) = answers["asked"]
    assert "张三 1 名青年干部参训" in question
    assert credited(office.db) == [("张三", "2026-03-03", 5, f"参加{TITLE}")]

    again = form_for(qtbot, office, parent, "张三")
    again.fields["result"].setText("90")
    again.save()
    assert again.result is not None and len(answers["asked"]) == 1  # credited already: nothing to offer
    assert len(credited(office.db)) == 1


def test_a_refused_save_offers_nothing(qtbot, office, answers, parent):
    people = dict(office.db.execute("SELECT name, id FROM people").fetchall())
    enrolments.enrol(office.db, 1, [people["张三"]], ACTOR, confirmed=True)
    form = form_for(qtbot, office, parent, "张三")
    form.fields["hours"].setText("12")  # above the course's 8
    form.save()
    assert form.result is None and answers["asked"] == [] and credited(office.db) == []
    assert "8" in form.errors["hours"].text()
