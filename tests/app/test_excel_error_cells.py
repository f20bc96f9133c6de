"""Excel error values (#N/A, #DIV/0! …) are read as ExcelError, never as a blank cell: python-calamine gives ''
for them, so the .xlsx scan finds them in the sheet's XML (app/exchange/bounds.py) and the reader puts them in;
a CSV cell that spells one is one. Their text is the code; each code's message says what it means."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.exchange.cell_errors import (
    ERROR_CODES,
    NO_RESULT,
    ExcelError,
    error_message,
    error_of_text,
    error_problems,
    with_error_problems,
)
from app.exchange.cells import cell_text, cell_texts
from app.exchange.plan import Problem
from app.exchange.reader import Sheet, read_workbook
from tests.sheets import write_xlsx

CLASSIC = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"]


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def with_sheet_data(path: Path, data: str, prefix: str = "") -> Path:
    """A copy of the workbook at `path` whose first sheet's <sheetData> is `data` (cells as some writer spells
    them); `prefix`: the namespace prefix that writer puts on every element ('x:')."""
    out = path.with_name(f"crafted-{path.name}")
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    declared = f'xmlns:{prefix[:-1]}="{ns}"' if prefix else f'xmlns="{ns}"'
    sheet = f"<{prefix}worksheet {declared}><{prefix}sheetData>{data}</{prefix}sheetData></{prefix}worksheet>"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info, body)
    return out


def test_openpyxl_writes_real_error_cells(tmp_path):
    path = write_xlsx(tmp_path / "e.xlsx", [["姓名", "分数"], ["张三", "#N/A"]])
    assert '<c r="B2" t="e"><v>#N/A</v></c>' in sheet_xml(path)


def test_every_classic_error_value_of_an_xlsx_is_read_as_itself(tmp_path):
    path = write_xlsx(
        tmp_path / "e.xlsx", [["代码", *range(len(CLASSIC))], ["值", *CLASSIC], ["张三", 85, None]]
    )
    [sheet] = read_workbook(path)
    assert sheet.rows[1] == ["值", *map(ExcelError, CLASSIC)]
    assert sheet.rows[2] == ["张三", 85, *[None] * (len(CLASSIC) - 1)]
    assert sheet.error_rows == {1}


def test_a_last_row_of_nothing_but_errors_is_kept(tmp_path):
    # The formula row filled down past the data: were it read blank, the row would be dropped unseen.
    path = write_xlsx(tmp_path / "e.xlsx", [["姓名", "分数"], ["张三", 90], ["#N/A", "#N/A"]])
    [sheet] = read_workbook(path)
    assert sheet.rows[-1] == [ExcelError("#N/A"), ExcelError("#N/A")]
    assert sheet.error_rows == {2}


def test_a_text_cell_that_reads_like_an_error_stays_text(tmp_path):
    path = write_xlsx(tmp_path / "e.xlsx", [["姓名", "备注"], ["张三", "#1号楼"], ["李四", "#SPILL!"]])
    [sheet] = read_workbook(path)
    assert 't="inlineStr"' in sheet_xml(path) and 't="e"' not in sheet_xml(path)
    assert sheet.rows[1:] == [["张三", "#1号楼"], ["李四", "#SPILL!"]] and sheet.error_rows == set()


@pytest.mark.parametrize(
    ("cell", "prefix"),
    [
        ('<c r="B2" t="e"><f>VLOOKUP(A2,名单!A:B,2,0)</f><v>#N/A</v></c>', ""),
        ('<c r="B2" s="3" t="e"><f t="shared" ref="B2:B9" si="0"/><v>#N/A</v></c>', ""),
        ('<c t="e" r="B2"><v>#N/A</v></c>', ""),
        ("<c r='B2' t='e'><v>#N/A</v></c>", ""),
        ('<x:c r="B2" t="e"><x:f>1/0</x:f><x:v>#N/A</x:v></x:c>', "x:"),
    ],
)
def test_error_cells_as_every_writer_spells_them(tmp_path, cell, prefix):
    base = write_xlsx(tmp_path / "e.xlsx", [["姓名", "分数"], ["张三", 1]])
    p = prefix
    head = f'<{p}row r="1"><{p}c r="A1" t="inlineStr"><{p}is><{p}t>姓名</{p}t></{p}is></{p}c></{p}row>'
    row = f'<{p}row r="2"><{p}c r="A2" t="inlineStr"><{p}is><{p}t>张三</{p}t></{p}is></{p}c>{cell}</{p}row>'
    [sheet] = read_workbook(with_sheet_data(base, head + row, prefix))
    assert sheet.rows[1] == ["张三", ExcelError("#N/A")]


def test_a_formula_whose_text_result_spells_an_error_is_text(tmp_path):
    # =IF(A2="","#N/A",A2) gives the text "#N/A" (t="str"): the clerk's own word, read as written.
    base = write_xlsx(tmp_path / "e.xlsx", [["a"]])
    crafted = with_sheet_data(base, '<row r="1"><c r="A1" t="str"><f>IF(1,"#N/A")</f><v>#N/A</v></c></row>')
    [sheet] = read_workbook(crafted)
    assert sheet.rows == [["#N/A"]] and sheet.error_rows == set()


@pytest.mark.parametrize(
    ("cell", "read", "prefix"),
    [
        ('<c r="B2"><f>C2*2</f></c>', ExcelError(NO_RESULT), ""),  # openpyxl: a formula and no result
        ('<c r="B2"><f>C2*2</f><v/></c>', ExcelError(NO_RESULT), ""),
        ('<c r="B2" s="1"><f t="shared" si="0"/><v></v></c>', ExcelError(NO_RESULT), ""),
        ('<x:c r="B2"><x:f>C2*2</x:f></x:c>', ExcelError(NO_RESULT), "x:"),
        ('<c r="B2" t="str"><f>IF(C2="","",C2)</f><v></v></c>', None, ""),  # its result: empty text
        ('<c r="B2"><f>C2*2</f><v>180</v></c>', 180, ""),  # as Excel saves it
    ],
)
def test_a_formula_saved_without_its_result_is_marked(tmp_path, cell, read, prefix):
    # calamine reads such a cell as a blank: a score or an amount lost, or read as 0, without a word.
    base = write_xlsx(tmp_path / "e.xlsx", [["a"]])
    p = prefix
    row = f'<{p}row r="2"><{p}c r="A2" t="inlineStr"><{p}is><{p}t>张三</{p}t></{p}is></{p}c>{cell}</{p}row>'
    [sheet] = read_workbook(with_sheet_data(base, row, prefix))
    assert sheet.rows[-1][:2] == ["张三", read]
    assert sheet.error_rows == ({1} if isinstance(read, ExcelError) else set())


def test_a_formula_without_its_result_says_how_to_get_one():
    said = error_message(ExcelError(NO_RESULT), "分数")
    assert said == (
        "是公式，但文件中没有它的计算结果（文件不是用 Excel 或 WPS 保存的），请在 Excel 中打开并保存，"
        "或直接填上分数后重新导入"
    )


def test_errors_are_found_across_the_scans_blocks(tmp_path):
    # The scan reads the XML in 4 MB blocks cut where a row starts: errors on both sides of a cut are found.
    rows = []
    for number in range(1, 60_001):
        value = '<c r="B{0}" t="e"><v>#DIV/0!</v></c>' if number % 1000 == 0 else '<c r="B{0}"><v>1</v></c>'
        name = f'<c r="A{number}" t="inlineStr"><is><t>第{number}人</t></is></c>'
        rows.append(f'<row r="{number}">{name}{value.format(number)}</row>')
    crafted = with_sheet_data(write_xlsx(tmp_path / "e.xlsx", [["a"]]), "".join(rows))
    assert len(sheet_xml(crafted).encode()) > 4 * 1024 * 1024
    [sheet] = read_workbook(crafted)
    assert sheet.error_rows == {number - 1 for number in range(1000, 60_001, 1000)}
    assert all(sheet.rows[i][1] == ExcelError("#DIV/0!") for i in sheet.error_rows)
    assert sheet.rows[998][1] == 1.0


def test_only_visible_sheets_are_marked_and_each_its_own(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "名单"
    book.active.append(["姓名", "分数"])
    book.active.append(["张三", "#REF!"])
    other = book.create_sheet("汇总")
    other.append(["合计", "#DIV/0!"])
    book.save(tmp_path / "e.xlsx")
    first, second = read_workbook(tmp_path / "e.xlsx")
    assert first.rows[1] == ["张三", ExcelError("#REF!")] and first.error_rows == {1}
    assert second.rows[0] == ["合计", ExcelError("#DIV/0!")] and second.error_rows == {0}


def test_a_csv_cell_that_spells_an_error_is_one(tmp_path):
    # How Excel saves an error value as CSV: the code as the cell's whole text.
    path = tmp_path / "e.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["姓名", "分数", "备注"],
                ["张三", "#DIV/0!", " #n/a "],
                ["李四", "85", "#1号楼"],
                ["王五", "N/A", ""],
            ]
        )
    [sheet] = read_workbook(path)
    assert sheet.rows[1] == ["张三", ExcelError("#DIV/0!"), ExcelError("#N/A")]
    assert sheet.rows[2:] == [["李四", "85", "#1号楼"], ["王五", "N/A", None]]
    assert sheet.error_rows == {1}


def test_a_sheet_made_elsewhere_finds_its_error_rows():
    sheet = Sheet("名单", [["姓名"], ["张三"], [ExcelError("#N/A")]])
    assert sheet.error_rows == {2}


def test_the_text_of_an_error_is_its_code_never_blank():
    assert cell_text(ExcelError("#DIV/0!")) == "#DIV/0!"
    assert cell_texts(["张三", ExcelError("#N/A"), None, " 85 "]) == ["张三", "#N/A", "", "85"]
    assert str(ExcelError("#REF!")) == "#REF!"


@pytest.mark.parametrize("text", [*CLASSIC, " #div/0! ", "#n/a"])
def test_each_code_is_known_whatever_its_case(text):
    assert error_of_text(text) == ExcelError(text.strip().upper())


@pytest.mark.parametrize("text", ["N/A", "#", "#1号楼", "#N/A#", "", "张三"])
def test_other_texts_are_no_error(text):
    assert error_of_text(text) is None


@pytest.mark.parametrize(
    ("code", "meaning"),
    [
        ("#N/A", "查找的值不存在，如 VLOOKUP 没有找到对应的行"),
        ("#DIV/0!", "除数为 0 或空白"),
        ("#REF!", "公式引用的单元格已被删除"),
        ("#NAME?", "公式中的函数名或名称写错了"),
    ],
)
def test_the_message_says_the_code_and_what_it_means(code, meaning):
    assert error_message(ExcelError(code), "分数") == (
        f"是 Excel 错误值 {code}（公式出错：{meaning}），请在原表中改正公式，或直接填上分数后重新导入"
    )
    assert set(CLASSIC) <= set(ERROR_CODES)


def test_an_unknown_code_still_says_it_is_a_failed_formula():
    assert error_message(ExcelError("#WHAT?")).startswith("是 Excel 错误值 #WHAT?（公式出错），")


def test_error_problems_name_the_column_and_replace_what_blank_cells_made_the_checks_say():
    found = error_problems(
        12, "张三", [(4, ExcelError("#DIV/0!"))], ["序号", "姓名", "号码", "工作考核", "满意度测评"]
    )
    assert [p.text() for p in found] == [
        "第12行 张三“满意度测评”列：是 Excel 错误值 #DIV/0!（公式出错：除数为 0 或空白），"
        "请在原表中改正公式，或直接填上正确的内容后重新导入"
    ]
    others = [Problem(12, "满意度测评", "", "满意度测评不能为空"), Problem(12, "号码", "1", "号码有误")]
    assert [p.message for p in with_error_problems(others, found)] == [found[0].message, "号码有误"]


_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def write_ods(path: Path, tables: str) -> Path:
    """A minimal .ods whose sheets are `tables` (<table:table> elements as LibreOffice writes them)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NAMESPACES} office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


