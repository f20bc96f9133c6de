"""Batch greetings (批量慰问): everyone with a birthday in a month, or a selection at a festival, greeted in one
step with the gift and amount set once. One visit per person, so each is answered, counted and costed as that
person's; all are written in one transaction, or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict

from sqlite_utils import Database

from app.care.festivals import FestivalError, festival_date
from app.care.money import fen_text
from app.care.rules import BIRTHDAY_GREETING, FESTIVAL_GREETING, birthday_in
from app.care.service import CARE_CHANGED, VisitInput, insert_visit, person_names, visit_values
from app.changes import OperationRefused, OpResult, ValidationError
from app.clock import utc_now


def birthday_people(db: Database, year: int, month: int) -> list[tuple[int, str, dt.date]]:
    """People at work (在岗, 试用期) whose birthday falls in the month: (id, name, birthday in `year`),
    by day. 29 February counts in February of every year (it falls on the 28th)."""
    rows = db.execute(
        "SELECT id, name, birth_date FROM people WHERE deleted_at IS NULL AND status IN ('在岗', '试用期')"
        " AND CAST(substr(birth_date, 6, 2) AS INTEGER) = ?",
        [month],
    ).fetchall()
    found = [(pid, name, birthday_in(year, dt.date.fromisoformat(birth))) for pid, name, birth in rows]
    return sorted(found, key=lambda item: (item[2], item[1]))


def greet_birthdays(db: Database, year: int, month: int, template: VisitInput, actor: str) -> OpResult:
    """A 生日慰问 for each person with a birthday in the month, each dated on the birthday itself unless the
    template gives a date; gift and amount (per person) once for all. One transaction."""
    people = birthday_people(db, year, month)
    if not people:
        raise OperationRefused(f"{year}年{month}月没有在岗人员过生日")
    items = [
        VisitInput(
            **{
                **asdict(template),
                "person_ids": [pid],
                "kind": BIRTHDAY_GREETING,
                "date": template.date or birthday,
            }
        )  # fmt: skip
        for pid, _name, birthday in people
    ]
    return _greet(db, items, actor, f"{year}年{month}月生日慰问")


def greet_festival(db: Database, person_ids: Sequence[int], festival: str, year: int, template: VisitInput,
                   actor: str) -> OpResult:  # fmt: skip
    """A 节日慰问 for each selected person, dated on the festival of `year` unless the template gives a date."""
    try:
        day = template.date or festival_date(festival, year)
    except FestivalError as exc:
        raise ValidationError({"date": str(exc)}) from exc
    if not person_ids:
        raise ValidationError({"people": "请选择慰问对象"})
    items = [
        VisitInput(
            **{
                **asdict(template),
                "person_ids": [pid],
                "kind": FESTIVAL_GREETING,
                "date": day,
                "occasion": festival,
            }
        )  # fmt: skip
        for pid in dict.fromkeys(person_ids)
    ]
    return _greet(db, items, actor, f"{year}年{festival}慰问")


def _greet(db: Database, items: list[VisitInput], actor: str, what: str) -> OpResult:
    """One visit per person (so each is answered, counted and costed as that person's), all or none."""
    checked = [visit_values(item, future=True) for item in items]
    names = person_names(db, [pid for item in items for pid in item.person_ids])
    now = utc_now()
    with db.atomic():
        for item, values in zip(items, checked, strict=True):
            insert_visit(db, values, item.person_ids, names, actor, now)
    total = sum(item.amount_fen for item in items)
    money = f"，共 {fen_text(total)} 元" if total else ""
    return OpResult(CARE_CHANGED, None, f"已记录{what} {len(items)} 人{money}", made=len(items))
