"""Ranking one group: totals, order, shared places, each place's grade by the scheme's rule with its reason,
overrides (覆盖, 超额) and whether an override may be saved.

Ten thousand people are ranked in well under 200 ms, so the per-person path is kept flat: parallel lists, one
verdict and one reason string per shared place (a "tie": people equal on the total and every tie-breaker;
most ties hold one person), and no object per person but the Result itself.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from itertools import accumulate, compress, pairwise, repeat
from operator import add, is_, mul, ne

from app.appraisal.definitions import (
    _COMPETENT,
    _EXCELLENT,
    _ORDER,
    _POOR,
    EXEMPT,
    GRADES,
    MISSING,
    OVER_QUOTA,
    OVERRIDDEN,
    PENDING,
    REMEDIAL,
    Entry,
    Override,
    Ratio,
    Result,
    Scheme,
    ThresholdTop,
)
from app.appraisal.reasons import (
    _exempt_text,
    _note_tie_breaks,
    _one_line,
    _over_quota_text,
    _place_text,
    _seats_filled,
    _settled_beyond_text,
    _short_of_text,
    _span_text,
    _straddle_text,
)
from app.appraisal.scoring import _EXACT, Totals, _num, _score, apportion
from app.exchange.bulk import collector_paused


@dataclass
class _Table:
    """One group ranked. Positions are 0-based; tie t covers positions bounds[t] .. bounds[t + 1] - 1."""

    # Ranked people in order (total, then tie-breakers, descending; the given order among equals); each tie's total.
    entries: list[Entry]
    totals: list[Decimal]
    bounds: list[int]  # the first position of each tie, then n
    missing: list[tuple[Entry, list[str]]]  # 待补录, with the names of the missing components
    exempt: list[Entry]  # 不参加考核
    overridden: bool  # anyone has an override: only then can a quota be exceeded
    # Per tie: the rule's grade (None: 待定) and the reason; for a 待定 tie, the seats of each grade it takes.
    computed: list[str | None] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    straddles: dict[int, tuple[int, ...]] = field(default_factory=dict)
    caps: dict[int, int] = field(default_factory=dict)  # grade index -> how many may hold it or a better one
    # grade -> the least total the rule gives it: a grade set by hand below it says so (it is still allowed)
    minimums: dict[str, Decimal] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.entries)

    def tie_of(self, position: int) -> int:
        return bisect_right(self.bounds, position) - 1


def _rank(scheme: Scheme, entries: Sequence[Entry]) -> _Table:
    """Totals, order, places and each tie's verdict. Runs inside the exact decimal context."""
    overrides = [entry.override for entry in entries]
    overridden = overrides.count(None) != len(overrides)
    exempt = (
        [e for e, o in zip(entries, overrides, strict=True) if o is not None and o.grade == EXEMPT]
        if overridden
        else []
    )
    candidates = (
        [e for e in entries if e.override is None or e.override.grade != EXEMPT] if exempt else entries
    )
    if exempt:
        overridden = len(candidates) != overrides.count(None)
    totals = Totals(scheme)
    # Each person's total in cents: ints order several times faster than Decimals. All at once when it can;
    # else one by one, which raises (as total_of does) at the first entry with a score out of range.
    keys = totals.keys(candidates)
    if keys is None:
        cents = totals.cents
        keys = [cents(entry.scores, entry.bonus) for entry in candidates]
    missing: list[tuple[Entry, list[str]]] = []
    if any(map(is_, keys, repeat(None))):  # by identity: a Decimal == None is slow
        missing = [
            (e, _missing_names(scheme, e)) for e, key in zip(candidates, keys, strict=True) if key is None
        ]
        candidates = [e for e, key in zip(candidates, keys, strict=True) if key is not None]
        keys = [key for key in keys if key is not None]
    # The printed (rounded) total ranks: nobody can see 82.001 beat 82.00, so equal printed totals go on to
    # the tie-breakers and, equal on those too, share a place. Stable, so equals keep the given order.
    cents = keys
    if scheme.tie_breakers:
        keys = _with_tie_breakers(keys, candidates, scheme.tie_breakers) or keys
    order = sorted(range(len(keys)), key=keys.__getitem__, reverse=True)
    order, bounds = _places(order, keys, candidates, () if keys is not cents else scheme.tie_breakers)
    printed = totals.printed
    tie_totals = [printed(cents[order[start]]) for start in bounds[:-1]]
    ranked = list(map(candidates.__getitem__, order))
    table = _Table(ranked, tie_totals, bounds, missing, exempt, overridden)
    if isinstance(scheme.rule, Ratio):
        _grade_ratio(scheme.rule, table)
    else:
        _grade_threshold(scheme.rule, table)
    return table


