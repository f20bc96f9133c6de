"""Phone numbers as people write them: the number the office stores (a mobile as its 11 digits, a landline as
area code-number), what is wrong with one that is no phone, the numbers of a cell that holds several, and a remark in
brackets after one. The person form and every import read phones here."""

from __future__ import annotations

import re
import unicodedata

_MOBILE = re.compile(r"1[3-9]\d{9}")
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}", re.ASCII)  # as typed and as stored: nothing to tidy
_LANDLINE = re.compile(r"(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6}|转\d{1,6})?")
_BARE_LANDLINE = re.compile(r"(0\d{2,3}-)?[2-9]\d{6,7}")  # as normalize_phone stores one: no extension
_EXTENSION = re.compile(r"[0-9]{1,6}")
_PHONE_NOISE = re.compile(r"[\s()（）]")
# A remark in brackets after a number ('13980160005（微信同号）', '028-85550000（办）'): no digit in it, or it would be
# an area code or another number.
_REMARK = re.compile(r"(?<=\d)\s*\([^()\d]*\)\s*$")
_DIGIT_GROUPS = re.compile(r"\d+")
_PHONE_SEPARATORS = re.compile(r"[-.—]")
_TEXT_MARKS = "'‘’"
_ELEVEN_DIGITS = re.compile(r"1[0-9]{10}", re.ASCII)
# What people put between two numbers in a cell: 13912345678/028-88886666, 139…、138…, a line break. A single
# space is inside a number (139 1234 5678), unless _spaced_numbers finds numbers on each side of it.
_NUMBERS_IN_CELL = re.compile(r"[/／、,，;；|\r\n]+|\s{2,}")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
# A landline that has its area code, as normalize_phone stores it: what one space apart from another number is.
_DIALLED_LANDLINE = re.compile(r"0\d{2,3}-[2-9]\d{6,7}(-\d{1,6}|转\d{1,6})?")


def phone_remark(raw: object) -> str | None:
    """The remark in brackets after a phone number (微信同号, 已停机), which normalize_phone leaves out of the
    number; None when there is none. The roster import keeps it in the note."""
    text = unicodedata.normalize("NFKC", str(raw or "")).rstrip()
    if not text.endswith(")"):
        return None
    found = _REMARK.search(text)
    return found[0].strip().strip("()").strip() or None if found else None


def normalize_phone(raw: object) -> str:
    """The number as the office stores it: a mobile as its 11 digits (139-1234-5678, 139 1234 5678 and
    +86 139… all are 13912345678), a landline as area code-number[-extension] ((028)8888-6666 is
    028-88886666; 028-85130001 转 801 is 028-85130001转801); the apostrophe before it that kept it text
    ('13912345678) and a remark in brackets after it (（微信同号）, （办）) are not part of it. Anything else
    comes back tidied but as written, for the check to name."""
    if type(raw) is str and _PLAIN_MOBILE.fullmatch(raw):
        return raw  # most numbers in a roster: what the rest would make of them
    text = unicodedata.normalize("NFKC", str(raw or ""))
    if text.endswith(")", 0, len(text.rstrip())):
        text = _REMARK.sub("", text)  # not part of the number (the roster import keeps it: phone_remark)
    text = _PHONE_NOISE.sub("", text).replace("—", "-")
    if text[:1] in _TEXT_MARKS and (text[1:2].isdigit() or text[1:2] == "+"):
        text = text[1:]  # Excel's mark for text, left in by a CSV or a paste (‘ typed on a Chinese keyboard)
    groups = _DIGIT_GROUPS.findall(text)
    if not groups or _PHONE_SEPARATORS.sub("", text).strip("+") != "".join(groups):
        return _with_extension(text) or text  # letters or other signs: not ours to rearrange
    digits = "".join(groups)
    if len(digits) == 13 and digits.startswith("861") or len(digits) == 15 and digits.startswith("00861"):
        digits = digits[-11:]  # the country code in front of a mobile number
    if _MOBILE.fullmatch(digits):
        return digits
    return _landline(groups, digits) or _local_landline(groups, digits) or text


def _local_landline(groups: list[str], digits: str) -> str:
    """'85551234' from a number of the city without its area code grouped as people say it (8555-1234, 555-1234),
    as it is stored written without the dash; '' when `groups` are not that."""
    if len(groups) != 2 or len(groups[1]) != 4 or len(groups[0]) not in (3, 4) or digits[0] in "01":
        return ""
    return digits


def _with_extension(text: str) -> str:
    """'028-85130001转801' from an office landline with its extension after 转 (the word an office writes, kept so
    the stored number says how to dial it); '' when `text` is not that."""
    number, zhuan, extension = text.partition("转")
    if not zhuan or not _EXTENSION.fullmatch(extension):
        return ""
    landline = normalize_phone(number)
    return f"{landline}转{extension}" if _BARE_LANDLINE.fullmatch(landline) else ""


def _landline(groups: list[str], digits: str) -> str:
    """'028-88886666' (with '-123' for an extension) from digit groups that begin with an area code."""
    if not digits.startswith("0"):
        return ""
    area = digits[:3] if digits[1] in "12" else digits[:4]  # 010 and 02x have three digits, the rest four
    extension = groups[-1] if len(groups) >= 3 and len(digits) - len(area) - len(groups[-1]) in (7, 8) else ""
    local = digits[len(area) : len(digits) - len(extension)]
    if len(local) not in (7, 8):
        return ""
    return f"{area}-{local}" + (f"-{extension}" if extension else "")