def _text(text: str, attributes: str = "") -> str:
    return (
        f'<table:table-cell {attributes}office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def _error(code: str, formula: str = "of:=1/0") -> str:
    # As LibreOffice saves a formula whose result is an error: an empty string value, the code as its text.
    return (
        f'<table:table-cell table:formula="{formula}" office:value-type="string" office:string-value="" '
        f'calcext:value-type="error"><text:p>{code}</text:p></table:table-cell>'
    )


def _row(cells: str, attributes: str = "") -> str:
    return f"<table:table-row {attributes}>{cells}</table:table-row>"


def test_error_values_of_an_ods_are_placed_where_calamine_puts_its_cells(tmp_path):
    title = _text("2026年考核", 'table:number-columns-spanned="3" ') + "<table:covered-table-cell/>" * 2
    blank = '<table:table-cell table:number-columns-repeated="3"/>'
    first = (
        '<table:table table:name="名单">'
        + _row(title)
        + _row(blank, 'table:number-rows-repeated="2"')
        + _row(_text("姓名") + _text("分数") + _text("备注"))
        + _row(_text("张三") + _error("#DIV/0!") + _text("好"))
        + _row(_text("李四") + "<table:table-cell/>" + _error("#N/A", "of:=VLOOKUP([.A6];$名册.A:B;2;0)"))
        + "</table:table>"
    )
    second = (
        '<table:table table:name="汇总">'
        + _row('<table:table-cell table:number-columns-repeated="2"/>' + _error("#REF!"))
        + "</table:table>"
    )
    names, summary = read_workbook(write_ods(tmp_path / "e.ods", first + second))
    assert names.rows[4:] == [["张三", ExcelError("#DIV/0!"), "好"], ["李四", None, ExcelError("#N/A")]]
    assert names.error_rows == {4, 5}
    assert summary.rows == [[None, None, ExcelError("#REF!")]] and summary.error_rows == {0}


_CELL = st.one_of(
    st.none(),
    st.integers(-1000, 1000),
    st.sampled_from(["张三", "#1号楼", "N/A", "备注 #2", "85.5分"]),
    st.sampled_from(CLASSIC),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    grid=st.lists(st.lists(_CELL, min_size=1, max_size=6), min_size=1, max_size=8),
    top=st.integers(0, 2),
    left=st.integers(0, 2),
)
def test_every_cell_reads_back_as_written_errors_as_themselves(tmp_path, grid, top, left):
    # Anywhere in the sheet, after blank rows and columns: each error value where it was written, nothing else.
    book = openpyxl.Workbook()
    for r, row in enumerate(grid, top + 1):
        for c, value in enumerate(row, left + 1):
            book.active.cell(r, c, value)
    book.save(tmp_path / "g.xlsx")
    if all(value is None for row in grid for value in row):
        return  # an empty sheet is refused as such (test_reader)
    [sheet] = read_workbook(tmp_path / "g.xlsx")
    for r, row in enumerate(grid, top):
        for c, value in enumerate(row, left):
            got = sheet.rows[r][c] if r < len(sheet.rows) and c < len(sheet.rows[r]) else None
            want = ExcelError(value) if value in CLASSIC else value
            assert got == want, (r, c, value, got)
    expected = {r for r, row in enumerate(grid, top) if any(value in CLASSIC for value in row)}
    assert sheet.error_rows == expected


@pytest.mark.parametrize(
    ("block", "may"),
    [
        (b'<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>85</v></c></row>', False),
        (b'<sheetFormatPr defaultRowHeight="15"/><row><c r="B2"><f>C2*2</f></c></row>', True),
        (b'<x:row><x:c r="B2"><x:f>C2*2</x:f></x:c></x:row>', True),
        (b"<is><t>" + b"f" * 100 + b"</t></is>", False),  # many f's, none a tag: searched in full
        (b"<is><t>" + b"f" * 100 + b'</t></is><c r="B2"><f>1</f></c>', True),
    ],
)
def test_the_quick_look_for_formulas_misses_none(block, may):
    from app.exchange.bounds import _may_hold_formulas

    assert _may_hold_formulas(block) is may


@pytest.mark.parametrize(
    "formula_cell",
    [
        '<c\n r="C2"><f>B2*2</f></c>',
        '<c\tr="C2"><f>B2*2</f></c>',
        "<c><f>B2*2</f></c>",
        '<c r="C2"><f>abc >1</f></c>',
    ],
)
def test_a_formula_without_its_result_never_marks_the_cell_before_it(tmp_path, formula_cell):
    # A real 0 in B2, then the formula cell written as some writer spells it (or with no reference at all).
    base = write_xlsx(tmp_path / "e.xlsx", [["a"]])
    row = f'<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2"><v>0</v></c>{formula_cell}</row>'
    [sheet] = read_workbook(with_sheet_data(base, row))
    assert sheet.rows[-1][:2] == ["张三", 0]
