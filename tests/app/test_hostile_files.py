"""Hostile and broken files (issue 7): each gives a Chinese message, changes nothing, and never kills the process.

Every file is generated here and kept small. The far-corner workbook and the shared-strings bomb are written by
hand as a minimal .xlsx zip and must never reach python-calamine (which would ask for 549 GB and abort the test
run): `no_calamine` makes any attempt to open a workbook with it fail the test instead.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.exchange import columns, limits, reader
from app.exchange.plan import Action
from app.exchange.reader import ReadError, read_workbook
from app.exchange.roster_import import plan_import
from tests.app.test_roster_import import ACTOR, TODAY, make_id, office  # noqa: F401 — the fixture

HEADER = ["姓名", "身份证号", "所在社区", "类别"]
GOOD = ["王伟", make_id("19920701", 13), "黉门社区", "社工"]
OTHER = ["赵敏", make_id("19930303", 16), "黉门社区", "社工"]


# --- a minimal .xlsx written by hand ---------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def hand_made_xlsx(path: Path, cells: dict[str, int], strings: list[str], *, dimension: str = "") -> Path:
    """An .xlsx whose only sheet, 花名册, holds `cells` (reference -> index into `strings`, the shared strings)."""
    by_row: dict[int, list[str]] = {}
    for ref, index in cells.items():
        row = int("".join(ch for ch in ref if ch.isdigit()))
        by_row.setdefault(row, []).append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
    rows = "".join(f'<row r="{row}">{"".join(c)}</row>' for row, c in sorted(by_row.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{s}</t></si>" for s in strings)
        + "</sst>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared)
    return path


def with_stray_cell(path: Path, ref: str) -> Path:
    """The header and one person in A1:D2, and one value far away at `ref`."""
    cells = {f"{col}{row}": i + 4 * (row - 1) for row in (1, 2) for i, col in enumerate("ABCD")}
    cells[ref] = 0
    return hand_made_xlsx(path, cells, HEADER + GOOD)


@pytest.fixture
def no_calamine(monkeypatch):
    """Opening a workbook with python-calamine fails the test (a Python error, not an abort of the run)."""
    import python_calamine

    def refuse(*args, **kwargs):
        raise AssertionError("python-calamine must not read this file")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", refuse)


# --- 1. a used range no roster has ------------------------------------------------------------------------------


def test_a_value_in_the_far_corner_is_refused_before_calamine_reads_it(tmp_path, no_calamine):
    path = with_stray_cell(tmp_path / "花名册.xlsx", "XFD1048576")
    assert path.stat().st_size < 6000
    with pytest.raises(ReadError) as caught:
        read_workbook(path)
    message = str(caught.value)
    assert "工作表“花名册”" in message and "第1048576行" in message and "第16384列（XFD）" in message
    assert f"最多 {limits.MAX_ROWS} 行、{limits.MAX_COLUMNS} 列" in message
    assert "删除" in message


@pytest.mark.parametrize(
    ("ref", "said"),
    [
        ("A1048576", "第1048576行"),  # 870 MB before: a value in the last row of column A
        ("ALM2", "第1001列（ALM）"),  # one column beyond the limit
        ("ZZZZ1", "第475254列（ZZZZ）"),  # beyond Excel's own last column: calamine takes it as it is
        ("A99999999999", "第99999999999行"),  # beyond any sheet: calamine aborts on it
    ],
)
def test_other_absurd_ranges_are_refused_too(tmp_path, no_calamine, ref, said):
    with pytest.raises(ReadError, match=said):
        read_workbook(with_stray_cell(tmp_path / "花名册.xlsx", ref))


def test_a_lying_dimension_and_styled_blank_cells_do_not_refuse_a_good_file(tmp_path):
    """The scan counts cells that hold something: Excel's `<dimension>` may say more, and formatting a whole
    column leaves empty `<c r=… s=…/>` cells far down, which calamine skips too."""
    path = hand_made_xlsx(
        tmp_path / "ok.xlsx",
        {f"{c}{r}": i + 4 * (r - 1) for r in (1, 2) for i, c in enumerate("ABCD")},
        HEADER + GOOD,
        dimension="A1:XFD1048576",
    )
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (sheet,) = read_workbook(path)
    assert sheet.rows == [HEADER, GOOD]


def test_a_dimension_that_hides_a_far_cell_does_not_hide_it(tmp_path, no_calamine):
    """A file made to pass a check of `<dimension>` alone: it says A1:D2, a cell sits in XFD1048576."""
    cells = {f"{c}{r}": i + 4 * (r - 1) for r in (1, 2) for i, c in enumerate("ABCD")}
    cells["XFD1048576"] = 0
    path = hand_made_xlsx(tmp_path / "伪装.xlsx", cells, HEADER + GOOD, dimension="A1:D2")
    with pytest.raises(ReadError, match="第1048576行、第16384列（XFD）"):
        read_workbook(path)


def hand_made_ods(path: Path, rows: int, columns: int) -> Path:
    """An .ods: a header row, then one row holding 'x' in `columns` cells, repeated `rows` times — what
    filling a value down a whole column (or across a whole row) in LibreOffice writes."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        '<office:spreadsheet><table:table table:name="花名册"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell></table:table-row>'
        f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell '
        f'table:number-columns-repeated="{columns}" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'  # LibreOffice's empty rest of the sheet
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            "</manifest:manifest>",
        )
    return path


