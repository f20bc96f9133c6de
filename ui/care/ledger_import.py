"""导入关怀台账 in the window: choose the file, read and check it in the background (the dry run: what each row
would do and why a row is refused, with the sheet's own row numbers), then — when the clerk agrees — a backup
and one transaction for every accepted row (app/care/ledger.py, as `grassroots care import`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.care.ledger import LedgerPlan, describe_plan, plan_ledger
from app.care.ledger_commit import backup_and_commit
from ui import dialogs
from ui.context import AppContext
from ui.widgets import ok_cancel_buttons
from ui.worker import Job, JobHandle, start_job

FILTERS = "关怀台账 (*.xlsx *.xls *.csv);;所有文件 (*)"


class PlanDialog(QDialog):
    """The dry run, whole: the summary on top, every row's fate below; 导入 writes the accepted rows."""

    def __init__(self, plan: LedgerPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入关怀台账：检查结果"))
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        summary = QLabel(self.tr("“{0}”：{1}。").format(plan.file_name, plan.summary()))
        summary.setWordWrap(True)
        summary.setObjectName("countLabel")
        layout.addWidget(summary)
        self.report = QPlainTextEdit("\n".join(describe_plan(plan)))
        self.report.setReadOnly(True)
        layout.addWidget(self.report, 1)
        count = len(plan.to_write())
        note = (
            self.tr("被拒绝的行不会导入，请按说明改正后再导入一次（已导入的行会自动跳过）。")
            if plan.rejected()
            else ""
        )
        if note:
            layout.addWidget(QLabel(note))
        buttons = ok_cancel_buttons(self, self.tr("导入 {0} 条").format(count), self.tr("取消"))
        layout.addWidget(buttons)


def confirm_plan(parent: QWidget | None, plan: LedgerPlan) -> bool:
    """Whether the clerk chose to import (tests replace this)."""
    return PlanDialog(plan, parent).exec() == QDialog.DialogCode.Accepted


def import_ledger(parent: QWidget, ctx: AppContext, path: Path | None = None) -> JobHandle | None:
    """Ask for the file (unless given), then check it in the background; the rest follows from there."""
    if path is None:
        path = dialogs.open_file(parent, "导入关怀台账", FILTERS)
        if path is None:
            return None
    if ctx.office.read_only_reason:
        dialogs.warn(parent, "无法导入", ctx.office.read_only_reason)
        return None
    return start_job(
        parent,
        Job(
            title="正在检查关怀台账",
            work=lambda db, _progress: plan_ledger(db, path),
            database=ctx.office.path,
            on_done=lambda plan: _planned(parent, ctx, plan),
            on_failed=lambda message: dialogs.warn(parent, "无法导入", f"无法导入“{path.name}”：{message}"),
        ),
    )


def _planned(parent: QWidget, ctx: AppContext, plan: LedgerPlan) -> None:
    if not plan.to_write():
        lines = "\n".join(describe_plan(plan)[:40])
        dialogs.inform(parent, "导入关怀台账", f"没有需要导入的记录。\n\n{lines}")
        return
    if not confirm_plan(parent, plan):
        return
    db_path, actor = ctx.office.path, ctx.actor

    def done(outcome) -> None:
        result, backup = outcome
        ctx.announce(result.changes, result.message)
        dialogs.inform(parent, "导入完成", f"{result.message}。\n导入前的数据已备份到：\n{backup}")

    start_job(
        parent,
        Job(
            title="正在导入关怀台账",
            work=lambda db, _progress: backup_and_commit(db, db_path, plan, actor),
            database=db_path,
            on_done=done,
            on_failed=lambda message: dialogs.warn(
                parent, "导入失败", f"导入没有完成，数据库保持导入前的样子：{message}"
            ),
            cancellable=False,
        ),
    )
