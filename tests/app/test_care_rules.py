"""The care rules with fixed dates: duties due, overdue, answered (late too), birthdays (29 February, the year's
turn), follow-ups, health checks in the last quarter and probation ends."""

from __future__ import annotations

import datetime as dt

import pytest

from app.care.rules import (
    BIRTHDAY,
    DUE_TALK,
    DUE_VISIT,
    FOLLOW_UP,
    HEALTH,
    PROBATION_END,
    TALK,
    VISIT,
    CareBook,
    CareSettings,
    Event,
    HealthCheck,
    Person,
    Talk,
    Visit,
    add_months,
    answers,
    birthday_in,
    count_by_kind,
    days_late,
    due_date,
    due_items,
    duty_of,
    oldest_open_event,
    probation_end,
)

D = dt.date.fromisoformat
ZHANG = Person(1, "张三", "110101199001010011", D("1990-06-15"))
LI = Person(2, "李四", "110101199002290022", D("1992-02-29"))


@pytest.mark.parametrize(
    ("kind", "duty"),
    [
        ("结婚", VISIT), ("丧事", VISIT), ("生病住院", VISIT), ("家庭纠纷", VISIT), ("重大变故", VISIT),
        ("思想波动", TALK), ("工作失误", TALK), ("岗位变动", TALK), ("违规违纪", TALK), ("其他", None),
        ("没有这种", None),
    ],
)  # fmt: skip
def test_each_event_kind_asks_for_its_duty(kind, duty):
    assert duty_of(kind) == duty


@pytest.mark.parametrize(
    ("record_type", "category", "on", "event_kind", "fits"),
    [
        (VISIT, "婚丧嫁娶", "2026-03-01", "结婚", True),
        (VISIT, "婚丧嫁娶", "2026-03-01", "丧事", True),
        (VISIT, "生病住院", "2026-03-01", "生病住院", True),
        (VISIT, "生病住院", "2026-03-01", "家庭纠纷", False),
        (VISIT, "节日慰问", "2026-03-01", "结婚", False),
        (VISIT, "婚丧嫁娶", "2026-02-27", "结婚", False),  # dated before the event
        (VISIT, "婚丧嫁娶", "2026-02-28", "结婚", True),  # the same day
        (TALK, "思想波动", "2026-03-01", "思想波动", True),
        (TALK, "工作失误", "2026-03-01", "思想波动", False),
        (TALK, "生病住院", "2026-03-01", "生病住院", False),  # a talk never answers a visit duty
        (VISIT, "其他", "2026-03-01", "其他", False),
    ],
)
def test_what_answers_a_duty(record_type, category, on, event_kind, fits):
    assert answers(record_type, category, D(on), event_kind, D("2026-02-28")) is fits


def test_due_date_and_how_late_an_answer_came():
    assert due_date(D("2026-12-28")) == D("2027-01-04")  # over the year's turn
    assert due_date(D("2026-03-01"), 10) == D("2026-03-11")
    assert days_late(D("2026-03-08"), D("2026-03-08")) == 0
    assert days_late(D("2026-03-05"), D("2026-03-08")) == 0
    assert days_late(D("2026-03-11"), D("2026-03-08")) == 3


def test_on_import_a_record_answers_the_oldest_open_event_it_fits():
    events = [Event(3, 1, "生病住院", D("2026-03-05")), Event(1, 1, "生病住院", D("2026-02-01")),
              Event(2, 1, "结婚", D("2026-01-10"))]  # fmt: skip
    assert oldest_open_event(VISIT, "生病住院", D("2026-03-10"), events, set()).id == 1
    assert oldest_open_event(VISIT, "生病住院", D("2026-03-10"), events, {1}).id == 3
    assert oldest_open_event(VISIT, "生病住院", D("2026-03-01"), events, {1}) is None  # before event 3
    assert oldest_open_event(VISIT, "婚丧嫁娶", D("2026-03-10"), events, set()).id == 2
    assert oldest_open_event(TALK, "思想波动", D("2026-03-10"), events, set()) is None


