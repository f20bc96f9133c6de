"""What the care widget tests share: a day pinned in the window, ID numbers born on a chosen day, and a small
office with one open duty of each kind the tests use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from app.care.service import record_event
from app.people.idnumber import check_digit
from tests.ui.conftest import ACTOR, add_person, add_unit

DAY = dt.date(2025, 6, 10)
PINNED = (
    "ui.care.today_page",
    "ui.care.visit_form",
    "ui.care.talk_form",
    "ui.care.event_form",
    "ui.care.health_form",
    "ui.care.greetings_dialog",
    "ui.care.records_page",
)


def born(day: dt.date, serial: int) -> str:
    """A valid ID number of someone born on `day`."""
    first17 = f"110101{day:%Y%m%d}{serial:03d}"
    return first17 + check_digit(first17)


@pytest.fixture
def pinned(monkeypatch):
    """Every care widget's "today" is DAY."""
    import importlib

    for name in PINNED:
        monkeypatch.setattr(importlib.import_module(name), "today", lambda: DAY)
    return DAY


@dataclass
class CareOffice:
    unit: int
    birthday: int  # 张三: birthday 4 days after DAY
    sick: int  # 李四: 生病住院 on 06-01, the visit 2 days overdue
    upset: int  # 王五: 思想波动 on 06-08, the talk due 06-15
    sick_event: int
    upset_event: int


def care_office(db) -> CareOffice:
    unit = add_unit(db, "东门社区")
    birthday = add_person(db, "张三", born(dt.date(1990, 6, 14), 1), unit)
    sick = add_person(db, "李四", born(dt.date(1985, 1, 1), 2), unit)
    upset = add_person(db, "王五", born(dt.date(1988, 2, 2), 3), unit)
    sick_event = record_event(db, sick, "生病住院", "2025-06-01", ACTOR).record_id
    upset_event = record_event(db, upset, "思想波动", "2025-06-08", ACTOR).record_id
    return CareOffice(unit, birthday, sick, upset, sick_event, upset_event)


@pytest.fixture
def forms(monkeypatch):
    """Care forms are recorded instead of shown: `forms.answer` (form → None) fills and saves each one."""
    from ui.care import form_parts

    class Forms(list):
        answer = None

    seen = Forms()

    def run(form):
        seen.append(form)
        if seen.answer is not None:
            seen.answer(form)
        return form.result

    monkeypatch.setattr(form_parts, "run_form", run)
    return seen
