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

from collections.abc import Sequence
from decimal import Decimal, localcontext
from itertools import repeat
from operator import add, mul

from app.appraisal.definitions import Entry, Scheme
from app.appraisal.scoring import _EXACT, Totals

_TIE_SCALE = 2  # decimals of a tie-breaker score kept in the standing
_FLOAT_EXACT = 2**53  # every int up to this is a float exactly


def weigh(scheme: Scheme, entries: Sequence[Entry]) -> None:
    """Give each entry its total and standing under `scheme`, all at once; entries that cannot be weighed
    exactly this way (see the module) are left as they were, and weighing never raises: a score out of range
    is refused by the ranking, where it would be refused anyway."""
    if not entries:
        return
    with localcontext(_EXACT):
        totals = Totals(scheme)
        cents = totals.keys(entries)
        if cents is None or not set(map(type, cents)) <= {int, type(None)}:
            return
        standings = _with_tie_breakers(scheme, entries, cents)
        if standings is None:
            return
        kind = float if _largest(scheme) < _FLOAT_EXACT else int
        missing = kind(-1)  # below every total, so those missing a component sort last
        printed = totals.printed
        for entry, cent, standing in zip(entries, cents, standings, strict=True):
            if cent is None:
                _set(entry, scheme, missing, None)
            else:
                _set(entry, scheme, kind(standing), printed(cent))


def _largest(scheme: Scheme) -> int:
    """An upper bound of the scheme's standings."""
    with localcontext(_EXACT):
        top = sum(c.weight * c.max_score for c in scheme.components) + (scheme.bonus_cap or 0)
        largest = int(top.scaleb(2)) + 1
        for width in map(_width, _breakers(scheme)):
            largest *= width
    return largest


def _breakers(scheme: Scheme) -> list[Decimal]:
    tops = {c.key: c.max_score for c in scheme.components}
    return [tops[key] for key in scheme.tie_breakers]


def _width(top: Decimal) -> int:
    return int(top.scaleb(_TIE_SCALE)) + 1


def _set(entry: Entry, scheme: Scheme, standing: int, total: Decimal | None) -> None:
    # Entries are frozen for everyone else; these three fields are what its own scores give, set once here.
    object.__setattr__(entry, "weighed_for", scheme)
    object.__setattr__(entry, "standing", standing)
    object.__setattr__(entry, "total", total)


def _with_tie_breakers(scheme: Scheme, entries: Sequence[Entry], cents: list[int | None]) -> list[int] | None:
    """The cents with each tie-breaker's scaled score packed below them; None when a score does not fit."""
    standings = [0 if cent is None else cent for cent in cents]
    for key, top in zip(scheme.tie_breakers, _breakers(scheme), strict=True):
        column = [entry.scores.get(key) for entry in entries]
        scaled = _scaled(set(column))
        if scaled is None:
            return None
        standings = list(map(add, map(mul, standings, repeat(_width(top))), map(scaled.__getitem__, column)))
    return standings


def _scaled(values: set) -> dict | None:
    """Each distinct score as an int of hundredths (a missing one as 0: its entry is never ranked)."""
    found: dict = {None: 0}
    for value in values - {None}:
        if type(value) is not Decimal or not value.is_finite() or value < 0:
            return None
        units = value.scaleb(_TIE_SCALE)
        if units != units.to_integral_value():
            return None
        found[value] = int(units)
    return found
