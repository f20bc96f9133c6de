"""Columns of a care ledger that share a meaning, read back from the database: two 金额（元） (one hidden), a 合计
beside its parts or parts without one, 走访人 beside 谈话人 and 备注 beside 谈话内容. Nothing typed is dropped,
money adds up to the fen, and a label the import knows is never called "不认识"."""

from __future__ import annotations

import datetime as dt

import pytest

from app.care.ledger import commit_ledger, plan_ledger
from app.exchange.plan import Action
from tests.app.care_ledger_files import book, messages, said, text_file
from tests.app.test_care_service import ACTOR, db, id_born, people  # noqa: F401 (fixtures)

TODAY = dt.date(2026, 12, 1)
ZHANG, LI, WANG = id_born("1990-06-15", 1), id_born("1992-02-29", 2), id_born("1985-06-03", 3)
BASE = ["日期", "姓名", "公民身份号码", "记录类型", "类别"]


def _visits(db) -> list[tuple]:  # noqa: F811
    return db.execute(
        "SELECT p.name, v.amount_fen, v.visitors, v.gift, v.note FROM care_visits v"
        " JOIN care_visit_people vp ON vp.visit_id = v.id JOIN people p ON p.id = vp.person_id ORDER BY v.date"
    ).fetchall()


# --- finding 2: the same column twice ------------------------------------------------------------


def test_a_hidden_twin_amount_refuses_the_rows_it_contradicts(db, people, tmp_path):  # noqa: F811
    rows = [
        [*BASE, "金额（元）", "金额（元）", "备注"],
        ["2024.11.5", "张三", ZHANG, "走访慰问", "节日慰问", 300, 500, "F列为原计划"],
        ["2024.11.6", "李四", LI, "走访慰问", "节日慰问", 300, "300.00"],
        ["2024.11.7", "王五", WANG, "走访慰问", "节日慰问", 300, None],
    ]
    plan = plan_ledger(db, book(tmp_path / "台账.xlsx", rows, hidden_columns=("F",)), today=TODAY)
    assert [r.action for r in plan.rows] == [Action.REJECT, Action.NEW, Action.NEW]
    refused = messages(plan.rows[0])
    assert "第F列" in refused and "第G列" in refused and "300" in refused and "500" in refused
    text = said(plan)
    assert "不认识" not in text and "“金额（元）”列（第F列）与“金额（元）”列（第G列）" in text
    commit_ledger(db, plan, ACTOR)
    assert [(n, fen) for n, fen, *_ in _visits(db)] == [("李四", 30000), ("王五", 30000)]


def test_two_date_columns_that_differ_refuse_the_row(db, people, tmp_path):  # noqa: F811
    rows = [
        ["日期", "姓名", "公民身份号码", "记录类型", "类别", "走访日期"],
        ["2024-03-05", "张三", ZHANG, "走访慰问", "节日慰问", "2024.3.5"],
        ["2024-03-06", "李四", LI, "走访慰问", "节日慰问", "2024-03-09"],
    ]
    plan = plan_ledger(db, text_file(tmp_path / "台账.csv", rows), today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.REJECT]
    assert "“走访日期”列（第F列）" in messages(plan.rows[1]) and "第A列" in messages(plan.rows[1])


# --- finding 3: several money columns ------------------------------------------------------------

MONEY = [*BASE, "慰问品", "慰问品金额（元）", "慰问金（元）", "合计（元）", "领取人签字"]


def test_a_total_beside_its_parts_is_the_amount_and_a_mismatch_refused(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2024年中秋慰问发放表"],
        MONEY,
        ["2024.9.17", "张三", ZHANG, "走访慰问", "中秋慰问", "月饼", 88, 200, 288],
        ["2024.9.17", "李四", LI, "走访慰问", "中秋慰问", "月饼", 88.5, 200.25, "288.75"],
        ["2024.9.17", "王五", WANG, "走访慰问", "中秋慰问", "月饼", 88, 200, 300],
    ]
    plan = plan_ledger(db, book(tmp_path / "发放表.xlsx", rows), today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.NEW, Action.REJECT]
    refused = messages(plan.rows[2])
    for part in (
        "合计（元）",
        "第I列",
        "300.00",
        "慰问品金额（元）",
        "88.00",
        "慰问金（元）",
        "200.00",
        "288.00",
    ):
        assert part in refused
    assert "慰问品金额" not in plan.ignored and "合计（元）" not in plan.ignored
    commit_ledger(db, plan, ACTOR)
    assert [(n, fen) for n, fen, *_ in _visits(db)] == [("张三", 28800), ("李四", 28875)]


def test_parts_without_a_total_are_added_and_the_dry_run_says_how(db, people, tmp_path):  # noqa: F811
    rows = [
        [*BASE, "慰问品金额（元）", "慰问金（元）"],
        ["2024.9.17", "张三", ZHANG, "走访慰问", "中秋慰问", 88, 200],
        ["2024.9.18", "李四", LI, "走访慰问", "中秋慰问", "0.10", "0.20"],
        ["2024.9.19", "王五", WANG, "走访慰问", "中秋慰问", None, "/"],
    ]
    plan = plan_ledger(db, text_file(tmp_path / "发放表.csv", rows), today=TODAY)
    assert "金额按“慰问品金额（元）”+“慰问金（元）”相加计入" in said(plan)
    assert said(plan).count("相加计入") == 1
    commit_ledger(db, plan, ACTOR)
    assert [(n, fen) for n, fen, *_ in _visits(db)] == [("张三", 28800), ("李四", 30), ("王五", 0)]


