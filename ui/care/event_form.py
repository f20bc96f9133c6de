"""事件: a life event of a person (结婚, 生病住院, 思想波动 …) that asks for a visit or a talk within the days
the office set; the form says which, so the clerk knows what follows."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.care import edit, listing
from app.care.queries import care_settings
from app.care.rules import EVENT_KINDS, duty_of
from app.care.service import record_event
from app.changes import OpResult, ValidationError
from app.clock import today
from ui.care.form_parts import DATE_HINT, OnePersonForm, combo, line_edit, note_edit


class EventForm(OnePersonForm):
    title = "记录事件"
    edit_title = "修改事件"
    record: listing.EventRow | None

    def build(self) -> None:
        self.person_row("人员")
        record = self.record
        self.add_row("kind", "事件类别", combo(EVENT_KINDS, record.kind if record else "生病住院"))
        self.duty_label = QLabel()
        self.duty_label.setObjectName("hint")
        self.form.addRow("", self.duty_label)
        self.add_row("date", "发生日期", line_edit(record.date if record else today().isoformat()), DATE_HINT)
        self.add_row("note", "备注", note_edit(record.note if record else ""))
        self.fields["kind"].currentTextChanged.connect(self._show_duty)
        self._show_duty(self.text("kind"))

    def _show_duty(self, kind: str) -> None:
        duty = duty_of(kind)
        days = care_settings(self.ctx.db).due_days
        self.duty_label.setText(
            self.tr("需在 {0} 天内{1}，届时列入今日待办").format(days, duty)
            if duty
            else self.tr("此类事件只作记录，无需走访或谈话")
        )

    def write(self) -> OpResult:
        if not self.people.person_ids:
            raise ValidationError({"person_id": "请选择人员"})
        person_id, kind, date, note = (
            self.people.person_ids[0],
            self.text("kind"),
            self.text("date"),
            self.text("note"),
        )
        if self.record is not None:
            return edit.update_event(self.ctx.db, self.record.id, person_id, kind, date, self.ctx.actor, note)
        return record_event(self.ctx.db, person_id, kind, date, self.ctx.actor, note)
