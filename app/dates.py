"""Dates typed the way people actually type them, and the way Excel mangles them.

Pure functions, standard library only. Every error a user can trigger is a
``DateError`` whose message is plain Chinese naming the field and the value.
"""

from __future__ import annotations

import datetime
import math
import re

from app import clock

__all__ = [
    "CsvNumberText",
    "DateError",
    "ShownWithTwoDecimals",
    "excel_serial_to_date",
    "format_date",
    "parse_date",
]


class DateError(ValueError):
    """A date that cannot be accepted; ``str(e)`` is the message shown to the user."""


class UncertainDate(DateError):
    """A date written so that more than one date fits it; the ID number can settle a birth date."""

    def fits(self, day: datetime.date) -> bool:
        raise NotImplementedError


class CsvNumberText(str):
    """A CSV cell's text as Excel wrote it from a General number cell: 1990.10 typed there is saved as "1990.1",
    so the text is read as the number cell it was (parse_date: January or October is not in the file)."""


class ShownWithTwoDecimals(float):
    """A number cell whose number format shows two decimals (0.00): 2015.1 is shown as 2015.10, and read as
    the clerk sees it. `shown`: that text."""

    shown: str

    def __new__(cls, value: float) -> ShownWithTwoDecimals:
        number = super().__new__(cls, value)
        number.shown = f"{value:.2f}"
        return number


class AmbiguousMonth(UncertainDate):
    """A year.month number whose month Excel made ambiguous: 2012.1 is what both "2012.1" and "2012.10" become
    in a number cell. `year`: the year it names (a birth date's ID number can settle the month)."""

    def __init__(self, message: str, year: int):
        super().__init__(message)
        self.year = year

    def fits(self, day: datetime.date) -> bool:
        return (day.year, day.month) in ((self.year, 1), (self.year, 10))


class TwoDigitYear(UncertainDate):
    """90.03, 90年3月, 85.10.01: a year of two digits, 19xx or 20xx. Never guessed; a birth date the ID number
    agrees with is settled by it. `months`: the month(s) written (a number cell's 90.1 is January or October)."""

    def __init__(self, message: str, year: int, months: tuple[int, ...], day: int | None):
        super().__init__(message)
        self.year, self.months, self.day = year, months, day

    def fits(self, day: datetime.date) -> bool:
        return (
            day.year % 100 == self.year
            and day.month in self.months
            and (self.day is None or day.day == self.day)
        )


_EARLIEST_YEAR = 1900
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31, the last date Excel can represent
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 61 onwards counts from here

# Full-width ASCII (U+FF01..U+FF5E) → ASCII, plus the CJK punctuation people use as separators.
_HALF_WIDTH = str.maketrans(
    {0xFF01 + i: 0x21 + i for i in range(94)}
    | {0x3000: " ", 0x3002: ".", 0x2010: "-", 0x2013: "-", 0x2014: "-", 0x2212: "-"}
)

# [0-9] rather than \d: \d would also accept Arabic-Indic and other Unicode digits.
_Y, _M, _D = r"([0-9]{4})", r"([0-9]{1,2})", r"([0-9]{1,2})"
_TIME_SUFFIX = re.compile(r"(.*?)(?:\s+|T)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?")
_FULL_FORMS = (
    re.compile(rf"{_Y}\s*([-/.])\s*{_M}\s*\2\s*{_D}"),
    re.compile(rf"{_Y}\s*年\s*{_M}\s*月\s*{_D}\s*[日号]?"),
    re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})"),
)
_MONTH_FORMS = (
    re.compile(rf"{_Y}\s*[-/.]\s*{_M}"),
    re.compile(rf"{_Y}\s*年\s*{_M}\s*月?"),
    re.compile(r"([0-9]{4})([0-9]{2})"),
)
_YEAR_ONLY = re.compile(r"[0-9]{4}\s*年?")
_TWO_DIGIT_YEAR = re.compile(
    r"([0-9]{2})\s*(?:[-/.]\s*([0-9]{1,2})(?:\s*[-/.]\s*([0-9]{1,2}))?|年\s*([0-9]{1,2})\s*月?(?:\s*([0-9]{1,2})\s*[日号]?)?)"
)

_SHOWN_MAX = 40  # keep error messages readable when someone pastes a paragraph
_FIRST_DAY = datetime.date(_EARLIEST_YEAR, 1, 1)


def iso_text(day: datetime.date) -> str:
    """day.isoformat() of a date (not a datetime), remembered: an import writes each of tens of thousands of
    date cells out two or three times, and isoformat formats through C's printf, a tenth of a row's checks."""
    text = _ISO_TEXTS.get(day)
    if text is None:
        if len(_ISO_TEXTS) >= _ISO_TEXTS_KEPT:
            _ISO_TEXTS.clear()
        text = _ISO_TEXTS[day] = day.isoformat()
    return text


_ISO_TEXTS: dict[datetime.date, str] = {}
_ISO_TEXTS_KEPT = 40_000  # some 5 MB at most; an import of 10,000 people meets fewer distinct days


