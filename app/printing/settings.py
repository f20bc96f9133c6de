"""The office's printing settings, kept in the settings table under print_* keys: a font file per role and the
certificate's template, background, offsets and issuer. Saved through one service that checks every value and
records the change in the audit log."""

from __future__ import annotations

import string
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlite_utils import Database

from app import audit
from app.changes import OpChanges, OpResult, ValidationError
from app.dates import DateError, parse_date
from app.printing.fonts import ROLE_LABELS, ROLES, FontSet, parse_override, register, resolve_fonts

FONT_KEYS = {role: f"print_font_{role}" for role in ROLES}
TEMPLATE, BACKGROUND = "print_cert_template", "print_cert_background"
OFFSET_X, OFFSET_Y, TEXT_ONLY = "print_cert_offset_x", "print_cert_offset_y", "print_cert_text_only"
ISSUER, DATE = "print_cert_issuer", "print_cert_date"

DEFAULT_TEMPLATE = "{姓名}同志：\n在{年度}年度{人员类别}考核中被评为{等次}等次，特发此证，以资鼓励。"
PLACEHOLDERS = ("姓名", "年度", "人员类别", "等次", "工作单位", "荣誉", "考核")
MAX_OFFSET_MM = 50
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")

LABELS = {
    **{key: f"{ROLE_LABELS[role]}字体" for role, key in FONT_KEYS.items()},
    TEMPLATE: "证书正文模板",
    BACKGROUND: "证书背景图片",
    OFFSET_X: "证书水平偏移（毫米）",
    OFFSET_Y: "证书垂直偏移（毫米）",
    TEXT_ONLY: "只打印文字（套打）",
    ISSUER: "证书落款",
    DATE: "证书日期",
}
DEFAULTS = {key: "" for key in LABELS} | {
    TEMPLATE: DEFAULT_TEMPLATE,
    OFFSET_X: "0",
    OFFSET_Y: "0",
    TEXT_ONLY: "0",
}


def load(db: Database) -> dict[str, str]:
    rows = db.execute("SELECT key, value FROM settings WHERE key LIKE 'print\\_%' ESCAPE '\\'").fetchall()
    return {**DEFAULTS, **{k: v for k, v in rows if k in DEFAULTS}}


def font_overrides(values: Mapping[str, str]) -> dict[str, str]:
    return {role: values.get(key, "") for role, key in FONT_KEYS.items()}


def fonts_for(db: Database) -> FontSet:
    """The fonts of a printout of this office: its own choices where set, else what this PC has."""
    return resolve_fonts(font_overrides(load(db)))


def _font_problem(text: str) -> str | None:
    path, index = parse_override(text)
    if not path.is_file():
        return f"找不到字体文件“{path}”"
    try:
        register(path, index)
    except ValueError as exc:
        return f"“{path.name}”不能使用：{exc}"
    return None


def template_problem(text: str) -> str | None:
    if not text.strip():
        return "证书正文模板不能为空"
    try:
        names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return "证书正文模板中的花括号不成对，占位符应写成 {姓名} 这样"
    unknown = [name for name in names if name not in PLACEHOLDERS]
    if unknown:
        allowed = "、".join(f"{{{p}}}" for p in PLACEHOLDERS)
        return f"证书正文模板中有不认识的占位符 {{{unknown[0]}}}，可用的有：{allowed}"
    if "姓名" not in names:
        return "证书正文模板中必须有 {姓名}"
    if len(text) > 300:
        return f"证书正文模板过长（{len(text)}个字），请控制在300个字以内"
    return None


def _background_problem(text: str) -> str | None:
    path = Path(text)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return f"证书背景只能是 PNG 或 JPG 图片，当前为“{path.suffix or '无扩展名'}”"
    if not path.is_file():
        return f"找不到证书背景图片“{path}”"
    from reportlab.lib.utils import ImageReader

    try:
        ImageReader(str(path)).getSize()
    except Exception:  # noqa: BLE001 — Pillow raises many kinds for a broken image
        return f"证书背景图片“{path.name}”无法读取，文件可能已损坏"
    return None


def _offset_problem(label: str, text: str) -> str | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return f"{label}应为数字（毫米），输入的是“{text}”"
    if not value.is_finite() or abs(value) > MAX_OFFSET_MM:
        return f"{label}应在 -{MAX_OFFSET_MM} 到 {MAX_OFFSET_MM} 毫米之间，输入的是 {text}"
    return None


def _date_problem(text: str) -> str | None:
    try:
        parse_date(text, field="证书日期", allow_future=True)
    except DateError as exc:
        return str(exc)
    return None


def _problem(key: str, value: str) -> str | None:
    if key in FONT_KEYS.values():
        return _font_problem(value) if value else None
    checks = {
        TEMPLATE: template_problem,
        BACKGROUND: lambda v: _background_problem(v) if v else None,
        OFFSET_X: lambda v: _offset_problem(LABELS[OFFSET_X], v),
        OFFSET_Y: lambda v: _offset_problem(LABELS[OFFSET_Y], v),
        TEXT_ONLY: lambda v: None if v in ("0", "1") else "只打印文字应为 0 或 1",
        ISSUER: lambda v: f"证书落款过长（{len(v)}个字），请控制在40个字以内" if len(v) > 40 else None,
        DATE: lambda v: _date_problem(v) if v else None,
    }
    return checks[key](value)


def _cleaned(key: str, value: object) -> str:
    text = str(value if value is not None else "").strip()
    if key == TEMPLATE:
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if key == DATE and text:
        return parse_date(text, field="证书日期", allow_future=True).isoformat()
    if key in (OFFSET_X, OFFSET_Y):
        return text or "0"
    return text


def save(db: Database, values: Mapping[str, object], actor: str) -> OpResult:
    """Check every value (all problems at once, nothing saved when one is wrong), then save what changed."""
    unknown = [k for k in values if k not in LABELS]
    if unknown:
        raise ValidationError({k: f"没有“{k}”这项打印设置" for k in unknown})
    errors = {k: p for k, v in values.items() if (p := _problem(k, str(v if v is not None else "").strip()))}
    if errors:
        raise ValidationError(errors)
    cleaned = {k: _cleaned(k, v) for k, v in values.items()}
    old, new = audit.changed_fields(load(db), cleaned)
    if not new:
        return OpResult(OpChanges(audit=False), None, "没有需要保存的修改")
    with db.atomic():
        for key, value in new.items():
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
                [key, value, value],
            )
        audit.record(
            db, actor=actor, action="setting", entity="settings", label="打印设置",
            before={LABELS[k]: v for k, v in old.items()}, after={LABELS[k]: v for k, v in new.items()},
        )  # fmt: skip
    return OpResult(OpChanges(settings=True), None, "打印设置已保存")
