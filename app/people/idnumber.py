"""公民身份号码 (GB 11643-1999): normalization, check digit, 15→18 upgrade, parsing.

Pure functions, standard library only. Every error a user can trigger is an
``IdNumberError`` whose message is plain Chinese telling them what to fix.
"""

from __future__ import annotations

import datetime
import operator
import re
from decimal import Decimal
from typing import NamedTuple

from app import clock

__all__ = [
    "IdInfo",
    "IdNumberError",
    "check_digit",
    "exact_15_digits",
    "looks_like_excel_number",
    "normalize_id_number",
    "parse_id_number",
    "upgrade_15_to_18",
]


class IdNumberError(ValueError):
    """Invalid 公民身份号码; ``str(e)`` is the message shown to the user."""


class IdInfo(NamedTuple):
    """What a valid number says. A named tuple: an import makes one per row, at a third of a frozen dataclass's
    cost."""

    number: str
    birth_date: datetime.date
    gender: str
    upgraded_from: str | None


# Full-width ASCII block (U+FF01..U+FF5E) maps 1:1 onto printable ASCII. We map
# only this block rather than using NFKC, which would also turn things like ①
# or ² into digits and quietly "fix" garbage.
_HALF_WIDTH = str.maketrans({0xFF01 + i: 0x21 + i for i in range(94)})
# Not whitespace to str.isspace(), but they ride along when copying from web pages or Word.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# One pass of normalize_id_number: full-width → ASCII, invisible characters dropped, x (either width) → X.
_TIDY = str.maketrans(
    {0xFF01 + i: 0x21 + i for i in range(94)} | dict.fromkeys(map(ord, _INVISIBLE)) | {0x78: "X", 0xFF58: "X"}
)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
_ZERO_SHARE = ord("0") * sum(_WEIGHTS)

# re.ASCII matters: without it \d would accept Arabic-Indic and other Unicode digits.
_RE_18 = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)
_RE_15 = re.compile(r"[0-9]{15}", re.ASCII)
_RE_17_DIGITS = re.compile(r"[0-9]{17}", re.ASCII)
_RE_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(\.[0-9]*)?E[+-]?[0-9]+", re.ASCII | re.IGNORECASE)
_RE_TRAILING_POINT_ZERO = re.compile(r"[0-9]+\.0+", re.ASCII)

_EARLIEST_BIRTH = datetime.date(1900, 1, 1)

# The first two digits name the province (GB/T 2260): 北京 11 … 新疆 65, 台湾 71, 香港 81, 澳门 82; 83 is the
# number the residence permits of 台湾居民 carry. Anything else was mistyped.
PROVINCE_CODES = frozenset(
    [
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
        83,
    ]
)

_EXCEL_MESSAGE = (
    "公民身份号码被 Excel 当成了数字保存，后几位已经丢失，无法还原。请将该列设置为“文本”格式后重新录入"
)


def normalize_id_number(raw: str) -> str:
    """Tidy what people paste in: drop all whitespace, full-width → ASCII, x → X, the quote that made Excel keep
    the number as text ('5101…, ‘5101…) and dashes between digit groups (510104-19900307-1237). No validation."""
    if type(raw) is str and raw.isascii() and raw.isdigit():
        return raw  # the usual case: nothing to tidy
    # str.split() drops exactly the characters str.isspace() calls white space; the table maps none to them.
    text = "".join(str(raw).translate(_TIDY).split()).strip(_QUOTES)
    if "-" in text:
        text = _GROUP_DASH.sub("", text)
    return _without_point_zeros(text) if "." in text else text


_QUOTES = "'`‘’\"“”"
_GROUP_DASH = re.compile(r"(?<=[0-9])-(?=[0-9])")
_POINT_ZEROS = re.compile(r"([0-9]{15}|[0-9]{17}[0-9X])\.0+", re.ASCII)


def _without_point_zeros(text: str) -> str:
    """'510107199001153254.0' -> its 18 characters: a text that another program wrote as a decimal, every digit
    still there, as the check digit proves (a 15-digit number too: a number keeps 15 whole). Digits a number
    lost are zeros, or noise (…011200 from a float), and seldom fit the check digit: such a text stays as it
    is, for the check to say the digits are lost."""
    found = _POINT_ZEROS.fullmatch(text)
    if found is None:
        return text
    number = found[1]
    if len(number) == 15 or (_check_char(number[:17]) == number[17] and not number.endswith("000")):
        return number
    return text


