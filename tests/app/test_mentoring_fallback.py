"""The office's fallback order for applicants a mentor did not rank: the latest appraisal total, highest first,
then the roster's name order."""

from __future__ import annotations

from decimal import Decimal as D

from app.appraisal import service
from app.appraisal.service import ScoreInput
from app.training.mentoring import fallback_order, latest_totals
from tests.app.test_appraisal_service import ACTOR, KEY, _people, db  # noqa: F401 (fixture)
from tests.ids import make_id


def _score(db, year: int, person_id: int, work: str | None) -> None:  # noqa: F811
    period = service.open_period(db, KEY, year, None, ACTOR).made if not _period_id(db, year) else None
    period_id = period.id if period else _period_id(db, year)
    scores = {"work": None if work is None else D(work), "test": D(80), "satisfaction": D(80)}
    service.set_scores(db, period_id, ScoreInput(person_id, scores), ACTOR)


def _period_id(db, year: int) -> int | None:  # noqa: F811
    row = db.execute("SELECT id FROM appraisal_periods WHERE year = ?", [year]).fetchone()
    return row[0] if row else None


def test_latest_total_first_then_name_order(db):  # noqa: F811
    a, b, c, d, e = _people(db, 5)
    _score(db, 2024, a, "100")
    _score(db, 2025, a, "60")  # the latest counts, not the best
    _score(db, 2025, b, "90")
    _score(db, 2024, e, "100")
    _score(db, 2025, e, None)  # 2025 has no total yet: 2024's stands
    totals = latest_totals(db, [a, b, c, d, e])
    assert set(totals) == {a, b, e}
    assert totals[e] > totals[b] > totals[a]
    ids = {make_id(i): pid for i, pid in enumerate([a, b, c, d, e])}
    order = fallback_order(db, ids)
    names = dict(db.execute("SELECT id, name FROM people").fetchall())
    from app.people.pinyin import name_order

    rest = sorted([make_id(2), make_id(3)], key=lambda k: name_order(names[ids[k]]))
    assert order == [make_id(4), make_id(1), make_id(0), *rest]
