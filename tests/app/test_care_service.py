"""Care services: events, visits (several people), talks answering events, health checks, batch greetings,
the budget — each write one transaction with its audit rows; what is due follows from the records."""

from __future__ import annotations

import datetime as dt

import pytest

from app import recycle
from app.audit import query
from app.care import queries
from app.care.budget import get_budget, set_budget
from app.care.greetings import birthday_people, greet_birthdays, greet_festival
from app.care.service import (
    TalkInput,
    VisitInput,
    record_event,
    record_health_check,
    record_talk,
    record_visit,
    remove_record,
)
from app.changes import OperationRefused, ValidationError
from app.people.idnumber import check_digit
from app.people.service import create_person
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory

ACTOR = "测试员"
D = dt.date.fromisoformat


def id_born(birth: str, serial: int) -> str:
    first17 = f"110101{birth.replace('-', '')}{serial:03d}"
    return first17 + check_digit(first17)


@pytest.fixture
def db():
    db = open_memory()
    migrations.apply(db)
    yield db
    db.conn.close()


@pytest.fixture
def people(db) -> dict[str, int]:
    east = create_unit(db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
    west = create_unit(db, {"name": "西门社区", "kind": "社区/村"}, ACTOR).record_id
    found = {}
    for serial, (name, birth, unit) in enumerate(
        [("张三", "1990-06-15", east), ("李四", "1992-02-29", west), ("王五", "1985-06-03", west)], 1
    ):
        data = {
            "role": "community_worker",
            "name": name,
            "id_number": id_born(birth, serial),
            "unit_id": unit,
        }
        found[name] = create_person(db, data, ACTOR).record_id
    return found


def test_an_event_asks_for_a_visit_and_a_visit_that_answers_it_clears_it(db, people):
    event = record_event(db, people["张三"], "生病住院", "2026-03-01", ACTOR, note="阑尾炎")
    assert event.changes.care and "走访" in event.message
    [item] = [i for i in queries.due_on(db, D("2026-03-10")) if i.kind == "待走访"]
    assert (item.name, item.subject, item.due, item.days_late) == ("张三", "生病住院", D("2026-03-08"), 2)
    visit = VisitInput([people["张三"]], "2026-03-10", "生病住院", visitors="刘书记", gift="水果",
                       amount_fen=50050, event_id=event.record_id)  # fmt: skip
    assert "逾期2天回应" in record_visit(db, visit, ACTOR).message  # late, and still answers
    assert not [i for i in queries.due_on(db, D("2026-03-10")) if i.kind == "待走访"]
    # As of the 9th the visit had not been made yet.
    assert [i.kind for i in queries.due_on(db, D("2026-03-09"))] == ["待走访"]
    with pytest.raises(OperationRefused, match="已经有走访或谈话回应过了"):
        record_visit(db, visit, ACTOR)


@pytest.mark.parametrize(
    ("kind", "date", "message"),
    [("家庭纠纷", "2026-03-10", "不能回应"), ("生病住院", "2026-02-28", "不能回应")],
)
def test_a_visit_that_does_not_fit_the_event_is_refused(db, people, kind, date, message):
    event = record_event(db, people["张三"], "生病住院", "2026-03-01", ACTOR).record_id
    with pytest.raises(OperationRefused, match=message):
        record_visit(db, VisitInput([people["张三"]], date, kind, event_id=event), ACTOR)


def test_a_talk_answers_a_talk_duty_of_the_same_person_only(db, people):
    event = record_event(db, people["李四"], "思想波动", "2026-03-01", ACTOR).record_id
    with pytest.raises(OperationRefused, match="不是慰问对象的事件"):
        record_talk(db, TalkInput(people["张三"], "2026-03-02", "思想波动", event_id=event), ACTOR)
    result = record_talk(
        db, TalkInput(people["李四"], "2026-03-12", "思想波动", talker="王主任", event_id=event), ACTOR
    )
    assert result.changes.care
    assert not [i for i in queries.due_on(db, D("2026-03-12")) if i.kind == "待谈话"]


def test_wrong_input_is_said_field_by_field_in_chinese(db, people):
    with pytest.raises(ValidationError) as caught:
        record_visit(db, VisitInput([], "2026-13-01", "送温暖", method="飞鸽", amount_fen=-1), ACTOR)
    assert set(caught.value.errors) == {"people", "date", "kind", "method", "amount_fen"}
    with pytest.raises(ValidationError, match="事件类别"):
        record_event(db, people["张三"], "升职", "2026-03-01", ACTOR)
    with pytest.raises(OperationRefused, match="不在花名册"):
        record_event(db, 999, "结婚", "2026-03-01", ACTOR)


def test_a_visit_to_several_people_is_one_record_with_one_audit_row(db, people):
    ids = [people["张三"], people["李四"]]
    result = record_visit(
        db, VisitInput(ids, "2026-01-20", "节日慰问", occasion="春节", amount_fen=100001), ACTOR
    )
    assert db.execute(
        "SELECT count(*) FROM care_visit_people WHERE visit_id = ?", [result.record_id]
    ).fetchone() == (2,)
    [entry] = query(db, entity="care_visit")
    assert entry.after["people"] == "张三、李四" and entry.after["amount_fen"] == 100001
    by_unit = queries.spending_views(db, 2026)["unit"]
    assert [(r.label, r.count, r.fen) for r in by_unit] == [
        ("东门社区", 1, 50001), ("西门社区", 1, 50000), ("合计", 1, 100001),
    ]  # fmt: skip


def test_a_visit_goes_to_the_bin_with_its_people_and_comes_back(db, people):
    visit = record_visit(
        db, VisitInput([people["张三"], people["李四"]], "2026-01-20", "其他"), ACTOR
    ).record_id
    db.execute("UPDATE care_visits SET deleted_at = 't', deleted_by = 'x' WHERE id = ?", [visit])
    db.execute("UPDATE care_visit_people SET deleted_at = 't', deleted_by = 'x' WHERE visit_id = ?", [visit])
    assert queries.year_spends(db, 2026) == []
    recycle.restore(db, "care_visit", visit, ACTOR)
    assert len(queries.load_book(db).visits[0].person_ids) == 2
    db.execute("UPDATE care_visits SET deleted_at = 't' WHERE id = ?", [visit])
    recycle.purge(db, "care_visit", visit, ACTOR)
    assert db.execute("SELECT count(*) FROM care_visit_people").fetchone() == (0,)


def test_batch_birthday_greetings_for_a_month(db, people):
    assert [(n, d.isoformat()) for _, n, d in birthday_people(db, 2026, 6)] == [
        ("王五", "2026-06-03"), ("张三", "2026-06-15"),
    ]  # fmt: skip
    assert [d.isoformat() for _, _, d in birthday_people(db, 2026, 2)] == ["2026-02-28"]  # 29 February
    template = VisitInput([], None, "生日慰问", gift="蛋糕券", amount_fen=20000)
    result = greet_birthdays(db, 2026, 6, template, ACTOR)
    assert result.made == 2 and "400.00 元" in result.message
    assert db.execute("SELECT count(*) FROM care_visits WHERE kind = '生日慰问'").fetchone() == (2,)
    assert len(query(db, entity="care_visit")) == 2
    assert not [i for i in queries.due_on(db, D("2026-06-15")) if i.kind == "生日"]
    with pytest.raises(OperationRefused, match="没有在岗人员过生日"):
        greet_birthdays(db, 2026, 7, template, ACTOR)


def test_batch_festival_greetings_on_the_festival_of_the_year(db, people):
    template = VisitInput([], None, "节日慰问", gift="月饼", amount_fen=15050)
    result = greet_festival(db, list(people.values()), "中秋", 2026, template, ACTOR)
    assert result.made == 3
    rows = db.execute("SELECT DISTINCT date, occasion FROM care_visits").fetchall()
    assert rows == [("2026-09-25", "中秋")]
    assert queries.spending_views(db, 2026)["kind"][-1].fen == 45150
    with pytest.raises(ValidationError, match="2015—2040"):
        greet_festival(db, list(people.values()), "春节", 2050, template, ACTOR)


def test_a_failed_batch_writes_nothing(db, people):
    template = VisitInput([], None, "节日慰问", amount_fen=100)
    with pytest.raises(OperationRefused):
        greet_festival(db, [people["张三"], 999], "春节", 2026, template, ACTOR)
    assert db.execute("SELECT count(*) FROM care_visits").fetchone() == (0,)


def test_health_checks_clear_the_last_quarter_reminder(db, people):
    assert len([i for i in queries.due_on(db, D("2026-10-08")) if i.kind == "体检"]) == 3
    record_health_check(db, people["张三"], "2026-10-08", ACTOR, place="区人民医院")
    assert {i.name for i in queries.due_on(db, D("2026-10-08")) if i.kind == "体检"} == {"李四", "王五"}
    assert [name for _, name, _ in queries.without_health_check(db, 2026)] == ["李四", "王五"]
    assert [name for _, name, _ in queries.without_health_check(db, 2026, D("2026-10-07"))] == [
        "李四",
        "王五",
        "张三",
    ]
    assert len(queries.without_health_check(db, 2027)) == 3


def test_the_budget_is_set_changed_and_what_is_left_adds_up_to_the_fen(db, people):
    assert get_budget(db, 2026) is None
    assert set_budget(db, 2026, 10_000_000, ACTOR).changes.care
    record_visit(db, VisitInput([people["张三"]], "2026-03-01", "其他", amount_fen=12345), ACTOR)
    record_visit(db, VisitInput([people["张三"]], "2025-12-31", "其他", amount_fen=99), ACTOR)
    budget = get_budget(db, 2026)
    assert (budget.amount_fen, budget.spent_fen, budget.left_fen) == (10_000_000, 12345, 9_987_655)
    assert not set_budget(db, 2026, 10_000_000, ACTOR).changes.care
    set_budget(db, 2026, 8_000_000, ACTOR, note="追减")
    actions = [(e.action, e.after) for e in query(db, entity="care_budget")]
    assert actions[0] == ("update", {"amount_fen": 8_000_000, "note": "追减"})
    with pytest.raises(ValidationError):
        set_budget(db, 2026, -1, ACTOR)


def test_office_settings_change_the_days(db, people):
    db.execute("INSERT INTO settings (key, value) VALUES ('care_due_days', '3')")
    record_event(db, people["张三"], "结婚", "2026-03-01", ACTOR)
    [item] = [i for i in queries.due_on(db, D("2026-03-05")) if i.kind == "待走访"]
    assert item.due == D("2026-03-04")


def test_care_records_go_to_the_bin_and_an_answered_event_stays(db, people):
    event = record_event(db, people["张三"], "结婚", "2026-03-01", ACTOR).record_id
    visit = record_visit(
        db, VisitInput([people["张三"], people["李四"]], "2026-03-02", "婚丧嫁娶", event_id=event), ACTOR
    ).record_id
    with pytest.raises(OperationRefused, match="已有走访或谈话回应"):
        remove_record(db, "care_event", event, ACTOR)
    result = remove_record(db, "care_visit", visit, ACTOR)
    assert result.changes.care and result.changes.recycle_bin
    assert db.execute("SELECT count(*) FROM care_visit_people WHERE deleted_at IS NULL").fetchone() == (0,)
    assert [i.kind for i in queries.due_on(db, D("2026-03-10"))] == ["待走访"]  # the duty is open again
    remove_record(db, "care_event", event, ACTOR)
    assert queries.due_on(db, D("2026-03-10")) == []
    # The visit's two people went with it: counted in its line, not lines of their own.
    binned = {item.entity: item.with_it for item in recycle.list_bin(db)}
    assert binned == {"care_event": "", "care_visit": "连同 2 名慰问对象"}
    with pytest.raises(OperationRefused, match="不存在或已在回收站中"):
        remove_record(db, "care_visit", visit, ACTOR)
    with pytest.raises(OperationRefused, match="不是关怀记录"):
        remove_record(db, "person", people["张三"], ACTOR)
    with pytest.raises(OperationRefused, match="也在回收站中"):
        recycle.restore(db, "care_visit", visit, ACTOR)  # its event is in the bin: restore that first
