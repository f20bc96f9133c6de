"""Excel error values (#N/A, #DIV/0! …) in an old binary .xls (BIFF8, Excel 97-2003) are read as ExcelError,
never as a blank cell: python-calamine gives '' for them, so app/exchange/xls_errors.py reads the compound file
itself. A damaged or hostile file gives {} there and python-calamine's word.

No .xls writer is a project dependency, so the files are made here: `biff8` writes a workbook stream of the
records a reader needs (BOF, BOUNDSHEET8, SST, cells, EOF — [MS-XLS]), `compound` puts streams into a version 3
(or 4) compound file ([MS-CFB]). The test below that python-calamine reads them proves them well formed.

tests/fixtures/error_constants_xlwt.xls comes from another writer, to check these two against: made once with
xlwt 1.3.0 (not a project dependency, so the file is committed), sheet 名单 with a header 姓名/公民身份号码/分数,
rows 第1人 … 第7人 each with `row.set_cell_error(2, code)` for the codes 0x2A 0x07 0x0F 0x17 0x1D 0x24 0x00 in
that order (numbers: xlwt maps the text '#VALUE!' to the wrong code), a row 王五 with 分数 85; sheet Summary with
合计 in A1 and `set_cell_error(3, 0x07)` on its third row. xlwt writes an error constant as BOOLERR.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from app.appraisal.rules import BUILTIN_SCHEMES
from app.appraisal.score_import import plan_score_import
from app.exchange.cell_errors import ExcelError
from app.exchange.plan import Action
from app.exchange.reader import ReadError, read_workbook
from app.exchange.roster_import import plan_import
from app.exchange.xls_errors import XLS_ERROR_CODES, CutShort, EndlessChain, xls_errors
from tests.app.conftest import add_person
from tests.app.test_roster_import import TODAY, WANG, office  # noqa: F401 (fixture)
from tests.ids import make_id

DATA = Path(__file__).resolve().parent.parent / "data"
CLASSIC = {
    0x2A: "#N/A",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x00: "#NULL!",
}
END, FREE = 0xFFFFFFFE, 0xFFFFFFFF


# --- a minimal .xls writer ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failed:
    """A cell holding an error value: a FORMULA whose cached result is it (a broken =VLOOKUP(…)), or a
    BOOLERR record (an error constant, #N/A typed in)."""

    code: int
    formula: bool = True


def record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def bof(kind: int, version: int = 0x0600) -> bytes:
    return record(0x0809, struct.pack("<HHHHII", version, kind, 0x0DBB, 0x07CC, 0x41, 0x06))


def cell(row: int, column: int, value: object, strings: dict[str, int]) -> bytes:
    head = struct.pack("<HHH", row, column, 0)
    if isinstance(value, Failed):
        if value.formula:  # result 02 00 code 00 00 00 FF FF; the formula itself: the error constant (PtgErr)
            result = struct.pack("<BBBBBBH", 2, 0, value.code, 0, 0, 0, 0xFFFF)
            return record(0x0006, head + result + struct.pack("<HIHBB", 0, 0, 2, 0x1C, value.code))
        return record(0x0205, head + struct.pack("<BB", value.code, 1))
    if isinstance(value, str):
        return record(0x00FD, head + struct.pack("<I", strings.setdefault(value, len(strings))))
    return record(0x0203, head + struct.pack("<d", value))


def biff8(
    sheets: list[tuple[str, list[list[object]]]], *, version: int = 0x0600, extra: bytes = b""
) -> bytes:
    """A workbook stream of `sheets` (name, rows; None: no cell). `extra`: records put after the globals' BOF."""
    strings: dict[str, int] = {}
    bodies = []
    for _, rows in sheets:
        cells = [
            cell(r, c, v, strings) for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None
        ]
        size = struct.pack("<IIHHH", 0, len(rows), 0, max(map(len, rows), default=0), 0)
        bodies.append(bof(0x0010, version) + record(0x0200, size) + b"".join(cells) + record(0x000A))
    texts = b"".join(struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings)
    tail = record(0x00FC, struct.pack("<II", len(strings), len(strings)) + texts) + record(0x000A)
    head = bof(0x0005, version) + extra + record(0x0042, struct.pack("<H", 1200))

    def sheet(name: str, offset: int) -> bytes:
        # As Excel does, an ASCII name is written one byte a character ('Sheet1'), others in UTF-16.
        wide = not name.isascii()
        text = name.encode("utf-16-le" if wide else "latin-1")
        return record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), wide) + text)

    offset = len(head) + sum(len(sheet(name, 0)) for name, _ in sheets) + len(tail)
    listed = []
    for (name, _), body in zip(sheets, bodies, strict=True):
        listed.append(sheet(name, offset))
        offset += len(body)
    return head + b"".join(listed) + tail + b"".join(bodies)


