"""事件: a life event of a person (结婚, 生病住院, 思想波动 …) that asks for a visit or a talk within the days
the office set; the form says which, so the clerk knows what follows."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.care import edit, listing
from app.care.queries import care_settings
from app.care.rules import EVENT_KINDS, duty_of
from app.care.service import record_event
from app.changes import OpResult, ValidationError
from app.clock import today
from ui.care.form_parts import DATE_HINT, CareForm, PeopleField, combo, line_edit, note_edit
from ui.context import AppContext


class EventForm(CareForm):
    title = "记录事件"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, person_id: int | None = None,
                 record: listing.EventRow | None = None):  # fmt: skip
        self._start = (person_id, record)
        super().__init__(ctx, parent)
        if record is not None:
            self.setWindowTitle(self.tr("修改事件"))

    def build(self) -> None:
        person_id, record = self._start
        self.record = record
        if record is not None:
            person_id = record.person_id
        self.people = PeopleField(
            self.ctx, [person_id] if person_id else [], many=False, on_change=lambda: None
        )
        self.add_row("person_id", "人员", self.people)
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