def _missing_names(scheme: Scheme, entry: Entry) -> list[str]:
    return [c.name for c in scheme.components if entry.scores.get(c.key) is None]


def _with_tie_breakers(cents: list, ranked: list[Entry], breakers: tuple[str, ...]) -> list[int] | None:
    """One int per person that orders as (total, *tie-breakers) does: each tie-breaker's scores replaced by
    their rank among its distinct values, packed below the cents. None (sort the runs of equal totals one by
    one instead) unless every total is an int and every tie-breaker score a Decimal."""
    if not set(map(type, cents)) <= {int}:
        return None
    keys = cents
    dicts = [entry.scores for entry in ranked]
    if not set(map(type, dicts)) <= {dict}:
        return None
    for key in breakers:
        column = list(map(dict.__getitem__, dicts, repeat(key)))
        if not set(map(type, column)) <= {Decimal}:
            return None
        ranks = {value: index for index, value in enumerate(sorted(set(column)))}
        keys = list(map(add, map(mul, keys, repeat(len(ranks))), map(ranks.__getitem__, column)))
    return keys


def _places(
    order: list[int], keys: list, ranked: list[Entry], breakers: tuple[str, ...]
) -> tuple[list[int], list[int]]:
    """`order` (by total, descending) with each run of equal totals ordered by the tie-breakers, descending and
    stable — the order of sorting by (total, *tie-breakers) at once — and the first position of each tie, then n."""
    n = len(order)
    if not n:
        return order, [0]
    ordered = list(map(keys.__getitem__, order))
    # Where the total changes, in C: a run of equal totals is a tie unless tie-breakers split it.
    changes = [0, *compress(range(1, n), map(ne, ordered[1:], ordered)), n]
    if not breakers or len(changes) == n + 1:
        return order, changes
    bounds = [0]
    for start, end in pairwise(changes):
        if end - start > 1:
            run = order[start:end]
            values = {i: tuple(_score(ranked[i].scores[key]) for key in breakers) for i in run}
            run.sort(key=values.__getitem__, reverse=True)
            order[start:end] = run
            bounds += [p for p in range(start + 1, end) if values[order[p]] != values[order[p - 1]]]
        bounds.append(end)
    return order, bounds


