"""The pieces of a result's reason a clerk reads out: places, shared places, straddled seats, typed reasons,
the quota an override exceeds (wording.py joins them into each place's reason)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import cache

from app.appraisal.definitions import GRADES, Entry
from app.appraisal.scoring import _num


def _place_text(start: int, end: int) -> str:
    return f"名次 {start + 1}" if end - start == 1 else f"名次 {start + 1}（{end - start} 人并列）"


def _span_text(start: int, end: int) -> str:
    """名次 8，3 人并列（第 8–10 位）: the place, the group's size and the positions it covers."""
    return f"名次 {start + 1}，{end - start} 人并列（第 {start + 1}–{end} 位）"


def _straddle_text(straddle: Sequence[int]) -> str:
    return "、".join(f"{GRADES[i]} {count} 席" for i, count in enumerate(straddle) if count)


@cache  # a few seat counts per ranking, asked for once per place
def _seats_filled(seats: tuple[int, ...], grade: int) -> str:
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


def _class_name(grade: int) -> str:
    """A quota's class as a clerk counts it: 优秀, or 优秀、称职 together (a quota caps a grade or better)."""
    return f"{GRADES[0]}名额" if grade == 0 else f"{'、'.join(GRADES[: grade + 1])}合计名额"


def _over_quota_text(grade: int, cap: int, held: int, reserved: int) -> str:
    """超出优秀名额（共 1 席，现 2 人）: the class exceeded, its seats and how many hold it; a 待定 tie's seats
    count as held until it is settled, and are said apart so the count can be checked against the list."""
    pending = f"，含待定并列所占的 {reserved} 席" if reserved else ""
    return f"超出{_class_name(grade)}（共 {cap} 席，现 {held} 人{pending}）"


def _settled_beyond_text(grade: int, given: int, straddle: Sequence[int]) -> str:
    """What settling a 待定 tie this way would give beyond the seats it straddles, said of the tie's own
    members: under 1:5:4 a 称职/一般 tie gives 称职 seats, so "优秀和称职" would name seats it never had."""
    name = GRADES[0] if grade == 0 else f"{GRADES[grade]}（或更好）"
    held = [(GRADES[i], count) for i, count in enumerate(straddle[: grade + 1]) if count]
    if len(held) == 1:
        seats = f" {held[0][1]} 个{held[0][0]}席位"
    else:
        seats = f"{'、'.join(g for g, _ in held)}共 {sum(c for _, c in held)} 个席位"
    return f"这样定，本组并列者中定为{name}的会有 {given} 人，超出所跨的{seats}"


def _short_of_text(total: Decimal, grade: str, least: Decimal) -> str:
    """；总分 71.00 未达优秀所需的 80 分 — for a grade set by hand that the total does not reach (else '')."""
    return f"；总分 {total!s} 未达{grade}所需的 {_num(least)} 分" if total < least else ""
