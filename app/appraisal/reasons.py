"""The pieces of a result's reason a clerk reads out: places, shared places, straddled seats, typed reasons."""

from __future__ import annotations

from collections.abc import Sequence

from app.appraisal.definitions import GRADES, Entry


def _place_text(start: int, end: int) -> str:
    return f"名次 {start + 1}" if end - start == 1 else f"名次 {start + 1}（{end - start} 人并列）"


def _span_text(start: int, end: int) -> str:
    """名次 8，3 人并列（第 8–10 位）: the place, the group's size and the positions it covers."""
    return f"名次 {start + 1}，{end - start} 人并列（第 {start + 1}–{end} 位）"


def _straddle_text(straddle: Sequence[int]) -> str:
    return "、".join(f"{GRADES[i]} {count} 席" for i, count in enumerate(straddle) if count)


def _seats_filled(seats: Sequence[int], grade: int) -> str:
    """What comes before a seat of `grade`: "优秀 1 席、称职 5 席已满，" (or "无优秀席位，" when n is small)."""
    empty = "".join(f"无{GRADES[i]}席位，" for i in range(grade) if not seats[i])
    filled = [f"{GRADES[i]} {seats[i]} 席" for i in range(grade) if seats[i]]
    return empty + ("、".join(filled) + "已满，" if filled else "")


def _exempt_text(entry: Entry) -> str:
    assert entry.override is not None
    return f"不参加考核（理由：{_one_line(entry.override.reason)}），不计入人数"


def _one_line(text: str) -> str:
    """A reason typed over several lines, read out as one."""
    return " ".join(text.split())
