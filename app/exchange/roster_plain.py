"""The usual row of a roster, planned at once: a new person whose every cell is already in the form the office
stores, or a text the file has already had read. Any other row goes the full way (roster_import._Planner.plan_row,
with clean_person, the checks the person form uses), which would plan this row the same way: the tests plan
random messy sheets both ways and compare every row.

What makes a row usual: a name of two to four Chinese characters; an 18-digit ID number, held as text, valid, met
for the first time, of nobody on the roster or in the recycle bin; a 性别 blank or the one the number says; a 出生日期
blank or the very day the number says; every choice (学历, 政治面貌 …), the 人员类别 and the 工作单位 a text the
file has already had understood; dates that are date cells from 1900 to today; a phone blank or 11 digits as
stored; no cell too long, no error value, no default to apply. The dates in order, as clean_person checks them."""

from __future__ import annotations

import operator
import re
from typing import TYPE_CHECKING, Any

from app.dates import iso_text, taken_as_is
from app.exchange.limits import clip
from app.exchange.plan import Action, RowPlan
from app.people.fields import CHOICES
from app.people.idnumber import IdNumberError, parse_id_number
from app.people.validation import check_date_order, is_plain_mobile

if TYPE_CHECKING:
    from app.exchange.roster_import import _Planner

_PLAIN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_STORED_ID = re.compile(r"[1-9][0-9]{16}[0-9X]", re.ASCII)
_DATES = ("party_join_date", "work_start_date", "post_start_date")
_TEXTS = ("major", "position")


def plain_row(planner: _Planner, number: int, cells: list[Any], texts: list[str]) -> RowPlan | None:
    """The row planned, if it is a usual one (see the module's text); None to plan it in full."""
    if planner.defaults or len(cells) < planner.width or len(texts) != len(planner.most_by_column):
        return None
    if any(map(operator.gt, map(len, texts), planner.most_by_column)):
        return None  # a cell too long: said by the full way
    column = planner.column_of
    name, id_number = texts[column["name"]], texts[column["id_number"]]
    if not _PLAIN_NAME.fullmatch(name) or not _new_number(planner, cells[column["id_number"]], id_number):
        return None
    try:
        info = parse_id_number(id_number, today=planner.today)
    except IdNumberError:
        return None
    clean = _usual_values(planner, cells, texts, name, info)
    if clean is None or check_date_order(clean):
        return None
    planner.seen[info.number] = number
    plan = RowPlan(row=number, action=Action.NEW, cells=cells, name=name, id_number=info.number)
    plan.unit_name = clip(texts[column["unit"]])
    plan.values = clean
    return plan


def _new_number(planner: _Planner, raw: Any, text: str) -> bool:
    """An ID number held as text, in its stored form, of nobody the file, the roster or the bin has."""
    return (
        type(raw) is str
        and _STORED_ID.fullmatch(text) is not None
        and text not in planner.seen
        and text not in planner.existing
        and text not in planner.binned
    )


def _usual_values(
    planner: _Planner, cells: list[Any], texts: list[str], name: str, info: Any
) -> dict[str, Any] | None:
    """The row's values as clean_person gives them, keys in its order; None when any is not usual."""
    column = planner.column_of
    role, unit = _understood(planner, "role", texts), planner.unit_ids.get(_text(texts, column.get("unit")))
    if role is None or unit is None or unit[1] is not None:
        return None
    gender = _text(texts, column.get("gender"))
    birth = cells[column["birth_date"]] if "birth_date" in column else None
    if (gender and gender != info.gender) or (birth is not None and birth != info.birth_date):
        return None
    values: dict[str, Any] = {
        "role": role, "name": name, "id_number": info.number, "gender": info.gender,
        "birth_date": iso_text(info.birth_date),
    }  # fmt: skip
    for field in CHOICES:
        if field != "gender":
            value = _understood(planner, field, texts)
            if value is None:
                return None
            values[field] = value or None
    for field in _DATES:
        value = cells[column[field]] if field in column else None
        if value is not None and not taken_as_is(value, planner.today):
            return None
        values[field] = None if value is None else iso_text(value)
    phone = _text(texts, column.get("phone"))
    if phone and not is_plain_mobile(phone):
        return None
    for field in _TEXTS:
        values[field] = _text(texts, column.get(field)) or None
    values["phone"], values["note"] = phone or None, _text(texts, column.get("note")) or None
    values["unit_id"] = unit[0]
    values["status"] = values["status"] or "在岗"
    return values


def _understood(planner: _Planner, field: str, texts: list[str]) -> str | None:
    """The stored value of the field's text ('' for a blank or absent cell) when the file has had the text read
    already, and understood; else None."""
    text = _text(texts, planner.column_of.get(field))
    if not text:
        return "" if field != "role" else None  # no 人员类别: the full way says so
    known = planner.choices.get((field, text))
    return known[0] if known is not None and known[1] is None else None


def _text(texts: list[str], column: int | None) -> str:
    return texts[column] if column is not None else ""
