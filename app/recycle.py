"""The recycle bin (回收站): deleted people and units, restored or purged from here only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from app import audit
from app.changes import OpChanges, OperationRefused, OpResult
from app.clock import utc_now
from app.people.service import holder_of
from app.units.service import sibling_has_name

BIN_CHANGED = OpChanges(people=True, units=True, recycle_bin=True)


@dataclass(frozen=True)
class BinItem:
    entity: str  # 'person' or 'unit'
    id: int
    label: str
    detail: str  # ID number for a person, kind for a unit
    deleted_at: str
    deleted_by: str


def list_bin(db: Database) -> list[BinItem]:
    people = db.execute(
        "SELECT 'person', id, name, id_number, deleted_at, coalesce(deleted_by, '') FROM people"
        " WHERE deleted_at IS NOT NULL"
    ).fetchall()
    units = db.execute(
        "SELECT 'unit', id, name, kind, deleted_at, coalesce(deleted_by, '') FROM org_units"
        " WHERE deleted_at IS NOT NULL"
    ).fetchall()
    items = [BinItem(*row) for row in people + units]
    return sorted(items, key=lambda item: item.deleted_at, reverse=True)


def _row(db: Database, entity: str, record_id: int) -> tuple | None:
    table = "people" if entity == "person" else "org_units"
    return db.execute(
        f"SELECT name, uid, deleted_at, {'id_number, unit_id' if entity == 'person' else 'parent_id, NULL'}"
        f" FROM {table} WHERE id = ?",
        [record_id],
    ).fetchone()


def _is_living_unit(db: Database, unit_id: int | None) -> bool:
    if unit_id is None:
        return True
    row = db.execute("SELECT deleted_at FROM org_units WHERE id = ?", [unit_id]).fetchone()
    return row is not None and row[0] is None


def restore(db: Database, entity: str, record_id: int, actor: str) -> OpResult:
    row = _row(db, entity, record_id)
    if row is None or row[2] is None:
        raise OperationRefused("回收站中没有这条记录")
    name, uid, _deleted, extra, unit_id = row
    if entity == "person":
        holder = holder_of(db, extra)
        if holder:
            raise OperationRefused(f"无法恢复“{name}”：公民身份号码 {extra} 现已属于在册人员“{holder[1]}”")
        if not _is_living_unit(db, unit_id):
            raise OperationRefused(f"无法恢复“{name}”：其工作单位也在回收站中，请先恢复该单位")
    elif not _is_living_unit(db, extra):
        raise OperationRefused(f"无法恢复“{name}”：其上级单位也在回收站中，请先恢复上级单位")
    elif sibling_has_name(db, name, extra, record_id):
        raise OperationRefused(f"无法恢复“{name}”：同一上级单位下已有同名单位，请先将现有单位改名")
    table = "people" if entity == "person" else "org_units"
    with db.atomic():
        db.execute(
            f"UPDATE {table} SET deleted_at = NULL, deleted_by = NULL, updated_at = ? WHERE id = ?",
            [utc_now(), record_id],
        )
        audit.record(
            db, actor=actor, action="restore", entity=entity, label=name, record_id=record_id, record_uid=uid
        )
    return OpResult(BIN_CHANGED, record_id, f"已恢复“{name}”")


def purge(db: Database, entity: str, record_id: int, actor: str) -> OpResult:
    """Delete for good. Only records already in the bin can be purged."""
    row = _row(db, entity, record_id)
    if row is None or row[2] is None:
        raise OperationRefused("只能彻底删除回收站中的记录")
    name, uid = row[0], row[1]
    if entity == "unit":
        users = db.execute("SELECT count(*) FROM people WHERE unit_id = ?", [record_id]).fetchone()[0]
        subs = db.execute("SELECT count(*) FROM org_units WHERE parent_id = ?", [record_id]).fetchone()[0]
        if users or subs:
            raise OperationRefused(
                f"无法彻底删除“{name}”：仍有 {users} 名人员（含回收站中的）或 {subs} 个下级单位引用它"
            )
    table = "people" if entity == "person" else "org_units"
    with db.atomic():
        db.execute(f"DELETE FROM {table} WHERE id = ?", [record_id])
        audit.record(
            db, actor=actor, action="purge", entity=entity, label=name, record_id=record_id, record_uid=uid
        )
    return OpResult(OpChanges(recycle_bin=True), None, f"已彻底删除“{name}”")
