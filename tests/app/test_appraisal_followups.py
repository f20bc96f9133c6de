"""due_followups: open 补课 and open suggestions as of a day, in the shape the reminders page reads."""

from __future__ import annotations

import datetime as dt

import pytest

from app.appraisal import remedial, service, suggestions
from app.appraisal.followups import FollowUp, due_followups
from tests.app.test_appraisal_remedial import ACTOR, db, scored  # noqa: F401 — the fixture is used by name
from tests.app.test_appraisal_suggestions import finalized_year, office


def test_open_remedial_training_as_of_a_day(db):  # noqa: F811
    period, ids = scored(db, ["95", "70"])
    service.finalize_period(db, period.id, ACTOR, issued_on=dt.date(2026, 1, 10))
    person = db.execute("SELECT name, id_number FROM people WHERE id = ?", [ids[1]]).fetchone()
    expected = FollowUp(
        "补课", ids[1], person[0], person[1],
        "2025年度考核（加权评价·双达标）总分 70.00，低于 80 分，需补课不少于 5 个工作日", None, dt.date(2026, 1, 10),
    )  # fmt: skip
    assert due_followups(db, dt.date(2026, 1, 9)) == []
    assert due_followups(db, dt.date(2026, 2, 1)) == [expected]
    req = remedial.list_requirements(db)[0]
    remedial.close_requirement(db, req.id, course="轮训班", days=5, on="2026-03-01", actor=ACTOR)
    assert due_followups(db, dt.date(2026, 2, 28)) == [expected]  # closed later than that day
    assert due_followups(db, dt.date(2026, 3, 1)) == []


def test_open_suggestions_until_decided(db):  # noqa: F811
    ids = office(db)
    finalized_year(db, ids, 2023)
    finalized_year(db, ids, 2024)
    found = [f for f in due_followups(db, dt.date(2025, 2, 1)) if f.kind == "表彰建议"]
    assert [(f.kind, f.person_id, f.about, f.due, f.since) for f in found] == [
        ("表彰建议", ids[0], "2023—2024年连续2年考核优秀，建议嘉奖", None, dt.date(2025, 1, 15)),
        ("表彰建议", ids[0], "2023—2024年连续2年考核优秀，建议推荐任职", None, dt.date(2025, 1, 15)),
    ]
    suggestions.dismiss_suggestion(
        db, (ids[0], "推荐任职", 2024), ACTOR, note="暂无合适岗位", on=dt.date(2025, 3, 1)
    )
    assert len(_suggested(db, dt.date(2025, 2, 28))) == 2  # not yet decided on that day
    assert [f.about for f in _suggested(db, dt.date(2025, 3, 1))] == ["2023—2024年连续2年考核优秀，建议嘉奖"]
    assert due_followups(db, dt.date(2025, 3, 1))[0].kind == "补课"  # the others scored below 80: 补课 first


def _suggested(db, day: dt.date) -> list[FollowUp]:  # noqa: F811
    return [f for f in due_followups(db, day) if f.kind == "表彰建议"]


@pytest.mark.parametrize("day", [dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2028, 2, 29)])
def test_the_demo_has_followups_to_work_on(db, pin_today, day):  # noqa: F811
    """Built on any day of the year: on 1 January the ledger has no entry of the new year yet, never one
    after the day."""
    from app.appraisal import points
    from app.demo import build_demo

    pin_today(day)
    build_demo(db, 200)
    found = due_followups(db, day)
    kinds = {f.kind for f in found}
    assert kinds == {"补课", "表彰建议"}
    requirements = remedial.list_requirements(db)
    assert any(r.closed_on for r in requirements) and any(r.closed_on is None for r in requirements)
    decided = suggestions.decisions(db)
    assert {d.decision for d in decided} == {"confirmed", "dismissed"}
    commendations = db.execute("SELECT count(*) FROM honors WHERE kind = '嘉奖'").fetchone()[0]
    assert commendations == sum(1 for d in decided if d.kind == "嘉奖" and d.decision == "confirmed") > 0
    years = {y for (y,) in db.execute("SELECT DISTINCT year FROM points_entries")}
    assert {day.year - 2, day.year - 1} <= years <= {day.year - 2, day.year - 1, day.year}
    assert (day.year in years) == (day.month > 1)
    assert db.execute("SELECT max(date) FROM points_entries").fetchone()[0] <= day.isoformat()
    assert points.promotion_holds(db, day)  # someone fell short last year
    cadres = {pid for (pid,) in db.execute("SELECT id FROM people WHERE role = 'reserve_cadre'")}
    assert {pid for (pid,) in db.execute("SELECT DISTINCT person_id FROM points_entries")} <= cadres
