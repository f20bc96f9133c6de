"""A care ledger's header as offices draw it: on two rows (基本信息 over 姓名 | 公民身份号码, 慰问情况 over 慰问品 |
金额（元）, the other labels merged down), and in the words each office uses for its columns (慰问金, 走访时间,
走访形式 …). Money is never read as 0 元 because its column went unrecognised: a column whose header names money
refuses the file while the amount column is missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.care.ledger import commit_ledger, describe_plan, plan_ledger
from app.care.ledger_header import what_label
from app.exchange.plan import Action, PlanError
from tests.app.test_care_service import ACTOR, db, id_born, people  # noqa: F401 (fixtures)

TODAY = dt.date(2026, 12, 1)
ZHANG = id_born("1990-06-15", 1)
LI = id_born("1992-02-29", 2)


def _book(path: Path, rows: list[list[object]], merged: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def _messages(row) -> str:
    return "".join(p.text() for p in row.problems)


def test_a_group_label_over_gift_and_money_reads_the_labels_under_it(db, people, tmp_path):  # noqa: F811
    rows = [
        ["序号", "日期", "姓名", "公民身份号码", "记录类型", "类别", "慰问情况", None],
        [None, None, None, None, None, None, "慰问品", "金额（元）"],
        [1, "2025-05-05", "张三", ZHANG, "走访慰问", "节日慰问", "米", 300],
    ]
    merged = ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:F2", "G1:H1")
    plan = plan_ledger(db, _book(tmp_path / "台账.xlsx", rows, merged), today=TODAY)
    assert plan.skipped == {}
    [row] = plan.rows
    assert row.action == Action.NEW, _messages(row)
    assert row.values["gift"] == "米" and row.values["amount_fen"] == 30000
    said = "\n".join(describe_plan(plan))
    assert "表头占两行（第1、2行）" in said and "慰问情况" not in said


def _main_layout(header_rows: list[list[object]], data: list[list[object]]) -> list[list[object]]:
    return [["2025年关心关爱工作台账"], ["填报单位：浆洗街街道"], *header_rows, ["一、走访慰问"], *data]


def test_the_usual_two_row_layout_imports_like_its_one_row_version(db, people, tmp_path):  # noqa: F811
    upper = ["序号", "日期", "基本信息", None, "记录类型", "类别", "方式", "走访人/谈话人", "慰问情况", None]
    lower = [None, None, "姓名", "公民身份号码", None, None, None, None, "慰问品", "金额（元）"]
    one = [
        "序号",
        "日期",
        "姓名",
        "公民身份号码",
        "记录类型",
        "类别",
        "方式",
        "走访人/谈话人",
        "慰问品",
        "金额（元）",
    ]
    data = [
        [1, "2025.3.5", "张三", ZHANG, "走访慰问", "生病住院", "上门", "陈部长", "水果", "500元"],
        [2, "2025-03-06", "李四", LI, "谈心谈话", "思想波动", None, "王书记", None, None],
    ]
    merged = ("A1:J1", "A3:A4", "B3:B4", "C3:D3", "E3:E4", "F3:F4", "G3:G4", "H3:H4", "I3:J3")
    two = plan_ledger(
        db, _book(tmp_path / "两行.xlsx", _main_layout([upper, lower], data), merged), today=TODAY
    )
    single = plan_ledger(db, _book(tmp_path / "一行.xlsx", _main_layout([one], data)), today=TODAY)
    assert [(r.action, r.values) for r in two.rows] == [(r.action, r.values) for r in single.rows]
    assert [r.row for r in two.rows] == [r.row + 1 for r in single.rows]
    assert two.rows[0].values["amount_fen"] == 50000 and two.rows[0].values["visitors"] == "陈部长"
    assert two.ignored == single.ignored == ["序号"]
    assert two.header_row == 3 and "表头占两行（第3、4行）" in "\n".join(describe_plan(two))
    commit_ledger(db, two, ACTOR)
    assert db.execute("SELECT amount_fen, gift FROM care_visits").fetchone() == (50000, "水果")


def test_money_split_under_a_group_label_is_added_up_and_said(db, people, tmp_path):  # noqa: F811
    rows = [
        ["日期", "姓名", "公民身份号码", "记录类型", "类别", "慰问金额", None],
        [None, None, None, None, None, "现金", "购物卡"],
        ["2025-05-05", "张三", ZHANG, "走访慰问", "节日慰问", 300, 200],
    ]
    merged = ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:G1")
    plan = plan_ledger(db, _book(tmp_path / "台账.xlsx", rows, merged), today=TODAY)
    [row] = plan.rows
    assert row.action == Action.NEW and row.values["amount_fen"] == 50000
    assert "金额按“现金”+“购物卡”相加计入" in "\n".join(describe_plan(plan))


def test_a_data_row_under_a_one_row_header_is_never_read_as_its_second_line(db, people, tmp_path):  # noqa: F811
    rows = [
        ["日期", "姓名", "公民身份号码", "记录类型", "类别", "慰问品"],
        ["2025-05-05", "张三", ZHANG, "走访慰问", "节日慰问", "米"],
    ]
    plan = plan_ledger(db, _book(tmp_path / "台账.xlsx", rows), today=TODAY)
    assert plan.header_row == 1 and [r.row for r in plan.rows] == [2]


def test_a_record_without_name_or_number_is_refused_not_taken_for_a_header_line(db, people, tmp_path):  # noqa: F811
    rows = [
        ["日期", "姓名", "公民身份号码", "记录类型", "类别", None],
        ["2025-05-05", None, None, "走访慰问", "节日慰问", "补记"],
        ["2025-05-06", "张三", ZHANG, "走访慰问", "节日慰问"],
    ]
    plan = plan_ledger(db, _book(tmp_path / "台账.xlsx", rows), today=TODAY)
    assert plan.header_row == 1 and [(r.row, r.action) for r in plan.rows] == [
        (2, Action.REJECT),
        (3, Action.NEW),
    ]


@pytest.mark.parametrize(
    ("label", "what"),
    [
        ("慰问金", "amount"),
        ("发放金额", "amount"),
        ("慰问标准（元）", "amount"),
        ("走访时间", "date"),
        ("慰问时间", "date"),
        ("记录日期", "date"),
        ("走访事由", "category"),
        ("慰问事由", "category"),
        ("走访形式", "method"),
        ("形式", "method"),
        ("慰问人", "who"),
        ("走访领导", "who"),
        ("物品", "gift"),
        ("慰问物资", "gift"),
    ],
)
def test_more_of_the_labels_offices_write_are_read(label, what):
    assert what_label(label) == what


def test_money_under_the_header_slash_money_is_read_not_zero(db, people, tmp_path):  # noqa: F811
    rows = [
        [
            "走访时间",
            "姓名",
            "公民身份号码",
            "记录类型",
            "走访事由",
            "走访形式",
            "慰问人",
            "慰问物资",
            "慰问金",
        ],
        ["2025-05-05", "张三", ZHANG, "走访慰问", "节日慰问", "上门", "李干事", "米", "300"],
    ]
    plan = plan_ledger(db, _book(tmp_path / "台账.xlsx", rows), today=TODAY)
    assert plan.ignored == []
    [row] = plan.rows
    assert row.values["amount_fen"] == 30000 and row.values["gift"] == "米"
    assert row.values["visitors"] == "李干事" and row.values["method"] == "上门"


@pytest.mark.parametrize("label", ["补助金", "慰问金额（万元）", "费用（元）", "慰问款金额", "支出/元"])
def test_an_unknown_money_column_without_an_amount_column_refuses_the_file(db, people, tmp_path, label):  # noqa: F811
    rows = [
        ["日期", "姓名", "公民身份号码", "记录类型", "类别", label],
        ["2025-05-05", "张三", ZHANG, "走访慰问", "节日慰问", "300"],
    ]
    with pytest.raises(PlanError) as refused:
        plan_ledger(db, _book(tmp_path / "台账.xlsx", rows), today=TODAY)
    said = str(refused.value)
    assert f"“{label}”列（第F列）" in said and "金额（元）" in said


def test_an_unknown_money_column_beside_the_amount_column_refuses_the_file(db, people, tmp_path):  # noqa: F811
    # Left out, its money would be missing from the year's spending: the clerk says what it is.
    rows = [
        ["日期", "姓名", "公民身份号码", "记录类型", "类别", "金额（元）", "补助金"],
        ["2025-05-05", "张三", ZHANG, "走访慰问", "节日慰问", "300", "100"],
    ]
    with pytest.raises(PlanError) as refused:
        plan_ledger(db, _book(tmp_path / "台账.xlsx", rows), today=TODAY)
    said = str(refused.value)
    assert "“补助金”列（第G列）看起来是金额" in said and "慰问金（元）" in said and "删除这一列" in said


def test_an_empty_money_column_or_a_unit_column_refuses_nothing(db, people, tmp_path):  # noqa: F811
    rows = [
        ["日期", "姓名", "公民身份号码", "记录类型", "类别", "补助金", "单元"],
        ["2025-05-05", "张三", ZHANG, "谈心谈话", "思想波动", None, "3单元"],
    ]
    plan = plan_ledger(db, _book(tmp_path / "台账.xlsx", rows), today=TODAY)
    assert plan.ignored == ["补助金", "单元"] and plan.rows[0].action == Action.NEW
