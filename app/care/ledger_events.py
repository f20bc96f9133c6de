"""Which event a ledger's visit or talk answers, whichever came into the database first (issue 9, "what answers
a duty"): a new visit or talk answers the oldest open event of its person that it fits (recorded already, or
of this file); a new event that no row of the file answers takes the oldest visit or talk of its person already
recorded, not yet answering any event, that fits it (the same rule, app/care/rules.py `answers`) — a visit sheet
imported before the event register must not leave the events open for ever."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from app import audit
from app.care.ledger_cells import EVENT, TALK_RECORD, VISIT_RECORD
from app.care.ledger_rows import LedgerRow
from app.care.rules import TALK, VISIT, Event, answers, days_late, due_date, oldest_open_event
from app.exchange.plan import Action

_TABLES = {VISIT: ("care_visits", "care_visit"), TALK: ("care_talks", "care_talk")}


@dataclass(frozen=True)
class Answer:
    """A visit or talk already recorded that a new event of the file is answered by."""

    record_type: str  # 走访 or 谈话
    record_id: int
    uid: str
    date: dt.date


def match_events(db: Database, rows: list[LedgerRow], due_days: int) -> None:
    """Each new visit or talk, oldest first, answers the oldest open event of its person that it fits; then each
    new event left open takes the oldest fitting record already in the database."""
    events = _open_events(db)
    for row in _new(rows, EVENT):
        date = dt.date.fromisoformat(row.values["date"])
        events.setdefault(row.person_id, []).append(Event(-row.row, row.person_id, row.values["kind"], date))  # type: ignore[arg-type]
    answered: set[int] = set()
    for row in sorted(_new(rows, VISIT_RECORD, TALK_RECORD), key=lambda r: (r.values["date"], r.row)):
        record_type, category = _duty(row)
        date = dt.date.fromisoformat(row.values["date"])
        event = oldest_open_event(record_type, category, date, events.get(row.person_id, []), answered)  # type: ignore[arg-type]
        if event is not None:
            answered.add(event.id)
            row.answers = event.id
            late = days_late(date, due_date(event.date, due_days))
            where = f"本表第{-event.id}行" if event.id < 0 else "已记录"
            said = f"回应{where}的{event.date.isoformat()}“{event.kind}”事件" + (
                f"（逾期{late}天）" if late else ""
            )
            row.note = "；".join(filter(None, (said, row.note)))
    _answered_by_records(db, [r for r in _new(rows, EVENT) if -r.row not in answered], due_days)


def _new(rows: list[LedgerRow], *types: str) -> list[LedgerRow]:
    return [r for r in rows if r.action == Action.NEW and r.record_type in types]


def _duty(row: LedgerRow) -> tuple[str, str]:
    if row.record_type == VISIT_RECORD:
        return VISIT, row.values["kind"]
    return TALK, row.values["reason"]


def _open_events(db: Database) -> dict[int, list[Event]]:
    """Person → the living events no living visit or talk answers."""
    events: dict[int, list[Event]] = {}
    for r in db.execute(
        "SELECT id, person_id, kind, date FROM care_events e WHERE deleted_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM care_visits WHERE event_id = e.id AND deleted_at IS NULL)"
        " AND NOT EXISTS (SELECT 1 FROM care_talks WHERE event_id = e.id AND deleted_at IS NULL)"
    ):
        events.setdefault(r[1], []).append(Event(r[0], r[1], r[2], dt.date.fromisoformat(r[3])))
    return events


def _answered_by_records(db: Database, events: list[LedgerRow], due_days: int) -> None:
    """Each new event left open, oldest first, takes the oldest fitting visit or talk of its person that is
    recorded and answers no event; said on the event's row."""
    taken: set[tuple[str, int]] = set()
    for row in sorted(events, key=lambda r: (r.values["date"], r.row)):
        kind, date = row.values["kind"], dt.date.fromisoformat(row.values["date"])
        fitting = [
            a
            for a, category in _free_records(db, row.person_id)  # type: ignore[arg-type]
            if (a.record_type, a.record_id) not in taken
            and answers(a.record_type, category, a.date, kind, date)
        ]
        if not fitting:
            continue
        answer = min(fitting, key=lambda a: (a.date, a.record_type, a.record_id))
        taken.add((answer.record_type, answer.record_id))
        row.answered_by = answer
        late = days_late(answer.date, due_date(date, due_days))
        said = f"已由 {answer.date.isoformat()} 的{answer.record_type}答复" + (
            f"（逾期{late}天）" if late else ""
        )
        row.note = "；".join(filter(None, (row.note, said)))


def _free_records(db: Database, person_id: int) -> list[tuple[Answer, str]]:
    """(the record, its kind or reason) of each living visit and talk of the person that answers no event."""
    visits = db.execute(
        "SELECT v.id, v.uid, v.date, v.kind FROM care_visits v JOIN care_visit_people p ON p.visit_id = v.id"
        " WHERE p.person_id = ? AND p.deleted_at IS NULL AND v.deleted_at IS NULL AND v.event_id IS NULL",
        [person_id],
    ).fetchall()
    talks = db.execute(
        "SELECT id, uid, date, reason FROM care_talks"
        " WHERE person_id = ? AND deleted_at IS NULL AND event_id IS NULL",
        [person_id],
    ).fetchall()
    return [
        (Answer(kind, record_id, uid, dt.date.fromisoformat(date)), category)
        for kind, found in ((VISIT, visits), (TALK, talks))
        for record_id, uid, date, category in found
    ]


def link_answer(db: Database, answer: Answer, event_id: int, actor: str, now: str) -> None:
    """Set the recorded visit or talk to answer the new event, with its audit row: inside the import's
    transaction."""
    from app.care.service import _label

    table, entity = _TABLES[answer.record_type]
    db.execute(
        f"UPDATE {table} SET event_id = ?, updated_at = ? WHERE id = ?", [event_id, now, answer.record_id]
    )
    audit.record(
        db, actor=actor, action="update", entity=entity, label=_label(db, entity, answer.record_id),
        record_id=answer.record_id, record_uid=answer.uid, before={"event_id": None}, after={"event_id": event_id},
        at=now,
    )  # fmt: skip
