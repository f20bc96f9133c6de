"""`grassroots care import … --report 问题.xlsx`: the rejected rows as sent, with what to fix, read back; the
report corrected and imported again; a bad --report refused before anything is read or written. `--sheet 2月`:
one sheet of a workbook of monthly ledgers, chosen by name."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.app.test_care_cli import _ids, _ledger, office_db  # noqa: F401 (fixture)
from tests.app.test_cli import run


def _count(db: Path, table: str) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_the_rejected_rows_are_saved_to_fix_and_send_back(office_db, tmp_path):  # noqa: F811
    ids = _ids()
    ledger = _ledger(tmp_path / "台账.xlsx", [
        ["2026-03-01", "张三", ids["张三"], "事件", "生病住院", None, None, None, None, None, "住院"],
        ["2026-03-05", "张三", ids["张三"], "走访慰问", "生病住院", "上门", "刘书记", "水果", "abc", None, None],
        ["2026-03-06", "李四", ids["张三"], "走访慰问", "节日慰问", "上门", None, None, "100", None, None],
    ])  # fmt: skip
    report = tmp_path / "问题.xlsx"
    result = run("care", "import", str(ledger), "--db", str(office_db), "--dry-run", "--report", str(report))
    assert result.returncode == 2, result.stderr
    assert f"被拒绝的 2 行已另存为“{report}”" in result.stdout
    sheet = openpyxl.load_workbook(report)["问题行"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("原行号", "日期", "姓名", "公民身份号码") and rows[0][-1] == "问题说明"
    assert [r[0] for r in rows[1:]] == [5, 6]  # the rows as Excel numbers them under the two title lines
    assert rows[1][9] == "abc" and "金额“abc”无法识别" in rows[1][-1]
    assert rows[2][2] == "李四" and "姓名与公民身份号码不符" in rows[2][-1]
    assert sheet.cell(2, 10).fill.fgColor.rgb.endswith("FFC7CE")  # the amount to fix is red
    assert _count(office_db, "care_events") == 0  # a dry run writes nothing

    sheet.cell(2, 10).value = "80"
    sheet.cell(3, 3).value = "张三"
    sheet.parent.save(report)
    again = run("care", "import", str(report), "--db", str(office_db))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "原行号" in again.stdout and "问题说明" in again.stdout  # listed as ignored
    assert _count(office_db, "care_visits") == 2


def test_a_bad_report_path_is_refused_before_anything_is_read(office_db, tmp_path):  # noqa: F811
    ledger = _ledger(tmp_path / "台账.xlsx", [])
    for bad, code, says in [
        ("问题.csv", 64, ".xlsx"),
        ("没有/问题.xlsx", 1, "不存在"),
        ("台账.xlsx", 1, "不能覆盖"),
    ]:
        result = run("care", "import", str(ledger), "--db", str(office_db), "--report", str(tmp_path / bad))
        assert result.returncode == code and says in result.stderr, result.stderr


def test_no_report_is_written_when_nothing_is_rejected(office_db, tmp_path):  # noqa: F811
    ids = _ids()
    ledger = _ledger(tmp_path / "台账.xlsx", [["2026-03-01", "张三", ids["张三"], "事件", "生病住院"]])
    report = tmp_path / "问题.xlsx"
    result = run("care", "import", str(ledger), "--db", str(office_db), "--report", str(report))
    assert result.returncode == 0 and not report.exists()


def test_a_sheet_is_chosen_by_name_on_the_command_line(office_db, tmp_path):  # noqa: F811
    ids = _ids()
    book = openpyxl.Workbook()
    first = book.active
    first.title = "1月"
    second = book.create_sheet("2月")
    for sheet, day in ((first, "2026-01-05"), (second, "2026-02-05")):
        sheet.append(["日期", "姓名", "公民身份号码", "记录类型", "类别"])
        sheet.append([day, "张三", ids["张三"], "走访慰问", "节日慰问"])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    result = run("care", "import", str(path), "--db", str(office_db), "--sheet", "2月")
    assert result.returncode == 0, result.stderr
    assert "工作表“2月”" in result.stdout and "工作表“1月”也是台账" in result.stdout
    import sqlite3

    with sqlite3.connect(office_db) as conn:
        assert conn.execute("SELECT date FROM care_visits").fetchall() == [("2026-02-05",)]
    missing = run("care", "import", str(path), "--db", str(office_db), "--sheet", "3月")
    assert missing.returncode == 1 and "没有名为“3月”的工作表" in missing.stderr
