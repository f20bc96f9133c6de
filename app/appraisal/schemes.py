"""Schemes (考核方案) as the office keeps them: the engine's `Scheme` to and from a row of appraisal_schemes.

The three built-in schemes are stored by key the first time a period uses them (db/ cannot read app/, so the
migration cannot), after which the stored row is what counts: an office may narrow its roles. A scheme under
which scores are recorded keeps its components (changing a weight would change totals already argued over);
it can be copied into a new scheme instead.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from app import audit
from app.appraisal.rules import BUILTIN_SCHEMES, Component, Ratio, Scheme, ThresholdTop
from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.clock import utc_now

APPRAISAL_CHANGED = OpChanges(appraisal=True)
PERIOD_TYPES = ("季度", "年度")
_COLUMNS = (
    "key", "name", "builtin", "roles", "period_type", "components", "bonus_cap", "bonus_name", "tie_breakers",
    "rule", "remedial_below",
)  # fmt: skip


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def rule_json(rule: ThresholdTop | Ratio) -> str:
    if isinstance(rule, Ratio):
        return json.dumps({"kind": "ratio", "shares": list(rule.shares)})
    return json.dumps(
        {
            "kind": "threshold_top",
            "excellent_min": str(rule.excellent_min),
            "top_share": str(rule.top_share),
            "competent_min": str(rule.competent_min),
        }
    )


def rule_from_json(text: str) -> ThresholdTop | Ratio:
    data = json.loads(text)
    if data["kind"] == "ratio":
        return Ratio(tuple(int(n) for n in data["shares"]))  # type: ignore[arg-type]
    return ThresholdTop(
        Decimal(data["excellent_min"]), Decimal(data["top_share"]), Decimal(data["competent_min"])
    )


def scheme_values(scheme: Scheme, *, builtin: bool = False) -> dict[str, Any]:
    """The columns that store `scheme` (components, roles, tie-breakers and the rule as JSON text; decimals as
    text, never floats)."""
    components = [
        {"key": c.key, "name": c.name, "weight": str(c.weight), "max_score": str(c.max_score)}
        for c in scheme.components
    ]
    return {
        "key": scheme.key,
        "name": scheme.name,
        "builtin": int(builtin),
        "roles": json.dumps(list(scheme.roles)),
        "period_type": scheme.period_type,
        "components": json.dumps(components, ensure_ascii=False),
        "bonus_cap": _text(scheme.bonus_cap),
        "bonus_name": scheme.bonus_name if scheme.bonus_cap is not None else None,
        "tie_breakers": json.dumps(list(scheme.tie_breakers)),
        "rule": rule_json(scheme.rule),
        "remedial_below": _text(scheme.remedial_below),
    }


def scheme_from_row(row: Mapping[str, Any]) -> Scheme:
    components = tuple(
        Component(c["key"], c["name"], Decimal(c["weight"]), Decimal(c["max_score"]))
        for c in json.loads(row["components"])
    )
    extra = {"bonus_name": row["bonus_name"]} if row["bonus_name"] else {}
    return Scheme(
        key=row["key"],
        name=row["name"],
        period_type=row["period_type"],
        components=components,
        rule=rule_from_json(row["rule"]),
        tie_breakers=tuple(json.loads(row["tie_breakers"])),
        bonus_cap=_decimal(row["bonus_cap"]),
        remedial_below=_decimal(row["remedial_below"]),
        roles=tuple(json.loads(row["roles"])),
        **extra,
    )


def stored_scheme(db: Database, key: str) -> tuple[int, Scheme] | None:
    """The living stored scheme with this key, as (id, scheme)."""
    cursor = db.execute(
        f"SELECT id, {', '.join(_COLUMNS)} FROM appraisal_schemes WHERE key = ? AND deleted_at IS NULL", [key]
    )
    row = cursor.fetchone()
    if row is None:
        return None
    return row[0], scheme_from_row(dict(zip([d[0] for d in cursor.description], row, strict=True)))


def find_scheme(db: Database, key: str) -> Scheme:
    """The scheme a key names: the office's stored one, else a built-in (not stored by reading it)."""
    stored = stored_scheme(db, key)
    if stored is not None:
        return stored[1]
    if key in BUILTIN_SCHEMES:
        return BUILTIN_SCHEMES[key]
    raise OperationRefused(f"没有代码为“{key}”的考核方案。可用的方案：{'、'.join(scheme_keys(db))}")


def scheme_keys(db: Database) -> list[str]:
    stored = [
        r[0] for r in db.execute("SELECT key FROM appraisal_schemes WHERE deleted_at IS NULL ORDER BY id")
    ]
    return list(BUILTIN_SCHEMES) + [k for k in stored if k not in BUILTIN_SCHEMES]


def list_schemes(db: Database) -> list[Scheme]:
    return [find_scheme(db, key) for key in scheme_keys(db)]