@pytest.mark.parametrize(
    ("rows", "columns", "said"), [(1_048_575, 1, "第1048576行"), (1000, 16384, "第16384列")]
)
def test_an_ods_with_a_value_repeated_far_is_refused_before_calamine_reads_it(
    tmp_path, no_calamine, rows, columns, said
):
    with pytest.raises(ReadError, match=said):
        read_workbook(hand_made_ods(tmp_path / "花名册.ods", rows, columns))


def test_an_ods_whose_repeats_are_empty_is_read(tmp_path):
    (sheet,) = read_workbook(hand_made_ods(tmp_path / "花名册.ods", 2, 3))
    assert sheet.rows == [["姓名", None, None], ["x", "x", "x"], ["x", "x", "x"]]


def test_libreoffice_column_styles_and_empty_runs_are_no_reason_to_refuse(tmp_path):
    from app.exchange.bounds_ods import check_ods

    content = (
        '<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body>'
        '<office:spreadsheet><table:table table:name="S">'
        '<table:table-column table:style-name="co1" table:number-columns-repeated="1020"/>'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="1023"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(tmp_path / "lo.ods", "w") as archive:
        archive.writestr("content.xml", content)
    with zipfile.ZipFile(tmp_path / "lo.ods") as archive:
        check_ods(archive)  # no BoundsError


def test_an_old_xls_is_measured_before_a_python_row_is_made_of_it(tmp_path, monkeypatch):
    """.xls cannot be scanned without an OLE reader: a sheet of it holds at most 65,536 × 256 cells (~0.5 GB in
    calamine's grid, no abort), and its size is checked before to_python builds the rows."""
    import python_calamine

    monkeypatch.setattr(limits, "MAX_ROWS", 2)
    monkeypatch.setattr(python_calamine.CalamineSheet, "to_python", None, raising=False)
    xls = Path(__file__).resolve().parent.parent / "data" / "roster_old_excel.xls"
    with pytest.raises(ReadError, match="最多 2 行"):
        read_workbook(xls)


def test_csv_rows_and_columns_are_bounded_the_same_way(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 100)
    long = tmp_path / "long.csv"
    long.write_text("\n".join([",".join(HEADER)] + [",".join(GOOD)] * 150), encoding="utf-8")
    with pytest.raises(ReadError, match="第151行.*最多 100 行"):
        read_workbook(long)


# --- 2. too much text -------------------------------------------------------------------------------------------


def test_the_shared_strings_bomb_is_refused_fast(tmp_path, no_calamine):
    """One 32,000-character string used by 4,000 cells: 128 MB of text from a file of a few KB."""
    cells = {f"{col}{row}": 0 for row in range(1, 1001) for col in "ABCD"}
    path = hand_made_xlsx(tmp_path / "炸弹.xlsx", cells, ["x" * 32_000])
    assert path.stat().st_size < 100_000
    started = time.perf_counter()
    with pytest.raises(ReadError) as caught:
        read_workbook(path)
    assert time.perf_counter() - started < 5  # a guard against a hang, not a measurement
    assert "文字" in str(caught.value) and "100 MB" in str(caught.value)


def test_a_file_above_the_size_limit_is_refused_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 2 * 1024 * 1024)
    big = tmp_path / "大.csv"
    big.write_bytes(b"a,b\n" * 600_000)  # 2.4 MB
    with pytest.raises(ReadError, match="上限 2 MB"):
        read_workbook(big)


