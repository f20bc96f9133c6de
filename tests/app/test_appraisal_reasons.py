"""What a result's 说明 and an override's refusal say (issue 8, the appraisal trial's findings 5, 8 and 9): which
quota an override exceeds and by how much, what settling a 待定 tie may not give, which tie-breaker put a place
after another of the same total, and a hand-set grade whose threshold the total does not reach."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from app.appraisal.rules import (
    BUILTIN_SCHEMES,
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
    override_problem,
    rank_group,
)

D = Decimal
WEIGHTED = BUILTIN_SCHEMES["weighted-top20"]
RATIO = BUILTIN_SCHEMES["ratio-154"]
SINGLE = (Component("s", "得分", D(1)),)
TOP = Scheme("top", "单项", "年度", SINGLE, ThresholdTop(D(80), D("0.2"), D(60)), remedial_below=D(80))
ONE_FIVE_FOUR = Scheme("154", "单项 1:5:4", "年度", SINGLE, Ratio((1, 5, 4)))
WITH_LINE = replace(ONE_FIVE_FOUR, rule=Ratio((1, 5, 4), poor_below=D(60)))


def people(*totals: str) -> list[Entry]:
    """One-component entries, person_id 1, 2, 3 … in the order given: the score is the total."""
    return [Entry(i, {"s": D(t)}) for i, t in enumerate(totals, 1)]


def overridden(entries: list[Entry], *grades: tuple[int, str]) -> list[Entry]:
    given = dict(grades)
    return [
        replace(e, override=Override(given[e.person_id], "组织研究决定")) if e.person_id in given else e
        for e in entries
    ]


def by_id(results: list[Result]) -> dict[int, Result]:
    return {r.person_id: r for r in results}


TEN = people("95", "90", "85", "84", "83", "82", "81", "75", "65", "55")  # TOP: 2 优秀 seats
HUNDRED_DOWN = people(*[str(100 - i) for i in range(10)])  # 1:5:4 of 10: 1 优秀, 5 称职, 4 一般


# --- 5. 超额 says which quota, its seats and how many hold it -----------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "entries", "grades", "person_id", "said"),
    [
        # Under a threshold rule only 优秀 has a quota.
        (TOP, TEN, [(3, "优秀")], 3, "超出优秀名额（共 2 席，现 3 人）"),
        # The trial's case: one 称职 lifted to 优秀, one 一般 lifted to 称职. 称职 alone holds its 5 seats, but
        # 优秀 and 称职 together hold 7 of 6: the second is charged to the class it entered, and says so.
        (ONE_FIVE_FOUR, HUNDRED_DOWN, [(4, "优秀"), (10, "称职")], 4, "超出优秀名额（共 1 席，现 2 人）"),
        (ONE_FIVE_FOUR, HUNDRED_DOWN, [(4, "优秀"), (10, "称职")], 10, "超出优秀、称职合计名额（共 6 席，现 7 人）"),
        (ONE_FIVE_FOUR, HUNDRED_DOWN, [(10, "称职")], 10, "超出优秀、称职合计名额（共 6 席，现 7 人）"),
        # From 一般 straight to 优秀: both classes are over, both are named.
        (ONE_FIVE_FOUR, HUNDRED_DOWN, [(10, "优秀")], 10,
         "超出优秀名额（共 1 席，现 2 人），也超出优秀、称职合计名额（共 6 席，现 7 人）"),
        # An unsettled 待定 tie holds the seat it straddles: the count says so.
        (ONE_FIVE_FOUR, people("95", "95", *[str(90 - i) for i in range(8)]), [(3, "优秀")], 3,
         "超出优秀名额（共 1 席，现 2 人，含待定并列所占的 1 席）"),
    ],
)  # fmt: skip
def test_over_quota_names_the_quota_exceeded(scheme, entries, grades, person_id, said):
    result = by_id(rank_group(scheme, overridden(entries, *grades)))[person_id]
    assert OVER_QUOTA in result.flags
    assert result.reason.endswith(f"；{said}")
    assert "超出称职名额" not in result.reason


def test_over_quota_reason_in_full_for_the_ratio_case_of_the_trial():
    results = by_id(rank_group(ONE_FIVE_FOUR, overridden(HUNDRED_DOWN, (4, "优秀"), (10, "称职"))))
    assert results[10].reason == (
        "手工定为称职（理由：组织研究决定）；按规则：名次 10，优秀 1 席、称职 5 席已满，一般席位第 4 席（共 4 席）"
        "→ 一般；超出优秀、称职合计名额（共 6 席，现 7 人）"
    )
    assert [results[i].flags for i in (1, 2, 3)] == [(), (), ()]  # the rule's own are never the excess


# --- 5. settling a 待定 tie: what it may not give, said as what it means ------------------------------------------


# TOP: a tie at place 2 over the 20% line (1 优秀 seat, 1 称职 seat), its first member settled 优秀.
TIED_TOP = overridden(people("95", "90", "90", "85", "84", "83", "82", "81", "75", "65"), (2, "优秀"))
# 1:5:4: a tie at place 6 over the last 称职 seat (称职 1, 一般 1), its first member settled 称职.
TIED_RATIO = overridden(people("99", "98", "97", "96", "95", "90", "90", "89", "88", "87"), (6, "称职"))
# 1:5:4: everyone equal, one tie over every seat (优秀 1, 称职 5, 一般 4); six settled 称职.
ALL_EQUAL = overridden(people(*["80"] * 10), *[(i, "称职") for i in range(1, 7)])


@pytest.mark.parametrize(
    ("scheme", "entries", "person_id", "grade", "said"),
    [
        (TOP, TIED_TOP, 3, "优秀",
         "名次 2 的 2 人并列待定，只占优秀 1 席、称职 1 席；"
         "这样定，本组并列者中定为优秀的会有 2 人，超出所跨的 1 个优秀席位"),
        (ONE_FIVE_FOUR, TIED_RATIO, 7, "称职",
         "名次 6 的 2 人并列待定，只占称职 1 席、一般 1 席；"
         "这样定，本组并列者中定为称职（或更好）的会有 2 人，超出所跨的 1 个称职席位"),
        (ONE_FIVE_FOUR, TIED_RATIO, 7, "优秀", "名次 6 的 2 人并列待定，只占称职 1 席、一般 1 席，不能定为优秀"),
        (ONE_FIVE_FOUR, ALL_EQUAL, 7, "称职",
         "名次 1 的 10 人并列待定，只占优秀 1 席、称职 5 席、一般 4 席；"
         "这样定，本组并列者中定为称职（或更好）的会有 7 人，超出所跨的优秀、称职共 6 个席位"),
        (TOP, TIED_TOP, 3, "称职", None),
        (ONE_FIVE_FOUR, TIED_RATIO, 7, "一般", None),
    ],
)  # fmt: skip
def test_settling_a_pending_tie_beyond_its_seats_says_which_seats(scheme, entries, person_id, grade, said):
    assert override_problem(scheme, entries, person_id, Override(grade, "集体研究")) == said


# --- 8. a tie-breaker that put a place after another of the same total -------------------------------------------


def weighted(person_id: int, work: int, test: int, satisfaction: int) -> Entry:
    return Entry(person_id, {"work": D(work), "test": D(test), "satisfaction": D(satisfaction)})


# The trial's file: four people at 90.00. 高豪霞 (1) leads on 业务测试 over two equal on everything (2, 3), who lead
# 江浩雨 (4) on 工作考核; below 80, two at 71.00 split by 工作考核 (5 before 6) and four at 70.00.
TRIAL = [
    weighted(1, 90, 90, 90),
    weighted(2, 90, 75, 100),
    weighted(3, 90, 75, 100),
    weighted(4, 84, 90, 100),
    weighted(5, 72, 70, 70),
    weighted(6, 70, 75, 70),
    *[weighted(i, 70, 70, 70) for i in range(7, 11)],
]


@pytest.mark.parametrize(
    ("person_id", "reason"),
    [
        (1, "总分 90.00 ≥ 80，名次 1，在前 20%（2 人）内 → 优秀"),
        (2, "总分 90.00 ≥ 80，名次 2（与名次 1 总分相同，按业务测试 75 < 90 排后），2 人并列（第 2–3 位），"
            "跨前 20% 线（2 人）：占优秀 1 席、称职 1 席 → 待定"),
        (4, "总分 90.00 ≥ 80，名次 4（与名次 2 总分相同，按工作考核 84 < 90 排后），超出前 20%（2 人）→ 称职"),
        # Below the 优秀 line the total alone decides the grade and the reason names no place: nothing to add.
        (6, "总分 71.00 < 80，≥ 60 → 称职；低于 80 分，需补课"),
        (7, "总分 70.00 < 80，≥ 60 → 称职；低于 80 分，需补课"),
    ],
)  # fmt: skip
def test_the_reason_names_the_tie_breaker_that_put_a_place_after_an_equal_total(person_id, reason):
    results = by_id(rank_group(WEIGHTED, TRIAL))
    assert results[person_id].reason == reason
    assert [results[i].place for i in range(1, 8)] == [1, 2, 2, 4, 5, 6, 7]


def test_a_shared_place_after_an_equal_total_says_both_in_its_brackets():
    def ratio(person_id: int, weekly: int, quarterly: int, annual: int) -> Entry:
        return Entry(person_id, {"weekly": D(weekly), "quarterly": D(quarterly), "annual": D(annual)})

    # 18 + 45 + 27 = 90 for the first; 20 + 43 + 27 = 90 for the next two, equal on everything.
    entries = [ratio(1, 90, 90, 90), ratio(2, 100, 86, 90), ratio(3, 100, 86, 90)]
    entries += [ratio(i, 60 + i, 60 + i, 60 + i) for i in range(4, 11)]
    results = by_id(rank_group(RATIO, entries))
    shared = (
        "名次 2（2 人并列；与名次 1 总分相同，按季度考核 86 < 90 排后），优秀 1 席已满，称职席位第 1–2 席"
    )
    assert results[2].reason == results[3].reason == f"{shared}（共 5 席）→ 称职"
    assert results[1].reason == "名次 1，优秀席位第 1 席（共 1 席）→ 优秀"


def test_an_override_keeps_the_tie_breaker_in_the_rules_reading():
    results = by_id(rank_group(WEIGHTED, overridden(TRIAL, (4, "优秀"))))
    assert results[4].reason.startswith(
        "手工定为优秀（理由：组织研究决定）；按规则：总分 90.00 ≥ 80，"
        "名次 4（与名次 2 总分相同，按工作考核 84 < 90 排后），超出前 20%（2 人）→ 称职；"
    )


def test_a_total_above_the_one_before_has_no_tie_breaker_note():
    results = rank_group(WEIGHTED, [weighted(1, 95, 95, 95), weighted(2, 90, 90, 90), *TRIAL[4:]])
    assert not any("总分相同" in r.reason for r in results)


# --- 9. a hand-set grade the total does not reach -------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "entries", "person_id", "grade", "ending", "flags"),
    [
        # 75 → 优秀 under 80: allowed with its reason, over the quota, 补课 still (it follows the total).
        (TOP, TEN, 8, "优秀", "；超出优秀名额（共 2 席，现 3 人）；总分 75.00 未达优秀所需的 80 分",
         (REMEDIAL, OVERRIDDEN, OVER_QUOTA)),
        (TOP, TEN, 10, "称职", "；低于 80 分，需补课；总分 55.00 未达称职所需的 60 分", (REMEDIAL, OVERRIDDEN)),
        # Within the threshold: nothing to add.
        (TOP, TEN, 3, "优秀", "；超出优秀名额（共 2 席，现 3 人）", (OVERRIDDEN, OVER_QUOTA)),
        (TOP, TEN, 9, "不称职", "→ 称职；低于 80 分，需补课", (REMEDIAL, OVERRIDDEN)),
        # A ratio with a line: any seat needs the line.
        (WITH_LINE, people("95", "90", "88", "87", "86", "85", "70", "59", "50", "40"), 8, "一般",
         "→ 不称职（不占席位）；总分 59.00 未达一般所需的 60 分", (OVERRIDDEN,)),
    ],
)  # fmt: skip
def test_an_override_below_the_grades_threshold_says_so(scheme, entries, person_id, grade, ending, flags):
    assert override_problem(scheme, entries, person_id, Override(grade, "组织研究决定")) is None
    result = by_id(rank_group(scheme, overridden(entries, (person_id, grade))))[person_id]
    assert (result.grade, result.flags) == (grade, flags)
    assert result.reason.endswith(ending)
    assert result.reason.count("未达") == ("未达" in ending)


def test_a_ratio_without_a_line_has_no_threshold_to_miss():
    result = by_id(rank_group(ONE_FIVE_FOUR, overridden(HUNDRED_DOWN, (10, "优秀"))))[10]
    assert "未达" not in result.reason and PENDING not in result.flags
