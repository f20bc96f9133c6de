"""The 帮带任务 that 今日待办 lists: past their 期限 and not done, of pairs still in use, as of a day — from the day
after the 期限 (never before), gone once done (by that day) or binned with its pair or mentee."""

from __future__ import annotations

import datetime as dt

import pytest

from app.care.reminders import all_due
from app.people.service import retire_people
from app.training import pairs
from app.training.due import MENTOR_TASK, late_task, late_tasks
from app.training.mentor_pool import save_mentor
from tests.app.conftest import ACTOR, add_person

DAY = dt.date(2026, 6, 10)


@pytest.fixture
def office(db, monkeypatch):
    """Assigned on 2026-05-01: 张三's pair (何志强) with four tasks, 李四's pair (刘建国) with one."""
    from app.training import mentor_writes

    monkeypatch.setattr(mentor_writes, "utc_now", lambda: "2026-05-01T02:00:00+00:00")
    zhang = add_person(db, "张三", 1, "reserve_cadre")
    li = add_person(db, "李四", 2, "reserve_cadre")
    he = save_mentor(db, None, {"name": "何志强"}, ACTOR).record_id
    liu = save_mentor(db, None, {"name": "刘建国"}, ACTOR).record_id
    first = pairs.save_pair(db, None, pair(he, zhang), ACTOR).record_id
    second = pairs.save_pair(db, None, pair(liu, li), ACTOR).record_id
    for task, due in (("调研报告", "2026-06-01"), ("走访十户", "2026-06-09"), ("今天交", "2026-06-10"),
                      ("月底交", "2026-06-30"), ("没有期限", "")):  # fmt: skip
        pairs.add_task(db, first, task, due, ACTOR)
    pairs.add_task(db, second, "读书笔记", "2026-05-20", ACTOR)
    return {"zhang": zhang, "li": li, "first": first, "second": second}


def pair(mentor: int, mentee: int) -> dict:
    return {"mentor_id": mentor, "mentee_id": mentee, "kind": "一对一", "start_date": "2026-03-01"}


def shown(db, day=DAY) -> list[tuple]:
    return [(t.mentee, t.about, t.due.isoformat(), t.days_late(day)) for t in late_tasks(db, day)]


def test_late_tasks_are_listed_from_the_day_after_their_due_date_longest_late_first(db, office):
    assert shown(db) == [
        ("李四", "读书笔记（导师：刘建国）", "2026-05-20", 21),
        ("张三", "调研报告（导师：何志强）", "2026-06-01", 9),
        ("张三", "走访十户（导师：何志强）", "2026-06-09", 1),
    ]  # 今天交 is due today, 月底交 later and 没有期限 never: none of them is late


def test_a_task_done_by_the_day_goes_one_done_later_was_still_late_then(db, office):
    (task_id,) = [t.task_id for t in late_tasks(db, DAY) if t.task == "调研报告"]
    pairs.finish_task(db, task_id, "2026-06-05", ACTOR)
    assert "调研报告（导师：何志强）" not in [row[1] for row in shown(db)]
    assert ("张三", "调研报告（导师：何志强）", "2026-06-01", 3) in shown(db, dt.date(2026, 6, 4))


def test_a_day_before_the_tasks_were_assigned_lists_none(db, office):
    assert shown(db, dt.date(2026, 4, 30)) == []
    assert [row[1] for row in shown(db, dt.date(2026, 5, 21))] == ["读书笔记（导师：刘建国）"]


def test_a_binned_pair_or_mentee_takes_its_tasks_off(db, office):
    pairs.bin_record(db, "mentor_pair", office["second"], ACTOR)
    assert {row[0] for row in shown(db)} == {"张三"}
    retire_people(db, [office["zhang"]], ACTOR)
    assert shown(db) == []


def test_a_line_finds_its_task_until_it_is_done(db, office):
    late = late_tasks(db, DAY)[1]
    found = late_task(db, DAY, late.task_id)
    assert found == late and found.pair_id == office["first"]
    lines = [i for i in all_due(db, DAY) if i.kind == MENTOR_TASK and i.person_id == office["zhang"]]
    assert late.task_id in {
        i.record_id for i in lines
    }  # each line names its task: nothing is searched by text
    pairs.finish_task(db, late.task_id, "2026-06-10", ACTOR)
    assert late_task(db, DAY, late.task_id) is None
