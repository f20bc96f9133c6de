"""The office's care settings (系统设置 → 关怀提醒): in how many days an event's visit or talk is due, how early
birthdays, follow-ups and probation ends are listed. Stored as `care_*` keys in the settings table, read by
app/care/queries.care_settings; saved here, checked, with one audit row."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass

from sqlite_utils import Database

from app import audit
from app.care.queries import SETTING_KEYS, care_settings
from app.changes import OpChanges, OpResult, ValidationError


@dataclass(frozen=True)
class Field:
    label: str
    low: int
    high: int
    help: str


FIELDS: dict[str, Field] = {
    "due_days": Field("走访、谈话期限", 1, 60, "事件发生后多少天内须走访或谈话，逾期在今日待办中标红"),
    "birthday_lead": Field("生日提前提醒", 1, 30, "生日前多少天列入今日待办（生日后同样天数内未慰问仍保留）"),
    "follow_up_lead": Field("回访提前提醒", 1, 30, "回访日期前多少天列入今日待办"),
    "probation_notice": Field("试用期满提前提醒", 1, 90, "试用期满前多少天提醒办理转正"),
}


def current(db: Database) -> dict[str, int]:
    """The numbers in force (the office's, or the defaults)."""
    settings = asdict(care_settings(db))
    return {name: settings[name] for name in FIELDS}


def _checked(values: dict[str, object]) -> dict[str, int]:
    errors, clean = {}, {}
    for name, raw in values.items():
        field = FIELDS.get(name)
        if field is None:
            continue
        # Full-width digits (a Chinese input method's ３０) are the same number.
        text = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip()
        if not text.isascii() or not text.isdigit():
            shown = text or "（空）"
            errors[name] = f"{field.label}“{shown}”不是天数，请填写 {field.low}–{field.high} 之间的整数"
        elif not field.low <= int(text) <= field.high:
            errors[name] = f"{field.label} {int(text)} 天超出范围，请填写 {field.low}–{field.high} 之间的整数"
        else:
            clean[name] = int(text)
    if errors:
        raise ValidationError(errors)
    return clean


def save(db: Database, values: dict[str, object], actor: str) -> OpResult:
    """Store the numbers that changed; every problem is named at once and nothing is stored then."""
    clean = _checked(values)
    before, after = audit.changed_fields(current(db), clean)
    if not after:
        return OpResult(OpChanges(audit=False), None, "关怀提醒设置没有变化")
    labels_before = {FIELDS[k].label: v for k, v in before.items()}
    labels_after = {FIELDS[k].label: v for k, v in after.items()}
    with db.atomic():
        for name, value in after.items():
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
                [SETTING_KEYS[name], str(value), str(value)],
            )
        audit.record(
            db, actor=actor, action="setting", entity="settings", label="关怀提醒设置",
            before=labels_before, after=labels_after,
        )  # fmt: skip
    return OpResult(OpChanges(settings=True, care=True), None, "关怀提醒设置已保存")
