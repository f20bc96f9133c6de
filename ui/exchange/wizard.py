"""导入花名册: choose a file → its sheet, header row and columns → a dry run of every row → import → summary.

One module per step: `file_step` (read the file), `mapping_step` with `mapping_model` (header and columns, then
the dry run), `preview_step` with `preview_model` (the dry run row by row), `confirm_step` (开始导入: the one
transaction), `done_step` (the summary); `common` holds what they share. This module holds the wizard — the state
passed between the steps — and the entry points the rest of the window uses.

Each step's slow part is a background job (`ui.worker.start_job`): validatePage must answer at once, so 下一步
starts the job and answers False, and the job's end, on the UI thread, stores its outcome and presses 下一步
again, which then answers True. Nothing waits in a nested event loop.

Public: `ImportWizard(ctx, path=None, parent=None)`, `open_import_wizard(ctx, parent, path=None)`,
`dropped_file(mime)`, `save_import_template(parent)`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget, QWizard

from app.exchange.import_commit import ImportResult
from app.exchange.plan import Action, ImportPlan
from app.exchange.reader import Sheet
from app.exchange.roster_export import ExportError
from app.exchange.roster_import import ImportOptions
from ui.context import AppContext
from ui.exchange.common import column_letter, dropped_file, save_xlsx_as
from ui.exchange.done_step import DonePage
from ui.exchange.file_step import FilePage, save_import_template
from ui.exchange.mapping_model import MapCol, MappingModel
from ui.exchange.mapping_step import MappingPage
from ui.exchange.preview_model import PreviewCol, PreviewModel
from ui.exchange.preview_step import PreviewPage
from ui.widgets import fit_to_screen, repolish

# The pages' models and helpers, for the tests and callers that know them from here.
__all__ = [
    "ImportWizard",
    "MapCol",
    "MappingModel",
    "PreviewCol",
    "PreviewModel",
    "column_letter",
    "dropped_file",
    "open_import_wizard",
    "save_import_template",
]


def open_import_wizard(ctx: AppContext, parent: QWidget | None, path: Path | None = None) -> ImportWizard:
    """Show the wizard modally (from the roster, the import history or a dropped file); returns it when closed."""
    wizard = ImportWizard(ctx, path, parent)
    wizard.exec()
    return wizard


class ImportWizard(QWizard):
    """导入花名册. State between the pages: `path`, `sheets`, `plan`, `options`, `result`."""

    FILE, MAPPING, PREVIEW, DONE = range(4)

    def __init__(self, ctx: AppContext, path: Path | str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = Path(path) if path else None
        self.sheets: list[Sheet] | None = None
        self.version = 0  # bumped for every file read, so the mapping page knows to start again
        self.plan: ImportPlan | None = None
        self.options: ImportOptions | None = None
        self.result: ImportResult | None = None
        self.setWindowTitle(self.tr("导入花名册"))
        # Styled as QWizard#importWizard in style.qss (下一步 and 开始导入 look unavailable when they are).
        self.setObjectName("importWizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步(&B)"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步(&N) >"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        for page_id, page in enumerate(
            (self.file_page, self.mapping_page, self.preview_page, self.done_page)
        ):
            self.setPage(page_id, page)
        self.setMinimumSize(820, 480)
        fit_to_screen(self, 1100, 720)
        # QWizard polished its own buttons in its constructor, before the object name above was set: match the
        # style sheet again for what is already polished (the rest is matched when first shown).
        polished = Qt.WidgetAttribute.WA_WState_Polished
        repolish(*(w for w in (self, *self.findChildren(QWidget)) if w.testAttribute(polished)))

    def set_sheets(self, path: Path, sheets: list[Sheet] | None) -> None:
        self.path = path
        self.sheets = sheets
        self.plan = None
        self.version += 1

    def set_plan(self, plan: ImportPlan, options: ImportOptions) -> None:
        self.plan, self.options, self.result = plan, options, None

    def finish_import(self, result: ImportResult) -> None:
        """Called in the UI thread once the import is written: every page refreshes from the broadcast."""
        self.result = result
        name = self.plan.file_name if self.plan else ""
        self.ctx.announce(result.changes, self.tr("已导入“{0}”：{1}").format(name, result.summary()))

    def save_problem_report(self, parent: QWidget, label: QLabel) -> Path | None:
        """保存问题行…: the rejected rows as the street sent them, with a 问题说明 column, as .xlsx."""
        from app.exchange.problem_report import write_problem_report

        plan = self.plan
        if plan is None or not plan.count(Action.REJECT):
            return None
        title = self.tr("保存问题行")
        suggested = (
            self.path.with_name(f"{self.path.stem}_问题行.xlsx")
            if self.path
            else Path(f"{plan.file_name}_问题行.xlsx")
        )
        source = self.path

        def write(out: Path) -> int:
            if source is not None and out.exists() and out.resolve() == source.resolve():
                raise ExportError(
                    "问题行不能保存到正在导入的文件本身（那是街道报来的原件），请另取一个文件名"
                )
            return write_problem_report(plan, out)

        saved = save_xlsx_as(parent, title, str(suggested), write)
        if saved is None:
            return None
        out, count = saved
        label.setText(self.tr("已把 {0} 行问题行保存到：{1}").format(count, out))
        label.show()
        return out