def _due(book: CareBook, on: str, settings: CareSettings | None = None) -> list[tuple]:
    return [
        (i.kind, i.name, i.subject, i.due.isoformat(), i.days_late) for i in due_items(book, D(on), settings)
    ]


def test_duties_due_today_overdue_answered_and_not_yet_happened():
    book = CareBook(
        people=[ZHANG, LI],
        events=[
            Event(1, 1, "生病住院", D("2026-03-01")),  # due 03-08: today
            Event(2, 2, "思想波动", D("2026-02-20")),  # due 02-27: 9 days late
            Event(3, 1, "结婚", D("2026-02-01")),  # answered by visit 10
            Event(4, 2, "其他", D("2026-03-02")),  # asks for nothing
            Event(5, 1, "丧事", D("2026-03-09")),  # after the day: not yet
            Event(6, 2, "工作失误", D("2026-02-10")),  # answered late by talk 20
        ],
        visits=[Visit(10, (1,), D("2026-02-03"), "婚丧嫁娶", event_id=3)],
        talks=[Talk(20, 2, D("2026-03-01"), "工作失误", event_id=6)],
    )
    assert _due(book, "2026-03-08") == [
        (DUE_VISIT, "张三", "生病住院", "2026-03-08", 0),
        (DUE_TALK, "李四", "思想波动", "2026-02-27", 9),
    ]
    # Counting only records dated on or before the day: on 2026-02-20 talk 20 had not been held yet.
    assert (DUE_TALK, "李四", "工作失误", "2026-02-17", 3) in _due(book, "2026-02-20")
    assert (DUE_VISIT, "张三", "结婚", "2026-02-08", -6) in _due(book, "2026-02-02")
    assert not any(item[2] == "结婚" for item in _due(book, "2026-02-03"))


def test_the_office_sets_the_days_a_duty_is_due_in():
    book = CareBook(people=[ZHANG], events=[Event(1, 1, "生病住院", D("2026-03-01"))])
    assert _due(book, "2026-03-08", CareSettings(due_days=3)) == [
        (DUE_VISIT, "张三", "生病住院", "2026-03-04", 4)
    ]


@pytest.mark.parametrize(
    ("birth", "year", "birthday"),
    [("1992-02-29", 2026, "2026-02-28"), ("1992-02-29", 2028, "2028-02-29"), ("1990-06-15", 2026, "2026-06-15"),
     ("1992-02-29", 2100, "2100-02-28")],
)  # fmt: skip
def test_birthday_in_a_year(birth, year, birthday):
    assert birthday_in(year, D(birth)) == D(birthday)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2026-02-20", None),  # 8 days before 28 February
        ("2026-02-21", ("2026-02-28", -7)),  # 7 days before: listed
        ("2026-02-28", ("2026-02-28", 0)),  # the day (no 29 February in 2026)
        ("2026-03-07", ("2026-02-28", 7)),  # a week late, still listed
        ("2026-03-08", None),  # then it drops
        ("2028-02-29", ("2028-02-29", 0)),  # a leap year has the day itself
    ],
)
def test_a_29_february_birthday(on, expected):
    items = _due(CareBook(people=[LI]), on)
    assert items == (
        [] if expected is None else [(BIRTHDAY, "李四", f"{int(expected[0][:4]) - 1992}岁生日", *expected)]
    )


@pytest.mark.parametrize(
    ("birth", "on", "due", "late"),
    [
        ("1990-01-02", "2026-12-28", "2027-01-02", -5),  # December sees January's birthday
        ("1990-12-30", "2027-01-03", "2026-12-30", 4),  # January still sees December's, late
        ("1990-01-01", "2026-12-25", "2027-01-01", -7),
    ],
)
def test_birthdays_across_the_year_boundary(birth, on, due, late):
    person = Person(3, "王五", "x", D(birth))
    [item] = [i for i in due_items(CareBook(people=[person]), D(on)) if i.kind == BIRTHDAY]  # not 体检
    assert (item.kind, item.due.isoformat(), item.days_late) == (BIRTHDAY, due, late)


