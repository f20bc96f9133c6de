"""What a care ledger's dry run says of what the clerk did not see or did not write in the app's words: rows Excel
hides, a 记录类型 or a 方式 in everyday words, and an amount that is a formula without a result (a file written by
a script, never opened in Excel) — refused, never read as 0 元."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.care.ledger import describe_plan, plan_ledger
from app.exchange.plan import Action
from tests.app.test_care_service import db, id_born, people  # noqa: F401 (fixtures)

TODAY = dt.date(2026, 12, 1)
ZHANG = id_born("1990-06-15", 1)
LI = id_born("1992-02-29", 2)
HEADER = ["日期", "姓名", "公民身份号码", "记录类型", "类别", "方式", "金额（元）"]


def _book(path: Path, rows: list[list[object]], hidden: tuple[int, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for number in hidden:
        sheet.row_dimensions[number].hidden = True
    book.save(path)
    return path


def _messages(row) -> str:
    return "".join(p.text() for p in row.problems)


def test_hidden_rows_are_read_and_named_in_the_dry_run(db, people, tmp_path):  # noqa: F811
    rows = [
        HEADER,
        ["2025-05-05", "张三", ZHANG, "走访慰问", "节日慰问", "上门", 100],
        ["2025-05-06", "李四", LI, "走访慰问", "节日慰问", "上门", 100],
    ]
    plan = plan_ledger(db, _book(tmp_path / "台账.xlsx", rows, hidden=(3,)), today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.NEW]
    said = "\n".join(describe_plan(plan))
    assert "第3行在 Excel 中是隐藏的" in said and "删除" in said and "第2行" not in said


def test_a_record_type_in_everyday_words_is_read_and_said(db, people, tmp_path):  # noqa: F811
    rows = [
        HEADER,
        ["2025-05-05", "张三", ZHANG, "慰问", "节日慰问"],
        ["2025-05-06", "李四", LI, "慰问", "节日慰问"],
        ["2025-05-07", "李四", LI, "谈心", "思想波动"],
        ["2025-05-08", "李四", LI, "走访慰问", "生日慰问"],
    ]
    plan = plan_ledger(db, _book(tmp_path / "台账.xlsx", rows), today=TODAY)
    assert [r.record_type for r in plan.rows] == ["走访慰问", "走访慰问", "谈心谈话", "走访慰问"]
    said = "\n".join(describe_plan(plan))
    assert "记录类型“慰问”按“走访慰问”读取：第2行、第3行" in said
    assert "记录类型“谈心”按“谈心谈话”读取：第4行" in said and "第5行" not in said


@pytest.mark.parametrize("typed", ["入户", "家访", "上门走访", "入户走访"])
def test_a_home_visit_in_everyday_words_is_read_as_one_and_said(db, people, tmp_path, typed):  # noqa: F811
    rows = [HEADER, ["2025-05-05", "张三", ZHANG, "走访慰问", "节日慰问", typed, 100]]
    [row] = plan_ledger(db, _book(tmp_path / "台账.xlsx", rows), today=TODAY).rows
    assert row.action == Action.NEW, _messages(row)
    assert row.values["method"] == "上门" and f"方式“{typed}”按“上门”导入" in row.note


def test_a_method_that_names_no_way_of_visiting_is_still_refused(db, people, tmp_path):  # noqa: F811
    rows = [HEADER, ["2025-05-05", "张三", ZHANG, "走访慰问", "节日慰问", "飞鸽", 100]]
    [row] = plan_ledger(db, _book(tmp_path / "台账.xlsx", rows), today=TODAY).rows
    assert row.action == Action.REJECT and "方式无法识别" in _messages(row)


def _with_results(path: Path, results: dict[str, str]) -> Path:
    """The workbook with a stored result given to some formula cells, as Excel saves them: {'G2': '<v>200</v>'}
    (openpyxl writes a formula with none)."""
    import re
    import zipfile

    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[part].decode()
    for ref, result in results.items():
        xml = re.sub(
            rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>',
            rf'<c r="{ref}"\1 {result[0]}><f>\2</f>{result[1]}',
            xml,
        )
    parts[part] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_an_amount_formula_without_a_result_is_refused_not_read_as_nothing(db, people, tmp_path):  # noqa: F811
    header = ["日期", "姓名", "公民身份号码", "记录类型", "类别", "单价", "人数", "金额（元）"]
    rows = [
        header,
        ["2025-05-06", "张三", ZHANG, "走访慰问", "节日慰问", 100, 2, "=F2*G2"],
        ["2025-05-06", "李四", LI, "走访慰问", "节日慰问", 100, 3, "=F3*G3"],
        ["2025-05-07", "李四", LI, "谈心谈话", "思想波动", None, None, '=IF(G4="","",F4*G4)'],
        [None, None, None, None, None, None, None, "=F5*G5"],  # filled down past the data: no record
    ]
    path = _book(tmp_path / "台账.xlsx", rows)
    _with_results(path, {"H2": ('t="n"', "<v>200</v>"), "H4": ('t="str"', "<v></v>")})
    plan = plan_ledger(db, path, today=TODAY)
    computed, unfinished, blank = plan.rows
    assert computed.action == Action.NEW and computed.values["amount_fen"] == 20000
    assert blank.action == Action.NEW, _messages(blank)  # a formula whose result is empty text: a blank
    assert unfinished.action == Action.REJECT
    said = _messages(unfinished)
    assert "第3行" in said and "金额（元）" in said
    assert "是公式，但文件中没有它的计算结果" in said and "请在 Excel 中打开并保存，或直接填上金额" in said
    assert len(plan.rows) == 3  # the formula filled down past the data is no record to refuse


def test_a_sheet_whose_formulas_all_have_results_is_not_parsed_again(db, people, tmp_path, monkeypatch):  # noqa: F811
    from xml.etree import ElementTree

    def never(*args, **kwargs):
        raise AssertionError("the sheet was parsed again")

    monkeypatch.setattr(ElementTree, "iterparse", never)
    rows = [
        HEADER,
        ["2025-05-05", "张三", ZHANG, "走访慰问", "节日慰问", "上门", None],
        ["2025-05-06", "李四", LI, "走访慰问", "节日慰问", "上门", "=100*2"],
    ]
    path = _with_results(_book(tmp_path / "台账.xlsx", rows), {"G3": ('t="n"', "<v>200</v>")})
    plain, computed = plan_ledger(db, path, today=TODAY).rows
    assert plain.action == computed.action == Action.NEW
    assert plain.values["amount_fen"] == 0 and computed.values["amount_fen"] == 20000
