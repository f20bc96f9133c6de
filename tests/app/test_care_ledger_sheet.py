"""What a care ledger's sheet says beyond its rows: a 合计 row checked against the money of the rows above it (as
written, refused rows too), and cells merged over several rows — given to every row they cover, but money,
whose rows are refused rather than imported at a guess."""

from __future__ import annotations

import datetime as dt

from app.care.ledger import commit_ledger, plan_ledger
from app.exchange.plan import Action
from tests.app.care_ledger_files import book, messages, said, text_file
from tests.app.test_care_service import ACTOR, db, id_born, people  # noqa: F401 (fixtures)

TODAY = dt.date(2026, 12, 1)
ZHANG, LI, WANG = id_born("1990-06-15", 1), id_born("1992-02-29", 2), id_born("1985-06-03", 3)
HEADER = ["序号", "日期", "姓名", "公民身份号码", "记录类型", "类别", "走访人", "慰问品", "金额（元）"]


def _row(n: int, name: str, number: str, amount: object, day: str = "2024-03-05") -> list[object]:
    return [n, day, name, number, "走访慰问", "节日慰问", "王书记", "米", amount]


# --- finding 9: the 合计 row ---------------------------------------------------------------------


def test_a_total_row_that_disagrees_with_the_rows_above_is_said_not_refused(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2024年度走访慰问台账"],
        HEADER,
        _row(1, "张三", ZHANG, "1,200.5"),
        _row(2, "李四", LI, "伍佰元"),  # no number: counts nothing
        _row(3, "王五", WANG, "500.005"),  # refused, counted as written (to the fen)
        _row(4, "王五", WANG, -200, "2024-03-06"),  # refused, counted as written
        ["小计", None, None, None, None, None, None, None, 1500.5],
        ["合计", None, None, None, None, None, None, None, 15000],
    ]
    plan = plan_ledger(db, book(tmp_path / "台账.xlsx", rows), today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.REJECT, Action.REJECT, Action.REJECT]
    assert "合计行（第8行）写的是 15000.00 元，表中各行金额合计 1500.50 元，相差 13499.50 元，请核对" in said(
        plan
    )
    assert plan.skipped == {"合计行": 2}
    commit_ledger(db, plan, ACTOR)
    assert db.execute("SELECT amount_fen FROM care_visits").fetchall() == [(120050,)]


def test_a_total_row_that_agrees_says_nothing(db, people, tmp_path):  # noqa: F811
    rows = [
        HEADER,
        _row(1, "张三", ZHANG, 300),
        _row(2, "李四", LI, "200元"),
        ["合计", *[None] * 7, "500.00"],
    ]
    plan = plan_ledger(db, text_file(tmp_path / "台账.csv", rows), today=TODAY)
    assert "合计行" not in "\n".join(plan.notices)
    rows[-1] = ["合计", *[None] * 7, "=SUM(I2:I3)"]  # no number written: nothing to compare
    plan = plan_ledger(db, text_file(tmp_path / "台账.csv", rows), today=TODAY)
    assert "合计行" not in "\n".join(plan.notices)


def test_the_trial_ledger_total_counts_a_repeated_row_as_written(db, people, tmp_path):  # noqa: F811
    rows = [HEADER, _row(1, "张三", ZHANG, 300), _row(2, "张三", ZHANG, 300), ["总计：", *[None] * 7, 300]]
    plan = plan_ledger(db, text_file(tmp_path / "台账.csv", rows), today=TODAY)
    assert plan.rows[1].action == Action.UNCHANGED
    assert "合计行（第4行）写的是 300.00 元，表中各行金额合计 600.00 元，相差 300.00 元，请核对" in said(plan)


# --- finding 10: merged cells --------------------------------------------------------------------


def test_visitors_gift_and_date_merged_over_rows_count_for_every_row(db, people, tmp_path):  # noqa: F811
    rows = [
        HEADER,
        [1, "2024.9.20", "张三", ZHANG, "走访慰问", "节日慰问", "王书记、李主任", "月饼", 200],
        [2, None, "李四", LI, "走访慰问", "节日慰问", None, None, 200],
        [3, None, "王五", WANG, "走访慰问", "节日慰问", None, None, 200],
    ]
    plan = plan_ledger(
        db, book(tmp_path / "台账.xlsx", rows, merged=("B2:B4", "G2:G4", "H2:H4")), today=TODAY
    )
    assert all(r.action == Action.NEW for r in plan.rows), [messages(r) for r in plan.rows]
    commit_ledger(db, plan, ACTOR)
    visits = db.execute("SELECT date, visitors, gift, amount_fen FROM care_visits").fetchall()
    assert visits == [("2024-09-20", "王书记、李主任", "月饼", 20000)] * 3


def test_a_blank_cell_that_is_no_merge_stays_blank(db, people, tmp_path):  # noqa: F811
    rows = [
        HEADER,
        [1, "2024.9.20", "张三", ZHANG, "走访慰问", "节日慰问", "王书记", "月饼", 200],
        [2, None, "李四", LI, "走访慰问", "节日慰问", None, None, 200],
    ]
    plan = plan_ledger(db, book(tmp_path / "台账.xlsx", rows), today=TODAY)
    assert plan.rows[1].action == Action.REJECT
    # Merges are seen in a workbook and filled: no talk of them for a cell that is simply blank.
    assert messages(plan.rows[1]).endswith("日期不能为空")


def test_a_blank_date_in_a_csv_still_mentions_a_merge_lost_when_it_was_saved(db, people, tmp_path):  # noqa: F811
    rows = [HEADER, _row(1, "张三", ZHANG, 200), [2, "", "李四", LI, "走访慰问", "节日慰问", "", "", 200]]
    plan = plan_ledger(db, text_file(tmp_path / "台账.csv", rows), today=TODAY)
    assert "合并" in messages(plan.rows[1]) and "CSV" in messages(plan.rows[1])


def test_money_merged_over_rows_refuses_them_saying_why(db, people, tmp_path):  # noqa: F811
    rows = [
        HEADER,
        _row(1, "张三", ZHANG, 600),
        _row(2, "李四", LI, None),
        _row(3, "王五", WANG, 300, "2024-03-06"),
    ]
    plan = plan_ledger(db, book(tmp_path / "台账.xlsx", rows, merged=("I2:I3",)), today=TODAY)
    assert [r.action for r in plan.rows] == [Action.REJECT, Action.REJECT, Action.NEW]
    said_ = messages(plan.rows[1])
    assert "第I列" in said_ and "第2至3行合并" in said_ and "600" in said_ and "每一行填上本人的金额" in said_