def format_date(d: datetime.date | None) -> str:
    """'YYYY-MM-DD', or '' for no date."""
    if d is None:
        return ""
    if isinstance(d, datetime.datetime):
        d = d.date()
    return d.isoformat()


def excel_serial_to_date(serial: float) -> datetime.date:
    """Convert an Excel 1900-system serial; a fractional part (time of day) is dropped."""
    if isinstance(serial, bool) or not isinstance(serial, int | float):
        raise DateError(f"Excel 日期序号“{serial}”不是有效数字")
    if isinstance(serial, float) and not math.isfinite(serial):  # isfinite() overflows on huge ints
        raise DateError(f"Excel 日期序号“{serial}”不是有效数字")
    if not 1 <= serial < _EXCEL_MAX_SERIAL + 1:
        raise DateError(f"Excel 日期序号“{_show_number(serial)}”超出范围，应在1到{_EXCEL_MAX_SERIAL}之间")
    days = int(serial)
    # Excel pretends 1900 was a leap year (serial 60 = 1900-02-29), so serials before it
    # are one day off from the epoch used for everything after.
    if days < 60:
        return datetime.date(1899, 12, 31) + datetime.timedelta(days=days)
    if days == 60:
        return datetime.date(1900, 2, 28)  # the fake 02-29; the day before is the nearest real date
    return _EXCEL_EPOCH + datetime.timedelta(days=days)


def taken_as_is(raw: object, today: datetime.date) -> bool:
    """Whether parse_date(raw, today=today) is `raw` itself, without a word: a date cell (not a datetime) from
    1900 up to today. Lets a check of thousands of cells skip the call."""
    return type(raw) is datetime.date and _FIRST_DAY <= raw <= today


def parse_date(
    raw: object,
    *,
    field: str = "日期",
    allow_future: bool = False,
    today: datetime.date | None = None,
) -> datetime.date | None:
    """Parse a typed or imported date; None for blank input, DateError for anything unusable."""
    if raw is None:
        return None
    note = ""  # how a bare number was read, so range errors make sense to the user
    if type(raw) is ShownWithTwoDecimals:
        raw = raw.shown  # 2015.10, as the cell shows it: October
    if type(raw) is CsvNumberText:
        shown = _shorten(raw.strip())
        result = _from_csv_number(raw, field, shown)
    elif isinstance(raw, datetime.date):  # a datetime too (a date subclass)
        result = raw.date() if isinstance(raw, datetime.datetime) else raw
        shown = None  # made only for a message: format_date(raw)
    elif isinstance(raw, bool):  # an int subclass, but a tick box is never a date
        raise DateError(_unrecognized(field, str(raw)))
    elif isinstance(raw, int | float):
        shown = _show_number(raw)
        result, note = _from_number(raw, field, shown)
    else:
        text = _normalize(str(raw))
        if not text:
            return None
        shown = _shorten(str(raw).strip())
        result = _from_text(text, field, shown)
    today = today or clock.today()
    if result.year >= _EARLIEST_YEAR and (allow_future or result <= today):
        return result  # the usual case: no message, so no text for one is made
    if shown is None:
        shown = format_date(raw)
    _check_range(result, field, f"“{shown}”{note}", allow_future, today)
    return result


def _normalize(text: str) -> str:
    text = text.translate(_HALF_WIDTH).strip()
    if text[:1] in "'‘’" and text[1:2].isdigit():
        text = text[1:]  # Excel's mark that kept it text, left in by a CSV or a paste ('2019-07)
    return text


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN_MAX else text[:_SHOWN_MAX] + "…"


def _show_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return _shorten(str(value))
    except ValueError:  # ints beyond Python's str-conversion digit limit
        return "（位数过多的数字）"


def _unrecognized(field: str, shown: str) -> str:
    return f"{field}“{shown}”无法识别，请按 2019-07-01 或 2019.7.1 的格式填写"


def _year_only(field: str, shown: str) -> str:
    return f"{field}“{shown}”只有年份，缺少月份，请按 2019.7 或 2019-07-01 的格式填写"


def _from_text(text: str, field: str, shown: str) -> datetime.date:
    timed = _TIME_SUFFIX.fullmatch(text)
    if timed:
        text = timed.group(1).strip()
    for pattern in _FULL_FORMS:
        m = pattern.fullmatch(text)
        if m:
            return _build(
                int(m.group(1)), int(m.group(m.lastindex - 1)), int(m.group(m.lastindex)), field, shown
            )
    if not timed:  # "2019-07 08:30" is too odd to guess at
        for pattern in _MONTH_FORMS:
            m = pattern.fullmatch(text)
            if m:
                return _build(int(m.group(1)), int(m.group(m.lastindex)), 1, field, shown)
        if _YEAR_ONLY.fullmatch(text):
            raise DateError(_year_only(field, shown))
    two = _TWO_DIGIT_YEAR.fullmatch(text)
    if two:
        year, month, day = (int(g) if g else None for g in (two[1], two[2] or two[4], two[3] or two[5]))
        raise _two_digit_year(field, shown, year, (month,), day)  # type: ignore[arg-type]
    raise DateError(_unrecognized(field, shown))