def test_a_too_long_name_in_xlsx_rejects_its_row_with_a_short_message(office, tmp_path):  # noqa: F811
    path = tmp_path / "长.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER + ["备注"])
    sheet.append([*GOOD, "x" * 5000])  # 备注 of 5,000 characters: beyond any note
    sheet.append(["张" * 200, *OTHER[1:], None])  # a 姓名 of 200 characters is not a name
    sheet.append([*OTHER, None])
    book.save(path)
    plan = plan_import(office.db, path, today=TODAY)
    rows = {r.row: r for r in plan.rows}
    assert rows[2].action == Action.REJECT and "备注过长" in rows[2].reason()
    assert rows[3].action == Action.REJECT and "姓名过长" in rows[3].reason()
    assert rows[4].action == Action.NEW
    for row in (rows[2], rows[3]):
        for problem in row.problems:
            assert len(problem.text()) < 250, problem.text()  # bounded: never the whole value
    assert len(rows[3].name) < 60  # the name the CLI and the wizard show beside the row


def test_clip_cuts_a_value_for_a_message():
    assert limits.clip("王伟") == "王伟"
    assert limits.clip("x" * 100) == "x" * 40 + "…（共 100 个字）"


# --- 3. a panic inside python-calamine ------------------------------------------------------------------------


def date_cell_workbook(path: Path, value: float, number_format: str) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(GOOD)
    sheet["E2"] = value
    sheet["E2"].number_format = number_format
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("value", "number_format"),
    [
        (-1e12, "yyyy-mm-dd"),  # chrono panics: pyo3_runtime.PanicException, a BaseException
        (-1e15, "[h]:mm:ss"),  # the same, as a duration
        (1e20, "[h]:mm:ss"),  # OverflowError from the timedelta it makes
    ],
)
def test_a_date_cell_calamine_cannot_convert_is_a_read_error(tmp_path, value, number_format):
    path = date_cell_workbook(tmp_path / "日期.xlsx", value, number_format)
    with pytest.raises(ReadError) as caught:
        read_workbook(path)
    assert "日期.xlsx" in str(caught.value) and "日期或时间" in str(caught.value)


def test_ctrl_c_while_reading_still_stops_the_program(tmp_path, monkeypatch):
    import python_calamine

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", interrupted)
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.save(tmp_path / "a.xlsx")
    with pytest.raises(KeyboardInterrupt):
        read_workbook(tmp_path / "a.xlsx")


# --- 4. one huge CSV cell ---------------------------------------------------------------------------------------


def test_a_megabyte_csv_cell_rejects_its_row_not_the_file(office, tmp_path):  # noqa: F811
    path = tmp_path / "大格.csv"
    lines = [HEADER, ["张" * 1_000_000, *GOOD[1:]], OTHER]
    path.write_text("\n".join(",".join(line) for line in lines), encoding="utf-8")
    plan = plan_import(office.db, path, today=TODAY)
    rows = {r.row: r for r in plan.rows}
    assert rows[2].action == Action.REJECT and "姓名过长" in rows[2].reason()
    assert len(rows[2].problems[0].text()) < 250
    assert rows[3].action == Action.NEW


