"""今日待办 gathers every area's reminders (app/care/reminders.py SOURCES): a late 帮带任务 is a line of its own kind,
with a deadline (逾期 N 天, counted among 已逾期), sorted by the day it became late, and in the 待办清单 CSV."""

from __future__ import annotations

import csv
import datetime as dt

from app.care.export import export_due
from app.care.reminders import all_due
from app.care.rules import count_by_kind
from app.care.service import record_event
from app.training import pairs
from app.training.due import MENTOR_TASK
from app.training.mentor_pool import save_mentor
from tests.app.conftest import ACTOR, add_person
from tests.ids import make_id

DAY = dt.date(2026, 6, 10)


def office(db, monkeypatch) -> int:
    """张三 (a young cadre) with 何志强 as mentor and a task due 2026-06-01; 李四 fell ill on 2026-06-05."""
    from app.training import mentor_writes

    monkeypatch.setattr(mentor_writes, "utc_now", lambda: "2026-05-01T02:00:00+00:00")
    zhang = add_person(db, "张三", 1, "reserve_cadre")
    li = add_person(db, "李四", 2)
    mentor = save_mentor(db, None, {"name": "何志强"}, ACTOR).record_id
    pair = {"mentor_id": mentor, "mentee_id": zhang, "kind": "一对一", "start_date": "2026-03-01"}
    pair_id = pairs.save_pair(db, None, pair, ACTOR).record_id
    record_event(db, li, "生病住院", "2026-06-05", ACTOR)
    return pairs.add_task(db, pair_id, "调研报告", "2026-06-01", ACTOR).record_id


def test_a_late_mentor_task_is_a_line_with_a_deadline(db, monkeypatch):
    office(db, monkeypatch)
    items = all_due(db, DAY)
    task = next(i for i in items if i.kind == MENTOR_TASK)
    assert (task.name, task.subject, task.due, task.days_late) == (
        "张三", "调研报告（导师：何志强）", dt.date(2026, 6, 1), 9
    )  # fmt: skip
    assert task.overdue and task.deadline and task.since == dt.date(2026, 6, 2)
    assert count_by_kind(items)[MENTOR_TASK] == 1
    # newest duty first: the illness of 06-05 came after the task became late on 06-02
    assert [i.kind for i in items] == ["待走访", MENTOR_TASK]


def test_the_line_goes_once_the_task_is_done_and_is_in_the_csv_until_then(db, monkeypatch, tmp_path):
    task_id = office(db, monkeypatch)
    out = tmp_path / "待办.csv"
    export_due(all_due(db, DAY), out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [MENTOR_TASK, "张三", make_id(1), "调研报告（导师：何志强）", "2026-06-01", "9"] in rows
    pairs.finish_task(db, task_id, "2026-06-08", ACTOR)
    assert [i.kind for i in all_due(db, DAY)] == ["待走访"]
