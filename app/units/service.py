"""Org units (组织单位): a tree of districts, streets, communities and the other kinds of organisation."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from sqlite_utils import Database

from app import audit
from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.clock import utc_now
from app.people import service as people_service
from app.units.creditcode import CreditCodeError, validate_credit_code

UNIT_KINDS = ("区/县", "街道/镇", "社区/村", "两新组织", "产业功能区", "产业社区", "商务楼宇", "行业系统")
UNIT_FIELDS = ("name", "kind", "parent_id", "credit_code", "note")
CHANGED = OpChanges(units=True, people=True)


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    kind: str
    parent_id: int | None
    credit_code: str | None
    note: str | None
    people: int  # living people directly in this unit


def list_units(db: Database) -> list[Unit]:
    """Every living unit, parents before children within each level, ordered for a tree view."""
    rows = db.execute(
        "SELECT u.id, u.name, u.kind, u.parent_id, u.credit_code, u.note,"
        " (SELECT count(*) FROM people p WHERE p.unit_id = u.id AND p.deleted_at IS NULL)"
        " FROM org_units u WHERE u.deleted_at IS NULL ORDER BY u.sort_order, u.id"
    ).fetchall()
    return [Unit(*r) for r in rows]


def children_map(units: list[Unit]) -> dict[int | None, list[Unit]]:
    tree: dict[int | None, list[Unit]] = {}
    for unit in units:
        tree.setdefault(unit.parent_id, []).append(unit)
    return tree


def tree_order(units: list[Unit]) -> list[tuple[Unit, int]]:
    """(unit, depth) for every unit, parents before their children, as a tree or a combo box lists them. A unit
    whose parent is gone is still listed, at the top."""
    tree = children_map(units)
    known = {u.id for u in units}
    ordered: list[tuple[Unit, int]] = []

    def add(parent_id: int | None, depth: int) -> None:
        for unit in tree.get(parent_id, []):
            ordered.append((unit, depth))
            add(unit.id, depth + 1)

    add(None, 0)
    ordered += [(u, 0) for u in units if u.parent_id is not None and u.parent_id not in known]
    return ordered


def descendants(units: list[Unit], unit_id: int) -> set[int]:
    """The unit and every unit below it."""
    tree = children_map(units)
    found, stack = set(), [unit_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(child.id for child in tree.get(current, []))
    return found


def unit_paths(units: list[Unit], *, keep_top: bool = False) -> dict[int, str]:
    """Full path of each unit, e.g. '城关街道 / 东门社区'. Two units can share a name (锦绣社区 in two streets), never
    a path. When the tree has one top (the office's own district), it is left out on screen — the same for
    everybody — unless `keep_top` (a file that leaves this office must rebuild the whole tree elsewhere)."""
    by_id = {u.id: u for u in units}
    single_top = not keep_top and sum(1 for u in units if u.parent_id is None) == 1
    paths: dict[int, str] = {}
    for unit in units:
        parts, current, seen = [], unit, set()
        while current is not None and current.id not in seen:
            seen.add(current.id)
            parts.append(current.name)
            current = by_id.get(current.parent_id) if current.parent_id else None
        if single_top and len(parts) > 1:
            parts.pop()
        paths[unit.id] = " / ".join(reversed(parts))
    return paths


def unit_labels(units: list[Unit]) -> dict[int, str]:
    """Each unit as a list names it: its name, or its path where another unit has the same name (锦绣社区 under
    two streets: 浆洗街街道 / 锦绣社区), so that no two units read alike."""
    names = Counter(unit.name for unit in units)
    paths = unit_paths(units) if any(count > 1 for count in names.values()) else {}
    return {unit.id: paths[unit.id] if names[unit.name] > 1 else unit.name for unit in units}


def living_unit_labels(db: Database) -> dict[int, str]:
    """unit_labels of the living units, read without the people counts list_units makes."""
    rows = db.execute(
        "SELECT id, name, kind, parent_id, credit_code, note, 0 FROM org_units WHERE deleted_at IS NULL"
    ).fetchall()
    return unit_labels([Unit(*r) for r in rows])


def get_unit(db: Database, unit_id: int, *, include_deleted: bool = False) -> dict | None:
    sql = "SELECT * FROM org_units WHERE id = ?" + ("" if include_deleted else " AND deleted_at IS NULL")
    row = db.execute(sql, [unit_id]).fetchone()
    if row is None:
        return None
    cols = [d[0] for d in db.execute("SELECT * FROM org_units LIMIT 0").description]
    return dict(zip(cols, row, strict=True))


def _clean(db: Database, data: dict, unit_id: int | None) -> dict:
    errors: dict[str, str] = {}
    name = " ".join(str(data.get("name") or "").split())
    kind = str(data.get("kind") or "").strip()
    parent_id = data.get("parent_id")
    code_text = str(data.get("credit_code") or "").strip()
    note = str(data.get("note") or "").strip() or None
    if not name:
        errors["name"] = "单位名称不能为空"
    elif len(name) > 60:
        errors["name"] = f"单位名称过长（{len(name)}个字），请控制在60个字以内"
    if kind not in UNIT_KINDS:
        errors["kind"] = f"单位类别“{kind}”无效，应为：{'、'.join(UNIT_KINDS)}"
    credit_code = None
    if code_text:
        try:
            credit_code = validate_credit_code(code_text)
        except CreditCodeError as exc:
            errors["credit_code"] = str(exc)
    if parent_id is not None:
        parent_id = _as_id(parent_id)
        if parent_id is None or get_unit(db, parent_id) is None:
            errors["parent_id"] = "上级单位不存在或已删除"
        elif unit_id is not None and parent_id in descendants(list_units(db), unit_id):
            errors["parent_id"] = "不能把单位移到它自己或它的下级单位之下"
    if name and "name" not in errors and sibling_has_name(db, name, parent_id, unit_id):
        errors["name"] = f"同一上级单位下已有名为“{name}”的单位"
    if errors:
        raise ValidationError(errors)
    return {"name": name, "kind": kind, "parent_id": parent_id, "credit_code": credit_code, "note": note}


def sibling_has_name(db: Database, name: str, parent_id: int | None, unit_id: int | None) -> bool:
    row = db.execute(
        "SELECT 1 FROM org_units WHERE name = ? AND parent_id IS ? AND deleted_at IS NULL AND id IS NOT ?",
        [name, parent_id, unit_id],
    ).fetchone()
    return row is not None


def _as_id(value: object) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def create_unit(db: Database, data: dict, actor: str) -> OpResult:
    clean = _clean(db, data, None)
    now = utc_now()
    with db.atomic():
        uid = str(uuid.uuid4())
        cursor = db.execute(
            "INSERT INTO org_units (uid, name, kind, parent_id, credit_code, note, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                uid,
                clean["name"],
                clean["kind"],
                clean["parent_id"],
                clean["credit_code"],
                clean["note"],
                now,
                now,
            ],
        )
        unit_id = cursor.lastrowid
        audit.record(
            db,
            actor=actor,
            action="create",
            entity="unit",
            label=clean["name"],
            record_id=unit_id,
            record_uid=uid,
            after=clean,
        )
    return OpResult(CHANGED, unit_id, f"已新增单位“{clean['name']}”")


def update_unit(db: Database, unit_id: int, data: dict, actor: str) -> OpResult:
    """Rename, re-classify or move a unit; `data` holds the fields to change."""
    current = get_unit(db, unit_id)
    if current is None:
        raise OperationRefused("该单位不存在或已被删除")
    merged = {k: current[k] for k in UNIT_FIELDS} | {k: v for k, v in data.items() if k in UNIT_FIELDS}
    clean = _clean(db, merged, unit_id)
    old, new = audit.changed_fields({k: current[k] for k in UNIT_FIELDS}, clean)
    if not new:
        return OpResult(OpChanges(audit=False), unit_id, "没有需要保存的修改")
    with db.atomic():
        sets = ", ".join(f"{k} = ?" for k in new)
        db.execute(
            f"UPDATE org_units SET {sets}, updated_at = ? WHERE id = ?", [*new.values(), utc_now(), unit_id]
        )
        audit.record(
            db,
            actor=actor,
            action="update",
            entity="unit",
            label=clean["name"],
            record_id=unit_id,
            record_uid=current["uid"],
            before=old,
            after=new,
        )
    return OpResult(CHANGED, unit_id, f"已保存单位“{clean['name']}”")


def move_unit(db: Database, unit_id: int, new_parent_id: int | None, actor: str) -> OpResult:
    return update_unit(db, unit_id, {"parent_id": new_parent_id}, actor)


class DeletionCheck(NamedTuple):
    """What stands in the way of deleting a unit: its living people and its living sub-units."""

    people: int
    subunits: int


def deletion_check(db: Database, unit_id: int) -> DeletionCheck:
    """Asked before "确定…吗": the UI offers to move the people, and refuses at once while there are sub-units."""
    people = db.execute(
        "SELECT count(*) FROM people WHERE unit_id = ? AND deleted_at IS NULL", [unit_id]
    ).fetchone()[0]
    subs = db.execute(
        "SELECT count(*) FROM org_units WHERE parent_id = ? AND deleted_at IS NULL", [unit_id]
    ).fetchone()[0]
    return DeletionCheck(people, subs)


def delete_unit(db: Database, unit_id: int, actor: str, *, move_people_to: int | None = None) -> OpResult:
    """Move a unit to the recycle bin; refused while it has sub-units, and while it has people unless
    `move_people_to` names the living unit they go to first (moved and audited per person in the same
    transaction as the delete)."""
    current = get_unit(db, unit_id)
    if current is None:
        raise OperationRefused("该单位不存在或已被删除")
    people, subs = deletion_check(db, unit_id)
    if subs:
        raise OperationRefused(f"“{current['name']}”下还有 {subs} 个下级单位，请先删除或移走下级单位")
    if people and move_people_to is None:
        raise OperationRefused(
            f"“{current['name']}”还有 {people} 名人员，请先将他们调到其他单位，再删除该单位"
        )
    target = _move_target(db, unit_id, move_people_to) if people else None
    now = utc_now()
    with db.atomic():
        if target is not None:
            ids = [r[0] for r in db.execute(
                "SELECT id FROM people WHERE unit_id = ? AND deleted_at IS NULL ORDER BY id", [unit_id]
            )]  # fmt: skip
            people_service.set_field_in_transaction(db, ids, "unit_id", target["id"], actor)
        db.execute("UPDATE org_units SET deleted_at = ?, deleted_by = ? WHERE id = ?", [now, actor, unit_id])
        audit.record(
            db,
            actor=actor,
            action="delete",
            entity="unit",
            label=current["name"],
            record_id=unit_id,
            record_uid=current["uid"],
            before={k: current[k] for k in UNIT_FIELDS},
        )
    message = f"已将单位“{current['name']}”移入回收站"
    if target is not None:
        message = f"已将“{current['name']}”的 {people} 名人员调到“{target['name']}”，并{message[1:]}"
    return OpResult(OpChanges(units=True, people=bool(target), recycle_bin=True), unit_id, message)


def _move_target(db: Database, unit_id: int, target_id: int | None) -> dict:
    target = get_unit(db, target_id) if target_id is not None else None
    if target is None:
        raise ValidationError({"unit_id": "要调入的单位不存在或已被删除，请重新选择"})
    if target["id"] == unit_id:
        raise ValidationError({"unit_id": "人员不能调入正要删除的单位本身，请选择其他单位"})
    return target
