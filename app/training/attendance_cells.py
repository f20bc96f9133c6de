"""An attendance list's 学时 and 结果 cells in the words streets write them, read into what an enrolment holds.

What the training rules take (app/training/rules.py: hours to 0.5 with their unit, 合格 / 不合格 / a score)
plus the words of a sign-in sheet:
- absence (缺勤, 请假, 未参加 …) in the result column: enrolled but not there — 0 学时 and no result, the word kept
  as the enrolment's note; hours above 0 beside it contradict it and refuse the row. The same word in the 学时
  column is the same absence (a 不合格 beside it kept, a 合格 or a score refused as a contradiction);
- grades in words: 优秀 / 良好 / 中等 / 及格, and 是 or √ (a 是否合格 column) are a pass; 不及格 / 缺考 / 否 / ×
  a fail;
- 半天 and 一天 are refused with why: a day is 6, 7 or 8 学时 depending on the course's timetable.
Pure functions."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from app.training import rules
from app.training.rules import FAIL, PASS, HoursError, ResultError, hours_text

ABSENT = frozenset(
    (
        "缺勤",
        "缺席",
        "未参加",
        "未参训",
        "未到",
        "未到会",
        "未报到",
        "请假",
        "病假",
        "事假",
        "公假",
        "因公请假",
    )
)
_GRADES = {
    "优秀": PASS, "良好": PASS, "中等": PASS, "及格": PASS, "是": PASS, "已结业": PASS, "准予结业": PASS,
    "√": PASS, "✓": PASS, "✔": PASS,
    "不及格": FAIL, "缺考": FAIL, "否": FAIL, "不予结业": FAIL, "×": FAIL, "✗": FAIL, "✘": FAIL,
}  # fmt: skip
_DAYS = ("半天", "一天", "1天", "两天", "2天", "半日", "一日", "全天", "上午", "下午")


@dataclass(frozen=True)
class Attended:
    """What one row records: hours as stored ('' never: None when blank), result, and the absence word."""

    hours: str | None
    result: str | None
    absence: str | None = None


class CellError(ValueError):
    """A cell that cannot be read; `what` is the column it is in ('hours' or 'result')."""

    def __init__(self, what: str, message: str):
        self.what = what
        super().__init__(message)


def _word(raw: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(raw)).split()) if isinstance(raw, str) else ""


def read_hours(raw: object, limit: Decimal) -> str | None:
    """The hours cell: None when blank; CellError when it is a day's part, not a number or does not fit."""
    if _word(raw) in _DAYS:
        raise CellError(
            "hours",
            f"学时“{_word(raw)}”不能换算成学时数（半天可能是 3.5 或 4 学时，一天可能是 6、7 或 8 学时，"
            "要看课程安排），请填写学时数（如 4 或 4.5）",
        )
    try:
        return hours_text(rules.parse_hours(raw, field="学时", limit=limit)) or None
    except HoursError as exc:
        raise CellError("hours", str(exc)) from None


def read_result(raw: object) -> str | None:
    """The result cell as 合格 / 不合格 / a score; grades in words as pass or fail."""
    word = _word(raw)
    if word in _GRADES:
        return _GRADES[word]
    try:
        return rules.parse_result(raw)
    except ResultError as exc:
        hint = "；没有参训的请写“缺勤”或“请假”" if "无法识别" in str(exc) else ""
        raise CellError("result", f"{exc}{hint}") from None


def read_attendance(
    hours: object, result: object, course_hours: Decimal, has_hours: bool
) -> tuple[Attended, list[CellError]]:
    """One row's hours and result, and every cell that could not be read; without a 学时 column everyone has
    the course's hours, unless the row says they were absent."""
    errors: list[CellError] = []

    def attempt(read, *args) -> str | None:
        try:
            return read(*args)
        except CellError as exc:
            errors.append(exc)
            return None

    word = _word(result)
    if has_hours and _word(hours) in ABSENT:  # 缺勤 written where the hours go: the same absence
        return _absent_by_hours(_word(hours), result, word, errors)
    if word in ABSENT:
        given = attempt(read_hours, hours, course_hours) if has_hours else None
        if given not in (None, "0"):
            errors.append(CellError(
                "hours", f"结果写的是“{word}”，学时却是 {given}：请核对是缺勤（学时填 0 或留空）还是参训了"
            ))  # fmt: skip
        return Attended("0", None, word), errors
    read = attempt(read_hours, hours, course_hours) if has_hours else hours_text(course_hours)
    return Attended(read, attempt(read_result, result)), errors


def _absent_by_hours(
    said: str, result: object, word: str, errors: list[CellError]
) -> tuple[Attended, list[CellError]]:
    """The 学时 cell says 缺勤 (请假 …): 0 学时 and the word as the note, with a blank or failing result; a
    result of 合格 or a score beside it contradicts it and refuses the row."""
    if result is None or word in ABSENT or (isinstance(result, str) and not word):
        return Attended("0", None, said), errors
    try:
        read = read_result(result)
    except CellError as exc:
        return Attended("0", None, said), [*errors, exc]
    if read == FAIL:
        return Attended("0", FAIL, said), errors
    shown = read or word
    errors.append(CellError(
        "result", f"学时写的是“{said}”，结果却是“{shown}”：请核对是缺勤（结果留空）还是参训了（学时填写学时数）"
    ))  # fmt: skip
    return Attended("0", None, said), errors
