"""The problem report: rejected rows as sent, plus what to fix; read back with openpyxl and python-calamine."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from app.exchange.plan import Action, ImportPlan, Problem, RowPlan
from app.exchange.problem_report import (
    NOTES_SHEET,
    PROBLEM_COLUMN,
    PROBLEM_FILL,
    REPORT_SHEET,
    ROW_COLUMN,
    write_problem_report,
)
from app.exchange.roster_export import ExportError
from app.people.idnumber import check_digit

HEADERS = ["序号", "姓 名", "身份证号", "出生年月", "所在社区", "类别", "手机", "备注"]
MAPPING = {1: "name", 2: "id_number", 3: "birth_date", 4: "unit", 5: "role", 6: "phone", 7: "note"}
BAD_CHECK = "110101199003071230"
ROW4 = [1, "张三", BAD_CHECK, dt.datetime(1990, 3, 7), "东门社区", "社区工作者", "1380000", "=SUM(A1)"]
ROW7 = [3, "李四", 5.10104199001011e17, 1990.1, "西门社区", "干部"]  # shorter than the header
ROW9 = [4, "王五", "110101199003071234", "1990-03-07", "东门社区", "社区工作者", "", "-"]
ID_COL, PHONE_COL, ROLE_COL = 2, 6, 5  # 0-based in the file


def problems_4() -> list[Problem]:
    return [
        Problem(4, "身份证号", BAD_CHECK, "公民身份号码校验位错误：最后一位应为 4，实际为 0，请核对号码"),
        Problem(4, "手机", "1380000", "联系电话“1380000”格式不对：手机号应为以1开头的11位数字"),
    ]


def problems_7() -> list[Problem]:
    return [
        Problem(
            7,
            "身份证号",
            "5.10104E+17",
            "公民身份号码被 Excel 当成了数字保存，请将该列设置为“文本”格式后重新录入",
        ),
        Problem(7, "类别", "干部", "人员类别“干部”无效，应为：党建指导员、社区工作者、青年干部"),
    ]


def make_plan(rows: list[RowPlan] | None = None) -> ImportPlan:
    if rows is None:
        rows = [
            RowPlan(
                row=9, action=Action.REJECT, cells=list(ROW9), problems=[Problem(9, "", "", "与第4行重复")]
            ),
            RowPlan(row=4, action=Action.REJECT, cells=list(ROW4), problems=problems_4()),
            RowPlan(row=5, action=Action.NEW, cells=[2, "赵六", "110101199003071234"], name="赵六"),
            RowPlan(row=7, action=Action.REJECT, cells=list(ROW7), problems=problems_7()),
            RowPlan(row=8, action=Action.UNCHANGED, cells=[5, "钱七"], name="钱七"),
        ]
    return ImportPlan(
        file_name="东门社区花名册.xlsx",
        sheet="Sheet1",
        header_row=3,
        headers=list(HEADERS),
        mapping=dict(MAPPING),
        unknown_columns=["序号"],
        rows=rows,
        skipped={"空行": 2, "合计行": 1},
        new_units=[],
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "问题报告.xlsx"
    written = write_problem_report(make_plan(), out)
    return out, written, openpyxl.load_workbook(out)


def by_row_number(sheet) -> dict[int, tuple]:
    return {row[0].value: row for row in sheet.iter_rows(min_row=2)}


def test_header_is_row_number_then_the_files_own_headers_then_the_problems(report):
    _, written, book = report
    assert book.sheetnames == [REPORT_SHEET, NOTES_SHEET]
    sheet = book[REPORT_SHEET]
    assert [c.value for c in sheet[1]] == [ROW_COLUMN, *HEADERS, PROBLEM_COLUMN]
    assert sheet.freeze_panes == "C2"
    assert written == 3


def test_only_rejected_rows_in_row_order(report):
    sheet = report[2][REPORT_SHEET]
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == [4, 7, 9]
    names = {r[2].value for r in sheet.iter_rows(min_row=2)}
    assert "赵六" not in names and "钱七" not in names


def test_cells_are_the_original_values(report):
    rows = by_row_number(report[2][REPORT_SHEET])
    four = [c.value for c in rows[4][1:-1]]
    assert four[:3] == ROW4[:3] and four[4:] == ROW4[4:]
    assert four[3] == dt.datetime(1990, 3, 7)
    assert rows[4][1 + 3].number_format == "yyyy-mm-dd"
    seven = [c.value for c in rows[7][1:-1]]
    assert seven == [*ROW7, None, None]
    assert isinstance(seven[ID_COL], float)  # the mangled number is not "repaired"


def test_long_digit_strings_stay_text_and_formulas_stay_inert(report):
    path, _, book = report
    rows = by_row_number(book[REPORT_SHEET])
    id_cell = rows[4][1 + ID_COL]
    assert id_cell.value == BAD_CHECK and id_cell.data_type == "s" and id_cell.number_format == "@"
    assert rows[4][-2].value == "=SUM(A1)" and rows[4][-2].data_type == "s"
    # The empty ID/phone cells of a short row are text too, so what the street types there stays text.
    assert rows[7][1 + PHONE_COL].number_format == "@"
    assert rows[7][1 + ID_COL].number_format == "@"
    read = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(REPORT_SHEET).to_python()
    assert read[1][1 + ID_COL] == BAD_CHECK
    assert read[1][-2] == "=SUM(A1)"


def is_red(cell) -> bool:
    return cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith(PROBLEM_FILL)


def test_cells_with_problems_are_filled_red_and_no_others(report):
    rows = by_row_number(report[2][REPORT_SHEET])
    red = {n: [i for i, c in enumerate(rows[n][1:-1]) if is_red(c)] for n in rows}
    assert red == {4: [ID_COL, PHONE_COL], 7: [ID_COL, ROLE_COL], 9: []}
    assert not is_red(rows[4][0]) and not is_red(rows[7][0])
    assert is_red(rows[9][0])  # a problem of the whole row marks its row number


def test_problem_column_holds_every_problem_of_the_row(report):
    rows = by_row_number(report[2][REPORT_SHEET])
    cell = rows[4][-1]
    assert cell.value == "\n".join(p.text() for p in problems_4())
    assert cell.value.startswith("第4行“身份证号”列（110101199003071230）：")
    assert cell.alignment.wrap_text
    assert rows[7][-1].value.split("\n") == [p.text() for p in problems_7()]
    assert rows[9][-1].value == "第9行：与第4行重复"
    assert report[2][REPORT_SHEET].row_dimensions[2].height >= 30  # 第4行 (report row 2) shows both lines


def test_problem_column_is_wide_and_others_readable(report):
    sheet = report[2][REPORT_SHEET]
    assert sheet.column_dimensions["J"].width >= 50
    assert sheet.column_dimensions["D"].width >= 20  # 身份证号
    for letter in "ABCDEFGHI":
        assert 8 <= sheet.column_dimensions[letter].width <= 40


def test_notes_sheet_names_the_file_the_result_and_how_to_send_it_back(report):
    sheet = report[2][NOTES_SHEET]
    text = "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    plan = make_plan()
    assert plan.file_name in text
    assert plan.summary() in text
    assert "直接发回" in text and ROW_COLUMN in text and PROBLEM_COLUMN in text
    assert "序号" in text  # the unknown column is named


def test_report_reads_back_with_the_header_found_by_label(report):
    """Sent back as it is, the report's header row carries every original header text, in the same order."""
    path = report[0]
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[0][1:-1] == HEADERS
    assert len(rows) == 4


