"""谈心谈话: with whom, when, why (the four 必谈 reasons or 其他), who talked, what was said, a follow-up date,
and the event it answers. Opened from 今日待办 with the person and the event filled in, or from 关怀记录."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from app.care import edit, listing
from app.care.rules import TALK, TALK_REASONS
from app.care.service import TalkInput, record_talk
from app.changes import OpResult, ValidationError
from app.clock import today
from ui.care.form_parts import DATE_HINT, CareForm, PeopleField, combo, line_edit, note_edit
from ui.care.visit_form import KIND_ROLE, NO_EVENT
from ui.context import AppContext


class TalkForm(CareForm):
    title = "谈心谈话"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, person_id: int | None = None,
                 reason: str = "", event_id: int | None = None, record: listing.TalkRow | None = None):  # fmt: skip
        self._start = (person_id, reason, event_id, record)
        super().__init__(ctx, parent)
        if record is not None:
            self.setWindowTitle(self.tr("修改谈心谈话"))

    def build(self) -> None:
        person_id, reason, event_id, record = self._start
        if record is not None:
            person_id, reason, event_id = record.person_id, record.reason, record.event_id
        self.record = record
        people = [person_id] if person_id is not None else []
        self.people = PeopleField(self.ctx, people, many=False, on_change=self._fill_events)
        self.add_row("person_id", "谈话对象", self.people)
        self.add_row("date", "谈话日期", line_edit(record.date if record else today().isoformat()), DATE_HINT)
        self.add_row("reason", "谈话原因", combo(TALK_REASONS, reason or "思想波动"))
        self.add_row("talker", "谈话人", line_edit(record.talker if record else "", "如：王主任"))
        self.add_row("summary", "谈话内容", note_edit(record.summary if record else ""))
        self.event_box = QComboBox()
        self.add_row("event", "回应事件", self.event_box, "选中的事件记为已谈话；谈话原因须与事件类别相同")
        self.add_row(
            "follow_up_date", "回访日期", line_edit(record.follow_up_date if record else "", "需要回访时填写")
        )
        self._fill_events(event_id)
        self.event_box.currentIndexChanged.connect(self._event_chosen)

    def _fill_events(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.event_box.currentData()
        events = listing.open_events(self.ctx.db, self.people.person_ids, TALK)
        if self.record is not None and self.record.event_id is not None and self.record.event:
            date, kind = self.record.event.split(" ", 1)
            events.append((self.record.event_id, self.record.person_id, date, kind))
        self.event_box.blockSignals(True)
        self.event_box.clear()
        self.event_box.addItem(self.tr(NO_EVENT), None)
        for event_id, _person_id, date, kind in events:
            self.event_box.addItem(f"{date} {kind}", event_id)
            self.event_box.setItemData(self.event_box.count() - 1, kind, KIND_ROLE)
        self.event_box.setCurrentIndex(max(self.event_box.findData(keep), 0))
        self.event_box.blockSignals(False)
        self._event_chosen()

    def _event_chosen(self, *_args) -> None:
        kind = self.event_box.currentData(KIND_ROLE)
        if kind in TALK_REASONS:
            self.fields["reason"].setCurrentText(kind)

    def write(self) -> OpResult:
        if not self.people.person_ids:
            raise ValidationError({"person_id": "请选择谈话对象"})
        item = TalkInput(
            person_id=self.people.person_ids[0], date=self.text("date"), reason=self.text("reason"),
            talker=self.text("talker"), summary=self.text("summary"),
            follow_up_date=self.text("follow_up_date") or None, event_id=self.event_box.currentData(),
        )  # fmt: skip
        if self.record is not None:
            return edit.update_talk(self.ctx.db, self.record.id, item, self.ctx.actor)
        return record_talk(self.ctx.db, item, self.ctx.actor)