def ensure_scheme(db: Database, key: str, actor: str) -> int:
    """The stored scheme's id, storing a built-in the first time it is used. Inside the caller's transaction."""
    stored = stored_scheme(db, key)
    if stored is not None:
        return stored[0]
    scheme = find_scheme(db, key)  # refuses an unknown key
    return _insert(db, scheme_values(scheme, builtin=True), actor)


def _insert(db: Database, values: dict[str, Any], actor: str) -> int:
    now, uid = utc_now(), str(uuid.uuid4())
    record = {**values, "uid": uid, "created_at": now, "updated_at": now}
    cursor = db.execute(
        f"INSERT INTO appraisal_schemes ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
        list(record.values()),
    )
    audit.record(
        db, actor=actor, action="create", entity="appraisal_scheme", label=values["name"],
        record_id=cursor.lastrowid, record_uid=uid, after=_auditable(values),
    )  # fmt: skip
    return cursor.lastrowid


def _auditable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in ("builtin", "bonus_name")}


def scheme_problems(db: Database, scheme: Scheme, *, except_id: int | None = None) -> dict[str, str]:
    """What is wrong with an office's scheme, by field, in Chinese."""
    errors: dict[str, str] = {}
    if not scheme.key.strip() or not scheme.key.isascii() or " " in scheme.key:
        errors["key"] = "方案代码应为不含空格的英文字母、数字或连字符，如 street-2025"
    elif db.execute(
        "SELECT 1 FROM appraisal_schemes WHERE key = ? AND deleted_at IS NULL AND id IS NOT ?",
        [scheme.key, except_id],
    ).fetchone() or (except_id is None and scheme.key in BUILTIN_SCHEMES):
        errors["key"] = f"方案代码“{scheme.key}”已被使用，请另取一个"
    if not scheme.name.strip():
        errors["name"] = "方案名称不能为空"
    if scheme.period_type not in PERIOD_TYPES:
        errors["period_type"] = "考核周期应为“季度”或“年度”"
    keys = [c.key for c in scheme.components]
    if (
        not scheme.components
        or len(set(keys)) != len(keys)
        or len({c.name for c in scheme.components}) != len(keys)
    ):
        errors["components"] = "至少要有一个考核项目，项目名称不能重复"
    elif sum(c.weight for c in scheme.components) != 1:
        total = sum(c.weight for c in scheme.components) * 100
        errors["components"] = f"各项权重之和应为 100%，现在是 {total.normalize():f}%"
    if any(t not in keys for t in scheme.tie_breakers):
        errors["tie_breakers"] = "同分比较只能用本方案的考核项目"
    return errors


def create_scheme(db: Database, scheme: Scheme, actor: str) -> OpResult:
    """An office's own scheme."""
    errors = scheme_problems(db, scheme)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        scheme_id = _insert(db, scheme_values(scheme), actor)
    return OpResult(APPRAISAL_CHANGED, scheme_id, f"已新增考核方案“{scheme.name}”")


def has_scores(db: Database, scheme_id: int) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM appraisal_scores s JOIN appraisal_periods p ON p.id = s.period_id"
            " WHERE p.scheme_id = ? AND s.deleted_at IS NULL AND p.deleted_at IS NULL LIMIT 1",
            [scheme_id],
        ).fetchone()
        is not None
    )


def update_scheme(db: Database, key: str, scheme: Scheme, actor: str) -> OpResult:
    """Save changes to a stored scheme; its components (names, weights, maxima) and X cap stay as they are
    once any score is recorded under it — copy it instead."""
    with db.atomic():
        scheme_id = ensure_scheme(db, key, actor)
        current = scheme_values(find_scheme(db, key))
        errors = scheme_problems(db, scheme, except_id=scheme_id)
        if errors:
            raise ValidationError(errors)
        new = scheme_values(scheme)
        new["builtin"] = current["builtin"]
        old, changed = audit.changed_fields(current, new)
        fixed = [f for f in ("components", "bonus_cap") if f in changed]
        if fixed and has_scores(db, scheme_id):
            raise OperationRefused(
                f"方案“{current['name']}”已经录入了成绩，不能再修改考核项目、权重或加分上限；"
                "如需调整，请复制为新方案后修改"
            )
        if not changed:
            return OpResult(OpChanges(audit=False), scheme_id, "没有需要保存的修改")
        sets = ", ".join(f"{k} = ?" for k in changed)
        db.execute(
            f"UPDATE appraisal_schemes SET {sets}, updated_at = ? WHERE id = ?",
            [*changed.values(), utc_now(), scheme_id],
        )
        audit.record(
            db, actor=actor, action="update", entity="appraisal_scheme", label=scheme.name,
            record_id=scheme_id, before=_auditable(old), after=_auditable(changed),
        )  # fmt: skip
    return OpResult(APPRAISAL_CHANGED, scheme_id, f"已保存考核方案“{scheme.name}”")


def copy_scheme(db: Database, key: str, new_key: str, new_name: str, actor: str) -> OpResult:
    """A new scheme with the components of `key`, to be edited freely."""
    from dataclasses import replace

    return create_scheme(db, replace(find_scheme(db, key), key=new_key, name=new_name), actor)
