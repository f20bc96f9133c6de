"""The demo office's care: a year of records whose reminders show real work today (a duty due today, some
overdue), money that adds up to the fen and stays within the year's budget."""

from __future__ import annotations

import datetime as dt

from app.care import queries
from app.care.budget import get_budget
from app.demo import build_demo
from db import migrations
from db.connection import open_memory


def test_the_demo_has_a_year_of_care_and_open_duties_today():
    db = open_memory()
    migrations.apply(db)
    build_demo(db, 120)
    today = dt.date.today()
    items = queries.due_on(db, today)
    duties = [i for i in items if i.kind in ("待走访", "待谈话")]
    assert any(i.days_late == 0 for i in duties) and sum(i.days_late > 0 for i in duties) >= 3
    assert any(i.days_late < 0 for i in duties)
    for table in ("care_events", "care_visits", "care_talks", "care_health_checks"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
    answered_late = db.execute(
        "SELECT count(*) FROM care_visits v JOIN care_events e ON e.id = v.event_id WHERE v.date > date(e.date, '+7 days')"
    ).fetchone()[0]
    assert answered_late > 0
    views = queries.spending_views(db, today.year)
    totals = {by: rows[-1].fen for by, rows in views.items()}
    assert len(set(totals.values())) == 1
    budget = get_budget(db, today.year)
    assert budget is not None and 0 < budget.spent_fen <= budget.amount_fen
    assert queries.load_book(db).visits  # the records read back as rules records
    db.conn.close()