def _grade_threshold(rule: ThresholdTop, table: _Table) -> None:
    """ThresholdTop: the total decides 称职/不称职; 优秀 also needs a position within the top share. Only the
    top-share line can cut a tie (its members share a total, so no total threshold runs through it)."""
    n, bounds, totals = table.n, table.bounds, table.totals
    top = int(rule.top_share * n)  # floor: a positive Decimal truncates to int
    table.caps = {0: top}
    table.minimums = {_EXCELLENT: rule.excellent_min, _COMPETENT: rule.competent_min}
    excellent, competent = _num(rule.excellent_min), _num(rule.competent_min)
    share = f"前 {_num(rule.top_share * 100)}%"
    if top:
        inside, outside = f"，在{share}（{top} 人）内 → 优秀", f"，超出{share}（{top} 人）→ "
    else:  # floor(20% × 4) = 0: nobody in a small group can be 优秀; say that, not "超出前 20%（0 人）"
        inside, outside = "", f"，本组 {n} 人，{share} 不足 1 人 → "
    computed, reasons = table.computed, table.reasons
    grade, say = computed.append, reasons.append
    excellent_min, competent_min = rule.excellent_min, rule.competent_min
    # The loop runs once per place (thousands): the texts are joined from parts made once, and a total is
    # written with str() (format() of a Decimal takes twice as long and writes the same).
    below_competent = f" < {excellent}，≥ {competent} → 称职"
    below_poor = f" < {competent} → 不称职"
    at_least = f" ≥ {excellent}，"
    for t, total in enumerate(totals):
        start, end = bounds[t], bounds[t + 1]
        competent_or_poor = _COMPETENT if total >= competent_min else _POOR
        if total < excellent_min:
            grade(competent_or_poor)
            if competent_or_poor is _COMPETENT:
                say(f"总分 {total!s}{below_competent}")
            else:
                say(f"总分 {total!s}{below_poor}")
        elif end <= top:
            grade(_EXCELLENT)
            place = f"名次 {end}" if end - start == 1 else _place_text(start, end)
            say(f"总分 {total!s}{at_least}{place}{inside}")
        elif start >= top:
            grade(competent_or_poor)
            place = (
                ("，名次 " + str(end) if end - start == 1 else f"，{_place_text(start, end)}") if top else ""
            )
            # (不称职 here only if a scheme puts its 称职 line above its 优秀 line: say which line failed)
            tail = competent_or_poor if competent_or_poor is _COMPETENT else f"不称职（低于 {competent}）"
            say(f"总分 {total!s} ≥ {excellent}{place}{outside}{tail}")
        else:  # the line runs through the tie: positions start .. top-1 are 优秀 seats, the rest are not
            straddle = [0, 0, 0, 0]
            straddle[0], straddle[_ORDER[competent_or_poor]] = top - start, end - top
            table.straddles[t] = tuple(straddle)
            grade(None)
            say(
                f"总分 {total!s} ≥ {excellent}，{_span_text(start, end)}，跨{share} 线（{top} 人）："
                f"占{_straddle_text(straddle)} → 待定"
            )


def _grade_ratio(rule: Ratio, table: _Table) -> None:
    """Ratio: seats apportioned to n and filled in rank order; a tie over the last seat of a grade is 待定."""
    seats = apportion(table.n, rule.shares)
    ends = (seats[0], seats[0] + seats[1], table.n)
    begins = (0, ends[0], ends[1])
    table.caps = {0: ends[0], 1: ends[1]}  # 一般 is the last grade: it takes whoever is left, no cap
    if rule.poor_below is not None:  # below the line no seat is given: every seated grade needs it
        table.minimums = dict.fromkeys(GRADES[:3], rule.poor_below)
    heads = [_seats_filled(seats, grade) for grade in range(3)]
    bounds, totals, poor = table.bounds, table.totals, rule.poor_below
    for t in range(len(bounds) - 1):
        start, end = bounds[t], bounds[t + 1]
        if poor is not None and totals[t] < poor:  # below the line: no seat, whatever the place
            table.computed.append(_POOR)
            table.reasons.append(
                f"{_place_text(start, end)}，总分 {totals[t]!s} < {_num(poor)} → 不称职（不占席位）"
            )
            continue
        first = 0 if start < ends[0] else 1 if start < ends[1] else 2
        last = 0 if end <= ends[0] else 1 if end <= ends[1] else 2
        if first == last:
            seat = start - begins[first] + 1
            seat_text = f"第 {seat} 席" if end - start == 1 else f"第 {seat}–{seat + end - start - 1} 席"
            table.computed.append(GRADES[first])
            table.reasons.append(
                f"{_place_text(start, end)}，{heads[first]}{GRADES[first]}席位{seat_text}"
                f"（共 {seats[first]} 席）→ {GRADES[first]}"
            )
        else:
            straddle = (*[max(0, min(end, ends[i]) - max(start, begins[i])) for i in range(3)], 0)
            table.straddles[t] = straddle
            table.computed.append(None)
            names = "、".join(GRADES[first : last + 1])
            table.reasons.append(
                f"{_span_text(start, end)}，跨{names}席位：占{_straddle_text(straddle)} → 待定"
            )


