"""An attendance list's 学时 and 结果 cells in the words streets write them, read into what an enrolment holds.

What the training rules take (app/training/rules.py: hours to 0.5 with their unit, 合格 / 不合格 / a score)
plus the words of a sign-in sheet:
- absence (缺勤, 请假, 未参加 …) in the result column: enrolled but not there — 0 学时 and no result, the word kept
  as the enrolment's note; hours above 0 beside it contradict it and refuse the row. The same word in the 学时
  column is the same absence (a 不合格 beside it kept, a 合格 or a score refused as a contradiction);
- grades in words: 优秀 / 良好 / 中等 / 及格, and 是 or √ (a 是否合格 column) are a pass; 不及格 / 缺考 / 否 / ×
  a fail;
- 半天, 一天, 0.5天, 3天 are refused with why (rules.parse_hours): a day is 6, 7 or 8 学时 depending on the
  course's timetable;
- 2小时, 4.5h are read as 学时, and said (said_in_clock_hours): a 学时 is often 45 minutes.
Without a 学时 column, a sign-in sheet's 签到 cells and its 备注 say who was there (read_sign_in).
Pure functions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
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
_CLOCK_HOURS = re.compile(r"[0-9.]+个?小时|[0-9.]+[hH]")


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


def said_in_clock_hours(raw: object) -> bool:
    """'2小时', '4.5h': hours of the clock, read as 学时 all the same (the dry run says so once)."""
    return bool(_CLOCK_HOURS.fullmatch(_word(raw)))


def read_hours(raw: object, limit: Decimal) -> str | None:
    """The hours cell: None when blank; CellError when it is in days, not a number or does not fit."""
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
        return read_absent(_word(hours), result)
    if word in ABSENT:
        given = attempt(read_hours, hours, course_hours) if has_hours else None
        if given not in (None, "0"):
            errors.append(CellError(
                "hours", f"结果写的是“{word}”，学时却是 {given}：请核对是缺勤（学时填 0 或留空）还是参训了"
            ))  # fmt: skip
        return Attended("0", None, word), errors
    read = attempt(read_hours, hours, course_hours) if has_hours else hours_text(course_hours)
    return Attended(read, attempt(read_result, result)), errors


def read_absent(said: str, result: object, where: str = "学时") -> tuple[Attended, list[CellError]]:
    """An absence the `where` cell says (缺勤, 请假 …): 0 学时 and the word as the note, with a blank or failing
    result; a result of 合格 or a score beside it contradicts it and refuses the row."""
    word = _word(result)
    if result is None or word in ABSENT or (isinstance(result, str) and not word):
        return Attended("0", None, said), []
    try:
        read = read_result(result)
    except CellError as exc:
        return Attended("0", None, said), [exc]
    if read == FAIL:
        return Attended("0", FAIL, said), []
    shown = read or word
    fix = "学时填写学时数" if where == "学时" else f"删去“{said}”"
    return Attended("0", None, said), [CellError(
        "result", f"{where}写的是“{said}”，结果却是“{shown}”：请核对是缺勤（结果留空）还是参训了（{fix}）"
    )]  # fmt: skip


# --- a sign-in sheet without a 学时 column ------------------------------------------------------------------

# Not signed, in a sign-in cell, beside the absence words.
_UNSIGNED = frozenset(("×", "✗", "✘", "未签", "未签到", "没签到"))
# A whole cell of a yes/no column (是否参加, 出勤情况) saying no: '否' inside other words is no absence.
_SAID_NO = frozenset(("否", "未出勤", "没出勤", "没参加", "没有参加", "不参加", "没来", "未来"))
# Words that make an absence a part of the day ('上午请假', '下午早退'): the hours attended are not known.
_PART = ("上午", "下午", "晚上", "半天", "半日", "早退", "中途", "提前离开", "只参加", "仅参加")


@dataclass(frozen=True)
class SignCell:
    """One cell a sign-in reading looks at: its column (0-based), the header's label and the value."""

    column: int
    label: str
    value: object


@dataclass(frozen=True)
class SignIn:
    """What a row's sign-in cells and 备注 say: present (nothing set), absent (`absence`, the word, and the
    `column` saying it), or a problem (`column`, `value`, `message`) that refuses the row."""

    absence: str | None = None
    column: int | None = None
    value: object = None
    message: str = ""


def _absence_in(text: str) -> str | None:
    """The absence word a cell says: the whole cell ('请假', '×'), or the longest word in it ('因病请假')."""
    if text in ABSENT or text in _UNSIGNED or text in _SAID_NO:
        return text if text in ABSENT else "缺勤"
    found = [word for word in (*ABSENT, *_UNSIGNED) if word in text]
    if not found:
        return None
    word = max(found, key=len)
    return "缺勤" if word in _UNSIGNED else word


