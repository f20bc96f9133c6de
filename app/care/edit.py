"""Correcting a care record (修改): an event, a visit (and who it was for), a talk or a health check. The same
checks as recording one, one audit row with what changed, one transaction.

An answered event keeps its answer only while the answer still fits: an event whose kind or date is changed so
that its visit or talk no longer answers it is refused (change or remove the answer first); a visit or talk may
answer an event that is open, or the one it already answers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlite_utils import Database

from app import audit
from app.care.rules import EVENT_KINDS, TALK, VISIT, answers, duty_of
from app.care.service import (
    CARE_CHANGED,
    MAX_TEXT,
    TalkInput,
    VisitInput,
    _Checked,
    checked_talk,
    person_names,
    visit_values,
)
from app.changes import OpChanges, OperationRefused, OpResult
from app.clock import utc_now

NOTHING = "没有需要保存的修改"


def _stored(db: Database, table: str, record_id: int, columns: Sequence[str]) -> tuple[str, dict]:
    row = db.execute(
        f"SELECT uid, {', '.join(columns)} FROM {table} WHERE id = ? AND deleted_at IS NULL", [record_id]
    ).fetchone()
    if row is None:
        raise OperationRefused("这条记录不存在或已移入回收站，请刷新后再试")
    return row[0], dict(zip(columns, row[1:], strict=True))


def _save(db: Database, entity: str, table: str, record_id: int, uid: str, old: dict, new: dict, actor: str,
          extra: dict | None = None) -> bool:  # fmt: skip
    """Write the changed columns and one audit row (with `extra` changes, such as the people); False when
    nothing changed. Inside the caller's transaction."""
    from app.care.service import _label

    before, after = audit.changed_fields(old, new)
    if extra:
        before, after = {**before, **extra[0]}, {**after, **extra[1]}  # type: ignore[index]
    if not after:
        return False
    now = utc_now()
    columns = [k for k in after if k in new]
    if columns:
        sets = ", ".join(f"{c} = ?" for c in columns)
        db.execute(
            f"UPDATE {table} SET {sets}, updated_at = ? WHERE id = ?",
            [*(new[c] for c in columns), now, record_id],
        )
    else:
        db.execute(f"UPDATE {table} SET updated_at = ? WHERE id = ?", [now, record_id])
    audit.record(
        db, actor=actor, action="update", entity=entity, label=_label(db, entity, record_id), record_id=record_id,
        record_uid=uid, before=before, after=after, at=now,
    )  # fmt: skip
    return True


def _answers_of(db: Database, event_id: int) -> list[tuple[str, str, str]]:
    """(type 走访/谈话, its kind or reason, date) of the living records answering the event."""
    return db.execute(
        "SELECT '走访', kind, date FROM care_visits WHERE event_id = ? AND deleted_at IS NULL"
        " UNION ALL SELECT '谈话', reason, date FROM care_talks WHERE event_id = ? AND deleted_at IS NULL",
        [event_id, event_id],
    ).fetchall()


def update_event(db: Database, event_id: int, person_id: int, kind: str, date: str | dt.date, actor: str,
                 note: str = "") -> OpResult:  # fmt: skip
    check = _Checked()
    check.choice("kind", kind, EVENT_KINDS, "事件类别")
    new = {
        "person_id": person_id,
        "kind": kind,
        "date": check.date("date", date, "事件日期"),
        "note": check.text("note", note, "备注", MAX_TEXT),
    }
    check.done()
    person_names(db, [person_id])
    uid, old = _stored(db, "care_events", event_id, list(new))
    for record_type, category, answered_on in _answers_of(db, event_id):
        fits = person_id == old["person_id"] and answers(
            record_type,
            category,
            dt.date.fromisoformat(answered_on),
            kind,
            dt.date.fromisoformat(new["date"]),
        )
        if not fits:
            raise OperationRefused(
                f"这件事已由{answered_on}的{record_type}（{category}）回应，改成这样后那条记录就不再回应它了；"
                "请先修改或移除回应它的记录"
            )
    with db.atomic():
        changed = _save(db, "care_event", "care_events", event_id, uid, old, new, actor)
    return _result(changed, event_id, "已保存对事件的修改")


