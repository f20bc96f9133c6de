"""The clerk's words for what the audit log stores: an action's name, one stored value (a unit's name instead of
its number, 社区工作者 for a role), and a change as "field: old → new" — written in this one place, for the audit
log, a record's history and the import preview. What each kind's fields are called comes from the registry
(app/records.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.records import all_kinds, kind

EMPTY = "（空）"

ACTION_LABELS = {
    "create": "新增",
    "update": "修改",
    "delete": "删除（移入回收站）",
    "restore": "从回收站恢复",
    "purge": "彻底删除",
    "setting": "修改设置",
    "bulk": "批量操作",
    "undo": "撤销导入",
    "finalize": "定稿",
    "reopen": "重新打开（取消定稿）",
    "withdraw": "撤销",
    "confirm": "确认建议",
    "dismiss": "不予采纳",
    "close": "完成补课",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


# --- values and changes as the clerk reads them: the one place "field: old → new" is written --------------

Names = Mapping[str, Mapping[int, str]]  # referenced kind → id → name


def value_text(entity: str, key: str, value: Any, names: Names) -> str:
    """One stored value as the user knows it: a unit's name instead of its number, 社区工作者 for a role."""
    if value is None or value == "":
        return EMPTY
    record_kind = kind(entity)
    target = record_kind.references.get(key)
    if target is not None and isinstance(value, int):
        known = names.get(target, {})
        return known.get(value, f"（已删除的{kind(target).label} #{value}）")
    say = record_kind.codes.get(key)
    return say(value) if say else str(value)


def detail_text(entity: str, detail: Any) -> str:
    """The recycle bin's 详情 of one record, from its kind's `detail_sql`: a plain field said with the field's
    label (条线：党建, 公民身份号码：…, a code as the clerk knows it); an expression is its own words (已定稿,
    36 学时); nothing for no value. One column serves every kind, so the label travels with the value."""
    if detail is None or detail == "":
        return ""
    record_kind = kind(entity)
    label = record_kind.fields.get(record_kind.detail_sql)
    if label is None:
        return str(detail)
    say = record_kind.codes.get(record_kind.detail_sql)
    return f"{label}：{say(detail) if say else detail}"


def ordered_keys(entity: str, keys: list[str]) -> list[str]:
    """Keys in the order of the record's form; unknown keys last, as they came."""
    order = list(kind(entity).fields)
    return sorted(keys, key=lambda k: order.index(k) if k in order else len(order))


def change_pairs(
    entity: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, names: Names
) -> list[tuple[str, str, str]]:
    """(label, old text, new text) for every field either side records, in form order; a side that does
    not exist (a creation has no before) reads as ''."""
    old, new = before or {}, after or {}
    keys = ordered_keys(entity, list(new) + [k for k in old if k not in new])
    label = kind(entity).field_label
    return [
        (
            label(key),
            value_text(entity, key, old.get(key), names) if before is not None else "",
            value_text(entity, key, new.get(key), names) if after is not None else "",
        )
        for key in keys
    ]


def change_text(
    entity: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    names: Names,
    *,
    limit: int | None = None,
) -> str:
    """'联系电话：13800000000 → 13900000000；工作单位：东门社区 → 西门社区'. `limit` cuts long values short."""

    def short(text: str) -> str:
        return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"

    return "；".join(
        f"{label}：{short(old)} → {short(new)}"
        for label, old, new in change_pairs(entity, before, after, names)
    )


def reference_names(db: Any, entity: str) -> dict[str, dict[int, str]]:
    """Every record the kind's fields may point at — the bin's too, so old audit rows still name them."""
    wanted = (
        set(kind(entity).references.values())
        if entity
        else {t for k in all_kinds() for t in k.references.values()}
    )
    names: dict[str, dict[int, str]] = {}
    for target in wanted:
        target_kind = kind(target)
        if target_kind.table:
            rows = db.execute(f"SELECT id, {target_kind.name_sql} FROM {target_kind.table}").fetchall()
            names[target] = dict(rows)
    return names
