"""The demo office's care: a year of records whose reminders show real work today (a duty due today, some
overdue), money that adds up to the fen and stays within the year's budget."""

from __future__ import annotations

import datetime as dt

import pytest

from app.care import queries
from app.care.budget import get_budget
from app.demo import build_demo
from db import migrations
from db.connection import open_memory


@pytest.mark.parametrize("today", [dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 6, 30)])
def test_the_demo_has_a_year_of_care_and_open_duties_today(pin_today, today):
    """Built on any day: the year before it is on record, and this year's budget has spent what this year's
    visits cost — nothing yet, or next to nothing, on 1 January."""
    pin_today(today)
    db = open_memory()
    migrations.apply(db)
    build_demo(db, 120)
    items = queries.due_on(db, today)
    duties = [i for i in items if i.kind in ("待走访", "待谈话")]
    assert any(i.days_late == 0 for i in duties) and sum(i.days_late > 0 for i in duties) >= 3
    assert any(i.days_late < 0 for i in duties)
    for table in ("care_events", "care_visits", "care_talks"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
    checked = db.execute("SELECT count(*), max(date) FROM care_health_checks").fetchone()
    # health checks of this year before today: none yet on 1 January
    assert checked[0] > 0 if today > dt.date(today.year, 1, 1) else checked == (0, None)
    assert checked[1] is None or today.replace(month=1, day=1).isoformat() <= checked[1] < today.isoformat()
    answered_late = db.execute(
        "SELECT count(*) FROM care_visits v JOIN care_events e ON e.id = v.event_id WHERE v.date > date(e.date, '+7 days')"
    ).fetchone()[0]
    assert answered_late > 0
    views = queries.spending_views(db, today.year)
    totals = {by: rows[-1].fen for by, rows in views.items()}
    assert len(set(totals.values())) == 1
    budget = get_budget(db, today.year)
    assert budget is not None and budget.spent_fen == totals.popitem()[1] <= budget.amount_fen
    assert budget.spent_fen > 0 or today.month == 1
    assert db.execute("SELECT max(date) FROM care_visits").fetchone()[0] <= today.isoformat()
    assert queries.load_book(db).visits  # the records read back as rules records
    db.conn.close()
