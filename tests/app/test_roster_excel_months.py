"""A year.month whose 0 Excel dropped (1990.10 → 1990.1): in a CSV it is read as the number cell it was written from,
and in a cell formatted to show two decimals (0.00) as what the clerk sees there, October."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.dates import AmbiguousMonth, CsvNumberText, ShownWithTwoDecimals, parse_date
from app.exchange.cell_styles import shows_two_decimals
from app.exchange.import_commit import commit_import
from app.exchange.plan import Action
from app.exchange.problem_report import write_problem_report
from app.exchange.roster_import import ImportOptions, plan_import
from app.office import open_office
from app.people.idnumber import check_digit
from app.units.service import create_unit

TODAY = dt.date(2026, 11, 20)
ACTOR = "测试员"


def make_id(birth: str, serial: int) -> str:
    first17 = f"510107{birth}{serial * 2 + 1:03d}"
    return first17 + check_digit(first17)


@pytest.fixture
def office(tmp_path):
    opened = open_office(tmp_path / "office.db")
    top = create_unit(opened.db, {"name": "武侯区", "kind": "区/县"}, ACTOR).record_id
    street = create_unit(
        opened.db, {"name": "玉林街道", "kind": "街道/镇", "parent_id": top}, ACTOR
    ).record_id
    create_unit(opened.db, {"name": "双楠社区", "kind": "社区/村", "parent_id": street}, ACTOR)
    yield opened
    opened.close(backup_if_changed=False)


def stored(office, name: str) -> tuple[str, str | None] | None:
    return office.db.execute(
        "SELECT birth_date, work_start_date FROM people WHERE name = ? AND deleted_at IS NULL", [name]
    ).fetchone()


def commit(office, plan) -> None:
    commit_import(office.db, office.path, plan, update_existing=False, actor=ACTOR)


# --- CSV: what Excel wrote from a General cell ---------------------------------------------------------------


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    path.write_text("\r\n".join(",".join(row) for row in rows) + "\r\n", encoding=encoding)
    return path


CSV_HEADER = ["姓名", "公民身份号码", "出生年月", "参加工作时间", "人员类别", "工作单位"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_csv_birth_month_1990_1_is_settled_by_the_id_number(office, tmp_path, encoding):
    october, january = make_id("19901001", 1), make_id("19900115", 2)
    path = write_csv(tmp_path / "months.csv", [
        CSV_HEADER,
        ["郑九", october, "1990.1", "2015.07", "社区工作者", "玉林街道 / 双楠社区"],
        ["冯十", january, "1990.1", "2015.07", "社区工作者", "玉林街道 / 双楠社区"],
        ["陈十一", make_id("19900505", 3), "1990.1", "2015.07", "社区工作者", "玉林街道 / 双楠社区"],
    ], encoding)  # fmt: skip
    plan = plan_import(office.db, path, today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.NEW, Action.REJECT]
    assert "无法确定是1990年1月还是10月" in plan.rows[2].reason()
    commit(office, plan)
    assert stored(office, "郑九") == ("1990-10-01", "2015-07-01")
    assert stored(office, "冯十") == ("1990-01-15", "2015-07-01")
    assert stored(office, "陈十一") is None


def test_a_csv_work_date_2015_1_is_refused_as_ambiguous_not_filed_as_january(office, tmp_path):
    path = write_csv(tmp_path / "work.csv", [
        CSV_HEADER,
        ["郑九", make_id("19900101", 1), "", "2015.1", "社区工作者", "玉林街道 / 双楠社区"],
        ["冯十", make_id("19900102", 2), "", "2015.10", "社区工作者", "玉林街道 / 双楠社区"],
        ["陈十一", make_id("19900103", 3), "", "2015.2", "社区工作者", "玉林街道 / 双楠社区"],
    ])  # fmt: skip
    plan = plan_import(office.db, path, today=TODAY)
    assert [r.action for r in plan.rows] == [Action.REJECT, Action.NEW, Action.NEW]
    (problem,) = plan.rows[0].problems
    assert (problem.row, problem.column, problem.value) == (2, "参加工作时间", "2015.1")
    assert problem.message == (
        "参加工作时间“2015.1”来自 CSV 文件：Excel 保存 CSV 时会把 2015.10 写成 2015.1，无法确定是2015年1月还是10月。"
        "请写成 2015-01 或 2015-10（或把这一列设为文本格式后重新输入）"
    )
    commit(office, plan)
    assert stored(office, "郑九") is None
    assert stored(office, "冯十")[1] == "2015-10-01" and stored(office, "陈十一")[1] == "2015-02-01"


def test_a_1990_1_outside_the_date_columns_of_a_csv_stays_the_text_it_is(office, tmp_path):
    path = write_csv(tmp_path / "note.csv", [
        [*CSV_HEADER, "备注"],
        ["郑九", make_id("19900101", 1), "", "", "社区工作者", "玉林街道 / 双楠社区", "2019.1"],
    ])  # fmt: skip
    plan = plan_import(office.db, path, today=TODAY)
    commit(office, plan)
    assert office.db.execute("SELECT note FROM people WHERE name = '郑九'").fetchone() == ("2019.1",)


def test_the_csv_and_number_cell_readings_of_1990_1_in_the_parser():
    with pytest.raises(AmbiguousMonth, match="来自 CSV 文件") as caught:
        parse_date(CsvNumberText("2012.1"), field="参加工作时间", today=TODAY)
    assert caught.value.fits(dt.date(2012, 10, 3)) and caught.value.fits(dt.date(2012, 1, 3))
    assert parse_date("2012.1", today=TODAY) == dt.date(2012, 1, 1)  # typed as text in a workbook: as written
    assert parse_date(ShownWithTwoDecimals(2015.1), today=TODAY) == dt.date(2015, 10, 1)


# --- a number cell shown with two decimals -----------------------------------------------------------------------


def number_workbook(path: Path, cells: list[tuple[str, float, str | None]]) -> Path:
    """One person a row: name, 参加工作时间 as a number, and the cell's number format (None: General)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "公民身份号码", "参加工作时间", "人员类别", "工作单位"])
    for serial, (name, work, number_format) in enumerate(cells, 1):
        sheet.append([name, make_id("19900101", serial), work, "社区工作者", "玉林街道 / 双楠社区"])
        if number_format is not None:
            sheet.cell(sheet.max_row, 3).number_format = number_format
    book.save(path)
    return path


