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
        ("半天", None, "不能换算成学时数"), ("0.5天", None, "半天可能是 3.5 或 4 学时"),
        ("1.5天", None, "不能换算成学时数"), ("3天", None, "一天可能是 6、7 或 8 学时"), ("两天", None, "不能换算"),
        ("2个工作日", None, "不能换算"), ("上午", None, "不能换算"), ("4.3", None, "0.5 的整数倍"),
        ("-2", None, "负数"), (4.25, None, "0.5"),
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


WEEK = rules.RemedialCourse(dt.date(2026, 3, 2), dt.date(2026, 3, 6), D(40))  # 5 working days, 40 学时
SIX = rules.RemedialCourse(dt.date(2026, 3, 2), dt.date(2026, 3, 9), D(40))  # 6 working days
TEN = rules.RemedialCourse(dt.date(2026, 3, 2), dt.date(2026, 3, 13), D(80))  # 10 working days
SHORT = rules.RemedialCourse(dt.date(2026, 3, 2), dt.date(2026, 3, 5), D(32))  # 4 working days


@pytest.mark.parametrize(
    ("course", "days", "needed"),
    [
        (WEEK, 5, D(40)),  # a course as long as required: all of it
        (TEN, 5, D(40)),  # half of a ten-day course of 80
        (SIX, 5, D("33.5")),  # 40 × 5 / 6 = 33.33…, to the half hour above
        (rules.RemedialCourse(dt.date(2026, 3, 2), dt.date(2026, 3, 9), D(36)), 5, D(30)),  # exactly 30
        (SHORT, 5, None),  # four days never cover five
        (rules.RemedialCourse(dt.date(2026, 3, 7), dt.date(2026, 3, 8), D(8)), 1, None),  # a weekend only
        (rules.RemedialCourse(dt.date(2026, 3, 2), dt.date(2026, 3, 13), D("0.5")), 1, D("0.5")),  # never 0
    ],
)
def test_hours_needed_to_cover_the_required_days_pro_rata(course, days, needed):
    assert rules.hours_needed(course, days) == needed


@pytest.mark.parametrize(
    ("attended", "result", "needed", "covers"),
    [
        (D(40), "合格", D(40), True),
        (D(40), None, D(40), True),  # a result not recorded yet does not fail it
        (D(40), "75", D(40), True),
        (D(41), "60", D(40), True),
        (D("39.5"), "合格", D(40), False),  # half an hour short
        (D(4), "合格", D(40), False),  # half a morning is not a week
        (D(2), None, D(40), False),
        (None, "合格", D(40), False),  # hours left blank
        (D(0), None, D(40), False),  # an absence
        (D(40), "不合格", D(40), False),
        (D(40), "55", D(40), False),  # a score below 60
        (D(40), "59.5", D(40), False),
        (D(40), "合格", None, False),  # the course is too short
    ],
)
def test_attendance_covers_only_with_enough_hours_and_no_failing_result(attended, result, needed, covers):
    assert rules.attendance_covers(attended, result, needed) is covers


@pytest.mark.parametrize(
    ("course", "attended", "result", "today", "ids"),
    [
        (WEEK, D(40), "合格", dt.date(2026, 3, 6), [1]),  # ends today: covered
        (WEEK, D(40), "合格", dt.date(2026, 3, 5), []),  # not ended yet
        (WEEK, D(4), "合格", dt.date(2026, 4, 10), []),  # a few hours of a week
        (SIX, D("33.5"), "合格", dt.date(2026, 4, 10), [1]),  # five of its six days
        (SIX, D(40), "合格", dt.date(2026, 4, 10), [1, 2]),  # all six days: the six-day requirement too
        (SIX, D(33), "合格", dt.date(2026, 4, 10), []),
        (TEN, D(48), "合格", dt.date(2026, 4, 10), [1, 2]),  # 6 of 10 days
        (SHORT, D(32), "合格", dt.date(2026, 4, 10), []),
        (WEEK, D(40), "不合格", dt.date(2026, 4, 10), []),
        (WEEK, D(0), None, dt.date(2026, 4, 10), []),
    ],
)
def test_a_requirement_is_covered_by_the_days_attended_after_it_was_made(
    course, attended, result, today, ids
):
    reqs = [
        OpenRemedial(1, 5, dt.date(2026, 1, 10)),
        OpenRemedial(2, 6, dt.date(2026, 1, 10)),  # needs six days
        OpenRemedial(3, 5, dt.date(2026, 4, 1)),  # made after every course here ended
    ]
    assert [r.id for r in rules.covered(reqs, course, attended, result, today)] == ids


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
