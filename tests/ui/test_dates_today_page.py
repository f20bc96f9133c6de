"""今日待办 left open past midnight: the page notices that the office's day has moved on and lists the new
day's reminders (a birthday whose week has begun; the year's health check no longer asked for), not yesterday's."""

from __future__ import annotations

import datetime as dt

from tests.ui.care_fixtures import born
from tests.ui.conftest import add_person, add_unit

NEW_YEARS_EVE = dt.date(2026, 12, 31)


def test_the_list_follows_the_day_when_the_window_stays_open_past_midnight(qtbot, ctx, pin_today):
    from ui.care.today_page import TodayPage

    add_person(ctx.db, "元月", born(dt.date(1990, 1, 8), 1), add_unit(ctx.db, "东门社区"))
    pin_today(NEW_YEARS_EVE)
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    assert page.summary.text() == "2026-12-31：共 1 项待办"
    assert [(i.name, i.subject, i.due) for i in page.items] == [("元月", "2026年尚未体检", NEW_YEARS_EVE)]
    before = page.items
    page.follow_the_day()  # the same day: nothing is recomputed
    assert page.items is before and page.day == NEW_YEARS_EVE
    pin_today(dt.date(2027, 1, 1))  # a new year: no check asked for yet; 8 January's birthday is a week away
    page.follow_the_day()
    assert page.summary.text() == "2027-01-01：共 1 项待办"
    assert [(i.name, i.subject, i.due, i.days_late) for i in page.items] == [
        ("元月", "37岁生日", dt.date(2027, 1, 8), -7)
    ]
    assert page.model.rowCount() == 1


def test_the_rosters_ages_follow_the_day_too(qtbot, ctx, pin_today):
    """A birthday on New Year's Day: the roster left open over midnight shows the new age that morning."""
    from app.people.roster import Col
    from ui.people.roster_page import RosterPage

    add_person(ctx.db, "元旦", born(dt.date(1990, 1, 1), 1), add_unit(ctx.db, "东门社区"))
    pin_today(NEW_YEARS_EVE)
    page = RosterPage(ctx)
    qtbot.addWidget(page)
    age = page.model.index(0, Col.AGE)
    assert page.model.data(age) == "36"
    page.follow_the_day()  # the same day: the same roster
    assert page.day == NEW_YEARS_EVE
    pin_today(dt.date(2027, 1, 1))
    page.follow_the_day()
    assert page.day == dt.date(2027, 1, 1) and page.model.data(page.model.index(0, Col.AGE)) == "37"
