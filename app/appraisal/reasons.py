"""The pieces of a result's reason a clerk reads out: places, shared places, straddled seats, typed reasons,
the quota an override exceeds, a tie-breaker that decided a place."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from functools import cache
from typing import TYPE_CHECKING

from app.appraisal.definitions import _COMPETENT, _POOR, GRADES, Entry, Ratio, Scheme, ThresholdTop
from app.appraisal.scoring import _EXACT, _num, _score

if TYPE_CHECKING:
    from app.appraisal.grading import GroupTable


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


def tie_reason(table: GroupTable, t: int) -> str:
    """The reason of every person at place `t` by the rule (the grid asks for the few it shows, the export for
    all): the rule's reading, which tie-breaker put the place after an equal total, and 补课 below its line."""
    scheme, total = table.scheme, table.total_of(t)
    if isinstance(scheme.rule, Ratio):
        text = _ratio_text(scheme.rule, table, t, total)
    else:
        text = _threshold_text(scheme.rule, table, t, total)
    if t and scheme.tie_breakers and total == table.total_of(t - 1):
        text = _with_tie_note(scheme, text, table, t)
    remedial = scheme.remedial_below
    if remedial is not None and total < remedial:
        text += f"；低于 {_num(remedial)} 分，需补课"
    return text


@cache
def _share_text(share: Decimal) -> str:
    with localcontext(_EXACT):
        return f"前 {_num(share * 100)}%"


def _threshold_text(rule: ThresholdTop, table: GroupTable, t: int, total: Decimal) -> str:
    """ThresholdTop: the total decides 称职/不称职; 优秀 also needs a position within the top share."""
    n, start, end, top = table.n, table.bounds[t], table.bounds[t + 1], table.top
    excellent, competent = _num(rule.excellent_min), _num(rule.competent_min)
    share = _share_text(rule.top_share)
    competent_or_poor = _COMPETENT if total >= rule.competent_min else _POOR
    if total < rule.excellent_min:
        if competent_or_poor is _COMPETENT:
            return f"总分 {total!s} < {excellent}，≥ {competent} → 称职"
        return f"总分 {total!s} < {competent} → 不称职"
    if end <= top:
        place = f"名次 {end}" if end - start == 1 else _place_text(start, end)
        return f"总分 {total!s} ≥ {excellent}，{place}，在{share}（{top} 人）内 → 优秀"
    if start >= top:
        if top:
            place = f"，名次 {end}" if end - start == 1 else f"，{_place_text(start, end)}"
            outside = f"，超出{share}（{top} 人）→ "
        else:  # floor(20% × 4) = 0: nobody in a small group can be 优秀; say that, not "超出前 20%（0 人）"
            place, outside = "", f"，本组 {n} 人，{share} 不足 1 人 → "
        # (不称职 here only if a scheme puts its 称职 line above its 优秀 line: say which line failed)
        tail = competent_or_poor if competent_or_poor is _COMPETENT else f"不称职（低于 {competent}）"
        return f"总分 {total!s} ≥ {excellent}{place}{outside}{tail}"
    straddle = table.straddles[t]
    return (
        f"总分 {total!s} ≥ {excellent}，{_span_text(start, end)}，跨{share} 线（{top} 人）："
        f"占{_straddle_text(straddle)} → 待定"
    )


def _ratio_text(rule: Ratio, table: GroupTable, t: int, total: Decimal) -> str:
    """Ratio: seats filled in rank order; below `poor_below` no seat."""
    start, end, seats = table.bounds[t], table.bounds[t + 1], table.seats
    if rule.poor_below is not None and total < rule.poor_below:
        return f"{_place_text(start, end)}，总分 {total!s} < {_num(rule.poor_below)} → 不称职（不占席位）"
    grade = table.computed[t]
    if grade is None:
        straddle = table.straddles[t]
        held = [i for i, count in enumerate(straddle) if count]
        names = "、".join(GRADES[held[0] : held[-1] + 1])  # a grade of no seats between them is crossed too
        return f"{_span_text(start, end)}，跨{names}席位：占{_straddle_text(straddle)} → 待定"
    index = GRADES.index(grade)
    seat = start - sum(seats[:index]) + 1
    seat_text = f"第 {seat} 席" if end - start == 1 else f"第 {seat}–{seat + end - start - 1} 席"
    return (
        f"{_place_text(start, end)}，{_seats_filled(seats, index)}{grade}席位{seat_text}"
        f"（共 {seats[index]} 席）→ {grade}"
    )


def _with_tie_note(scheme: Scheme, reason: str, table: GroupTable, t: int) -> str:
    """`reason` saying which tie-breaker put place `t` after the place before it, of an equal printed total, and
    with what scores: 名次 4（与名次 2 总分相同，按工作考核 84 < 90 排后）, or inside the brackets a shared place
    has: 名次 2（2 人并列；与名次 1 …）. A reason that names no place (below the 优秀 line a total is graded by
    itself) is left as it is."""
    at = reason.find("名次 ")  # the first 名次 of a reason is its own place
    if at < 0:
        return reason
    start, before = table.bounds[t], table.bounds[t - 1]
    mine, theirs = table.entries[start].scores, table.entries[before].scores
    for key in scheme.tie_breakers:
        low, high = _score(mine[key]), _score(theirs[key])  # compared as the ranking read them
        if low != high:
            break
    else:  # equal on every tie-breaker would have shared the place: never here
        return reason
    name = next(c.name for c in scheme.components if c.key == key)
    note = f"与名次 {before + 1} 总分相同，按{name} {format(low, 'f')} < {format(high, 'f')} 排后"
    at += 3 + len(str(start + 1))
    if reason[at] == "（":
        at = reason.index("）", at)
        return f"{reason[:at]}；{note}{reason[at:]}"
    return f"{reason[:at]}（{note}）{reason[at:]}"
