"""The attendance import's notices about hours, said once above the rows: how a list without a 学时 column is
counted (by its sign-in columns and 备注, or everyone the course's hours), hours written in 小时 read as 学时,
and a course that has not ended yet (its 补课 close, and its hours count, once it has).

Pure: the plan's columns and rows as read; no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from app.exchange.columns import normalize_label, summarize_labels
from app.training.attendance_sheet import HINT
from app.training.courses import Course
from app.training.rules import REMEDIAL, hours_text

# Header words of a sign-in column (上午签到, 下午签到, 签名, 考勤 …).
SIGN_IN = ("签到", "签名", "上午", "下午", "晚上", "考勤")
# Whole labels of a column saying, in a word, whether each person came (出勤情况: 缺勤 / 是否参加: 否 …): read as
# a sign-in column, or the absent would be credited the course's hours and their 补课 closed. Whole labels, not
# words in them: '参加工作时间' is no attendance.
ATTENDED = frozenset(
    (
        "出勤", "出勤情况", "是否出勤", "出勤状态", "到课", "是否到课", "到课情况", "到会情况", "是否到会",
        "参加情况", "是否参加", "参训情况", "是否参训", "参训状态", "出席情况", "是否出席",
    )
)  # fmt: skip
_REMARKS = ("备注", "说明", "情况说明", "备注说明", "缺勤说明", "请假情况", "缺勤情况")
_ABSENT_SAID = "写“缺勤”“请假”“未参加”等的按缺勤计（0 学时）"


def sign_in_columns(headers: Sequence[str], read: Sequence[int]) -> tuple[list[int], list[int]]:
    """The columns not otherwise read that say who was there: sign-in columns, and 备注."""
    signs, remarks = [], []
    for column, header in enumerate(headers):
        if not header or column in read:
            continue
        label = normalize_label(header)
        if any(word in label for word in SIGN_IN) or HINT.sub("", label) in ATTENDED:
            signs.append(column)
        elif label in _REMARKS:
            remarks.append(column)
    return signs, remarks


def absence_columns(headers: Sequence[str], read: Sequence[int]) -> list[int]:
    """Beside a 学时 column, the columns that can still say a person was absent: 备注, and a column of
    出勤情况 / 是否参加. A sign-in column is left out: 上午签到 '缺勤' beside 4 学时 is that session's absence."""
    signs, remarks = sign_in_columns(headers, read)
    attended = [c for c in signs if HINT.sub("", normalize_label(headers[c])) in ATTENDED]
    return sorted(remarks + attended)


def absence_notice(headers: Sequence[str], columns: Sequence[int]) -> list[str]:
    """Said once: what the 备注 (or 出勤情况) column is read for beside the 学时 column."""
    if not columns:
        return []
    labels = summarize_labels([headers[c] for c in columns])
    return [f"“{labels}”列{_ABSENT_SAID}；同时填了学时（大于 0）的行被拒绝，因为不知道是缺勤还是参训了"]


def no_hours_notices(
    course: Course, headers: Sequence[str], signs: Sequence[int], remarks: Sequence[int], signing: bool
) -> list[str]:
    """How a list without a 学时 column is counted: by its sign-in columns when someone signed, else everyone
    listed the course's hours; 备注 (and the sign-in cells) saying an absence is 0 学时."""
    hours = hours_text(course.hours)
    labels = summarize_labels([headers[c] for c in signs])
    if signing:
        where = "签到栏或备注" if remarks else "签到栏"
        return [
            f"表中没有“学时”列，按签到列（{labels}）计：签到栏都签了到的按培训班学时 {hours} 计，{where}{_ABSENT_SAID}；"
            "只签了一部分（如只签了上午）或没有签到的行被拒绝，因为看不出实际参训了多少学时：请在表中加“学时”列填写实际学时"
        ]
    lines = [f"表中没有“学时”列：名单上的每人按培训班学时 {hours} 计"]
    if signs:
        lines.append(
            f"签到列（{labels}）都没有填写，没有用来计算学时：没有全程参加的人，请在表中加“学时”列填写实际学时"
        )
    if remarks:
        lines.append(f"“{headers[remarks[0]]}”列{_ABSENT_SAID}")
    return lines


def clock_hours_notice(label: str, rows: Sequence[tuple[int, str]]) -> list[str]:
    """'2小时' read as 2 学时, said once with where: a 学时 is often 45 minutes, so the clerk checks."""
    if not rows:
        return []
    shown = "、".join(f"第{row}行“{text}”" for row, text in rows[:3])
    more = f"等 {len(rows)} 行" if len(rows) > 3 else ""
    return [
        f"注意：“{label}”列中{shown}{more}写的是小时，已按学时读取（1 小时算 1 学时）。1 学时常为 45 分钟，"
        "如果填的是实际小时数，请换算成学时后重新导入"
    ]


def running_notice(course: Course, today: dt.date) -> list[str]:
    """A course that ends after today: its 补课 close, and its hours count, once it has ended."""
    if course.end_date <= today:
        return []
    hours = "学时在培训班结束后计入当年的学时统计"
    if course.category == REMEDIAL:
        return [
            f"培训班尚未结束（结束于 {course.end_date}）：补课要在培训班结束后才算完成，"
            f"届时再导入一次名单或在窗口中记录即可；{hours}"
        ]
    return [f"培训班尚未结束（结束于 {course.end_date}）：{hours}"]