# --- 5. not a regular file, or not text ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "花名册.csv"
    os.mkfifo(fifo)
    outcome: list[BaseException | object] = []
    reader = threading.Thread(target=lambda: outcome.append(_attempt(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():  # it is blocked in open(): give it a writer that closes at once, so it ends
        _unblock(fifo)
        reader.join(timeout=5)
        pytest.fail("reading a named pipe waited for a writer")
    (error,) = outcome
    assert isinstance(error, ReadError) and "命名管道" in str(error)


def _attempt(path: Path) -> BaseException | object:
    try:
        return read_workbook(path)
    except BaseException as exc:  # noqa: BLE001 — handed back to the test thread
        return exc


def _unblock(fifo: Path) -> None:
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError as exc:
        assert exc.errno == errno.ENXIO


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_before_it_is_read():
    with pytest.raises(ReadError, match="设备"):
        reader.check_readable_file(Path("/dev/zero"))
    with pytest.raises(ReadError, match="设备"):
        read_workbook(Path("/dev/zero"))


def test_a_csv_with_nul_bytes_says_so(tmp_path):
    path = tmp_path / "乱码.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\n" + ",".join(GOOD).encode() + b"\n\x00\x00\x01junk\n")
    with pytest.raises(ReadError) as caught:
        read_workbook(path)
    message = str(caught.value)
    assert "空字符" in message and "第3行" in message and "文字编码" not in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_the_cli_refuses_a_named_pipe_before_taking_the_database(tmp_path):
    db = tmp_path / "office.db"
    made = run_cli("demo", "--db", str(db), "--people", "3")
    assert made.returncode == 0, made.stderr
    fifo = tmp_path / "管道.csv"
    os.mkfifo(fifo)
    try:
        result = run_cli("import", "roster", str(fifo), "--db", str(db), timeout=20)
    except subprocess.TimeoutExpired:
        _unblock(fifo)
        pytest.fail("the import waited on the named pipe")
    assert result.returncode == 1
    assert "命名管道" in result.stderr and "Traceback" not in result.stderr


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ui.entry", *args], capture_output=True, text=True, timeout=timeout
    )


# --- 6. long lists and broken quotes ---------------------------------------------------------------------------


def test_a_ten_thousand_column_csv_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "宽.csv"
    header = HEADER + [f"列{i}" for i in range(10_000 - len(HEADER))]
    path.write_text(",".join(header) + "\n" + ",".join(GOOD) + "\n", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_workbook(path)
    message = str(caught.value)
    assert "第10000列" in message and f"最多 {limits.MAX_ROWS} 行、{limits.MAX_COLUMNS} 列" in message
    assert len(message) < 300


def test_a_long_list_of_unknown_columns_is_summarized():
    labels = [f"自定义列{i}" for i in range(900)]
    text = columns.summarize_labels(labels)
    assert text.startswith("自定义列0、自定义列1、") and text.endswith("等 900 列")
    assert len(text) < 200
    assert columns.summarize_labels(["籍贯", "备用"]) == "籍贯、备用"
    assert columns.summarize_labels(["x" * 500]) == limits.clip("x" * 500, 20)


def test_the_cli_prints_unknown_columns_in_one_short_line(tmp_path):
    db = tmp_path / "office.db"
    assert run_cli("demo", "--db", str(db), "--people", "3").returncode == 0
    path = tmp_path / "多列.csv"
    header = HEADER + [f"自定义列{i}" for i in range(900)]
    path.write_text(",".join(header) + "\n" + ",".join(GOOD) + "\n", encoding="utf-8")
    result = run_cli("import", "roster", str(path), "--db", str(db), "--dry-run")
    (line,) = [line for line in result.stdout.splitlines() if "不认识" in line]
    assert len(line) < 300 and "等 900 列" in line


def test_an_unterminated_quote_names_the_row_where_it_starts(tmp_path):
    path = tmp_path / "引号.csv"
    lines = [",".join(HEADER), ",".join(GOOD), '"' + ",".join(OTHER)] + [",".join(GOOD)] * 5
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_workbook(path)
    message = str(caught.value)
    assert "第3行" in message and "引号" in message and len(message) < 300


def test_a_stray_quote_that_swallows_rows_up_to_another_quote_is_found(tmp_path):
    path = tmp_path / "引号.csv"
    lines = [
        ",".join(HEADER),
        '"王伟,' + ",".join(GOOD[1:]),  # row 2: the quote opens and is never closed here
        ",".join(OTHER),
        '李娜,"510107199001011234",黉门社区,社工',  # its quotes are taken as the end of row 2's "name"
        ",".join(OTHER),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReadError, match="第2行.*引号"):
        read_workbook(path)


def test_quoted_line_breaks_and_quotes_as_excel_writes_them_still_read(tmp_path):
    path = tmp_path / "正常.csv"
    path.write_text(
        '姓名,"公民身份\n号码",备注\n王伟,' + GOOD[1] + ',"他说""好""\n第二行"\n', encoding="utf-8"
    )
    (sheet,) = read_workbook(path)
    assert sheet.rows == [["姓名", "公民身份\n号码", "备注"], ["王伟", GOOD[1], '他说"好"\n第二行']]
