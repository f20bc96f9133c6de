"""The recycle bin (回收站): every kind the registry marks binnable, restored or purged from here only.

What may be restored or purged is decided from the registry: a record comes back only when what it refers to is
living and no living record holds its unique values; it is purged only when nothing refers to it any more.
Records that belong to it (its companions) come back and go with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from app import audit
from app.changes import OpChanges, OperationRefused, OpResult
from app.clock import utc_now
from app.record_kind import RecordKind
from app.records import all_kinds, binnable_kinds, kind

# Whatever kind came back, the pages that show it refresh: every area that keeps records in the bin.
BIN_CHANGED = OpChanges(people=True, units=True, recycle_bin=True, appraisal=True, care=True, training=True)
PURGED = OpChanges(recycle_bin=True)


@dataclass(frozen=True)
class BinItem:
    entity: str
    id: int
    label: str
    detail: str  # ID number for a person, kind for a unit
    deleted_at: str
    deleted_by: str


def to_bin(
    db: Database,
    entity: str,
    record_id: int,
    actor: str,
    changes: OpChanges,
    refusal: Callable[[str], str | None] | None = None,
) -> OpResult:
    """Move a living record of a registered kind to the bin with its companions, at one moment (so they come
    back together), audited. `refusal(name)` says why this record must stay (something living points at it)."""
    found = kind(entity)
    row = db.execute(
        f"SELECT uid, {found.name_sql} FROM {found.table} WHERE id = ? AND deleted_at IS NULL", [record_id]
    ).fetchone()
    if row is None:
        raise OperationRefused(f"这条{found.label}不存在或已在回收站中")
    uid, name = row
    if refusal is not None and (reason := refusal(name)):
        raise OperationRefused(reason)
    now = utc_now()
    with db.atomic():
        for companion in found.companions:
            db.execute(
                f"UPDATE {kind(companion.kind).table} SET deleted_at = ?, deleted_by = ?, updated_at = ?"
                f" WHERE {companion.key} = ? AND deleted_at IS NULL",
                [now, actor, now, record_id],
            )
        db.execute(
            f"UPDATE {found.table} SET deleted_at = ?, deleted_by = ?, updated_at = ? WHERE id = ?",
            [now, actor, now, record_id],
        )
        audit.record(
            db, actor=actor, action="delete", entity=entity, label=name, record_id=record_id, record_uid=uid
        )
    return OpResult(changes | OpChanges(recycle_bin=True), record_id, f"已将“{name}”移入回收站")


def list_bin(db: Database) -> list[BinItem]:
    items: list[BinItem] = []
    for k in binnable_kinds():
        rows = db.execute(
            f"SELECT ?, id, {k.name_sql}, coalesce({k.detail_sql}, ''), deleted_at, coalesce(deleted_by, '')"
            f" FROM {k.table} WHERE deleted_at IS NOT NULL",
            [k.entity],
        ).fetchall()
        items += [BinItem(*row) for row in rows]
    return sorted(items, key=lambda item: item.deleted_at, reverse=True)


def _binned(db: Database, k: RecordKind, record_id: int) -> dict | None:
    """The record's row if it is in the bin, with its name under '_name'."""
    if not k.binnable or not k.table:
        return None
    cursor = db.execute(f"SELECT *, {k.name_sql} AS _name FROM {k.table} WHERE id = ?", [record_id])
    row = cursor.fetchone()
    if row is None:
        return None
    record = dict(zip([c[0] for c in cursor.description], row, strict=True))
    return record if record["deleted_at"] is not None else None


def _restore_refusal(db: Database, k: RecordKind, record: dict) -> str | None:
    for key, target in k.references.items():
        target_id = record.get(key)
        if target_id is None:
            continue
        found = db.execute(
            f"SELECT deleted_at FROM {kind(target).table} WHERE id = ?", [target_id]
        ).fetchone()
        if found is not None and found[0] is not None:
            return f"其{k.field_label(key)}也在回收站中，请先恢复该{kind(target).label}"
    for unique in k.unique:
        where = " AND ".join(f"{column} IS ?" for column in unique.columns)
        holder = db.execute(
            f"SELECT {k.name_sql} FROM {k.table} WHERE {where} AND deleted_at IS NULL AND id <> ?",
            [*(record[c] for c in unique.columns), record["id"]],
        ).fetchone()
        if holder is not None:
            return unique.message.format(holder=holder[0], **record)
    return None