def test_a_2015_1_shown_as_2015_10_is_october_and_a_general_one_is_still_refused(office, tmp_path):
    path = number_workbook(tmp_path / "formats.xlsx", [
        ("郑九", 2015.1, "0.00"),
        ("冯十", 2015.1, "#,##0.00"),
        ("陈十一", 2015.1, '0.00_ '),  # WPS's own
        ("褚八", 2015.1, None),
        ("卫七", 2015.1, "0.0"),  # shows 2015.1: the month is not on screen either
        ("蒋六", 2015.3, "0.00"),  # shows 2015.30: read as the number it holds, as before
    ])  # fmt: skip
    plan = plan_import(office.db, path, today=TODAY)
    actions = {r.name: r.action for r in plan.rows}
    assert actions == {"郑九": Action.NEW, "冯十": Action.NEW, "陈十一": Action.NEW, "褚八": Action.REJECT,
                       "卫七": Action.REJECT, "蒋六": Action.NEW}  # fmt: skip
    assert "无法确定是2015年1月还是10月" in plan.rows[3].reason()
    commit(office, plan)
    assert [stored(office, n)[1] for n in ("郑九", "冯十", "陈十一", "蒋六")] == ["2015-10-01"] * 3 + [
        "2015-03-01"
    ]
    assert stored(office, "褚八") is None and stored(office, "卫七") is None


def test_a_refused_row_s_two_decimal_cell_goes_to_the_report_as_it_was_shown(office, tmp_path):
    path = number_workbook(tmp_path / "bad.xlsx", [("郑九", 2015.1, "0.00")])
    book = openpyxl.load_workbook(path)
    book.active["B2"] = "123"  # the ID number wrong: refused
    book.save(path)
    plan = plan_import(office.db, path, today=TODAY)
    write_problem_report(plan, tmp_path / "report.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "report.xlsx").worksheets[0]["D2"]  # after 原行号
    assert (cell.value, cell.number_format) == (2015.1, "0.00")
    assert plan.rows[0].action == Action.REJECT and stored(office, "郑九") is None


@pytest.mark.parametrize(
    ("code", "two"),
    [("0.00", True), ("#,##0.00", True), ("0.00_ ", True), ('0.00"元"', True), ("0.00;[Red]-0.00", True),
     ("0.0", False), ("0.000", False), ("0.00%", False), ("0.00E+00", False), ("yyyy.mm", False),
     ("General", False), ("@", False), ('"第"0.00', True)],
)  # fmt: skip
def test_which_number_formats_show_two_decimals(code, two):
    assert shows_two_decimals(code) is two


def test_a_sheet_s_two_decimal_cells_are_read_by_the_scope_given_too(office, tmp_path):
    """The wizard's 本表来自 does not change how a cell is read."""
    path = number_workbook(tmp_path / "scoped.xlsx", [("郑九", 2015.1, "0.00")])
    street = office.db.execute("SELECT id FROM org_units WHERE name = '玉林街道'").fetchone()[0]
    plan = plan_import(office.db, path, ImportOptions(unit_scope=street), today=TODAY)
    assert plan.rows[0].values["work_start_date"] == "2015-10-01"


@pytest.mark.parametrize(
    ("code", "percent"),
    [("0%", True), ("0.00%", True), ("0.0%", True), ('0.0"%"', False), ("0.00", False), ("General", False)],
)
def test_which_number_formats_show_a_percentage(tmp_path, code, percent):
    """A cell's format read from styles.xml: a % in the code (outside quotes) shows its number as a percentage."""
    import openpyxl

    from app.exchange.cell_styles import ShownAsPercent
    from app.exchange.reader import read_workbook

    book = openpyxl.Workbook()
    book.active.append(["分数", 0.9])
    book.active["B1"].number_format = code
    book.save(tmp_path / "f.xlsx")
    (sheet,) = read_workbook(tmp_path / "f.xlsx")
    value = sheet.rows[0][1]
    assert isinstance(value, ShownAsPercent) is percent and value == 0.9
