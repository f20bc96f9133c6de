"""Weighing: what each entry's scores give under a scheme, worked out once when the scores are read (a period
loaded, a cell typed), so that ranking a group orders people by what they already hold — the same totals that
`sorted` orders in the speed baseline.

An entry's standing is one number that orders exactly as (total, *tie-breaker scores) does: the total in
cents, then each tie-breaker's score in cents of a point, each field wide enough for the largest value it can
hold. Under a scheme whose largest standing fits a float's 53 bits exactly (two tie-breakers of 0–100: about
40 bits) it is a float, which Python sorts twice as fast as a long int; else an int. Scores given to more
than 2 decimals in a tie-breaker, or totals the integer path cannot make, leave the entries unweighed, and the
ranking takes its general path for their group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_CEILING, Decimal, localcontext
from itertools import repeat
from operator import add, mul

from app.appraisal.definitions import Entry, Scheme
from app.appraisal.scoring import _EXACT, Totals

_TIE_SCALE = 2  # decimals of a tie-breaker score kept in the standing
_FLOAT_EXACT = 2**53  # every int up to this is a float exactly
# The slots of the fields weighing sets: written through their descriptors, in C, ten thousand at a time
# (an Entry is frozen to everyone else, and these say only what its own scores give).
_SLOTS = (Entry.weighed_for, Entry.standing, Entry.total)


def weigh(scheme: Scheme, entries: Sequence[Entry]) -> None:
    """Give each entry its total and standing under `scheme`, all at once. Entries that cannot be weighed this
    way (see the module), or whose scores the ranking would refuse, are left unweighed and nothing is raised:
    the ranking then totals them from their scores and refuses what it refuses, where it always has."""
    if not entries:
        return
    try:
        with localcontext(_EXACT):
            weighed = _weighed(scheme, entries)
    except (ArithmeticError, KeyError, TypeError, ValueError):
        return
    if weighed is None:
        return
    standings, totals = weighed
    for slot, values in zip(_SLOTS, (repeat(scheme), standings, totals), strict=True):
        list(map(slot.__set__, entries, values))


def _weighed(scheme: Scheme, entries: Sequence[Entry]) -> tuple[list, list] | None:
    """(standing, printed total) of each entry, or None."""
    totals = Totals(scheme)
    cents = totals.keys(entries)
    if cents is None:
        return None
    standings = _with_tie_breakers(scheme, entries, cents)
    if standings is None:
        return None
    kind = float if _largest(scheme) <= _FLOAT_EXACT else int
    printed = {cent: totals.printed(cent) for cent in set(cents) - {None}}
    if None in printed.keys() | set(cents):  # those missing a component stand at -1, below every total: last
        printed[None] = None
        standings = [
            -1 if cent is None else standing for cent, standing in zip(cents, standings, strict=True)
        ]
    return list(map(kind, standings)), list(map(printed.__getitem__, cents))


def _largest(scheme: Scheme) -> int:
    """An upper bound of the scheme's standings: every positive part at its most, in cents rounded up, each
    tie-breaker's field at its widest below it."""
    with localcontext(_EXACT):
        top = sum(max(c.weight, 0) * c.max_score for c in scheme.components) + max(scheme.bonus_cap or 0, 0)
        largest = int(top.scaleb(2).to_integral_value(ROUND_CEILING)) + 1
        for width in map(_width, _breakers(scheme)):
            largest *= width
    return largest


def _breakers(scheme: Scheme) -> list[Decimal]:
    tops = {c.key: c.max_score for c in scheme.components}
    return [tops[key] for key in scheme.tie_breakers]


def _width(top: Decimal) -> int:
    return int(top.scaleb(_TIE_SCALE)) + 1


def _with_tie_breakers(scheme: Scheme, entries: Sequence[Entry], cents: list[int | None]) -> list[int] | None:
    """The cents with each tie-breaker's scaled score packed below them; None when a score does not fit."""
    standings = [0 if cent is None else cent for cent in cents] if None in set(cents) else cents
    dicts = [entry.scores for entry in entries]
    get = dict.get if set(map(type, dicts)) <= {dict} else _get  # called from C: several times faster
    for key, top in zip(scheme.tie_breakers, _breakers(scheme), strict=True):
        column = list(map(get, dicts, repeat(key)))
        scaled = _scaled(set(column))
        if scaled is None:
            return None
        standings = list(map(add, map(mul, standings, repeat(_width(top))), map(scaled.__getitem__, column)))
    return standings


def _get(scores: Mapping[str, Decimal | None], key: str) -> Decimal | None:
    return scores.get(key)


def _scaled(values: set) -> dict | None:
    """Each distinct score (in range: the totals checked it) as an int of hundredths; a missing one as 0, its
    entry never ranked. None when a score has more decimals."""
    found: dict = {None: 0}
    for value in values - {None}:
        units = value.scaleb(_TIE_SCALE)
        if units != units.to_integral_value():
            return None
        found[value] = int(units)
    return found
