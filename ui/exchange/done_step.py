"""Step 4, 完成: what was imported, where the safety backup is, and the problem rows to send back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWizardPage

from ui.exchange.common import problem_report_controls
from ui.widgets import button_row, hint_label, selectable_label

if TYPE_CHECKING:
    from ui.exchange.wizard import ImportWizard


class DonePage(QWizardPage):
    """4. 完成: what was imported, where the safety backup is, and the problem rows to send back."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.flow = wizard
        self.setTitle(self.tr("第 4 步，共 4 步：导入完成"))
        self.setSubTitle(self.tr("数据已经写入。人员档案和组织单位已经更新。"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.result_label = QLabel()
        self.result_label.setObjectName("importResult")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.backup_label = selectable_label()
        layout.addWidget(self.backup_label)
        self.skipped_label = hint_label()
        layout.addWidget(self.skipped_label)

        self.problem_frame = QFrame()
        problems = QVBoxLayout(self.problem_frame)
        problems.setContentsMargins(0, 8, 0, 0)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("errorLabel")  # red, as every problem in the wizard
        self.problem_label.setWordWrap(True)
        problems.addWidget(self.problem_label)
        self.report_button, self.saved_label = problem_report_controls(
            self, wizard, self.tr("保存问题行(&S)…")
        )
        problems.addLayout(button_row(self.report_button))
        problems.addWidget(self.saved_label)
        layout.addWidget(self.problem_frame)
        layout.addWidget(hint_label(self.tr("在“导入记录”中可以查看每次导入，必要时撤销最近一次导入。")))
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        result, plan = self.flow.result, self.flow.plan
        if result is None or plan is None:
            return
        self.result_label.setText(self.tr("导入完成：{0}。").format(result.summary()))
        from db.backup import describe_backup

        self.backup_label.setText(
            self.tr("数据库原来是空的，导入前没有需要备份的数据。")
            if result.backup is None
            else self.tr("导入前的数据库已自动备份（{0}）：\n{1}").format(
                describe_backup(result.backup), result.backup
            )
        )
        self.skipped_label.setText(
            self.tr("表格中不是人员的行（空行、合计行、说明行等）已跳过 {0} 行。").format(result.skipped)
            if result.skipped
            else ""
        )
        self.skipped_label.setVisible(bool(result.skipped))
        self.problem_frame.setVisible(result.rejected > 0)
        self.problem_label.setText(
            self.tr(
                "有 {0} 行因为有问题没有导入。点“保存问题行…”把它们连同问题说明保存为 Excel 文件，"
                "发回报送单位改正后，可以再次导入。"
            ).format(result.rejected)
        )
