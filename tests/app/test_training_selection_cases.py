"""The two-way selection (app/training/selection.py) read against issue 11 step by step: one table of rounds,
each with who goes where and, where the rule is about wording, the 说明 the office reads."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.training.selection import Applicant, Mentor, assign, match_mentor


def _a(key: str, first: str, second: str = "", line: str = "", adjustable: bool = False) -> Applicant:
    return Applicant(
        key, f"学员{key}", 3 + ord(key[0]) - ord("a"), first, second, line, adjustable=adjustable
    )


def _run(mentors, applicants, rankings=None, fallback=None):
    result = assign(mentors, applicants, rankings or {}, fallback or [a.key for a in applicants])
    placed = {o.applicant.key: (o.mentor, o.choice) for o in result.outcomes}
    return result, placed, {o.applicant.key: o.note for o in result.outcomes}


# (mentors, applicants, own rankings, fallback order, expected placements)
ROUNDS = [
    pytest.param(
        [Mentor("甲", 0, 2), Mentor("乙", 0, 2)],
        [_a("a", "甲", "乙"), _a("b", "甲", "乙"), _a("c", "甲", "乙"), _a("d", "乙", "甲")],
        {},
        ["d", "c", "b", "a"],
        {"a": ("乙", 2), "b": ("甲", 1), "c": ("甲", 1), "d": ("乙", 1)},
        id="step 1 fills 甲 in the fallback order, step 2 takes the rest into 乙's room",
    ),
    pytest.param(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 1), Mentor("丙", 0, 3)],
        [_a("a", "甲", "乙"), _a("b", "乙", "甲"), _a("c", "甲", "乙"), _a("d", "乙", "甲")],
        {},
        ["a", "b", "c", "d"],
        {"a": ("甲", 1), "b": ("乙", 1), "c": (None, None), "d": (None, None)},
        id="both choices full: left unplaced although 丙 has room (nobody chose 丙)",
    ),
    pytest.param(
        [Mentor("甲", 0, 0), Mentor("乙", 0, 1)],
        [_a("a", "甲", "乙"), _a("b", "甲")],
        {},
        ["a", "b"],
        {"a": ("乙", 2), "b": (None, None)},
        id="capacity 0 takes nobody, not even a first choice",
    ),
    pytest.param(
        [Mentor("甲", 0, 1)],
        [_a("a", "甲"), _a("b", "甲")],
        {"甲": {"b": 1, "x": 2}},
        ["a", "b"],
        {"a": (None, None), "b": ("甲", 1)},
        id="a mentor ranking someone who did not apply changes nothing for the others",
    ),
    pytest.param(
        [Mentor("甲", 0, 2)],
        [_a("a", "甲"), _a("b", "甲"), _a("c", "甲")],
        {"甲": {"c": 3, "a": 3}},
        ["b", "a", "c"],
        {"a": ("甲", 1), "c": ("甲", 1), "b": (None, None)},
        id="ties in the mentor's order go by the fallback; every ranked one before the unranked",
    ),
    pytest.param(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 1)],
        [_a("a", "乙", "甲"), _a("b", "甲", "乙")],
        {"甲": {"a": 1}, "乙": {"b": 1}},
        ["a", "b"],
        {"a": ("乙", 1), "b": ("甲", 1)},
        id="a mentor's first rank does not pull in a second choice over a first choice",
    ),
    pytest.param(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 1)],
        [_a("a", "甲", "乙", line="宣传"), _a("b", "乙", line="组织")],
        {},
        ["a", "b"],
        {"a": ("甲", 1), "b": ("乙", 1)},
        id="a line of work unlike the mentor's places all the same",
    ),
    pytest.param(
        [Mentor("甲", 0, 3)],
        [],
        {},
        [],
        {},
        id="a round without applicants",
    ),
    pytest.param(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 1)],
        [_a("a", "", "乙"), _a("b", "甲", "乙"), _a("c", "", "")],
        {},
        ["b", "a", "c"],
        {"a": ("乙", 2), "b": ("甲", 1), "c": (None, None)},
        id="a blank first choice takes part in step 2 with the second; no choice at all is left unplaced",
    ),
    pytest.param(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 1)],
        [_a("a", "", "乙"), _a("b", "甲", "乙"), _a("c", "甲")],
        {},
        ["c", "b", "a"],
        {"a": (None, None), "b": ("乙", 2), "c": ("甲", 1)},
        id="a blank first choice competes in step 2 in the mentor's order like any second choice",
    ),
    pytest.param(
        [Mentor("甲", 0, 1)],
        [_a("a", "", "甲"), _a("b", "甲")],
        {"甲": {"a": 1}},
        ["a", "b"],
        {"a": (None, None), "b": ("甲", 1)},
        id="a blank first choice never displaces a first choice, however the mentor ranks it",
    ),
]


@pytest.mark.parametrize(("mentors", "applicants", "rankings", "fallback", "expected"), ROUNDS)
def test_rounds(mentors, applicants, rankings, fallback, expected):
    assert _run(mentors, applicants, rankings, fallback)[1] == expected


def test_capacity_zero_is_said_as_such_never_as_taken_by_first_choices():
    mentors = [Mentor("甲", 0, 0), Mentor("乙", 0, 1)]
    _result, _placed, notes = _run(mentors, [_a("a", "甲", "乙"), _a("b", "乙", "甲"), _a("c", "乙", "甲")])
    assert notes["a"].startswith(
        "第一志愿导师“甲”本次不带学员（最多0人）；第二志愿导师“乙”的名额已被第一志愿"
    )
    assert notes["c"].endswith("；第二志愿导师“甲”本次不带学员（最多0人）。需人工决定")
    _result, _placed, notes = _run([Mentor("甲", 0, 0)], [_a("a", "甲")])
    assert notes["a"] == "第一志愿导师“甲”本次不带学员（最多0人）；未填第二志愿。需人工决定"


def test_second_choice_full_of_first_choices_says_so():
    _r, _p, notes = _run(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 1)], [_a("a", "甲"), _a("b", "甲", "乙"), _a("c", "乙")]
    )
    assert notes["b"].endswith(
        "第二志愿导师“乙”的名额已被第一志愿学员占满（最多1人，最后录取的是学员c）。需人工决定"
    )


def test_a_line_unlike_the_mentors_is_noted_not_refused():
    mentors = [Mentor("甲", 0, 1, "组织"), Mentor("乙", 0, 1, "宣传")]
    result, placed, notes = _run(mentors, [_a("a", "甲", line="宣 传"), _a("b", "乙", line="宣传")])
    assert placed == {"a": ("甲", 1), "b": ("乙", 1)}
    assert notes["a"].endswith("；所填条线“宣 传”与导师“甲”的条线“组织”不同，请留意")
    assert "条线" not in notes["b"]
    assert not result.refused()


def test_one_choice_only_and_adjustable_applicants_are_left_for_a_decision_saying_so():
    mentors = [Mentor("甲", 0, 1)]
    _r, placed, notes = _run(mentors, [_a("a", "甲"), _a("b", "甲"), _a("c", "甲", adjustable=True)])
    assert placed["b"] == placed["c"] == (None, None)
    assert notes["b"].endswith("；未填第二志愿。需人工决定")
    assert notes["c"].endswith("；未填第二志愿，本人服从调剂。需人工决定")


def test_flags_for_nobody_chose_and_below_minimum_count_only_valid_rows():
    mentors = [Mentor("甲", 2, 3), Mentor("乙", 1, 2), Mentor("丙", 0, 2)]
    result, _p, _n = _run(mentors, [_a("a", "甲"), _a("b", "乙", "乙")])
    assert (
        result.flags
        == [
            "导师“甲”只分到1人，少于最少2人",
            "导师“乙”只分到0人，少于最少1人，参加分配的学员中没有人选择这位导师",  # 学员b's row is refused: not a choice
            "导师“丙”只分到0人，参加分配的学员中没有人选择这位导师",  # 最少 0: nobody below it, but nobody chose 丙 either
        ]
    )
    assert result.summary() == "第一志愿 1 人，第二志愿 0 人，未分配 0 人，有误未参加分配 1 人"


def test_a_mentor_nobody_chose_is_flagged_whatever_the_minimum():
    """The README: mentors under 最少 "(or chosen by nobody)" are flagged — 最少 0 hides neither; a mentor someone
    chose who was left with nobody (everyone placed elsewhere first) is within 最少 0 and not flagged."""
    mentors = [Mentor("甲", 0, 1), Mentor("乙", 0, 2), Mentor("丙", 0, 2)]
    result, placed, _n = _run(mentors, [_a("a", "甲", "乙")])
    assert placed == {"a": ("甲", 1)}
    assert result.flags == ["导师“丙”只分到0人，参加分配的学员中没有人选择这位导师"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("周建华", "周建华"),
        ("周 建华 ", "周建华"),
        ("周建华老师", "周建华"),
        ("周建华副部长", "周建华"),
        ("周建华（组织）", "周建华"),
        ("周建华(组织部副部长)", "周建华"),
        ("周部长", None),
        ("周老师", None),
        ("老师", None),
        ("王建国", None),
        ("", None),
    ],
)
def test_match_mentor(text, expected):
    assert match_mentor(text, ["周建华", "孙丽萍", "孙丽"]) == expected


@pytest.mark.parametrize(
    ("choice", "hint"),
    [
        ("周部长", "（是否是“周建华”？）"),
        ("周老师", "（是否是“周建华”？）"),
        ("孙老师", ""),  # 孙丽萍 and 孙丽: no guess
        ("王老师", ""),
        ("欧阳主任", "（是否是“欧阳明”？）"),
        ("组织部周建华", "（是否是“周建华”？）"),
        ("周建化", ""),  # a wrong character: no guess either
        ("周建华、欧阳明", "（一格只能填一位导师）"),
        ("孙丽萍同学", "（是否是“孙丽萍”？）"),  # 孙丽 is inside 孙丽萍: one name, not two
    ],
)
def test_an_unknown_mentor_is_refused_naming_the_likely_one(choice, hint):
    mentors = [Mentor("周建华", 0, 1), Mentor("孙丽萍", 0, 1), Mentor("孙丽", 0, 1), Mentor("欧阳明", 0, 1)]
    result, _p, notes = _run(mentors, [_a("a", choice)])
    assert result.refused()
    assert notes["a"] == (
        f"未参加分配：第一志愿“{choice}”不在导师名单中{hint}，请核对导师姓名（与“导师”表中的写法一致）"
    )


_POOL = ["周建华", "孙丽萍", "欧阳明", "何志强"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_POOL),
    st.lists(st.sampled_from(["", " ", "\u3000", "\t"]), min_size=4, max_size=4),
    st.sampled_from(["", "老师", "副部长", "（组织）", "(党建)", " 同志"]),
)
def test_a_mentor_name_spaced_and_titled_any_way_is_that_mentor(name, gaps, suffix):
    spaced = "".join(gap + char for gap, char in zip(gaps, name + " ", strict=False)) + suffix
    assert match_mentor(spaced, _POOL) == name


def test_blank_choices_are_no_error_and_never_block_the_round():
    """Issue 11: only an unknown mentor or the same mentor twice is an error on the row; a blank first choice
    (the reader makes '/', '无', '—' blank) goes to step 2, no choice at all is listed for a decision."""
    mentors = [Mentor("甲", 0, 1), Mentor("乙", 0, 1)]
    result, _placed, _notes = _run(mentors, [_a("a", "", "乙"), _a("b", "", ""), _a("c", "甲")])
    assert result.refused() == []
    assert [o.applicant.key for o in result.unplaced()] == ["b"]
    assert result.summary() == "第一志愿 1 人，第二志愿 1 人，未分配 1 人"


_HALF = "（共1人，导师未排序，按考核总分和姓名顺序），名额1人，已录取"

# (mentors, applicants, the applicant whose 说明 is read, that 说明)
NOTES = [
    pytest.param(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 1)],
        [_a("a", "", "乙")],
        "a",
        "未填第一志愿；第二志愿：在导师“乙”的顺序中排第1位" + _HALF,
        id="blank first choice, placed with the second",
    ),
    pytest.param(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 1)],
        [_a("a", "", "乙"), _a("b", "乙")],
        "a",
        "未填第一志愿；第二志愿导师“乙”的名额已被第一志愿学员占满（最多1人，最后录取的是学员b）。需人工决定",
        id="blank first choice, the second full",
    ),
    pytest.param([Mentor("甲", 0, 1)], [_a("a", "")], "a", "未填志愿。需人工决定", id="no choice"),
    pytest.param(
        [Mentor("甲", 0, 1)],
        [_a("a", "", adjustable=True)],
        "a",
        "未填志愿，本人服从调剂。需人工决定",
        id="no choice, 服从调剂",
    ),
    pytest.param(
        [Mentor("甲", 0, 1)],
        [Applicant("a", "学员a", 3, "", third="甲")],
        "a",
        "未填第一、第二志愿；第三志愿“甲”不参与分配。需人工决定",
        id="only a third choice",
    ),
    pytest.param(
        [Mentor("甲", 0, 1)],
        [Applicant("a", "学员a", 3, "甲", third="乙老师")],
        "a",
        "第一志愿：在导师“甲”的顺序中排第1位" + _HALF + "；第三志愿“乙老师”不参与分配",
        id="a third choice beside a placement",
    ),
    pytest.param(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 1)],
        [_a("a", "甲", "乙"), _a("b", "乙"), Applicant("c", "学员c", 5, "甲", "乙", third="丙")],
        "c",
        "第一志愿导师“甲”名额已满（可录1人，本人在2人中排第2位，导师未排序，按考核总分和姓名顺序；"
        "与最后录取的学员a都没有考核总分，按姓名顺序在后）；第二志愿导师“乙”的名额已被第一志愿学员占满"
        "（最多1人，最后录取的是学员b）；第三志愿“丙”不参与分配。需人工决定",
        id="a third choice beside both choices full",
    ),
    pytest.param(
        [Mentor("甲", 0, 0, room="导师库中最多2人，已有在带对子2个")],
        [_a("a", "甲")],
        "a",
        "第一志愿导师“甲”本次不带学员（最多0人，导师库中最多2人，已有在带对子2个）；未填第二志愿。需人工决定",
        id="a mentor whose pool room is taken by running pairs says so",
    ),
]


@pytest.mark.parametrize(("mentors", "applicants", "key", "note"), NOTES)
def test_notes(mentors, applicants, key, note):
    assert _run(mentors, applicants)[2][key] == note


def _t(key: str, name: str, total: str | None) -> Applicant:
    """An applicant of 甲 (no second choice) with the latest appraisal total."""
    return Applicant(key, name, 3, "甲", total=None if total is None else D(total))


_TAKEN = "第一志愿导师“甲”名额已满（可录1人，本人在2人中排第2位，{0}；{1}）；未填第二志愿。需人工决定"
_UNRANKED = "导师未排序，按考核总分和姓名顺序"

# (applicants in the fallback order, the mentor's own 顺位, the loser's 说明, the end of the winner's 说明)
TIES = [
    pytest.param(
        [_t("g", "高豪霞", "88.26"), _t("t", "谭强", "88.26")],
        {},
        _TAKEN.format(_UNRANKED, "与最后录取的高豪霞考核总分相同（88.26），按姓名顺序在后"),
        "已录取；与未录取的谭强考核总分相同（88.26），按姓名顺序在前",
        id="equal totals: the name order decided, with the value",
    ),
    pytest.param(
        [_t("t", "谭强", "90.10"), _t("g", "高豪霞", "85.00")],
        {},
        _TAKEN.format(_UNRANKED, "最后录取的谭强考核总分90.10，高于本人的85.00"),
        "已录取",
        id="a higher total decided",
    ),
    pytest.param(
        [_t("t", "谭强", "90.10"), _t("g", "高豪霞", None)],
        {},
        _TAKEN.format(_UNRANKED, "最后录取的谭强考核总分90.10，本人没有考核总分"),
        "已录取",
        id="no total comes after a total",
    ),
    pytest.param(
        [_t("g", "高豪霞", None), _t("t", "谭强", None)],
        {},
        _TAKEN.format(_UNRANKED, "与最后录取的高豪霞都没有考核总分，按姓名顺序在后"),
        "已录取；与未录取的谭强都没有考核总分，按姓名顺序在前",
        id="neither has a total: the name order decided",
    ),
    pytest.param(
        [_t("g", "高豪霞", "80"), _t("t", "谭强", "95")],
        {"g": 1},
        _TAKEN.format(_UNRANKED, "最后录取的高豪霞导师排序第1位，本人未被导师排序"),
        "已录取",
        id="the mentor's own rank decided over a higher total",
    ),
    pytest.param(
        [_t("g", "高豪霞", "80"), _t("t", "谭强", "95")],
        {"g": 1, "t": 2},
        _TAKEN.format("导师排序第2位", "最后录取的高豪霞导师排序第1位，本人第2位"),
        "已录取",
        id="two ranks decided",
    ),
    pytest.param(
        [_t("t", "谭强", "90.10"), _t("g", "高豪霞", "88.26")],
        {"g": 1, "t": 1},
        _TAKEN.format(
            "导师排序第1位，与他人并列，按考核总分和姓名顺序",
            "最后录取的谭强与本人导师排序同为第1位，考核总分90.10，高于本人的88.26",
        ),
        "已录取",
        id="the same rank: the total decided",
    ),
    pytest.param(
        [_t("g", "高豪霞", "88.26"), _t("t", "谭强", "88.26")],
        {"g": 2, "t": 2},
        _TAKEN.format(
            "导师排序第2位，与他人并列，按考核总分和姓名顺序",
            "与最后录取的高豪霞导师排序同为第2位、考核总分相同（88.26），按姓名顺序在后",
        ),
        "已录取；与未录取的谭强导师排序同为第2位、考核总分相同（88.26），按姓名顺序在前",
        id="the same rank and total: the name order decided",
    ),
    pytest.param(
        [_t("1", "张伟", "80"), _t("2", "张 伟", "80")],
        {},
        _TAKEN.format(_UNRANKED, "与最后录取的张伟考核总分相同（80），按公民身份号码顺序在后"),
        "已录取；与未录取的张 伟考核总分相同（80），按公民身份号码顺序在前",
        id="namesakes: the ID number decided",
    ),
]


@pytest.mark.parametrize(("applicants", "ranks", "lost", "won"), TIES)
def test_the_note_says_what_decided_the_last_place(applicants, ranks, lost, won):
    result = assign([Mentor("甲", 0, 1)], applicants, {"甲": ranks}, [a.key for a in applicants])
    (winner,), (loser,) = result.taken["甲"], [o for o in result.unplaced()]
    notes = {o.applicant.key: o.note for o in result.outcomes}
    assert notes[loser.applicant.key] == lost
    assert notes[winner].endswith(won)


def test_a_three_way_tie_names_who_took_the_last_place():
    """Two places, three level: both placed say they came before the one left; the one left names the last."""
    applicants = [_t("a", "甲一", "88"), _t("b", "乙二", "88"), _t("c", "丙三", "88")]
    result = assign([Mentor("甲", 0, 2)], applicants, {}, ["a", "b", "c"])
    notes = {o.applicant.key: o.note for o in result.outcomes}
    assert notes["a"].endswith("已录取；与未录取的丙三考核总分相同（88），按姓名顺序在前")
    assert notes["b"].endswith("已录取；与未录取的丙三考核总分相同（88），按姓名顺序在前")
    assert (
        "排第3位，导师未排序，按考核总分和姓名顺序；与最后录取的乙二考核总分相同（88），按姓名顺序在后）"
        in notes["c"]
    )