def _part_of_day(cell: SignCell, text: str, word: str | None) -> bool:
    """'上午请假' in a single 签到 column, '下午早退' in 备注: a part of the day — but not under the column that is
    that part itself (上午请假 under 上午签到 is that session's absence)."""
    rest = text.replace(word, "") if word else text
    return any(part in rest and part not in cell.label for part in _PART)


def read_sign_in(
    signs: Sequence[SignCell], notes: Sequence[SignCell], course_hours: Decimal, signing: bool
) -> SignIn:
    """Who was there, by a sign-in sheet without a 学时 column. `signing`: some row of the sheet has a sign-in
    cell filled (else it is a typed roster and only 备注 can say an absence). Every cell signed: present; none
    signed and an absence word (in a sign-in cell or 备注): absent; signed in part, or an absence for a part of
    the day: refused, since the hours attended cannot be known; nothing signed and nothing said: refused too."""
    fix = (
        "表中没有“学时”列，从签到表看不出实际参训了多少学时，请在表中加一列“学时”，填写每人实际参训的学时"
        f"（全程参加的填 {hours_text(course_hours)}，缺勤的填“缺勤”）后重新导入"
    )
    for cell in (*signs, *notes):
        text, word = _word(cell.value), _absence_in(_word(cell.value))
        if text and (cell in notes or word) and _part_of_day(cell, text, word):
            return SignIn(None, cell.column, cell.value, f"{cell.label}写着“{text}”，没有全程参加：{fix}")
    said = [(cell, _absence_in(_word(cell.value))) for cell in notes if _word(cell.value)]
    noted = next(((cell, word) for cell, word in said if word), None)
    if not signing or not signs:
        return SignIn(noted[1], noted[0].column) if noted else SignIn()
    return _signed(signs, noted, fix)


def noted_beside_hours(hours: str | None, notes: Sequence[SignCell]) -> SignIn:
    """What 备注 (or 出勤情况) says beside a 学时 column: an absence when the hours are blank or 0; a
    contradiction refusing the row when they are above 0. A part of the day ('上午请假') fits any hours."""
    for cell in notes:
        text = _word(cell.value)
        word = _absence_in(text) if text else None
        if word is None or _part_of_day(cell, text, word):
            continue
        if hours in (None, "0"):
            return SignIn(word, cell.column)
        return SignIn(None, cell.column, cell.value, (
            f"学时填的是 {hours}，{cell.label}却写着“{text}”：请核对是缺勤（学时填 0 或留空）还是参训了"
            f"（删去{cell.label}中的“{text}”）"
        ))  # fmt: skip
    return SignIn()


def _signed(signs: Sequence[SignCell], noted: tuple[SignCell, str] | None, fix: str) -> SignIn:
    states = [(cell, _cell_text(cell.value)) for cell in signs]
    signed = [cell for cell, text in states if text and not _absence_in(text)]
    absent = [(cell, _absence_in(text)) for cell, text in states if text and _absence_in(text)]
    unsigned = [cell for cell in signs if cell not in signed]
    if signed and unsigned:
        named = "、".join(f"“{c.label}”" for c in signed)
        left = unsigned[0]
        how = f"写着“{_cell_text(left.value)}”" if _cell_text(left.value) else "没有签到"
        return SignIn(None, left.column, left.value, f"只在{named}签了到，“{left.label}”{how}：{fix}")
    if signed:
        if noted is None:
            return SignIn()
        cell, word = noted
        return SignIn(None, cell.column, cell.value, (
            f"签到栏都已签到，{cell.label}却写着“{_word(cell.value)}”：请核对是缺勤（删去签到）还是参加了"
            f"（删去“{word}”）；只参加了一部分的，{fix}"
        ))  # fmt: skip
    if absent:
        return SignIn(absent[0][1], absent[0][0].column)
    if noted:
        return SignIn(noted[1], noted[0].column)
    labels = "、".join(f"“{c.label}”" for c in signs)
    return SignIn(None, signs[0].column, None, (
        f"没有签到（{labels}都是空的）：没有参加的请在签到栏或备注中写明“缺勤”或“请假”；参加了的请补签，"
        "或在表中加一列“学时”填写实际参训的学时后重新导入"
    ))  # fmt: skip


def _cell_text(value: object) -> str:
    """A sign-in cell as text: a name, √, a time (08:30 read as a time is signed too)."""
    if value is None:
        return ""
    return _word(value) if isinstance(value, str) else "".join(str(value).split())
