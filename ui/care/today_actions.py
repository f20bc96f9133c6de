"""What each reminder's button does: the record it asks for, already filled in. A 待走访 opens a visit form with
the person and the event; a 待谈话 a talk form; 生日 a 生日慰问; 回访 a visit or talk like the one it follows;
体检 a health check; 试用期满 the 转正 (status 在岗); a late 帮带任务 the 导师帮带 page at the pair with the task
selected, where it is marked done. A kind this table does not know (another area's reminder) opens the person's
record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.care.rules import (
    BIRTHDAY,
    BIRTHDAY_GREETING,
    DUE_TALK,
    DUE_VISIT,
    FOLLOW_UP,
    HEALTH,
    PROBATION_END,
    DueItem,
)
from app.training.due import MENTOR_TASK
from ui import dialogs
from ui.care import form_parts
from ui.context import AppContext

_FOLLOW = re.compile(r"^(走访|谈话)回访（(.+)）$")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Care", text)


@dataclass(frozen=True)
class DueAction:
    text: str  # the button: 记录走访
    run: Callable[[QWidget, AppContext, DueItem], object]


def _visit(parent: QWidget, ctx: AppContext, item: DueItem) -> object:
    from ui.care.visit_form import VisitForm

    return form_parts.run_form(VisitForm(ctx, parent, person_ids=[item.person_id], event_id=item.event_id))


def _talk(parent: QWidget, ctx: AppContext, item: DueItem) -> object:
    from ui.care.talk_form import TalkForm

    return form_parts.run_form(TalkForm(ctx, parent, person_id=item.person_id, event_id=item.event_id))


def _birthday(parent: QWidget, ctx: AppContext, item: DueItem) -> object:
    from ui.care.visit_form import VisitForm

    return form_parts.run_form(VisitForm(ctx, parent, person_ids=[item.person_id], kind=BIRTHDAY_GREETING))


def _follow_up(parent: QWidget, ctx: AppContext, item: DueItem) -> object:
    """A 回访 of a visit is a visit of the same kind; of a talk, a talk of the same reason."""
    from ui.care.talk_form import TalkForm
    from ui.care.visit_form import VisitForm

    match = _FOLLOW.match(item.subject)
    what, why = match.groups() if match else ("走访", "")
    if what == "谈话":
        return form_parts.run_form(TalkForm(ctx, parent, person_id=item.person_id, reason=why))
    return form_parts.run_form(VisitForm(ctx, parent, person_ids=[item.person_id], kind=why))


def _health(parent: QWidget, ctx: AppContext, item: DueItem) -> object:
    from ui.care.health_form import HealthCheckForm

    return form_parts.run_form(HealthCheckForm(ctx, parent, person_id=item.person_id))


def _confirm_post(parent: QWidget, ctx: AppContext, item: DueItem) -> object:
    from app.people.service import set_field_for_people

    question = _tr("{0}的试用期于 {1} 期满。确认已办理转正，将状态改为“在岗”吗？").format(
        item.name, item.due.isoformat()
    )
    if not dialogs.ask(parent, _tr("办理转正"), question):
        return None
    db, actor = ctx.db, ctx.actor
    return ctx.perform(parent, lambda: set_field_for_people(db, [item.person_id], "status", "在岗", actor))


def _mentor_task(parent: QWidget, ctx: AppContext, item: DueItem) -> object:
    """The main window's 导师帮带 page, 帮带对子 tab, the pair and the task selected: there the clerk sees the pair's
    other tasks and log before 标记完成…. Outside the main window (nowhere to go), the task's 标记完成 form."""
    from app.training.due import late_task
    from ui.main_window import MainWindow
    from ui.pages import page_index
    from ui.training.mentoring_forms import TaskDoneForm

    day = item.due + dt.timedelta(days=item.days_late)  # the day the line was computed for
    task = late_task(ctx.db, day, item.record_id) if item.record_id is not None else None
    if task is None:
        dialogs.inform(parent, _tr("帮带任务"), _tr("这项帮带任务已经完成，或已随帮带对子移入回收站。"))
        return None
    window = parent.window()
    if not isinstance(window, MainWindow):
        return form_parts.run_form(TaskDoneForm(ctx, parent, task.task_id))
    window.show_page(page_index("mentoring"))
    return window.page("mentoring").show_task(task.pair_id, task.task_id)


def _open_person(parent: QWidget, ctx: AppContext, item: DueItem) -> object:
    from ui.people.person_form import PersonDialog

    return PersonDialog(ctx, item.person_id, parent).exec()


ACTIONS: dict[str, DueAction] = {
    DUE_VISIT: DueAction("记录走访", _visit),
    DUE_TALK: DueAction("记录谈话", _talk),
    BIRTHDAY: DueAction("生日慰问", _birthday),
    FOLLOW_UP: DueAction("记录回访", _follow_up),
    HEALTH: DueAction("记录体检", _health),
    PROBATION_END: DueAction("办理转正", _confirm_post),
    MENTOR_TASK: DueAction("查看任务", _mentor_task),
}
OPEN_PERSON = DueAction("查看档案", _open_person)


def action_for(kind: str) -> DueAction:
    return ACTIONS.get(kind, OPEN_PERSON)
