"""The grading engine (issue 8): schemes, exact totals, places, grades, 待定, 待补录 and overrides."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.appraisal.rules import (
    BUILTIN_SCHEMES,
    Ratio,
    ThresholdTop,
    excel_number,
    round_half_up,
    total_of,
)

D = Decimal
WEIGHTED = BUILTIN_SCHEMES["weighted-top20"]
RATIO = BUILTIN_SCHEMES["ratio-154"]
THREE_X = BUILTIN_SCHEMES["3x"]


# --- the built-in schemes -----------------------------------------------------------------------------------------


def test_the_three_built_in_schemes_as_issue_8_defines_them():
    assert list(BUILTIN_SCHEMES) == ["weighted-top20", "ratio-154", "3x"]
    assert [(c.name, c.weight) for c in WEIGHTED.components] == [
        ("工作考核", D("0.5")),
        ("业务测试", D("0.2")),
        ("满意度测评", D("0.3")),
    ]
    assert WEIGHTED.rule == ThresholdTop(D(80), D("0.2"), D(60))
    assert WEIGHTED.tie_breakers == ("work", "test") and WEIGHTED.remedial_below == 80
    assert WEIGHTED.bonus_cap is None
    assert [(c.name, c.weight) for c in RATIO.components] == [
        ("周汇报", D("0.2")),
        ("季度考核", D("0.5")),
        ("年度述职", D("0.3")),
    ]
    assert RATIO.rule == Ratio((1, 5, 4)) and RATIO.tie_breakers == ("quarterly", "annual")
    assert RATIO.remedial_below is None
    assert [(c.name, c.weight) for c in THREE_X.components] == [
        ("满意度", D("0.3")),
        ("能力测试", D("0.3")),
        ("工作实绩", D("0.4")),
    ]
    assert THREE_X.rule == ThresholdTop(D(85), D("0.2"), D(60)) and THREE_X.bonus_cap == 10
    assert THREE_X.bonus_name == "专项工作加分"


@pytest.mark.parametrize("scheme", BUILTIN_SCHEMES.values(), ids=BUILTIN_SCHEMES)
def test_built_in_weights_add_up_to_exactly_one_and_tie_breakers_are_components(scheme):
    assert sum(c.weight for c in scheme.components) == 1
    keys = [c.key for c in scheme.components]
    assert len(set(keys)) == len(keys) and all(k.isascii() for k in keys)
    assert set(scheme.tie_breakers) <= set(keys)
    assert all(c.max_score == 100 for c in scheme.components)
    assert scheme.roles == ()


# --- totals -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (D("79.995"), D("80.00")),
        (D("0.005"), D("0.01")),
        (
            D("2.675"),
            D("2.68"),
        ),  # round(2.675, 2) is 2.67 (a float below 2.675); half-even would give 2.68 by luck
        (D("2.665"), D("2.67")),  # half-even would give 2.66
        (D("0.125"), D("0.13")),  # half-even: 0.12
        (D("79.994999"), D("79.99")),
        (D("100"), D("100.00")),
    ],
)
def test_round_half_up(value, rounded):
    result = round_half_up(value)
    assert result == rounded and str(result) == str(rounded)


def test_weighted_total_is_exact_and_half_up():
    # 0.5 × 79.99 + 0.2 × 80 + 0.3 × 80 = 39.995 + 16 + 24 = 79.995 → 80.00
    scores = {"work": D("79.99"), "test": D(80), "satisfaction": D(80)}
    assert total_of(WEIGHTED, scores, None) == D("80.00")
    assert str(total_of(WEIGHTED, scores, None)) == "80.00"


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (79.98999999999999, D("79.99")),  # formula noise: Excel shows (and is) 79.99
        (0.1 + 0.2, D("0.3")),
        (85, D(85)),
        (D("85.5"), D("85.5")),
        ("85.5", D("85.5")),
        ("８５", D(85)),
        ("８５．５", D("85.5")),
        (" 90 ", D(90)),
    ],
)
def test_excel_number_reads_a_cell_as_excel_shows_it(value, number):
    assert excel_number(value) == number
