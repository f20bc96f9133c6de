"""新建培训班 while importing an attendance list: the course's name, category, dates and hours, checked as the
course form checks them (a refused field marked beside it, everything typed kept) — but not written: the course
is made with the attendance, in one transaction, once the clerk has seen the dry run and confirmed it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from app.changes import ValidationError
from app.training.attendance_course import checked_new_course
from app.training.attendance_sheet import category_in_name
from app.training.rules import CATEGORIES
from ui.care.form_parts import DATE_HINT, CareForm, combo, line_edit
from ui.context import AppContext

KEYS = ("name", "category", "start_date", "end_date", "hours")


class NewCourseForm(CareForm):
    """`checked` holds the course's values once 下一步 found them right."""

    title = "新建培训班"
    ok_text = "下一步：检查名单"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, start: dict[str, Any] | None = None,
                 why: str = ""):  # fmt: skip
        self.start, self.why = start or {}, why
        self.checked: dict[str, Any] | None = None
        super().__init__(ctx, parent)

    def build(self) -> None:
        said = QLabel(self.tr("{0}培训班现在不会保存：确认导入名单时，与参训记录一起写入。").format(
            f"{self.why}\n" if self.why else ""
        ))  # fmt: skip
        said.setObjectName("fieldNote")
        said.setWordWrap(True)
        self.form.addRow(said)
        name = str(self.start.get("name") or "")
        category = str(self.start.get("category") or category_in_name(name) or "专题培训")
        self.add_row("name", "培训班名称", line_edit(name, "如：2026年社区工作者入门培训班第1期"))
        self.add_row("category", "类别", combo(CATEGORIES, category))
        start, end = (str(self.start.get(k) or "") for k in ("start_date", "end_date"))
        self.add_row("start_date", "开始日期", line_edit(start), DATE_HINT)
        self.add_row("end_date", "结束日期", line_edit(end))
        hours = str(self.start.get("hours") or "")
        self.add_row("hours", "学时", line_edit(hours, "如 8 或 4.5（以 0.5 为单位）"))

    def save(self) -> None:
        """Check only: nothing is written here (the import writes the course with its attendance)."""
        self.show_errors({})
        try:
            self.checked = checked_new_course(self.ctx.db, {key: self.text(key) for key in KEYS})
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.accept()


def ask_new_course(
    parent: QWidget | None, ctx: AppContext, start: dict[str, Any] | None = None, why: str = ""
) -> dict[str, Any] | None:
    """The new course's checked values, or None when the clerk cancelled (tests replace this)."""
    form = NewCourseForm(ctx, parent, start=start, why=why)
    form.exec()
    return form.checked
