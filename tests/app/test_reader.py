"""app.exchange.reader: the files streets send, read back as they are — and a clear word when they can't be.

Committed fixtures in tests/data (made once in a scratch virtualenv; xlwt and msoffcrypto-tool are not project
dependencies):
- roster_old_excel.xls   xlwt: a merged title, a 填报单位 row, a header with '姓  名', 3 people
- roster_gbk.csv         GBK bytes, CRLF, no BOM, as Chinese Excel saves 'CSV (逗号分隔)'; names 陈堃, 赵喆
- roster_password.xlsx   an .xlsx encrypted with the open password 1234 (msoffcrypto-tool)
Everything else is generated here.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font

from app.exchange.reader import ReadError, Sheet, read_workbook
from app.exchange.sheet import fill_merged_down
from app.exchange.text_reader import sniff_delimiter
from app.people.idnumber import check_digit

DATA = Path(__file__).resolve().parent.parent / "data"


def pid(first17: str) -> str:
    return first17 + check_digit(first17)


WANG = pid("51010719900315123")
LI_ID_AS_NUMBER = 5.10107198511020e17  # what Excel keeps of 510107198511020027 typed into a number cell
AYGUL = pid("51010719950708004")
ZHANG = pid("51010719800101201")

HEADER = [
    "序号", "姓 名", "性别", "民族", "公民身份\n号码", "出生\n年月", "政治面貌", "学历", "工作单位", "人员类别",
    "联系电话", "参加工作时间", "籍贯", "备注",
]  # fmt: skip


def make_messy_roster(path: Path) -> Path:
    """A roster as a street sends it. Excel rows:
    1 merged title, 2 填报单位/填报日期, 3 header, 4 王　伟, 5 李娜 (ID as a number), 6 blank, 7 阿依古丽·买买提,
    8 repeated header, 9 张敏, 10 合计, 11 注：. Sheets: 填表说明 (visible, no header), 花名册, 下拉选项 (hidden)."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes["A1"] = "填表说明"
    notes["A2"] = "1. 公民身份号码一栏请设置为文本格式"
    notes["A3"] = "2. 出生年月按 1990.01 格式填写"

    ws = book.create_sheet("花名册")
    ws["A1"] = "2024年社区工作者花名册"
    ws["A1"].font = Font(bold=True, size=16)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A2"] = "填报单位：浆洗街街道"
    ws.merge_cells("A2:E2")
    ws["I2"] = "填报日期：2024年5月20日"
    for column, label in enumerate(HEADER, 1):
        ws.cell(row=3, column=column, value=label)
    people = {
        4: [1, "王　伟", "男", "汉", WANG, 1990.1, "党员", "本科", "锦绣社区", "社区工作者", 13800138000,
            dt.date(2012, 7, 1), "四川成都", None],
        5: [2, " 李娜 ", "女", "汉族", LI_ID_AS_NUMBER, dt.datetime(1985, 11, 2), "中共党员", "大专",
            "浆洗街街道（锦绣社区）", "社工", "028-85556666", "2008.9", None, "借调"],
        7: [3, "阿依古丽·买买提", "女", "维吾尔族", AYGUL, "1995年7月", "团员", "研究生", "锦绣社区", "青年干部",
            "13900139000", "2019-08-15", "新疆喀什", None],
        9: [4, "张敏", "女", "汉族", ZHANG, "1980.01", "群众", "高中", "浆洗街街道 / 锦绣社区", "党建指导员",
            None, 20010901, None, None],
    }  # fmt: skip
    for row, values in people.items():
        for column, value in enumerate(values, 1):
            ws.cell(row=row, column=column, value=value)
    for column, label in enumerate(HEADER, 1):  # the header again, as at a page break
        ws.cell(row=8, column=column, value=label)
    ws["A10"] = "合 计："
    ws["B10"] = "4人"
    ws["A11"] = "注：公民身份号码请设置为文本格式后填写。"
    ws.merge_cells("A11:N11")
    ws["C25"] = "   "  # stray spaces far below: not a row of the table
    ws["D30"].font = Font(bold=True)  # formatting without a value

    hidden = book.create_sheet("下拉选项")
    hidden.append(["姓名", "公民身份号码", "性别", "学历"])
    hidden.append(["示例", WANG, "男", "大学本科"])
    hidden.sheet_state = "hidden"
    book.save(path)
    return path


@pytest.fixture
def messy(tmp_path) -> Path:
    return make_messy_roster(tmp_path / "浆洗街街道花名册.xlsx")


# --- .xlsx ------------------------------------------------------------------------------------------------------


