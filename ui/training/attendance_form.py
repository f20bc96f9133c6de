"""记录学时与结果: one enrolment's attended hours (to 0.5, not above the course's) and result (合格, 不合格 or
a score). On a 补课 course the saved attendance can close the person's open remedial training; a young cadre's
hours on a course that has ended offer the course's 计入积分 (enrolment_panel.offer_points)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app import clock
from app.changes import OpResult
from app.training import enrolments
from app.training.attendance_cells import ABSENT
from app.training.attendance_remedial import closed_by, hours_needed
from app.training.courses import Course
from app.training.enrolments import record_attendance
from app.training.listing import EnrolmentRow
from app.training.rules import REMEDIAL, hours_text
from ui.care.form_parts import CareForm, line_edit
from ui.context import AppContext
from ui.training.enrolment_panel import offer_points
from ui.widgets import hint_label


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
        self.hint = hint_label("\n".join(self._what_saving_does()))
        self.hint.setVisible(bool(self.hint.text()))
        self.form.addRow(self.hint)

    def _what_saving_does(self) -> list[str]:
        """Before 保存: the absence an attendance list recorded, and what saving does to the person's 补课."""
        lines = []
        if note := self.row.note:
            absent = note in ABSENT
            lines.append(f"备注：{note}" + ("；记录参训学时后不再标为缺勤" if absent else ""))
        if self.course.category == REMEDIAL:
            lines += self._remedial_lines()
        return lines

    def _remedial_lines(self) -> list[str]:
        """The rule the import applies (rules.covered), said before 保存: how many hours close which open 补课,
        and what would reopen the ones this course closed."""
        from app.appraisal.remedial import list_requirements

        course, db, pid = self.course, self.ctx.db, self.row.person_id
        if course.end_date > clock.today():
            return [f"培训班 {course.end_date} 结束后，记录的参训才能完成补课"]
        lines = []
        waiting = [
            r
            for r in list_requirements(db, person_id=pid, open_only=True)
            if r.required_on <= course.end_date
        ]
        for needed, reqs in _by_hours(course, waiting).items():
            periods = "；".join(r.period_label for r in reqs)
            if needed is None:
                lines.append(
                    f"培训班只有 {course.working_days} 个工作日，不够补课要求的 {reqs[0].min_days} 个工作日，不能完成补课：{periods}"
                )
            else:
                lines.append(
                    f"参训学时不少于 {hours_text(needed)} 学时、结果不是不合格（也不低于 60 分）时，保存后将完成补课：{periods}"
                )
        for needed, reqs in _by_hours(course, closed_by(db, course, pid)).items():
            if needed is None:  # the course's dates were edited since: it cannot be told what would reopen it
                continue
            periods = "；".join(r.period_label for r in reqs)
            lines.append(
                f"这次参训已完成补课：{periods}；改为缺勤、少于 {hours_text(needed)} 学时或不合格时，补课将重新打开"
            )
        return lines

    def write(self) -> OpResult:
        return record_attendance(
            self.ctx.db, self.row.id, self.text("hours"), self.text("result"), self.ctx.actor
        )

    def save(self) -> None:
        super().save()
        if self.result is not None and self.row.name in self._waiting():
            offer_points(self.parentWidget() or self, self.ctx, self.course.id)

    def _waiting(self) -> list[str]:
        """Whom 计入积分 would credit now; this person must be one of them (a young cadre who attended)."""
        return enrolments.waiting_cadres(self.ctx.db, self.course.id)


def _by_hours(course: Course, requirements: list) -> dict:
    """Requirements by the hours at `course` that cover them (None: the course is too short for them)."""
    found: dict = {}
    for req in requirements:
        found.setdefault(hours_needed(course, req), []).append(req)
    return found