@pytest.mark.parametrize(
    ("greeted_on", "listed"),
    [
        ("2026-06-08", False),  # 7 days before: within the window
        ("2026-06-15", False),  # on the day
        ("2026-06-07", True),  # 8 days before: last year's gift does not count
        ("2026-06-17", False),  # a late greeting still clears it
        ("2025-06-15", True),  # last year's
    ],
)
def test_a_birthday_is_listed_until_greeted(greeted_on, listed):
    visits = [Visit(1, (1, 2), D(greeted_on), "生日慰问")]
    book = CareBook(people=[ZHANG], visits=visits)
    assert bool(due_items(book, D("2026-06-18"))) is listed


def test_a_greeting_dated_after_the_day_does_not_count_yet():
    book = CareBook(people=[ZHANG], visits=[Visit(1, (1,), D("2026-06-15"), "生日慰问")])
    assert [i.kind for i in due_items(book, D("2026-06-14"))] == [BIRTHDAY]


@pytest.mark.parametrize(
    "status, kinds",
    [
        ("在岗", [BIRTHDAY, DUE_VISIT, FOLLOW_UP, HEALTH]),
        ("试用期", [BIRTHDAY, DUE_VISIT, FOLLOW_UP, HEALTH]),
        # Retired cadres are greeted on their birthday; their health check is not the office's to ask for.
        ("退休", [BIRTHDAY, DUE_VISIT, FOLLOW_UP]),
        # Someone who left or moved post gets no routine reminder; what was recorded on purpose stays.
        ("离岗", [DUE_VISIT, FOLLOW_UP]),
        ("转岗", [DUE_VISIT, FOLLOW_UP]),
        ("解聘", [DUE_VISIT, FOLLOW_UP]),
    ],
)
def test_which_reminders_each_status_gets(status, kinds):
    """Birthdays and health checks follow the status; an event's duty and a follow-up date typed in do not."""
    person = Person(1, "张三", "x", D("1960-10-18"), status=status)
    book = CareBook(
        people=[person],
        events=[Event(1, 1, "生病住院", D("2026-10-10"))],
        visits=[Visit(1, (1,), D("2026-09-01"), "节日慰问", follow_up=D("2026-10-20"))],
    )
    assert sorted(i.kind for i in due_items(book, D("2026-10-15"))) == sorted(kinds)


def test_follow_ups_are_listed_before_their_date_until_a_later_contact():
    book = CareBook(
        people=[ZHANG, LI],
        visits=[Visit(1, (1, 2), D("2026-03-01"), "生病住院", follow_up=D("2026-03-20"))],
        talks=[Talk(2, 2, D("2026-03-15"), "思想波动")],
    )
    assert _due(book, "2026-03-12") == []
    # On 03-13 the talk of 03-15 has not happened yet: both are listed.
    assert [i[1] for i in _due(book, "2026-03-13")] == ["张三", "李四"]
    assert _due(book, "2026-03-16") == [(FOLLOW_UP, "张三", "走访回访（生病住院）", "2026-03-20", -4)]
    assert _due(book, "2026-03-25")[0][-1] == 5
    assert all(item[1] != "李四" for item in _due(book, "2026-03-25"))  # the talk of 03-15 was the follow-up


