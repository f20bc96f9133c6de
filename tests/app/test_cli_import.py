"""`grassroots import roster`: counts and every rejected row in Chinese; exit 0, 2 or 1 as the issue asks."""

from __future__ import annotations

import subprocess
import sys

import openpyxl

from tests.app.test_roster_import import ZHANG, make_id, messy_workbook, person


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ui.entry", *args], capture_output=True, text=True, timeout=60
    )


def demo_db(tmp_path):
    db = tmp_path / "office.db"
    assert run("demo", "--db", str(db), "--people", "5").returncode == 0
    return db


def test_import_with_rejections_exits_2_and_lists_them(tmp_path):
    db = demo_db(tmp_path)
    sheet = messy_workbook(tmp_path / "街道.xlsx", [
        person(1, "郑九", make_id("19940404", 17), "1994.04", unit="浆洗街街道"),
        person(2, "冯十", ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1"), "1990.03", unit="浆洗街街道"),
    ])  # fmt: skip
    report = tmp_path / "问题.xlsx"
    dry = run("import", "roster", str(sheet), "--db", str(db), "--dry-run")
    assert dry.returncode == 2
    assert "新增 1 人" in dry.stdout and "拒绝 1 人" in dry.stdout
    assert (
        "第5行 冯十“身份证号”列" in dry.stdout and "校验位" in dry.stdout
    )  # who it is, to phone the right community
    assert "数据库没有改动" in dry.stdout
    real = run("import", "roster", str(sheet), "--db", str(db), "--report", str(report))
    assert real.returncode == 2, real.stderr
    assert "已导入：新增 1 人" in real.stdout
    rows = list(openpyxl.load_workbook(report).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "原行号" and rows[0][-1] == "问题说明" and rows[1][0] == 5
    again = run("import", "roster", str(sheet), "--db", str(db))
    assert "无变化 1 人" in again.stdout and "没有需要写入的人员" in again.stdout


def test_a_clean_file_exits_0_and_an_unreadable_one_exits_1(tmp_path):
    db = demo_db(tmp_path)
    sheet = messy_workbook(tmp_path / "ok.xlsx", [person(1, "郑九", make_id("19940404", 17), "1994.04",
                                                        unit="浆洗街街道")])  # fmt: skip
    assert run("import", "roster", str(sheet), "--db", str(db)).returncode == 0
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    result = run("import", "roster", str(broken), "--db", str(db))
    assert result.returncode == 1
    assert "坏文件.xlsx" in result.stderr and "Traceback" not in result.stderr


def test_reading_commands_beside_a_running_app_never_upgrade_its_database(tmp_path):
    import shutil
    import sqlite3
    from pathlib import Path

    from db.lock import DatabaseLock

    db = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).parent.parent / "data" / "schema_m001.db", db)
    with DatabaseLock(db):  # an older copy of the app has it open
        exported = run("export", "roster", str(tmp_path / "out.csv"), "--db", str(db))
        checked = run("check", "--db", str(db))
        imported = run("import", "roster", str(tmp_path / "out.csv"), "--db", str(db))
    assert exported.returncode == 0 and checked.returncode == 0, exported.stderr + checked.stderr
    assert imported.returncode == 3 and "使用" in imported.stderr  # writing needs the lock: "in use" is 3
    applied = sqlite3.connect(db).execute("SELECT name FROM _sqlite_migrations").fetchall()
    assert applied == [("m001_initial",)]
    assert not (tmp_path / "备份").exists()


def test_within_names_the_street_a_file_comes_from(tmp_path):
    import sqlite3

    db = demo_db(tmp_path)
    sheet = messy_workbook(tmp_path / "玉林.xlsx", [person(1, "郑九", make_id("19940404", 17), "1994.04",
                                                          unit="锦绣社区")])  # fmt: skip
    plain = run("import", "roster", str(sheet), "--db", str(db), "--dry-run")
    assert plain.returncode == 2 and "街道 / 社区" in plain.stdout
    scoped = run("import", "roster", str(sheet), "--db", str(db), "--within", "玉林街道")
    assert scoped.returncode == 0, scoped.stdout + scoped.stderr
    street = (
        sqlite3.connect(db)
        .execute(
            "SELECT s.name FROM people p JOIN org_units c ON c.id = p.unit_id JOIN org_units s ON s.id = c.parent_id"
            " WHERE p.name = '郑九'"
        )
        .fetchone()[0]
    )
    assert street == "玉林街道"
    unknown = run("import", "roster", str(sheet), "--db", str(db), "--within", "不存在街道")
    assert unknown.returncode == 64 and "不存在街道" in unknown.stderr


def _two_communities(path):
    """A street's workbook of a sheet per community, and a sheet of notes."""
    book = openpyxl.Workbook()
    east = book.active
    east.title = "东门社区"
    east.append(["姓名", "公民身份号码", "人员类别", "工作单位"])
    east.append(["郑九", make_id("19940404", 17), "社区工作者", "东门社区"])
    west = book.create_sheet("西门社区")
    west.append(["序号", "姓名", "公民身份号码", "人员类别", "工作单位"])
    west.append([1, "冯十", make_id("19950505", 18), "社区工作者", "西门社区"])
    west.append([2, "卫十一", make_id("19960606", 19), "社区工作者", "西门社区"])
    book.create_sheet("填表说明").append(["身份证号请用文本格式"])
    book.save(path)
    return path


