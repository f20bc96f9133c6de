"""The audit trail: who changed which record, when, from what to what. Written in the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.clock import utc_now

# One encoder for every row: json.dumps with options builds a new JSONEncoder on each call (a bulk import
# writes 10,000 rows at once).
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _dump(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    try:
        return _ENCODE(values)
    except TypeError:  # bytes (a photo) cannot be encoded: named instead, not stored twice
        shown = {k: ("（图片）" if isinstance(v, bytes) else v) for k, v in values.items()}
        return _ENCODE(shown)


def record(
    db: Database,
    *,
    actor: str,
    action: str,
    entity: str,
    label: str,
    record_id: int | None = None,
    record_uid: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: str | None = None,
) -> None:
    """Write one audit row. Call it inside the same `db.atomic()` block as the change it describes."""
    if not db.conn.in_transaction:
        raise RuntimeError("audit.record must run inside the transaction of the change it records")
    db.execute(
        "INSERT INTO audit_log (at, actor, action, entity, record_id, record_uid, label, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at or utc_now(), actor, action, entity, record_id, record_uid, label, _dump(before), _dump(after)],
    )


def record_many(db: Database, entries: Iterable[tuple]) -> None:
    """Many audit rows at once, each (at, actor, action, entity, record_id, record_uid, label, before, after)
    with before/after as dicts; inside the caller's transaction, like `record`."""
    if not db.conn.in_transaction:
        raise RuntimeError("audit.record_many must run inside the transaction of the changes it records")
    db.conn.executemany(
        "INSERT INTO audit_log (at, actor, action, entity, record_id, record_uid, label, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((*e[:7], _dump(e[7]), _dump(e[8])) for e in entries),
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields whose value differs, as (old, new) dicts."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    entity: str
    record_id: int | None
    label: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def query(
    db: Database,
    *,
    entity: str | None = None,
    record_id: int | None = None,
    text: str = "",
    since: str | None = None,
    until: str | None = None,
    limit: int = 5000,
) -> list[AuditEntry]:
    """Newest first. `since`/`until` are UTC ISO bounds (until exclusive); `text` matches the record's label."""
    where, params = ["1=1"], []
    from app.records import kind

    table = kind(entity).table if entity else None
    if record_id is not None and table:
        # By uid while the record exists: a row id can be reused after a purge or an undone import, a uid never.
        where.append(
            f"(record_uid = (SELECT uid FROM {table} WHERE id = ?)"
            f" OR (NOT EXISTS (SELECT 1 FROM {table} WHERE id = ?) AND record_id = ?))"
        )
        params += [record_id, record_id, record_id]
        record_id = None
    for clause, value in (
        ("entity = ?", entity),
        ("record_id = ?", record_id),
        ("at >= ?", since),
        ("at < ?", until),
    ):
        if value is not None:
            where.append(clause)
            params.append(value)
    if text:
        where.append("(label LIKE ? ESCAPE '\\' OR actor LIKE ? ESCAPE '\\')")
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [pattern, pattern]
    sql = (
        "SELECT id, at, actor, action, entity, record_id, label, before, after FROM audit_log"
        f" WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?"
    )
    rows = db.execute(sql, [*params, limit]).fetchall()
    return [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], _load(r[7]), _load(r[8])) for r in rows]


def _load(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text else None


def last_change_id(db: Database) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