def entry(name: str, kind: int, start: int, size: int, child: int = FREE, right: int = FREE) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0"
    links = struct.pack("<HBB3I", len(raw), kind, 1, FREE, right, child)
    return raw.ljust(64, b"\0") + links + bytes(36) + struct.pack("<IQ", start, size)


def compound(streams: dict[str, bytes], shift: int = 9) -> bytes:
    """A compound file holding `streams` in its root storage: one under 4,096 bytes in the mini stream."""
    size = 1 << shift
    sectors: list[bytes] = []
    fat: list[int] = []

    def put(data: bytes) -> int:
        if not data:
            return END
        start, count = len(sectors), -(-len(data) // size)
        for i in range(count):
            sectors.append(data[i * size : (i + 1) * size].ljust(size, b"\0"))
            fat.append(start + i + 1 if i < count - 1 else END)
        return start

    mini, mini_fat, starts = b"", [], {}
    for name, data in streams.items():
        if len(data) < 4096:
            first, count = len(mini) // 64, -(-len(data) // 64)
            mini_fat += [first + i + 1 if i < count - 1 else END for i in range(count)]
            mini += data.ljust(count * 64, b"\0")
            starts[name] = first
        else:
            starts[name] = put(data)
    mini_start = put(mini)
    mini_fat_start = put(struct.pack(f"<{len(mini_fat)}I", *mini_fat))
    names = list(streams)
    entries = [entry("Root Entry", 5, mini_start, len(mini), child=1 if names else FREE)]
    for i, name in enumerate(names, 2):
        entries.append(entry(name, 2, starts[name], len(streams[name]), right=i if i <= len(names) else FREE))
    directory = b"".join(entries)
    directory_start = put(directory)
    fat_count = 1
    while -(-(len(sectors) + fat_count) * 4 // size) > fat_count:
        fat_count += 1
    first_fat = len(sectors)
    fat += [0xFFFFFFFD] * fat_count
    table = struct.pack(f"<{len(fat)}I", *fat).ljust(fat_count * size, b"\xff")
    sectors += [table[i * size : (i + 1) * size] for i in range(fat_count)]
    difat = [*range(first_fat, first_fat + fat_count), *[FREE] * (109 - fat_count)]
    counts = (-(-len(directory) // size) if shift == 12 else 0, fat_count, directory_start, 0, 4096)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH6x", 0x3E, 3 if shift == 9 else 4, 0xFFFE, shift, 6)
        + struct.pack("<5I", *counts)
        + struct.pack("<4I", mini_fat_start, 1 if mini_fat else 0, END, 0)
        + struct.pack("<109I", *difat)
    )
    return header.ljust(size, b"\0") + b"".join(sectors)


def write_xls(path: Path, sheets: list[tuple[str, list[list[object]]]], **options) -> Path:
    path.write_bytes(compound({"Workbook": biff8(sheets)}, **options))
    return path


SCORES = [
    ["姓名", "分数"],
    ["张三", Failed(0x2A)],  # =VLOOKUP(…) that found nothing
    ["李四", Failed(0x07, formula=False)],  # #DIV/0! pasted as a value
    ["王五", 85.0],
]
SUMMARY = [[None], [None, None, Failed(0x17)]]


def test_calamine_alone_reads_an_error_cell_of_an_xls_as_a_blank(tmp_path):
    # The gap this closes; and the hand-made files are workbooks python-calamine reads.
    path = write_xls(tmp_path / "成绩.xls", [("名单", SCORES), ("汇总", SUMMARY)])
    book = CalamineWorkbook.from_path(str(path))
    assert book.get_sheet_by_name("名单").to_python() == [
        ["姓名", "分数"],
        ["张三", ""],
        ["李四", ""],
        ["王五", 85.0],
    ]
    assert book.get_sheet_by_name("汇总").to_python(skip_empty_area=False)[1] == ["", "", ""]


def test_formula_and_constant_errors_are_read_as_themselves_in_every_sheet(tmp_path):
    path = write_xls(tmp_path / "成绩.xls", [("名单", SCORES), ("汇总", SUMMARY)])
    names, summary = read_workbook(path)
    assert names.rows == [
        ["姓名", "分数"],
        ["张三", ExcelError("#N/A")],
        ["李四", ExcelError("#DIV/0!")],
        ["王五", 85.0],
    ]
    assert names.error_rows == {1, 2}
    assert summary.rows == [[None, None, None], [None, None, ExcelError("#REF!")]]
    assert summary.error_rows == {1}
    assert xls_errors(path) == {"名单": {(2, 2): "#N/A", (3, 2): "#DIV/0!"}, "汇总": {(2, 3): "#REF!"}}


@pytest.mark.parametrize("formula", [True, False], ids=["formula", "constant"])
def test_every_classic_code_is_read_as_itself(tmp_path, formula):
    rows = [["代码", *CLASSIC.values()], ["值", *(Failed(code, formula) for code in CLASSIC)]]
    path = write_xls(tmp_path / "e.xls", [("Sheet1", rows)])
    [sheet] = read_workbook(path)
    assert sheet.name == "Sheet1" and list(xls_errors(path)) == ["Sheet1"]
    assert sheet.rows[1] == ["值", *map(ExcelError, CLASSIC.values())]
    assert {code: XLS_ERROR_CODES[code] for code in CLASSIC} == CLASSIC


@pytest.mark.parametrize("shift", [9, 12], ids=["version3", "version4"])
@pytest.mark.parametrize("filler", [0, 400], ids=["mini-stream", "own-sectors"])
def test_the_stream_is_found_wherever_the_compound_file_keeps_it(tmp_path, shift, filler):
    # Under 4,096 bytes a stream lives in the mini stream; above, in sectors of its own.
    rows = [["序号"], *([float(n)] for n in range(filler)), [Failed(0x2A)]]
    stream = biff8([("名单", rows)])
    assert (len(stream) < 4096) == (filler == 0)
    path = tmp_path / "e.xls"
    path.write_bytes(compound({"Workbook": stream}, shift))
    assert xls_errors(path) == {"名单": {(filler + 2, 1): "#N/A"}}
    if shift == 9:  # python-calamine refuses some version 4 files; Excel and WPS write version 3
        assert read_workbook(path)[0].rows[-1] == [ExcelError("#N/A")]


@pytest.mark.parametrize("first", [True, False], ids=["errors-first", "errors-last"])
def test_each_sheet_has_its_own_errors_whatever_their_order(tmp_path, first):
    # Only the records between a sheet's BOF and the next sheet's are its own: an error in one is never
    # given to the other, and a sheet without any is not walked.
    lookup = ("名册", [["姓名", "号码"], *([f"第{n}人", float(n)] for n in range(400))])
    sheets = [("名单", SCORES), lookup] if first else [lookup, ("名单", SCORES)]
    path = write_xls(tmp_path / "e.xls", sheets)
    assert xls_errors(path) == {"名单": {(2, 2): "#N/A", (3, 2): "#DIV/0!"}}
    by_name = {sheet.name: sheet for sheet in read_workbook(path)}
    assert by_name["名单"].error_rows == {1, 2} and by_name["名册"].error_rows == set()


def test_the_workbook_stream_is_found_among_others(tmp_path):
    summary = compound({"\x05SummaryInformation": bytes(200), "Workbook": biff8([("名单", SCORES)])})
    path = tmp_path / "e.xls"
    path.write_bytes(summary)
    assert xls_errors(path) == {"名单": {(2, 2): "#N/A", (3, 2): "#DIV/0!"}}


def test_an_error_in_a_chart_inside_the_sheet_is_not_the_sheets(tmp_path):
    # An embedded chart's records sit between a BOF and an EOF of their own inside the worksheet's.
    inner = bof(0x0020) + record(0x0205, struct.pack("<HHHBB", 0, 0, 0, 0x2A, 1)) + record(0x000A)
    stream = biff8([("名单", [["姓名"]])])
    sheet_eof = stream.rindex(record(0x000A))
    after = record(0x0205, struct.pack("<HHHBB", 3, 1, 0, 0x07, 1))
    path = tmp_path / "e.xls"
    path.write_bytes(compound({"Workbook": stream[:sheet_eof] + inner + after + stream[sheet_eof:]}))
    assert xls_errors(path) == {"名单": {(4, 2): "#DIV/0!"}}


def test_a_byte_that_is_no_error_code_and_a_boolean_are_not_errors(tmp_path):
    rows = [[Failed(0x99), Failed(0x99, formula=False)]]
    stream = biff8([("名单", rows)])
    boolean = record(0x0205, struct.pack("<HHHBB", 0, 2, 0, 1, 0))  # TRUE: fError 0
    at = stream.rindex(record(0x000A))
    path = tmp_path / "e.xls"
    path.write_bytes(compound({"Workbook": stream[:at] + boolean + stream[at:]}))
    assert xls_errors(path) == {}


def test_an_encrypted_workbook_and_a_biff5_one_give_nothing(tmp_path):
    filepass = record(0x002F, struct.pack("<HHH", 0, 1, 1) + bytes(48))
    (tmp_path / "pw.xls").write_bytes(compound({"Workbook": biff8([("名单", SCORES)], extra=filepass)}))
    (tmp_path / "old.xls").write_bytes(compound({"Book": biff8([("名单", SCORES)], version=0x0500)}))
    assert xls_errors(tmp_path / "pw.xls") == {} and xls_errors(tmp_path / "old.xls") == {}


def test_error_constants_written_by_xlwt_are_read_as_themselves():
    path = Path(__file__).resolve().parent.parent / "fixtures" / "error_constants_xlwt.xls"
    names, summary = read_workbook(path)
    assert [row[2] for row in names.rows[1:8]] == [ExcelError(code) for code in CLASSIC.values()]
    assert names.rows[8] == ["王五", None, 85] and names.error_rows == set(range(1, 8))
    assert summary.rows[2] == [None, None, None, ExcelError("#DIV/0!")] and summary.error_rows == {2}


def test_files_written_by_xlwt_hold_no_errors_and_read_as_before():
    for path in [DATA / "roster_old_excel.xls", DATA / "mentoring" / "r8_old_excel.xls"]:
        assert xls_errors(path) == {}
        assert all(sheet.error_rows == set() for sheet in read_workbook(path))


# --- the imports refuse the row ------------------------------------------------------------------------------


def test_the_score_import_refuses_the_row_with_the_error(db, tmp_path):
    for serial, name in enumerate(["张三", "李四"], 1):
        add_person(db, name, serial)
    rows = [
        ["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"],
        ["张三", make_id(1), 90.0, 80.0, Failed(0x07)],
        ["李四", make_id(2), 91.0, 81.0, 71.0],
    ]
    path = write_xls(tmp_path / "成绩.xls", [("成绩", rows)])
    plan = plan_score_import(db, path, BUILTIN_SCHEMES["weighted-top20"], None)
    assert [(r.row, r.name, r.action) for r in plan.rows] == [
        (2, "张三", Action.REJECT),
        (3, "李四", Action.NEW),
    ]
    assert [p.text() for r in plan.rejected() for p in r.problems] == [
        "第2行 张三“满意度测评”列：是 Excel 错误值 #DIV/0!（公式出错：除数为 0 或空白），"
        "请在原表中改正公式，或直接填上分数后重新导入"
    ]


def test_the_roster_import_refuses_the_row_with_the_error(office, tmp_path):  # noqa: F811
    rows = [
        ["姓名", "公民身份号码", "人员类别", "工作单位", "联系电话"],
        ["王五", WANG, "社区工作者", "黉门社区", Failed(0x2A, formula=False)],
    ]
    plan = plan_import(office.db, write_xls(tmp_path / "花名册.xls", [("花名册", rows)]), today=TODAY)
    assert [(r.row, r.name, r.action) for r in plan.rows] == [(2, "王五", Action.REJECT)]
    assert [p.text() for r in plan.rejected() for p in r.problems] == [
        "第2行 王五“联系电话”列：是 Excel 错误值 #N/A（公式出错：查找的值不存在，如 VLOOKUP 没有找到对应的行），"
        "请在原表中改正公式，或直接填上正确的内容后重新导入"
    ]


def test_the_command_line_import_of_an_xls_refuses_the_row_and_reports_the_error_back(tmp_path, capsys):
    from openpyxl import load_workbook

    from ui.entry import main

    db = tmp_path / "office.db"
    assert main(["demo", "--db", str(db), "--people", "5"]) == 0
    rows = [
        ["姓名", "公民身份号码", "人员类别", "工作单位", "联系电话"],
        ["钱七", make_id(901), "社区工作者", "黉门社区", Failed(0x2A)],
        ["孙八", make_id(902), "社区工作者", "黉门社区", "13700005555"],
    ]
    sheet, report = write_xls(tmp_path / "花名册.xls", [("花名册", rows)]), tmp_path / "问题.xlsx"
    capsys.readouterr()
    assert main(["import", "roster", str(sheet), "--db", str(db), "--report", str(report)]) == 2
    out = capsys.readouterr().out
    assert "第2行 钱七“联系电话”列：是 Excel 错误值 #N/A（公式出错：" in out and "新增 1 人" in out
    problem = load_workbook(report).worksheets[0]
    phone = [c.value for c in problem[1]].index("联系电话") + 1
    assert (problem.cell(2, phone).value, problem.cell(2, phone).data_type) == ("#N/A", "e")


def test_the_command_line_refuses_a_looping_xls_with_the_reason(tmp_path, capsys):
    from ui.entry import main

    path = tmp_path / "坏.xls"
    path.write_bytes(_difat_loop(_good(tmp_path)))
    assert main(["import", "roster", str(path), "--db", str(tmp_path / "office.db"), "--dry-run"]) == 1
    assert LOOPED in capsys.readouterr().err


# --- damaged and hostile files --------------------------------------------------------------------------------


def _good(tmp_path: Path) -> bytes:
    rows = [["姓名", "分数"], *([f"第{n}人", float(n)] for n in range(300)), ["张三", Failed(0x2A)]]
    return write_xls(tmp_path / "good.xls", [("名单", rows)]).read_bytes()


def _patched(data: bytes, offset: int, value: int) -> bytes:
    changed = bytearray(data)
    struct.pack_into("<I", changed, offset, value)
    return bytes(changed)


def _fat_entry(data: bytes, sector: int) -> int:
    """Where the FAT's entry for `sector` is in the file (the FAT of these files is one sector)."""
    return (struct.unpack_from("<I", data, 76)[0] + 1) * 512 + 4 * sector


def test_the_hand_made_file_is_found_before_it_is_broken(tmp_path):
    assert xls_errors(tmp_path / "x.xls") == {}  # no such file
    path = tmp_path / "good.xls"
    path.write_bytes(_good(tmp_path))
    assert xls_errors(path) == {"名单": {(302, 2): "#N/A"}}


CUT_SHORT = (
    "无法读取“断了.xls”：文件不完整或已损坏（要读的内容超出了文件的末尾，常见于没有下载完或复制完的文件）。"
    "请向报送单位重新获取文件"
)


@pytest.mark.parametrize("cut", [512, 2048, 4000, -513, -1000])
def test_a_truncated_xls_is_refused_as_cut_short_before_calamine_opens_it(tmp_path, cut):
    # python-calamine panics on most of these (a Rust 'slice index' panic while it opens the file, its English
    # text printed on the console before Python sees it); the rest it calls "Cannot detect file format".
    path = tmp_path / "断了.xls"
    path.write_bytes(_good(tmp_path)[:cut])
    with pytest.raises(CutShort):
        xls_errors(path)
    assert not calamine_reads(path)
    with pytest.raises(ReadError) as refused:
        read_workbook(path)
    assert str(refused.value) == CUT_SHORT


@pytest.mark.parametrize("cut", [100, -1])
def test_a_file_cut_inside_its_header_or_its_last_sector_gets_calamines_refusal(tmp_path, cut):
    path = tmp_path / "断了.xls"
    path.write_bytes(_good(tmp_path)[:cut])
    if cut == -1:  # one byte short, only the FAT's padding is lost: the scan still finds the error
        assert xls_errors(path) == {"名单": {(302, 2): "#N/A"}}
    with pytest.raises(ReadError) as refused:
        read_workbook(path)
    message = str(refused.value)
    assert message.startswith("无法读取“断了.xls”：文件已损坏，或不是 Excel、WPS 表格（")
    assert message.endswith("）。请在 Excel 或 WPS 中打开它，另存为 .xlsx 后重试") and "\n" not in message
    said = message.removesuffix("）。请在 Excel 或 WPS 中打开它，另存为 .xlsx 后重试").rpartition("（")[2]
    assert said and not any("a" <= c.lower() <= "z" for c in said), said  # calamine's reason, in Chinese


def calamine_reads(path: Path) -> bool:
    """Whether python-calamine opens the file and reads every sheet (a Rust panic counts as not)."""
    try:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
    except BaseException as exc:  # PanicException is a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return False
    return True


def test_a_chain_past_the_end_of_the_file_is_refused_as_cut_short(tmp_path):
    good = _good(tmp_path)
    for why, data in {
        "a sector number past the end": _patched(good, _fat_entry(good, 3), len(good) // 512 + 3),
        "a directory past the end": _patched(good, 48, len(good) // 512),
    }.items():
        path = tmp_path / "断了.xls"
        path.write_bytes(data)
        assert not calamine_reads(path), why
        with pytest.raises(ReadError) as refused:
            read_workbook(path)
        assert str(refused.value) == CUT_SHORT, why


def _long_record() -> bytes:
    """A record before the error cell that claims more bytes than the stream has left."""
    stream = bytearray(biff8([("名单", [["姓名"], [Failed(0x2A)]])]))
    sheet = struct.unpack_from("<I", stream, stream.index(b"\x85\x00") + 4)[0]
    struct.pack_into("<H", stream, sheet + 20 + 2, 0xFFF0)  # the size of the DIMENSIONS after the sheet's BOF
    return compound({"Workbook": bytes(stream)})


def _mini_fat_loop(tmp_path: Path) -> bytes:
    small = write_xls(tmp_path / "small.xls", [("名单", [["姓名"], [Failed(0x2A)]])]).read_bytes()
    assert xls_errors(tmp_path / "small.xls") == {"名单": {(2, 1): "#N/A"}}
    mini_fat = struct.unpack_from("<I", small, 60)[0]
    return _patched(small, (mini_fat + 1) * 512, 0)


def test_hostile_compound_files_give_nothing_and_end(tmp_path):
    good = _good(tmp_path)
    hostile = {
        "a FAT chain that loops": _patched(good, _fat_entry(good, 3), 1),
        "a sector that points to itself": _patched(good, _fat_entry(good, 0), 0),
        "a sector number no file has": _patched(good, _fat_entry(good, 3), 10**6),
        "a directory at a marker": _patched(good, 48, 0xFFFFFFF0),
        "a record longer than the stream": _long_record(),
        "a mini FAT chain that loops": _mini_fat_loop(tmp_path),
    }
    for why, data in hostile.items():
        path = tmp_path / "坏.xls"
        path.write_bytes(data)
        assert xls_errors(path) == {}, why
        with pytest.raises(ReadError, match="^无法读取“坏.xls”：文件已损坏，或不是 Excel、WPS 表格（"):
            read_workbook(path)  # python-calamine's refusal


LOOPED = "无法读取“坏.xls”：文件已损坏（文件内部的结构首尾相连，读不到结尾），可能在传输或保存时出了错。请向报送单位重新获取文件"


def _difat_loop(good: bytes) -> bytes:
    """The header's DIFAT chain starts at sector 0, whose last entry (the next DIFAT sector) is 0 again."""
    return _patched(_patched(good, 68, 0), 512 + 508, 0)


def test_a_directory_or_difat_chain_that_loops_is_refused_before_calamine_opens_it(tmp_path):
    # python-calamine follows these two chains without a bound: it span, memory growing, until the process
    # aborted ('memory allocation of 1988100096 bytes failed') — the whole program gone, not a message.
    good = _good(tmp_path)
    directory = struct.unpack_from("<I", good, 48)[0]
    for data in (_patched(good, _fat_entry(good, directory), directory), _difat_loop(good)):
        path = tmp_path / "坏.xls"
        path.write_bytes(data)
        with pytest.raises(EndlessChain):
            xls_errors(path)
        with pytest.raises(ReadError) as refused:
            read_workbook(path)
        assert str(refused.value) == LOOPED


def _tolerated(good: bytes, tmp_path: Path) -> dict[str, bytes]:
    """Oddities python-calamine reads past, and so must the scan, or it would lose the file's error values."""
    directory = struct.unpack_from("<I", good, 48)[0]
    workbook = (directory + 1) * 512 + 128  # the second directory entry
    size = struct.unpack_from("<I", good, workbook + 120)[0]
    small = write_xls(tmp_path / "small.xls", [("名单", [["姓名"], [Failed(0x2A)]])]).read_bytes()
    mini_fat = struct.unpack_from("<I", small, 60)[0]
    return {
        "the last sector points back to the first": _patched(good, _fat_entry(good, -(-size // 512) - 1), 0),
        "a stream size beyond the file's": _patched(good, workbook + 120, 10**8),
        "a sibling that points to itself": _patched(good, workbook + 72, 1),
        "more FAT sectors than the file can hold": _patched(good, 44, 0xFFFFFFFF),
        "the mini FAT's sector points back to itself": _patched(small, _fat_entry(small, mini_fat), mini_fat),
        "the mini stream's last sector points back": _patched(small, _fat_entry(small, 0), 0),
    }


def test_what_calamine_reads_past_the_scan_reads_past_too(tmp_path):
    path = tmp_path / "e.xls"
    for why, data in _tolerated(_good(tmp_path), tmp_path).items():
        path.write_bytes(data)
        big = len(data) > 8192
        assert xls_errors(path) == {"名单": {(302, 2) if big else (2, 1): "#N/A"}}, why
        assert read_workbook(path)[0].error_rows == ({301} if big else {1}), why


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8))
def test_any_damage_gives_a_dict_endless_or_cut_short_never_another_exception(tmp_path, changes):
    data = bytearray(_good(tmp_path))
    for offset, value in changes:
        data[offset % len(data)] = value
    path = tmp_path / "乱.xls"
    path.write_bytes(bytes(data))
    found = _scan(path)
    assert found in ("endless", "cut short") or isinstance(found, dict)
    if found == "cut short":  # refused only where python-calamine cannot read it either
        assert not calamine_reads(path)
    if isinstance(found, dict):
        assert all(code in XLS_ERROR_CODES.values() for cells in found.values() for code in cells.values())


def _scan(path: Path) -> dict | str:
    try:
        return xls_errors(path)
    except EndlessChain:
        return "endless"
    except CutShort:
        return "cut short"


def test_every_field_of_the_header_directory_and_fat_set_to_anything_gives_a_dict_endless_or_cut_short(
    tmp_path,
):
    # Every 4 bytes of the structures a chain is built from, set to a sector that loops back, one past the
    # end, the largest, and the chain's end: a dict, EndlessChain or CutShort, never another exception, never a hang.
    good = _good(tmp_path)
    places = [*range(0, 512, 4), *range(len(good) - 1024, len(good), 4)]
    path = tmp_path / "乱.xls"
    for offset in places:
        for value in (0, len(good) // 512, 0xFFFFFFFA, END):
            path.write_bytes(_patched(good, offset, value))
            found = _scan(path)
            assert found in ("endless", "cut short") or isinstance(found, dict), (offset, value)
            if found == "cut short":  # refused only where python-calamine cannot read it either
                assert not calamine_reads(path), (offset, value)


# --- anywhere in the sheet ------------------------------------------------------------------------------------

_CELL = st.one_of(
    st.none(),
    st.floats(-1000, 1000, allow_nan=False),
    st.sampled_from(["张三", "#N/A", "备注 #2"]),
    st.builds(Failed, st.sampled_from(sorted(CLASSIC)), st.booleans()),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid=st.lists(st.lists(_CELL, min_size=1, max_size=5), min_size=1, max_size=7), top=st.integers(0, 2))
def test_every_cell_reads_back_as_written_errors_as_themselves(tmp_path, grid, top):
    rows = [[None]] * top + grid
    if all(value is None for row in grid for value in row):
        return  # an empty sheet is refused as such (test_reader)
    [sheet] = read_workbook(write_xls(tmp_path / "g.xls", [("名单", rows)]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            got = sheet.rows[r][c] if r < len(sheet.rows) and c < len(sheet.rows[r]) else None
            want = ExcelError(CLASSIC[value.code]) if isinstance(value, Failed) else value
            assert got == want, (r, c, value, got)
    assert sheet.error_rows == {r for r, row in enumerate(rows) if any(isinstance(v, Failed) for v in row)}


def test_a_difat_chain_starting_just_past_the_end_is_left_to_calamine(tmp_path):
    # python-calamine reads a sector that starts exactly at the end of the file as an empty one, and reads the
    # file: nothing to refuse here.
    good = _good(tmp_path)
    path = tmp_path / "尾.xls"
    path.write_bytes(_patched(good, 68, (len(good) - 1) // 512))
    assert _scan(path) != "cut short"
    assert calamine_reads(path)
    assert read_workbook(path)[0].rows
