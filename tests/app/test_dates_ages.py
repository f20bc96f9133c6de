"""Ages (周岁) on the awkward days: the roster's 年龄 column (and its age filter) and the printed roster say the
same number on every day — the birthday itself, New Year's Eve and Day, and 29 February in a common year."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from app.people.roster import ages
from app.printing.people import PersonInfo

BLANK = {f.name: "" for f in dataclasses.fields(PersonInfo) if f.type == "str"}


def printed_age(birth: str, day: dt.date) -> str:
    person = PersonInfo(**{**BLANK, "birth_date": birth}, id=1)  # type: ignore[arg-type]
    return person.age(day)


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        ("1990-12-31", dt.date(2026, 12, 30), 35),
        ("1990-12-31", dt.date(2026, 12, 31), 36),  # the birthday itself
        ("1990-01-01", dt.date(2026, 12, 31), 36),
        ("1990-01-01", dt.date(2027, 1, 1), 37),
        ("1990-12-31", dt.date(2027, 1, 1), 36),
        ("2000-02-29", dt.date(2028, 2, 28), 27),
        ("2000-02-29", dt.date(2028, 2, 29), 28),
        # a common year has no 29 February: the year is full the day after 28 February
        ("2000-02-29", dt.date(2027, 2, 28), 26),
        ("2000-02-29", dt.date(2027, 3, 1), 27),
        ("2000-03-01", dt.date(2028, 2, 29), 27),
    ],
)
def test_the_roster_and_the_printed_roster_agree_on_every_day(birth, day, age):
    assert ages([birth, None], day) == [age, None]
    assert printed_age(birth, day) == str(age)
