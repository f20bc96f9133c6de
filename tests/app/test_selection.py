"""The two-way mentor selection (app/training/selection.py): table-driven cases and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.training.selection import Applicant, Mentor, assign


def _app(key: str, first: str, second: str = "", row: int = 0) -> Applicant:
    return Applicant(key, f"学员{key}", row or 3 + ord(key[0]), first, second)


def _placed(result) -> dict[str, tuple[str | None, int | None]]:
    return {o.applicant.key: (o.mentor, o.choice) for o in result.outcomes}


CASES = [
    pytest.param(
        [Mentor("甲", 1, 2)],
        [_app("a", "甲"), _app("b", "甲"), _app("c", "甲")],
        {},
        ["c", "a", "b"],
        {"a": ("甲", 1), "c": ("甲", 1), "b": (None, None)},
        id="full mentor takes the first two of the fallback order",
    ),
    pytest.param(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 1)],
        [_app("a", "甲", "乙"), _app("b", "乙"), _app("c", "甲", "乙")],
        {},
        ["a", "b", "c"],
        {"a": ("甲", 1), "b": ("乙", 1), "c": (None, None)},
        id="both choices full",
    ),
    pytest.param(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 2)],
        [_app("a", "甲", "乙"), _app("b", "甲", "乙"), _app("c", "乙")],
        {},
        ["a", "b", "c"],
        {"a": ("甲", 1), "b": ("乙", 2), "c": ("乙", 1)},
        id="second choice with capacity left",
    ),
    pytest.param(
        [Mentor("甲", 0, 1)],
        [_app("a", "甲"), _app("b", "甲")],
        {"甲": {"b": 1}},
        ["a", "b"],
        {"a": (None, None), "b": ("甲", 1)},
        id="own ranking before the fallback",
    ),
    pytest.param(
        [Mentor("甲", 0, 2)],
        [_app("a", "甲"), _app("b", "甲"), _app("c", "甲")],
        {"甲": {"a": 1, "b": 1, "c": 1}},
        ["c", "b", "a"],
        {"a": (None, None), "b": ("甲", 1), "c": ("甲", 1)},
        id="a tie in the ranking is settled by the fallback order",
    ),
    pytest.param(
        [Mentor("甲", 0, 1)],
        [_app("a", "甲"), _app("b", "甲")],
        {"甲": {"a": 2}},
        ["b", "a"],
        {"a": ("甲", 1), "b": (None, None)},
        id="ranked applicants before unranked ones whatever the fallback",
    ),
    pytest.param(
        [Mentor("甲", 0, 1), Mentor("乙", 0, 1)],
        [_app("a", "乙", "甲"), _app("b", "甲")],
        {},
        ["a", "b"],
        {"a": ("乙", 1), "b": ("甲", 1)},
        id="a first choice is never displaced by a second choice ranked higher",
    ),
    pytest.param(
        [Mentor("张 伟", 0, 1)],
        [_app("a", "张伟 ")],
        {},
        [],
        {"a": ("张 伟", 1)},
        id="names match without their spaces",
    ),
]


@pytest.mark.parametrize(("mentors", "applicants", "rankings", "fallback", "expected"), CASES)
def test_assignment(mentors, applicants, rankings, fallback, expected):
    assert _placed(assign(mentors, applicants, rankings, fallback)) == expected


def test_errors_are_on_the_applicants_row():
    mentors = [Mentor("甲", 0, 3)]
    applicants = [
        Applicant("a", "甲甲", 3, "丙", ""),
        Applicant("b", "乙乙", 4, "甲", "甲"),
        Applicant("c", "丙丙", 5, "", "甲"),
        Applicant("d", "丁丁", 6, "甲", "丁"),
        Applicant("e", "戊戊", 7, "甲", ""),
        Applicant("e", "戊戊", 8, "甲", ""),
    ]
    result = assign(mentors, applicants, {}, [])
    notes = [o.note for o in result.outcomes]
    # a blank first choice is no error (issue 11): 丙丙 goes to step 2 with the second choice
    assert [o.refused for o in result.outcomes] == [True, True, False, True, True, True]
    assert "第一志愿“丙”不在导师名单中" in notes[0]
    assert "同一位导师“甲”" in notes[1]
    assert notes[2].startswith("未填第一志愿；第二志愿：在导师“甲”的顺序中排第1位")
    assert "第二志愿“丁”不在导师名单中" in notes[3]
    assert "第7、8行是同一人且志愿不同" in notes[4] and "第7、8行是同一人" in notes[5]
    assert result.summary() == "第一志愿 0 人，第二志愿 1 人，未分配 0 人，有误未参加分配 5 人"


def test_notes_say_why():
    mentors = [Mentor("甲", 0, 1), Mentor("乙", 0, 1)]
    applicants = [_app("a", "甲", "乙"), _app("b", "甲", "乙"), _app("c", "甲")]
    result = assign(mentors, applicants, {"甲": {"a": 1}}, ["a", "b", "c"])
    notes = {o.applicant.key: o.note for o in result.outcomes}
    assert notes["a"] == "第一志愿：在导师“甲”的顺序中排第1位（共3人，导师排序第1位），名额1人，已录取"
    assert notes["b"].startswith("第一志愿导师“甲”名额已满（可录1人，本人在3人中排第2位，导师未排序，按考核")
    assert notes["b"].endswith(
        "第二志愿：在导师“乙”的顺序中排第1位（共1人，导师未排序，按考核总分和姓名顺序），名额1人，已录取"
    )
    assert notes["c"] == (
        "第一志愿导师“甲”名额已满（可录1人，本人在3人中排第3位，导师未排序，按考核总分和姓名顺序；"
        "最后录取的学员a导师排序第1位，本人未被导师排序）；未填第二志愿。需人工决定"
    )
    assert [o.choice_text for o in result.outcomes] == ["1", "2", "—"]


def test_flags_mentors_below_minimum_and_nobody_chose():
    mentors = [Mentor("甲", 2, 3), Mentor("乙", 1, 3), Mentor("丙", 4, 2)]
    result = assign(mentors, [_app("a", "甲")], {}, [])
    assert result.flags == [
        "导师“甲”只分到1人，少于最少2人",
        "导师“乙”只分到0人，少于最少1人，参加分配的学员中没有人选择这位导师",
        "导师“丙”的最少人数（4）大于最多人数（2），按最多2人分配，请在“导师”表中改正",
        "导师“丙”只分到0人，少于最少4人，参加分配的学员中没有人选择这位导师",
    ]


def test_counts():
    mentors = [Mentor("甲", 0, 1), Mentor("乙", 0, 1)]
    applicants = [_app("a", "甲", "乙"), _app("b", "甲", "乙"), _app("c", "甲", "乙")]
    result = assign(mentors, applicants, {}, ["a", "b", "c"])
    assert (result.count(1), result.count(2), len(result.unplaced())) == (1, 1, 1)


_NAMES = ["甲", "乙", "丙", "丁"]


@st.composite
def rounds(draw):
    mentors = [
        Mentor(name, draw(st.integers(0, 3)), draw(st.integers(0, 3)))
        for name in draw(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=4, unique=True))
    ]
    names = [m.name for m in mentors] + ["戊"]
    count = draw(st.integers(0, 12))
    applicants = [
        Applicant(f"k{i}", f"人{i}", i + 3, draw(st.sampled_from(names)), draw(st.sampled_from([*names, ""])))
        for i in range(count)
    ]
    keys = [a.key for a in applicants]
    rankings = {
        m.name: draw(st.dictionaries(st.sampled_from(keys), st.integers(1, 4))) if keys else {}
        for m in mentors
    }
    fallback = draw(st.permutations(keys))
    return mentors, applicants, rankings, fallback


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_properties(data):
    mentors, applicants, rankings, fallback = data
    result = assign(mentors, applicants, rankings, fallback)
    caps = {m.name: m.max_mentees for m in mentors}
    placed = [o for o in result.outcomes if o.mentor]
    for name, cap in caps.items():
        assert sum(1 for o in placed if o.mentor == name) <= cap
    for o in placed:
        chosen = o.applicant.first if o.choice == 1 else o.applicant.second
        assert chosen == o.mentor
    for mentor in caps:
        second_here = [o for o in placed if o.mentor == mentor and o.choice == 2]
        if second_here:  # every valid first-choice applicant of this mentor got in
            firsts = [o for o in result.outcomes if not o.refused and o.applicant.first == mentor]
            assert all(o.mentor == mentor and o.choice == 1 for o in firsts)
    again = assign(list(reversed(mentors)), applicants, rankings, fallback)
    assert _placed(again) == _placed(result)
    assert [o.note for o in again.outcomes] == [o.note for o in result.outcomes]
    shuffled = assign(mentors, list(reversed(applicants)), rankings, fallback)
    assert _placed(shuffled) == _placed(result)
