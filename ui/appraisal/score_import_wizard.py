"""导入成绩: choose an .xlsx/.xls/.csv score sheet → the dry run row by row (row, person, column, fix) → written in
one transaction after a 批量操作前 backup → what was done. The same API as `grassroots appraisal import`
(app/appraisal/score_import.py): the window and the command line import alike.

The sheet is read and planned in a background job (`ui.worker.start_job`) on the job's own connection, and
written in another; 下一步 and 开始导入 start a job and answer False, and the job's end presses them again.
The pages are in score_import_pages.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard

from app.appraisal.periods import Period, period_title
from app.appraisal.rules import BONUS_KEY, Scheme
from app.appraisal.score_import import ScorePlan, commit_score_import, plan_score_import
from app.backups import commit_after_backup
from app.changes import OpResult
from ui.appraisal.score_import_pages import DonePage, FilePage, PreviewPage
from ui.context import AppContext
from ui.widgets import fit_to_screen, repolish
from ui.worker import Job


@dataclass(frozen=True)
class Target:
    """The period the scores go to: the scheme, the year and quarter; `period` None until its first score."""

    scheme: Scheme
    year: int
    quarter: int | None
    period: Period | None

    @property
    def label(self) -> str:
        return f"{period_title(self.year, self.quarter)}（{self.scheme.name}）"


@dataclass(frozen=True)
class Imported:
    result: OpResult
    backup: Path


def open_score_import(ctx: AppContext, parent: QWidget | None, target: Target) -> ScoreImportWizard:
    """Show the wizard modally; returns it when closed (tests replace this function)."""
    wizard = ScoreImportWizard(ctx, target, parent)
    wizard.exec()
    return wizard


class ScoreImportWizard(QWizard):
    """State between the pages: `path`, `plan` (the dry run), `imported` (once written)."""

    FILE, PREVIEW, DONE = range(3)

    def __init__(self, ctx: AppContext, target: Target, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.target = target
        self.path: Path | None = None
        self.plan: ScorePlan | None = None
        self.imported: Imported | None = None
        self.setWindowTitle(self.tr("导入成绩 — {0}").format(target.label))
        self.setObjectName("importWizard")  # the roster wizard's looks (style.qss)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步(&B)"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步(&N) >"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.file_page, self.preview_page, self.done_page = FilePage(self), PreviewPage(self), DonePage(self)
        for page_id, page in enumerate((self.file_page, self.preview_page, self.done_page)):
            self.setPage(page_id, page)
        self.setMinimumSize(820, 480)
        fit_to_screen(self, 1040, 680)
        polished = Qt.WidgetAttribute.WA_WState_Polished
        repolish(*(w for w in (self, *self.findChildren(QWidget)) if w.testAttribute(polished)))

    def column_names(self) -> dict[str, str]:
        scheme = self.target.scheme
        return {c.key: c.name for c in scheme.components} | {BONUS_KEY: scheme.bonus_name}

    def expected_columns(self) -> str:
        """姓名、公民身份号码、工作考核…: the header the sheet needs."""
        scheme = self.target.scheme
        names = ["姓名", "公民身份号码", *(c.name for c in scheme.components)]
        if scheme.bonus_cap is not None:
            names.append(f"{scheme.bonus_name}（可选，最多 {scheme.bonus_cap.normalize():f} 分）")
        return "、".join(names)

    # --- the two jobs --------------------------------------------------------------------------------------
    def plan_job(self, path: Path, on_done, on_failed) -> Job[ScorePlan]:
        target = self.target

        def work(db, _progress) -> ScorePlan:
            return plan_score_import(db, path, target.scheme, target.period)

        return Job(
            title=self.tr("读取成绩表"),
            work=work,
            database=self.ctx.office.path,
            on_done=on_done,
            on_failed=on_failed,
            cancellable=False,  # one read and one check: nothing to stop part-way
        )

    def commit_job(self, on_done, on_failed) -> Job[Imported]:
        plan, target, actor, db_path = self.plan, self.target, self.ctx.actor, self.ctx.office.path
        assert plan is not None

        def work(db, _progress) -> Imported:
            key, year, quarter = target.scheme.key, target.year, target.quarter
            return Imported(
                *commit_after_backup(
                    db, db_path, lambda: commit_score_import(db, plan, key, year, quarter, actor)
                )
            )

        return Job(
            title=self.tr("正在导入成绩"),
            work=work,
            database=db_path,
            on_done=on_done,
            on_failed=on_failed,
            cancellable=False,  # one transaction: it is written whole or not at all
        )

    def finish_import(self, imported: Imported) -> None:
        """In the UI thread once written: every page refreshes from the broadcast."""
        self.imported = imported
        self.ctx.announce(imported.result.changes, imported.result.message)
