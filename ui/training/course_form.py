"""培训班: a course's name, category, dates, hours, place, organiser, capacity and note — new or corrected.
A refused field is marked beside it and everything typed stays."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.changes import OpResult
from app.training.courses import Course, create_course, edit_course
from app.training.rules import CATEGORIES, hours_text
from ui.care.form_parts import DATE_HINT, CareForm, combo, line_edit, note_edit
from ui.context import AppContext


class CourseForm(CareForm):
    title = "新增培训班"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, course: Course | None = None):
        self.course = course
        super().__init__(ctx, parent)
        if course is not None:
            self.setWindowTitle(self.tr("修改培训班"))

    def build(self) -> None:
        c = self.course
        self.add_row(
            "name", "培训班名称", line_edit(c.name if c else "", "如：2026年社区工作者入门培训班第1期")
        )
        self.add_row("category", "类别", combo(CATEGORIES, c.category if c else "专题培训"))
        self.add_row("start_date", "开始日期", line_edit(c.start_date.isoformat() if c else ""), DATE_HINT)
        self.add_row("end_date", "结束日期", line_edit(c.end_date.isoformat() if c else ""))
        self.add_row(
            "hours", "学时", line_edit(hours_text(c.hours) if c else "", "如 8 或 4.5（以 0.5 为单位）")
        )
        self.add_row("place", "地点", line_edit((c.place or "") if c else ""))
        self.add_row("organiser", "主办单位", line_edit((c.organiser or "") if c else "", "如：县委组织部"))
        capacity = str(c.capacity) if c and c.capacity else ""
        self.add_row("capacity", "人数上限", line_edit(capacity, "不限人数请留空"))
        self.add_row("note", "备注", note_edit((c.note or "") if c else ""))

    def values(self) -> dict[str, str]:
        return {key: self.text(key) for key in self.fields}

    def write(self) -> OpResult:
        if self.course is None:
            return create_course(self.ctx.db, self.values(), self.ctx.actor)
        return edit_course(self.ctx.db, self.course.id, self.values(), self.ctx.actor)
