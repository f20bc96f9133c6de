"""Correcting care records (app/care/edit.py): the same checks as recording, what changed in one audit row, a
visit's people relinked, an answered event kept consistent with its answer."""

from __future__ import annotations

import json

import pytest

from app.care import edit, listing
from app.care.checks import record_health_checks
from app.care.service import (
    TalkInput,
    VisitInput,
    record_event,
    record_health_check,
    record_talk,
    record_visit,
)
from app.changes import OperationRefused, ValidationError
from tests.app.test_care_service import ACTOR, db, people  # noqa: F401 (fixtures)


def _audit(db, entity):  # noqa: F811
    rows = db.execute(
        "SELECT before, after FROM audit_log WHERE entity = ? AND action = 'update' ORDER BY id", [entity]
    ).fetchall()
    return [(json.loads(b), json.loads(a)) for b, a in rows]


def test_a_visit_corrected_with_its_people(db, people):  # noqa: F811
    zhang, li, wang = people["张三"], people["李四"], people["王五"]
    visit = record_visit(
        db, VisitInput([zhang, li], "2026-03-01", "重大变故", amount_fen=100000), ACTOR
    ).record_id
    result = edit.update_visit(
        db, visit, VisitInput([li, wang], "2026-03-02", "重大变故", amount_fen=99999), ACTOR
    )
    assert result.changes.care and result.message == "已保存对走访慰问的修改"
    [row] = listing.visits(db)
    assert (row.names, row.date, row.amount_fen) == ("李四、王五", "2026-03-02", 99999)
    [(before, after)] = _audit(db, "care_visit")
    assert before == {"date": "2026-03-01", "amount_fen": 100000, "people": "张三、李四"}
    assert after == {"date": "2026-03-02", "amount_fen": 99999, "people": "李四、王五"}
    edit.update_visit(db, visit, VisitInput([zhang, wang], "2026-03-02", "重大变故", amount_fen=99999), ACTOR)
    assert listing.visits(db)[0].names == "张三、王五"  # 张三's old link restored, not a second one
    same = edit.update_visit(
        db, visit, VisitInput([zhang, wang], "2026-03-02", "重大变故", amount_fen=99999), ACTOR
    )
    assert not same.changes.audit and same.message == "没有需要保存的修改"


def test_a_correction_with_wrong_input_changes_nothing(db, people):  # noqa: F811
    visit = record_visit(db, VisitInput([people["张三"]], "2026-03-01", "生病住院"), ACTOR).record_id
    with pytest.raises(ValidationError) as raised:
        edit.update_visit(db, visit, VisitInput([], "2026-02-30", "出差"), ACTOR)
    assert set(raised.value.errors) == {"people", "date", "kind"}
    assert listing.visits(db)[0].date == "2026-03-01"
    with pytest.raises(OperationRefused, match="回收站"):
        edit.update_health_check(db, 999, people["张三"], "2026-03-01", ACTOR)


def test_an_answered_event_and_its_answer_stay_consistent(db, people):  # noqa: F811
    zhang, li = people["张三"], people["李四"]
    event = record_event(db, zhang, "思想波动", "2026-03-01", ACTOR).record_id
    talk = record_talk(db, TalkInput(zhang, "2026-03-05", "思想波动", event_id=event), ACTOR).record_id
    with pytest.raises(OperationRefused, match="请先修改或移除回应它的记录"):
        edit.update_event(db, event, zhang, "工作失误", "2026-03-01", ACTOR)
    with pytest.raises(OperationRefused, match="请先修改或移除"):
        edit.update_event(db, event, zhang, "思想波动", "2026-03-06", ACTOR)  # after its answer
    assert edit.update_event(db, event, zhang, "思想波动", "2026-03-02", ACTOR, note="家中变故").changes.care
    # the talk itself may keep answering its event when corrected …
    edit.update_talk(
        db, talk, TalkInput(zhang, "2026-03-04", "思想波动", talker="王主任", event_id=event), ACTOR
    )
    # … but not another talk of the same person
    other = record_talk(db, TalkInput(zhang, "2026-03-06", "思想波动"), ACTOR).record_id
    with pytest.raises(OperationRefused, match="已经有别的走访或谈话回应过了"):
        edit.update_talk(db, other, TalkInput(zhang, "2026-03-06", "思想波动", event_id=event), ACTOR)
    with pytest.raises(OperationRefused, match="不是这条记录所涉人员的事件"):
        edit.update_talk(db, other, TalkInput(li, "2026-03-06", "思想波动", event_id=event), ACTOR)
    [row] = listing.events(db)
    assert (row.date, row.note, row.answered_on) == ("2026-03-02", "家中变故", "2026-03-04")


def test_health_checks_one_or_many(db, people):  # noqa: F811
    check = record_health_check(db, people["张三"], "2026-03-01", ACTOR).record_id
    edit.update_health_check(db, check, people["张三"], "2026-03-02", ACTOR, place="区医院")
    assert [(c.date, c.place) for c in listing.checks(db)] == [("2026-03-02", "区医院")]
    result = record_health_checks(db, [people["李四"], people["王五"], people["李四"]], "2026-04-01", ACTOR)
    assert result.made == 2 and result.message == "已登记 2 人的健康体检（2026-04-01）"
    with pytest.raises(ValidationError) as raised:
        record_health_checks(db, [], "明天", ACTOR)
    assert set(raised.value.errors) == {"people", "date"}
    assert len(listing.checks(db)) == 3
