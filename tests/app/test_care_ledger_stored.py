"""A ledger row of a record already in the database (same person, day, type and 类别) that gives it something
the stored record does not hold — a follow-up date, another gift, a note — is refused naming each such cell and
how to change the stored record, never skipped as "already in" with those cells lost. A row the stored record
already holds (its blank cells say nothing) is still skipped."""

from __future__ import annotations

from app.care.ledger import commit_ledger
from app.exchange.plan import Action
from tests.app.test_care_messy_ledgers import ZHANG, _messages, _plan
from tests.app.test_care_service import ACTOR, db, people  # noqa: F401 (fixtures)

STORED = ["2025-03-05", "张三", ZHANG, "走访慰问", "生病住院", "上门", "张书记", "水果", "500", "", ""]
MORE = [
    "2025-03-05",
    "张三",
    ZHANG,
    "走访慰问",
    "生病住院",
    "上门",
    "张书记",
    "鲜花",
    "500",
    "2025-04-01",
    "出院后回访",
]


def test_new_cells_for_a_stored_visit_are_named_and_not_dropped(db, people, tmp_path):  # noqa: F811
    commit_ledger(db, _plan(db, tmp_path, [STORED]), ACTOR)
    [row] = _plan(db, tmp_path, [MORE]).rows
    assert row.action == Action.REJECT
    said = _messages(row)
    assert "数据库中已有张三2025-03-05的生病住院" in said
    assert "“慰问品”列（第H列）本行是“鲜花”、库中是“水果”" in said
    assert "“回访日期”列（第J列）本行是“2025-04-01”、库中为空" in said
    assert "“备注”列（第K列）本行是“出院后回访”、库中为空" in said
    assert "没有写入数据库" in said and "“关怀记录 → 走访慰问”中修改那条记录" in said


def test_a_row_with_fewer_cells_than_the_stored_record_is_skipped(db, people, tmp_path):  # noqa: F811
    commit_ledger(db, _plan(db, tmp_path, [MORE]), ACTOR)
    less = [*MORE[:9], "", ""]  # the follow-up and note left blank: nothing the record lacks
    [again, same] = _plan(db, tmp_path, [less]).rows + _plan(db, tmp_path, [MORE]).rows
    assert (again.action, same.action) == (Action.UNCHANGED, Action.UNCHANGED)
    assert again.note == "数据库中已有这条记录，跳过"


def test_another_note_for_a_stored_event_is_refused(db, people, tmp_path):  # noqa: F811
    event = ["2025-07-02", "张三", ZHANG, "事件", "家庭纠纷", "", "", "", "", "", "与邻居"]
    commit_ledger(db, _plan(db, tmp_path, [event]), ACTOR)
    [row] = _plan(db, tmp_path, [[*event[:10], "与配偶"]]).rows
    assert row.action == Action.REJECT
    assert "“备注”列（第K列）本行是“与配偶”、库中是“与邻居”" in _messages(row)
    assert "“关怀记录 → 事件”" in _messages(row) and "金额" not in _messages(row)