def check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if not _RE_17_DIGITS.fullmatch(first17):
        raise IdNumberError(f"计算校验位需要17位数字，收到的是“{first17}”")
    return _check_char(first17)


def _check_char(first17: str) -> str:
    """check_digit of 17 characters known to be ASCII digits."""
    # The digits' code points are 48 + d: sum the weighted code points and take the zeros' share off again.
    total = sum(map(operator.mul, first17.encode("ascii"), _WEIGHTS)) - _ZERO_SHARE
    return _CHECK_CHARS[total % 11]


def upgrade_15_to_18(num15: str) -> str:
    """First-generation numbers carry a 2-digit year; all were issued to people born in 19xx."""
    num = normalize_id_number(num15)
    if not _RE_15.fullmatch(num):
        raise IdNumberError(f"一代公民身份号码应为15位数字，收到的是“{num15}”，请核对")
    first17 = num[:6] + "19" + num[6:]
    return first17 + check_digit(first17)


def looks_like_excel_number(raw: object) -> bool:
    """True if the value went through Excel as a number (so its trailing digits are already lost). A whole
    number of exactly 15 digits lost nothing (Excel keeps 15): a first-generation number, read as its digits."""
    if isinstance(raw, bool):  # bool is an int subclass but never comes from a number cell
        return False
    if isinstance(raw, int | float | Decimal):
        return exact_15_digits(raw) is None
    if not isinstance(raw, str):
        return False
    if raw.isdigit() or (raw[:-1].isdigit() and raw[-1] in "Xx"):
        return False  # digits (and a final X) only: no point, no exponent, whatever their width
    return _excel_text(normalize_id_number(raw))


