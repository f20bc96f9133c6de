"""The results of one group (rank_group): a Result per person, made in C field by field from per-person
streams (ten thousand people are ranked in a few milliseconds); overrides (覆盖, 超额) and whether an override
may be saved (override_problem).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from decimal import localcontext
from itertools import accumulate, chain, islice, repeat
from operator import sub

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
)
from app.appraisal.reasons import (
    _exempt_text,
    _one_line,
    _over_quota_text,
    _settled_beyond_text,
    _short_of_text,
    _straddle_text,
)
from app.appraisal.scoring import _EXACT
from app.appraisal.table import _PERSON, _TOTAL, GroupTable, per_tie, rank_table
from app.exchange.bulk import collector_paused


def rank_group(scheme: Scheme, entries: Sequence[Entry]) -> list[Result]:
    """One group's results in display order: ranked people by place (the given order among equals), then
    待补录, then 不参加考核. The caller calls this once per part when a period is split by role or unit.

    An override keeps the person in n and in the ranking (grade = the override, computed = the rule's, flag
    覆盖); 不参加考核 takes them out of n. Others are never regraded around an override: a seat an override
    empties stays empty, and filling it by hand is not 超额."""
    # No cyclic collection while ten thousand results are made (none of them in a cycle): the collections their
    # making would set off walked every object of the window again, a quarter of the time of a ranking.
    with localcontext(_EXACT), collector_paused():
        table = rank_table(scheme, entries)
        over = _over_quota(table) if table.overridden else {}
        results = _ranked_results(table, over)
    results += [_missing_result(entry, names) for entry, names in table.missing]
    # 不参加考核: no total and no place, as on paper — not appraised this period (any scores stay in their columns).
    results += [
        Result(e.person_id, None, None, None, EXEMPT, (OVERRIDDEN,), _exempt_text(e)) for e in table.exempt
    ]
    return results


# The flags of a place by (graded by the rule, below the 补课 line), made once.
_FLAG_SETS = {
    (True, False): (),
    (False, False): (PENDING,),
    (True, True): (REMEDIAL,),
    (False, True): (PENDING, REMEDIAL),
}


def _flag_runs(table: GroupTable) -> list[tuple[tuple[str, ...], int, int]]:
    """The runs again, cut where the totals fall below the 补课 line, each with its places' flags."""
    remedial = table.scheme.remedial_below
    # 补课 follows the total, not the grade: "anyone below 80" — an override changes the grade, not the score.
    line = table.ties if remedial is None else table.ties_at_least(remedial)
    runs = []
    for grade, first, end in table.runs:
        for low, a, b in ((False, first, min(end, line)), (True, max(first, line), end)):
            if a < b:
                runs.append((_FLAG_SETS[grade is not None, low], a, b))
    return runs


def _spread(runs: Iterable[tuple], bounds: list[int]) -> Iterator:
    """Each run's value once for every person in its places."""
    return chain.from_iterable(repeat(value, bounds[end] - bounds[first]) for value, first, end in runs)


def _places(bounds: list[int], n: int) -> Iterator[int]:
    """Each position's place: where a place begins, how far it is from the one before, summed."""
    steps = [0] * n
    steps[0] = 1
    list(
        map(steps.__setitem__, islice(bounds, 1, len(bounds) - 1), map(sub, islice(bounds, 1, None), bounds))
    )
    return accumulate(steps)


def _ranked_results(table: GroupTable, over: dict[int, str]) -> list[Result]:
    """One Result per ranked person, in order, made in C from per-person lists laid out run by run."""
    flag_runs = _flag_runs(table)
    if table.overridden:
        return _results_one_by_one(table, per_tie(flag_runs), over)
    bounds, n = table.bounds, table.n
    places: Iterable[int] = range(1, n + 1)  # no shared place: a person's place is their position
    if table.ties != n:
        places = _places(bounds, n)
    if table.tie_totals is None:  # each person holds their total
        totals = map(_TOTAL, table.entries)
    else:
        totals = _spread(((total, t, t + 1) for t, total in enumerate(table.tie_totals)), bounds)
    # Streamed into the Results, not laid out in lists first: ten thousand of everything is memory to fill.
    fields = (
        map(_PERSON, table.entries),
        totals,
        places,
        _spread(table.runs, bounds),
        _spread(table.runs, bounds),
        _spread(flag_runs, bounds),
        repeat(table, n),
    )
    return list(map(tuple.__new__, repeat(Result), zip(*fields, strict=True)))


def _results_one_by_one(
    table: GroupTable, flags: list[tuple[str, ...]], over: dict[int, str]
) -> list[Result]:
    results: list[Result] = []
    append = results.append
    entries, totals, bounds = table.entries, table.totals, table.bounds
    for t, computed in enumerate(table.computed):
        start, end = bounds[t], bounds[t + 1]
        for position in range(start, end):
            entry = entries[position]
            if entry.override is None:
                append(Result(entry.person_id, totals[t], start + 1, computed, computed, flags[t], table))
            else:
                append(_overridden(table, position, t, flags[t], over.get(position)))
    return results


def _overridden(table: GroupTable, position: int, t: int, flags: tuple[str, ...], over: str | None) -> Result:
    """An override settles a 待定 member: 待定 goes, 覆盖 comes; the rule's reading stays in the line, then what
    the override goes beyond: the quota it exceeds (超额, `over` says which) and the total its grade needs,
    which it may go without (with its reason) but must say."""
    entry, total = table.entries[position], table.totals[t]
    override = entry.override
    assert override is not None
    flags = (*(f for f in flags if f != PENDING), OVERRIDDEN, *((OVER_QUOTA,) if over else ()))
    text = f"手工定为{override.grade}（理由：{_one_line(override.reason)}）；按规则：{table.reason(t)}"
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


def _over_quota(table: GroupTable) -> dict[int, str]:
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
    table: GroupTable, t: int, held: list[int], reserved: list[int], lifted: list[tuple[int, int, int]]
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
        table = rank_table(scheme, changed)
    for entry, names in table.missing:
        if entry is mine:
            return f"还缺{'、'.join(names)}的分数：请先补录分数，或标为“{EXEMPT}”"
    t = table.tie_of(next(p for p, e in enumerate(table.entries) if e is mine))
    return _pending_problem(table, t) if table.computed[t] is None else None


def _pending_problem(table: GroupTable, t: int) -> str | None:
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
