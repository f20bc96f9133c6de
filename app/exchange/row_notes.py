"""What the roster import says of a row beside its values: a cell it read otherwise than written (a name's '.'
or '-' as '·', an ID number's '.0' left off), and who a row without a name is. Nothing typed changes in silence,
and a clerk can tell the street which row to fix; what a row adds to its note (a phone cell's other numbers), and
the values a heading or the command gave it."""

from __future__ import annotations

from typing import Any

from app.exchange.limits import clip
from app.people.fields import EXPORT_FIELDS, role_label

_NOT_DOTS = ".-‐．"  # what normalize_name writes as ·  (． is the full-width '.')
_POINTS = ".．"


def read_otherwise(texts: list[str], column_of: dict[str, int], clean: dict[str, Any]) -> list[str]:
    """The row's notices on its 姓名 and 公民身份号码 as stored when they differ from the cells beyond tidying."""
    notices = []
    name = _text(texts, column_of.get("name"))
    changed = [mark for mark in dict.fromkeys(name) if mark in _NOT_DOTS and mark not in clean["name"]]
    if changed:
        marks = "”“".join(changed)
        notices.append(f"姓名“{clip(name, 20)}”中的“{marks}”按间隔号“·”读作“{clean['name']}”")
    number = _text(texts, column_of.get("id_number"))
    if any(point in number for point in _POINTS):  # accepted, so normalize_id_number took a '.0' off
        notices.append(
            f"公民身份号码“{clip(number, 30)}”末尾的“.0”不是号码的一部分（多是其他系统导出时带上的），"
            f"号码完整，按 {clean['id_number']} 读取；请在原表中删去“.0”"
        )
    return notices


def nameless(message: str, id_text: str) -> str:
    """The message of a row whose 姓名 is blank, naming the ID number it has, so the clerk knows who it is."""
    if not id_text:
        return message
    return f"{message}（本行公民身份号码为 {clip(id_text, 30)}），请补上此人的姓名"


def _text(texts: list[str], column: int | None) -> str:
    return texts[column] if column is not None and column < len(texts) else ""


def given_values(data: dict[str, Any], column_of: dict[str, int], defaults: dict[str, Any]) -> dict[str, str]:
    """The role and unit a section heading or the command gave a row of a file without those columns, in the
    roster's words (RowPlan.given: the problem report writes them beside the row's cells)."""
    given = {}
    for key in ("role", "unit"):
        value = data.get(key)
        if key not in column_of and isinstance(value, str) and value and value == defaults.get(key):
            given[EXPORT_FIELDS[key]] = role_label(value) if key == "role" else value
    return given


def phone_note(note: str, phone: str, others: list[str], remark: str | None) -> tuple[str, list[str]]:
    """The note with the phone cell's other numbers (其他电话：…) and the phone's remark (电话备注：…) added, each
    once so that importing the file again changes nothing; and what the dry run says of them."""
    said = []
    missing = [number for number in others if number not in note]
    if missing:
        kept = "其他电话：" + "、".join(missing)
        note = f"{note}；{kept}" if note else kept
        said.append(
            f"联系电话有 {len(others) + 1} 个号码：{phone} 作为联系电话，{'、'.join(missing)} 写入备注"
        )
    if remark and (kept := f"电话备注：{remark}") not in note:
        note = f"{note}；{kept}" if note else kept
        said.append(f"联系电话后的“（{remark}）”不是号码，写入备注")
    return note, said