def test_zero_rejected_rows_writes_the_header_only(tmp_path):
    plan = make_plan([RowPlan(row=4, action=Action.NEW, cells=["1", "赵六"])])
    out = tmp_path / "r.xlsx"
    assert write_problem_report(plan, out) == 0
    book = openpyxl.load_workbook(out)
    sheet = book[REPORT_SHEET]
    assert sheet.max_row == 1
    assert [c.value for c in sheet[1]] == [ROW_COLUMN, *HEADERS, PROBLEM_COLUMN]
    text = "\n".join(str(v) for row in book[NOTES_SHEET].iter_rows(values_only=True) for v in row if v)
    assert "没有被拒绝的行" in text


def test_cells_beyond_the_header_are_kept(tmp_path):
    wide = [*ROW4, "多出来的"]
    plan = make_plan([RowPlan(row=4, action=Action.REJECT, cells=wide, problems=problems_4())])
    out = tmp_path / "r.xlsx"
    write_problem_report(plan, out)
    sheet = openpyxl.load_workbook(out)[REPORT_SHEET]
    assert [c.value for c in sheet[1]][-2:] == [None, PROBLEM_COLUMN]
    assert sheet.cell(2, len(wide) + 1).value == "多出来的"


def test_problem_on_a_header_with_padding_still_finds_its_column(tmp_path):
    plan = make_plan(
        [RowPlan(row=4, action=Action.REJECT, cells=list(ROW4), problems=[Problem(4, "姓名", "张三", "x")])]
    )
    out = tmp_path / "r.xlsx"
    write_problem_report(plan, out)
    sheet = openpyxl.load_workbook(out)[REPORT_SHEET]
    assert is_red(sheet.cell(2, 1 + 1 + 1))  # '姓 名' is the file's header, the problem said '姓名'


def test_refuses_other_extensions_and_missing_folders(tmp_path):
    with pytest.raises(ExportError, match=r"\.xlsx"):
        write_problem_report(make_plan(), tmp_path / "r.csv")
    with pytest.raises(ExportError, match="不存在"):
        write_problem_report(make_plan(), tmp_path / "nope" / "r.xlsx")


