"""Turn what a clerk typed into a clean person record, or say precisely what is wrong."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any, NamedTuple

from app.changes import ValidationError
from app.dates import DateError, UncertainDate, iso_text, parse_date, taken_as_is
from app.exchange.date_precision import month_only
from app.people.fields import CHOICES, FIELD_LABELS, PARTY_MEMBER_STATUSES, ROLE_LABELS, Role
from app.people.idnumber import IdInfo, IdNumberError, parse_id_number
from app.people.phones import (  # the phone functions, imported from here before they had their own module
    checked_phone,
    is_plain_mobile,
    normalize_phone,
    phone_problem,
    phone_remark,
    several_phones,
)

__all__ = [
    "DayBounds", "check_date_order", "clean_person", "day_bounds", "id_contradictions", "is_plain_mobile",
    "normalize_name", "normalize_phone", "phone_problem", "phone_remark", "role_code", "several_phones",
]  # fmt: skip

_NAME_CHARS = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f·A-Za-z]+")
_LATIN_NAME = re.compile(r"[A-Za-z ·]+")
_DATE_KEYS = ("party_join_date", "work_start_date", "post_start_date")
_ALLOWED = {key: frozenset(values) for key, values in CHOICES.items()}


# A hyphen between two parts of a transliterated name (阿依古丽-买买提) is the · typed on a keyboard without it.
_HYPHEN_BETWEEN = re.compile(
    r"(?<=[\u3400-\u9fff\U00020000-\U0003134f])\s*[-‐]\s*(?=[\u3400-\u9fff\U00020000-\U0003134f])"
)


def normalize_name(raw: object) -> str:
    """'王　伟 ' -> '王伟'. Padding inside Chinese names is a typing habit, not part of the name; '·' stays, and
    '.' or a hyphen between two Chinese parts (阿卜杜拉.艾山, 阿依古丽-买买提) is that '·'."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    text = text.replace("•", "·").replace("・", "·").replace(".", "·")
    if "-" in text or "‐" in text:
        text = _HYPHEN_BETWEEN.sub("·", text)
    if _LATIN_NAME.fullmatch(text):
        return " ".join(text.split())
    return "".join(text.split())


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def _check_name(name: str, errors: dict[str, str]) -> None:
    if not name:
        errors["name"] = "姓名不能为空"
    elif len(name) > 30:
        errors["name"] = f"姓名过长（{len(name)}个字）"
    elif not _NAME_CHARS.fullmatch(name.replace(" ", "")):
        errors["name"] = f"姓名“{name}”含有数字或符号，请只填写姓名本身"
    elif name[0] == "·" or name[-1] == "·":
        end = "开头" if name[0] == "·" else "末尾"
        errors["name"] = (
            f"姓名“{name}”的{end}是间隔号“·”：间隔号只写在姓名的两部分之间，请核对是否漏写了一部分"
        )


def _check_id(data: dict[str, Any], errors: dict[str, str], today: dt.date) -> IdInfo | None:
    try:
        info = parse_id_number(_text(data, "id_number"), today=today)
    except IdNumberError as exc:
        errors["id_number"] = str(exc)
        return None
    errors.update(id_contradictions(info, data.get("gender"), data.get("birth_date"), today=today))
    return info


def id_contradictions(info: IdInfo, gender: object, birth: object, *, today: dt.date) -> dict[str, str]:
    """A typed gender or birth date that the ID number contradicts, field -> message naming both values.
    Blank values are no contradiction: they are filled in from the number."""
    errors: dict[str, str] = {}
    gender = "" if gender is None else str(gender).strip()
    if gender and gender != info.gender:
        errors["gender"] = (
            f"性别填写为“{gender}”，但公民身份号码 {info.number} 表明性别为“{info.gender}”：{_CONTRADICTION_FIX}"
        )
    if birth is None or birth == "":
        return errors
    if taken_as_is(birth, today):
        typed: dt.date | None = birth
    else:
        try:
            typed = parse_date(birth, field="出生日期", today=today)
        except UncertainDate as exc:
            # 1990.1 (January, or October that Excel shortened), 90.03 (1990 or 2090): agrees with a number
            # born on a date that fits.
            if not exc.fits(info.birth_date):
                errors["birth_date"] = str(exc)
            return errors
        except DateError as exc:
            errors["birth_date"] = str(exc)
            return errors
    if typed is not None and not _same_birth(typed, info.birth_date, birth):
        written = f"{typed.year}年{typed.month}月" if month_only(birth) else typed.isoformat()
        errors["birth_date"] = (
            f"出生日期填写为 {written}，但公民身份号码 {info.number} 表明出生日期为 "
            f"{info.birth_date.isoformat()}：{_CONTRADICTION_FIX}"
        )
    return errors