def is_plain_mobile(text: str) -> bool:
    """Whether `text` is a mobile number exactly as the office stores it (what normalize_phone leaves as it is)."""
    return _PLAIN_MOBILE.fullmatch(text) is not None


def phone_problem(raw: object) -> str:
    """'' when the phone number is acceptable, else what is wrong with it."""
    return _phone_problem(normalize_phone(raw), raw)


def _is_phone(phone: str) -> bool:
    """Whether `phone`, as normalize_phone made it, is one number the office accepts."""
    return _MOBILE.fullmatch(phone) is not None or _LANDLINE.fullmatch(phone) is not None


def _phone_problem(phone: str, raw: object) -> str:
    """What is wrong with `phone` (`raw` as normalize_phone made it), quoting `raw` as the clerk wrote it: its
    digits run together (1398005000413880050004) are not what is in the cell."""
    if not phone or _is_phone(phone):
        return ""
    written = _LINE_BREAKS.sub(" ", str(raw).strip())
    numbers = _cell_parts(str(raw))
    if len(numbers) > 1 and all(_is_phone(normalize_phone(part)) for part in numbers):
        return f"联系电话“{written}”中有 {len(numbers)} 个号码，只能填一个：请只留一个，其余的可以写在备注中"
    head, _, extension = phone.partition("转")
    if extension and _MOBILE.fullmatch(head):
        return f"联系电话“{written}”：手机号没有分机号，“转{extension}”只能跟在固定电话后面；请只写手机号，分机号可写在备注中"
    if _ELEVEN_DIGITS.fullmatch(phone):  # 1 and ten digits, but no mobile segment (12345678901)
        return f"联系电话“{written}”：号段“{phone[:3]}”不是手机号段（手机号以13至19开头），请核对号码"
    return f"联系电话“{written}”格式不对：手机号应为以1开头的11位数字，固定电话如 0571-88886666"


def several_phones(raw: object) -> list[str] | None:
    """The numbers of a cell that holds more than one, each as the office stores it, the same one once, a mobile
    first (13912345678\n028-88886666, 028-88886666/139…); None unless it has two parts and each is a phone."""
    found = _numbers_of(raw)
    if found is None:
        return None
    numbers = list(found)
    mobile = next((number for number in numbers if _MOBILE.fullmatch(number)), numbers[0])
    return [mobile, *(number for number in numbers if number != mobile)]


# A remark saying a number no longer reaches the person: such a number is never the one to call.
_DEAD = re.compile(r"停机|停用|空号|销号|作废|不用|旧号|已换|失效")


def phones_with_remarks(raw: object) -> list[tuple[str, str | None]] | None:
    """several_phones with each number's remark in brackets (已停机, 微信同号) kept beside it; the number to call
    first: a mobile whose remark does not say it is dead, else any such number, else the first."""
    found = _numbers_of(raw)
    if found is None:
        return None
    alive = [n for n, remark in found.items() if not (remark and _DEAD.search(remark))]
    first = next((n for n in alive if _MOBILE.fullmatch(n)), alive[0] if alive else next(iter(found)))
    return [(first, found[first]), *((n, remark) for n, remark in found.items() if n != first)]


def _numbers_of(raw: object) -> dict[str, str | None] | None:
    """Each number of a cell of several, as stored, in the cell's order, with the remark written after it;
    None unless it has two parts and each is a phone."""
    if type(raw) is str and _PLAIN_MOBILE.fullmatch(raw):
        return None  # most cells of a roster: one mobile, nothing to split
    parts = _cell_parts("" if raw is None else str(raw))
    if len(parts) < 2:
        return None
    found: dict[str, str | None] = {}
    for part in parts:
        number = normalize_phone(part)
        if not _is_phone(number):
            return None
        found[number] = found.get(number) or phone_remark(part)
    return found


def _cell_parts(text: str) -> list[str]:
    """The parts of a phone cell between the signs people put between numbers, each as written."""
    parts = [part for part in _NUMBERS_IN_CELL.split(text) if part.strip()]
    return [number for part in parts for number in _spaced_numbers(part)]


def _spaced_numbers(part: str) -> list[str]:
    """The pieces of `part` when they are numbers one space apart (13980050004 13880050004), each a mobile or a
    landline with its area code, and the digits together are no phone (139 8005 0004 is one); else [part]."""
    pieces = part.split()
    if len(pieces) < 2 or _is_phone(normalize_phone(part)):
        return [part]  # the cheap test first: one piece, the usual cell
    numbers = [normalize_phone(piece) for piece in pieces]
    if all(_MOBILE.fullmatch(number) or _DIALLED_LANDLINE.fullmatch(number) for number in numbers):
        return pieces
    return [part]


def checked_phone(raw: object) -> tuple[str, str]:
    """(the number as the office stores it, '' for a blank cell; what is wrong with it, '' when nothing)."""
    phone = normalize_phone(raw)
    return phone, _phone_problem(phone, raw)
