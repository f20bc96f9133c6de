"""导入参训名单 in the window: choose the list (.xlsx, .xls, .csv: ID numbers, with hours and result when the file
has them), read and check it in the background against the chosen course — or the course its title names, or a
new one the clerk describes (新建培训班) — and show the dry run (ui/training/attendance_plan.py), where the course
and the sheet can still be changed; then — when the clerk agrees — a backup and one transaction that makes the new
course and writes the attendance (app/training/attendance.py, as `grassroots training import`). Once written, a
course that has ended offers to credit the points of the young cadres who attended (enrolment_panel.offer_points)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget
from sqlite_utils import Database

from app.backups import commit_after_backup
from app.changes import OpResult
from app.training.attendance import AttendancePlan, commit_attendance, plan_attendance
from app.training.attendance_course import CourseNeeded, match_course
from app.training.attendance_text import describe_plan
from app.training.courses import Course
from app.training.rules import STAGE_BEFORE
from ui import dialogs
from ui.commit_job import start_commit
from ui.context import AppContext
from ui.training.attendance_course import ask_new_course
from ui.training.attendance_plan import NEW_COURSE, Choice, PlanDialog
from ui.training.enrolment_panel import offer_points
from ui.worker import Job, JobHandle, start_job

FILTERS = "参训名单 (*.xlsx *.xls *.csv);;所有文件 (*)"


@dataclass(frozen=True)
class Target:
    """Where the list goes: an existing course by name, or a new course's checked values; and which sheet."""

    course: str | None = None
    new_course: dict[str, Any] | None = None
    sheet: str | None = None


def confirm_plan(parent: QWidget | None, plan: AttendancePlan) -> bool | Choice:
    """True when the clerk chose to import, a Choice when they chose another course or sheet, False when they
    cancelled (tests replace this)."""
    dialog = PlanDialog(plan, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.choice or accepted


def import_attendance(
    parent: QWidget, ctx: AppContext, course: Course | None, path: Path | None = None
) -> JobHandle | None:
    """Ask for the file (unless given), then check it against `course` in the background; without a course,
    against the one the list's title names, or a new one."""
    if path is None:
        title = f"导入“{course.name}”的参训名单" if course else "导入参训名单"
        path = dialogs.open_file(parent, title, FILTERS)
        if path is None:
            return None
    return check(parent, ctx, path, Target(course.name if course else None))


def check(parent: QWidget, ctx: AppContext, path: Path, target: Target) -> JobHandle | None:
    if ctx.office.read_only_reason:
        dialogs.warn(parent, "无法导入", ctx.office.read_only_reason)
        return None
    return start_job(
        parent,
        Job(
            title="正在检查参训名单",
            work=lambda db, _progress: _plan_or_need(db, path, target),
            database=ctx.office.path,
            on_done=lambda outcome: _planned(parent, ctx, path, target, outcome),
            on_failed=lambda message: dialogs.warn(parent, "无法导入", f"无法导入“{path.name}”：{message}"),
        ),
    )


def _plan_or_need(db: Database, path: Path, target: Target) -> AttendancePlan | CourseNeeded:
    try:
        return plan_attendance(db, path, target.course, target.new_course, target.sheet)
    except CourseNeeded as need:  # not a failure: the clerk describes the course next
        return need


def _planned(
    parent: QWidget, ctx: AppContext, path: Path, target: Target, outcome: AttendancePlan | CourseNeeded
) -> None:
    if isinstance(outcome, CourseNeeded):
        why = (
            f"名单标题中的“{outcome.titled}”还不是已有的培训班：请补全它的类别、日期和学时。"
            if outcome.titled
            else "没有选择培训班，名单中也没有写明：请新建名单所属的培训班。"
        )
        _new_course(parent, ctx, path, target, {"name": outcome.titled}, why)
        return
    plan = outcome
    choices = plan.other_sheets or plan.titled_course is not None or plan.new_course is not None
    if not plan.to_write() and not plan.rejected() and not choices:
        lines = "\n".join(describe_plan(plan)[:40])
        dialogs.inform(parent, "导入参训名单", f"没有需要导入的人员。\n\n{lines}")
        return
    answer = confirm_plan(parent, plan)
    if isinstance(answer, Choice):
        _chosen(parent, ctx, path, target, plan, answer)
        return
    if not answer or not plan.to_write() or not _stage_confirmed(parent, plan):
        return
    db_path, actor = ctx.office.path, ctx.actor
    start_commit(
        parent,
        ctx,
        "正在导入参训名单",
        lambda db: commit_after_backup(db, db_path, lambda: commit_attendance(db, plan, actor)),
        then=lambda result: _offer_points(parent, ctx, result),
    )


def _stage_confirmed(parent: QWidget, plan: AttendancePlan) -> bool:
    """People new to 进阶 (全面) without 入门 (进阶) are written only once the clerk says so, as 添加人员 asks."""
    if not plan.out_of_stage:
        return True
    names = "、".join(f"{r.name}（第{r.row}行）" for r in plan.out_of_stage[:20])
    more = f"等 {len(plan.out_of_stage)} 人" if len(plan.out_of_stage) > 20 else ""
    before = STAGE_BEFORE[plan.course.category]
    return dialogs.ask(
        parent,
        "确认参训名单",
        f"“{plan.course.name}”是{plan.course.category}培训班，{names}{more}尚未完成“{before}”阶段培训。\n\n"
        "仍按名单照常记录他们参加了培训吗？",
    )


def _offer_points(parent: QWidget, ctx: AppContext, result: OpResult) -> None:
    if result.record_id is not None:  # the course written to (a new one too)
        offer_points(parent, ctx, result.record_id)


def _chosen(
    parent: QWidget, ctx: AppContext, path: Path, target: Target, plan: AttendancePlan, choice: Choice
) -> None:
    if choice.sheet is not None:
        check(parent, ctx, path, dataclasses.replace(target, sheet=choice.sheet))
    elif choice.course == NEW_COURSE:
        start = plan.new_course or {"name": _new_name(ctx, plan)}
        if not _new_course(parent, ctx, path, target, start, ""):
            _planned(parent, ctx, path, target, plan)  # cancelled: back to the same dry run
    else:
        check(parent, ctx, path, Target(choice.course, None, target.sheet))


def _new_name(ctx: AppContext, plan: AttendancePlan) -> str:
    """The title's course name to start a new course with, unless a course of that name exists."""
    return plan.titled if plan.titled and match_course(ctx.db, plan.titled) is None else ""


def _new_course(
    parent: QWidget, ctx: AppContext, path: Path, target: Target, start: dict[str, Any], why: str
) -> bool:
    """Ask for the new course's values and check the list against it; False when the clerk cancelled."""
    values = ask_new_course(parent, ctx, start, why)
    if values is None:
        return False
    check(parent, ctx, path, Target(None, values, target.sheet))
    return True