def _event_problem(db: Database, event_id: int | None, record_type: str, category: str, date: str,
                   person_ids: Sequence[int], own: tuple[str, int]) -> str | None:  # fmt: skip
    """Why the record cannot answer this event (None when it can): the same rules as recording, except that
    the record itself may already be its answer."""
    if event_id is None:
        return None
    row = db.execute(
        "SELECT person_id, kind, date FROM care_events WHERE id = ? AND deleted_at IS NULL", [event_id]
    ).fetchone()
    if row is None:
        return "所选事件不存在或已移入回收站"
    if row[0] not in person_ids:
        return "所选事件不是这条记录所涉人员的事件"
    if not answers(record_type, category, dt.date.fromisoformat(date), row[1], dt.date.fromisoformat(row[2])):
        need = duty_of(row[1]) or "无需走访或谈话"
        return f"“{category}”不能回应{row[2]}的“{row[1]}”事件（需{need}，且日期不早于事件）"
    others = db.execute(
        "SELECT 'visit', id FROM care_visits WHERE event_id = ? AND deleted_at IS NULL"
        " UNION ALL SELECT 'talk', id FROM care_talks WHERE event_id = ? AND deleted_at IS NULL",
        [event_id, event_id],
    ).fetchall()
    if any(tuple(o) != own for o in others):
        return f"{row[2]}的“{row[1]}”事件已经有别的走访或谈话回应过了"
    return None


def update_visit(db: Database, visit_id: int, item: VisitInput, actor: str) -> OpResult:
    """The visit's fields and who it was for (people removed go with the visit's history; one added back
    is the same link restored)."""
    new = visit_values(item)
    names = person_names(db, item.person_ids)
    problem = _event_problem(
        db, item.event_id, VISIT, item.kind, new["date"], item.person_ids, ("visit", visit_id)
    )
    if problem:
        raise OperationRefused(problem)
    uid, old = _stored(db, "care_visits", visit_id, list(new))
    links = dict(
        db.execute(
            "SELECT person_id, deleted_at IS NULL FROM care_visit_people WHERE visit_id = ?", [visit_id]
        ).fetchall()
    )
    before_people = [pid for pid, living in links.items() if living]
    wanted = list(dict.fromkeys(item.person_ids))
    extra = None
    if set(before_people) != set(wanted):
        shown = person_names(db, [*before_people, *wanted]) if before_people else names
        extra = (
            {"people": "、".join(shown[p] for p in before_people)},
            {"people": "、".join(names[p] for p in wanted)},
        )
    with db.atomic():
        if extra:
            _relink(db, visit_id, links, wanted)
        changed = _save(db, "care_visit", "care_visits", visit_id, uid, old, new, actor, extra)
    return _result(changed, visit_id, "已保存对走访慰问的修改")


def _relink(db: Database, visit_id: int, links: dict[int, int], wanted: list[int]) -> None:
    now = utc_now()
    for person_id, living in links.items():
        if living and person_id not in wanted:
            db.execute(
                "UPDATE care_visit_people SET deleted_at = ?, updated_at = ? WHERE visit_id = ? AND person_id = ?",
                [now, now, visit_id, person_id],
            )
    for person_id in wanted:
        if person_id not in links:
            db.execute(
                "INSERT INTO care_visit_people (uid, visit_id, person_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                [str(uuid.uuid4()), visit_id, person_id, now, now],
            )
        elif not links[person_id]:
            db.execute(
                "UPDATE care_visit_people SET deleted_at = NULL, deleted_by = NULL, updated_at = ?"
                " WHERE visit_id = ? AND person_id = ?",
                [now, visit_id, person_id],
            )


def update_talk(db: Database, talk_id: int, item: TalkInput, actor: str) -> OpResult:
    new = checked_talk(db, item)
    problem = _event_problem(
        db, item.event_id, TALK, item.reason, new["date"], [item.person_id], ("talk", talk_id)
    )
    if problem:
        raise OperationRefused(problem)
    uid, old = _stored(db, "care_talks", talk_id, list(new))
    with db.atomic():
        changed = _save(db, "care_talk", "care_talks", talk_id, uid, old, new, actor)
    return _result(changed, talk_id, "已保存对谈心谈话的修改")


def update_health_check(db: Database, check_id: int, person_id: int, date: str | dt.date, actor: str,
                        place: str = "", note: str = "") -> OpResult:  # fmt: skip
    check = _Checked()
    new = {
        "person_id": person_id,
        "date": check.date("date", date, "体检日期"),
        "place": check.text("place", place, "体检地点"),
        "note": check.text("note", note, "备注", MAX_TEXT),
    }
    check.done()
    person_names(db, [person_id])
    uid, old = _stored(db, "care_health_checks", check_id, list(new))
    with db.atomic():
        changed = _save(db, "care_health_check", "care_health_checks", check_id, uid, old, new, actor)
    return _result(changed, check_id, "已保存对健康体检的修改")


def _result(changed: bool, record_id: int, message: str) -> OpResult:
    if not changed:
        return OpResult(OpChanges(audit=False), record_id, NOTHING)
    return OpResult(CARE_CHANGED, record_id, message)
