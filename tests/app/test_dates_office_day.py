"""The office's day is app.clock.today() everywhere: what a pinned day (or a PC whose clock is at 1 January)
says must not depend on SQLite's UTC date or on a second call to datetime.date.today()."""

from __future__ import annotations

import datetime as dt

import pytest

from app.dates import DateError, parse_date
from app.people.idnumber import IdNumberError, check_digit, parse_id_number
from app.training import pairs
from app.training.mentor_pool import mentors, save_mentor
from tests.app.conftest import ACTOR, add_person


def _mentor_with_a_pair_to(db, end: str) -> None:
    mentee = add_person(db, "张三", 1, "reserve_cadre")
    mentor = save_mentor(db, None, {"name": "何志强"}, ACTOR).record_id
    values = {"mentor_id": mentor, "mentee_id": mentee, "kind": "一对一", "start_date": "2026-03-01"}
    pairs.save_pair(db, None, {**values, "end_date": end}, ACTOR)


@pytest.mark.parametrize(("day", "running"), [(dt.date(2026, 12, 31), 1), (dt.date(2027, 1, 1), 0)])
def test_a_pair_ending_on_new_years_eve_counts_to_its_mentor_until_that_day(db, pin_today, day, running):
    """The pool's 在带 count used SQLite's date('now') — the UTC day, 8 hours behind Beijing, and blind to the
    office's clock: on 1 January before 08:00 a pair that ended on 31 December still took a mentor's place."""
    _mentor_with_a_pair_to(db, "2026-12-31")
    pin_today(day)
    assert [m.mentees for m in mentors(db)] == [running]


def test_a_typed_date_is_in_the_future_by_the_offices_day(pin_today):
    pin_today(dt.date(2027, 1, 1))
    assert parse_date("2027-01-01", field="谈话日期") == dt.date(2027, 1, 1)
    with pytest.raises(DateError, match="晚于今天（2027-01-01）"):
        parse_date("2027-01-02", field="谈话日期")
    pin_today(dt.date(2026, 12, 31))
    with pytest.raises(DateError, match="“2027-01-01”晚于今天（2026-12-31）"):
        parse_date("2027-01-01", field="谈话日期")


def test_an_id_number_born_today_is_valid_and_tomorrow_refused_by_the_offices_day(pin_today):
    first17 = "110101" + "20280229" + "005"
    born_today = first17 + check_digit(first17)
    pin_today(dt.date(2028, 2, 29))
    assert parse_id_number(born_today).birth_date == dt.date(2028, 2, 29)
    pin_today(dt.date(2028, 2, 28))
    with pytest.raises(IdNumberError, match="晚于今天（2028-02-28）"):
        parse_id_number(born_today)
