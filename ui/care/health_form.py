"""健康体检: a person's yearly check (date, place, note). From 今日待办 for someone without this year's check."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.care import edit, listing
from app.care.service import record_health_check
from app.changes import OpResult, ValidationError
from app.clock import today
from ui.care.form_parts import DATE_HINT, CareForm, PeopleField, line_edit, note_edit
from ui.context import AppContext


class HealthCheckForm(CareForm):
    title = "健康体检"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, person_id: int | None = None,
                 record: listing.CheckRow | None = None):  # fmt: skip
        self._start = (person_id, record)
        super().__init__(ctx, parent)
        if record is not None:
            self.setWindowTitle(self.tr("修改健康体检"))

    def build(self) -> None:
        person_id, record = self._start
        self.record = record
        if record is not None:
            person_id = record.person_id
        self.people = PeopleField(
            self.ctx, [person_id] if person_id else [], many=False, on_change=lambda: None
        )
        self.add_row("person_id", "体检人员", self.people)
        self.add_row("date", "体检日期", line_edit(record.date if record else today().isoformat()), DATE_HINT)
        self.add_row("place", "体检地点", line_edit(record.place if record else "", "如：区人民医院体检中心"))
        self.add_row("note", "备注", note_edit(record.note if record else ""))

    def write(self) -> OpResult:
        if not self.people.person_ids:
            raise ValidationError({"person_id": "请选择体检人员"})
        person_id, date = self.people.person_ids[0], self.text("date")
        place, note = self.text("place"), self.text("note")
        if self.record is not None:
            return edit.update_health_check(
                self.ctx.db, self.record.id, person_id, date, self.ctx.actor, place, note
            )
        return record_health_check(self.ctx.db, person_id, date, self.ctx.actor, place, note)
