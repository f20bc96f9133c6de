"""The roster import and Excel error values: a row whose column the import maps holds one (#N/A of a broken
VLOOKUP in 联系电话, #REF! in 备注) is refused with where and what, never stored as a blank or as the code; an
error in a column the import ignores changes nothing; a row of nothing but errors is skipped and counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from app.exchange.cell_errors import ERROR_ROW
from app.exchange.import_commit import commit_import
from app.exchange.plan import Action
from app.exchange.roster_import import plan_import
from tests.app.test_roster_import import ACTOR, ZHANG, make_id, office  # noqa: F401 (fixture)

TODAY = dt.date(2026, 11, 21)
HEADER = ["序号", "姓名", "公民身份号码", "人员类别", "工作单位", "联系电话", "备注", "核对"]
WANG, ZHAO, QIAN = make_id("19880808", 14), make_id("19920701", 13), make_id("19930101", 15)


def _roster(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [
        HEADER,
        [1, "王五", WANG, "社区工作者", "黉门社区", "#N/A", None, None],
        [2, "赵六", ZHAO, "社区工作者", "黉门社区", "13700003333", "#REF!", None],
        [3, "钱七", QIAN, "社区工作者", "黉门社区", "13700004444", None, "#DIV/0!"],  # 核对 is not read
        [4, "张三", ZHANG, "社区工作者", "黉门社区", "#N/A", None, None],  # on the roster with 13800001111
        [None, "#N/A", "#N/A", "#N/A", "#N/A", "#N/A", None, None],
    ]:
        sheet.append(row)
    for cell in sheet["C"]:
        cell.number_format = "@"
    book.save(path)
    return path


def test_the_rows_with_an_error_in_a_mapped_column_are_refused_with_where_and_what(office, tmp_path):  # noqa: F811
    plan = plan_import(office.db, _roster(tmp_path / "花名册.xlsx"), today=TODAY)
    assert [(r.row, r.name, r.action) for r in plan.rows] == [
        (2, "王五", Action.REJECT), (3, "赵六", Action.REJECT), (4, "钱七", Action.NEW), (5, "张三", Action.REJECT),
    ]  # fmt: skip
    lookup = "（公式出错：查找的值不存在，如 VLOOKUP 没有找到对应的行），请在原表中改正公式，或直接填上正确的内容后重新导入"
    assert [p.text() for r in plan.rejected() for p in r.problems] == [
        f"第2行 王五“联系电话”列：是 Excel 错误值 #N/A{lookup}",
        "第3行 赵六“备注”列：是 Excel 错误值 #REF!（公式出错：公式引用的单元格已被删除），"
        "请在原表中改正公式，或直接填上正确的内容后重新导入",
        f"第5行 张三“联系电话”列：是 Excel 错误值 #N/A{lookup}",
    ]
    assert plan.skipped == {ERROR_ROW: 1}


def test_nothing_is_stored_from_a_refused_row_and_a_known_person_keeps_their_phone(office, tmp_path):  # noqa: F811
    plan = plan_import(office.db, _roster(tmp_path / "花名册.xlsx"), today=TODAY)
    commit_import(office.db, office.path, plan, update_existing=True, actor=ACTOR)
    stored = dict(office.db.execute("SELECT name, phone FROM people WHERE deleted_at IS NULL").fetchall())
    assert stored == {"张三": "13800001111", "李梅": "13900002222", "钱七": "13700004444"}
    notes = office.db.execute("SELECT count(*) FROM people WHERE note LIKE '%#%'").fetchone()[0]
    assert notes == 0


def test_the_problem_report_gives_the_error_value_back_as_one(office, tmp_path):  # noqa: F811
    from app.exchange.problem_report import write_problem_report

    plan = plan_import(office.db, _roster(tmp_path / "花名册.xlsx"), today=TODAY)
    report = tmp_path / "问题.xlsx"
    write_problem_report(plan, report)
    sheet = openpyxl.load_workbook(report).worksheets[0]
    phone = [c for c in sheet[1] if c.value == "联系电话"][0].column
    cell = sheet.cell(row=2, column=phone)
    assert (cell.value, cell.data_type) == ("#N/A", "e")
