"""The demo's selection round (app/training/demo.py): confirmed through the real service, matched to the pool
it made, with a full mentor and one below the minimum."""

from __future__ import annotations

import datetime as dt
import random

from app.demo import build_demo
from app.training.demo import build_selection
from db import migrations
from db.connection import open_memory


def test_the_demo_round_is_confirmed_into_the_pool():
    db = open_memory()
    migrations.apply(db)
    build_demo(db, 300)  # confirms this year's round
    year = dt.date.today().year
    assert db.execute("SELECT name, year FROM selection_rounds").fetchall() == [
        (f"{year}年青年干部导师制双向选择", year)
    ]
    round_id = db.execute("SELECT id FROM selection_rounds").fetchone()[0]
    assert db.execute("SELECT count(*) FROM mentors").fetchone()[0] == 6  # the round found the pool's mentors
    assert db.execute("SELECT count(*) FROM mentors WHERE person_id IS NOT NULL").fetchone()[0] == 2
    assert (
        db.execute("SELECT count(*) FROM selection_choices WHERE round_id = ?", [round_id]).fetchone()[0]
        == 18
    )
    per_mentor = db.execute(
        "SELECT m.max_mentees, count(p.id), m.min_mentees FROM mentors m"
        " LEFT JOIN mentor_pairs p ON p.mentor_id = m.id AND p.round_id = ? GROUP BY m.id",
        [round_id],
    ).fetchall()
    assert all(count <= top for top, count, _low in per_mentor)
    assert any(count == top for top, count, _low in per_mentor)  # a full mentor
    assert any(count < low for _top, count, low in per_mentor)  # a mentor below the minimum
    starts = {r[0] for r in db.execute("SELECT start_date FROM mentor_pairs")}
    assert len(starts) == 1  # every pair of the round starts on the day it was confirmed
    db.conn.close()


def test_too_few_young_cadres_make_no_round():
    db = open_memory()
    migrations.apply(db)
    build_demo(db, 3)
    assert build_selection(db, random.Random(7), dt.date(2026, 3, 1), "演示数据") is None
    assert db.execute("SELECT count(*) FROM mentors").fetchone()[0] == 0
    db.conn.close()
