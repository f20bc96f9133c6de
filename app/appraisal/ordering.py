"""Ordering one group: the people with every score in rank order (total, then the tie-breakers, descending; the
given order among equals), where each shared place begins, and who is missing a score.

Two ways, one result. Entries weighed for the scheme (weighing.weigh, as a period is loaded) are ordered by the
standing each holds, one number per person: a single sort. Any others — made by hand, in tests, or with a score
the standing cannot hold — are totalled and ordered here from their scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import compress, islice, pairwise, repeat
from operator import add, attrgetter, is_, mul, ne

from app.appraisal.definitions import Entry, Scheme
from app.appraisal.scoring import Totals, _score

_STANDING = attrgetter("standing")
_WEIGHED_FOR = attrgetter("weighed_for")


@dataclass
class Order:
    ranked: list[Entry]  # the people with every score, in rank order
    bounds: list[int]  # the first position of each shared place ("tie"), then n
    totals: list[Decimal] | None  # each tie's printed total; None: each ranked person holds their own
    missing: list[tuple[Entry, list[str]]]  # 待补录, with the names of the missing components


def order_group(scheme: Scheme, candidates: Sequence[Entry]) -> Order:
    """Runs inside the exact decimal context; raises ValueError for a score out of range, as total_of does."""
    if all(map(is_, map(_WEIGHED_FOR, candidates), repeat(scheme))):
        return _by_standing(scheme, candidates)
    return _by_scores(scheme, candidates)


def _by_standing(scheme: Scheme, candidates: Sequence[Entry]) -> Order:
    ranked = sorted(candidates, key=_STANDING, reverse=True)  # stable: equals keep the given order
    standings = list(map(_STANDING, ranked))
    n = len(standings) - standings.count(-1)  # the missing stand at -1, below every total: last
    missing = [(e, _missing_names(scheme, e)) for e in ranked[n:]]
    if missing:
        del ranked[n:], standings[n:]
    # (islice, not slices: no copy of ten thousand references)
    bounds = [0, *compress(range(1, n), map(ne, islice(standings, 1, None), standings)), n] if n else [0]
    return Order(ranked, bounds, None, missing)


def _by_scores(scheme: Scheme, candidates: Sequence[Entry]) -> Order:
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
    return Order(list(map(candidates.__getitem__, order)), bounds, tie_totals, missing)


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
