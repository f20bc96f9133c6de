"""Quarterly → annual: the exact average of four quarterly totals, a missing quarter named and never averaged
over, and the annual total as a mix of that average and the 年述职, rounded half-up once."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.appraisal.annual import AnnualMix, annual_total, quarter_average
from app.appraisal.rules import Component, Scheme, ThresholdTop, total_of

HALF = AnnualMix(D("0.5"), D("0.5"))


def quarters(*values):
    return {q: (None if v is None else D(v)) for q, v in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("totals", "average"),
    [
        (quarters("80", "90", "85", "95"), "87.5"),
        (quarters("80.01", "80.02", "80.02", "80.02"), "80.0175"),  # exact: 4 decimals, never rounded here
        (quarters("0", "0", "0", "1"), "0.25"),
    ],
)
def test_the_average_of_four_quarters_is_exact(totals, average):
    result = quarter_average(totals)
    assert result.average == D(average) and result.missing == ()


@pytest.mark.parametrize(
    ("totals", "missing", "text"),
    [
        (quarters("80", None, "85", "95"), (2,), "缺第2季度"),
        (quarters(None, "90", "85", None), (1, 4), "缺第1、4季度"),
        ({1: D(90), 2: D(90), 3: D(90)}, (4,), "缺第4季度"),  # three quarters of 90 are not a year of 90
        ({}, (1, 2, 3, 4), "缺第1、2、3、4季度"),
    ],
)
def test_a_missing_quarter_is_named_and_not_averaged_over(totals, missing, text):
    result = quarter_average(totals)
    assert result.average is None and result.missing == missing and result.missing_text == text
    assert annual_total(totals, D(90), HALF) is None


@pytest.mark.parametrize(
    ("totals", "review", "mix", "expected"),
    [
        (quarters("80", "90", "85", "95"), "90", AnnualMix(D("0.6"), D("0.4")), "88.50"),  # 52.5 + 36
        (quarters("80.01", "80.02", "80.02", "80.02"), "80", HALF, "80.01"),  # 80.00875 → 80.01
        (quarters("80.01", "80", "80", "80"), "80", HALF, "80.00"),  # 80.00125 → 80.00
        (quarters("79.99", "80", "80", "80"), "80.01", HALF, "80.00"),  # 79.99875 + … = 80.00375 → 80.00
        (quarters("80.02", "80", "80", "80"), "80", HALF, "80.00"),  # 80.0025 → 80.00
        (quarters("80.02", "80.02", "80", "80"), "80", HALF, "80.01"),  # 80.005 → 80.01, half-up not to even
        (quarters("70", "70", "70", "70"), "100", AnnualMix(D(1), D(0)), "70.00"),
    ],
)
def test_the_annual_total_mixes_average_and_review_rounded_half_up_once(totals, review, mix, expected):
    assert str(annual_total(totals, D(review), mix)) == expected


def test_a_missing_review_leaves_the_year_open():
    assert annual_total(quarters("80", "80", "80", "80"), None, HALF) is None


@pytest.mark.parametrize(
    ("mix", "message"),
    [
        (AnnualMix(D("0.6"), D("0.3")), "比重之和应为 100%，现在是 90%"),
        (AnnualMix(D("1.2"), D("-0.2")), "都应在 0% 到 100% 之间"),
    ],
)
def test_a_mix_that_is_not_100_percent_is_refused(mix, message):
    assert message in mix.problem()
    with pytest.raises(ValueError, match=message.split("，")[0]):
        annual_total(quarters("80", "80", "80", "80"), D(80), mix)


scores = st.decimals(min_value=0, max_value=100, places=2)


@given(st.tuples(scores, scores, scores, scores), scores, st.integers(0, 100))
def test_the_mix_equals_the_engines_total_of_a_two_part_scheme(four, review, percent):
    """An annual scheme of 季度平均 and 年述职 weighted as the mix totals exactly as annual_total does, so the
    average written into such a scheme prints the same annual total."""
    mix = AnnualMix(D(percent) / 100, 1 - D(percent) / 100)
    totals = dict(zip((1, 2, 3, 4), four, strict=True))
    components = tuple(
        c
        for c in (Component("avg", "季度平均", mix.quarters), Component("review", "年度述职", mix.review))
        if c.weight
    )
    scheme = Scheme("y", "年度", "年度", components, ThresholdTop(D(80), D("0.2"), D(60)))
    average = quarter_average(totals).average
    entered = {"avg": average, "review": review}
    assert total_of(scheme, {c.key: entered[c.key] for c in components}, None) == annual_total(
        totals, review, mix
    )
