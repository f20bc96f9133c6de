"""The training rules, pure: the course categories and the stage order (入门 → 进阶 → 全面), hours to half an
hour, a course's result (合格 / 不合格 / a score), each person's hours in a year against the requirement of
their role, and when one person's attendance at a 补课 course covers a remedial requirement (pro rata: the
hours attended against the course's hours over its working days).

Working days are Monday to Friday: the office keeps no holiday calendar, and a 补课 course is never held on a
public holiday in practice, so a course of 2026-03-02 to 2026-03-06 is five working days."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.exchange.cells import cell_text

CATEGORIES = (
    "岗前培训",
    "入门",
    "进阶",
    "全面",
    "专题培训",
    "轮训",
    "现场观摩",
    "知识竞赛",
    "补课",
    "青干班",
    "导师班",
)
REMEDIAL = "补课"
# Each stage and the one that must be completed before it.
STAGE_BEFORE = {"进阶": "入门", "全面": "进阶"}
DEFAULT_REQUIRED_HOURS = Decimal(48)
AT_WORK = ("在岗", "试用期")  # the statuses that owe hours and are expected in a course
MAX_HOURS = Decimal(999)
HALF = Decimal("0.5")
PASS, FAIL = "合格", "不合格"
PASS_SCORE = Decimal(60)
_RESULT_WORDS = {"合格": PASS, "通过": PASS, "结业": PASS, "不合格": FAIL, "未通过": FAIL, "未结业": FAIL}
# '4.5学时', '4.5 小时', '4.5课时', '4.5h': the number with the unit people write after it.
_UNIT = re.compile(r"个?(?:学时|小时|课时)$|[hH]$")
# A length in days ('半天', '一天', '0.5天', '3天', '2个工作日', '上午'): the course's timetable turns it into
# 学时, which the list does not say, so it is refused with why rather than as "not a number".
_IN_DAYS = re.compile(r"(?:[0-9.]+|[零〇一二两三四五六七八九十半]+)个?(?:天|日|工作日)|全天|整天|上午|下午")


class HoursError(ValueError):
    """Hours that cannot be recorded; the message says why, in Chinese."""


class ResultError(ValueError):
    """A result that is neither 合格 / 不合格 nor a score of 0–100."""


def _clean(raw: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(raw)).split())


def _number_text(raw: object) -> object:
    """A number from a sheet as Excel shows it: =2.2+2.3 stored as 4.499999999999999 is 4.5."""
    return cell_text(raw) if isinstance(raw, float) else raw


def parse_hours(raw: object, *, field: str = "学时", limit: Decimal | None = None) -> Decimal | None:
    """Hours as typed or read from a sheet ('4.5', '4.5学时', 4.5): None when blank; refused when not a number,
    negative, above `limit` (the course's hours) or not a multiple of half an hour."""
    if raw is None or isinstance(raw, bool):
        return None
    text = _UNIT.sub("", _clean(_number_text(raw)))
    if not text:
        return None
    if _IN_DAYS.fullmatch(text):
        raise HoursError(
            f"{field}“{str(raw).strip()[:20]}”不能换算成学时数（半天可能是 3.5 或 4 学时，一天可能是 6、7 或 8 学时，"
            "要看课程安排），请填写学时数（如 4 或 4.5）"
        )
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise HoursError(f"{field}“{str(raw).strip()[:20]}”不是数字，请填写学时数（如 4 或 4.5）") from None
    if not value.is_finite():
        raise HoursError(f"{field}“{str(raw).strip()[:20]}”不是数字，请填写学时数（如 4 或 4.5）")
    if value < 0:
        raise HoursError(f"{field}不能为负数（{hours_text(value)}）")
    if value % HALF:
        raise HoursError(f"{field} {hours_text(value)} 不是 0.5 的整数倍，学时按半学时计（如 4 或 4.5）")
    if value > MAX_HOURS:
        raise HoursError(f"{field} {hours_text(value)} 过大，不能超过 {MAX_HOURS}")
    if limit is not None and value > limit:
        raise HoursError(f"{field} {hours_text(value)} 超过培训班的总学时 {hours_text(limit)}")
    return value.quantize(HALF) if value else Decimal(0)


def hours_text(value: Decimal | None) -> str:
    """'4', '4.5', '' — as stored and as shown."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_result(raw: object) -> str | None:
    """合格, 不合格 or a score of 0–100 (text, at most one decimal); None when blank."""
    if raw is None:
        return None
    text = _clean(_number_text(raw))
    if not text:
        return None
    if text in _RESULT_WORDS:
        return _RESULT_WORDS[text]
    text = text.removesuffix("分")
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise ResultError(
            f"结果“{str(raw).strip()[:20]}”无法识别，请填写 合格、不合格 或 0–100 的成绩"
        ) from None
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        raise ResultError(f"成绩 {str(raw).strip()[:20]} 超出范围，应在 0–100 之间")
    if score != score.quantize(Decimal("0.1")):
        raise ResultError(f"成绩 {str(raw).strip()[:20]} 最多保留一位小数")
    return hours_text(score)


def passed(result: str | None) -> bool:
    """合格, or a score of 60 or more; an unrecorded result is not (yet) a completion."""
    if result is None or result == FAIL:
        return False
    if result == PASS:
        return True
    return Decimal(result) >= PASS_SCORE


def missing_stage(category: str, completed: set[str]) -> str | None:
    """What enrolling in `category` lacks, given the categories the person has completed; None when nothing."""
    before = STAGE_BEFORE.get(category)
    if before is None or before in completed:
        return None
    return f"尚未完成“{before}”阶段培训，按顺序应先完成“{before}”再参加“{category}”"


def working_days(start: dt.date, end: dt.date) -> int:
    """Monday to Friday from start to end, both included; 0 when end is before start."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    extra = sum(1 for i in range(rest) if (start.weekday() + i) % 7 < 5)
    return weeks * 5 + extra


@dataclass(frozen=True)
class OpenRemedial:
    """A 补课 requirement, as the cover rule needs it (an open one, or one a course closed, to check again)."""

    id: int
    min_days: int
    required_on: dt.date


@dataclass(frozen=True)
class RemedialCourse:
    """A 补课 course as the cover rule needs it: its dates and its hours (学时)."""

    start: dt.date
    end: dt.date
    hours: Decimal

    @property
    def days(self) -> int:
        return working_days(self.start, self.end)


def hours_needed(course: RemedialCourse, required_days: int) -> Decimal | None:
    """The fewest attended hours that cover `required_days` working days of the course, pro rata: its hours ×
    required days / its working days, up to the half hour (hours are recorded to 0.5, so 33.5 of a six-day
    course of 40 学时 covers five days and 33 does not); None when the course is shorter than required."""
    days = course.days
    if days < required_days or days <= 0:
        return None
    halves = int(course.hours / HALF) * required_days
    return max(-(-halves // days) * HALF, HALF)  # ceiling division, exact; never 0: an absence covers nothing


def attendance_covers(attended: Decimal | None, result: str | None, needed: Decimal | None) -> bool:
    """Whether one person's attendance covers a requirement needing `needed` hours: blank hours, an absence (0)
    or fewer hours do not, nor does 不合格 or a score below 60; a result not recorded yet does not fail it."""
    if needed is None or attended is None or attended < needed:
        return False
    return result is None or passed(result)


def covered(
    requirements: list[OpenRemedial],
    course: RemedialCourse,
    attended: Decimal | None,
    result: str | None,
    today: dt.date,
) -> list[OpenRemedial]:
    """The requirements one person's attendance at a 补课 course closes: the course has ended (by `today`),
    ended on or after the day the requirement was made (training before the result is not remedial), and the
    hours attended cover the required working days (hours_needed) with no failing result."""
    if course.end > today:
        return []
    return [
        r
        for r in requirements
        if course.end >= r.required_on
        and attendance_covers(attended, result, hours_needed(course, r.min_days))
    ]


@dataclass(frozen=True)
class PersonHours:
    """One person's hours in a year against the requirement of their role."""

    person_id: int
    name: str
    id_number: str
    role: str
    hours: Decimal
    required: Decimal

    @property
    def short(self) -> Decimal:
        """差额: what is still owed, 0 once the requirement is met (hours beyond it are not carried)."""
        return max(self.required - self.hours, Decimal(0))

    @property
    def below(self) -> bool:
        return self.hours < self.required


def standing(
    people: list[tuple[int, str, str, str]], hours: dict[int, Decimal], required: dict[str, Decimal]
) -> list[PersonHours]:
    """Each person (id, name, ID number, role code) with their hours (none: 0) and their role's requirement."""
    return [
        PersonHours(
            pid, name, number, role, hours.get(pid, Decimal(0)), required.get(role, DEFAULT_REQUIRED_HOURS)
        )
        for pid, name, number, role in people
    ]