def test_a_contact_long_before_the_follow_up_date_is_no_follow_up():
    """A trial: a 09-25 festival gift cleared a follow-up set for 12-01; only a contact from the day the follow-up
    is listed (7 days before it) makes it."""
    book = CareBook(
        people=[ZHANG, LI],
        visits=[
            Visit(1, (1, 2), D("2026-09-01"), "生病住院", follow_up=D("2026-12-01")),
            Visit(2, (1,), D("2026-09-25"), "节日慰问"),
        ],
        talks=[Talk(3, 2, D("2026-11-24"), "思想波动")],  # the first day it is listed: that is the follow-up
    )
    follow_ups = [item for item in _due(book, "2026-12-03") if item[0] == FOLLOW_UP]
    assert follow_ups == [(FOLLOW_UP, "张三", "走访回访（生病住院）", "2026-12-01", 2)]


def test_health_checks_are_asked_for_in_the_last_quarter_only():
    book = CareBook(
        people=[ZHANG, LI], checks=[HealthCheck(1, D("2026-05-01")), HealthCheck(2, D("2025-11-01"))]
    )
    assert _due(book, "2026-09-30") == []
    assert _due(book, "2026-10-01") == [(HEALTH, "李四", "2026年尚未体检", "2026-12-31", -91)]
    assert _due(book, "2027-01-02") == []  # a new year, first quarter


def test_probation_ends_six_months_after_arrival_and_is_listed_30_days_before():
    trainee = Person(5, "赵六", "x", D("1998-01-10"), status="试用期", post_start_date=D("2026-03-01"))
    assert probation_end(trainee) == D("2026-08-31")
    assert probation_end(Person(6, "无", "x", D("1998-01-10"), status="试用期")) is None
    book = CareBook(people=[trainee])
    assert _due(book, "2026-07-31") == []
    [item] = due_items(book, D("2026-08-01"))
    assert (item.kind, item.due, item.days_late) == (PROBATION_END, D("2026-08-31"), -30)
    assert due_items(book, D("2026-09-10"))[0].days_late == 10  # still 试用期 after its end: still listed
    confirmed = Person(5, "赵六", "x", D("1998-01-10"), status="在岗", post_start_date=D("2026-03-01"))
    assert _due(CareBook(people=[confirmed]), "2026-08-15") == []


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [("2026-08-31", 6, "2027-02-28"), ("2027-08-31", 6, "2028-02-29"), ("2026-01-15", 12, "2027-01-15"),
     ("2026-11-30", 3, "2027-02-28")],
)  # fmt: skip
def test_add_months(start, months, end):
    assert add_months(D(start), months) == D(end)


def test_newest_duty_first_and_counts_per_kind():
    book = CareBook(
        people=[ZHANG, LI],
        events=[Event(1, 1, "生病住院", D("2026-10-01")), Event(2, 2, "思想波动", D("2026-10-05"))],
    )
    items = due_items(book, D("2026-10-10"))
    # The talk's event (10-05) appeared last; the visit's event and the health checks both on 10-01.
    assert [i.kind for i in items] == [DUE_TALK, DUE_VISIT, HEALTH, HEALTH]
    counts = count_by_kind(items)
    assert (counts[HEALTH], counts[DUE_TALK], counts[DUE_VISIT], counts[BIRTHDAY]) == (2, 1, 1, 0)


def test_the_birthday_look_up_agrees_with_birthday_window_every_day():
    """The start-up shortcut (one look-up per person) gives the very birthday birthday_window gives: every birth
    day of a leap year, every third day across two year ends and a 29 February, leads of 1, 7 and 30 days."""
    import datetime as dt

    from app.care.rules import _window_days, birthday_window

    births = [dt.date(2000, 1, 1) + dt.timedelta(days=n) for n in range(366)]
    day = dt.date(2023, 12, 1)
    while day <= dt.date(2025, 1, 31):
        for lead in (1, 7, 30):
            days = _window_days(day, lead)
            for born in births:
                assert days.get((born.month, born.day)) == birthday_window(born, day, lead), (born, day, lead)
        day += dt.timedelta(days=3)
    assert _window_days(dt.date(2025, 1, 1), 200) is None  # windows that overlap: asked person by person
