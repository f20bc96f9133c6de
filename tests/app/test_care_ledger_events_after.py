"""An event imported after the visit or talk that answered it (a visit sheet, then the event register): the
event takes the oldest fitting visit or talk of its person not yet answering an event, dated on or after it —
the rule the import uses when the event comes first — so `care due` lists no false 待走访. The trial's own two
files (tests/data/care/) for the three people they name."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from app.care import queries
from app.care.ledger import commit_ledger, plan_ledger
from app.care.service import TalkInput, VisitInput, record_event, record_talk, record_visit
from app.exchange.plan import Action
from app.people.service import create_person
from app.units.service import create_unit
from tests.app.care_ledger_files import said, text_file
from tests.app.test_care_service import ACTOR, db, id_born  # noqa: F401 (fixtures)

DATA = Path(__file__).parent.parent / "data" / "care"
TODAY = dt.date(2026, 12, 1)
D = dt.date.fromisoformat
TRIAL_PEOPLE = {
    "薛霞鑫": "51010719840228025X",
    "肖凯松": "510107197104260264",
    "方振军": "510107200401230373",
}


@pytest.fixture
def trial_people(db) -> dict[str, int]:  # noqa: F811
    unit = create_unit(db, {"name": "桂溪社区", "kind": "社区/村"}, ACTOR).record_id
    return {
        name: create_person(
            db, {"role": "community_worker", "name": name, "id_number": number, "unit_id": unit}, ACTOR
        ).record_id  # fmt: skip
        for name, number in TRIAL_PEOPLE.items()
    }


def _import(db, path: Path):  # noqa: F811
    plan = plan_ledger(db, path, today=TODAY)
    commit_ledger(db, plan, ACTOR)
    return plan


def _open_duties(db, day: str) -> list[tuple[str, str]]:  # noqa: F811
    return [(i.name, i.subject) for i in queries.due_on(db, D(day)) if i.kind in ("待走访", "待谈话")]


def test_events_imported_after_their_visits_are_answered_by_them(db, trial_people, tmp_path):  # noqa: F811
    _import(db, shutil.copy(DATA / "C_visits_gbk.csv", tmp_path))
    plan = plan_ledger(db, shutil.copy(DATA / "D_events_after.csv", tmp_path), today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW] * 3
    text = said(plan)
    assert "第3行 薛霞鑫 事件：已由 2024-04-10 的走访答复" in text
    assert "第4行 肖凯松 事件：已由 2024-04-11 的走访答复" in text
    assert "第5行 方振军 事件：已由 2024-04-12 的走访答复" in text
    assert "3 个事件由已有的走访或谈话答复" in commit_ledger(db, plan, ACTOR).message
    assert _open_duties(db, "2024-04-30") == []
    linked = db.execute(
        "SELECT v.date, e.kind, e.date FROM care_visits v JOIN care_events e ON e.id = v.event_id ORDER BY v.date"
    ).fetchall()
    assert linked == [
        ("2024-04-10", "生病住院", "2024-04-08"),
        ("2024-04-11", "结婚", "2024-04-09"),
        ("2024-04-12", "重大变故", "2024-04-11"),
    ]
    audited = db.execute(
        "SELECT entity, before, after FROM audit_log WHERE action = 'update' ORDER BY id"
    ).fetchall()
    assert len(audited) == 3 and all(e == "care_visit" and '"event_id": null' in b for e, b, _ in audited)


def test_the_oldest_fitting_free_record_answers_and_late_is_said(db, trial_people, tmp_path):  # noqa: F811
    person = trial_people["薛霞鑫"]
    # Before the event (does not answer it), another kind, one already answering an event, then two that fit.
    record_visit(db, VisitInput([person], "2024-04-01", "生病住院"), ACTOR)
    record_visit(db, VisitInput([person], "2024-04-12", "节日慰问"), ACTOR)
    earlier = record_event(db, person, "生病住院", "2024-04-02", ACTOR).record_id
    record_visit(db, VisitInput([person], "2024-04-13", "生病住院", event_id=earlier), ACTOR)
    record_visit(db, VisitInput([person], "2024-04-20", "生病住院"), ACTOR)
    record_visit(db, VisitInput([person], "2024-04-25", "生病住院"), ACTOR)
    record_talk(db, TalkInput(person, "2024-04-06", "思想波动", talker="王书记"), ACTOR)
    rows = [
        ["日期", "姓名", "公民身份号码", "记录类型", "类别"],
        ["2024-04-10", "薛霞鑫", TRIAL_PEOPLE["薛霞鑫"], "事件", "生病住院"],
        ["2024-04-05", "薛霞鑫", TRIAL_PEOPLE["薛霞鑫"], "事件", "思想波动"],
        ["2024-04-21", "薛霞鑫", TRIAL_PEOPLE["薛霞鑫"], "事件", "结婚"],
    ]
    plan = _import(db, text_file(tmp_path / "事件.csv", rows))
    text = said(plan)
    assert "第2行 薛霞鑫 事件：已由 2024-04-20 的走访答复（逾期3天）" in text
    assert "第3行 薛霞鑫 事件：已由 2024-04-06 的谈话答复" in text
    assert "第4行 薛霞鑫" not in text  # no 婚丧嫁娶 visit on or after it: it stays open
    answered = db.execute(
        "SELECT e.date, v.date FROM care_events e JOIN care_visits v ON v.event_id = e.id ORDER BY e.date"
    ).fetchall()
    assert answered == [("2024-04-02", "2024-04-13"), ("2024-04-10", "2024-04-20")]
    assert db.execute(
        "SELECT e.kind FROM care_talks t JOIN care_events e ON e.id = t.event_id"
    ).fetchall() == [("思想波动",)]
    assert _open_duties(db, "2024-04-30") == [("薛霞鑫", "结婚")]


def test_a_visit_of_the_same_file_answers_first_and_is_not_taken_twice(db, trial_people, tmp_path):  # noqa: F811
    person = trial_people["肖凯松"]
    record_visit(db, VisitInput([person], "2024-04-15", "婚丧嫁娶"), ACTOR)
    number = TRIAL_PEOPLE["肖凯松"]
    rows = [
        ["日期", "姓名", "公民身份号码", "记录类型", "类别"],
        ["2024-04-09", "肖凯松", number, "事件", "结婚"],
        ["2024-04-10", "肖凯松", number, "走访慰问", "婚丧嫁娶"],
        ["2024-04-11", "肖凯松", number, "事件", "丧事"],
    ]
    plan = _import(db, text_file(tmp_path / "台账.csv", rows))
    assert "回应本表第2行的2024-04-09“结婚”事件" in said(plan)
    assert "第4行 肖凯松 事件：已由 2024-04-15 的走访答复" in said(plan)
    assert _open_duties(db, "2024-04-30") == []
