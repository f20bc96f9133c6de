"""Operations on people that the UI and the command line call. Every write is audited in its transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlite_utils import Database

from app import audit
from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.clock import today as clock_today
from app.clock import utc_now
from app.people.fields import EDITABLE_FIELDS, FIELD_LABELS, ROLE_LABELS, STATUSES, Role
from app.people.idnumber import IdInfo, IdNumberError, parse_id_number
from app.people.pinyin import name_columns
from app.people.validation import clean_person, role_code

PEOPLE_CHANGED = OpChanges(people=True)


def _columns(db: Database, table: str) -> list[str]:
    return [d[0] for d in db.execute(f"SELECT * FROM {table} LIMIT 0").description]


def get_person(db: Database, person_id: int, *, include_deleted: bool = False) -> dict[str, Any] | None:
    sql = "SELECT * FROM people WHERE id = ?" + ("" if include_deleted else " AND deleted_at IS NULL")
    row = db.execute(sql, [person_id]).fetchone()
    return dict(zip(_columns(db, "people"), row, strict=True)) if row else None


def holder_of(db: Database, id_number: str, *, except_id: int | None = None) -> tuple[int, str] | None:
    """The living person who already has this ID number, as (id, name)."""
    row = db.execute(
        "SELECT id, name FROM people WHERE id_number = ? AND deleted_at IS NULL AND id IS NOT ?",
        [id_number, except_id],
    ).fetchone()
    return (row[0], row[1]) if row else None


_NO_UNIT = "所选工作单位不存在或已被删除，请重新选择"


def living_unit_id(db: Database, unit_id: Any) -> int | None:
    """The id of the living unit `unit_id` names, or None."""
    row = db.execute("SELECT id FROM org_units WHERE id = ? AND deleted_at IS NULL", [unit_id]).fetchone()
    return row[0] if row else None


def not_on_roster(db: Database, number: str) -> str:
    """Why nobody living has this ID number, for an import's refused row: in the recycle bin (restore them
    first), or never in the roster."""
    binned = db.execute(
        "SELECT name FROM people WHERE id_number = ? AND deleted_at IS NOT NULL", [number]
    ).fetchone()
    if binned:
        return f"公民身份号码为 {number} 的“{binned[0]}”在回收站中：请先在回收站中恢复此人，再导入这一行"
    return f"花名册中没有公民身份号码为 {number} 的人员（请先在花名册中添加此人）"


def duplicate_problem(db: Database, id_number: str, *, except_id: int | None = None) -> str:
    """'' when nobody else on the roster has this (normalized) ID number, else a message naming the holder."""
    holder = holder_of(db, id_number, except_id=except_id)
    return f"公民身份号码 {id_number} 已属于“{holder[1]}”，同一号码不能登记两次" if holder else ""


def validate(
    db: Database,
    data: dict[str, Any],
    *,
    person_id: int | None = None,
    today: dt.date | None = None,
    on_record: str | None = None,
) -> tuple[dict[str, Any], str]:
    """Clean `data` for storing; returns (record, notice) where notice tells of a 15→18 digit upgrade.
    `on_record`: the person's stored ID number, when editing (clean_person does not ask its age again).

    Every problem is reported in one ValidationError: the form's checks, the unit and a duplicate ID number
    together, so a clerk never fixes one only to be shown the next."""
    day = today or clock_today()
    try:
        clean, info = clean_person(data, today=day, on_record=on_record)
        errors: dict[str, str] = {}
    except ValidationError as exc:
        clean, errors = {}, dict(exc.errors)
        info = _id_info(data, day)
    unit_id = living_unit_id(db, data.get("unit_id"))
    if unit_id is None and "unit_id" not in errors:
        errors["unit_id"] = _NO_UNIT
    if info and "id_number" not in errors:
        duplicate = duplicate_problem(db, info.number, except_id=person_id)
        if duplicate:
            errors["id_number"] = duplicate
    if errors:
        raise ValidationError(errors)
    clean["unit_id"] = unit_id
    notice = ""
    if info and info.upgraded_from:
        notice = f"15位身份号码 {info.upgraded_from} 已按国家标准升位为18位：{info.number}"
    return clean, notice


def _id_info(data: dict[str, Any], today: dt.date) -> IdInfo | None:
    try:
        return parse_id_number(str(data.get("id_number") or ""), today=today)
    except IdNumberError:
        return None


def create_person(
    db: Database, data: dict[str, Any], actor: str, *, today: dt.date | None = None
) -> OpResult:
    clean, notice = validate(db, data, today=today)
    now, uid = utc_now(), str(uuid.uuid4())
    record = {
        **clean,
        "uid": uid,
        **name_columns(clean["name"]),
        "created_at": now,
        "updated_at": now,
    }
    with db.atomic():
        cursor = db.execute(
            f"INSERT INTO people ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
            list(record.values()),
        )
        person_id = cursor.lastrowid
        audit.record(
            db,
            actor=actor,
            action="create",
            entity="person",
            label=clean["name"],
            record_id=person_id,
            record_uid=uid,
            after=_auditable(clean),
        )
    message = f"已新增“{clean['name']}”" + (f"。{notice}" if notice else "")
    return OpResult(PEOPLE_CHANGED, person_id, message)


def update_person(
    db: Database, person_id: int, data: dict[str, Any], actor: str, *, today: dt.date | None = None
) -> OpResult:
    current = get_person(db, person_id)
    if current is None:
        raise OperationRefused("该人员不存在或已被移入回收站")
    merged = _merge_for_update(current, data)
    clean, notice = validate(db, merged, person_id=person_id, today=today, on_record=current["id_number"])
    old, new = audit.changed_fields({k: current[k] for k in EDITABLE_FIELDS}, clean)
    if not new:
        return OpResult(OpChanges(audit=False), person_id, "没有需要保存的修改")
    with db.atomic():
        store_fields(db, person_id, new, utc_now())
        audit.record(
            db,
            actor=actor,
            action="update",
            entity="person",
            label=clean["name"],
            record_id=person_id,
            record_uid=current["uid"],
            before=_auditable(old),
            after=_auditable(new),
        )
    message = f"已保存“{clean['name']}”" + (f"。{notice}" if notice else "")
    return OpResult(PEOPLE_CHANGED, person_id, message)


def _merge_for_update(current: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """Stored birth date and gender were derived from the stored ID number: a corrected number derives them anew."""
    merged = {**current, **data}
    if "id_number" in data:
        for derived in ("gender", "birth_date"):
            if derived not in data:
                merged.pop(derived, None)
    return merged


def store_fields(db: Database, person_id: int, fields: dict[str, Any], now: str) -> None:
    """UPDATE a person's columns, keeping the stored pinyin columns in step with the name."""
    columns = {**fields, **name_columns(fields["name"])} if "name" in fields else dict(fields)
    sets = ", ".join(f"{k} = ?" for k in columns)
    db.execute(f"UPDATE people SET {sets}, updated_at = ? WHERE id = ?", [*columns.values(), now, person_id])


