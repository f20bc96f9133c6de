"""健康体检: a person's yearly check (date, place, note). From 今日待办 for someone without this year's check."""

from __future__ import annotations

from app.care import edit, listing
from app.care.service import record_health_check
from app.changes import OpResult, ValidationError
from app.clock import today
from ui.care.form_parts import DATE_HINT, OnePersonForm, line_edit, note_edit


class HealthCheckForm(OnePersonForm):
    title = "健康体检"
    edit_title = "修改健康体检"
    record: listing.CheckRow | None

    def build(self) -> None:
        self.person_row("体检人员")
        record = self.record
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
