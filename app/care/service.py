"""Care operations the window and the command line call: events, visits, talks, greetings, health checks, the
budget. Every write is one transaction with an audit row per record made, and returns an OpResult whose changes
say `care` (the reminders are computed from these records, so they follow by themselves).

A visit or a talk may answer an event (`event_id`): it must be of the same person, of the duty the event asks
for, fit its kind and not be dated before it (app/care/rules.py `answers`); an event is answered once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from app import audit
from app.care.rules import (
    EVENT_KINDS,
    TALK,
    TALK_REASONS,
    VISIT,
    VISIT_KINDS,
    VISIT_METHODS,
    answers,
    days_late,
    due_date,
    duty_of,
)
from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.clock import utc_now
from app.dates import DateError, parse_date

CARE_CHANGED = OpChanges(care=True)
MAX_TEXT = 2000  # 备注, 谈话内容
MAX_SHORT = 100  # 走访人, 慰问品, 地点


@dataclass(frozen=True)
class VisitInput:
    person_ids: Sequence[int]
    date: str | dt.date | None  # None in a batch greeting's template: each on its birthday / the festival
    kind: str
    method: str = "上门"
    visitors: str = ""
    gift: str = ""
    amount_fen: int = 0
    note: str = ""
    follow_up_date: str | dt.date | None = None
    event_id: int | None = None
    occasion: str = ""  # the festival of a 节日慰问


@dataclass(frozen=True)
class TalkInput:
    person_id: int
    date: str | dt.date
    reason: str
    talker: str = ""
    summary: str = ""
    follow_up_date: str | dt.date | None = None
    event_id: int | None = None


@dataclass
class _Checked:
    """Field → message for everything wrong, so a form marks every problem at once."""

    errors: dict[str, str] = field(default_factory=dict)

    def date(self, key: str, raw: object, label: str, *, required: bool = True, future: bool = False):
        try:
            value = parse_date(raw, field=label, allow_future=future)
        except DateError as exc:
            self.errors[key] = str(exc)
            return None
        if value is None and required:
            self.errors[key] = f"{label}不能为空"
        return value.isoformat() if value else None

    def choice(self, key: str, value: str, allowed: Sequence[str], label: str) -> None:
        if value not in allowed:
            self.errors[key] = f"{label}“{value}”不可用，可选：{'、'.join(allowed)}"

    def text(self, key: str, value: str, label: str, limit: int = MAX_SHORT) -> str | None:
        value = (value or "").strip()
        if len(value) > limit:
            self.errors[key] = f"{label}过长（{len(value)}个字），请控制在{limit}个字以内"
        return value or None

    def follow_up_after(self, values: dict, record: str) -> None:
        """A follow-up is a later contact: one dated before the visit or talk itself is a typing slip."""
        follow_up, date = values.get("follow_up_date"), values.get("date")
        if follow_up and date and follow_up < date and "follow_up_date" not in self.errors:
            self.errors["follow_up_date"] = (
                f"回访日期 {follow_up} 早于{record}日期 {date}，回访应在{record}之后，请核对"
            )

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def person_names(db: Database, person_ids: Sequence[int]) -> dict[int, str]:
    """Living people by id; a missing or binned one is refused by name of the problem."""
    marks = ", ".join("?" for _ in person_ids)
    rows = db.execute(
        f"SELECT id, name FROM people WHERE id IN ({marks}) AND deleted_at IS NULL", list(person_ids)
    ).fetchall()
    found = dict(rows)
    if len(found) != len(set(person_ids)):
        raise OperationRefused("所选人员中有人不在花名册中（可能已移入回收站），请重新选择")
    return found


def insert_row(db: Database, table: str, values: dict, now: str) -> tuple[int, str]:
    uid = str(uuid.uuid4())
    row = {"uid": uid, **values, "created_at": now, "updated_at": now}
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )
    return cursor.lastrowid, uid  # type: ignore[return-value]


def _label(db: Database, entity: str, record_id: int) -> str:
    from app.records import kind

    record_kind = kind(entity)
    sql = f"SELECT {record_kind.name_sql} FROM {record_kind.table} WHERE id = ?"
    return db.execute(sql, [record_id]).fetchone()[0]


def audit_create(db: Database, actor: str, entity: str, record_id: int, uid: str, after: dict) -> str:
    label = _label(db, entity, record_id)
    audit.record(
        db, actor=actor, action="create", entity=entity, label=label, record_id=record_id, record_uid=uid,
        after={k: v for k, v in after.items() if v not in (None, "")},
    )  # fmt: skip
    return label


# --- events -------------------------------------------------------------------------------------------


def record_event(
    db: Database, person_id: int, kind: str, date: str | dt.date, actor: str, note: str = ""
) -> OpResult:
    check = _Checked()
    check.choice("kind", kind, EVENT_KINDS, "事件类别")
    values = {
        "person_id": person_id,
        "kind": kind,
        "date": check.date("date", date, "事件日期"),
        "note": check.text("note", note, "备注", MAX_TEXT),
    }
    check.done()
    person_names(db, [person_id])
    with db.atomic():
        record_id, uid = insert_row(db, "care_events", values, utc_now())
        label = audit_create(db, actor, "care_event", record_id, uid, values)
    duty = duty_of(kind)
    said = f"，需在期限内{duty}" if duty else ""
    return OpResult(CARE_CHANGED, record_id, f"已记录事件“{label}”{said}")


def _event_refusal(db: Database, event_id: int, person_ids: Sequence[int], record_type: str, category: str,
                   date: str) -> str | None:  # fmt: skip
    """Why this visit or talk cannot answer the event, or None when it can."""
    row = db.execute(
        "SELECT person_id, kind, date FROM care_events WHERE id = ? AND deleted_at IS NULL", [event_id]
    ).fetchone()
    if row is None:
        return "所选事件不存在或已移入回收站"
    person_id, kind, event_date = row
    if person_id not in person_ids:
        return "所选事件不是慰问对象的事件"
    if not answers(
        record_type, category, dt.date.fromisoformat(date), kind, dt.date.fromisoformat(event_date)
    ):
        word = "走访类别" if record_type == VISIT else "谈话原因"
        return f"{word}“{category}”不能回应{event_date}的“{kind}”事件（需{duty_of(kind) or '无需走访或谈话'}，且日期不早于事件）"
    if _answered_by(db, event_id):
        return f"{event_date}的“{kind}”事件已经有走访或谈话回应过了"
    return None


def _late_text(db: Database, event_id: int | None, date: str) -> str:
    """'，逾期3天回应' when the record answers its event after the due date (it still answers it)."""
    if event_id is None:
        return ""
    from app.care.queries import care_settings

    event_date = db.execute("SELECT date FROM care_events WHERE id = ?", [event_id]).fetchone()[0]
    due = due_date(dt.date.fromisoformat(event_date), care_settings(db).due_days)
    late = days_late(dt.date.fromisoformat(date), due)
    return f"，逾期{late}天回应" if late else "，按期回应"


def _answered_by(db: Database, event_id: int) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM care_visits WHERE event_id = ? AND deleted_at IS NULL"
            " UNION ALL SELECT 1 FROM care_talks WHERE event_id = ? AND deleted_at IS NULL",
            [event_id, event_id],
        ).fetchone()
    )


# --- visits and talks ---------------------------------------------------------------------------------


def visit_values(item: VisitInput, *, future: bool = False) -> dict:
    """The row to store; `future`: a batch greeting may be dated ahead (the month's birthdays, a festival)."""
    check = _Checked()
    check.choice("kind", item.kind, VISIT_KINDS, "慰问类别")
    check.choice("method", item.method, VISIT_METHODS, "慰问方式")
    if not item.person_ids:
        check.errors["people"] = "请选择慰问对象"
    if not isinstance(item.amount_fen, int) or isinstance(item.amount_fen, bool) or item.amount_fen < 0:
        check.errors["amount_fen"] = "金额不能为负数"
    values = {
        "date": check.date("date", item.date, "慰问日期", future=future),
        "kind": item.kind,
        "method": item.method,
        "occasion": check.text("occasion", item.occasion, "节日"),
        "visitors": check.text("visitors", item.visitors, "走访人"),
        "gift": check.text("gift", item.gift, "慰问品"),
        "amount_fen": item.amount_fen,
        "note": check.text("note", item.note, "备注", MAX_TEXT),
        "follow_up_date": check.date(
            "follow_up_date", item.follow_up_date, "回访日期", required=False, future=True
        ),
        "event_id": item.event_id,
    }
    check.follow_up_after(values, "走访")
    check.done()
    return values


def insert_visit(db: Database, values: dict, person_ids: Sequence[int], names: dict[int, str], actor: str,
                  now: str) -> tuple[int, str]:  # fmt: skip
    """The visit, its people and one audit row (naming the people): inside the caller's transaction."""
    record_id, uid = insert_row(db, "care_visits", values, now)
    db.conn.executemany(
        "INSERT INTO care_visit_people (uid, visit_id, person_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        [(str(uuid.uuid4()), record_id, pid, now, now) for pid in dict.fromkeys(person_ids)],
    )
    after = {"people": "、".join(names[pid] for pid in dict.fromkeys(person_ids)), **values}
    return record_id, audit_create(db, actor, "care_visit", record_id, uid, after)


def record_visit(db: Database, item: VisitInput, actor: str) -> OpResult:
    values = visit_values(item)
    names = person_names(db, item.person_ids)
    if item.event_id is not None:
        refusal = _event_refusal(db, item.event_id, item.person_ids, VISIT, item.kind, values["date"])
        if refusal:
            raise OperationRefused(refusal)
    with db.atomic():
        record_id, label = insert_visit(db, values, item.person_ids, names, actor, utc_now())
    late = _late_text(db, item.event_id, values["date"])
    return OpResult(CARE_CHANGED, record_id, f"已记录走访慰问“{label}”（{'、'.join(names.values())}）{late}")


def checked_talk(db: Database, item: TalkInput) -> dict[str, Any]:
    """A talk's columns as they are stored, every field checked (ValidationError naming each problem); the
    person must be on the roster. Shared by recording a talk and correcting one."""
    check = _Checked()
    check.choice("reason", item.reason, TALK_REASONS, "谈话原因")
    values = {
        "person_id": item.person_id,
        "date": check.date("date", item.date, "谈话日期"),
        "reason": item.reason,
        "talker": check.text("talker", item.talker, "谈话人"),
        "summary": check.text("summary", item.summary, "谈话内容", MAX_TEXT),
        "follow_up_date": check.date(
            "follow_up_date", item.follow_up_date, "回访日期", required=False, future=True
        ),
        "event_id": item.event_id,
    }
    check.follow_up_after(values, "谈话")
    check.done()
    person_names(db, [item.person_id])
    return values


def record_talk(db: Database, item: TalkInput, actor: str) -> OpResult:
    values = checked_talk(db, item)
    if item.event_id is not None:
        refusal = _event_refusal(db, item.event_id, [item.person_id], TALK, item.reason, values["date"])
        if refusal:
            raise OperationRefused(refusal)
    with db.atomic():
        record_id, uid = insert_row(db, "care_talks", values, utc_now())
        label = audit_create(db, actor, "care_talk", record_id, uid, values)
    late = _late_text(db, item.event_id, values["date"])
    return OpResult(CARE_CHANGED, record_id, f"已记录谈心谈话“{label}”{late}")


def record_health_check(db: Database, person_id: int, date: str | dt.date, actor: str, place: str = "",
                        note: str = "") -> OpResult:  # fmt: skip
    check = _Checked()
    values = {
        "person_id": person_id,
        "date": check.date("date", date, "体检日期"),
        "place": check.text("place", place, "体检地点"),
        "note": check.text("note", note, "备注", MAX_TEXT),
    }
    check.done()
    person_names(db, [person_id])
    with db.atomic():
        record_id, uid = insert_row(db, "care_health_checks", values, utc_now())
        label = audit_create(db, actor, "care_health_check", record_id, uid, values)
    return OpResult(CARE_CHANGED, record_id, f"已记录健康体检“{label}”")


# --- to the recycle bin -------------------------------------------------------------------------------

CARE_KINDS = ("care_event", "care_visit", "care_talk", "care_health_check", "care_budget")


def remove_record(db: Database, entity: str, record_id: int, actor: str) -> OpResult:
    """Move a care record to the recycle bin (a visit with its people). An event that a living visit or talk
    answers stays: the answer would point at a record in the bin (remove the answer first)."""
    from app.recycle import to_bin

    if entity not in CARE_KINDS:
        raise OperationRefused(f"“{entity}”不是关怀记录")

    def refusal(name: str) -> str | None:
        if entity == "care_event" and _answered_by(db, record_id):
            return f"“{name}”已有走访或谈话回应，请先将回应它的记录移入回收站"
        return None

    return to_bin(db, entity, record_id, actor, OpChanges(care=True), refusal)
