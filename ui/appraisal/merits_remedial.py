"""补课: the open remedial-training requirements (made when a period is finalized), and recording the training
that covers one. A refused entry reopens the dialog with everything typed in it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.appraisal import remedial
from app.appraisal.remedial import Requirement
from app.clock import today
from ui import dialogs
from ui.context import AppContext
from ui.widgets import (
    ReadOnlyTableModel,
    button_row,
    hint_label,
    ok_cancel_buttons,
    read_only_table,
    table_or_empty,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Merits", text)


@dataclass(frozen=True)
class Training:
    course: str
    days: int
    ended: str


class TrainingDialog(QDialog):
    """What the covering training was: its name, working days and the day it ended."""

    def __init__(self, parent: QWidget | None, req: Requirement, typed: Training | None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记补课完成"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        intro = QLabel(f"{req.name}：{req.about}")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.course_edit = QLineEdit(typed.course if typed else "")
        self.course_edit.setPlaceholderText(self.tr("如“2026年春季社区工作者轮训班”"))
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 365)
        self.days_spin.setSuffix(self.tr(" 个工作日"))
        self.days_spin.setValue(typed.days if typed else req.min_days)
        self.ended_edit = QLineEdit(typed.ended if typed else today().isoformat())
        form.addRow(self.tr("补课培训"), self.course_edit)
        form.addRow(self.tr("培训天数"), self.days_spin)
        form.addRow(self.tr("结束日期"), self.ended_edit)
        layout.addLayout(form)
        layout.addWidget(hint_label(self.tr("培训须不少于 {0} 个工作日。").format(req.min_days)))
        layout.addWidget(ok_cancel_buttons(self, self.tr("登记"), self.tr("取消")))
        self.course_edit.setFocus()

    def training(self) -> Training:
        return Training(self.course_edit.text(), self.days_spin.value(), self.ended_edit.text())


def ask_training(parent: QWidget | None, req: Requirement, typed: Training | None) -> Training | None:
    """The training typed, or None when cancelled (tests replace this function)."""
    dialog = TrainingDialog(parent, req, typed)
    return dialog.training() if dialog.exec() == QDialog.DialogCode.Accepted else None


class RequirementsModel(ReadOnlyTableModel[Requirement]):
    headers = ("姓名", "公民身份号码", "考核", "总分", "要求日期", "补课要求", "完成情况")

    def cells(self, record: Requirement) -> Sequence[str]:
        done = (
            f"{record.closed_on} 完成：{record.course}（{record.course_days} 个工作日）"
            if record.closed_on
            else "未完成"
        )
        return (
            record.name, record.id_number, record.period_label, record.total, record.required_on.isoformat(),
            f"不少于 {record.min_days} 个工作日", done,
        )  # fmt: skip

    def role_data(self, record: Requirement, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 6):
            return record.about if column == 2 else self.cells(record)[6]
        return None


class RemedialTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "考核定稿时，总分低于方案补课分数线（加权评价·双达标为 80 分）的人员须补课不少于 5 个工作日；"
                    "参加培训后在此登记，补课要求即完成。重新打开考核会撤销其未完成的补课要求。"
                )
            )
        )
        self.done_box = QCheckBox(self.tr("显示已完成的补课"))
        self.done_box.toggled.connect(lambda _on: self.reload())
        layout.addWidget(self.done_box)
        self.model = RequirementsModel(self)
        self.table = read_only_table(self.model)
        self.stack, _empty = table_or_empty(self.table, self.tr("没有未完成的补课。"))
        layout.addWidget(self.stack, 1)
        self.close_button = QPushButton(self.tr("登记补课完成…"))
        self.close_button.setObjectName("closeRemedial")
        self.close_button.clicked.connect(self.close_selected)
        self.count_label = hint_label(wrap=False)
        row = button_row(self.close_button)
        row.addWidget(self.count_label)
        layout.addLayout(row)

    def reload(self) -> None:
        everything = remedial.list_requirements(self.ctx.db)
        open_ones = [r for r in everything if r.closed_on is None]
        self.model.set_rows(everything if self.done_box.isChecked() else open_ones)
        self.stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        self.count_label.setText(
            self.tr("未完成 {0} 项，已完成 {1} 项").format(len(open_ones), len(everything) - len(open_ones))
        )
        self.close_button.setEnabled(bool(open_ones))

    def close_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        req = self.model.row_at(rows[0].row()) if rows else None
        if req is None or req.closed_on is not None:
            dialogs.inform(self, self.tr("登记补课完成"), self.tr("请先选中一项未完成的补课。"))
            return
        typed: Training | None = None
        while (typed := ask_training(self, req, typed)) is not None:
            done = self.ctx.perform(
                self,
                lambda t=typed: remedial.close_requirement(
                    self.ctx.db, req.id, course=t.course, days=t.days, on=t.ended, actor=self.ctx.actor
                ),
            )
            if done is not None:
                return
