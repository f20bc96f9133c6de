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
from dataclasses import asdict, dataclass, field

from sqlite_utils import Database

from app import audit
from app.care.festivals import FestivalError, festival_date
from app.care.money import fen_text
from app.care.rules import (
    BIRTHDAY_GREETING,
    EVENT_KINDS,
    FESTIVAL_GREETING,
    TALK,
    TALK_REASONS,
    VISIT,
    VISIT_KINDS,
    VISIT_METHODS,
    answers,
    birthday_in,
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

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _person_names(db: Database, person_ids: Sequence[int]) -> dict[int, str]:
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
    _person_names(db, [person_id])
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


def _answered_by(db: Database, event_id: int) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM care_visits WHERE event_id = ? AND deleted_at IS NULL"
            " UNION ALL SELECT 1 FROM care_talks WHERE event_id = ? AND deleted_at IS NULL",
            [event_id, event_id],
        ).fetchone()
    )


# --- visits and talks ---------------------------------------------------------------------------------


def _visit_values(item: VisitInput, *, future: bool = False) -> dict:
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
    check.done()
    return values


def _insert_visit(db: Database, values: dict, person_ids: Sequence[int], names: dict[int, str], actor: str,
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
    values = _visit_values(item)
    names = _person_names(db, item.person_ids)
    if item.event_id is not None:
        refusal = _event_refusal(db, item.event_id, item.person_ids, VISIT, item.kind, values["date"])
        if refusal:
            raise OperationRefused(refusal)
    with db.atomic():
        record_id, label = _insert_visit(db, values, item.person_ids, names, actor, utc_now())
    return OpResult(CARE_CHANGED, record_id, f"已记录走访慰问“{label}”（{'、'.join(names.values())}）")


def record_talk(db: Database, item: TalkInput, actor: str) -> OpResult:
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
    check.done()
    _person_names(db, [item.person_id])
    if item.event_id is not None:
        refusal = _event_refusal(db, item.event_id, [item.person_id], TALK, item.reason, values["date"])
        if refusal:
            raise OperationRefused(refusal)
    with db.atomic():
        record_id, uid = insert_row(db, "care_talks", values, utc_now())
        label = audit_create(db, actor, "care_talk", record_id, uid, values)
    return OpResult(CARE_CHANGED, record_id, f"已记录谈心谈话“{label}”")


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
    _person_names(db, [person_id])
    with db.atomic():
        record_id, uid = insert_row(db, "care_health_checks", values, utc_now())
        label = audit_create(db, actor, "care_health_check", record_id, uid, values)
    return OpResult(CARE_CHANGED, record_id, f"已记录健康体检“{label}”")


# --- batch greetings ----------------------------------------------------------------------------------


def birthday_people(db: Database, year: int, month: int) -> list[tuple[int, str, dt.date]]:
    """People at work (在岗, 试用期) whose birthday falls in the month: (id, name, birthday in `year`),
    by day. 29 February counts in February of every year (it falls on the 28th)."""
    rows = db.execute(
        "SELECT id, name, birth_date FROM people WHERE deleted_at IS NULL AND status IN ('在岗', '试用期')"
        " AND CAST(substr(birth_date, 6, 2) AS INTEGER) = ?",
        [month],
    ).fetchall()
    found = [(pid, name, birthday_in(year, dt.date.fromisoformat(birth))) for pid, name, birth in rows]
    return sorted(found, key=lambda item: (item[2], item[1]))


def greet_birthdays(db: Database, year: int, month: int, template: VisitInput, actor: str) -> OpResult:
    """A 生日慰问 for each person with a birthday in the month, each dated on the birthday itself unless the
    template gives a date; gift and amount (per person) once for all. One transaction."""
    people = birthday_people(db, year, month)
    if not people:
        raise OperationRefused(f"{year}年{month}月没有在岗人员过生日")
    items = [
        VisitInput(
            **{
                **asdict(template),
                "person_ids": [pid],
                "kind": BIRTHDAY_GREETING,
                "date": template.date or birthday,
            }
        )  # fmt: skip
        for pid, _name, birthday in people
    ]
    return _greet(db, items, actor, f"{year}年{month}月生日慰问")


def greet_festival(db: Database, person_ids: Sequence[int], festival: str, year: int, template: VisitInput,
                   actor: str) -> OpResult:  # fmt: skip
    """A 节日慰问 for each selected person, dated on the festival of `year` unless the template gives a date."""
    try:
        day = template.date or festival_date(festival, year)
    except FestivalError as exc:
        raise ValidationError({"date": str(exc)}) from exc
    if not person_ids:
        raise ValidationError({"people": "请选择慰问对象"})
    items = [
        VisitInput(
            **{
                **asdict(template),
                "person_ids": [pid],
                "kind": FESTIVAL_GREETING,
                "date": day,
                "occasion": festival,
            }
        )  # fmt: skip
        for pid in dict.fromkeys(person_ids)
    ]
    return _greet(db, items, actor, f"{year}年{festival}慰问")


def _greet(db: Database, items: list[VisitInput], actor: str, what: str) -> OpResult:
    """One visit per person (so each is answered, counted and costed as that person's), all or none."""
    checked = [_visit_values(item, future=True) for item in items]
    names = _person_names(db, [pid for item in items for pid in item.person_ids])
    now = utc_now()
    with db.atomic():
        for item, values in zip(items, checked, strict=True):
            _insert_visit(db, values, item.person_ids, names, actor, now)
    total = sum(item.amount_fen for item in items)
    money = f"，共 {fen_text(total)} 元" if total else ""
    return OpResult(CARE_CHANGED, None, f"已记录{what} {len(items)} 人{money}", made=len(items))