def test_visible_sheets_only_in_workbook_order(messy):
    sheets = read_workbook(messy)
    assert [s.name for s in sheets] == ["填表说明", "花名册"]
    assert all(isinstance(s, Sheet) for s in sheets)


def test_rows_line_up_with_excel_row_numbers_and_are_rectangular(messy):
    rows = read_workbook(messy)[1].rows
    assert len(rows) == 11  # the stray spaces in row 25 and the formatted cell in row 30 are not rows
    assert {len(r) for r in rows} == {len(HEADER)}
    title = rows[0]
    assert title[0] == "2024年社区工作者花名册" and title[1:] == [None] * (len(HEADER) - 1)  # merged
    assert rows[1][0] == "填报单位：浆洗街街道" and rows[1][8] == "填报日期：2024年5月20日"
    assert rows[2] == HEADER  # the newline inside a label is kept: the reader converts nothing
    assert rows[3][1] == "王　伟"
    assert rows[5] == [None] * len(HEADER)  # the blank row 6
    assert rows[7] == HEADER
    assert rows[9][:2] == ["合 计：", "4人"]
    assert rows[10][0].startswith("注：")


def test_numbers_stay_floats_and_dates_stay_dates(messy):
    rows = read_workbook(messy)[1].rows
    wang, li, aygul, zhang = rows[3], rows[4], rows[6], rows[8]
    assert wang[0] == 1.0 and isinstance(wang[0], float)  # a whole number is not turned into an int
    assert wang[4] == WANG  # text stays text
    assert wang[5] == 1990.1 and isinstance(wang[5], float)  # 出生年月 typed 1990.10, stored as a number
    assert wang[10] == 13800138000.0 and isinstance(wang[10], float)
    assert wang[11] == dt.date(2012, 7, 1) or wang[11] == dt.datetime(2012, 7, 1)
    assert li[4] == LI_ID_AS_NUMBER and isinstance(li[4], float)  # the lost ID is not "repaired"
    assert li[5] in (dt.datetime(1985, 11, 2), dt.date(1985, 11, 2))
    assert li[1] == " 李娜 "  # padding is the caller's business
    assert aygul[5] == "1995年7月"
    assert zhang[11] == 20010901.0


def test_leading_blank_rows_and_columns_are_kept(tmp_path):
    book = openpyxl.Workbook()
    book.active["C3"] = "姓名"
    book.active["D5"] = 7
    path = tmp_path / "offset.xlsx"
    book.save(path)
    rows = read_workbook(path)[0].rows
    assert rows[2][2] == "姓名"  # Excel row 3, column C
    assert rows[4][3] == 7.0
    assert rows[0] == [None] * 4


def test_xlsm_and_no_extension_are_read_by_content(messy, tmp_path):
    for name in ("roster.xlsm", "roster", "roster.XLSX"):
        target = tmp_path / name
        shutil.copy(messy, target)
        assert [s.name for s in read_workbook(target)] == ["填表说明", "花名册"]


# --- old .xls ---------------------------------------------------------------------------------------------------


def test_old_excel_xls_fixture():
    (sheet,) = read_workbook(DATA / "roster_old_excel.xls")
    assert sheet.name == "花名册"
    rows = sheet.rows
    assert rows[0][0] == "浆洗街街道社区工作者花名册" and rows[0][1] is None
    assert rows[2][:4] == ["序号", "姓  名", "性别", "公民身份号码"]
    assert [r[1] for r in rows[3:]] == ["王　伟", "李娜", "阿依古丽·买买提"]
    assert rows[3][3] == WANG
    assert rows[3][9] == 13800138000.0
    assert rows[3][10] in (dt.date(2012, 7, 1), dt.datetime(2012, 7, 1))
    assert rows[4][10] == "2008.9"


def test_a_renamed_workbook_is_read_by_its_content(messy, tmp_path):
    """A .xlsx renamed .xls (or .ods) and a .xls renamed .xlsx: calamine is given the bytes and sniffs them."""
    as_xls = tmp_path / "actually_xlsx.xls"
    shutil.copy(messy, as_xls)
    assert read_workbook(as_xls)[1].rows == read_workbook(messy)[1].rows
    as_ods = tmp_path / "actually_xlsx.ods"
    shutil.copy(messy, as_ods)
    assert read_workbook(as_ods)[1].rows == read_workbook(messy)[1].rows
    as_xlsx = tmp_path / "actually_xls.xlsx"
    shutil.copy(DATA / "roster_old_excel.xls", as_xlsx)
    assert read_workbook(as_xlsx)[0].rows == read_workbook(DATA / "roster_old_excel.xls")[0].rows


# --- CSV and text -----------------------------------------------------------------------------------------------


