"""Two rows of one person, day, type and 类别 that say different things — a second visit by phone, two 家庭纠纷
with different notes — are refused naming the columns that differ, never skipped as "the same" with their money
and notes lost. Only a row that reads the same as the one above is skipped."""

from __future__ import annotations

from app.exchange.plan import Action
from tests.app.test_care_messy_ledgers import ZHANG, _messages, _plan
from tests.app.test_care_service import db, people  # noqa: F401 (fixtures)

VISIT = ["2025-07-01", "张三", ZHANG, "走访慰问", "节日慰问", "上门", "张书记", "米", "200", "", ""]
BY_PHONE = [
    "2025-07-01",
    "张三",
    ZHANG,
    "走访慰问",
    "节日慰问",
    "电话",
    "王干事",
    "油",
    "200",
    "",
    "第二次，电话",
]


def test_a_second_visit_that_day_with_the_same_money_is_refused_naming_what_differs(db, people, tmp_path):  # noqa: F811
    first, second = _plan(db, tmp_path, [VISIT, BY_PHONE]).rows
    assert (first.action, second.action) == (Action.REJECT, Action.REJECT)
    said = _messages(second)
    assert "与本表第2行是同一人同一天的节日慰问" in said
    assert "“方式”列（第F列）第2行是“上门”、本行是“电话”" in said
    assert "“走访人”列（第G列）第2行是“张书记”、本行是“王干事”" in said
    assert "“备注”列（第K列）第2行是空、本行是“第二次，电话”" in said
    assert "金额填两次之和" in said and "“金额" not in said  # the money agrees: not named as a difference
    assert "第3行" in _messages(first)


def test_two_family_disputes_that_day_with_other_notes_are_both_refused(db, people, tmp_path):  # noqa: F811
    event = ["2025-07-02", "张三", ZHANG, "事件", "家庭纠纷", "", "", "", "", "", ""]
    rows = [event[:-1] + ["与邻居"], event[:-1] + ["与配偶"]]
    first, second = _plan(db, tmp_path, rows).rows
    assert (first.action, second.action) == (Action.REJECT, Action.REJECT)
    assert "“备注”列（第K列）第2行是“与邻居”、本行是“与配偶”" in _messages(second)
    assert "金额" not in _messages(second)  # an event has no money to add up


def test_a_row_that_reads_the_same_is_still_skipped(db, people, tmp_path):  # noqa: F811
    again = [*VISIT[:8], "200.00", "", ""]  # the same amount, written another way
    first, second = _plan(db, tmp_path, [VISIT, again]).rows
    assert first.action == Action.NEW and second.action == Action.UNCHANGED
    assert second.note == "与本表第2行相同，跳过"
