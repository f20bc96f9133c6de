"""What mentoring leaves for the office to chase, for 今日待办 and `care due`: the 帮带任务 past their 期限 and not
done, of the pairs still in use (neither the pair nor its mentee in the recycle bin), as of a day.

A task is listed from the day after its 期限, never before: a task is the mentor's and the mentee's to do on
their own schedule, and the office steps in only once one is late. Listing every open task ahead of time would
put each pair's whole plan on the office's daily list and bury the visits and talks it must make itself (the
帮带对子 tab already shows 今天到期 on the day). "As of a day" counts a task assigned by then and not finished by
then, so a past day's list is what the office saw that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

MENTOR_TASK = "帮带任务"  # the reminder's kind (类型) and its tab


@dataclass(frozen=True)
class LateTask:
    task_id: int
    pair_id: int
    mentee_id: int
    mentee: str
    id_number: str
    mentor: str
    task: str
    due: dt.date

    @property
    def about(self) -> str:
        """事由 on the list: the task and whose it is to set (the mentee is the line's person)."""
        return f"{self.task}（导师：{self.mentor}）"

    def days_late(self, day: dt.date) -> int:
        return (day - self.due).days


def late_tasks(db: Database, day: dt.date) -> list[LateTask]:
    """The tasks late on `day` (期限 before it, not done by it, assigned by it), the longest late first."""
    rows = db.execute(
        "SELECT t.id, t.pair_id, p.mentee_id, e.name, e.id_number, m.name, t.task, t.due_date"
        " FROM mentor_tasks t JOIN mentor_pairs p ON p.id = t.pair_id JOIN people e ON e.id = p.mentee_id"
        " JOIN mentors m ON m.id = p.mentor_id"
        " WHERE t.deleted_at IS NULL AND p.deleted_at IS NULL AND e.deleted_at IS NULL"
        " AND t.due_date IS NOT NULL AND t.due_date < :day AND (t.done_date IS NULL OR t.done_date > :day)"
        " AND substr(t.created_at, 1, 10) <= :day ORDER BY t.due_date, e.name_order, t.id",
        {"day": day.isoformat()},
    ).fetchall()
    return [LateTask(*row[:7], dt.date.fromisoformat(row[7])) for row in rows]


def late_task(db: Database, day: dt.date, task_id: int) -> LateTask | None:
    """The late task a reminder line stands for, or None once it is done or binned."""
    return next((t for t in late_tasks(db, day) if t.task_id == task_id), None)
