"""The 学时 and 结果 cells of an attendance list in the words streets write them (app/training/attendance_cells)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.training.attendance_cells import Attended, read_attendance

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