# --- results and overrides --------------------------------------------------------------------------------------


def rank_group(scheme: Scheme, entries: Sequence[Entry]) -> list[Result]:
    """One group's results in display order: ranked people by place (the given order among equals), then
    待补录, then 不参加考核. The caller calls this once per part when a period is split by role or unit.

    An override keeps the person in n and in the ranking (grade = the override, computed = the rule's, flag
    覆盖); 不参加考核 takes them out of n. Others are never regraded around an override: a seat an override
    empties stays empty, and filling it by hand is not 超额."""
    # No cyclic collection while ten thousand results are made (none of them in a cycle): the collections their
    # making would set off walked every object of the window again, a quarter of the time of a ranking.
    with localcontext(_EXACT), collector_paused():
        table = _rank(scheme, entries)
        if scheme.tie_breakers:  # a place after an equal total says which tie-breaker put it there
            _note_tie_breaks(scheme, table.reasons, table.totals, table.bounds, table.entries)
        over = _over_quota(table) if table.overridden else {}
        results = _ranked_results(table, scheme.remedial_below, over)
    results += [_missing_result(entry, names) for entry, names in table.missing]
    # 不参加考核: no total and no place, as on paper — not appraised this period (any scores stay in their columns).
    results += [
        Result(e.person_id, None, None, None, EXEMPT, (OVERRIDDEN,), _exempt_text(e)) for e in table.exempt
    ]
    return results


def _ranked_results(table: _Table, remedial: Decimal | None, over: dict[int, str]) -> list[Result]:
    """One Result per ranked person, in order: each place's total, grade, flags and reason for everyone in it."""
    # 补课 follows the total, not the grade: "anyone below 80" — an override changes the grade, not the score.
    remedial_text = "" if remedial is None else f"；低于 {_num(remedial)} 分，需补课"
    computed, reasons = table.computed, table.reasons
    below = [total < remedial for total in table.totals] if remedial is not None else [False] * len(computed)
    flags = [_FLAG_SETS[grade is not None, low] for grade, low in zip(computed, below, strict=True)]
    if remedial is not None:
        reasons = [
            reason + remedial_text if low else reason for reason, low in zip(reasons, below, strict=True)
        ]
    if table.overridden:
        return _results_one_by_one(table, flags, reasons, over)
    # Nobody overridden: every field a list per place, spread over its people and zipped into Results in C
    # (a Result made in a Python loop costs as much again as everything else per person).
    bounds = table.bounds
    places = [start + 1 for start in bounds[:-1]]
    fields = [table.totals, places, computed, computed, flags, reasons]
    if len(bounds) - 1 != table.n:  # some places hold several people: each position's place, then its values
        starts = [0] * table.n  # 1 where a place begins after the first: summed, each position's place
        for start in bounds[1:-1]:
            starts[start] = 1
        place_of = list(accumulate(starts))
        fields = [list(map(values.__getitem__, place_of)) for values in fields]
    people = [entry.person_id for entry in table.entries]
    return list(map(tuple.__new__, repeat(Result), zip(people, *fields, strict=True)))


# The flags of a place by (graded by the rule, below the 补课 line), made once.
_FLAG_SETS = {
    (True, False): (),
    (False, False): (PENDING,),
    (True, True): (REMEDIAL,),
    (False, True): (PENDING, REMEDIAL),
}


