"""The yearly hours requirement per role (系统设置 → 培训学时), set by the office: `training_hours_<role code>` keys
in the settings table, 48 学时 when the office has set none. Saved here, checked, with one audit row."""

from __future__ import annotations

from decimal import Decimal

from sqlite_utils import Database

from app import audit
from app.changes import OpChanges, OpResult, ValidationError
from app.people.fields import ROLE_LABELS, Role
from app.training.rules import DEFAULT_REQUIRED_HOURS, HoursError, hours_text, parse_hours

PREFIX = "training_hours_"


def key(role: str) -> str:
    return PREFIX + role


def required_hours(db: Database) -> dict[str, Decimal]:
    """Each role code → its yearly requirement in 学时 (the office's, or 48)."""
    stored = dict(db.execute("SELECT key, value FROM settings WHERE key LIKE ?", [PREFIX + "%"]).fetchall())
    found: dict[str, Decimal] = {}
    for role in Role:
        try:
            found[role.value] = parse_hours(stored.get(key(role.value))) or DEFAULT_REQUIRED_HOURS
        except HoursError:  # a value written by hand into the file: the default rather than a crash
            found[role.value] = DEFAULT_REQUIRED_HOURS
    return found


def _checked(values: dict[str, object]) -> dict[str, Decimal]:
    errors: dict[str, str] = {}
    clean: dict[str, Decimal] = {}
    for role, raw in values.items():
        if role not in {r.value for r in Role}:
            continue
        label = ROLE_LABELS[Role(role)]
        try:
            value = parse_hours(raw, field=f"{label}的要求学时")
        except HoursError as exc:
            errors[role] = str(exc)
            continue
        if value is None or value == 0:
            errors[role] = f"{label}的要求学时不能为空或为 0，请填写每年应完成的学时（如 48）"
        else:
            clean[role] = value
    if errors:
        raise ValidationError(errors)
    return clean


def save(db: Database, values: dict[str, object], actor: str) -> OpResult:
    """Store the requirements that changed (role code → 学时); every problem is named at once, nothing stored then."""
    clean = _checked(values)
    current = required_hours(db)
    changed = {role: value for role, value in clean.items() if value != current[role]}
    if not changed:
        return OpResult(OpChanges(audit=False), None, "培训学时要求没有变化")
    with db.atomic():
        for role, value in changed.items():
            text = hours_text(value)
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
                [key(role), text, text],
            )
        audit.record(
            db, actor=actor, action="setting", entity="settings", label="培训学时要求",
            before={ROLE_LABELS[Role(r)]: hours_text(current[r]) for r in changed},
            after={ROLE_LABELS[Role(r)]: hours_text(v) for r, v in changed.items()},
        )  # fmt: skip
    return OpResult(OpChanges(settings=True, training=True), None, "培训学时要求已保存")
