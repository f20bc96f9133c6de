"""A talk ledger headed 谈话事由 or 谈话类别 is read like one headed 谈话原因; a ledger with no 类别 column at
all refuses its rows saying the column is missing, which header to add and which unread column may be it."""

from __future__ import annotations

import pytest

from app.exchange.plan import Action
from tests.app.test_care_messy_ledgers import ZHANG, _messages, _plan
from tests.app.test_care_service import db, people  # noqa: F401 (fixtures)


@pytest.mark.parametrize("label", ["谈话事由", "谈话类别", "谈话原因"])
def test_a_talk_reason_under_its_everyday_headers_is_read(db, people, tmp_path, label):  # noqa: F811
    header = ["谈话时间", "谈话对象姓名", "公民身份号码", label, "谈话人", "谈话内容"]
    plan = _plan(db, tmp_path, [["2025-06-01", "张三", ZHANG, "岗位变动", "刘部长", "交流新岗位"]], header)
    [row] = plan.rows
    assert row.action == Action.NEW and row.values["reason"] == "岗位变动"
    assert label not in plan.ignored


def test_a_ledger_without_a_category_column_says_which_header_to_add(db, people, tmp_path):  # noqa: F811
    header = ["日期", "姓名", "公民身份号码", "记录类型", "谈话分类"]
    [row] = _plan(db, tmp_path, [["2025-06-01", "张三", ZHANG, "谈心谈话", "岗位变动"]], header).rows
    said = _messages(row)
    assert row.action == Action.REJECT and "表中没有“类别”列" in said
    assert "请加一列“类别”（谈心谈话记录也可写“谈话原因”）" in said
    assert "如果未识别的列（“谈话分类”）就是类别，请把它的表头改为“类别”" in said
    assert "不能为空" not in said
