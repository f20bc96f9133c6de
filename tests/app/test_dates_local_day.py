"""A stored UTC timestamp said as a day is the office's local day: in Beijing, a round confirmed at 07:30 on
1 January was stored as 23:30 on 31 December UTC, and cutting the text to 10 characters named the wrong day
(and the wrong year)."""

from __future__ import annotations

from app.clock import local_day, local_text
from app.training.mentoring import repeated_round
from db import migrations
from db.connection import open_memory

NEW_YEAR_MORNING = "2026-12-31T23:30:00+00:00"  # 07:30 on 1 January 2027 in Beijing


def test_local_day_is_the_day_in_beijing(beijing_time):
    assert local_text(NEW_YEAR_MORNING) == "2027-01-01 07:30"
    assert local_day(NEW_YEAR_MORNING) == "2027-01-01"
    assert local_day("2027-01-01T16:00:00+00:00") == "2027-01-02"  # midnight in Beijing
    assert local_day("2027-01-01T15:59:59+00:00") == "2027-01-01"
    assert local_day(None) == local_day("") == ""


def test_a_round_confirmed_on_new_years_morning_says_so_when_confirmed_again(beijing_time):
    db = open_memory()
    migrations.apply(db)
    db.execute(
        "INSERT INTO selection_rounds (uid, name, year, confirmed_at, created_at, updated_at)"
        " VALUES ('r1', '2027年导师制', 2027, ?, ?, ?)",
        [NEW_YEAR_MORNING] * 3,
    )
    said = repeated_round(db, "2027年导师制", 2027, [])
    assert "双向选择“2027年导师制”（2027年）已于 2027-01-01 确认" in said
    db.conn.close()
