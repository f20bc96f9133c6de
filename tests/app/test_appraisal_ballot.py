"""满意度测评 from ballot counts: the average of 100 / 60 / 0 over every ballot, exact and rounded half-up; zero
ballots, negative or fractional counts and weights beyond the maximum refused with the reason in Chinese."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.appraisal.ballot import DEFAULT_WEIGHTS, BallotWeights, ballot_problem, ballot_score


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((30, 0, 0), "100.00"),
        ((0, 0, 12), "0.00"),
        ((0, 7, 0), "60.00"),
        ((2, 1, 0), "86.67"),  # 260 / 3 = 86.666…
        ((1, 2, 0), "73.33"),  # 220 / 3 = 73.333…
        ((20, 8, 2), "82.67"),  # 2480 / 30
        ((1, 0, 7), "12.50"),
        ((37, 29, 14), "68.00"),  # 5440 / 80
    ],
)
def test_the_score_is_the_average_over_every_ballot(counts, expected):
    assert ballot_score(counts) == D(expected)
    assert str(ballot_score(counts)) == expected


def test_half_a_cent_rounds_up_not_to_even():
    assert ballot_score((1, 1, 0), BallotWeights(D("80.01"), D("80"), D(0))) == D("80.01")  # 80.005 → 80.01
    assert ballot_score((1, 1, 0), BallotWeights(D("80.03"), D("80"), D(0))) == D("80.02")  # 80.015 → 80.02
    assert ballot_score((3, 1, 0), BallotWeights(D("90.01"), D("90"), D(0))) == D("90.01")  # 90.0075 → 90.01


def test_the_office_can_change_what_a_ballot_is_worth():
    weights = BallotWeights(D(100), D(80), D(20))
    assert ballot_score((5, 3, 2), weights) == D("78.00")  # (500 + 240 + 40) / 10


@pytest.mark.parametrize(
    ("counts", "weights", "top", "message"),
    [
        ((0, 0, 0), DEFAULT_WEIGHTS, D(100), "三种票数都是 0：没有有效票，不能计算满意度测评得分"),
        ((3, -1, 0), DEFAULT_WEIGHTS, D(100), "基本满意票数不能为负数，输入的是 -1"),
        ((3, 1.5, 0), DEFAULT_WEIGHTS, D(100), "基本满意票数应为整数，输入的是“1.5”"),
        ((True, 1, 0), DEFAULT_WEIGHTS, D(100), "满意票数应为整数"),
        ((3, 1, 0), BallotWeights(D(120)), D(100), "每张满意票的分值应在 0 到 100 之间，现在是 120"),
        ((3, 1, 0), BallotWeights(D(100), D(60), D(-5)), D(100), "每张不满意票的分值应在 0 到 100 之间"),
        ((3, 1, 0), DEFAULT_WEIGHTS, D(50), "每张满意票的分值应在 0 到 50 之间，现在是 100"),
    ],
)
def test_ballots_that_cannot_give_a_score_are_refused_with_the_reason(counts, weights, top, message):
    assert message in ballot_problem(counts, weights, top)
    with pytest.raises(ValueError, match=message.split("：")[0]):
        ballot_score(counts, weights, top)


@given(st.tuples(*[st.integers(0, 5000)] * 3).filter(any))
def test_the_score_lies_between_the_lowest_and_highest_weight_and_has_two_decimals(counts):
    score = ballot_score(counts)
    assert D(0) <= score <= D(100)
    assert score.as_tuple().exponent == -2
    exact = D(counts[0] * 100 + counts[1] * 60) / D(sum(counts))
    assert abs(score - exact) <= D("0.005")
