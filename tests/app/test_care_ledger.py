"""The care ledger's plan, in process: how each row is read and what it would do (the command's exit codes and
the commit are in test_care_cli.py)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from app.care.ledger import commit_ledger, plan_ledger
from app.exchange.plan import Action
from tests.app.test_care_cli import LEDGER_HEADER
from tests.app.test_care_service import ACTOR, db, id_born, people  # noqa: F401 (fixtures)

TODAY = dt.date(2026, 12, 1)


def _plan(db, tmp_path: Path, rows: list[list[str]]):  # noqa: F811
    path = tmp_path / "ledger.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LEDGER_HEADER)
        writer.writerows([[*row, *[""] * (len(LEDGER_HEADER) - len(row))] for row in rows])
    return plan_ledger(db, path, today=TODAY)


ZHANG = id_born("1990-06-15", 1)


@pytest.mark.parametrize(
    ("row", "action", "says"),
    [
        (["2026-03-01", "张三", ZHANG, "走访", "生病住院"], Action.NEW, ""),
        (["2026-03-01", "张三", ZHANG, "谈话", "思想波动"], Action.NEW, ""),
        (["2026-03-01", "张三", ZHANG, "体检"], Action.NEW, ""),
        (
            ["2026-03-01", "张三", ZHANG, "谈心谈话", "思想波动", "", "", "", "100"],
            Action.REJECT,
            "只有走访慰问",
        ),
        (["2027-03-01", "张三", ZHANG, "事件", "结婚"], Action.REJECT, "日期"),
        (["2026-03-01", "张三", ZHANG, "走访慰问", "生病住院", "飞鸽"], Action.REJECT, "方式无法识别"),
        (["2026-03-01", "张三", ZHANG, "慰问表", "生病住院"], Action.REJECT, "记录类型无法识别"),
        (["2026-03-01", "张三", ZHANG, "事件", ""], Action.REJECT, "类别不能为空"),
        (["2026-03-01", "张三", id_born("1990-06-16", 9), "事件", "结婚"], Action.REJECT, "花名册中没有"),
        (["", "张三", ZHANG, "事件", "结婚"], Action.REJECT, "日期不能为空"),
        (["2026-03-01", "张三", ZHANG, "走访慰问", "其他", "", "", "x" * 101], Action.REJECT, "内容过长"),
    ],
)
def test_each_row_is_read_or_refused_with_the_reason(db, people, tmp_path, row, action, says):  # noqa: F811
    [planned] = _plan(db, tmp_path, [row]).rows
    assert planned.action == action
    assert says in "".join(p.message for p in planned.problems)


def test_the_office_due_days_say_how_late_an_answer_came(db, people, tmp_path):  # noqa: F811
    db.execute("INSERT INTO settings (key, value) VALUES ('care_due_days', '3')")
    plan = _plan(db, tmp_path, [
        ["2026-03-01", "张三", ZHANG, "事件", "丧事"],
        ["2026-03-06", "张三", ZHANG, "走访慰问", "婚丧嫁娶"],
        ["2026-03-06", "张三", ZHANG, "走访慰问", "婚丧嫁娶"],
    ])  # fmt: skip
    assert plan.rows[1].note == "回应本表第2行的2026-03-01“丧事”事件（逾期2天）"
    assert plan.rows[2].action == Action.UNCHANGED and "与本表第3行相同" in plan.rows[2].note
    result = commit_ledger(db, plan, ACTOR)
    assert result.made == 2 and result.changes.care
    visit_event = db.execute("SELECT event_id FROM care_visits").fetchone()[0]
    assert visit_event == db.execute("SELECT id FROM care_events").fetchone()[0]


def test_a_health_checks_place_is_read_from_its_column(db, people, tmp_path):  # noqa: F811
    path = tmp_path / "体检.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["日期", "姓名", "公民身份号码", "记录类型", "体检地点", "备注"])
        writer.writerow(["2026-05-20", "张三", ZHANG, "健康体检", "区人民医院体检中心", "血压偏高"])
    plan = plan_ledger(db, path, today=TODAY)
    assert plan.ignored == [] and plan.rows[0].values["place"] == "区人民医院体检中心"
    commit_ledger(db, plan, ACTOR)
    assert db.execute("SELECT place, note FROM care_health_checks").fetchone() == (
        "区人民医院体检中心",
        "血压偏高",
    )