def restore(db: Database, entity: str, record_id: int, actor: str) -> OpResult:
    k = kind(entity)
    record = _binned(db, k, record_id)
    if record is None:
        raise OperationRefused("回收站中没有这条记录")
    refusal = _restore_refusal(db, k, record)
    if refusal:
        raise OperationRefused(f"无法恢复“{record['_name']}”：{refusal}")
    now = utc_now()
    with db.atomic():
        for companion in k.companions:
            table = kind(companion.kind).table
            db.execute(
                f"UPDATE {table} SET deleted_at = NULL, deleted_by = NULL, updated_at = ?"
                f" WHERE {companion.key} = ? AND deleted_at = ?",
                [now, record_id, record["deleted_at"]],
            )
        db.execute(
            f"UPDATE {k.table} SET deleted_at = NULL, deleted_by = NULL, updated_at = ? WHERE id = ?",
            [now, record_id],
        )
        audit.record(
            db,
            actor=actor,
            action="restore",
            entity=entity,
            label=record["_name"],
            record_id=record_id,
            record_uid=record["uid"],
        )
    return OpResult(BIN_CHANGED, record_id, f"已恢复“{record['_name']}”")


def _referrers(db: Database, entity: str, record_id: int) -> list[str]:
    """'人员 3 条' for every kind with rows (living or binned) that point at the record."""
    found = []
    for other in all_kinds():
        keys = [key for key, target in other.references.items() if target == entity] if other.table else []
        for key in keys:
            if _is_companion(entity, other.entity, key):
                continue  # goes with the record
            (count,) = db.execute(
                f"SELECT count(*) FROM {other.table} WHERE {key} = ?", [record_id]
            ).fetchone()
            if count:
                found.append(other.count_text(count))
    return found


def _is_companion(owner: str, entity: str, key: str) -> bool:
    return any(c.kind == entity and c.key == key for c in kind(owner).companions)


def purge(db: Database, entity: str, record_id: int, actor: str) -> OpResult:
    """Delete for good. Only records already in the bin can be purged."""
    k = kind(entity)
    record = _binned(db, k, record_id)
    if record is None:
        raise OperationRefused("只能彻底删除回收站中的记录")
    name = record["_name"]
    referrers = _referrers(db, entity, record_id)
    if referrers:
        raise OperationRefused(f"无法彻底删除“{name}”：仍有 {'、'.join(referrers)}（含回收站中的）引用它")
    with db.atomic():
        for companion in k.companions:
            db.execute(f"DELETE FROM {kind(companion.kind).table} WHERE {companion.key} = ?", [record_id])
        db.execute(f"DELETE FROM {k.table} WHERE id = ?", [record_id])
        audit.record(
            db,
            actor=actor,
            action="purge",
            entity=entity,
            label=name,
            record_id=record_id,
            record_uid=record["uid"],
        )
    return OpResult(PURGED, None, f"已彻底删除“{name}”")


# --- several at once ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BinOutcome:
    """What a batch did (`result`, one change set for all of it) and what it refused, each with its reason."""

    result: OpResult
    done: int
    refused: list[str]


def restore_many(db: Database, items: list[tuple[str, int]], actor: str) -> BinOutcome:
    return _in_passes(db, items, actor, restore, BIN_CHANGED, "已恢复 {n} 条记录")


def purge_many(db: Database, items: list[tuple[str, int]], actor: str) -> BinOutcome:
    return _in_passes(db, items, actor, purge, PURGED, "已彻底删除 {n} 条记录")


def _in_passes(db: Database, items, actor, op, changes: OpChanges, message: str) -> BinOutcome:
    """One transaction: `op` on each item; the refused ones are tried again while a pass makes progress, so a
    unit and its people restore in either order, and people are purged before the unit they were in."""
    pending, refused, done = list(items), {}, 0
    with db.atomic():
        while pending:
            refused, still = {}, []
            for entity, record_id in pending:
                try:
                    op(db, entity, record_id, actor)
                except OperationRefused as exc:
                    refused[(entity, record_id)] = str(exc)
                    still.append((entity, record_id))
                else:
                    done += 1
            if len(still) == len(pending):
                break
            pending = still
    result = OpResult(
        changes if done else OpChanges(audit=False), None, message.format(n=done) if done else ""
    )
    return BinOutcome(result, done, list(refused.values()))
