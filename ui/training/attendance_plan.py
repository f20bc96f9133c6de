"""The attendance import's dry run in the window (导入参训名单：检查结果): the course it goes into, every row's
fate, and what the clerk can change before importing — the course (another one the list's title names, or a new
one), the sheet of a workbook holding several lists — and 保存问题行… (the refused rows for the street to correct,
as `grassroots training import --report`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.training.attendance import AttendancePlan
from app.training.attendance_text import describe_plan
from ui.exchange.common import save_problem_rows
from ui.widgets import fit_to_screen, ok_cancel_buttons, set_tone

NEW_COURSE = "new"


@dataclass(frozen=True)
class Choice:
    """What the clerk chose instead of importing: read another sheet, go into another existing course, or make
    a new course (`course` is NEW_COURSE)."""

    sheet: str | None = None
    course: str | None = None


def target_label(plan: AttendancePlan) -> str:
    if plan.new_course is not None:
        return f"新建：{plan.course.name}（{plan.course.category}，{plan.new_course['hours']} 学时）"
    return plan.course.name


class PlanDialog(QDialog):
    """The dry run, whole; 导入 writes the accepted rows. Choosing another course or sheet sets `choice` and
    rejects the dialog (the list is checked again for it)."""

    def __init__(self, plan: AttendancePlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.choice: Choice | None = None
        self.setWindowTitle(self.tr("导入参训名单：检查结果"))
        fit_to_screen(self, 780, 540)
        layout = QVBoxLayout(self)
        layout.addLayout(self._choices())
        if (hint := self._title_hint()) is not None:
            layout.addWidget(hint)
        summary = QLabel(self.tr("“{0}”：{1}。").format(plan.file_name, plan.summary()))
        summary.setWordWrap(True)
        summary.setObjectName("countLabel")
        layout.addWidget(summary)
        self.report = QPlainTextEdit("\n".join(describe_plan(plan)))
        self.report.setReadOnly(True)
        layout.addWidget(self.report, 1)
        if plan.rejected():
            note = QLabel(self.tr("被拒绝的行不会导入：可以“保存问题行…”交基层改正，改正后再导入一次。"))
            note.setWordWrap(True)
            set_tone(note, "warning")
            layout.addWidget(note)
        count = len(plan.to_write())
        ok = self.tr("新建培训班并导入 {0} 人") if plan.new_course else self.tr("导入 {0} 人")
        buttons = ok_cancel_buttons(self, ok.format(count), self.tr("取消"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(count > 0)
        self.report_button = QPushButton(self.tr("保存问题行…"))
        self.report_button.setToolTip(
            self.tr("把被拒绝的行另存为 Excel 文件（附原行号和问题说明），供改正后重新报送")
        )
        self.report_button.setEnabled(bool(plan.rejected()))
        self.report_button.clicked.connect(self.save_report)
        row = QHBoxLayout()
        row.addWidget(self.report_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)

    def _choices(self) -> QGridLayout:
        grid = QGridLayout()
        self.course_box = QComboBox()
        self.course_box.addItem(target_label(self.plan), None)
        titled = self.plan.titled_course
        if titled is not None and titled.id != self.plan.course.id:
            self.course_box.addItem(self.tr("改为导入到名单标题中的“{0}”").format(titled.name), titled.name)
        new = self.tr("修改新建的培训班…") if self.plan.new_course else self.tr("新建培训班…")
        self.course_box.addItem(new, NEW_COURSE)
        self.course_box.setToolTip(self.tr("名单要导入的培训班；可以改为名单标题中的培训班，或新建一个"))
        self.course_box.activated.connect(self._choose_course)
        self.sheet_box = QComboBox()
        self.sheet_box.addItems([self.plan.sheet, *self.plan.other_sheets])
        self.sheet_box.setEnabled(bool(self.plan.other_sheets))
        self.sheet_box.setToolTip(self.tr("一个文件有几张名单（如按期次分表）时，选择要导入的工作表"))
        self.sheet_box.activated.connect(self._choose_sheet)
        grid.addWidget(QLabel(self.tr("导入到")), 0, 0)
        grid.addWidget(self.course_box, 0, 1)
        grid.addWidget(QLabel(self.tr("工作表")), 1, 0)
        grid.addWidget(self.sheet_box, 1, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _title_hint(self) -> QLabel | None:
        """When the list's title names another course: which way to go, said where the choice is."""
        plan = self.plan
        if not plan.titled or not any(line.startswith("注意：名单标题") for line in plan.notices):
            return None
        if plan.titled_course is not None:
            text = self.tr("名单标题写的是“{0}”，不是“{1}”：如果名单属于“{2}”，请在“导入到”中改选它。")
            text = text.format(plan.titled, plan.course.name, plan.titled_course.name)
        else:
            text = self.tr(
                "名单标题写的是“{0}”，还没有这个培训班：如果名单属于一个新的培训班，请在“导入到”中选“新建培训班…”。"
            )
            text = text.format(plan.titled)
        hint = QLabel(text)
        hint.setWordWrap(True)
        set_tone(hint, "warning")
        return hint

    def _choose_course(self, index: int) -> None:
        if index > 0:
            self.choice = Choice(course=self.course_box.itemData(index))
            self.reject()

    def _choose_sheet(self, index: int) -> None:
        if index > 0:
            self.choice = Choice(sheet=self.sheet_box.itemText(index))
            self.reject()

    def save_report(self) -> Path | None:
        from app.training.attendance_report import write_attendance_report

        return save_problem_rows(
            self, self.plan.file_name, lambda out: write_attendance_report(self.plan, out)
        )