def _results_one_by_one(
    table: _Table, flags: list[tuple[str, ...]], reasons: list[str], over: dict[int, str]
) -> list[Result]:
    results: list[Result] = []
    append = results.append
    entries, totals, bounds = table.entries, table.totals, table.bounds
    for t, computed in enumerate(table.computed):
        start, end = bounds[t], bounds[t + 1]
        for position in range(start, end):
            entry = entries[position]
            if entry.override is None:
                append(
                    Result(entry.person_id, totals[t], start + 1, computed, computed, flags[t], reasons[t])
                )
            else:
                append(_overridden(table, position, t, flags[t], reasons[t], over.get(position)))
    return results


def _overridden(
    table: _Table, position: int, t: int, flags: tuple[str, ...], reason: str, over: str | None
) -> Result:
    """An override settles a 待定 member: 待定 goes, 覆盖 comes; the rule's reading stays in the line, then what
    the override goes beyond: the quota it exceeds (超额, `over` says which) and the total its grade needs,
    which it may go without (with its reason) but must say."""
    entry, total = table.entries[position], table.totals[t]
    override = entry.override
    assert override is not None
    flags = (*(f for f in flags if f != PENDING), OVERRIDDEN, *((OVER_QUOTA,) if over else ()))
    text = f"手工定为{override.grade}（理由：{_one_line(override.reason)}）；按规则：{reason}"
    if over:
        text += f"；{over}"
    least = table.minimums.get(override.grade)
    if least is not None:
        text += _short_of_text(total, override.grade, least)
    place = table.bounds[t] + 1
    return Result(entry.person_id, total, place, table.computed[t], override.grade, flags, text)


def _missing_result(entry: Entry, names: list[str]) -> Result:
    reason = f"缺{'、'.join(names)}的分数 → 待补录"
    if entry.override is not None:  # its grade waits for the score (不参加考核 would have taken it out)
        reason += f"（手工等次“{entry.override.grade}”在补录后生效）"
    return Result(entry.person_id, None, None, None, None, (MISSING,), reason)


def _cumulative(indexes: Iterable[int]) -> list[int]:
    """How many of these grade indexes are each grade or better."""
    counts = [0, 0, 0, 0]
    for index in indexes:
        counts[index] += 1
    for i in range(1, 4):
        counts[i] += counts[i - 1]
    return counts


def _straddled(straddle: Sequence[int]) -> list[int]:
    return _cumulative(i for i, count in enumerate(straddle) for _ in range(count))


def _over_quota(table: _Table) -> dict[int, str]:
    """Positions whose override exceeds a quota (超额), each with what it exceeds in words.

    A quota caps how many may hold a grade *or a better one* (优秀 ≤ its seats; under 1:5:4 also 优秀 + 称职 ≤
    theirs): an override down leaves a seat empty and exceeds nothing. An unsettled 待定 tie holds the seats
    it straddles. Only overrides that lift someone into a class that is then over its cap are flagged, and the
    text names that class — 优秀、称职合计, not 称职, when 称职 alone is within its seats but the two are not."""
    held = [0, 0, 0, 0]
    reserved = [0, 0, 0, 0]  # of `held`, the seats unsettled 待定 ties hold
    # (position, the best class the override lifted it into, the first class it was in by the rule)
    lifted: list[tuple[int, int, int]] = []
    for t, computed in enumerate(table.computed):
        start, end = table.bounds[t], table.bounds[t + 1]
        if computed is None:
            _hold_pending(table, t, held, reserved, lifted)
            continue
        rule_index = _ORDER[computed]
        for position in range(start, end):
            override = table.entries[position].override
            index = _ORDER.get(override.grade, rule_index) if override else rule_index
            for i in range(index, 4):
                held[i] += 1
            if index < rule_index:
                lifted.append((position, index, rule_index))
    texts = {
        i: _over_quota_text(i, cap, held[i], reserved[i])
        for i, cap in sorted(table.caps.items())
        if held[i] > cap
    }
    over: dict[int, str] = {}
    for position, low, high in lifted:
        exceeded = [text for i, text in texts.items() if low <= i < high]
        if exceeded:
            over[position] = "，也".join(exceeded)  # 超出优秀名额（…），也超出优秀、称职合计名额（…）
    return over


