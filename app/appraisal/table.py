"""One group ranked and graded by its scheme's rule: its order (ordering.py), where each shared place begins,
each place's grade laid out run by run (all 优秀, then a 待定 place, then all 称职…), the seats and caps a quota
is counted against; it words each place's reason (wording.py) when the reason is first read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice, pairwise, repeat
from operator import add, attrgetter, is_not, neg

from app.appraisal.definitions import (
    _COMPETENT,
    _EXCELLENT,
    _ORDER,
    _POOR,
    EXEMPT,
    GRADES,
    Entry,
    Ratio,
    Scheme,
    ThresholdTop,
)
from app.appraisal.ordering import order_group
from app.appraisal.scoring import apportion
from app.appraisal.wording import Wording, wording_of

_OVERRIDE = attrgetter("override")
_PERSON = attrgetter("person_id")
_TOTAL = attrgetter("total")
# A run of places with one grade: (grade, None for 待定; the first place; the place after the last)
Run = tuple[str | None, int, int]


@dataclass(eq=False, repr=False)
class GroupTable:
    """One group ranked. Positions are 0-based; tie t (a shared place, most of one person) covers positions
    bounds[t] .. bounds[t + 1] - 1. It is the explainer of its results: each place's reason is worded once."""

    scheme: Scheme
    entries: list[Entry]  # ranked people in order
    tie_totals: list[Decimal] | None  # each tie's printed total; None: each ranked person holds their own
    bounds: list[int]  # the first position of each tie, then n
    missing: list[tuple[Entry, list[str]]]  # 待补录, with the names of the missing components
    exempt: list[Entry]  # 不参加考核
    overridden: bool  # anyone has an override: only then can a quota be exceeded
    runs: list[Run] = field(default_factory=list)  # the rule's grades, run by run over the ties
    computed: list[str | None] = field(default_factory=list)  # per tie: the rule's grade (None: 待定)
    straddles: dict[int, tuple[int, ...]] = field(default_factory=dict)  # a 待定 tie's seats of each grade
    caps: dict[int, int] = field(default_factory=dict)  # grade index -> how many may hold it or a better one
    # grade -> the least total the rule gives it: a grade set by hand below it says so (it is still allowed)
    minimums: dict[str, Decimal] = field(default_factory=dict)
    seats: tuple[int, ...] = ()  # a Ratio's seats of each grade
    top: int = 0  # a ThresholdTop's share of n (positions 0 .. top-1 may be 优秀)
    worded: dict[int, str] = field(default_factory=dict)  # place -> its reason, once worded
    _wording: Wording | None = None

    @property
    def n(self) -> int:
        return len(self.entries)

    @property
    def ties(self) -> int:
        return len(self.bounds) - 1

    @property
    def totals(self) -> list[Decimal]:
        """Each tie's printed total (made when first asked for, from its first person's, if they hold one)."""
        if self.tie_totals is None:
            self.tie_totals = list(map(_TOTAL, map(self.entries.__getitem__, islice(self.bounds, self.ties))))
        return self.tie_totals

    def total_of(self, tie: int) -> Decimal:
        if self.tie_totals is None:
            return self.entries[self.bounds[tie]].total
        return self.tie_totals[tie]

    def ties_at_least(self, line: Decimal) -> int:
        """How many ties have a total of at least `line` (the totals descend)."""
        if self.tie_totals is not None:
            return bisect_right(self.tie_totals, -line, key=neg)
        position = bisect_right(self.entries, -line, key=_negative_total)  # the first below the line
        return bisect_left(self.bounds, position)

    def tie_of(self, position: int) -> int:
        return bisect_right(self.bounds, position) - 1

    def __repr__(self) -> str:  # inside every Result's repr: its size, not its ten thousand entries
        return f"<GroupTable {self.scheme.key}: {self.n} ranked, {self.ties} places>"

    def reason_at(self, place: int) -> str:
        """The reason of the people at `place`. Worded place by place while a few are asked for (a tooltip);
        from the 17th, every place at once (a list, an export, a print reads them all)."""
        text = self.worded.get(place)
        if text is not None:
            return text
        if self._wording is None:
            self._wording = wording_of(self)
        if len(self.worded) < _ONE_BY_ONE:
            text = self.worded[place] = self._wording.texts((self.tie_of(place - 1),))[0]
            return text
        texts = self._wording.texts(range(self.ties))
        self.worded = dict(zip(map(add, islice(self.bounds, self.ties), repeat(1)), texts, strict=True))
        return self.worded[place]

    def reason(self, tie: int) -> str:
        return self.reason_at(self.bounds[tie] + 1)


_ONE_BY_ONE = 16  # places worded one at a time before all the others are worded in one go


