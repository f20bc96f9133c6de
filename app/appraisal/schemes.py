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
from dataclasses import replace
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
        data: dict[str, Any] = {"kind": "ratio", "shares": list(rule.shares)}
        if rule.poor_below is not None:
            data["poor_below"] = str(rule.poor_below)
        return json.dumps(data)
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
        shares = tuple(int(n) for n in data["shares"])
        return Ratio(shares, _decimal(data.get("poor_below")))  # type: ignore[arg-type]
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
    if problem := components_problem(scheme):
        errors["components"] = problem
    if any(t not in [c.key for c in scheme.components] for t in scheme.tie_breakers):
        errors["tie_breakers"] = "同分比较只能用本方案的考核项目"
    elif len(set(scheme.tie_breakers)) != len(scheme.tie_breakers):
        errors["tie_breakers"] = "同一考核项目在同分比较中只能出现一次"
    if scheme.bonus_cap is not None and not 0 < scheme.bonus_cap <= 100:
        errors["bonus_cap"] = (
            f"{scheme.bonus_name}的上限应大于 0 且不超过 100，现在是 {_shown(scheme.bonus_cap)}"
        )
    elif scheme.bonus_cap is not None and not scheme.bonus_name.strip():
        errors["bonus_cap"] = "加分项的名称不能为空"
    if problem := rule_problem(scheme.rule):
        errors["rule"] = problem
    if scheme.remedial_below is not None and scheme.remedial_below <= 0:
        errors["remedial_below"] = f"补课线应大于 0，现在是 {_shown(scheme.remedial_below)}"
    return errors


def _shown(value: Decimal) -> str:
    return format(value.normalize(), "f")


def components_problem(scheme: Scheme) -> str | None:
    """Names unique and given, every maximum in (0, 100], weights positive and adding up to exactly 100%."""
    keys = [c.key for c in scheme.components]
    names = [c.name.strip() for c in scheme.components]
    if not scheme.components:
        return "至少要有一个考核项目"
    if not all(names):
        return f"第 {names.index('') + 1} 个考核项目没有名称"
    if len(set(keys)) != len(keys) or len(set(names)) != len(names):
        repeated = next(n for n in names if names.count(n) > 1) if len(set(names)) != len(names) else ""
        return f"考核项目名称不能重复：“{repeated}”出现了两次" if repeated else "考核项目不能重复"
    for c in scheme.components:
        if not 0 < c.max_score <= 100:
            return f"“{c.name}”的满分应大于 0 且不超过 100，现在是 {_shown(c.max_score)}"
        if not 0 < c.weight <= 1:
            return f"“{c.name}”的权重应大于 0% 且不超过 100%，现在是 {_shown(c.weight * 100)}%"
    total = sum(c.weight for c in scheme.components)
    if total != 1:
        return f"各项权重之和应为 100%，现在是 {_shown(total * 100)}%"
    return None


def rule_problem(rule: ThresholdTop | Ratio) -> str | None:
    """A grade rule that cannot grade: shares out of range, lines below 0, 1:5:4 with nothing to share."""
    if isinstance(rule, Ratio):
        if len(rule.shares) != 3 or any(s < 0 for s in rule.shares) or not any(rule.shares):
            return "优秀、称职、一般的比例应为三个不小于 0 的整数，且不能全为 0（如 1:5:4）"
        if rule.poor_below is not None and not rule.poor_below > 0:
            return f"不称职线应大于 0，现在是 {_shown(rule.poor_below)}"
        return None
    if not 0 < rule.top_share <= 1:
        return f"优秀名额比例应大于 0% 且不超过 100%，现在是 {_shown(rule.top_share * 100)}%"
    if not 0 <= rule.competent_min <= rule.excellent_min:
        return (
            f"称职分数线（{_shown(rule.competent_min)}）应不小于 0，且不高于优秀分数线"
            f"（{_shown(rule.excellent_min)}）"
        )
    return None


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


def scores_recorded(db: Database, key: str) -> bool:
    """Whether any score is recorded under the stored scheme `key` (its components are then fixed)."""
    stored = stored_scheme(db, key)
    return stored is not None and has_scores(db, stored[0])


def free_key(db: Database, base: str = "scheme") -> str:
    """A scheme key not yet used: base-2, base-3, … (a new scheme's suggested 方案代码)."""
    taken = set(scheme_keys(db)) | {
        r[0] for r in db.execute("SELECT key FROM appraisal_schemes")
    }  # keys of schemes in the recycle bin too: restoring one must not clash
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def copy_scheme(db: Database, key: str, new_key: str, new_name: str, actor: str) -> OpResult:
    """A new scheme with the components of `key`, to be edited freely."""
    return create_scheme(db, replace(find_scheme(db, key), key=new_key, name=new_name), actor)
