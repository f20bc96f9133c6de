"""The usual row of a roster, planned at once: a new person whose every cell is already in the form the office
stores, or a text the file has already had read. Any other row goes the full way (roster_planner.Planner.plan_row,
with clean_person, the checks the person form uses), which would plan this row the same way: the tests plan
random messy sheets both ways and compare every row.

What makes a row usual: a name of two to four Chinese characters; an 18-digit ID number, held as text, valid, met
for the first time, of nobody on the roster or in the recycle bin; a 性别 blank or the one the number says; a 出生日期
blank or the very day the number says; every choice (学历, 政治面貌 …), the 人员类别 and the 工作单位 a text the
file has already had understood; dates that are date cells from 1900 to today; a phone blank or 11 digits as
stored; no cell too long, no error value, no default to apply. The dates in order, the age and a 预备党员's
入党时间 likely, as clean_person checks them."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.dates import iso_text, taken_as_is
from app.exchange.limits import clip
from app.exchange.plan import Action, RowPlan
from app.people.fields import CHOICES
from app.people.idnumber import usual_id_info
from app.people.phones import is_plain_mobile
from app.people.validation import check_date_order, day_bounds

if TYPE_CHECKING:
    from app.exchange.roster_planner import Planner

_PLAIN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_STORED_ID = re.compile(r"[1-9][0-9]{16}[0-9X]", re.ASCII)
_DATES = ("party_join_date", "work_start_date", "post_start_date")
_TEXTS = ("major", "position")
_CHOSEN = tuple(field for field in CHOICES if field != "gender")  # 性别 is the ID number's
_NOT_USUAL = object()


def plain_row(planner: Planner, number: int, cells: list[Any], texts: list[str]) -> RowPlan | None:
    """The row planned, if it is a usual one (see the module's text); None to plan it in full."""
    usual = planner.usual
    if usual is None:
        usual = planner.usual = _Usual(planner)
    return usual.plan(number, cells, texts)


class _Usual:
    """plain_row for the rows of one file: where each field's cell is and which choice texts the file has had
    understood, worked out once rather than looked up cell by cell."""

    def __init__(self, planner: Planner):
        self.planner = planner
        column = planner.column_of
        self.off = bool(planner.defaults)  # a default to apply: the full way does that
        self.bounds = day_bounds(planner.today)  # the ages and the 预备期 of the day, worked out once
        self.name, self.id_number = column["name"], column["id_number"]
        self.gender, self.birth = column.get("gender"), column.get("birth_date")
        self.unit, self.phone, self.note = column.get("unit"), column.get("phone"), column.get("note")
        self.dates = [(field, column.get(field)) for field in _DATES]
        self.texts = [(field, column.get(field)) for field in _TEXTS]
        # The role and each choice: read together, as one key, from the columns the file has.
        self.choice_fields = ("role", *_CHOSEN)
        present = [column[f] for f in self.choice_fields if f in column]
        self.choice_key: Callable[[list[str]], object] = (
            operator.itemgetter(*present) if present else lambda _texts: ()
        )
        # The role and the choices' stored values (status's default applied) by the key of their texts; only
        # texts all understood are kept: the planner's reading of a text never changes once made.
        self.choice_values: dict[object, tuple[str, tuple[tuple[str, str | None], ...]]] = {}

    def plan(self, number: int, cells: list[Any], texts: list[str]) -> RowPlan | None:
        planner = self.planner
        if self.off or len(cells) < planner.width or len(texts) != len(planner.most_by_column):
            return None
        if any(map(operator.gt, map(len, texts), planner.most_by_column)):
            return None  # a cell too long: said by the full way
        name, id_number = texts[self.name], texts[self.id_number]
        if not _PLAIN_NAME.fullmatch(name) or not self._new_number(cells[self.id_number], id_number):
            return None
        info = usual_id_info(id_number, planner.today)
        if info is None:
            return None
        clean = self._values(cells, texts, name, info)
        if clean is None or check_date_order(clean, self.bounds):
            return None
        planner.seen[info.number] = number
        plan = RowPlan(row=number, action=Action.NEW, cells=cells, name=name, id_number=info.number)
        plan.unit_name = clip(_text(texts, self.unit))
        plan.values = clean
        return plan

    def _new_number(self, raw: Any, text: str) -> bool:
        """An ID number held as text, in its stored form, of nobody the file, the roster or the bin has."""
        planner = self.planner
        return (
            type(raw) is str
            and _STORED_ID.fullmatch(text) is not None
            and text not in planner.seen
            and text not in planner.existing
            and text not in planner.binned
        )

    def _values(self, cells: list[Any], texts: list[str], name: str, info: Any) -> dict[str, Any] | None:
        """The row's values as clean_person gives them, keys in its order; None when any is not usual."""
        planner = self.planner
        unit = planner.unit_ids.get(_text(texts, self.unit))
        choices = self._choices(texts)
        if unit is None or unit[1] is not None or choices is None:
            return None
        gender = _text(texts, self.gender)
        birth = cells[self.birth] if self.birth is not None else None
        if (gender and gender != info.gender) or (birth is not None and birth != info.birth_date):
            return None
        role, chosen = choices
        values: dict[str, Any] = {
            "role": role, "name": name, "id_number": info.number, "gender": info.gender,
            "birth_date": iso_text(info.birth_date),
        }  # fmt: skip
        values.update(chosen)
        today = planner.today
        for field, column in self.dates:
            value = cells[column] if column is not None else None
            if value is None:
                values[field] = None
            elif taken_as_is(value, today):
                values[field] = iso_text(value)
            else:
                return None
        phone = _text(texts, self.phone)
        if phone and not is_plain_mobile(phone):
            return None
        for field, column in self.texts:
            values[field] = _text(texts, column) or None
        values["phone"], values["note"] = phone or None, _text(texts, self.note) or None
        values["unit_id"] = unit[0]
        return values

    def _choices(self, texts: list[str]) -> tuple[str, tuple[tuple[str, str | None], ...]] | None:
        key = self.choice_key(texts)
        known = self.choice_values.get(key, _NOT_USUAL)
        if known is not _NOT_USUAL:
            return known
        read = [_understood(self.planner, field, texts) for field in self.choice_fields]
        if None in read:
            return None  # not kept: a later row may find these texts understood
        role, *chosen = read
        pairs = tuple(
            (f, v or ("在岗" if f == "status" else None)) for f, v in zip(_CHOSEN, chosen, strict=True)
        )
        known = self.choice_values[key] = (role, pairs)
        return known


def _understood(planner: Planner, field: str, texts: list[str]) -> str | None:
    """The stored value of the field's text ('' for a blank or absent cell) when the file has had the text read
    already, and understood; else None."""
    text = _text(texts, planner.column_of.get(field))
    if not text:
        return "" if field != "role" else None  # no 人员类别: the full way says so
    known = planner.choices.get((field, text))
    return known[0] if known is not None and known[1] is None else None


def _text(texts: list[str], column: int | None) -> str:
    return texts[column] if column is not None else ""