def _two_digit_year(field: str, shown: str, year: int, months: tuple[int, ...], day: int | None) -> DateError:
    if not all(1 <= m <= 12 for m in months) or (day is not None and not 1 <= day <= 31):
        return DateError(_unrecognized(field, shown))
    century = "19" if year > clock.today().year % 100 else "20"
    example = f"{century}{year:02d}.{months[0]:02d}" + (f".{day:02d}" if day is not None else "")
    return TwoDigitYear(
        f"{field}“{shown}”的年份只写了两位，请写成四位（如 {example}）",
        year, months, day,
    )  # fmt: skip


def _from_number(value: float, field: str, shown: str) -> tuple[datetime.date, str]:
    """Return the date and a note on how the number was read ('' when obvious)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise DateError(_unrecognized(field, shown))
    if isinstance(value, float) and not value.is_integer():
        if 1000 <= value < 2201:
            return _from_year_dot_month(value, field, shown), ""
        if 1 <= value < 100:  # 90.03: a year of two digits in a number cell, never a serial of 1900
            whole, _, fraction = repr(value).partition(".")
            months = (1, 10) if fraction == "1" else (int(fraction),) if len(fraction) <= 2 else (0,)
            raise _two_digit_year(field, shown, int(whole), months, None)
        return _from_serial(value, field, shown)
    number = int(value)
    if 19000101 <= number <= 21001231:
        return _build(number // 10000, number // 100 % 100, number % 100, field, shown), ""
    # Excel stores a typed 201907 as a number; as a serial it would land in the 2400s, so
    # reading it as year+month can never steal a plausible date.
    if 190001 <= number <= 210012:
        return _build(number // 100, number % 100, 1, field, shown), ""
    if 1000 <= number <= 9999:
        raise DateError(_year_only(field, shown))
    return _from_serial(number, field, shown)


def _from_csv_number(text: str, field: str, shown: str) -> datetime.date:
    """A CSV's "1990.1" (CsvNumberText), read as the number cell Excel wrote it from; the message says where the
    month was lost."""
    try:
        result, _note = _from_number(float(text), field, shown)
    except AmbiguousMonth as exc:
        raise AmbiguousMonth(_ambiguous_month(field, shown, exc.year, in_csv=True), exc.year) from None
    return result


def _from_year_dot_month(value: float, field: str, shown: str) -> datetime.date:
    # repr gives the shortest text that round-trips, i.e. what Excel displayed. Excel drops trailing zeros:
    # a typed '1990.10' arrives as 1990.1, like a typed '1990.1'. Which one the clerk meant is not in the file.
    whole, _, fraction = repr(value).partition(".")
    if fraction == "1":
        raise AmbiguousMonth(_ambiguous_month(field, shown, int(whole)), int(whole))
    if len(fraction) in (1, 2):
        return _build(int(whole), int(fraction), 1, field, shown)
    raise DateError(_unrecognized(field, shown))


def _ambiguous_month(field: str, shown: str, year: int, *, in_csv: bool = False) -> str:
    where = (
        f"来自 CSV 文件：Excel 保存 CSV 时会把 {year}.10 写成 {year}.1"
        if in_csv
        else f"是数字格式的单元格：Excel 会把 {year}.10 存成 {year}.1"
    )
    return (
        f"{field}“{shown}”{where}，无法确定是{year}年1月还是10月。"
        f"请写成 {year}-01 或 {year}-10（或把这一列设为文本格式后重新输入）"
    )


def _from_serial(value: float, field: str, shown: str) -> tuple[datetime.date, str]:
    try:
        result = excel_serial_to_date(value)
    except DateError:
        raise DateError(_unrecognized(field, shown)) from None
    # Tell the user how we read the number, or a later "in the future" error makes no sense.
    return result, f"（按 Excel 日期理解为 {result.isoformat()}）"


def _build(year: int, month: int, day: int, field: str, shown: str) -> datetime.date:
    if year < _EARLIEST_YEAR:
        raise DateError(f"{field}“{shown}”早于{_EARLIEST_YEAR}年，请核对年份")
    if not 1 <= month <= 12:
        raise DateError(f"{field}“{shown}”不是有效日期：月份应在1到12之间，实际为{month}")
    if day == 0:
        raise DateError(f"{field}“{shown}”不是有效日期：日不能为0")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateError(f"{field}“{shown}”不是有效日期：{year}年{month}月没有{day}日") from None


def _check_range(
    result: datetime.date, field: str, quoted: str, allow_future: bool, today: datetime.date
) -> None:
    if result.year < _EARLIEST_YEAR:
        raise DateError(f"{field}{quoted}早于{_EARLIEST_YEAR}年，请核对年份")
    if not allow_future and result > today:
        raise DateError(f"{field}{quoted}晚于今天（{today.isoformat()}），请核对")
