"""The `grassroots` subcommands, run as real processes (each costs about half a second, so there are few)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from app.office import open_office
from app.people.idnumber import check_digit
from app.people.service import create_person
from db.backup import backup_dir_for, inspect_backup, list_backups

PROJECT = Path(__file__).resolve().parents[2]
PEOPLE = 50


def run(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    """`python -m ui.entry ARGS`, or `python -c CODE ARGS`; output decoded as UTF-8."""
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "ui.entry", *args]
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        command, cwd=PROJECT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60
    )


def people_count(path: Path) -> int:
    office = open_office(path)
    try:
        return office.db.execute("SELECT count(*) FROM people WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        office.close(backup_if_changed=False)


def assert_clean_failure(result: subprocess.CompletedProcess) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr), result.stderr


# Runs the demo subcommand in-process and proves that no subcommand needs Qt.
NO_QT = """
import sys
from ui.entry import main
code = main(sys.argv[1:])
assert "PySide6" not in sys.modules, "a subcommand imported PySide6"
sys.exit(code)
"""


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def demo_run(work):
    db = work / "demo.db"
    return db, run("demo", "--db", str(db), "--people", str(PEOPLE), code=NO_QT)


@pytest.fixture(scope="module")
def demo_db(demo_run) -> Path:
    db, result = demo_run
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def backup_run(demo_db, work):
    folder = work / "U盘"
    return folder, run("backup", "--db", str(demo_db), "--to", str(folder))


@pytest.fixture(scope="module")
def backup_file(backup_run) -> Path:
    folder, result = backup_run
    assert result.returncode == 0, result.stderr
    (made,) = folder.iterdir()
    return made


def test_demo_builds_the_database_without_importing_qt(demo_run):
    db, result = demo_run
    assert result.returncode == 0, result.stderr
    assert f"{PEOPLE} 名人员" in result.stdout
    assert people_count(db) == PEOPLE
    assert not backup_dir_for(db).exists()  # a new database needs no backup


def test_export_roster_xlsx(demo_db, work):
    out = work / "花名册.xlsx"
    result = run("export", "roster", str(out), "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert f"已导出 {PEOPLE} 名人员" in result.stdout
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("姓名", "性别", "民族", "公民身份号码")
    assert len(rows) == PEOPLE + 1
    assert all(isinstance(row[3], str) and len(row[3]) == 18 for row in rows[1:])


def test_export_roster_csv(demo_db, work):
    out = work / "roster.csv"
    result = run("export", "roster", str(out), "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "姓名" and len(rows) == PEOPLE + 1


def test_check_passes_on_a_healthy_database(demo_db):
    command = shutil.which("grassroots")
    if command:  # the installed entry point, as IT staff would run it
        env = {**os.environ, "PYTHONUTF8": "1"}
        result = subprocess.run(
            [command, "check", "--db", str(demo_db)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
        )
    else:
        result = run("check", "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert "完整性检查通过" in result.stdout


def test_backup_writes_a_restorable_file_to_the_chosen_folder(backup_run):
    folder, result = backup_run
    assert result.returncode == 0, result.stderr
    (made,) = folder.iterdir()
    assert made.name.startswith("demo-") and made.name.endswith("-manual.db")
    assert str(made) in result.stdout
    info = inspect_backup(made)
    assert info.ok and info.people == PEOPLE and info.units > 0


def add_people(path: Path, count: int) -> None:
    office = open_office(path)
    try:
        for n in range(count):
            body = f"51010719800101{n:03d}"
            data = {"role": "instructor", "name": "新人", "id_number": body + check_digit(body), "unit_id": 1}
            create_person(office.db, data, "测试")
    finally:
        office.close(backup_if_changed=False)


def test_restore_brings_the_backup_back_and_keeps_a_safety_copy(demo_db, backup_file, tmp_path):
    db = tmp_path / "office.db"
    shutil.copyfile(demo_db, db)  # closed cleanly, so the file alone is the whole database
    add_people(db, 3)
    assert people_count(db) == PEOPLE + 3

    result = run("restore", str(backup_file), "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert "已从" in result.stdout and "恢复" in result.stdout
    assert people_count(db) == PEOPLE
    safety = [
        path for _, path in list_backups(backup_dir_for(db), "office") if path.name.endswith("-safety.db")
    ]
    assert len(safety) == 1
    assert inspect_backup(safety[0]).people == PEOPLE + 3
    assert str(safety[0]) in result.stdout


def test_restore_onto_a_damaged_database_sets_it_aside(backup_file, tmp_path):
    db = tmp_path / "office.db"
    damaged = b"SQLite format 3\x00" + b"\x55" * 8000
    db.write_bytes(damaged)

    result = run("restore", str(backup_file), "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert people_count(db) == PEOPLE
    (aside,) = tmp_path.glob("office-损坏-*.db")
    assert aside.read_bytes() == damaged  # kept as it was, never deleted
    assert str(aside) in result.stdout


# --- errors ------------------------------------------------------------------------------------


def test_missing_db_argument_is_a_usage_error():
    result = run("check")
    assert result.returncode == 64  # a usage error, never confused with import's "rows rejected" (2)
    assert "命令参数有误" in result.stderr and "--db" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_of_a_missing_database_fails_in_chinese(tmp_path):
    missing = tmp_path / "nowhere.db"
    result = run("check", "--db", str(missing))
    assert_clean_failure(result)
    assert "不存在" in result.stderr
    assert not missing.exists()


def test_demo_into_a_database_with_people_is_refused(demo_db):
    result = run("demo", "--db", str(demo_db), "--people", "5")
    assert_clean_failure(result)
    assert "已有人员" in result.stderr
    assert people_count(demo_db) == PEOPLE


def test_export_from_a_missing_database_fails_and_creates_nothing(tmp_path, capsys):
    from ui.entry import main

    missing = tmp_path / "typo.db"
    code = main(["export", "roster", str(tmp_path / "out.xlsx"), "--db", str(missing)])
    assert code != 0
    assert "不存在" in capsys.readouterr().err
    assert not missing.exists()
    assert not (tmp_path / "out.xlsx").exists()
