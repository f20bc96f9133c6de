"""The score import wizard's three steps: 选择文件 (read and check in the background), 预览 (each row's fate and
problems; 开始导入 writes) and 完成 (what was written and where the backup is)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.exchange.plan import Action
from ui import dialogs
from ui.appraisal.score_import_model import RESULT_LABELS, ScoreCol, ScorePreviewModel, plan_summary
from ui.exchange.common import (
    IMPORT_FILTER,
    StepJob,
    advance,
    dropped_file,
    error_label,
    page_button,
    selectable_hint,
    show_error,
)
from ui.widgets import FileDropTarget, hint_label, selectable_label
from ui.worker import JobHandle

if TYPE_CHECKING:
    from ui.appraisal.score_import_wizard import Imported, ScoreImportWizard


class FilePage(FileDropTarget, QWizardPage):
    """1. 选择文件: chosen or dropped; read and checked in the background, then on to the preview."""

    def __init__(self, wizard: ScoreImportWizard):
        super().__init__()
        self.flow = wizard
        self.setTitle(self.tr("第 1 步，共 3 步：选择成绩表"))
        self.setSubTitle(
            self.tr("成绩将导入“{0}”。选择 Excel 或 CSV 文件，也可以把文件拖到这里。").format(
                wizard.target.label
            )
        )
        self.setAcceptDrops(True)
        self.job = StepJob()
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("尚未选择文件"))
        self.choose_button = page_button(self.tr("选择文件(&O)…"))
        self.choose_button.clicked.connect(self.choose)
        row.addWidget(QLabel(self.tr("文件：")))
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        drop = QLabel(self.tr("把 Excel 或 CSV 文件拖到这里"))
        drop.setObjectName("dropArea")
        drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        drop.setMinimumHeight(120)
        layout.addWidget(drop, 1)
        self.error_label = error_label()
        layout.addWidget(self.error_label)
        layout.addWidget(
            hint_label(
                self.tr(
                    "表头应有：{0}。按公民身份号码找人（不新建人员），姓名须与号码相符；表格上方的标题行、"
                    "末尾的合计行和说明行会自动跳过，其他列（名次、总分、等次等）列出后忽略。"
                    "分数为空表示尚未评分（记为待补录），不会当作 0 分，也不会清除已录入的分数。"
                ).format(wizard.expected_columns())
            )
        )

    def isComplete(self) -> bool:  # noqa: N802
        return self.flow.plan is not None

    def choose(self) -> None:
        start = str(self.flow.path.parent) if self.flow.path else ""
        path = dialogs.open_file(self, self.tr("选择成绩表"), IMPORT_FILTER, start)
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> JobHandle | None:
        """Read and check `path` in the background; a second file while one is read is refused (not raced):
        None then."""
        if self.job.running:
            return None
        path = Path(path)
        self.flow.path, self.flow.plan = path, None
        self.path_edit.setText(str(path))
        show_error(self.error_label, "")
        self.completeChanged.emit()
        return self.job.start(self, self.flow.plan_job(path, self._planned, self._failed))

    def _planned(self, plan) -> None:
        self.flow.plan = plan
        self.completeChanged.emit()
        advance(self)

    def _failed(self, message: str) -> None:
        show_error(self.error_label, message)

    def accepted_file(self, mime: QMimeData) -> Path | None:
        return dropped_file(mime)

    def file_dropped(self, path: Path) -> None:
        self.load(path)


class PreviewPage(QWizardPage):
    """2. 预览: what importing each row would do; nothing is written until 开始导入."""

    def __init__(self, wizard: ScoreImportWizard):
        super().__init__()
        self.flow = wizard
        self.setTitle(self.tr("第 2 步，共 3 步：预览"))
        self.setSubTitle(
            self.tr("下面是导入后每一行的结果，此时还没有写入任何数据。确认无误后点“开始导入”。")
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("开始导入(&I)"))
        self.job = StepJob()
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.info_label = selectable_hint()
        layout.addWidget(self.info_label)
        bar = QHBoxLayout()
        self.filter_box = QComboBox()
        self.filter_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label = QLabel(self.tr("显示(&F)："))
        label.setBuddy(self.filter_box)
        bar.addWidget(label)
        bar.addWidget(self.filter_box)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = ScorePreviewModel(self)
        layout.addWidget(self._table(), 1)
        self.detail_label = selectable_hint()
        layout.addWidget(self.detail_label)
        self.error_label = error_label()
        layout.addWidget(self.error_label)
        self.filter_box.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(self.filter_box.currentData())
        )
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.model.modelReset.connect(self._show_detail)

    def _table(self) -> QTableView:
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        for col, width in {
            ScoreCol.ROW: 52,
            ScoreCol.RESULT: 64,
            ScoreCol.NAME: 90,
            ScoreCol.ID_NUMBER: 170,
        }.items():
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        return self.view

    def initializePage(self) -> None:  # noqa: N802
        plan = self.flow.plan
        if plan is None:
            return
        self.model.set_plan(plan, self.flow.column_names())
        self.summary_label.setText(self.tr("检查结果：{0}。").format(plan_summary(plan)))
        self.info_label.setText("\n".join(self._info(plan)))
        self.filter_box.blockSignals(True)
        self.filter_box.clear()
        self.filter_box.addItem(self.tr("全部 {0} 行").format(len(plan.rows)), None)
        for action in Action:
            if count := plan.count(action):
                self.filter_box.addItem(f"{RESULT_LABELS[action]} {count} 行", action)
        self.filter_box.blockSignals(False)
        rejected = plan.count(Action.REJECT)
        if rejected:  # the rows to fix first
            self.filter_box.setCurrentIndex(self.filter_box.findData(Action.REJECT))
            self.model.set_filter(Action.REJECT)
        if not plan.to_write():
            show_error(
                self.error_label,
                self.tr("没有可以写入的成绩：请改正被拒绝的行后重新选择文件。")
                if rejected
                else self.tr("表中的成绩与已录入的一致，没有需要写入的内容。"),
            )
        else:
            show_error(self.error_label, "")

    def _info(self, plan) -> list[str]:
        lines = [
            self.tr("文件“{0}”，工作表“{1}”，表头在第 {2} 行。").format(
                plan.file_name, plan.sheet, plan.header_row
            )
        ]
        # Loaded with the plan, not with the window.
        from app.appraisal.score_import import header_notes, period_notes

        target = self.flow.target
        lines += period_notes(plan, target.label, target.year, target.quarter, new=target.period is None)
        lines += header_notes(plan)
        if skipped := sum(plan.skipped.values()):
            kinds = "、".join(f"{k} {n} 行" for k, n in plan.skipped.items())
            lines.append(self.tr("跳过非人员行：{0}（共 {1} 行）").format(kinds, skipped))
        return lines

    def _show_detail(self) -> None:
        index = self.view.currentIndex()
        self.detail_label.setText(self.model.detail(index.row()) if index.isValid() else "")

    def isComplete(self) -> bool:  # noqa: N802
        return self.flow.plan is not None and bool(self.flow.plan.to_write())

    def validatePage(self) -> bool:  # noqa: N802
        if self.flow.imported is not None:
            return True  # written by the job that has just ended: on to 完成
        if not self.isComplete():  # nothing to write: no backup, no job, no 完成 page that says otherwise
            return False
        reason = self.flow.ctx.office.read_only_reason
        if reason:
            show_error(self.error_label, self.tr("不能导入：{0}").format(reason))
            return False
        if not self.job.running:
            show_error(self.error_label, "")
            self.job.start(self, self.flow.commit_job(self._written, self._failed))
        return False

    def _written(self, imported: Imported) -> None:
        self.flow.finish_import(imported)
        advance(self)

    def _failed(self, message: str) -> None:
        show_error(self.error_label, self.tr("导入失败，数据库没有任何改动：{0}").format(message))


class DonePage(QWizardPage):
    """3. 完成: what was written, where the backup is, how many rows are left to fix."""

    def __init__(self, wizard: ScoreImportWizard):
        super().__init__()
        self.flow = wizard
        self.setTitle(self.tr("第 3 步，共 3 步：导入完成"))
        self.setSubTitle(self.tr("成绩已经写入，排名和等次已按新成绩重新计算。"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.result_label = QLabel()
        self.result_label.setObjectName("importResult")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.backup_label = selectable_label()
        layout.addWidget(self.backup_label)
        self.problem_label = error_label()
        layout.addWidget(self.problem_label)
        self.problem_list = QPlainTextEdit()
        self.problem_list.setObjectName("problemList")
        self.problem_list.setReadOnly(True)
        self.problem_list.hide()
        layout.addWidget(self.problem_list, 1)
        layout.addStretch(0)

    def initializePage(self) -> None:  # noqa: N802
        imported, plan = self.flow.imported, self.flow.plan
        if imported is None or plan is None:
            return
        self.result_label.setText(self.tr("{0}（{1}）。").format(imported.result.message, plan_summary(plan)))
        from db.backup import describe_backup

        self.backup_label.setText(
            self.tr("导入前的数据库已自动备份（{0}）：\n{1}").format(
                describe_backup(imported.backup), imported.backup
            )
        )
        rejected = plan.count(Action.REJECT)
        show_error(
            self.problem_label,
            self.tr(
                "有 {0} 行因为有问题没有导入（问题如下）；改正后可以再次导入同一个文件，已导入的行不会重复。"
            ).format(rejected)
            if rejected
            else "",
        )
        problems = [p.text() for row in plan.rejected() for p in row.problems]
        self.problem_list.setPlainText("\n".join(problems))
        self.problem_list.setVisible(bool(problems))