def exact_15_digits(raw: object) -> str | None:
    """The digits of a first-generation number held as a number (510107900315113.0), else None: 15 digits fit
    Excel's 15 and a double exactly, unlike an 18-digit number, which loses its last three."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        return None
    try:
        whole = int(raw)
    except (ValueError, OverflowError):  # NaN, infinity
        return None
    return str(whole) if whole == raw and 10**14 <= whole < 10**15 else None


def _excel_text(text: str) -> bool:
    """True if normalized text is how Excel shows a number: 5.10104E+17, or 510104199001011000.0."""
    return bool(_RE_SCIENTIFIC.fullmatch(text) or _RE_TRAILING_POINT_ZERO.fullmatch(text))


def parse_id_number(raw: str, today: datetime.date | None = None) -> IdInfo:
    """Validate a 15- or 18-digit number and derive birth date and gender; raises IdNumberError."""
    if raw is None:
        raise IdNumberError("公民身份号码不能为空")
    if not isinstance(raw, str):
        if looks_like_excel_number(raw):
            raise IdNumberError(_EXCEL_MESSAGE)
        raw = exact_15_digits(raw) or raw  # a 15-digit number cell: its digits, as typed
    number = normalize_id_number(raw)
    upgraded_from: str | None = None
    if _RE_18.fullmatch(number):  # the usual case; 18 digits (or X) are never how Excel shows a number
        pass
    elif isinstance(raw, str) and _excel_text(number):
        raise IdNumberError(_EXCEL_MESSAGE)
    elif not number:
        raise IdNumberError("公民身份号码不能为空")
    elif _RE_15.fullmatch(number):
        upgraded_from = number
        number = upgrade_15_to_18(number)
    else:
        raise IdNumberError(_shape_message(number))

    if number[0] == "0":
        raise IdNumberError(f"公民身份号码前6位是地区代码，第1位不能是0（当前为“{number[:6]}”），请核对号码")
    if int(number[:2]) not in PROVINCE_CODES:
        raise IdNumberError(
            f"公民身份号码前6位是地区代码，前两位“{number[:2]}”不是任何省、自治区、直辖市的代码"
            f"（当前为“{number[:6]}”），请核对号码"
        )
    birth = _birth_date(number, upgraded_from, today or clock.today())
    if upgraded_from is None:
        _check_last_char(number)
    gender = "男" if int(number[16]) % 2 == 1 else "女"
    return IdInfo(number=number, birth_date=birth, gender=gender, upgraded_from=upgraded_from)


def usual_id_info(number: str, today: datetime.date) -> IdInfo | None:
    """parse_id_number(number, today) of a number already in its stored form (18 ASCII characters, the first
    1–9, the last a digit or X, the rest digits) when it accepts it; None when it would refuse it (ask it why).
    What an import does with each of its ten thousand numbers, without tidying or telling shapes apart."""
    if number[:2] not in _PROVINCE_PREFIXES:
        return None
    birth = _BIRTH_DAYS.get(number[6:14])
    if birth is None:
        try:
            birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return None
        if len(_BIRTH_DAYS) >= _BIRTH_DAYS_KEPT:
            _BIRTH_DAYS.clear()
        _BIRTH_DAYS[number[6:14]] = birth
    if not _EARLIEST_BIRTH <= birth <= today or _check_char(number[:17]) != number[17]:
        return None
    return IdInfo(number, birth, "男" if number[16] in "13579" else "女", None)


_PROVINCE_PREFIXES = frozenset(str(code) for code in PROVINCE_CODES)
_BIRTH_DAYS: dict[str, datetime.date] = {}  # the digits of a birth date -> the day: people share birthdays
_BIRTH_DAYS_KEPT = 40_000


def _shape_message(number: str) -> str:
    """Explain why the text is not 18 digits, pointing at the first thing to fix."""
    length = len(number)
    bad = [ch for ch in dict.fromkeys(number) if not (ch.isascii() and (ch.isdigit() or ch == "X"))]
    if bad:
        shown = "、".join(f"“{ch}”" for ch in bad[:5]) + ("等" if len(bad) > 5 else "")
        return (
            f"公民身份号码应为18位数字（最后一位可以是 X），当前共{length}位，"
            f"其中 {shown} 不是数字，请核对号码"
        )
    if length == 18:  # right length, only digits and X, so an X sits somewhere before the end
        return f"公民身份号码中的 X 只能出现在最后一位，当前第{number.index('X') + 1}位是 X，请核对号码"
    return f"公民身份号码应为18位，当前为{length}位，请核对是否多输或漏输了数字"


def _birth_date(number: str, upgraded_from: str | None, today: datetime.date) -> datetime.date:
    digits = number[6:14]
    # For upgraded numbers the user typed only 6 of these digits; say so, or "19" looks invented.
    where = f"（由15位号码中的“{digits[2:]}”补全）" if upgraded_from else ""
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    try:
        birth = datetime.date(year, month, day)
    except ValueError:  # _date_problem says why (it finds no problem only in a date that exists)
        reason = _date_problem(year, month, day)
        raise IdNumberError(
            f"公民身份号码第7至14位是出生日期，“{digits}”{where}不是有效日期：{reason}，请核对号码"
        ) from None
    if birth > today:
        raise IdNumberError(
            f"公民身份号码中的出生日期“{digits}”{where}晚于今天（{today.isoformat()}），请核对号码"
        )
    if birth < _EARLIEST_BIRTH:
        raise IdNumberError(f"公民身份号码中的出生日期“{digits}”早于1900年，请核对号码")
    return birth


def _date_problem(year: int, month: int, day: int) -> str | None:
    """Chinese explanation of why year/month/day is not a real date, or None if it is."""
    if not 1 <= month <= 12:
        return f"月份应在01到12之间，实际为{month:02d}"
    if day == 0:
        return "日不能为00"
    try:
        datetime.date(year, month, day)
    except ValueError:
        return f"{year}年{month}月没有{day}日"
    return None


def _check_last_char(number: str) -> None:
    expected = _check_char(number[:17])  # 18 characters of which only the last may be X
    actual = number[17]
    if actual == expected:
        return
    message = f"公民身份号码校验位错误：最后一位应为 {expected}，实际为 {actual}，请核对号码"
    # Excel keeps 15 significant digits, so a number that went through a numeric cell ends in 000.
    if number.endswith("000"):
        message += "（号码以000结尾，可能曾被 Excel 当成数字截断，请将该列设置为“文本”格式后重新录入）"
    raise IdNumberError(message)


def stored_form(text: str) -> str:
    """The 18-digit form an ID number is stored under, for finding a person by a number as typed: an old
    15-digit number is upgraded (the roster stores the upgrade); anything else is only normalized."""
    number = normalize_id_number(text)
    if len(number) == 15 and number.isdigit():
        try:
            return upgrade_15_to_18(number)
        except IdNumberError:
            return number
    return number