def test_a_plain_amount_beside_a_part_is_checked_against_it(db, people, tmp_path):  # noqa: F811
    rows = [
        [*BASE, "金额（元）", "慰问金"],
        ["2024.9.17", "张三", ZHANG, "走访慰问", "中秋慰问", 500, 500],
        ["2024.9.18", "李四", LI, "走访慰问", "中秋慰问", 500, 200],
    ]
    plan = plan_ledger(db, text_file(tmp_path / "发放表.csv", rows), today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.REJECT]
    assert "“金额（元）”列（第F列）写的 500.00 元不等于" in messages(plan.rows[1])


def test_an_unreadable_part_refuses_the_row_at_its_own_column(db, people, tmp_path):  # noqa: F811
    rows = [
        [*BASE, "慰问品金额（元）", "慰问金（元）"],
        ["2024.9.17", "张三", ZHANG, "走访慰问", "中秋慰问", 88, "二百"],
    ]
    [row] = plan_ledger(db, text_file(tmp_path / "发放表.csv", rows), today=TODAY).rows
    assert row.action == Action.REJECT and "“慰问金（元）”列（二百）" in messages(row)


# --- finding 4: two columns for one field --------------------------------------------------------

TWO_WHO = [*BASE, "走访人", "谈话人", "慰问品", "金额（元）", "谈话内容", "备注"]


def test_talker_and_visitors_and_both_texts_each_go_to_their_own_field(db, people, tmp_path):  # noqa: F811
    rows = [
        TWO_WHO,
        [
            "2024-09-05",
            "李四",
            LI,
            "谈心谈话",
            "工作失误",
            "",
            "张书记",
            "",
            "",
            "指出问题并提出改进要求",
            "本人已签字",
        ],
        ["2024-09-06", "王五", WANG, "走访慰问", "生病住院", "王主任", "", "水果", "200", "", "骨折"],
        ["2024-09-07", "张三", ZHANG, "事件", "生病住院", "", "", "", "", "", "阑尾炎住院"],
        [
            "2024-09-08",
            "张三",
            ZHANG,
            "走访慰问",
            "生病住院",
            "王主任",
            "刘书记",
            "",
            "100",
            "聊了病情",
            "事前走访",
        ],
    ]
    plan = plan_ledger(db, text_file(tmp_path / "台账.csv", rows), today=TODAY)
    assert all(r.action == Action.NEW for r in plan.rows), [messages(r) for r in plan.rows]
    text = said(plan)
    assert "不认识" not in text
    assert "“走访人”记入走访慰问的走访人，“谈话人”记入谈心谈话的谈话人" in text
    assert "“谈话内容”记入谈心谈话的谈话内容" in text
    commit_ledger(db, plan, ACTOR)
    talk = db.execute("SELECT talker, summary FROM care_talks").fetchone()
    assert talk == ("张书记", "指出问题并提出改进要求；本人已签字")
    assert db.execute("SELECT note FROM care_events").fetchone() == ("阑尾炎住院",)
    visits = {(n, visitors, note) for n, _fen, visitors, _gift, note in _visits(db)}
    assert visits == {
        ("王五", "王主任", "骨折"),
        ("张三", "王主任", "事前走访；谈话人：刘书记；谈话内容：聊了病情"),
    }


@pytest.mark.parametrize("header", [["走访人/谈话人", "谈话内容", "备注"], ["走访人", "谈话内容", "备注"]])
def test_one_who_column_serves_visits_and_talks(db, people, tmp_path, header):  # noqa: F811
    rows = [
        [*BASE, *header],
        ["2024-01-22", "张三", ZHANG, "谈心谈话", "思想波动", "王书记", "了解到工作压力大", "需回访"],
        ["2024-01-23", "李四", LI, "走访慰问", "节日慰问", "李主任", "", ""],
    ]
    plan = plan_ledger(db, text_file(tmp_path / "台账.csv", rows), today=TODAY)
    commit_ledger(db, plan, ACTOR)
    assert db.execute("SELECT talker, summary FROM care_talks").fetchone() == (
        "王书记",
        "了解到工作压力大；需回访",
    )
    assert db.execute("SELECT visitors FROM care_visits").fetchone() == ("李主任",)


def test_a_time_beside_the_date_is_kept_in_the_note_not_refused(db, people, tmp_path):  # noqa: F811
    rows = [
        ["日期", "时间", "姓名", "公民身份号码", "记录类型", "类别", "谈话内容"],
        ["2024-03-05", "14:30-15:00", "张三", ZHANG, "谈心谈话", "思想波动", "谈工作压力"],
    ]
    plan = plan_ledger(db, text_file(tmp_path / "谈话.csv", rows), today=TODAY)
    commit_ledger(db, plan, ACTOR)
    assert db.execute("SELECT date, summary FROM care_talks").fetchone() == (
        "2024-03-05",
        "谈工作压力；时间：14:30-15:00",
    )
