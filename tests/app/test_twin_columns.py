"""Two columns with the same header: said in the dry run, and the rows where they disagree are refused (they
used to be dropped silently as unknown columns, whatever they held)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.exchange.plan import Action
from app.exchange.roster_import import plan_import
from app.office import open_office
from app.units.service import create_unit
from tests.ids import make_id as _id


@pytest.fixture
def office(tmp_path):
    opened = open_office(tmp_path / "office.db", lock=False)
    create_unit(opened.db, {"name": "东门社区", "kind": "社区/村"}, "测试员")
    yield opened
    opened.close(backup_if_changed=False)


def _write(path, header, rows):
    path.write_text("\n".join(",".join(r) for r in [header, *rows]), encoding="utf-8")
    return path


HEADER = ["姓名", "公民身份号码", "工作单位", "人员类别", "姓 名", "身份证号"]


def test_rows_where_two_same_named_columns_disagree_are_refused(office, tmp_path):
    path = _write(tmp_path / "roster.csv", HEADER, [
        ["张三", _id(1), "东门社区", "社区工作者", "张三", _id(1)],  # agree: imported
        ["李四", _id(2), "东门社区", "社区工作者", "李 四", ""],  # spacing and a blank twin agree
        ["王五", _id(3), "东门社区", "社区工作者", "王武", _id(3)],  # names differ: refused
        ["赵六", _id(4), "东门社区", "社区工作者", "赵六", _id(5)],  # ID numbers differ: refused
    ])  # fmt: skip
    plan = plan_import(office.db, path)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.NEW, Action.REJECT, Action.REJECT]
    assert plan.rows[2].problems[0].text() == (
        "第4行 王五“姓 名”列（王武）：与“姓名”列的“王五”不一致，请核对后只保留正确的一列"
    )
    assert plan.rows[3].problems[0].column == "身份证号" and _id(4) in plan.rows[3].problems[0].message
    assert plan.notices == [
        "表格中有重复的列：“姓名”与“姓 名”（第1列和第5列）；“公民身份号码”与“身份证号”（第2列和第6列）。"
        "按前一列导入，两列内容不同的行将被拒绝",
        "表格中没有“状态”列：新增的人员按“在岗”登记，在册人员的状态不变",
    ]
    assert plan.unknown_columns == []  # they are known, just twice


def test_the_cli_says_so(tmp_path):
    path = _write(tmp_path / "roster.csv", HEADER[:5], [["王五", _id(3), "东门社区", "社区工作者", "王武"]])
    result = subprocess.run(
        [sys.executable, "-m", "ui.entry", "import", "roster", str(path), "--db", str(tmp_path / "new.db"), "--dry-run"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "表格中有重复的列：“姓名”与“姓 名”" in result.stdout
    assert "第2行 王五“姓 名”列（王武）：与“姓名”列的“王五”不一致" in result.stdout
