"""导入参训名单 in the window, into the course chosen on the 培训班 tab: choose the list (.xlsx, .xls, .csv: ID
numbers, with hours and result when the file has them), read and check it in the background (the dry run: what
each row would do, why a row is refused), then — when the clerk agrees — a backup and one transaction
(app/training/attendance.py, as `grassroots training import`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.backups import commit_after_backup
from app.training.attendance import AttendancePlan, commit_attendance, describe_plan, plan_attendance
from app.training.courses import Course
from ui import dialogs
from ui.commit_job import start_commit
from ui.context import AppContext
from ui.widgets import ok_cancel_buttons
from ui.worker import Job, JobHandle, start_job

FILTERS = "参训名单 (*.xlsx *.xls *.csv);;所有文件 (*)"


class PlanDialog(QDialog):
    """The dry run, whole: the summary on top, every row's fate below; 导入 writes the accepted rows."""

    def __init__(self, plan: AttendancePlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入参训名单：检查结果"))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        summary = QLabel(
            self.tr("“{0}” → “{1}”：{2}。").format(plan.file_name, plan.course.name, plan.summary())
        )
        summary.setWordWrap(True)
        summary.setObjectName("countLabel")
        layout.addWidget(summary)
        report = QPlainTextEdit("\n".join(describe_plan(plan)))
        report.setReadOnly(True)
        layout.addWidget(report, 1)
        if plan.rejected():
            layout.addWidget(QLabel(self.tr("被拒绝的行不会导入，请按说明改正后再导入一次。")))
        count = len(plan.to_write())
        buttons = ok_cancel_buttons(self, self.tr("导入 {0} 人").format(count), self.tr("取消"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(count > 0)
        layout.addWidget(buttons)


def confirm_plan(parent: QWidget | None, plan: AttendancePlan) -> bool:
    """True when the clerk chose to import (tests replace this)."""
    return PlanDialog(plan, parent).exec() == QDialog.DialogCode.Accepted


def import_attendance(
    parent: QWidget, ctx: AppContext, course: Course, path: Path | None = None
) -> JobHandle | None:
    """Ask for the file (unless given), then check it against `course` in the background."""
    if path is None:
        path = dialogs.open_file(parent, f"导入“{course.name}”的参训名单", FILTERS)
        if path is None:
            return None
    if ctx.office.read_only_reason:
        dialogs.warn(parent, "无法导入", ctx.office.read_only_reason)
        return None
    return start_job(
        parent,
        Job(
            title="正在检查参训名单",
            work=lambda db, _progress: plan_attendance(db, path, course.name),
            database=ctx.office.path,
            on_done=lambda plan: _planned(parent, ctx, plan),
            on_failed=lambda message: dialogs.warn(parent, "无法导入", f"无法导入“{path.name}”：{message}"),
        ),
    )


def _planned(parent: QWidget, ctx: AppContext, plan: AttendancePlan) -> None:
    if not plan.to_write() and not plan.rejected():
        lines = "\n".join(describe_plan(plan)[:40])
        dialogs.inform(parent, "导入参训名单", f"没有需要导入的人员。\n\n{lines}")
        return
    if not confirm_plan(parent, plan) or not plan.to_write():
        return
    db_path, actor = ctx.office.path, ctx.actor
    start_commit(
        parent,
        ctx,
        "正在导入参训名单",
        lambda db: commit_after_backup(db, db_path, lambda: commit_attendance(db, plan, actor)),
    )
