"""Office-wide settings kept in the database (the office's name and issuer line used on printouts)."""

from __future__ import annotations

from sqlite_utils import Database

from app import audit
from app.changes import OpChanges, OpResult, ValidationError

DEFAULTS: dict[str, str] = {
    "office_name": "",  # 单位名称
    "issuer": "",  # 落款
}
LABELS = {"office_name": "单位名称", "issuer": "落款"}
MAX_LENGTH = 60


def get_all(db: Database) -> dict[str, str]:
    stored = dict(db.execute("SELECT key, value FROM settings").fetchall())
    return {**DEFAULTS, **stored}


def get(db: Database, key: str) -> str:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else DEFAULTS.get(key, "")


def save(db: Database, values: dict[str, str], actor: str) -> OpResult:
    cleaned = {k: " ".join(str(v or "").split()) for k, v in values.items()}
    errors = {
        k: f"{LABELS.get(k, k)}过长（{len(v)}个字），请控制在{MAX_LENGTH}个字以内"
        for k, v in cleaned.items()
        if len(v) > MAX_LENGTH
    }
    if errors:
        raise ValidationError(errors)
    current = get_all(db)
    old, new = audit.changed_fields(current, cleaned)
    if not new:
        return OpResult(OpChanges(audit=False), None, "没有需要保存的修改")
    with db.atomic():
        for key, value in new.items():
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
                [key, value, value],
            )
        audit.record(
            db, actor=actor, action="setting", entity="settings", label="系统设置", before=old, after=new
        )
    return OpResult(OpChanges(settings=True), None, "设置已保存")
