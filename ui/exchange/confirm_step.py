"""开始导入 (the end of step 3): the one import transaction — `commit_import`, after a backup — in a cancellable
background job. The preview page stays while it runs; a cancel or a failure is said on the page (nothing was
written); once it is written the change is announced at once and the wizard moves on to 完成."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWizardPage

from app.exchange.import_commit import ImportResult, commit_import
from app.exchange.plan import ImportPlan
from ui.exchange.common import StepJob, advance, show_error, tr
from ui.worker import Job

if TYPE_CHECKING:
    from ui.exchange.wizard import ImportWizard


@dataclass(frozen=True)
class ImportChoices:
    """What the clerk chose on the preview page."""

    update_existing: bool
    new_unit_parent: int | None


class ImportCommit:
    """开始导入 for one preview page. `validate` answers the page's validatePage: True once the import is written;
    otherwise it starts the job (one at a time) and answers False; the job's end presses 开始导入 again."""

    def __init__(self, page: QWizardPage, flow: ImportWizard, error_label: QLabel):
        self.page = page
        self.flow = flow
        self.error_label = error_label
        self.job = StepJob()

    @property
    def running(self) -> bool:
        return self.job.running

    def validate(self, plan: ImportPlan, choices: ImportChoices) -> bool:
        if self.flow.result is not None:
            return True  # written (by the job that has just ended): on to 完成
        reason = self.flow.ctx.office.read_only_reason
        if reason:  # read-only media, or a newer version's database: nothing may be written
            show_error(self.error_label, self.page.tr("不能导入：{0}").format(reason))
            return False
        if not self.job.running:
            show_error(self.error_label, "")
            self.job.start(self.page, self._import_job(plan, choices))
        return False

    def _import_job(self, plan: ImportPlan, choices: ImportChoices) -> Job[ImportResult]:
        ctx = self.flow.ctx
        db_path, actor = ctx.office.path, ctx.actor

        def work(db, progress) -> ImportResult:
            return commit_import(
                db,
                db_path,
                plan,
                update_existing=choices.update_existing,
                actor=actor,
                new_unit_parent=choices.new_unit_parent,
                progress=progress,
            )

        return Job(
            title=tr("正在导入"),
            work=work,
            database=db_path,
            on_done=self._written,
            on_failed=self._failed,
            on_cancelled=self._cancelled,
        )

    def _written(self, result: ImportResult) -> None:
        self.flow.finish_import(result)  # announced now, whatever becomes of the window
        advance(self.page)

    def _failed(self, message: str) -> None:
        # The transaction was rolled back: say so in the page.
        show_error(self.error_label, tr("导入失败，数据库没有任何改动：{0}").format(message))

    def _cancelled(self) -> None:
        show_error(self.error_label, tr("已取消导入，数据库没有任何改动。"))
