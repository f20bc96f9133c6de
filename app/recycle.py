"""The recycle bin (回收站): every kind the registry marks binnable, restored or purged from here only.

What may be restored or purged is decided from the registry: a record comes back only when what it refers to is
living and no living record holds its unique values; it is purged only when nothing refers to it any more.
Records that belong to it (its companions) come back and go with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

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
    with_it: str = ""  # what went to the bin with it and comes back with it: '连同 500 条考核成绩'


def to_bin(
    db: Database,
    entity: str,
    record_id: int,
    actor: str,
    changes: OpChanges,
    refusal: Callable[[str], str | None] | None = None,
    at: str | None = None,
) -> OpResult:
    """Move a living record of a registered kind to the bin with its companions, at one moment (so they come
    back together), audited. `refusal(name)` says why this record must stay (something living points at it).
    `at` is that moment when several records are binned as one (a round and the pairs it made, each audited)."""
    found = kind(entity)
    row = db.execute(
        f"SELECT uid, {found.name_sql} FROM {found.table} WHERE id = ? AND deleted_at IS NULL", [record_id]
    ).fetchone()
    if row is None:
        raise OperationRefused(f"这条{found.label}不存在或已在回收站中")
    uid, name = row
    if refusal is not None and (reason := refusal(name)):
        raise OperationRefused(reason)
    now = at or utc_now()
    with db.atomic():
        for k, row_id in [*_companions(db, found, record_id, _LIVING), (found, record_id)]:
            db.execute(
                f"UPDATE {k.table} SET deleted_at = ?, deleted_by = ?, updated_at = ? WHERE id = ?",
                [now, actor, now, row_id],
            )
        audit.record(
            db, actor=actor, action="delete", entity=entity, label=name, record_id=record_id, record_uid=uid
        )
    return OpResult(changes | OpChanges(recycle_bin=True), record_id, f"已将“{name}”移入回收站")


# Which companions _companions finds: the living ones (to the bin), those binned at the owner's moment (back
# with it), or every one, living or binned (purged with it).
_LIVING, _ANY = "living", "any"


def _companions(db: Database, owner: RecordKind, owner_id: int, state: str) -> list[tuple[RecordKind, int]]:
    """The companions of a record and theirs, each before its own; `state` is _LIVING, _ANY or the moment the
    owner went to the bin."""
    found: list[tuple[RecordKind, int]] = []
    for companion in owner.companions:
        k = kind(companion.kind)
        if companion.held:
            sql = (
                f"SELECT c.id, c.deleted_at FROM {k.table} c JOIN {owner.table} o ON o.{companion.key} = c.id"
            )
            sql += " WHERE o.id = ?"
        else:
            sql = f"SELECT id, deleted_at FROM {k.table} WHERE {companion.key} = ?"
        for row_id, deleted_at in db.execute(sql, [owner_id]).fetchall():
            if state == _ANY or deleted_at == (None if state == _LIVING else state):
                found += [(k, row_id), *_companions(db, k, row_id, state)]
    return found


def list_bin(db: Database) -> list[BinItem]:
    """Every binned record, newest first; a record that went to the bin with its owner (a period's scores, a
    course's enrolments) is not a line of its own but counted in its owner's, since it comes back and goes with
    it. One binned on its own (a score deleted before its period) stays a line."""
    items: list[BinItem] = []
    for k in binnable_kinds():
        rows = db.execute(
            f"SELECT ?, id, {k.name_sql}, coalesce({k.detail_sql}, ''), deleted_at, coalesce(deleted_by, '')"
            f" FROM {k.table} WHERE deleted_at IS NOT NULL{_not_with_owner(k)}",
            [k.entity],
        ).fetchall()
        items += [_with_companions(db, BinItem(*row)) for row in rows]
    return sorted(items, key=lambda item: item.deleted_at, reverse=True)


def _not_with_owner(companion_kind: RecordKind) -> str:
    """SQL leaving out the rows of `companion_kind` binned at the moment an owner of theirs was."""
    table = companion_kind.table
    clauses = []
    for owner in binnable_kinds():
        for companion in owner.companions:
            if companion.kind != companion_kind.entity:
                continue
            joined = (
                f"o.{companion.key} = {table}.id" if companion.held else f"o.id = {table}.{companion.key}"
            )
            clauses.append(
                f" AND NOT EXISTS (SELECT 1 FROM {owner.table} o WHERE {joined}"
                f" AND o.deleted_at = {table}.deleted_at)"
            )
    return "".join(clauses)


def _with_companions(db: Database, item: BinItem) -> BinItem:
    owner = kind(item.entity)
    if not owner.companions:
        return item
    counts = Counter(k.entity for k, _id in _companions(db, owner, item.id, item.deleted_at))
    if not counts:
        return item
    said = "、".join(kind(entity).count_text(count) for entity, count in counts.items())
    return replace(item, with_it=f"连同 {said}")


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


def _restore_refusal(
    db: Database, k: RecordKind, record: dict, coming: frozenset[tuple[str, int]] = frozenset()
) -> str | None:
    """Why the record cannot come back; what it refers to among `coming` (restored with it) is no obstacle."""
    for key, target in k.references.items():
        target_id = record.get(key)
        if target_id is None or (target, target_id) in coming:
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
    companions = _companions(db, k, record_id, record["deleted_at"])
    refusal = _restore_refusal(db, k, record) or _companion_refusal(db, companions, (entity, record_id))
    if refusal:
        raise OperationRefused(f"无法恢复“{record['_name']}”：{refusal}")
    now = utc_now()
    with db.atomic():
        for c, row_id in [*companions, (k, record_id)]:
            db.execute(
                f"UPDATE {c.table} SET deleted_at = NULL, deleted_by = NULL, updated_at = ? WHERE id = ?",
                [now, row_id],
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


def _companion_refusal(
    db: Database, companions: list[tuple[RecordKind, int]], owner: tuple[str, int]
) -> str | None:
    """Why one of the records that would come back with the owner cannot (its ledger entry made again since)."""
    coming = frozenset([owner, *((c.entity, row_id) for c, row_id in companions)])
    for c, row_id in companions:
        record = _binned(db, c, row_id)
        if record is not None and (refusal := _restore_refusal(db, c, record, coming)):
            return f"与它一起恢复的{c.label}中，{refusal}"
    return None


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
        # Deepest first: a companion's own companions point at it.
        for c, row_id in [*reversed(_companions(db, k, record_id, _ANY)), (k, record_id)]:
            db.execute(f"DELETE FROM {c.table} WHERE id = ?", [row_id])
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
