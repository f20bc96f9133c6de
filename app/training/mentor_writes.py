"""What the 导师帮带 writes share: a date checked as the clerk typed it, and a row inserted or corrected with its
audit row (the record registry names it), for mentors, pairs, tasks and activities alike."""

from __future__ import annotations

import uuid
from typing import Any

from sqlite_utils import Database

from app import audit
from app.changes import OpChanges, OperationRefused, OpResult
from app.clock import utc_now
from app.dates import DateError, parse_date

TRAINING = OpChanges(training=True)


def checked_date(
    text: str, label: str, key: str, errors: dict[str, str], *, allow_future: bool = False
) -> str | None:
    try:
        day = parse_date(text.strip(), field=label, allow_future=allow_future)
    except DateError as exc:
        errors[key] = str(exc)
        return None
    return day.isoformat() if day else None


def insert(db: Database, table: str, entity: str, values: dict[str, Any], actor: str) -> int:
    from app.records import kind

    now, uid = utc_now(), str(uuid.uuid4())
    row = {"uid": uid, **values, "created_at": now, "updated_at": now}
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )
    record_id = int(cursor.lastrowid or 0)
    label = db.execute(f"SELECT {kind(entity).name_sql} FROM {table} WHERE id = ?", [record_id]).fetchone()[0]
    after = {k: v for k, v in values.items() if v not in (None, "")}
    audit.record(
        db, actor=actor, action="create", entity=entity, label=label, record_id=record_id, record_uid=uid,
        after=after,
    )  # fmt: skip
    return record_id


def update(
    db: Database, table: str, entity: str, record_id: int, values: dict[str, Any], actor: str, message: str
) -> OpResult:
    from app.records import kind

    columns = ", ".join(values)
    old = db.execute(
        f"SELECT uid, {columns} FROM {table} WHERE id = ? AND deleted_at IS NULL", [record_id]
    ).fetchone()
    if old is None:
        raise OperationRefused(f"这条{kind(entity).label}不存在或已在回收站中")
    before, after = audit.changed_fields(dict(zip(values, old[1:], strict=True)), values)
    with db.atomic():
        db.execute(
            f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)}, updated_at = ? WHERE id = ?",
            [*values.values(), utc_now(), record_id],
        )
        label = db.execute(
            f"SELECT {kind(entity).name_sql} FROM {table} WHERE id = ?", [record_id]
        ).fetchone()[0]
        audit.record(
            db, actor=actor, action="update", entity=entity, label=label, record_id=record_id, record_uid=old[0],
            before=before, after=after,
        )  # fmt: skip
    return OpResult(TRAINING, record_id, message)
