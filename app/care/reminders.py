"""今日待办 as one list from every area that has reminders: care's duties, birthdays, follow-ups, health checks
and probation ends (app/care/queries.due_on), then what other areas add — the appraisal's 补课 and 表彰建议, the
late 帮带任务 of mentoring — each a function (db, day) → DueItems appended to SOURCES. The items share one shape (kind, person,
about, due date, days late), so the page, its counts and the CSV take a new kind without a change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlite_utils import Database

from app.care.queries import due_on
from app.care.rules import DueItem, newest_first

Source = Callable[[Database, dt.date], list[DueItem]]


def appraisal_followups(db: Database, day: dt.date) -> list[DueItem]:
    """Open 补课 and 表彰建议 (app/appraisal/followups). Neither has a deadline in the district's rules: the item
    is due from the day it arose (定稿, or the last 优秀), and 逾期天数 counts the days it has waited since."""
    from app.appraisal.followups import due_followups

    return [
        DueItem(
            f.kind,
            f.person_id,
            f.name,
            f.id_number,
            f.about,
            f.since,
            (day - f.since).days,
            since=f.since,
            deadline=False,
        )
        for f in due_followups(db, day)
    ]


def late_mentor_tasks(db: Database, day: dt.date) -> list[DueItem]:
    """帮带任务 past their 期限 and not done (app/training/due.py): the person is the mentee, the deadline is the
    task's 期限, and the line arrived the day after it, when the task became late."""
    from app.training.due import MENTOR_TASK, late_tasks

    return [
        DueItem(
            MENTOR_TASK,
            t.mentee_id,
            t.mentee,
            t.id_number,
            t.about,
            t.due,
            t.days_late(day),
            since=t.due + dt.timedelta(days=1),
            record_id=t.task_id,
        )
        for t in late_tasks(db, day)
    ]


SOURCES: list[Source] = [due_on, appraisal_followups, late_mentor_tasks]


def all_due(db: Database, day: dt.date) -> list[DueItem]:
    """Everything open on `day` from every source, newest duty first."""
    return sorted((item for source in SOURCES for item in source(db, day)), key=newest_first)