def test_report_from_a_real_import_is_corrected_and_sent_back_as_it_is(tmp_path):
    """Import a file with a bad row, write the report, fix the red cells, re-import: 原行号/问题说明 are said to be the report's."""
    roster_import = pytest.importorskip("app.exchange.roster_import")
    from app.office import open_office

    sent = openpyxl.Workbook()
    sheet = sent.active
    sheet.append(["2024年社区工作者花名册"])
    sheet.append(["姓 名", "身份证号", "所在社区", "类别", "手机"])
    first17 = "510104" + "19881120" + "002"
    sheet.append(["赵六", first17 + check_digit(first17), "东门社区", "社区工作者", "13900000000"])
    sheet.append(["孙七", BAD_CHECK, "东门社区", "社区工作者", "12345"])
    source = tmp_path / "东门社区.xlsx"
    sent.save(source)
    today = dt.date(2025, 1, 1)
    office = open_office(tmp_path / "office.db")
    try:
        plan = roster_import.plan_import(office.db, source, today=today)
        assert [r.action.value for r in plan.rows] == ["new", "reject"]
        out = tmp_path / "问题报告.xlsx"
        assert write_problem_report(plan, out) == 1

        book = openpyxl.load_workbook(out)
        report_sheet = book[REPORT_SHEET]
        header = [c.value for c in report_sheet[1]]
        assert header == [ROW_COLUMN, "姓 名", "身份证号", "所在社区", "类别", "手机", PROBLEM_COLUMN]
        assert report_sheet.cell(2, 1).value == 4
        red = [header[c.column - 1] for c in report_sheet[2] if is_red(c)]
        assert red == ["身份证号", "手机"]
        report_sheet.cell(2, header.index("身份证号") + 1).value = "110101199003071233"
        report_sheet.cell(2, header.index("手机") + 1).value = "13800000000"
        fixed = tmp_path / "改正后.xlsx"
        book.save(fixed)

        again = roster_import.plan_import(office.db, fixed, today=today)
    finally:
        office.close(backup_if_changed=False)
    assert again.unknown_columns == []  # ours, said as such rather than as columns the app does not know
    assert (
        f"这是退回修改的问题报告：“{ROW_COLUMN}”“{PROBLEM_COLUMN}”两列是报告的说明，不导入" in again.notices
    )
    assert [(r.action.value, r.problems) for r in again.rows] == [("new", [])]
    assert again.rows[0].name == "孙七"


def _sent_back(tmp_path, sent: openpyxl.Workbook) -> tuple[ImportPlan, list, ImportPlan]:
    """Import `sent`, write its problem report, fix the first refused row's ID number as the clerk would and
    import the report: (the first plan, the report's header, the plan of the report sent back)."""
    from app.exchange import roster_import
    from app.office import open_office

    source = tmp_path / "报送.xlsx"
    sent.save(source)
    today = dt.date(2025, 1, 1)
    office = open_office(tmp_path / "office.db")
    try:
        plan = roster_import.plan_import(office.db, source, today=today)
        out = tmp_path / "问题报告.xlsx"
        write_problem_report(plan, out)
        book = openpyxl.load_workbook(out)
        report = book[REPORT_SHEET]
        header = [c.value for c in report[1]]
        cells = [c.value for c in report[2]]
        report.cell(2, header.index("身份证号") + 1).value = "110101199003071233"
        fixed = tmp_path / "改正后.xlsx"
        book.save(fixed)
        again = roster_import.plan_import(office.db, fixed, today=today)
    finally:
        office.close(backup_if_changed=False)
    return plan, [header, cells], again


def test_a_role_given_by_a_section_heading_goes_into_the_report_so_it_reads_the_same_on_its_own(tmp_path):
    """A trial: a roster with 一、党建指导员 / 二、社区工作者 headings and no 人员类别 column gave a report without
    roles, which refused every row (人员类别不能为空) when it came back corrected."""
    sent = openpyxl.Workbook()
    sheet = sent.active
    sheet.append(["姓名", "身份证号", "所在社区", "手机"])
    sheet.append(["一、党建指导员"])
    first17 = "510104" + "19881120" + "002"
    sheet.append(["赵六", first17 + check_digit(first17), "东门社区", "13900000000"])
    sheet.append(["二、社区工作者"])
    sheet.append(["孙七", BAD_CHECK, "东门社区", "13900000001"])
    plan, (header, cells), again = _sent_back(tmp_path, sent)
    assert [r.action.value for r in plan.rows] == ["new", "reject"]
    assert header == [ROW_COLUMN, "姓名", "身份证号", "所在社区", "手机", "人员类别", PROBLEM_COLUMN]
    assert cells[header.index("人员类别")] == "社区工作者"
    assert [(r.action.value, r.values.get("role")) for r in again.rows] == [("new", "community_worker")]


def test_a_second_education_column_of_a_two_row_header_is_read_again_from_the_report(tmp_path):
    """A trial: the report labels the 在职教育 column of 学历 over 全日制教育 | 在职教育 as 学历·在职教育, which the
    import then listed as a column it did not know."""
    sent = openpyxl.Workbook()
    sheet = sent.active
    sheet.append(["姓名", "身份证号", "所在社区", "类别", "学历", None])
    sheet.append([None, None, None, None, "全日制教育", "在职教育"])
    sheet.merge_cells("E1:F1")
    sheet.append(["孙七", BAD_CHECK, "东门社区", "社区工作者", "大专", "研究生"])
    _plan, (header, _cells), again = _sent_back(tmp_path, sent)
    assert "学历·在职教育" in header
    assert "学历·在职教育" not in again.unknown_columns
    assert [(r.action.value, r.values.get("education")) for r in again.rows] == [("new", "研究生")]
