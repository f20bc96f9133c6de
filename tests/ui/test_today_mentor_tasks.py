"""今日待办's late 帮带任务: a line of its own tab with 逾期 N 天, whose button 查看任务 opens the 导师帮带 page at the
帮带对子 tab with the pair and the task selected; marking the task done there takes the line off."""

from __future__ import annotations

import datetime as dt

import pytest

from app.training import pairs
from app.training.mentor_pool import save_mentor
from tests.ui.care_fixtures import DAY, born, forms, pinned  # noqa: F401 (fixtures)
from tests.ui.conftest import ACTOR, add_person, add_unit
from ui.care.today_model import Col
from ui.care.today_page import TodayPage
from ui.main_window import MainWindow


@pytest.fixture
def tasks(ctx, pinned, monkeypatch):  # noqa: F811
    """Assigned before DAY: 李四's pair (刘建国) with a task on time; 张三's pair (何志强) with a task done, one due
    on DAY and one late since 2025-06-03."""
    from app.training import mentor_writes

    monkeypatch.setattr(mentor_writes, "utc_now", lambda: "2025-05-01T02:00:00+00:00")
    unit = add_unit(ctx.db, "东门社区")
    zhang = add_person(ctx.db, "张三", born(dt.date(1995, 3, 1), 1), unit, role="reserve_cadre")
    li = add_person(ctx.db, "李四", born(dt.date(1996, 4, 1), 2), unit, role="reserve_cadre")
    he = save_mentor(ctx.db, None, {"name": "何志强"}, ACTOR).record_id
    liu = save_mentor(ctx.db, None, {"name": "刘建国"}, ACTOR).record_id
    first = pairs.save_pair(ctx.db, None, pair(liu, li), ACTOR).record_id
    second = pairs.save_pair(ctx.db, None, pair(he, zhang), ACTOR).record_id
    pairs.add_task(ctx.db, first, "读书笔记", "2025-07-01", ACTOR)
    done = pairs.add_task(ctx.db, second, "入职谈话", "2025-05-10", ACTOR).record_id
    pairs.finish_task(ctx.db, done, "2025-05-09", ACTOR)
    pairs.add_task(ctx.db, second, "今天交", DAY.isoformat(), ACTOR)
    late = pairs.add_task(ctx.db, second, "社区调研报告", "2025-06-03", ACTOR).record_id
    return {"pair": second, "late": late}


def pair(mentor: int, mentee: int) -> dict:
    return {"mentor_id": mentor, "mentee_id": mentee, "kind": "一对一", "start_date": "2025-03-01"}


def rows(page: TodayPage) -> list[tuple]:
    model = page.model
    return [tuple(model.index(r, c).data() for c in Col) for r in range(model.rowCount())]


def window_on_today(ctx, qtbot) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.page("today").reload()
    return window


def test_a_late_task_is_a_line_of_its_own_tab(qtbot, ctx, tasks):
    page = window_on_today(ctx, qtbot).page("today")
    assert rows(page) == [
        ("帮带任务", "张三", "社区调研报告（导师：何志强）", "2025-06-03", "逾期 7 天", "查看任务")
    ]  # the task due today and the one on time wait; the one done is gone
    assert page.kind_text("帮带任务") == "帮带任务 1" and page.kind_text("已逾期") == "已逾期 1"
    page.show_kind("帮带任务")
    assert page.model.rowCount() == 1


def test_its_button_opens_the_pair_with_the_task_and_marking_it_done_takes_the_line_off(qtbot, ctx, tasks):
    from ui.training.mentoring_forms import TaskDoneForm

    window = window_on_today(ctx, qtbot)
    today = window.page("today")
    today.act(0)
    mentoring = window.page("mentoring")
    assert window.stack.currentWidget() is mentoring and window.nav.currentItem().text() == "导师帮带"
    tab = mentoring.pairs
    assert mentoring.tabs.currentWidget() is tab
    assert tab.model.row_at(tab.table.currentIndex().row()).id == tasks["pair"]  # the second of two pairs
    task = tab.tasks_model.row_at(tab.tasks_table.currentIndex().row())
    assert (task[0], task[1], task[2], task[3]) == (tasks["late"], "社区调研报告", "2025-06-03", "")
    assert tab.done_button.isEnabled()

    form = TaskDoneForm(ctx, tab, task[0])
    qtbot.addWidget(form)
    form.fields["done_date"].setText("2025-06-09")
    form.save()
    assert form.result is not None
    assert rows(today) == [] and today.kind_text("帮带任务") == "帮带任务 0"


def test_a_line_whose_task_was_done_meanwhile_says_so(qtbot, ctx, tasks, answers):
    window = window_on_today(ctx, qtbot)
    today = window.page("today")
    pairs.finish_task(ctx.db, tasks["late"], "2025-06-09", ACTOR)  # another way, not announced
    today.act(0)
    assert answers["informed"] == ["这项帮带任务已经完成，或已随帮带对子移入回收站。"]
    assert window.stack.currentWidget() is today


def test_outside_the_main_window_the_button_opens_the_tasks_done_form(qtbot, ctx, tasks, forms):  # noqa: F811
    page = TodayPage(ctx)
    ctx.changed.connect(page.refresh)  # as the main window passes every change on
    qtbot.addWidget(page)
    forms.answer = lambda form: (form.fields["done_date"].setText("2025-06-09"), form.save())
    page.act(0)
    (form,) = forms
    assert form.task_id == tasks["late"] and form.result is not None
    assert rows(page) == []
