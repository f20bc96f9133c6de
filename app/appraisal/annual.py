"""Annual results from quarterly ones (年度由季度汇总): the average of a person's four quarterly totals, and the
annual total as a mix of that average and the annual review (年述职).

A missing quarter is named, never averaged over: three quarters of 90 are not a year of 90. The average of four
totals of 2 decimals is exact in 4 decimals, so it is kept exact and only the annual total is rounded, half-up
(四舍五入), to 2 decimals — one rounding, as in every total the engine prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext

from app.appraisal.scoring import _EXACT, round_half_up

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class QuarterAverage:
    average: Decimal | None  # exact; None while a quarter is missing
    missing: tuple[int, ...]  # the quarters without a total

    @property
    def missing_text(self) -> str:
        """缺第2、4季度 (or '')."""
        if not self.missing:
            return ""
        return f"缺第{'、'.join(str(q) for q in self.missing)}季度"


@dataclass(frozen=True)
class AnnualMix:
    """How the annual total is made: quarters × the average + review × the review (年述职); they add up to 1."""

    quarters: Decimal
    review: Decimal

    def problem(self) -> str | None:
        if not (0 <= self.quarters <= 1 and 0 <= self.review <= 1):
            return "季度平均和年述职的比重都应在 0% 到 100% 之间"
        if self.quarters + self.review != 1:
            total = format(((self.quarters + self.review) * 100).normalize(), "f")
            return f"季度平均和年述职的比重之和应为 100%，现在是 {total}%"
        return None


def quarter_average(totals: Mapping[int, Decimal | None]) -> QuarterAverage:
    """The exact average of the four quarterly totals; None (with the missing quarters) unless all four exist."""
    missing = tuple(q for q in QUARTERS if totals.get(q) is None)
    if missing:
        return QuarterAverage(None, missing)
    with localcontext(_EXACT):
        return QuarterAverage(sum((totals[q] for q in QUARTERS), Decimal(0)) / 4, ())  # type: ignore[misc]


def annual_total(
    totals: Mapping[int, Decimal | None], review: Decimal | None, mix: AnnualMix
) -> Decimal | None:
    """quarters × average + review × 年述职, rounded half-up to 2 decimals; None while a quarter or the review is
    missing. ValueError (Chinese) for a mix that does not add up to 100%."""
    problem = mix.problem()
    if problem:
        raise ValueError(problem)
    average = quarter_average(totals).average
    if average is None or review is None:
        return None
    with localcontext(_EXACT):
        return round_half_up(mix.quarters * average + mix.review * review)