def test_the_other_roster_sheets_of_a_workbook_are_named_and_read_with_sheet(tmp_path):
    db = tmp_path / "office.db"
    book = _two_communities(tmp_path / "街道.xlsx")
    first = run("import", "roster", str(book), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "工作表“东门社区”" in first.stdout and "新增 1 人" in first.stdout
    assert "注意：工作表“西门社区”也是花名册，本次没有导入" in first.stdout and "--sheet" in first.stdout
    assert "填表说明" not in first.stdout  # no roster there: nothing to say of it
    second = run("import", "roster", str(book), "--db", str(db), "--sheet", "西门社区")
    assert second.returncode == 0, second.stderr
    assert "新增 2 人" in second.stdout and "工作表“东门社区”也是花名册" in second.stdout
    wrong = run("import", "roster", str(book), "--db", str(db), "--sheet", "北门社区")
    assert wrong.returncode == 1
    assert "没有名为“北门社区”的工作表，有：东门社区、西门社区、填表说明" in wrong.stderr


def test_a_one_sheet_roster_says_nothing_of_other_sheets(tmp_path):
    sheet = messy_workbook(tmp_path / "ok.xlsx", [person(1, "郑九", make_id("19940404", 17), "1994.04",
                                                        unit="浆洗街街道")])  # fmt: skip
    dry = run("import", "roster", str(sheet), "--db", str(tmp_path / "new.db"), "--dry-run")
    assert dry.returncode == 0 and "也是花名册" not in dry.stdout


def test_differences_without_update_are_said_as_not_written(tmp_path):
    db = demo_db(tmp_path)
    exported = tmp_path / "r.xlsx"
    assert run("export", "--db", str(db), "roster", str(exported)).returncode == 0
    book = openpyxl.load_workbook(exported)
    sheet = book.active
    phone = [c.value for c in sheet[1]].index("联系电话") + 1
    sheet.cell(2, phone).value = "13900001111"
    header = [c.value for c in sheet[1]]
    newcomer = [c.value for c in sheet[3]]
    newcomer[header.index("姓名")], newcomer[header.index("公民身份号码")] = "新人甲", make_id("19700404", 17)
    newcomer[header.index("性别")], newcomer[header.index("出生日期")] = None, None
    sheet.append(newcomer)
    book.save(exported)
    result = run("import", "roster", str(exported), "--db", str(db))
    assert "其中 1 人与在册信息不同：未加 --update，只新增、不更新" in result.stdout
    assert "有不同之处但未更新 1 人" in result.stdout and "无变化 4 人" in result.stdout
    only_changes = tmp_path / "only.xlsx"
    sheet.delete_rows(sheet.max_row)
    book.save(only_changes)
    again = run("import", "roster", str(only_changes), "--db", str(db))
    assert "没有需要写入的人员（1 人的不同之处未加 --update，没有更新）" in again.stdout


def test_an_import_started_without_standard_output_completes_and_says_so_by_its_exit_code(tmp_path):
    """`>&-` (no standard output at all: Python's sys.stdout is None) is no failure of the import."""
    db = demo_db(tmp_path)
    sheet = messy_workbook(tmp_path / "ok.xlsx", [person(1, "郑九", make_id("19940404", 17), "1994.04",
                                                        unit="浆洗街街道")])  # fmt: skip
    command = f'"{sys.executable}" -m ui.entry import roster "{sheet}" --db "{db}" >&-'
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == ""
    assert "郑九" in run("export", "--db", str(db), "roster", str(tmp_path / "out.csv")).stdout + (
        tmp_path / "out.csv"
    ).read_text(encoding="utf-8-sig")


def test_a_file_without_role_or_unit_columns_says_so_once_and_role_and_unit_options_fill_them(tmp_path):
    from tests.sheets import write_xlsx

    db = demo_db(tmp_path)
    bare = write_xlsx(tmp_path / "bare.xlsx", [["姓名", "公民身份号码"], ["郑九", make_id("19940404", 17)],
                                              ["冯十", make_id("19950505", 18)]])  # fmt: skip
    refused = run("import", "roster", str(bare), "--db", str(db), "--dry-run")
    assert refused.returncode == 2 and "拒绝 2 人" in refused.stdout
    for label, option in (("人员类别", "--role 社区工作者"), ("工作单位", "--unit “街道 / 社区”")):
        said = f"表格中没有“{label}”列：在册人员照常核对，新增的人员缺少{label}，将被拒绝。"
        assert said in refused.stdout and option in refused.stdout
    filled = run(
        "import", "roster", str(bare), "--db", str(db), "--role", "社工", "--unit", "浆洗街街道 / 新建社区"
    )
    assert filled.returncode == 0, filled.stdout + filled.stderr
    assert "新增 2 人" in filled.stdout and "表格中没有“人员类别”" not in filled.stdout
    assert "表格中没有“工作单位”" not in filled.stdout
    assert "表格中没有“状态”列：新增的人员按“在岗”登记，在册人员的状态不变" in filled.stdout
    out = tmp_path / "out.csv"
    assert run("export", "--db", str(db), "roster", str(out)).returncode == 0
    rows = [line.split(",") for line in out.read_text(encoding="utf-8-sig").splitlines()]
    mine = {r[0]: (r[11], r[13]) for r in rows if r[0] in ("郑九", "冯十")}
    assert mine == dict.fromkeys(("郑九", "冯十"), ("武侯区 / 浆洗街街道 / 新建社区", "社区工作者"))
    wrong = run("import", "roster", str(bare), "--db", str(db), "--role", "书记", "--dry-run")
    assert wrong.returncode == 64 and "--role：人员类别“书记”无法识别" in wrong.stderr
    twice = run("import", "roster", str(bare), "--db", str(db), "--unit", "玉林社区", "--dry-run")
    assert twice.returncode == 64 and "--unit：有 2 个名为“玉林社区”的单位" in twice.stderr, twice.stderr
