"""满意度测评 from its ballots: each 满意 ballot is worth 100 points, 基本满意 60 and 不满意 0 (the office may change
the three), and the score is their average over every ballot cast, rounded half-up to 2 decimals.

Pure and exact (Decimal): 2 满意 and 1 基本满意 give 86.67, never 86.66666666666667.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from app.appraisal.scoring import _EXACT, round_half_up

LABELS = ("满意", "基本满意", "不满意")


@dataclass(frozen=True)
class BallotWeights:
    """Points one ballot of each kind is worth."""

    satisfied: Decimal = Decimal(100)
    basic: Decimal = Decimal(60)
    unsatisfied: Decimal = Decimal(0)

    def values(self) -> tuple[Decimal, Decimal, Decimal]:
        return self.satisfied, self.basic, self.unsatisfied


DEFAULT_WEIGHTS = BallotWeights()


def ballot_problem(
    counts: tuple[int, int, int], weights: BallotWeights, top: Decimal = Decimal(100)
) -> str | None:
    """What keeps these ballots from giving a score, in Chinese; None when they can."""
    for label, count in zip(LABELS, counts, strict=True):
        if isinstance(count, bool) or not isinstance(count, int):
            return f"{label}票数应为整数，输入的是“{count}”"
        if count < 0:
            return f"{label}票数不能为负数，输入的是 {count}"
    for label, weight in zip(LABELS, weights.values(), strict=True):
        if not weight.is_finite() or not 0 <= weight <= top:
            return f"每张{label}票的分值应在 0 到 {format(top.normalize(), 'f')} 之间，现在是 {weight}"
    if sum(counts) == 0:
        return "三种票数都是 0：没有有效票，不能计算满意度测评得分。请填写实际收回的票数"
    return None


def ballot_score(
    counts: tuple[int, int, int], weights: BallotWeights = DEFAULT_WEIGHTS, top: Decimal = Decimal(100)
) -> Decimal:
    """Σ count × weight ÷ Σ count, rounded half-up to 2 decimals. ValueError (Chinese) for zero ballots, a
    negative or fractional count, or a weight outside 0–`top` (the component's maximum)."""
    problem = ballot_problem(counts, weights, top)
    if problem:
        raise ValueError(problem)
    with localcontext(_EXACT):  # 60 digits: a quotient never lands on a false …5 before the one rounding
        points = sum(
            (count * weight for count, weight in zip(counts, weights.values(), strict=True)), Decimal(0)
        )
        return round_half_up(points / sum(counts))
