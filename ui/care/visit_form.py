"""走访慰问: who was visited (one or several), when, why, how, by whom, the gift and its amount to the fen, a
note, a follow-up date, and the event it answers. Opened from 今日待办 with the person and the event filled in,
or from the 关怀记录 page to add or correct a visit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from app.care import edit, listing
from app.care.festivals import FESTIVALS
from app.care.money import AmountError, fen_text, parse_amount
from app.care.rules import FESTIVAL_GREETING, VISIT, VISIT_ANSWERS, VISIT_KINDS, VISIT_METHODS
from app.care.service import VisitInput, record_visit, visit_values
from app.changes import OpResult, ValidationError
from app.clock import today
from ui.care.form_parts import DATE_HINT, CareForm, PeopleField, combo, line_edit, note_edit
from ui.context import AppContext

NO_EVENT = "（不回应事件）"
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # an event item's kind
# An event's kind → the visit kind that answers it (生病住院 → 生病住院, 结婚/丧事 → 婚丧嫁娶).
KIND_FOR_EVENT = {event: visit for visit, events in VISIT_ANSWERS.items() for event in events}


class VisitForm(CareForm):
    title = "走访慰问"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, person_ids: list[int] | None = None,
                 kind: str = "", event_id: int | None = None, record: listing.VisitRow | None = None):  # fmt: skip
        self._start = (list(person_ids or []), kind, event_id, record)
        super().__init__(ctx, parent)
        if record is not None:
            self.setWindowTitle(self.tr("修改走访慰问"))

    def build(self) -> None:
        person_ids, kind, event_id, record = self._start
        if record is not None:
            person_ids, kind, event_id = list(record.person_ids), record.kind, record.event_id
        self.record = record
        self.people = PeopleField(self.ctx, person_ids, many=True, on_change=self._fill_events)
        self.add_row("people", "慰问对象", self.people)
        date = record.date if record else today().isoformat()
        self.add_row("date", "慰问日期", line_edit(date, "YYYY-MM-DD"), DATE_HINT)
        self.add_row("kind", "慰问类别", combo(VISIT_KINDS, kind or "生病住院"))
        occasion = combo(("", *FESTIVALS), record.occasion if record else "")
        occasion.setEditable(True)  # 重阳, 七一 … as well as the three the batch greeting knows
        self.add_row("occasion", "节日", occasion, "节日慰问时填写")
        self.fields["kind"].currentTextChanged.connect(self._kind_changed)
        self._kind_changed(self.text("kind"))
        self.add_row("method", "慰问方式", combo(VISIT_METHODS, record.method if record else "上门"))
        self.add_row("visitors", "走访人", line_edit(record.visitors if record else "", "如：王主任、李干事"))
        self.add_row("gift", "慰问品", line_edit(record.gift if record else "", "如：水果、牛奶；慰问金"))
        amount = fen_text(record.amount_fen) if record and record.amount_fen else ""
        self.add_row("amount_fen", "金额（元）", line_edit(amount, "如 300 或 1200.50，没有花费可不填", 30))
        self.event_box = QComboBox()
        self.add_row("event", "回应事件", self.event_box, "选中的事件记为已走访；走访类别须与事件相符")
        self.add_row(
            "follow_up_date", "回访日期", line_edit(record.follow_up_date if record else "", "需要回访时填写")
        )
        self.add_row("note", "备注", note_edit(record.note if record else ""))
        self._fill_events(event_id)
        self.event_box.currentIndexChanged.connect(self._event_chosen)

    def _fill_events(self, keep: int | None = None) -> None:
        """The open events of the people visited that ask for a visit (and the one this visit answers)."""
        keep = keep if keep is not None else self.event_box.currentData()
        events = listing.open_events(self.ctx.db, self.people.person_ids, VISIT)
        if self.record is not None and self.record.event_id is not None and self.record.event:
            date, kind = self.record.event.split(" ", 1)
            events.append((self.record.event_id, 0, date, kind))
        names = {}
        if len(self.people.person_ids) > 1:
            marks = ", ".join("?" for _ in self.people.person_ids)
            sql = f"SELECT id, name FROM people WHERE id IN ({marks})"
            names = dict(self.ctx.db.execute(sql, self.people.person_ids).fetchall())
        self.event_box.blockSignals(True)
        self.event_box.clear()
        self.event_box.addItem(self.tr(NO_EVENT), None)
        for event_id, person_id, date, kind in events:
            who = f"{names[person_id]} " if person_id in names else ""
            self.event_box.addItem(self.tr("{0}{1} {2}").format(who, date, kind), event_id)
            self.event_box.setItemData(self.event_box.count() - 1, kind, KIND_ROLE)
        index = self.event_box.findData(keep)
        self.event_box.setCurrentIndex(max(index, 0))
        self.event_box.blockSignals(False)
        self._event_chosen()

    def _kind_changed(self, kind: str) -> None:
        self.fields["occasion"].setEnabled(kind == FESTIVAL_GREETING)

    def _event_chosen(self, *_args) -> None:
        """Choosing an event sets the visit kind that answers it (the clerk may still change it)."""
        kind = self.event_box.currentData(KIND_ROLE)
        if kind in KIND_FOR_EVENT:
            self.fields["kind"].setCurrentText(KIND_FOR_EVENT[kind])

    def item(self) -> VisitInput:
        """What was typed; an amount that cannot be read is refused together with every other problem."""
        try:
            fen, amount_error = parse_amount(self.text("amount_fen")) or 0, ""
        except AmountError as exc:
            fen, amount_error = 0, str(exc)
        item = VisitInput(
            person_ids=self.people.person_ids, date=self.text("date"), kind=self.text("kind"),
            method=self.text("method"), visitors=self.text("visitors"), gift=self.text("gift"), amount_fen=fen,
            note=self.text("note"), follow_up_date=self.text("follow_up_date") or None,
            event_id=self.event_box.currentData(),
            occasion=self.text("occasion") if self.text("kind") == FESTIVAL_GREETING else "",
        )  # fmt: skip
        if amount_error:
            errors = {}
            try:
                visit_values(item)
            except ValidationError as exc:
                errors = exc.errors
            raise ValidationError({**errors, "amount_fen": amount_error})
        return item

    def write(self) -> OpResult:
        item = self.item()
        if self.record is not None:
            return edit.update_visit(self.ctx.db, self.record.id, item, self.ctx.actor)
        return record_visit(self.ctx.db, item, self.ctx.actor)
