"""Numbers as the engine takes and prints them: a cell read as Excel shows it, 四舍五入, what is wrong with a
score, exact totals, and seats apportioned by largest remainder."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache
from itertools import repeat
from operator import add, floordiv

from app.appraisal.definitions import BONUS_KEY, Entry, Scheme
from app.exchange.cell_styles import ShownAsPercent

_CENT = Decimal("0.01")
_ZERO = Decimal(0)
# Sums of weight × score are exact at this precision for any score of Excel's 15 digits and any sane weight;
# only the final quantize rounds.
_EXACT = Context(prec=60, rounding=ROUND_HALF_UP)
_EXCEL = Context(prec=15, rounding=ROUND_HALF_UP)  # what Excel keeps and shows of a number

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def excel_number(value: object) -> Decimal:
    """A cell as Excel shows it, as a Decimal: 15 significant digits, so 79.98999999999999 is 79.99.

    Accepts int, float, Decimal and text ("85.5", full-width "８５", " 85 "); refuses bool, NaN, infinity,
    blank and anything else with a ValueError in Chinese."""
    if isinstance(value, bool):  # before int: True is an int, but a tick box is not a score
        raise ValueError(f"“{'TRUE' if value else 'FALSE'}”是逻辑值，不是分数，请填写数字")
    if isinstance(value, ShownAsPercent):  # 0.9 the clerk sees as 90%: neither 0.9 points nor, surely, 90
        raise ValueError(
            f"单元格显示为“{value.shown}”（百分比格式），不是分数，请把该格设为常规格式后填写分数"
        )
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("分数不是有效的数字（无穷大或非数）")
        # Excel shows the binary value correctly rounded to 15 digits, as cells.py reads it; rounding repr()'s
        # 17 digits again would round twice.
        number = Decimal(f"{value:.15g}")
    elif isinstance(value, str):
        number = _text_number(value)
    elif value is None:
        raise ValueError("分数为空")
    else:
        raise ValueError(f"“{value}”不是分数，请填写数字")
    if not number.is_finite():
        raise ValueError("分数不是有效的数字（无穷大或非数）")
    # 15 digits, half-up; then one spelling per value (85.50 and 85.5 are one score; never 1E+2 or -0), so
    # what the store writes back is what the clerk typed.
    number = _EXCEL.plus(number).normalize(_EXACT)
    if number.as_tuple().exponent > 0 and number.adjusted() < 28:  # Excel too writes 1E+30 with an exponent
        number = number.quantize(Decimal(1), context=_EXACT)
    return number


def _text_number(text: str) -> Decimal:
    # NFKC: full-width digits, point and sign (８５．５) are what a Chinese IME types.
    plain = unicodedata.normalize("NFKC", text).strip()
    # What Excel shows of a CSV's '85 (kept as text) and =85 (worked out): 85, as the roster import reads '…
    if plain[:1] in "'‘’`" or (plain[:1] == "=" and _NUMBER.fullmatch(plain[1:].strip())):
        plain = plain[1:].strip()
    if not plain:
        raise ValueError("分数为空")
    if not _NUMBER.fullmatch(plain):  # no 85分, 85%, 1_000, NaN or Infinity: ask rather than guess
        raise ValueError(f"“{text.strip()}”不是数字，请只填写分数，如 85 或 85.5")
    return Decimal(plain)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """四舍五入 to `places` decimals: 79.995 → 80.00, 2.675 → 2.68, 2.665 → 2.67. round() will not do: on a
    float 2.675 is a hair below and gives 2.67; on a Decimal it rounds half to even, 2.665 → 2.66."""
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, _EXACT)


@lru_cache(maxsize=1024)  # thresholds and shares, written again for every place of a ranking
def _num(value: Decimal) -> str:
    """A threshold or share as a person writes it: 80, 0.5, never 8E+1 or 80.00."""
    return format(value.normalize(_EXACT), "f")  # the same text whatever the caller's context


def score_problem(scheme: Scheme, key: str, value: Decimal) -> str | None:
    """What is wrong with a score for component `key` (or BONUS_KEY / the bonus name for X), in Chinese."""
    if key == BONUS_KEY or (scheme.bonus_cap is not None and key == scheme.bonus_name):
        if scheme.bonus_cap is None:
            return f"方案“{scheme.name}”没有{scheme.bonus_name}"
        name, top = scheme.bonus_name, scheme.bonus_cap
    else:
        component = next((c for c in scheme.components if c.key == key or c.name == key), None)
        if component is None:
            return f"方案“{scheme.name}”没有“{key}”这一项"
        name, top = f"{component.name}的分数", component.max_score
    if not isinstance(value, Decimal):
        try:
            value = excel_number(value)
        except ValueError as exc:
            return f"{name}：{exc}"
    if not value.is_finite():
        return f"{name}不是有效的数字"
    if not 0 <= value <= top:
        shown = format(value, "f") if value.adjusted() < 16 else str(value)  # not 400 zeros for 1E+400
        return f"{name}应在 0 到 {_num(top)} 之间，输入的是 {shown}"
    return None


def _score(value: object) -> Decimal:
    return value if type(value) is Decimal else excel_number(value)


def total_of(scheme: Scheme, scores: Mapping[str, Decimal | None], bonus: Decimal | None) -> Decimal | None:
    """Σ weight × score (+ X), exact, rounded half-up to 2 decimals; None when a component is missing.

    Raises ValueError (in Chinese) for a score outside 0–max or an X above the cap: such a number must have
    been refused where it was typed, and printing a total made from it would be worse than stopping."""
    with localcontext(_EXACT):
        return _total(scheme, scores, bonus)


def _total(scheme: Scheme, scores: Mapping[str, Decimal | None], bonus: Decimal | None) -> Decimal | None:
    """total_of inside the exact context (rank_group enters it once for everyone)."""
    total = _ZERO
    for component in scheme.components:
        score = scores.get(component.key)
        if type(score) is not Decimal:  # the usual case skips a call: this runs for everyone in a ranking
            if score is None:
                return None
            score = excel_number(score)
        if not _ZERO <= score <= component.max_score:
            raise ValueError(score_problem(scheme, component.key, score))
        total += component.weight * score
    if bonus is not None:
        total += _bonus(scheme, _score(bonus))
    return total.quantize(_CENT, ROUND_HALF_UP)


# The totals of a ranking are summed as integers in units of 1E-6: exact for every weight × score with at most
# 6 decimals (a weight of 4 decimals, 33.33%, times a score of 2), small enough to stay machine-sized, and ints
# add, divide and compare several times faster than Decimals. A part with more decimals (a score of Excel's 15
# digits), or a negative total, takes the Decimal path above, entry by entry.
_SCALE = 6
_CENT_UNITS = 10 ** (_SCALE - 2)
_HALF_CENT = _CENT_UNITS // 2
_NONE = type(None)
_PLAIN = {Decimal, _NONE}


class _Inexact(Exception):
    """A weight × score that does not fit the integer scale: this entry is totalled as Decimals."""


class Totals:
    """Totals of many entries under one scheme, the same as `total_of` gives, as cents (int) for ordering and
    as the Decimal printed. Each distinct score of a component is weighted once: a ranking of 10,000 people
    holds a few hundred distinct scores per component. Use inside the exact context (as rank_group does)."""

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        self._parts = [(c.key, c.weight, c.max_score, {}) for c in scheme.components]
        self._bonus_parts: dict[Decimal, int] = {}
        self._printed: dict[int, Decimal] = {}

    def cents(self, scores: Mapping[str, Decimal | None], bonus: Decimal | None) -> int | Decimal | None:
        """The total in cents, rounded half-up; None when a component is missing; a Decimal number of cents
        when the total must be made as Decimals (see `printed`). Raises ValueError as total_of does."""
        units = 0
        for key, weight, top, parts in self._parts:
            score = scores.get(key)
            if type(score) is not Decimal:
                if score is None:
                    return None
                score = excel_number(score)
            part = parts.get(score)
            if part is None:
                if not _ZERO <= score <= top:
                    raise ValueError(score_problem(self.scheme, key, score))
                try:
                    part = parts[score] = _units(weight * score)
                except _Inexact:
                    return _key(_total(self.scheme, scores, bonus))
            units += part
        if bonus is not None:
            part = self._bonus_parts.get(bonus) if type(bonus) is Decimal else None
            if part is None:
                try:
                    part = _units(_bonus(self.scheme, _score(bonus)))
                except _Inexact:
                    return _key(_total(self.scheme, scores, bonus))
                if type(bonus) is Decimal:
                    self._bonus_parts[bonus] = part
            units += part
        if (
            units < 0
        ):  # only a scheme with a negative weight: -0.00 and rounding away from zero, as Decimals do
            return _key(_total(self.scheme, scores, bonus))
        whole, rest = divmod(units, _CENT_UNITS)
        return whole + 1 if rest + rest >= _CENT_UNITS else whole

    def keys(self, entries: Sequence[Entry]) -> list[int | None] | None:
        """Every entry's `cents` at once (None: a component missing), worked column by column with C-level
        maps: a few times faster than entry by entry. None when some entry needs the one-at-a-time path — a
        score not yet weighed that is no Decimal, out of range or too fine, a bonus likewise, a negative
        total — so that the caller's `cents` for each entry raises the same error at the same entry as total_of
        would, or gives its exact total."""
        dicts = [entry.scores for entry in entries]
        # dict.get called from C: several times faster than a comprehension; other mappings are asked as such
        get = dict.get if set(map(type, dicts)) <= {dict} else _mapping_get
        units: list[int] | None = None
        missing: set[int] = set()
        for key, weight, top, parts in self._parts:
            column = list(map(get, dicts, repeat(key)))
            types = set(map(type, column))
            if not types <= _PLAIN:  # True would find 1's part: excel_number refuses it
                return None
            found = list(map(parts.get, column))
            if None in found:  # ints and None: compared at C speed (a Decimal == None asks numbers.Rational)
                found = _weigh(found, column, parts, weight, top, missing, _NONE in types)
                if found is None:
                    return None
            units = found if units is None else list(map(add, units, found))
        if units is None:
            return None
        bonuses = [entry.bonus for entry in entries]
        types = set(map(type, bonuses))
        if types != {_NONE}:
            if not types <= _PLAIN:
                return None
            found = [0 if b is None else self._bonus_parts.get(b) for b in bonuses]
            if None in found and not self._weigh_bonuses(found, bonuses):
                return None
            units = list(map(add, units, found))
        if min(units, default=0) < 0:
            return None
        keys: list[int | None] = list(map(floordiv, map(add, units, repeat(_HALF_CENT)), repeat(_CENT_UNITS)))
        for index in missing:
            keys[index] = None
        return keys

    def _weigh_bonuses(self, found: list[int | None], bonuses: list[Decimal | None]) -> bool:
        for index in [i for i, part in enumerate(found) if part is None]:
            bonus = bonuses[index]
            part = self._bonus_parts.get(bonus)
            if part is None:
                if type(bonus) is not Decimal:
                    return False
                try:
                    part = self._bonus_parts[bonus] = _units(_bonus(self.scheme, bonus))
                except (ValueError, _Inexact):
                    return False
            found[index] = part
        return True

    def printed(self, cents: int | Decimal) -> Decimal:
        """The total as total_of gives it (85.20, two decimals) for what `cents` returned."""
        if type(cents) is not int:
            return cents.scaleb(-2, _EXACT)  # a total made as Decimals, kept whole (-0.00 too)
        total = self._printed.get(cents)
        if total is None:
            total = self._printed[cents] = Decimal(cents).scaleb(-2, _EXACT)
        return total


def _mapping_get(scores: Mapping[str, Decimal | None], key: str) -> Decimal | None:
    return scores.get(key)


def _weigh(
    found: list[int | None],
    column: list,
    parts: dict[Decimal, int],
    weight: Decimal,
    top: Decimal,
    missing: set[int],
    blanks: bool,
) -> list[int] | None:
    """`found` with the parts it lacked: each distinct new score weighed once, a missing score counted 0 and
    its entry noted in `missing` (`blanks`: the column has one). None when a score needs the one-at-a-time
    path."""
    for score in set(column) - parts.keys():
        if score is None:
            continue
        if type(score) is not Decimal or not _ZERO <= score <= top:
            return None
        try:
            parts[score] = _units(weight * score)
        except _Inexact:
            return None
    if blanks:
        missing.update(i for i, score in enumerate(column) if score is None)
        return [0 if score is None else parts[score] for score in column]
    return list(map(parts.__getitem__, column))


def _key(total: Decimal | None) -> Decimal | None:
    """A total made as Decimals, in cents as `cents` gives them (85.20 → 8520, its digits and sign kept, so
    that `printed` gives back the very total)."""
    return None if total is None else total.scaleb(2, _EXACT)


def _units(value: Decimal) -> int:
    """`value` as an integer number of 1E-30, exactly, or _Inexact."""
    scaled = value.scaleb(_SCALE, _EXACT)
    if scaled.as_tuple().exponent < 0 and scaled != scaled.to_integral_value():
        raise _Inexact
    return int(scaled)


def _bonus(scheme: Scheme, bonus: Decimal) -> Decimal:
    if scheme.bonus_cap is None:
        if bonus == 0:  # a blank X column read as 0 under a scheme without X changes nothing
            return bonus
        raise ValueError(f"方案“{scheme.name}”没有{scheme.bonus_name}")
    problem = score_problem(scheme, BONUS_KEY, bonus)
    if problem:
        raise ValueError(problem)
    return bonus


def apportion(n: int, shares: tuple[int, ...]) -> tuple[int, ...]:
    """Seats for each share of n by the largest-remainder method; equal remainders go to the LOWER grade
    (the later share), so a tie never gives away a better grade.  (7, (1,5,4)) → (1, 3, 3)."""
    whole = sum(shares)
    if n < 0 or whole <= 0 or any(s < 0 for s in shares):
        raise ValueError("名额比例应为非负整数且不全为 0，人数不能为负")
    seats = [n * s // whole for s in shares]
    left = n - sum(seats)
    # Remainders compared as integers (n × s mod whole), exactly; ties broken towards the later (lower) grade.
    order = sorted(range(len(shares)), key=lambda i: (n * shares[i] % whole, i), reverse=True)
    for i in order[:left]:
        seats[i] += 1
    return tuple(seats)