def retire_people(db: Database, person_ids: list[int], actor: str) -> OpResult:
    """Move people to the recycle bin (soft delete); they can be restored from there."""
    now = utc_now()
    with db.atomic():
        names = []
        for person_id in person_ids:
            current = get_person(db, person_id)
            if current is None:
                continue
            db.execute(
                "UPDATE people SET deleted_at = ?, deleted_by = ? WHERE id = ?", [now, actor, person_id]
            )
            audit.record(
                db,
                actor=actor,
                action="delete",
                entity="person",
                label=current["name"],
                record_id=person_id,
                record_uid=current["uid"],
                before=_auditable(current),
                at=now,
            )
            names.append(current["name"])
    shown = "、".join(names[:3]) + (f"等 {len(names)} 人" if len(names) > 3 else "")
    return OpResult(OpChanges(people=True, recycle_bin=True), None, f"已将{shown}移入回收站" if names else "")


# The fields a clerk may set for many people at once, and their labels.
BATCH_FIELDS: dict[str, str] = {"unit_id": "工作单位", "status": "状态", "role": "人员类别"}


def set_field_for_people(db: Database, person_ids: list[int], field: str, value: Any, actor: str) -> OpResult:
    """Set 工作单位, 状态 or 人员类别 for several people in one transaction, one audit row per person changed
    (before/after of that field only). People who already have the value are left alone and counted."""
    stored, shown = _batch_value(db, field, value)
    with db.atomic():
        changed = set_field_in_transaction(db, person_ids, field, stored, actor)
    label = BATCH_FIELDS[field]
    if not changed:
        return OpResult(OpChanges(audit=False), None, f"所选人员的{label}已是“{shown}”，没有需要保存的修改")
    message = f"已将 {len(changed)} 人的{label}改为“{shown}”"
    same = len(set(person_ids)) - len(changed)
    if same > 0:
        message += f"（另有 {same} 人原本就是“{shown}”）"
    return OpResult(PEOPLE_CHANGED, None, message)


def _batch_value(db: Database, field: str, value: Any) -> tuple[Any, str]:
    """(value to store, value as the clerk reads it), or ValidationError naming the problem."""
    if field == "unit_id":
        unit_id = living_unit_id(db, value)
        if unit_id is None:
            raise ValidationError({"unit_id": _NO_UNIT})
        return unit_id, db.execute("SELECT name FROM org_units WHERE id = ?", [unit_id]).fetchone()[0]
    if field == "status":
        if value not in STATUSES:
            raise ValidationError({"status": f"状态“{value}”无效，应为：{'、'.join(STATUSES)}"})
        return value, value
    if field == "role":
        code = role_code(value)
        if code is None:
            labels = "、".join(ROLE_LABELS.values())
            raise ValidationError({"role": f"人员类别“{value}”无效，应为：{labels}"})
        return code, ROLE_LABELS[Role(code)]
    raise ValidationError({field: f"不能批量修改“{FIELD_LABELS.get(field, field)}”"})


def set_field_in_transaction(
    db: Database, person_ids: list[int], field: str, value: Any, actor: str
) -> list[int]:
    """Inside the caller's transaction: set a checked value, audit each change; returns the ids changed."""
    now, changed = utc_now(), []
    for person_id in dict.fromkeys(person_ids):  # each person once, in the order given
        row = db.execute(
            f"SELECT name, uid, {field} FROM people WHERE id = ? AND deleted_at IS NULL", [person_id]
        ).fetchone()
        if row is None or row[2] == value:
            continue
        name, uid, old = row
        store_fields(db, person_id, {field: value}, now)
        audit.record(
            db,
            actor=actor,
            action="update",
            entity="person",
            label=name,
            record_id=person_id,
            record_uid=uid,
            before={field: old},
            after={field: value},
            at=now,
        )
        changed.append(person_id)
    return changed


def _auditable(values: dict[str, Any]) -> dict[str, Any]:
    """The fields worth recording: no internal columns; a photo is recorded as changed, not as bytes."""
    keep = set(EDITABLE_FIELDS)
    return {k: v for k, v in values.items() if k in keep}
