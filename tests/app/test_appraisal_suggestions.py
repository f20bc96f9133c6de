"""Suggestions across years: the pure rule (runs of consecutive 优秀 years) table-driven, then the list the
staff confirm or dismiss, the commendation's honor and its number, and that a decided one never comes back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.appraisal import service, suggestions
from app.appraisal.finalize import list_honors
from app.appraisal.service import ScoreInput
from app.appraisal.suggestions import COMMENDATION, EARLY_PROMOTION, RECOMMENDATION, Reached, reached
from app.audit import query
from app.changes import OperationRefused
from app.people.service import create_person
from app.settings import save as save_settings
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory
from tests.ids import make_id

ACTOR = "测试员"


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ([], []),
        ([2024], []),
        ([2023, 2025], []),  # not consecutive
        ([2024, 2025], [(COMMENDATION, 2024, 2025), (RECOMMENDATION, 2024, 2025)]),
        ([2025, 2024, 2024], [(COMMENDATION, 2024, 2025), (RECOMMENDATION, 2024, 2025)]),  # order, repeats
        (
            [2023, 2024, 2025],
            [(COMMENDATION, 2023, 2024), (RECOMMENDATION, 2023, 2024), (EARLY_PROMOTION, 2023, 2025)],
        ),
        ([2022, 2023, 2024, 2025], [(COMMENDATION, 2022, 2023), (RECOMMENDATION, 2022, 2023),
                                    (EARLY_PROMOTION, 2022, 2024)]),  # a fourth year offers nothing new
        ([2020, 2021, 2023, 2024], [(COMMENDATION, 2020, 2021), (RECOMMENDATION, 2020, 2021),
                                    (COMMENDATION, 2023, 2024), (RECOMMENDATION, 2023, 2024)]),  # a new run
    ],
)  # fmt: skip
def test_runs_of_excellent_years(years, expected):
    assert reached(years) == [Reached(*e) for e in expected]


@pytest.fixture
def db():
    db = open_memory()
    migrations.apply(db)
    yield db
    db.conn.close()


def office(db, count: int = 5) -> list[int]:
    unit = create_unit(db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
    return [
        create_person(
            db, {"role": "community_worker", "name": f"测试{chr(0x4E00 + i)}", "id_number": make_id(i),
                 "unit_id": unit}, ACTOR,
        ).record_id
        for i in range(count)
    ]  # fmt: skip


def finalized_year(db, ids: list[int], year: int, best: int = 0):
    """An annual period where ids[best] is the one 优秀 (5 people: one seat), finalized on 15 January after."""
    period = service.open_period(db, "weighted-top20", year, None, ACTOR).made
    items = [
        ScoreInput(pid, dict.fromkeys(("work", "test", "satisfaction"), D(95 if i == best else 70 + i)))
        for i, pid in enumerate(ids)
    ]
    service.set_many_scores(db, period.id, items, ACTOR)
    service.finalize_period(db, period.id, ACTOR, issued_on=dt.date(year + 1, 1, 15))
    return period


def test_two_and_three_years_give_the_three_suggestions_from_the_day_the_last_was_granted(db):
    ids = office(db)
    finalized_year(db, ids, 2023)
    assert suggestions.open_suggestions(db) == []
    finalized_year(db, ids, 2024)
    found = suggestions.open_suggestions(db)
    assert [(s.person_id, s.kind, s.first_year, s.year, s.since) for s in found] == [
        (ids[0], COMMENDATION, 2023, 2024, dt.date(2025, 1, 15)),
        (ids[0], RECOMMENDATION, 2023, 2024, dt.date(2025, 1, 15)),
    ]
    assert found[0].about == "2023—2024年连续2年考核优秀，建议嘉奖"
    finalized_year(db, ids, 2025)
    assert [(s.kind, s.year) for s in suggestions.open_suggestions(db)] == [
        (EARLY_PROMOTION, 2025), (COMMENDATION, 2024), (RECOMMENDATION, 2024),
    ]  # fmt: skip
    # As of a day: only honors granted by then count.
    assert suggestions.open_suggestions(db, dt.date(2025, 6, 1))[0].kind == COMMENDATION
    assert suggestions.open_suggestions(db, dt.date(2025, 1, 14)) == []


def test_confirming_a_commendation_makes_an_honor_in_the_years_sequence(db):
    ids = office(db)
    save_settings(db, {"issuer": "中共某某区委组织部"}, ACTOR)
    finalized_year(db, ids, 2023)
    finalized_year(db, ids, 2024)  # the 2024 appraisal's honor is 〔2024〕第001号
    result = suggestions.confirm_suggestion(
        db, (ids[0], COMMENDATION, 2024), ACTOR, note="部务会研究同意", on=dt.date(2025, 3, 1)
    )
    assert result.changes.appraisal and "〔2024〕第002号" in result.message
    honor = [h for h in list_honors(db, person_id=ids[0]) if h.kind == COMMENDATION][0]
    assert (honor.title, honor.serial_text, honor.issued_on, honor.issuer, honor.year) == (
        "2024年度嘉奖（2023—2024年连续2年考核优秀）", "〔2024〕第002号", "2025-03-01", "中共某某区委组织部", 2024,
    )  # fmt: skip
    assert result.made == honor.id
    assert [(s.kind, s.year) for s in suggestions.open_suggestions(db)] == [(RECOMMENDATION, 2024)]
    assert [a.action for a in query(db)[:2]] == ["confirm", "create"]
    assert query(db, entity="suggestion")[0].after["note"] == "部务会研究同意"


def test_a_dismissed_or_confirmed_suggestion_never_comes_back(db):
    ids = office(db)
    for year in (2023, 2024):
        finalized_year(db, ids, year)
    suggestions.dismiss_suggestion(db, (ids[0], RECOMMENDATION, 2024), ACTOR, note="本人不愿调动")
    suggestions.confirm_suggestion(db, (ids[0], COMMENDATION, 2024), ACTOR)
    assert suggestions.open_suggestions(db) == []
    finalized_year(db, ids, 2025)  # the run goes on: only the three-year suggestion is new
    assert [(s.kind, s.year) for s in suggestions.open_suggestions(db)] == [(EARLY_PROMOTION, 2025)]
    with pytest.raises(OperationRefused, match="已经处理过"):
        suggestions.dismiss_suggestion(db, (ids[0], RECOMMENDATION, 2024), ACTOR, note="重复")
    assert [(d.kind, d.decision) for d in suggestions.decisions(db, ids[0])] == [
        (COMMENDATION, "confirmed"), (RECOMMENDATION, "dismissed"),
    ]  # fmt: skip
    assert db.execute("SELECT count(*) FROM honors WHERE kind = ?", [COMMENDATION]).fetchone() == (1,)


def test_reopening_a_year_takes_its_open_suggestions_away(db):
    ids = office(db)
    finalized_year(db, ids, 2023)
    period = finalized_year(db, ids, 2024)
    assert suggestions.open_suggestions(db)
    service.reopen_period(db, period.id, "成绩有误", ACTOR)
    assert suggestions.open_suggestions(db) == []
    with pytest.raises(OperationRefused, match="已不再成立"):
        suggestions.confirm_suggestion(db, (ids[0], COMMENDATION, 2024), ACTOR)


def test_quarterly_excellence_does_not_count_and_a_long_note_is_refused(db):
    ids = office(db)
    finalized_year(db, ids, 2023)
    finalized_year(db, ids, 2024)
    db.execute("UPDATE honors SET kind = '季度考核优秀' WHERE year = 2023")
    assert suggestions.open_suggestions(db) == []
    db.execute("UPDATE honors SET kind = '年度考核优秀'")
    with pytest.raises(OperationRefused, match="不予采纳“测试一”的嘉奖建议，请说明理由"):
        suggestions.dismiss_suggestion(db, (ids[0], COMMENDATION, 2024), ACTOR, note="  ")
    with pytest.raises(OperationRefused, match="说明过长"):
        suggestions.dismiss_suggestion(db, (ids[0], COMMENDATION, 2024), ACTOR, note="长" * 201)
    assert len(suggestions.open_suggestions(db)) == 2


def _runs(years: set[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive years, counted the slow way."""
    return [
        (y, next(z for z in range(y, 2200) if z + 1 not in years))
        for y in sorted(years)
        if y - 1 not in years
    ]


@given(st.sets(st.integers(min_value=2000, max_value=2030), max_size=20))
def test_each_run_offers_each_kind_once_when_it_is_long_enough(years):
    found = reached(years)
    for kind, need in suggestions.RULES:
        expected = [(first, first + need - 1) for first, last in _runs(years) if last - first + 1 >= need]
        assert [(r.first_year, r.year) for r in found if r.kind == kind] == expected
    for item in found:
        assert set(range(item.first_year, item.year + 1)) <= years and item.first_year - 1 not in years
