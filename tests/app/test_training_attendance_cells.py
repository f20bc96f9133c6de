"""The 学时 and 结果 cells of an attendance list in the words streets write them, and a sign-in sheet's 签到 cells
and 备注 without a 学时 column (app/training/attendance_cells)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.training.attendance_cells import (
    Attended,
    SignCell,
    read_attendance,
    read_sign_in,
    said_in_clock_hours,
)

EIGHT = D(8)


@pytest.mark.parametrize(
    ("hours", "result", "has_hours", "expected"),
    [
        ("3学时", "通过", True, Attended("3", "合格")),
        (1.5, "85分", True, Attended("1.5", "85")),
        (None, None, True, Attended(None, None)),
        ("4.5 小时", "优秀", True, Attended("4.5", "合格")),
        (8, "及格", True, Attended("8", "合格")),
        (0, "缺考", True, Attended("0", "不合格")),
        (4, "不及格", True, Attended("4", "不合格")),
        (None, "是", False, Attended("8", "合格")),  # a 是否合格 column, no 学时 column: the course's hours
        (None, "否", False, Attended("8", "不合格")),
        (None, "√", False, Attended("8", "合格")),  # a tick in a 是否合格 column
        (None, "×", False, Attended("8", "不合格")),
        (None, "缺勤", True, Attended("0", None, "缺勤")),
        (0, "请假", True, Attended("0", None, "请假")),
        (None, " 病 假 ", False, Attended("0", None, "病假")),  # absent: not the course's hours
        # 缺勤 written in the 学时 column, as ledgers often do: the same absence
        ("缺勤", None, True, Attended("0", None, "缺勤")),
        (" 请 假 ", "  ", True, Attended("0", None, "请假")),
        ("缺勤", "缺勤", True, Attended("0", None, "缺勤")),
        ("未参加", "不合格", True, Attended("0", "不合格", "未参加")),  # absent and failed: both kept
    ],
)
def test_hours_and_results_as_written(hours, result, has_hours, expected):
    assert read_attendance(hours, result, EIGHT, has_hours) == (expected, [])


@pytest.mark.parametrize(
    ("hours", "result", "what", "said"),
    [
        ("半天", "合格", "hours", "3.5 或 4"),
        ("一天", "合格", "hours", "6、7 或 8"),
        ("0.5天", "合格", "hours", "学时“0.5天”不能换算成学时数（半天可能是 3.5 或 4"),  # a number, of days
        ("1.5天", "合格", "hours", "不能换算成学时数"),
        ("3天", None, "hours", "不能换算成学时数"),
        ("３ 天", None, "hours", "不能换算成学时数"),
        (9, "合格", "hours", "超过培训班的总学时 8"),
        (8, "缺勤", "hours", "结果写的是“缺勤”，学时却是 8"),
        (8, "好", "result", "没有参训的请写“缺勤”"),
        (8, 120, "result", "超出范围"),
        ("缺勤", "合格", "result", "学时写的是“缺勤”，结果却是“合格”"),
        ("缺勤", 85, "result", "学时写的是“缺勤”，结果却是“85”"),  # a score is no blank: never dropped
    ],
)
def test_what_cannot_be_read_is_named_by_its_column(hours, result, what, said):
    _attended, errors = read_attendance(hours, result, EIGHT, True)
    assert [e.what for e in errors] == [what] and said in str(errors[0])


def test_both_cells_wrong_are_both_named():
    _attended, errors = read_attendance("半天", "好", EIGHT, True)
    assert [e.what for e in errors] == ["hours", "result"]
    assert "缺勤" not in str(read_attendance(8, 120, EIGHT, True)[1][0])


@pytest.mark.parametrize(
    ("raw", "said"),
    [("2小时", True), ("2 小时", True), ("4.5h", True), ("3个小时", True), ("2学时", False), (2, False),
     ("2", False), (None, False), ("2课时", False)],
)  # fmt: skip
def test_hours_written_in_clock_hours_are_told_apart(raw, said):
    assert said_in_clock_hours(raw) is said


AM, PM, NOTE = "上午签到", "下午签到", "备注"


def sign_in(morning, afternoon, note=None, *, signing=True):
    signs = [SignCell(0, AM, morning), SignCell(1, PM, afternoon)]
    return read_sign_in(signs, [SignCell(9, NOTE, note)], EIGHT, signing)


@pytest.mark.parametrize(
    ("morning", "afternoon", "note", "absence", "column"),
    [
        ("张三", "张三", None, None, None),  # signed twice: there all day
        ("√", "8:30", "组长", None, None),  # a tick, a time; a note that says no absence
        ("缺勤", "缺勤", "缺勤", "缺勤", 0),
        (None, None, "请假", "请假", 9),  # nothing signed, 备注 says why
        ("请假", None, None, "请假", 0),
        ("×", "×", None, "缺勤", 0),  # a cross: not signed
        (None, " 病 假 ", "", "病假", 1),
        ("因病请假", "因病请假", None, "请假", 0),  # the word within a few more
        ("上午请假", "下午请假", None, "请假", 0),  # each session's own absence
    ],
)
def test_a_sign_in_row_is_present_or_absent(morning, afternoon, note, absence, column):
    said = sign_in(morning, afternoon, note)
    assert (said.absence, said.column, said.message) == (absence, column, "")


@pytest.mark.parametrize(
    ("morning", "afternoon", "note", "column", "says"),
    [
        ("刘丹飞", None, None, 1, "只在“上午签到”签了到，“下午签到”没有签到：表中没有“学时”列"),
        ("刘丹飞", "请假", None, 1, "“下午签到”写着“请假”"),
        (None, "刘丹飞", None, 0, "只在“下午签到”签了到"),
        (None, None, None, 0, "没有签到（“上午签到”、“下午签到”都是空的）"),
        (None, None, "组长", 0, "没有签到"),
        ("张三", "张三", "请假", 9, "签到栏都已签到，备注却写着“请假”"),
        ("张三", "张三", "下午早退", 9, "备注写着“下午早退”，没有全程参加"),
        (None, None, "上午请假", 9, "备注写着“上午请假”，没有全程参加"),
    ],
)
def test_a_sign_in_row_that_cannot_say_the_hours_is_refused_saying_what_to_add(
    morning, afternoon, note, column, says
):
    said = sign_in(morning, afternoon, note)
    assert said.absence is None and said.column == column and says in said.message
    if "没有全程参加" in says or "只在" in says:
        assert (
            "请在表中加一列“学时”，填写每人实际参训的学时（全程参加的填 8，缺勤的填“缺勤”）" in said.message
        )


def test_one_sign_in_column_saying_a_part_of_the_day_is_refused():
    said = read_sign_in([SignCell(2, "签到", "上午请假")], [], EIGHT, True)
    assert said.column == 2 and "签到写着“上午请假”，没有全程参加" in said.message


@pytest.mark.parametrize(
    ("note", "absence"), [(None, None), ("请假", "请假"), ("未参加", "未参加"), ("组长", None)]
)
def test_a_typed_roster_is_read_as_listed_but_its_notes_absences(note, absence):
    """Nobody signed anywhere in the sheet: its sign-in columns wait for the paper, every blank is fine."""
    said = sign_in(None, None, note, signing=False)
    assert (said.absence, said.message) == (absence, "")
