"""The person form's 培训 tab (ui/training/person_tab.py): the person's courses, hours per year against the
requirement, 补课 and pairs as the form shows them, and 打印培训档案 read back from the PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from PySide6.QtWidgets import QTabWidget

from app.appraisal import service
from app.appraisal.service import ScoreInput
from app.training import enrolments, pairs
from app.training.courses import create_course
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id, pdf_text, wait_for_jobs
from ui.people.person_form import PersonDialog
from ui.training.person_tab import PersonTrainingTab

YEAR = 2026


@pytest.fixture(autouse=True)
def december(pin_today):
    """Last year's course and this year's, seen from 1 December of YEAR whatever day the suite runs
    (past midnight on New Year's Eve too)."""
    pin_today(dt.date(YEAR, 12, 1))


@pytest.fixture
def cadre(ctx):
    """安安, a young cadre: 青干班 last year (certificate numbered), a course this year, 补课 from last year's
    appraisal still open, and 张伟 of the mentor pool as mentor."""
    db = ctx.db
    unit = add_unit(db, "桂溪社区")
    ann = add_person(db, "安安", make_id(1), unit, role="reserve_cadre")
    for name, category, start, end, hours, attended in (
        ("青干班", "青干班", f"{YEAR - 1}-04-07", f"{YEAR - 1}-04-18", "80", "80"),
        ("专题学习", "专题培训", f"{YEAR}-01-05", f"{YEAR}-01-05", "6", "4.5"),
    ):
        values = {"name": name, "category": category, "start_date": start, "end_date": end, "hours": hours}
        course_id = create_course(db, values, ACTOR).record_id
        enrolments.enrol(db, course_id, [ann], ACTOR, confirmed=True)
        eid = db.execute("SELECT id FROM enrolments WHERE course_id = ?", [course_id]).fetchone()[0]
        enrolments.record_attendance(db, eid, attended, "合格", ACTOR)
        if category == "青干班":
            enrolments.assign_certificates(db, course_id, ACTOR)
    period = service.open_period(db, "weighted-top20", YEAR - 1, None, ACTOR).made
    keys = [c.key for c in period.scheme.components]
    service.set_many_scores(db, period.id, [ScoreInput(ann, {k: D("70") for k in keys})], ACTOR)
    service.finalize_period(db, period.id, ACTOR, issued_on=dt.date(YEAR, 1, 10))
    mentor = pairs.save_mentor(db, None, {"name": "张伟", "min_mentees": "1", "max_mentees": "3"}, ACTOR)
    pair = {"mentor_id": mentor.record_id, "mentee_id": ann, "kind": "一对一", "start_date": f"{YEAR}-03-01"}
    pairs.save_pair(db, None, pair, ACTOR)
    return ann


def cells(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_the_person_form_gains_the_tab_for_someone_on_the_roster(qtbot, ctx, cadre):
    form = PersonDialog(ctx, cadre)
    qtbot.addWidget(form)
    tabs = form.findChild(QTabWidget, "personTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["基本信息", "考核", "关怀", "培训"]
    assert isinstance(tabs.widget(3), PersonTrainingTab)
    new = PersonDialog(ctx, None)
    qtbot.addWidget(new)
    assert new.findChild(QTabWidget, "personTabs") is None  # a new person has nothing to show yet


def test_the_tab_shows_courses_hours_remedial_and_mentors(qtbot, ctx, cadre):
    tab = PersonTrainingTab(ctx, cadre)
    qtbot.addWidget(tab)
    assert cells(tab.model, 0) == [
        f"{YEAR}-01-05",
        f"{YEAR}-01-05",
        "专题学习",
        "专题培训",
        "6",
        "4.5",
        "合格",
        "",
    ]
    assert cells(tab.model, 1) == [f"{YEAR - 1}-04-07", f"{YEAR - 1}-04-18", "青干班", "青干班", "80", "80", "合格",
                                   f"培训〔{YEAR - 1}〕第001号"]  # fmt: skip
    assert tab.hours_label.text() == (
        f"学时：{YEAR}年 4.5 / 48 学时，差额 43.5；{YEAR - 1}年 80 / 48 学时，已达到要求"
    )
    assert tab.hours_label.property("tone") == "warning"  # this year is still short
    assert tab.remedial_label.text() == (
        f"补课：未完成：{YEAR - 1}年度考核（加权评价·双达标）总分 70.00，需补课不少于 5 个工作日"
    )
    assert tab.pairs_label.text() == f"导师：张伟（一对一，{YEAR}-03-01 至今）"


def test_someone_without_training_sees_why_the_list_is_empty(qtbot, ctx):
    unit = add_unit(ctx.db, "桂溪社区")
    bo = add_person(ctx.db, "博博", make_id(2), unit)
    tab = PersonTrainingTab(ctx, bo)
    qtbot.addWidget(tab)
    assert tab.stack.currentIndex() == 1
    assert tab.hours_label.text() == f"学时：{YEAR}年 0 / 48 学时，差额 48"
    assert tab.remedial_label.isHidden() and tab.pairs_label.isHidden()


def test_print_training_record_reads_back(qtbot, ctx, cadre, answers, viewer):
    answers["ask"] = False  # no 另存为
    tab = PersonTrainingTab(ctx, cadre)
    qtbot.addWidget(tab)
    tab.print_button.click()
    wait_for_jobs(qtbot)
    assert answers["warned"] == [] and len(viewer) == 1
    text = pdf_text(viewer[0])
    assert "培训档案" in text and "安安" in text
    assert "青干班" in text and f"培训〔{YEAR - 1}〕第001号" in text and "专题学习" in text
    assert "张伟" in text
    assert answers["asked"][-1].startswith("已生成培训档案：1 人，1 页")
