"""What the roster import says of a row beside its values: a cell it read otherwise than written (a name's '.'
or '-' as '·', an ID number's '.0' left off), and who a row without a name is. Nothing typed changes in silence,
and a clerk can tell the street which row to fix."""

from __future__ import annotations

from typing import Any

from app.exchange.limits import clip

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