def rank_table(scheme: Scheme, entries: Sequence[Entry]) -> GroupTable:
    """Order, places and each tie's grade. Runs inside the exact decimal context."""
    candidates, exempt, overridden = entries, [], False
    if any(map(is_not, map(_OVERRIDE, entries), repeat(None))):  # in C, and no list: most groups have none
        exempt = [e for e in entries if e.override is not None and e.override.grade == EXEMPT]
        candidates = [e for e in entries if e.override is None or e.override.grade != EXEMPT]
        overridden = any(e.override is not None for e in candidates)
    order = order_group(scheme, candidates)
    table = GroupTable(scheme, order.ranked, order.totals, order.bounds, order.missing, exempt, overridden)
    if isinstance(scheme.rule, Ratio):
        table.runs = _grade_ratio(scheme.rule, table)
    else:
        table.runs = _grade_threshold(scheme.rule, table)
    table.computed = per_tie(table.runs)
    return table


def _negative_total(entry: Entry) -> Decimal:
    return -entry.total


def _runs(ties: int, cuts: Iterable[int], grade_of) -> list[Run]:
    """The ties cut at `cuts` into runs, each graded by `grade_of` its first tie."""
    marks = sorted({0, ties, *(c for c in cuts if 0 < c < ties)})
    return [(grade_of(first), first, end) for first, end in pairwise(marks)]


def _grade_threshold(rule: ThresholdTop, table: GroupTable) -> list[Run]:
    """ThresholdTop: the total decides 称职/不称职; 优秀 also needs a position within the top share. Only the
    top-share line can cut a tie (its members share a total, so no total threshold runs through it)."""
    n, bounds = table.n, table.bounds
    top = table.top = int(rule.top_share * n)  # floor: a positive Decimal truncates to int
    table.caps = {0: top}
    table.minimums = {_EXCELLENT: rule.excellent_min, _COMPETENT: rule.competent_min}
    ties = table.ties
    above = table.ties_at_least(rule.excellent_min)
    competent = table.ties_at_least(rule.competent_min)
    line = bisect_right(bounds, top) - 1  # the tie holding position `top`, the first outside the share
    excellent = min(line, above)  # ties wholly inside the share and at or over the 优秀 line
    pending = line if line < above and bounds[line] < top else None  # the share's line runs through it
    if pending is not None:
        start, end = bounds[pending], bounds[pending + 1]
        straddle = [top - start, 0, 0, 0]
        straddle[_ORDER[_COMPETENT if table.total_of(pending) >= rule.competent_min else _POOR]] = end - top
        table.straddles[pending] = tuple(straddle)

    def grade_of(tie: int) -> str | None:
        if tie == pending:
            return None
        if tie < excellent:
            return _EXCELLENT
        return _COMPETENT if tie < competent else _POOR

    cuts = (excellent, competent, *(() if pending is None else (pending, pending + 1)))
    return _runs(ties, cuts, grade_of)


def _grade_ratio(rule: Ratio, table: GroupTable) -> list[Run]:
    """Ratio: seats apportioned to n and filled in rank order; a tie over the last seat of a grade is 待定."""
    n, bounds = table.n, table.bounds
    seats = table.seats = apportion(n, rule.shares)
    ends = (seats[0], seats[0] + seats[1], n)
    begins = (0, ends[0], ends[1])
    table.caps = {0: ends[0], 1: ends[1]}  # 一般 is the last grade: it takes whoever is left, no cap
    if rule.poor_below is not None:  # below the line no seat is given: every seated grade needs it
        table.minimums = dict.fromkeys(GRADES[:3], rule.poor_below)
    ties = table.ties
    seated = ties if rule.poor_below is None else table.ties_at_least(rule.poor_below)
    firsts = [bisect_right(bounds, end - 1) - 1 if end else 0 for end in ends[:2]]  # ties holding a last seat
    for t in {t for t, end in zip(firsts, ends, strict=False) if 0 < end < n and t < seated}:
        start, end = bounds[t], bounds[t + 1]
        if end > ends[0] > start or end > ends[1] > start:
            straddle = [max(0, min(end, ends[i]) - max(start, begins[i])) for i in range(3)]
            table.straddles[t] = (*straddle, 0)
    # The first tie starting at or past each grade's first seat, and the straddled ties, cut the runs.
    starts = [bisect_right(bounds, begin - 1) if begin else 0 for begin in begins[1:]]

    def grade_of(tie: int) -> str | None:
        if tie >= seated:
            return _POOR
        if tie in table.straddles:
            return None
        start = bounds[tie]
        return GRADES[0 if start < ends[0] else 1 if start < ends[1] else 2]

    cuts = (seated, *starts, *table.straddles, *(t + 1 for t in table.straddles))
    return _runs(ties, cuts, grade_of)


def per_tie(runs: Iterable[tuple]) -> list:
    values: list = []
    for value, first, end in runs:
        values += repeat(value, end - first)
    return values
