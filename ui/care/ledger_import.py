"""导入关怀台账 in the window: choose the file, read and check it in the background (the dry run: what each row
would do and why a row is refused, with the sheet's own row numbers), then — when the clerk agrees — a backup
and one transaction for every accepted row (app/care/ledger.py, as `grassroots care import`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.backups import commit_after_backup
from app.care.ledger import LedgerPlan, commit_ledger, describe_plan, plan_ledger
from ui import dialogs
from ui.commit_job import start_commit
from ui.context import AppContext
from ui.exchange.common import save_problem_rows
from ui.widgets import fit_to_screen, ok_cancel_buttons
from ui.worker import Job, JobHandle, start_job

FILTERS = "关怀台账 (*.xlsx *.xls *.csv);;所有文件 (*)"


class PlanDialog(QDialog):
    """The dry run, whole: the summary on top, every row's fate below; 导入 writes the accepted rows. The refused
    rows can be saved for the street to correct (as `care import --report`), and a workbook kept a sheet per
    month can be read from another sheet (as `--sheet`): `other_sheet` is then set and the dialog rejected."""

    def __init__(self, plan: LedgerPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.other_sheet: str | None = None
        self.setWindowTitle(self.tr("导入关怀台账：检查结果"))
        fit_to_screen(self, 760, 520)
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
        layout.addLayout(self._extra_row())
        buttons = ok_cancel_buttons(self, self.tr("导入 {0} 条").format(count), self.tr("取消"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(count > 0)
        layout.addWidget(buttons)

    def _extra_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.sheet_box = QComboBox()
        self.sheet_box.addItems([self.plan.sheet, *self.plan.other_sheets])
        self.sheet_box.setEnabled(bool(self.plan.other_sheets))
        self.sheet_box.setToolTip(self.tr("一个文件按月分表时，选择要导入的工作表"))
        self.sheet_box.activated.connect(self._choose_sheet)
        row.addWidget(QLabel(self.tr("工作表")))
        row.addWidget(self.sheet_box)
        row.addStretch(1)
        self.report_button = QPushButton(self.tr("保存问题行…"))
        self.report_button.setToolTip(
            self.tr("把被拒绝的行另存为 Excel 文件（附原行号和问题说明），供改正后重新报送")
        )
        self.report_button.setEnabled(bool(self.plan.rejected()))
        self.report_button.clicked.connect(self.save_report)
        row.addWidget(self.report_button)
        return row

    def _choose_sheet(self, index: int) -> None:
        if index > 0:
            self.other_sheet = self.sheet_box.itemText(index)
            self.reject()

    def save_report(self) -> Path | None:
        from app.care.ledger_report import write_ledger_report

        return save_problem_rows(self, self.plan.file_name, lambda out: write_ledger_report(self.plan, out))


def confirm_plan(parent: QWidget | None, plan: LedgerPlan) -> bool | str:
    """True when the clerk chose to import, a sheet's name when they chose to read another sheet instead, False
    when they cancelled (tests replace this)."""
    dialog = PlanDialog(plan, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.other_sheet or accepted


def import_ledger(
    parent: QWidget, ctx: AppContext, path: Path | None = None, sheet: str | None = None
) -> JobHandle | None:
    """Ask for the file (unless given), then check it (the first ledger sheet, or `sheet`) in the background;
    the rest follows from there."""
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
            work=lambda db, _progress: plan_ledger(db, path, sheet=sheet),
            database=ctx.office.path,
            on_done=lambda plan: _planned(parent, ctx, plan, path),
            on_failed=lambda message: dialogs.warn(parent, "无法导入", f"无法导入“{path.name}”：{message}"),
        ),
    )


def _planned(parent: QWidget, ctx: AppContext, plan: LedgerPlan, path: Path) -> None:
    if not plan.to_write() and not plan.rejected() and not plan.other_sheets:
        lines = "\n".join(describe_plan(plan)[:40])
        dialogs.inform(parent, "导入关怀台账", f"没有需要导入的记录。\n\n{lines}")
        return
    answer = confirm_plan(parent, plan)
    if isinstance(answer, str):
        import_ledger(parent, ctx, path, sheet=answer)
        return
    if not answer or not plan.to_write():
        return
    db_path, actor = ctx.office.path, ctx.actor
    start_commit(
        parent,
        ctx,
        "正在导入关怀台账",
        lambda db: commit_after_backup(db, db_path, lambda: commit_ledger(db, plan, actor)),
    )
