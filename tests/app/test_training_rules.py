"""The training rules, table-driven: hours to half an hour, results, the stage order, working days, which
补课 requirements a course covers, and each person's standing against the requirement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from app.training import rules
from app.training.rules import HoursError, OpenRemedial, ResultError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4.5", D("4.5")), (4.5, D("4.5")), (4, D(4)), ("4.5学时", D("4.5")), (" ４.５ 小时", D("4.5")),
        ("8课时", D(8)), ("0", D(0)), (None, None), ("", None), ("  ", None), (D("3.0"), D(3)),
        (2.2 + 2.3 - 1e-15, D("4.5")), ("4.5个学时", D("4.5")), (40.0, D(40)),
    ],
)  # fmt: skip
def test_hours_read(raw, expected):
    assert rules.parse_hours(raw) == expected


@pytest.mark.parametrize(
    ("raw", "limit", "says"),
    [
        ("半天", None, "不是数字"), ("4.3", None, "0.5 的整数倍"), ("-2", None, "负数"), (4.25, None, "0.5"),
        ("1000", None, "过大"), ("9", D(8), "超过培训班的总学时 8"), ("nan", None, "不是数字"), (True, None, None),
    ],
)  # fmt: skip
def test_hours_refused(raw, limit, says):
    if says is None:
        assert rules.parse_hours(raw) is None
        return
    with pytest.raises(HoursError, match=says):
        rules.parse_hours(raw, limit=limit)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("合格", "合格"), ("通过", "合格"), (" 不 合 格", "不合格"), ("85", "85"), (85.5, "85.5"), ("90分", "90"),
     ("100", "100"), (None, None), ("", None), ("60.0", "60")],
)  # fmt: skip
def test_result_read(raw, expected):
    assert rules.parse_result(raw) == expected


@pytest.mark.parametrize(
    ("raw", "says"), [("120", "超出范围"), ("-1", "超出范围"), ("良", "无法识别"), ("85.55", "一位小数")]
)
def test_result_refused(raw, says):
    with pytest.raises(ResultError, match=says):
        rules.parse_result(raw)


@pytest.mark.parametrize(
    ("result", "ok"),
    [("合格", True), ("不合格", False), (None, False), ("60", True), ("59.5", False), ("100", True)],
)
def test_passed(result, ok):
    assert rules.passed(result) is ok


@pytest.mark.parametrize(
    ("category", "completed", "missing"),
    [
        ("入门", set(), None), ("进阶", set(), "入门"), ("进阶", {"入门"}, None), ("全面", {"入门"}, "进阶"),
        ("全面", {"进阶"}, None), ("专题培训", set(), None), ("补课", set(), None),
    ],
)  # fmt: skip
def test_stage_order(category, completed, missing):
    said = rules.missing_stage(category, completed)
    if missing is None:
        assert said is None
    else:
        assert f"尚未完成“{missing}”" in said and category in said


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        ("2026-03-02", "2026-03-06", 5),  # Monday to Friday
        ("2026-03-02", "2026-03-08", 5),  # and the weekend
        ("2026-03-07", "2026-03-08", 0),  # a weekend only
        ("2026-03-06", "2026-03-09", 2),  # Friday to Monday
        ("2026-03-02", "2026-03-13", 10),
        ("2026-03-04", "2026-03-04", 1),
        ("2026-03-05", "2026-03-04", 0),  # end before start
        ("2026-02-26", "2026-03-04", 5),  # across a month
    ],
)
def test_working_days(start, end, days):
    assert rules.working_days(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) == days


def test_cover_needs_enough_days_and_a_course_after_the_requirement():
    reqs = [
        OpenRemedial(1, 5, dt.date(2026, 1, 10)),
        OpenRemedial(2, 6, dt.date(2026, 1, 10)),  # needs six days
        OpenRemedial(3, 5, dt.date(2026, 4, 1)),  # made after the course
    ]
    got = rules.covered(reqs, dt.date(2026, 3, 2), dt.date(2026, 3, 6))
    assert [r.id for r in got] == [1]
    assert rules.covered(reqs, dt.date(2026, 3, 2), dt.date(2026, 3, 5)) == []


def test_standing_against_each_roles_requirement():
    people = [
        (1, "甲", "1", "instructor"),
        (2, "乙", "2", "reserve_cadre"),
        (3, "丙", "3", "community_worker"),
    ]
    got = rules.standing(people, {1: D(50), 2: D("30.5")}, {"instructor": D(48), "reserve_cadre": D(40)})
    assert [(p.hours, p.required, p.short, p.below) for p in got] == [
        (D(50), D(48), D(0), False),
        (D("30.5"), D(40), D("9.5"), True),
        (D(0), D(48), D(48), True),  # nobody set it: the default 48
    ]