def test_gbk_csv_fixture():
    (sheet,) = read_workbook(DATA / "roster_gbk.csv")
    assert sheet.name == "roster_gbk"
    assert sheet.rows[0][:4] == ["姓名", "性别", "民族", "公民身份号码"]
    assert [r[0] for r in sheet.rows[1:]] == ["陈堃", "赵喆", "刘晓燕"]
    assert sheet.rows[1][3] == pid("51010719880620123")  # text: a CSV cell is never a number
    assert sheet.rows[3][9] is None  # an empty cell


ROWS = [["姓名", "公民身份号码", "工作单位"], ["王伟", WANG, "锦绣社区（二）"], ["李娜", "", "浆洗街街道"]]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8-sig", ","),  # Excel's 'CSV UTF-8'
        ("utf-8", ","),
        ("gbk", ","),
        ("gb18030", ","),
        ("utf-8", ";"),
        ("utf-8", "\t"),
        ("gbk", "\t"),  # Excel's 'Text (Tab delimited)'
        ("utf-16", "\t"),  # Excel's 'Unicode Text': UTF-16 with a BOM, tabs
    ],
)
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    path = tmp_path / f"roster_{encoding}.csv"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(ROWS)
    path.write_bytes(buffer.getvalue().encode(encoding))
    (sheet,) = read_workbook(path)
    assert sheet.rows == [
        ["姓名", "公民身份号码", "工作单位"],
        ["王伟", WANG, "锦绣社区（二）"],
        ["李娜", None, "浆洗街街道"],
    ]
    assert not sheet.rows[0][0].startswith("\ufeff")


def test_gb18030_only_characters(tmp_path):
    """䶮 is outside GBK; Chinese Windows writes it in GB18030, which we decode."""
    path = tmp_path / "rare.csv"
    path.write_bytes(f"姓名,公民身份号码\r\n刘䶮,{WANG}\r\n".encode("gb18030"))
    assert read_workbook(path)[0].rows[1][0] == "刘䶮"