_CONTRADICTION_FIX = "请核对后改正其中之一（号码无误时，此项可留空，按号码填写）"


def _same_birth(typed: dt.date, from_id: dt.date, raw: object) -> bool:
    """A 出生年月 column often holds only year and month (1990.03, read as the 1st): that agrees with any day of
    the month. So does a date cell on the 1st, which is how Excel keeps a month typed as 1990-3. A day written
    out (1990年3月1日, 19900301) is that day."""
    if typed.day == 1 and (isinstance(raw, dt.date) or month_only(raw)):
        return (typed.year, typed.month) == (from_id.year, from_id.month)
    return typed == from_id


def _check_dates(
    data: dict[str, Any], errors: dict[str, str], today: dt.date, out: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The three dates as ISO text (None when blank), into `out` (a new dict when None); problems into `errors`."""
    out = {} if out is None else out
    for key in _DATE_KEYS:
        raw = data.get(key)
        if raw is None:
            out[key] = None
            continue
        if taken_as_is(raw, today):
            out[key] = iso_text(raw)
            continue
        try:
            value = parse_date(raw, field=FIELD_LABELS[key], today=today)
        except DateError as exc:
            errors[key] = str(exc)
            value = None
        out[key] = value.isoformat() if value else None
    return out


def _years_between(earlier: str, later: str) -> int:
    """Whole years from one 'YYYY-MM-DD' to another (both as isoformat() writes a date from 1900 on: their
    'MM-DD' parts compare as the month and day do)."""
    return int(later[:4]) - int(earlier[:4]) - (later[5:] < earlier[5:])


class DayBounds(NamedTuple):
    """The days, as ISO text, that the rules of a record measure against on one day (compared as text: an import
    checks thousands of records against the same day)."""

    today: str
    youngest: str  # born after it: not yet 16
    oldest: str  # born on or before it: 100 or older
    probation: str  # joined before it: a 预备党员 for more than two years


@functools.lru_cache(maxsize=8)
def day_bounds(today: dt.date) -> DayBounds:
    iso = today.isoformat()
    month_day = iso[4:]  # '-02-29' too: the text comparison counts whole years as _years_between does
    return DayBounds(iso, f"{today.year - 16:04d}{month_day}", f"{today.year - 100:04d}{month_day}",
                     f"{today.year - 2:04d}{month_day}")  # fmt: skip


_PROBATIONER = "中共预备党员"


def _check_date_order(
    clean: dict[str, Any], errors: dict[str, str], bounds: DayBounds, *, age: bool = True
) -> None:
    """`age`: check the age the ID number gives (not for a number already on the roster: it is no typo there,
    and a person on record turns 100 one day)."""
    birth = clean.get("birth_date")
    party, work, post = clean["party_join_date"], clean["work_start_date"], clean["post_start_date"]
    status = clean.get("political_status")
    if age and birth and not bounds.oldest < birth <= bounds.youngest:
        errors["id_number"] = _age_problem(birth, bounds.today)
    if party and not status:
        errors["party_join_date"] = "填写了入党时间，但没有填写政治面貌：请填写中共党员或中共预备党员"
    elif party and status not in PARTY_MEMBER_STATUSES:
        errors["party_join_date"] = f"填写了入党时间，但政治面貌是“{status}”，不是中共党员或中共预备党员"
    elif party and status == _PROBATIONER and party < bounds.probation:
        errors["party_join_date"] = (
            f"政治面貌是中共预备党员，但入党时间 {party} 距今已超过两年。预备期一般为一年，最长延长一年：请核对政治面貌或入党时间"
        )
    if birth and party and _years_between(birth, party) < 18:
        errors["party_join_date"] = f"入党时间 {party} 时未满18周岁（出生日期 {birth}），请核对"
    if birth and work and _years_between(birth, work) < 16:
        errors["work_start_date"] = f"参加工作时间 {work} 时未满16周岁（出生日期 {birth}），请核对"
    if work and post and post < work:
        errors["post_start_date"] = f"到岗时间 {post} 早于参加工作时间 {work}，请核对"


def _age_problem(birth: str, today: str) -> str:
    years = _years_between(birth, today)
    limit = "未满16周岁" if years < 16 else "已满100周岁"
    return f"年龄 {years} 岁（按公民身份号码，出生日期为 {birth}），{limit}，不像在册人员的年龄：请核对公民身份号码"


def check_date_order(clean: dict[str, Any], bounds: DayBounds) -> dict[str, str]:
    """What clean_person says of a new person's clean record whose dates break a rule — out of order, an age
    the office has nobody of, a 预备期 long over (field -> message); {} if none. `bounds`: day_bounds(today)."""
    errors: dict[str, str] = {}
    _check_date_order(clean, errors, bounds)
    return errors


def _check_choices(
    data: dict[str, Any], errors: dict[str, str], out: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Each choice as given (None when blank), into `out` (a new dict when None); problems into `errors`."""
    out = {} if out is None else out
    get = data.get
    for key, allowed in CHOICES.items():
        value = get(key)  # _text(data, key), in the loop
        value = value.strip() if type(value) is str else "" if value is None else str(value).strip()
        if value and value not in _ALLOWED[key]:
            shown = "、".join(allowed) if len(allowed) <= 8 else "下拉列表中的值"
            errors[key] = f"{FIELD_LABELS[key]}“{value}”无效，应为：{shown}"
        out[key] = value or None
    return out


def role_code(value: object) -> str | None:
    """The stored code of a role given as code or Chinese label ('青年干部' -> 'reserve_cadre'), else None."""
    # What Role(value) and then Role.from_label(value) accept, as one look-up.
    return _ROLE_CODES.get("" if value is None else str(value).strip())


def _check_role(data: dict[str, Any], errors: dict[str, str]) -> str | None:
    value = _text(data, "role")
    code = role_code(value)
    if code is None:
        labels = "、".join(r.label for r in Role)
        errors["role"] = "请选择人员类别" if not value else f"人员类别“{value}”无效，应为：{labels}"
    return code


_ROLE_CODES: dict[str, str] = {
    **{label: role.value for role, label in reversed(ROLE_LABELS.items())},  # from_label: the first match
    **{role.value: role.value for role in Role},  # Role(value) is tried first
}


def _check_phone(data: dict[str, Any], errors: dict[str, str]) -> str | None:
    phone, problem = checked_phone(data.get("phone"))
    if problem:
        errors["phone"] = problem
    return phone or None


def clean_person(
    data: dict[str, Any], *, today: dt.date, on_record: str | None = None
) -> tuple[dict[str, Any], IdInfo | None]:
    """Validate `data` (field -> typed value) and return the record to store; raises ValidationError.
    `on_record`: the ID number the person already has on the roster (an edit, an import's update): a number
    kept is not checked for a likely age again."""
    errors: dict[str, str] = {}
    name = normalize_name(data.get("name"))
    _check_name(name, errors)
    info = _check_id(data, errors, today)
    clean: dict[str, Any] = {
        "role": _check_role(data, errors),
        "name": name,
        "id_number": info.number if info else None,
        "gender": info.gender if info else _text(data, "gender") or None,
        "birth_date": iso_text(info.birth_date) if info else None,
    }
    _check_choices(data, errors, clean)  # filled in place, in this order: no dict made and merged per person
    _check_dates(data, errors, today, clean)
    clean["major"] = _text(data, "major") or None
    clean["position"] = _text(data, "position") or None
    clean["phone"] = _check_phone(data, errors)
    clean["note"] = _text(data, "note") or None
    clean["unit_id"] = data.get("unit_id")
    clean["photo"] = data.get("photo")
    if info:
        clean["gender"] = info.gender
    if not clean["status"]:
        clean["status"] = "在岗"
    if clean["unit_id"] in (None, ""):
        errors["unit_id"] = "请选择工作单位"
    kept = info is not None and info.number == on_record
    _check_date_order(clean, errors, day_bounds(today), age=not kept)
    if errors:
        raise ValidationError(errors)
    return clean, info
