"""记录学时与结果: one enrolment's attended hours (to 0.5, not above the course's) and result (合格, 不合格 or
a score). On a 补课 course the saved attendance can close the person's open remedial training."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.changes import OpResult
from app.training.courses import Course
from app.training.enrolments import record_attendance
from app.training.listing import EnrolmentRow
from app.training.rules import hours_text
from ui.care.form_parts import CareForm, line_edit
from ui.context import AppContext


class AttendanceForm(CareForm):
    title = "记录学时与结果"

    def __init__(self, ctx: AppContext, parent: QWidget | None, course: Course, row: EnrolmentRow):
        self.course, self.row = course, row
        super().__init__(ctx, parent)

    def build(self) -> None:
        self.form.addRow(self.tr("培训班："), QLabel(self.course.label))
        self.form.addRow(
            self.tr("参训人员："), QLabel(f"{self.row.name}（{self.row.unit or self.row.role}）")
        )
        hours = self.row.hours if self.row.hours is not None else hours_text(self.course.hours)
        limit = hours_text(self.course.hours)
        self.add_row("hours", "参训学时", line_edit(hours, ""), f"以 0.5 为单位，不超过培训班的 {limit} 学时")
        self.add_row("result", "结果", line_edit(self.row.result or "", "合格、不合格，或 0–100 的分数"))

    def write(self) -> OpResult:
        return record_attendance(
            self.ctx.db, self.row.id, self.text("hours"), self.text("result"), self.ctx.actor
        )