def test_csv_ragged_rows_quotes_and_trailing_blank_lines(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(
        f'花名册\n姓名,公民身份号码,备注\n王伟,\t{WANG},"第一行\n第二行，含逗号,号"\n李娜\n\n,,\n  \n',
        encoding="utf-8",
    )
    (sheet,) = read_workbook(path)
    assert sheet.rows == [
        ["花名册", None, None],
        ["姓名", "公民身份号码", "备注"],
        ["王伟", "\t" + WANG, "第一行\n第二行，含逗号,号"],  # our export's leading tab is left to cell_text
        ["李娜", None, None],
    ]


def test_our_own_csv_guards_are_read_verbatim(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("姓名,联系电话,备注\n王伟,\t13800138000,'=SUM(A1)\n", encoding="utf-8-sig")
    assert read_workbook(path)[0].rows[1] == ["王伟", "\t13800138000", "'=SUM(A1)"]


def test_txt_and_tab_text_saved_as_xls(tmp_path):
    """Older systems export tab-separated text under an .xls name: it is read as the text it is."""
    text = f"姓名\t公民身份号码\r\n王伟\t{WANG}\r\n"
    for name in ("export.txt", "export.xls"):
        path = tmp_path / name
        path.write_bytes(text.encode("gbk"))
        (sheet,) = read_workbook(path)
        assert sheet.name == "export"
        assert sheet.rows == [["姓名", "公民身份号码"], ["王伟", WANG]]


def test_sniff_delimiter():
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","
    assert sniff_delimiter("a;b;c\n1;2;3\n") == ";"
    assert sniff_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"
    assert sniff_delimiter("姓名\n王伟\n") == ","  # one column: nothing to split
    # our export's ID cells start with a tab; the commas still win
    assert sniff_delimiter(f"姓名,公民身份号码,联系电话\n王伟,\t{WANG},\t13800138000\n") == ","
    assert sniff_delimiter('"a;b",c\n"1;2",3\n') == ","  # a delimiter inside quotes does not count


grid_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00;\t,\r"), max_size=8
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    grid=st.lists(st.lists(grid_text, min_size=2, max_size=5), min_size=1, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
@example(grid=[["", "#NUM!"]], delimiter=",", encoding="utf-8")  # an error value, as Excel saves it
@example(grid=[["a", '="0123"']], delimiter=",", encoding="utf-8")
def test_csv_round_trip_property(tmp_path, grid, delimiter, encoding):
    """Any table written as CSV reads back the same: blanks as None, padded, trailing blank rows dropped."""
    width = max(len(r) for r in grid)
    grid = [[cell or "x" for cell in row] for row in grid]  # every cell filled: the delimiter can be counted
    path = tmp_path / "grid.csv"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(grid)
    path.write_bytes(buffer.getvalue().encode(encoding))
    (sheet,) = read_workbook(path)
    expected = [[_as_read(c) for c in row] + [None] * (width - len(row)) for row in grid]
    while expected and all(c is None or not str(c).strip() for c in expected[-1]):
        expected.pop()
    assert sheet.rows == expected


def _as_read(cell: str) -> object:
    """What a CSV cell reads as besides its text: an error code whole (#NUM!) is Excel's error value, and
    ="…" (other systems' way to keep a number as text) the text inside."""
    from app.exchange.cell_errors import error_of_text
    from app.exchange.text_reader import _is_text_formula

    if (error := error_of_text(cell)) is not None:
        return error
    if cell.startswith('="') and _is_text_formula(cell):
        return cell[2:-1] or None
    return cell


# --- what cannot be read ----------------------------------------------------------------------------------------


def read_error(path: Path) -> str:
    with pytest.raises(ReadError) as caught:
        read_workbook(path)
    message = str(caught.value)
    assert Path(path).name in message  # every message names the file
    return message


def test_missing_file(tmp_path):
    assert "找不到文件" in read_error(tmp_path / "没有这个文件.xlsx")


def test_a_folder(tmp_path):
    folder = tmp_path / "花名册.xlsx"
    folder.mkdir()
    assert "文件夹" in read_error(folder)


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.touch()
    assert "0 字节" in read_error(path)


def test_word_document_renamed_xlsx(tmp_path):
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "Word 文档" in read_error(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("花名册.xlsx", b"...")
    assert "压缩包" in read_error(path)


def test_truncated_xlsx(messy, tmp_path):
    path = tmp_path / "half.xlsx"
    data = messy.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert "另存为 .xlsx 后重试" in read_error(path)


@pytest.mark.parametrize("name", ["noise.xlsx", "noise.xls", "noise.csv", "noise.ods"])
def test_random_bytes(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(bytes([0x80, 0xFF, 0x00, 0x01]) + os.urandom(2000))
    message = read_error(path)
    assert "重试" in message


def test_ole_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "broken.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    assert "另存为 .xlsx 后重试" in read_error(path)


def test_web_page_saved_as_xls(tmp_path):
    path = tmp_path / "系统导出.xls"
    path.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    message = read_error(path)
    assert "网页" in message and "另存为 .xlsx" in message


def test_plain_prose_under_a_spreadsheet_name_is_said_to_be_no_table(tmp_path):
    """A note saved as .xlsx read as a one-column text: it said 没有找到表头行, as if the header were wrong."""
    path = tmp_path / "花名册.xlsx"
    path.write_text("请于周五前报送\n谢谢", encoding="utf-8")
    assert "扩展名是“.xlsx”，内容却是一段纯文本，没有分列，不是表格" in read_error(path)
    tabbed = tmp_path / "系统导出.xls"
    tabbed.write_text("姓名\t公民身份号码\n张三\t110101199001011237\n", encoding="utf-8")
    (sheet,) = read_workbook(tabbed)  # a text export under a .xls name is still read
    assert sheet.rows[1] == ["张三", "110101199001011237"]


def test_password_protected_xlsx():
    message = read_error(DATA / "roster_password.xlsx")
    assert "密码" in message


def test_excel_lock_file(tmp_path):
    path = tmp_path / "~$花名册.xlsx"
    path.write_bytes(b"\x06clerk" + b"\x00" * 150)
    assert "临时文件" in read_error(path)


def test_workbook_without_any_content(tmp_path):
    path = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(path)
    assert "没有任何内容" in read_error(path)


def test_csv_without_any_content(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"\r\n,,,\r\n\r\n")
    assert "没有任何内容" in read_error(path)


def test_binary_csv(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes("姓名,公民身份号码\n".encode() + b"\x00\x00\x00")
    assert "空字符" in read_error(path)  # the real problem, not "无法识别文字编码" (issue 7)


@pytest.mark.parametrize("skip_rows, skip_columns", [(0, 0), (3, 0), (0, 2), (2, 3)])
def test_a_short_sheet_read_at_once_gives_the_rows_reading_row_by_row_gives(
    tmp_path, monkeypatch, skip_rows, skip_columns
):
    """Leading blank rows and columns kept, blanks None, in both ways of reading a sheet."""
    import app.exchange.reader as reader

    book = openpyxl.Workbook()
    sheet = book.active
    values = [
        ["姓名", "出生日期", "备注"],
        ["张三", dt.date(1990, 3, 7), None],
        [None, "", 12.5],
        ["李四", None, "x"],
    ]
    for r, row in enumerate(values, start=1 + skip_rows):
        for c, value in enumerate(row, start=1 + skip_columns):
            sheet.cell(row=r, column=c, value=value)
    path = tmp_path / "短表.xlsx"
    book.save(path)
    at_once = reader.read_workbook(path)[0].rows
    monkeypatch.setattr(reader, "_ROWS_READ_AT_ONCE", 0)
    row_by_row = reader.read_workbook(path)[0].rows
    assert at_once == row_by_row
    assert at_once[skip_rows + 1][skip_columns:] == ["张三", dt.date(1990, 3, 7), None]


def _tidied(rows: list[list[object]]) -> list[list[object]]:
    """What tidy must give, said plainly: trailing blank rows dropped, '' as None, every row as wide as the widest."""
    rows = [list(row) for row in rows]
    while rows and all(v is None or (isinstance(v, str) and not v.strip()) for v in rows[-1]):
        rows.pop()
    width = max(map(len, rows), default=0)
    return [[None if v == "" else v for v in row] + [None] * (width - len(row)) for row in rows]


cell_value = st.one_of(
    st.none(),
    st.just(""),
    st.just(" "),
    st.text(max_size=3),
    st.integers(),
    st.floats(allow_nan=False),
    st.dates(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cell_value, max_size=8), max_size=8))
def test_tidy_is_what_it_says(rows: list[list[object]]) -> None:
    from app.exchange.sheet import tidy

    assert tidy([list(row) for row in rows]) == _tidied(rows)


def test_a_cell_merged_down_is_given_to_the_rows_below_it_from_where_the_data_begins(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年社区工作者花名册"])
    sheet.append(["所在社区", "序号", "姓名", "备注"])
    sheet.append([None, None, None, None])  # a second header row under merged header cells
    for n in range(3):
        sheet.append(["玉林社区" if n == 0 else None, n + 1, f"张{n}", None])
    sheet.append(["芳草社区", 4, "李四", None])
    sheet.merge_cells("A1:D1")  # a title across: stays in its first cell
    sheet.merge_cells("A2:A3")  # a header cell over two header rows: the header's business
    sheet.merge_cells("A4:A6")  # a community beside its three people
    sheet.merge_cells("D4:D6")  # merged and blank: nothing to fill
    book.save(tmp_path / "merged.xlsx")
    read = read_workbook(tmp_path / "merged.xlsx")[0]
    assert read.rows[2][0] is None and read.rows[4][0] is None  # as read: only the top cells hold the text
    fill_merged_down(read, 3)
    assert read.rows[0] == ["2026年社区工作者花名册", None, None, None]
    assert [r[0] for r in read.rows[1:]] == ["所在社区", None, "玉林社区", "玉林社区", "玉林社区", "芳草社区"]
    assert [r[3] for r in read.rows[3:]] == [None, None, None, None]


def test_calamines_english_reason_is_said_in_chinese_or_kept_last_as_technical_information():
    from app.exchange.reader import _damaged_message

    known = _damaged_message("坏.xls", "Cannot detect file format")
    assert (
        known
        == "无法读取“坏.xls”：文件已损坏，或不是 Excel、WPS 表格（看不出是哪种表格格式）。请在 Excel 或 WPS 中打开它，另存为 .xlsx 后重试"
    )
    unknown = _damaged_message("坏.xls", "Worksheet 'x' has a bad dimension record")
    assert unknown.startswith("无法读取“坏.xls”：文件已损坏，或不是 Excel、WPS 表格。请在")
    assert unknown.endswith("（技术信息：Worksheet 'x' has a bad dimension record）")


@pytest.mark.parametrize("name", ["make_roster.py", "名单.docx", "说明.md"])
def test_a_file_of_another_kind_with_commas_in_it_is_no_table(tmp_path, name):
    """A trial: a Python script given as the roster was read as CSV, and its lines refused as 61 people."""
    path = tmp_path / name
    path.write_text(
        "import openpyxl, sys\nrows = [('姓名', '身份证号'), ('张三', '1101')]\n", encoding="utf-8"
    )
    with pytest.raises(ReadError) as caught:
        read_workbook(path)
    assert f"“{name}”不是表格文件" in str(caught.value) and ".xlsx" in str(caught.value)


def test_a_text_export_under_a_table_name_or_no_suffix_is_still_read(tmp_path):
    for name in ("导出.xls", "导出"):
        path = tmp_path / name
        path.write_text("姓名\t身份证号\n张三\t110101199003071233\n", encoding="utf-8")
        assert read_workbook(path)[0].rows[1][0] == "张三"
