"""The reason of each place of a ranked group by its rule, as a clerk reads it out: the rule's reading, which
tie-breaker put the place after an equal total, and 补课 below its line.

A group's wording is prepared once (its constant parts: thresholds, shares, seats), then asked for one place
(a tooltip in the grid) or for every place in one loop (the ranking list, an export, a print).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

from app.appraisal.definitions import _COMPETENT, _POOR, GRADES, Ratio, ThresholdTop
from app.appraisal.reasons import _place_text, _seats_filled, _span_text, _straddle_text
from app.appraisal.scoring import _EXACT, _num, _score

if TYPE_CHECKING:
    from app.appraisal.table import GroupTable


def wording_of(table: GroupTable) -> Wording:
    rule = table.scheme.rule
    return RatioWording(table, rule) if isinstance(rule, Ratio) else ThresholdWording(table, rule)


class Wording:
    def __init__(self, table: GroupTable):
        scheme = self.scheme = table.scheme
        self.table = table
        self.remedial = scheme.remedial_below
        self.remedial_text = "" if self.remedial is None else f"；低于 {_num(self.remedial)} 分，需补课"
        names = {c.key: c.name for c in scheme.components}
        self.breakers = [(key, names[key]) for key in scheme.tie_breakers]

    def texts(self, ties: Iterable[int]) -> list[str]:
        """The reasons of these places (tie indexes), in their order."""
        table, texts = self.table, []
        totals, bounds, breakers, remedial = table.totals, table.bounds, self.breakers, self.remedial
        rule_text = self.rule_text
        for t in ties:
            total, start = totals[t], bounds[t]
            text = rule_text(t, start, bounds[t + 1], total)
            if t and breakers and total == totals[t - 1]:
                text = self._noted(text, start, bounds[t - 1])
            if remedial is not None and total < remedial:
                text += self.remedial_text
            texts.append(text)
        return texts

    def rule_text(self, t: int, start: int, end: int, total: Decimal) -> str:
        raise NotImplementedError

    def _noted(self, reason: str, start: int, before: int) -> str:
        """`reason` saying which tie-breaker put the place at `start` after the one at `before`, of an equal
        printed total, and with what scores: 名次 4（与名次 2 总分相同，按工作考核 84 < 90 排后）, or inside the
        brackets a shared place has: 名次 2（2 人并列；与名次 1 …）. A reason that names no place (below the 优秀
        line a total is graded by itself) is left as it is."""
        at = reason.find("名次 ")  # the first 名次 of a reason is its own place
        if at < 0:
            return reason
        mine, theirs = self.table.entries[start].scores, self.table.entries[before].scores
        decided = None
        for key, name in self.breakers:
            low, high = _score(mine[key]), _score(theirs[key])  # compared as the ranking read them
            if low != high:
                decided = f"按{name} {format(low, 'f')} < {format(high, 'f')} 排后"
                break
        if decided is None:  # equal on every tie-breaker would have shared the place: never here
            return reason
        note = f"与名次 {before + 1} 总分相同，{decided}"
        at += 3 + len(str(start + 1))
        if reason[at] == "（":
            at = reason.index("）", at)
            return f"{reason[:at]}；{note}{reason[at:]}"
        return f"{reason[:at]}（{note}）{reason[at:]}"


class ThresholdWording(Wording):
    """ThresholdTop: the total decides 称职/不称职; 优秀 also needs a position within the top share."""

    def __init__(self, table: GroupTable, rule: ThresholdTop):
        super().__init__(table)
        self.rule, self.top, self.n = rule, table.top, table.n
        excellent, competent = _num(rule.excellent_min), _num(rule.competent_min)
        with localcontext(_EXACT):
            share = self.share = f"前 {_num(rule.top_share * 100)}%"
        self.excellent, self.competent = excellent, competent
        self.below_competent = f" < {excellent}，≥ {competent} → 称职"
        self.below_poor = f" < {competent} → 不称职"
        self.inside = f"，在{share}（{self.top} 人）内 → 优秀"
        if self.top:
            self.outside = f"，超出{share}（{self.top} 人）→ "
        else:  # floor(20% × 4) = 0: nobody in a small group can be 优秀; say that, not "超出前 20%（0 人）"
            self.outside = f"，本组 {self.n} 人，{share} 不足 1 人 → "

    def rule_text(self, t: int, start: int, end: int, total: Decimal) -> str:
        rule, top = self.rule, self.top
        competent = total >= rule.competent_min
        if total < rule.excellent_min:
            return f"总分 {total!s}{self.below_competent if competent else self.below_poor}"
        if end <= top:
            place = f"名次 {end}" if end - start == 1 else _place_text(start, end)
            return f"总分 {total!s} ≥ {self.excellent}，{place}{self.inside}"
        if start >= top:
            place = "" if not top else f"，名次 {end}" if end - start == 1 else f"，{_place_text(start, end)}"
            # (不称职 here only if a scheme puts its 称职 line above its 优秀 line: say which line failed)
            tail = _COMPETENT if competent else f"{_POOR}（低于 {self.competent}）"
            return f"总分 {total!s} ≥ {self.excellent}{place}{self.outside}{tail}"
        return (
            f"总分 {total!s} ≥ {self.excellent}，{_span_text(start, end)}，跨{self.share} 线（{top} 人）："
            f"占{_straddle_text(self.table.straddles[t])} → 待定"
        )


class RatioWording(Wording):
    """Ratio: seats filled in rank order; below `poor_below` no seat."""

    def __init__(self, table: GroupTable, rule: Ratio):
        super().__init__(table)
        seats = self.seats = table.seats
        self.poor = rule.poor_below
        self.poor_text = "" if self.poor is None else f" < {_num(self.poor)} → 不称职（不占席位）"
        self.firsts = {grade: sum(seats[:index]) for index, grade in enumerate(GRADES[:3])}
        self.heads = {grade: _seats_filled(seats, index) for index, grade in enumerate(GRADES[:3])}
        self.counts = dict(zip(GRADES, seats, strict=False))

    def rule_text(self, t: int, start: int, end: int, total: Decimal) -> str:
        if self.poor is not None and total < self.poor:
            return f"{_place_text(start, end)}，总分 {total!s}{self.poor_text}"
        grade = self.table.computed[t]
        if grade is None:
            straddle = self.table.straddles[t]
            held = [i for i, count in enumerate(straddle) if count]
            names = "、".join(
                GRADES[held[0] : held[-1] + 1]
            )  # a grade of no seats between them is crossed too
            return f"{_span_text(start, end)}，跨{names}席位：占{_straddle_text(straddle)} → 待定"
        seat = start - self.firsts[grade] + 1
        seat_text = f"第 {seat} 席" if end - start == 1 else f"第 {seat}–{seat + end - start - 1} 席"
        return (
            f"{_place_text(start, end)}，{self.heads[grade]}{grade}席位{seat_text}"
            f"（共 {self.counts[grade]} 席）→ {grade}"
        )
