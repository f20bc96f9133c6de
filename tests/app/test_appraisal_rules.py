"""The grading engine (issue 8): schemes, exact totals, places, grades, 待定, 待补录 and overrides.

Most grading cases use one-component schemes (weight 1, so a score is its own total) to say the totals
plainly; the built-in schemes are tested with their real weights and tie-breakers as well.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import replace
from decimal import Decimal

import pytest

from app.appraisal.rules import (
    BONUS_KEY,
    BUILTIN_SCHEMES,
    EXEMPT,
    MISSING,
    OVER_QUOTA,
    OVERRIDDEN,
    PENDING,
    REMEDIAL,
    Component,
    Entry,
    Override,
    Ratio,
    Result,
    Scheme,
    ThresholdTop,
    apportion,
    excel_number,
    override_problem,
    rank_group,
    round_half_up,
    score_problem,
    total_of,
)

D = Decimal
WEIGHTED = BUILTIN_SCHEMES["weighted-top20"]
RATIO = BUILTIN_SCHEMES["ratio-154"]
THREE_X = BUILTIN_SCHEMES["3x"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# One component of weight 1: the score is the total. Same rule as weighted-top20 (80 / 20% / 60, 补课 below 80).
TOP = Scheme(
    key="top", name="单项", period_type="年度",
    components=(Component("s", "得分", D(1)),),
    rule=ThresholdTop(D(80), D("0.2"), D(60)), remedial_below=D(80),
)  # fmt: skip
ONE_FIVE_FOUR = Scheme(
    key="154", name="单项 1:5:4", period_type="年度",
    components=(Component("s", "得分", D(1)),), rule=Ratio((1, 5, 4)),
)  # fmt: skip


def people(*totals: str | None) -> list[Entry]:
    """Entries for a one-component scheme, person_id 1, 2, 3 … in the order given; None: not yet scored."""
    return [Entry(i, {"s": None if t is None else D(t)}) for i, t in enumerate(totals, 1)]


def by_id(results: list[Result]) -> dict[int, Result]:
    return {r.person_id: r for r in results}


def grades(results: list[Result]) -> list[str | None]:
    return [r.grade for r in results]


def with_override(
    entries: list[Entry], person_id: int, grade: str, reason: str = "组织研究决定"
) -> list[Entry]:
    return [
        Entry(e.person_id, e.scores, e.bonus, Override(grade, reason)) if e.person_id == person_id else e
        for e in entries
    ]


# --- the built-in schemes -----------------------------------------------------------------------------------------


def test_the_three_built_in_schemes_as_issue_8_defines_them():
    assert list(BUILTIN_SCHEMES) == ["weighted-top20", "ratio-154", "3x"]
    assert WEIGHTED.name == "加权评价·双达标"
    assert [(c.key, c.name, c.weight) for c in WEIGHTED.components] == [
        ("work", "工作考核", D("0.5")),
        ("test", "业务测试", D("0.2")),
        ("satisfaction", "满意度测评", D("0.3")),
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
    assert RATIO.remedial_below is None and RATIO.bonus_cap is None
    assert [(c.name, c.weight) for c in THREE_X.components] == [
        ("满意度", D("0.3")),
        ("能力测试", D("0.3")),
        ("工作实绩", D("0.4")),
    ]
    assert THREE_X.rule == ThresholdTop(D(85), D("0.2"), D(60)) and THREE_X.bonus_cap == 10
    assert THREE_X.bonus_name == "专项工作加分" and THREE_X.tie_breakers == ()


@pytest.mark.parametrize("scheme", BUILTIN_SCHEMES.values(), ids=list(BUILTIN_SCHEMES))
def test_built_in_weights_add_up_to_exactly_one_and_tie_breakers_are_components(scheme):
    assert sum(c.weight for c in scheme.components) == 1
    keys = [c.key for c in scheme.components]
    assert len(set(keys)) == len(keys) and all(k.isascii() for k in keys)
    assert set(scheme.tie_breakers) <= set(keys)
    assert all(c.max_score == 100 for c in scheme.components)
    assert scheme.roles == () and scheme.period_type in ("季度", "年度")
    assert BUILTIN_SCHEMES[scheme.key] is scheme


# --- reading numbers as Excel shows them --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"),
    [
        # A formula's float noise: the cell holds 79.99000000000001 and shows 79.99.
        (100 * 0.7999, D("79.99")),
        (math.nextafter(79.99, 0), D("79.99")),  # 79.98999999999998
        (0.1 + 0.2, D("0.3")),
        (1 / 3, D("0.333333333333333")),  # 15 significant digits, no more
        (D("79.98999999999999"), D("79.99")),  # 16 digits typed or stored as text: 15 are kept, half-up
        (85, D(85)),
        (85.5, D("85.5")),
        (1e2, D(100)),
        (D("85.5"), D("85.5")),
        ("85.5", D("85.5")),
        ("８５", D(85)),  # full-width digits, as a Chinese IME types them
        ("８５．５", D("85.5")),
        (" 90 ", D(90)),
        ("+90", D(90)),
        ("8.5E1", D(85)),
        ("-0", D(0)),
        (-0.0, D(0)),
        # A CSV's '85 (Excel's mark that keeps it text) and =85 (a formula Excel works out) show 85.
        ("'85", D(85)),
        ("‘85", D(85)),
        ("=85", D(85)),
        ("= 85.5", D("85.5")),
    ],
)
def test_excel_number_reads_a_cell_as_excel_shows_it(value, number):
    read = excel_number(value)
    assert type(read) is Decimal and read == number
    assert str(read) == str(number)  # one spelling: never 1E+2, -0 or 79.9900000000000


@pytest.mark.parametrize(
    "value",
    [True, False, math.nan, math.inf, -math.inf, D("NaN"), D("Infinity"), D("sNaN"), None, "", "   ", "85分",
     "85%", "abc", "1_000", "NaN", "inf", "Infinity", "8 5", [85], dt.date(2024, 1, 1), "=A1", "=8+5", "'abc",
     "'", "="],
)  # fmt: skip
def test_excel_number_refuses_what_is_not_a_score_in_chinese(value):
    with pytest.raises(ValueError, match=CHINESE):
        excel_number(value)


def test_a_tick_box_is_refused_as_the_clerk_sees_it():
    with pytest.raises(ValueError, match="“TRUE”是逻辑值，不是分数"):
        excel_number(True)


@pytest.mark.parametrize(
    "value", ["1e400", "9" * 100, 10**400, -(10**40)], ids=["1e400", "9×100", "10**400", "-10**40"]
)
def test_excel_number_reads_absurd_sizes_without_crashing_and_score_problem_refuses_them(value):
    number = excel_number(value)
    assert len(number.normalize().as_tuple().digits) <= 15
    assert "应在 0 到 100 之间" in score_problem(WEIGHTED, "work", number)


# --- rounding and totals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "rounded"),
    [
        (D("79.995"), 2, "80.00"),
        (D("0.005"), 2, "0.01"),
        (D("2.675"), 2, "2.68"),  # round(2.675, 2) == 2.67: the float is below 2.675
        (D("2.665"), 2, "2.67"),  # banker's rounding would give 2.66
        (D("0.125"), 2, "0.13"),  # banker's: 0.12
        (D("79.994999"), 2, "79.99"),
        (D("100"), 2, "100.00"),
        (D("-2.675"), 2, "-2.68"),  # away from zero, as Excel's ROUND does
        (D("2.5"), 0, "3"),
        (D("0.05"), 1, "0.1"),
    ],
)
def test_round_half_up(value, places, rounded):
    assert str(round_half_up(value, places)) == rounded


@pytest.mark.parametrize(
    ("scheme", "scores", "bonus", "total"),
    [
        # 0.5 × 79.99 + 0.2 × 80 + 0.3 × 80 = 39.995 + 16 + 24 = 79.995 → 80.00 (not 79.99, not 80.0)
        (WEIGHTED, {"work": D("79.99"), "test": D(80), "satisfaction": D(80)}, None, "80.00"),
        # 42.5 + 18 + 24.399 = 84.899 → 84.90
        (WEIGHTED, {"work": D(85), "test": D(90), "satisfaction": D("81.33")}, None, "84.90"),
        # float noise is read as Excel shows it before any arithmetic: 79.99000000000001 is 79.99
        (WEIGHTED, {"work": 100 * 0.7999, "test": D(80), "satisfaction": D(80)}, None, "80.00"),
        (WEIGHTED, {"work": D(100), "test": D(100), "satisfaction": D(100)}, None, "100.00"),
        (WEIGHTED, {"work": D(0), "test": D(0), "satisfaction": D(0)}, None, "0.00"),
        # 0.2 × 0.025 = 0.005 → 0.01
        (RATIO, {"weekly": D("0.025"), "quarterly": D(0), "annual": D(0)}, None, "0.01"),
        # 3x: 0.3 × 80 + 0.3 × 80 + 0.4 × 80 + X
        (THREE_X, {"satisfaction": D(80), "ability": D(80), "performance": D(80)}, D(10), "90.00"),
        (THREE_X, {"satisfaction": D(80), "ability": D(80), "performance": D(80)}, D("2.5"), "82.50"),
        (THREE_X, {"satisfaction": D(80), "ability": D(80), "performance": D(80)}, None, "80.00"),
        (THREE_X, {"satisfaction": D(100), "ability": D(100), "performance": D(100)}, D(10), "110.00"),
    ],
)
def test_total_is_the_weighted_sum_plus_x_exact_and_half_up(scheme, scores, bonus, total):
    assert str(total_of(scheme, scores, bonus)) == total


@pytest.mark.parametrize(
    "scores",
    [
        {"work": D(80), "test": D(80)},
        {"work": D(80), "test": D(80), "satisfaction": None},
        {},
    ],
)
def test_a_missing_component_leaves_no_total(scores):
    assert total_of(WEIGHTED, scores, None) is None


@pytest.mark.parametrize(
    ("scheme", "scores", "bonus", "message"),
    [
        (WEIGHTED, {"work": D(120), "test": D(80), "satisfaction": D(80)}, None, "工作考核的分数应在 0 到 100 之间，输入的是 120"),
        (WEIGHTED, {"work": D(80), "test": D(-1), "satisfaction": D(80)}, None, "业务测试的分数应在 0 到 100 之间，输入的是 -1"),
        (THREE_X, {"satisfaction": D(80), "ability": D(80), "performance": D(80)}, D("10.5"), "专项工作加分应在 0 到 10 之间，输入的是 10.5"),
        (WEIGHTED, {"work": D(80), "test": D(80), "satisfaction": D(80)}, D(5), "没有专项工作加分"),
    ],
)  # fmt: skip
def test_a_total_is_never_made_from_a_number_that_should_have_been_refused(scheme, scores, bonus, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        total_of(scheme, scores, bonus)


def test_an_x_of_zero_under_a_scheme_without_x_changes_nothing():
    assert total_of(WEIGHTED, {"work": D(80), "test": D(80), "satisfaction": D(80)}, D(0)) == 80


@pytest.mark.parametrize(
    ("scheme", "key", "value", "problem"),
    [
        (WEIGHTED, "work", D(100), None),
        (WEIGHTED, "work", D(0), None),
        (WEIGHTED, "work", D("99.99"), None),
        (WEIGHTED, "work", D(120), "工作考核的分数应在 0 到 100 之间，输入的是 120"),
        # by its printed name
        (WEIGHTED, "工作考核", D("100.5"), "工作考核的分数应在 0 到 100 之间，输入的是 100.5"),
        (WEIGHTED, "satisfaction", D(-3), "满意度测评的分数应在 0 到 100 之间，输入的是 -3"),
        (WEIGHTED, "work", D("NaN"), "工作考核的分数不是有效的数字"),
        (WEIGHTED, "bogus", D(1), "方案“加权评价·双达标”没有“bogus”这一项"),
        (WEIGHTED, BONUS_KEY, D(1), "方案“加权评价·双达标”没有专项工作加分"),
        (THREE_X, BONUS_KEY, D(10), None),  # the cap itself is allowed
        (THREE_X, BONUS_KEY, D(0), None),
        (THREE_X, BONUS_KEY, D(12), "专项工作加分应在 0 到 10 之间，输入的是 12"),
        (THREE_X, "专项工作加分", D("10.01"), "专项工作加分应在 0 到 10 之间，输入的是 10.01"),
        (THREE_X, BONUS_KEY, D(-1), "专项工作加分应在 0 到 10 之间，输入的是 -1"),
    ],
)
def test_score_problem(scheme, key, value, problem):
    assert score_problem(scheme, key, value) == problem


# --- apportionment ------------------------------------------------------------------------------------------------

# Checked by hand: shares of n are n/10, 5n/10, 4n/10; floors; the seats left go to the largest fractional
# parts, and equal fractions to the lower grade.
APPORTIONMENT_154 = [
    (0, (0, 0, 0)),  # nobody, no seats
    (1, (0, 1, 0)),  # 0.1, 0.5, 0.4 → floors 0,0,0; 1 left → .5 称职
    (2, (0, 1, 1)),  # 0.2, 1.0, 0.8 → 0,1,0; 1 left → .8 一般
    (3, (0, 2, 1)),  # 0.3, 1.5, 1.2 → 0,1,1; 1 left → .5 称职
    (4, (0, 2, 2)),  # 0.4, 2.0, 1.6 → 0,2,1; 1 left → .6 一般
    (5, (0, 3, 2)),  # 0.5, 2.5, 2.0 → 0,2,2; 1 left; .5 优秀 = .5 称职 → the lower grade, 称职
    (6, (1, 3, 2)),  # 0.6, 3.0, 2.4 → 0,3,2; 1 left → .6 优秀
    (7, (1, 3, 3)),  # 0.7, 3.5, 2.8 → 0,3,2; 2 left → .8 一般, .7 优秀
    (8, (1, 4, 3)),  # 0.8, 4.0, 3.2 → 0,4,3; 1 left → .8 优秀
    (9, (1, 4, 4)),  # 0.9, 4.5, 3.6 → 0,4,3; 2 left → .9 优秀, .6 一般
    (10, (1, 5, 4)),  # exact
    (11, (1, 6, 4)),  # 1.1, 5.5, 4.4 → 1,5,4; 1 left → .5 称职
    (15, (1, 8, 6)),  # 1.5, 7.5, 6.0 → 1,7,6; 1 left; .5 = .5 → the lower grade, 称职
    (25, (2, 13, 10)),  # 2.5, 12.5, 10.0 → 2,12,10; 1 left; .5 = .5 → 称职
    (28, (3, 14, 11)),  # 2.8, 14.0, 11.2 → 2,14,11; 1 left → .8 优秀
]


@pytest.mark.parametrize(("n", "seats"), APPORTIONMENT_154)
def test_apportion_one_five_four_by_largest_remainder(n, seats):
    assert apportion(n, (1, 5, 4)) == seats
    assert sum(seats) == n


@pytest.mark.parametrize(
    ("n", "shares", "seats"),
    [
        (1, (1, 1), (0, 1)),  # 0.5 = 0.5: the lower grade
        (3, (1, 1, 1), (1, 1, 1)),
        (1, (1, 1, 1), (0, 0, 1)),  # a three-way tie: the lowest grade
        (2, (1, 1, 1), (0, 1, 1)),
        (5, (0, 1), (0, 5)),
    ],
)
def test_apportion_other_ratios(n, shares, seats):
    assert apportion(n, shares) == seats


@pytest.mark.parametrize(("n", "shares"), [(-1, (1, 5, 4)), (3, (0, 0, 0)), (3, (1, -1, 4))])
def test_apportion_refuses_nonsense(n, shares):
    with pytest.raises(ValueError, match=CHINESE):
        apportion(n, shares)


# --- ThresholdTop: 优秀 needs the total and a place in the top share --------------------------------------------


def test_the_issue_example_place_11_of_45_is_outside_the_top_20_percent():
    # n = 45 → floor(0.2 × 45) = 9 优秀 seats
    totals = [str(100 - i) for i in range(10)] + ["85.20"] + [str(80 - i) for i in range(34)]
    results = rank_group(TOP, people(*totals))
    assert len(results) == 45 and [r.place for r in results] == list(range(1, 46))
    assert results[0].reason == "总分 100.00 ≥ 80，名次 1，在前 20%（9 人）内 → 优秀"
    assert results[8].grade == "优秀" and results[9].grade == "称职"
    assert results[10].total == D("85.20")
    assert results[10].reason == "总分 85.20 ≥ 80，名次 11，超出前 20%（9 人）→ 称职"
    assert results[11].reason == "总分 80.00 ≥ 80，名次 12，超出前 20%（9 人）→ 称职"
    assert results[12].reason == "总分 79.00 < 80，≥ 60 → 称职；低于 80 分，需补课"
    assert results[12].flags == (REMEDIAL,)
    assert results[-1].reason == "总分 47.00 < 60 → 不称职；低于 80 分，需补课"
    assert grades(results) == ["优秀"] * 9 + ["称职"] * 23 + ["不称职"] * 13
    assert all(r.computed == r.grade for r in results)


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        # n = 10, 2 优秀 seats. 80.00 is enough (≥), 79.99 is not, whatever the place.
        (["80", "79.99", "70", "70", "70", "70", "70", "70", "70", "70"], ["优秀", "称职"] + ["称职"] * 8),
        (["79.99", "79", "70", "70", "70", "70", "70", "70", "70", "70"], ["称职"] * 10),
        # Ties on the 80 line inside the top share: all of them 优秀.
        (["80", "80", "79.99", "79.99", "70", "70", "70", "70", "70", "70"], ["优秀", "优秀"] + ["称职"] * 8),
        # Ties at 79.99 across the 20% line: below 80 the line does not matter, so no 待定.
        (["95", "79.99", "79.99", "70", "70", "70", "70", "70", "70", "70"], ["优秀"] + ["称职"] * 9),
        # The 60 line, with ties on both sides of it.
        (["95", "90", "60", "60", "59.99", "59.99", "0", "100", "61", "85"],
         ["优秀", "优秀", "称职", "称职", "称职", "称职", "称职", "不称职", "不称职", "不称职"]),  # 100 95 90 85 61 60 60 …
    ],
)  # fmt: skip
def test_threshold_lines_with_ties(totals, expected):
    results = rank_group(TOP, people(*totals))
    assert grades(results) == expected


def test_ties_on_the_80_line_share_a_place_and_a_reason():
    results = rank_group(TOP, people("80", "80", "79.99", "79.99", "70", "70", "70", "70", "70", "70"))
    assert [r.place for r in results] == [1, 1, 3, 3, 5, 5, 5, 5, 5, 5]
    assert (
        results[0].reason
        == results[1].reason
        == "总分 80.00 ≥ 80，名次 1（2 人并列），在前 20%（2 人）内 → 优秀"
    )
    assert (
        results[2].flags == (REMEDIAL,)
        and results[2].reason == "总分 79.99 < 80，≥ 60 → 称职；低于 80 分，需补课"
    )


def test_a_tie_across_the_20_percent_line_is_pending_and_the_next_person_is_graded_as_if_it_were_placed():
    results = rank_group(TOP, people("95", "90", "90", "85", "84", "83", "82", "81", "75", "65"))
    first, a, b, after = results[:4]
    assert first.grade == "优秀"
    for r in (a, b):
        assert (r.place, r.computed, r.grade, r.flags) == (2, None, None, (PENDING,))
        assert r.reason == (
            "总分 90.00 ≥ 80，名次 2，2 人并列（第 2–3 位），跨前 20% 线（2 人）：占优秀 1 席、称职 1 席 → 待定"
        )
    assert (after.place, after.grade) == (4, "称职")
    assert after.reason == "总分 85.00 ≥ 80，名次 4，超出前 20%（2 人）→ 称职"


def test_a_tie_of_three_across_the_line_straddles_one_seat_and_two_below():
    # n = 15 → 3 seats; places 1, 2, then 3 people at place 3 (positions 3–5): 1 优秀 seat, 2 称职.
    results = rank_group(TOP, people("99", "98", "90", "90", "90", *["70"] * 10))
    assert [r.flags for r in results[2:5]] == [(PENDING,)] * 3
    assert (
        "名次 3，3 人并列（第 3–5 位），跨前 20% 线（3 人）：占优秀 1 席、称职 2 席 → 待定"
        in results[2].reason
    )
    assert results[5].place == 6 and results[5].grade == "称职"


@pytest.mark.parametrize(
    ("totals", "expected_places", "expected_grades"),
    [
        # a tie inside the top share; a tie starting just below the line
        (["95", "95", "90"] + ["70"] * 7, [1, 1, 3], ["优秀", "优秀", "称职"]),
        (["95", "94", "90", "90"] + ["70"] * 6, [1, 2, 3, 3], ["优秀", "优秀", "称职", "称职"]),
    ],
)
def test_ties_wholly_inside_or_outside_the_top_share_are_not_pending(
    totals, expected_places, expected_grades
):
    results = rank_group(TOP, people(*totals))
    k = len(expected_places)
    assert [r.place for r in results[:k]] == expected_places and grades(results[:k]) == expected_grades


@pytest.mark.parametrize(
    ("n", "seats"), [(1, 0), (2, 0), (3, 0), (4, 0), (5, 1), (9, 1), (10, 2), (14, 2), (15, 3)]
)
def test_the_top_share_is_floor_of_20_percent_of_n(n, seats):
    results = rank_group(TOP, people(*[str(100 - i) for i in range(n)]))
    assert grades(results) == ["优秀"] * seats + ["称职"] * (n - seats)


def test_a_small_group_is_told_why_nobody_is_excellent():
    results = rank_group(TOP, people("95", "90", "88"))
    assert results[0].reason == "总分 95.00 ≥ 80，本组 3 人，前 20% 不足 1 人 → 称职"


def test_weighted_top20_breaks_ties_by_work_then_test_on_the_printed_total():
    entries = [
        Entry(1, {"work": D(80), "test": D(90), "satisfaction": D(80)}),  # 40 + 18 + 24 = 82.00
        Entry(
            2, {"work": D(90), "test": D(70), "satisfaction": D("76.67")}
        ),  # 45 + 14 + 23.001 = 82.001 → 82.00
        Entry(3, {"work": D(90), "test": D(80), "satisfaction": D(70)}),  # 45 + 16 + 21 = 82.00
        Entry(4, {"work": D(90), "test": D(80), "satisfaction": D(70)}),  # the same as 3 in everything
    ]
    results = rank_group(WEIGHTED, entries)
    # Person 2's exact sum is higher, but the printed total is what ranks: 82.00 for all, then 工作考核 90 beats
    # 80, then 业务测试 80 beats 70. 3 and 4 are equal on all of them: one place, competition ranking.
    assert [(r.person_id, r.place) for r in results] == [(3, 1), (4, 1), (2, 3), (1, 4)]
    assert all(r.total == D("82.00") for r in results)


def test_a_tie_breaker_decides_the_20_percent_line_instead_of_a_pending_tie():
    entries = [
        Entry(1, {"work": D(100), "test": D(80), "satisfaction": D(80)}),
        Entry(2, {"work": D(90), "test": D(80), "satisfaction": D(80)}),  # 45 + 16 + 24 = 85.00
        Entry(3, {"work": D(90), "test": D(70), "satisfaction": D("86.67")}),  # 45 + 14 + 26.001 → 85.00
    ]  # 2 and 3: the same printed total and 工作考核; 业务测试 80 > 70 puts 2 first, on the 20% line
    entries += [Entry(i, {"work": D(60), "test": D(60), "satisfaction": D(60)}) for i in range(4, 11)]
    results = rank_group(WEIGHTED, entries)
    assert results[1].total == results[2].total == D("85.00")
    assert [(r.person_id, r.place, r.grade) for r in results[:3]] == [
        (1, 1, "优秀"),
        (2, 2, "优秀"),
        (3, 3, "称职"),
    ]


def test_3x_has_no_tie_breakers_and_caps_x():
    entries = [
        Entry(1, {"satisfaction": D(90), "ability": D(80), "performance": D(80)}, D(3)),  # 27+24+32+3 = 86
        Entry(2, {"satisfaction": D(80), "ability": D(90), "performance": D(80)}, D(3)),  # 24+27+32+3 = 86
        *[Entry(i, {"satisfaction": D(70), "ability": D(70), "performance": D(70)}) for i in range(3, 11)],
    ]
    results = rank_group(THREE_X, entries)
    assert [r.place for r in results[:3]] == [1, 1, 3]  # equal totals share a place: nothing breaks the tie
    assert grades(results[:2]) == ["优秀", "优秀"]  # positions 1–2 within floor(0.2 × 10) = 2
    assert results[0].reason == "总分 86.00 ≥ 85，名次 1（2 人并列），在前 20%（2 人）内 → 优秀"
    with pytest.raises(ValueError, match="专项工作加分应在 0 到 10 之间，输入的是 11"):
        rank_group(THREE_X, [Entry(1, {"satisfaction": D(1), "ability": D(1), "performance": D(1)}, D(11))])


# --- Ratio 1:5:4 -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, ["称职"]),  # (0, 1, 0)
        (2, ["称职", "一般"]),  # (0, 1, 1)
        (3, ["称职", "称职", "一般"]),  # (0, 2, 1)
        (7, ["优秀"] + ["称职"] * 3 + ["一般"] * 3),  # (1, 3, 3)
        (10, ["优秀"] + ["称职"] * 5 + ["一般"] * 4),  # (1, 5, 4)
    ],
)
def test_ratio_seats_are_filled_in_rank_order(n, expected):
    # Given in reverse so that the order comes from the ranking, not from the input.
    results = rank_group(ONE_FIVE_FOUR, people(*[str(50 + i) for i in range(n)]))
    assert grades(results) == expected and [r.place for r in results] == list(range(1, n + 1))
    assert [r.person_id for r in results] == list(range(n, 0, -1))


def test_ratio_reasons_name_the_seat():
    results = rank_group(ONE_FIVE_FOUR, people(*[str(100 - i) for i in range(10)]))
    assert results[0].reason == "名次 1，优秀席位第 1 席（共 1 席）→ 优秀"
    assert results[2].reason == "名次 3，优秀 1 席已满，称职席位第 2 席（共 5 席）→ 称职"
    assert results[6].reason == "名次 7，优秀 1 席、称职 5 席已满，一般席位第 1 席（共 4 席）→ 一般"
    assert results[9].reason == "名次 10，优秀 1 席、称职 5 席已满，一般席位第 4 席（共 4 席）→ 一般"


def test_ratio_with_no_excellent_seat_says_so():
    results = rank_group(ONE_FIVE_FOUR, people("95", "90", "88", "87", "86"))  # n = 5 → (0, 3, 2)
    assert grades(results) == ["称职"] * 3 + ["一般"] * 2
    assert results[0].reason == "名次 1，无优秀席位，称职席位第 1 席（共 3 席）→ 称职"
    assert results[3].reason == "名次 4，无优秀席位，称职 3 席已满，一般席位第 1 席（共 2 席）→ 一般"


def test_ratio_a_tie_over_the_last_excellent_seat_is_pending():
    results = rank_group(ONE_FIVE_FOUR, people("95", "95", *[str(90 - i) for i in range(8)]))
    for r in results[:2]:
        assert (r.place, r.grade, r.flags) == (1, None, (PENDING,))
        assert r.reason == "名次 1，2 人并列（第 1–2 位），跨优秀、称职席位：占优秀 1 席、称职 1 席 → 待定"
    # Graded as if the tie were placed: the 优秀 seat and one 称职 seat are taken.
    assert results[2].reason == "名次 3，优秀 1 席已满，称职席位第 2 席（共 5 席）→ 称职"
    assert grades(results[2:]) == ["称职"] * 4 + ["一般"] * 4


def test_ratio_a_tie_over_the_last_competent_seat_is_pending():
    results = rank_group(ONE_FIVE_FOUR, people("99", "98", "97", "96", "95", "90", "90", "89", "88", "87"))
    assert grades(results) == ["优秀", "称职", "称职", "称职", "称职", None, None, "一般", "一般", "一般"]
    assert (
        results[5].reason == "名次 6，2 人并列（第 6–7 位），跨称职、一般席位：占称职 1 席、一般 1 席 → 待定"
    )
    assert results[7].reason == "名次 8，优秀 1 席、称职 5 席已满，一般席位第 2 席（共 4 席）→ 一般"


def test_ratio_a_tie_within_one_grade_is_not_pending():
    results = rank_group(ONE_FIVE_FOUR, people("99", "98", "97", "97", "95", "94", "93", "92", "91", "90"))
    assert results[2].reason == "名次 3（2 人并列），优秀 1 席已满，称职席位第 2–3 席（共 5 席）→ 称职"
    assert grades(results) == ["优秀"] + ["称职"] * 5 + ["一般"] * 4


def test_ratio_everyone_equal_is_one_pending_tie_over_every_seat():
    results = rank_group(ONE_FIVE_FOUR, people(*["80"] * 10))
    assert all(r.place == 1 and r.flags == (PENDING,) for r in results)
    assert results[0].reason == (
        "名次 1，10 人并列（第 1–10 位），跨优秀、称职、一般席位：占优秀 1 席、称职 5 席、一般 4 席 → 待定"
    )


WITH_LINE = replace(ONE_FIVE_FOUR, rule=Ratio((1, 5, 4), poor_below=D(60)))


def test_ratio_with_a_line_makes_those_below_it_poor_and_leaves_their_seats_empty():
    # n = 10 → (1, 5, 4); the last three are below 60: 一般 keeps its first seat only.
    results = rank_group(WITH_LINE, people("95", "90", "88", "87", "86", "85", "70", "59.99", "50", "40"))
    assert grades(results) == ["优秀"] + ["称职"] * 5 + ["一般"] + ["不称职"] * 3
    assert results[6].reason == "名次 7，优秀 1 席、称职 5 席已满，一般席位第 1 席（共 4 席）→ 一般"
    assert results[7].reason == "名次 8，总分 59.99 < 60 → 不称职（不占席位）"
    assert [r.place for r in results] == list(range(1, 11))  # still ranked, and counted in n


def test_ratio_with_a_line_below_it_a_tie_over_a_seat_is_no_longer_pending():
    results = rank_group(WITH_LINE, people("95", "90", "88", "87", "86", "55", "55", "50", "45", "40"))
    assert grades(results) == ["优秀"] + ["称职"] * 4 + ["不称职"] * 5
    assert all(PENDING not in r.flags for r in results)
    assert results[5].reason == "名次 6（2 人并列），总分 55.00 < 60 → 不称职（不占席位）"


def test_ratio_with_a_line_everyone_below_it_is_poor_even_in_the_excellent_seat():
    results = rank_group(WITH_LINE, people("59", "58", "57"))
    assert grades(results) == ["不称职"] * 3


def test_ratio_with_a_line_an_override_up_from_poor_counts_against_the_seats_it_takes():
    entries = people("95", "90", "88", "87", "86", "85", "70", "59", "50", "40")
    lifted = replace(entries[7], override=Override("称职", "年中调入，按原单位考核"))
    results = by_id(rank_group(WITH_LINE, [*entries[:7], lifted, *entries[8:]]))
    assert results[8].grade == "称职" and OVER_QUOTA in results[8].flags  # 称职 5 seats were full
    lifted = replace(entries[7], override=Override("一般", "年中调入"))
    results = by_id(rank_group(WITH_LINE, [*entries[:7], lifted, *entries[8:]]))
    assert results[8].grade == "一般" and OVER_QUOTA not in results[8].flags  # 一般 has no cap


def test_ratio_154_breaks_ties_by_quarterly_then_annual():
    entries = [
        Entry(1, {"weekly": D(100), "quarterly": D(80), "annual": D(80)}),  # 20 + 40 + 24 = 84
        Entry(2, {"weekly": D(80), "quarterly": D(88), "annual": D(80)}),  # 16 + 44 + 24 = 84
        Entry(3, {"weekly": D(90), "quarterly": D(80), "annual": D("86.67")}),  # 18 + 40 + 26.001 → 84.00
    ]
    results = rank_group(RATIO, entries)
    assert [r.person_id for r in results] == [2, 3, 1] and [r.place for r in results] == [1, 2, 3]


# --- 待补录 -------------------------------------------------------------------------------------------------------


def test_missing_scores_are_listed_apart_not_ranked_and_not_counted_in_n():
    # 9 ranked → floor(0.2 × 9) = 1 seat; counting the missing person would make it 10 → 2 seats.
    results = rank_group(TOP, people("95", None, "90", *["70"] * 7))
    assert grades(results[:2]) == ["优秀", "称职"]
    assert results[1].reason == "总分 90.00 ≥ 80，名次 2，超出前 20%（1 人）→ 称职"
    missing = results[-1]
    assert missing == Result(2, None, None, None, None, (MISSING,), "缺得分的分数 → 待补录")


def test_missing_components_are_named():
    entries = [
        Entry(7, {"work": D(90), "test": None}),
        Entry(8, {"work": D(90), "test": D(90), "satisfaction": D(90)}),
    ]
    results = rank_group(WEIGHTED, entries)
    assert [r.person_id for r in results] == [8, 7]
    assert results[1].reason == "缺业务测试、满意度测评的分数 → 待补录"


def test_missing_scores_do_not_count_under_a_ratio():
    results = rank_group(ONE_FIVE_FOUR, people(*[str(90 - i) for i in range(10)], None))
    assert grades(results) == ["优秀"] + ["称职"] * 5 + ["一般"] * 4 + [None]


def test_display_order_ranked_by_place_then_missing_then_exempt_each_in_the_given_order():
    entries = people("70", None, "90", "70", None, "95")
    entries = with_override(entries, 4, EXEMPT, "长期病假")
    entries = with_override(entries, 1, EXEMPT, "新调入")
    results = rank_group(TOP, entries)
    assert [r.person_id for r in results] == [6, 3, 2, 5, 1, 4]


def test_nobody_to_rank():
    assert rank_group(TOP, []) == []
    assert rank_group(ONE_FIVE_FOUR, people(None)) == [
        Result(1, None, None, None, None, (MISSING,), "缺得分的分数 → 待补录")
    ]


# --- overrides ----------------------------------------------------------------------------------------------------

# n = 10 under TOP: 2 优秀 seats. 95 and 90 are 优秀; 85 … 81 称职; 75 and 65 称职 with 补课; 55 不称职.
TEN = people("95", "90", "85", "84", "83", "82", "81", "75", "65", "55")


def test_an_override_over_a_full_quota_is_allowed_and_flagged():
    override = Override("优秀", "民主测评第一")
    assert override_problem(TOP, TEN, 3, override) is None
    results = by_id(rank_group(TOP, with_override(TEN, 3, "优秀", "民主测评第一")))
    third = results[3]
    assert (third.place, third.computed, third.grade) == (3, "称职", "优秀")
    assert third.flags == (OVERRIDDEN, OVER_QUOTA)
    assert third.reason == (
        "手工定为优秀（理由：民主测评第一）；按规则：总分 85.00 ≥ 80，名次 3，超出前 20%（2 人）→ 称职；"
        "超出优秀名额（共 2 席，现 3 人）"
    )
    assert results[1].flags == results[2].flags == ()  # the rule's 优秀 are not the excess


def test_an_override_down_frees_a_seat_and_filling_it_by_hand_is_not_over_quota():
    entries = with_override(TEN, 1, "称职", "受到通报批评")
    first = by_id(rank_group(TOP, entries))[1]
    assert (first.computed, first.grade, first.flags) == ("优秀", "称职", (OVERRIDDEN,))
    # Nobody is regraded around an override: the seat stays empty until a person is put in it by hand.
    assert by_id(rank_group(TOP, entries))[3].grade == "称职"
    entries = with_override(entries, 3, "优秀", "递补")
    assert by_id(rank_group(TOP, entries))[3].flags == (OVERRIDDEN,)


def test_an_override_into_a_free_seat_is_not_over_quota_but_remedial_follows_the_total():
    entries = with_override(people("95", "75", *["70"] * 8), 2, "优秀", "抗洪一线表现突出")
    second = by_id(rank_group(TOP, entries))[2]
    assert (second.computed, second.grade) == ("称职", "优秀")
    assert second.flags == (
        REMEDIAL,
        OVERRIDDEN,
    )  # 总分 75 < 80: 补课 stays, the grade does not change the score
    assert second.reason.endswith("→ 称职；低于 80 分，需补课；总分 75.00 未达优秀所需的 80 分")


def test_an_override_under_a_ratio_beyond_the_competent_seats_is_over_quota():
    entries = people(*[str(100 - i) for i in range(10)])  # 1 优秀, 5 称职, 4 一般
    results = by_id(rank_group(ONE_FIVE_FOUR, with_override(entries, 7, "称职", "表现突出")))
    assert (results[7].computed, results[7].grade, results[7].flags) == (
        "一般",
        "称职",
        (OVERRIDDEN, OVER_QUOTA),
    )
    down = with_override(with_override(entries, 2, "一般", "请假过多"), 7, "称职", "表现突出")
    assert by_id(rank_group(ONE_FIVE_FOUR, down))[7].flags == (OVERRIDDEN,)  # a 称职 seat was freed
    misconduct = by_id(rank_group(ONE_FIVE_FOUR, with_override(entries, 1, "不称职", "违纪")))[1]
    assert (misconduct.computed, misconduct.grade, misconduct.flags) == ("优秀", "不称职", (OVERRIDDEN,))


def test_exempt_takes_the_person_out_of_n():
    # 10 → 9 people: floor(0.2 × 9) = 1 seat, so 90 is no longer 优秀.
    results = rank_group(TOP, with_override(TEN, 10, EXEMPT, "长期病假"))
    assert grades(results[:2]) == ["优秀", "称职"]
    assert results[-1] == Result(
        10, None, None, None, EXEMPT, (OVERRIDDEN,), "不参加考核（理由：长期病假），不计入人数"
    )
    assert override_problem(TOP, TEN, 10, Override(EXEMPT, "长期病假")) is None


def test_exempt_under_a_ratio_changes_the_seats():
    entries = with_override(people(*[str(100 - i) for i in range(10)]), 10, EXEMPT, "新调入")
    assert grades(rank_group(ONE_FIVE_FOUR, entries)) == ["优秀"] + ["称职"] * 4 + ["一般"] * 4 + [
        EXEMPT
    ]  # (1,4,4)


def test_a_missing_person_may_only_be_exempted():
    entries = people("95", None, *["70"] * 8)
    assert override_problem(TOP, entries, 2, Override("称职", "口头汇报")) == (
        "还缺得分的分数：请先补录分数，或标为“不参加考核”"
    )
    assert override_problem(TOP, entries, 2, Override(EXEMPT, "长期病假")) is None
    # An override stored before a score was cleared waits: the person is 待补录 and says so.
    missing = by_id(rank_group(TOP, with_override(entries, 2, "称职", "口头汇报")))[2]
    assert missing.flags == (MISSING,) and missing.grade is None
    assert missing.reason == "缺得分的分数 → 待补录（手工等次“称职”在补录后生效）"
    exempt = by_id(rank_group(TOP, with_override(entries, 2, EXEMPT, "长期病假")))[2]
    assert (exempt.grade, exempt.flags) == (EXEMPT, (OVERRIDDEN,))


@pytest.mark.parametrize(
    ("scheme", "override", "problem"),
    [
        (TOP, Override("优秀", ""), "手工调整等次必须写明理由"),
        (TOP, Override("优秀", "  　"), "手工调整等次必须写明理由"),
        (TOP, Override("良好", "理由"), "“良好”不是方案“单项”的等次，可选：优秀、称职、不称职、不参加考核"),
        (TOP, Override("一般", "理由"), "“一般”不是方案“单项”的等次，可选：优秀、称职、不称职、不参加考核"),
        (ONE_FIVE_FOUR, Override("良好", "理由"), "“良好”不是方案“单项 1:5:4”的等次，可选：优秀、称职、一般、不称职、不参加考核"),
        (ONE_FIVE_FOUR, Override("一般", "理由"), None),
        (ONE_FIVE_FOUR, Override("不称职", "违纪"), None),
        (TOP, Override("不称职", "违纪"), None),
    ],
)  # fmt: skip
def test_override_problem_refuses_what_cannot_stand(scheme, override, problem):
    assert override_problem(scheme, TEN, 1, override) == problem


def test_override_problem_for_someone_not_in_the_group():
    assert override_problem(TOP, TEN, 99, Override("优秀", "理由")) == "本组中没有这个人（编号 99）"


# A tie at place 2 over the 20% line (n = 10, 2 seats): 1 优秀 seat and 1 称职 seat between persons 2 and 3.
TIED = people("95", "90", "90", "85", "84", "83", "82", "81", "75", "65")


def test_settling_a_pending_tie_within_the_seats_it_straddles():
    assert override_problem(TOP, TIED, 2, Override("优秀", "述职评议第一")) is None
    half = with_override(TIED, 2, "优秀", "述职评议第一")
    results = by_id(rank_group(TOP, half))
    assert (results[2].computed, results[2].grade, results[2].flags) == (None, "优秀", (OVERRIDDEN,))
    assert results[2].reason.startswith(
        "手工定为优秀（理由：述职评议第一）；按规则：总分 90.00 ≥ 80，名次 2，2 人并列"
    )
    assert (results[3].grade, results[3].flags) == (None, (PENDING,))  # still waiting for its decision
    assert override_problem(TOP, half, 3, Override("优秀", "也很好")) == (
        "名次 2 的 2 人并列待定，只占优秀 1 席、称职 1 席；"
        "这样定，本组并列者中定为优秀的会有 2 人，超出所跨的 1 个优秀席位"
    )
    assert override_problem(TOP, half, 3, Override("称职", "评议第二")) is None
    assert override_problem(TOP, half, 3, Override("不称职", "违纪")) is None
    settled = by_id(rank_group(TOP, with_override(half, 3, "称职", "评议第二")))
    assert [(settled[i].grade, settled[i].flags) for i in (1, 2, 3)] == [
        ("优秀", ()),
        ("优秀", (OVERRIDDEN,)),
        ("称职", (OVERRIDDEN,)),
    ]


def test_a_pending_tie_may_leave_its_seat_empty():
    both = with_override(with_override(TIED, 2, "称职", "均不突出"), 3, "称职", "均不突出")
    assert (
        override_problem(TOP, with_override(TIED, 2, "称职", "均不突出"), 3, Override("称职", "均不突出"))
        is None
    )
    assert grades(rank_group(TOP, both))[:3] == ["优秀", "称职", "称职"]


def test_a_ratio_tie_cannot_be_given_a_grade_it_does_not_straddle():
    tied = people("99", "98", "97", "96", "95", "90", "90", "89", "88", "87")  # place 6: 称职 1 + 一般 1
    assert override_problem(ONE_FIVE_FOUR, tied, 6, Override("优秀", "理由")) == (
        "名次 6 的 2 人并列待定，只占称职 1 席、一般 1 席，不能定为优秀"
    )
    assert override_problem(ONE_FIVE_FOUR, tied, 6, Override("称职", "理由")) is None
    one = with_override(tied, 6, "称职", "理由")
    assert override_problem(ONE_FIVE_FOUR, one, 7, Override("称职", "理由")) == (
        "名次 6 的 2 人并列待定，只占称职 1 席、一般 1 席；"
        "这样定，本组并列者中定为称职（或更好）的会有 2 人，超出所跨的 1 个称职席位"
    )
    assert override_problem(ONE_FIVE_FOUR, one, 7, Override("一般", "理由")) is None


def test_changing_ones_own_override_is_judged_without_the_old_one():
    half = with_override(TIED, 2, "优秀", "述职评议第一")
    assert override_problem(TOP, half, 2, Override("称职", "改判")) is None
    assert override_problem(TOP, half, 2, Override("优秀", "再次确认")) is None


def test_a_settlement_that_no_longer_fits_after_scores_changed_is_flagged_over_quota():
    # Both members of the tie were given 优秀 (say, when their totals differed); now they share place 2.
    both = with_override(with_override(TIED, 2, "优秀", "旧决定"), 3, "优秀", "旧决定")
    results = by_id(rank_group(TOP, both))
    assert results[2].flags == results[3].flags == (OVERRIDDEN, OVER_QUOTA)
    assert results[1].flags == ()


def test_flags_come_in_their_fixed_order():
    # 补课 below 90 here, so a pending tie can need remedial training too.
    strict = Scheme(
        key="strict", name="严", period_type="季度", components=TOP.components,
        rule=ThresholdTop(D(80), D("0.2"), D(60)), remedial_below=D(90),
    )  # fmt: skip
    entries = people("95", "85", "85", *["70"] * 7)
    assert [r.flags for r in rank_group(strict, entries)[:3]] == [
        (),
        (PENDING, REMEDIAL),
        (PENDING, REMEDIAL),
    ]
    over = with_override(with_override(entries, 2, "优秀", "a"), 4, "优秀", "b")
    flags = by_id(rank_group(strict, over))
    assert flags[2].flags == (REMEDIAL, OVERRIDDEN)
    assert flags[3].flags == (PENDING, REMEDIAL)
    assert flags[4].flags == (REMEDIAL, OVERRIDDEN, OVER_QUOTA)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (120, "工作考核的分数应在 0 到 100 之间，输入的是 120"),
        (99.5, None),
        ("１２０", "工作考核的分数应在 0 到 100 之间，输入的是 120"),
        ("八十", "工作考核的分数：“八十”不是数字，请只填写分数，如 85 或 85.5"),
    ],
)
def test_score_problem_reads_other_types_as_excel_would(value, problem):
    assert score_problem(WEIGHTED, "work", value) == problem


def test_a_reason_typed_over_several_lines_is_read_out_as_one():
    results = by_id(
        rank_group(
            TOP,
            with_override(with_override(TEN, 3, "优秀", "抗洪\n一线  表现突出"), 10, EXEMPT, "病假\r\n半年"),
        )
    )
    assert results[3].reason.startswith("手工定为优秀（理由：抗洪 一线 表现突出）；")
    assert results[10].reason == "不参加考核（理由：病假 半年），不计入人数"
    assert all("\n" not in r.reason for r in results.values())


def test_3x_without_x_is_a_total_without_bonus_not_a_missing_score():
    entries = [Entry(1, {"satisfaction": D(90), "ability": D(90), "performance": D(90)})]  # X blank
    (result,) = rank_group(THREE_X, entries)
    assert result.total == D("90.00") and MISSING not in result.flags


def test_an_unsettled_pending_tie_holds_its_seats_against_other_overrides():
    tied = people("95", "95", *[str(90 - i) for i in range(8)])  # place 1: 优秀 1 + 称职 1; 1:5:4 of 10
    third = by_id(rank_group(ONE_FIVE_FOUR, with_override(tied, 3, "优秀", "表现突出")))[3]
    assert third.flags == (OVERRIDDEN, OVER_QUOTA)  # the 优秀 seat is the tie's until it is settled
    settled = with_override(with_override(tied, 1, "称职", "均不突出"), 2, "称职", "均不突出")
    third = by_id(rank_group(ONE_FIVE_FOUR, with_override(settled, 3, "优秀", "表现突出")))[3]
    assert third.flags == (OVERRIDDEN,)  # the tie left the seat empty: filling it exceeds nothing