def _hold_pending(
    table: _Table, t: int, held: list[int], reserved: list[int], lifted: list[tuple[int, int, int]]
) -> None:
    """A 待定 tie holds its straddled seats, or what its settled members were given if that is more."""
    start, end = table.bounds[t], table.bounds[t + 1]
    settled = [
        (p, _ORDER[o.grade])
        for p in range(start, end)
        if (o := table.entries[p].override) and o.grade in _ORDER
    ]
    given = _cumulative(index for _, index in settled)
    seats = _straddled(table.straddles[t])
    unsettled = end - start - len(settled)
    for i in range(4):
        holds = max(given[i], min(seats[i], given[i] + unsettled))
        held[i] += holds
        reserved[i] += holds - given[i]
    # Settled beyond the straddle: possible only when scores changed after the override was saved.
    for position, index in settled:
        first_within = next((i for i in range(index, 4) if given[i] <= seats[i]), 4)
        if first_within > index:
            lifted.append((position, index, first_within))


def _rule_grades(scheme: Scheme) -> tuple[str, ...]:
    """Grades an override may give: the rule's own, and 不称职 under 1:5:4 too (no seat gives it, but
    misconduct can earn it by hand). 一般 under a threshold scheme, which never gives it, is a slip."""
    if isinstance(scheme.rule, Ratio):
        return GRADES
    return (_EXCELLENT, _COMPETENT, _POOR)


def override_problem(
    scheme: Scheme, entries: Sequence[Entry], person_id: int, override: Override
) -> str | None:
    """Why this override may not be saved, in Chinese; None when it may (an override beyond a quota may, and
    is flagged 超额). Refuses: no reason, a grade the scheme does not give, a grade for someone still 待补录,
    and settling a 待定 tie with more seats of a grade (or better) than the tie straddles."""
    allowed = (*_rule_grades(scheme), EXEMPT)
    if override.grade not in allowed:
        return f"“{override.grade}”不是方案“{scheme.name}”的等次，可选：{'、'.join(allowed)}"
    if not override.reason.strip():
        return "手工调整等次必须写明理由"
    index = next((i for i, e in enumerate(entries) if e.person_id == person_id), None)
    if index is None:
        return f"本组中没有这个人（编号 {person_id}）"
    if override.grade == EXEMPT:
        return None
    changed = list(entries)
    mine = changed[index] = replace(entries[index], override=override)
    with localcontext(_EXACT):
        table = _rank(scheme, changed)
    for entry, names in table.missing:
        if entry is mine:
            return f"还缺{'、'.join(names)}的分数：请先补录分数，或标为“{EXEMPT}”"
    t = table.tie_of(next(p for p, e in enumerate(table.entries) if e is mine))
    return _pending_problem(table, t) if table.computed[t] is None else None


def _pending_problem(table: _Table, t: int) -> str | None:
    """A 待定 tie may be settled with at most the seats it straddles of each grade-or-better class."""
    start, end = table.bounds[t], table.bounds[t + 1]
    overrides = [o.grade for p in range(start, end) if (o := table.entries[p].override)]
    given = _cumulative(_ORDER[grade] for grade in overrides if grade in _ORDER)
    seats = _straddled(table.straddles[t])
    straddle = table.straddles[t]
    head = f"名次 {start + 1} 的 {end - start} 人并列待定，只占{_straddle_text(straddle)}"
    for i in range(4):
        if given[i] > seats[i]:
            if not seats[i]:  # a grade (or better) the tie straddles no seat of
                return f"{head}，不能定为{GRADES[i] if i == 0 else GRADES[i] + '或更好的等次'}"
            return f"{head}；{_settled_beyond_text(i, given[i], straddle)}"
    return None
