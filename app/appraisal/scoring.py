"""Numbers as the engine takes and prints them: a cell read as Excel shows it, 四舍五入, what is wrong with a
score, exact totals, and seats apportioned by largest remainder."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from app.appraisal.definitions import BONUS_KEY, Scheme

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
        raise ValueError(f"“{'是' if value else '否'}”不是分数，请填写数字")
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
    if not plain:
        raise ValueError("分数为空")
    if not _NUMBER.fullmatch(plain):  # no 85分, 85%, 1_000, NaN or Infinity: ask rather than guess
        raise ValueError(f"“{text.strip()}”不是数字，请只填写分数，如 85 或 85.5")
    return Decimal(plain)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """四舍五入 to `places` decimals: 79.995 → 80.00, 2.675 → 2.68, 2.665 → 2.67. round() will not do: on a
    float 2.675 is a hair below and gives 2.67; on a Decimal it rounds half to even, 2.665 → 2.66."""
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, _EXACT)


def _num(value: Decimal) -> str:
    """A threshold or share as a person writes it: 80, 0.5, never 8E+1 or 80.00."""
    return format(value.normalize(), "f")


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
