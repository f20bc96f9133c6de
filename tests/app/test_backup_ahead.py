"""A command-line score or roster import backs the office up beside its dry run (app.backup_ahead): the commit must
keep a copy of the office as it was before the import, and a copy nobody takes must leave no file behind and cost
no older backup its place in the rotation."""

from __future__ import annotations

import csv
import datetime
import sqlite3
import threading
from pathlib import Path

import pytest

from app.cli import build_parser, run_command
from app.office import open_office
from app.people.service import create_person
from app.units.service import create_unit
from db.backup import backup_dir_for, backup_file_name, list_backups
from tests.ids import make_id as _id

ACTOR = "测试员"
HEADER = ["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"]


@pytest.fixture
def office_db(tmp_path) -> Path:
    path = tmp_path / "office.db"
    office = open_office(path)
    try:
        unit = create_unit(office.db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
        for serial, name in enumerate(["张三", "李四"]):
            person = {"role": "community_worker", "name": name, "id_number": _id(serial), "unit_id": unit}
            create_person(office.db, person, ACTOR)
    finally:
        office.close(backup_if_changed=False)
    return path


def _sheet(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def _import(sheet: Path, db: Path, *extra: str) -> int:
    argv = [
        "appraisal",
        "import",
        str(sheet),
        "--db",
        str(db),
        "--scheme",
        "weighted-top20",
        "--year",
        "2030",
    ]
    return run_command(build_parser().parse_args([*argv, *extra]))


def _backups(office_db: Path) -> list[Path]:
    """The office's backups once any copy still being made is finished: a copy left behind by mistake must be
    seen, however slow its thread."""
    for thread in threading.enumerate():
        if thread.name == "backup-ahead":
            thread.join()
    return sorted(path for _, path in list_backups(backup_dir_for(office_db), office_db.stem))


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def _scores(path: Path) -> int:
    return _count(path, "appraisal_scores")


def test_the_commit_keeps_a_copy_of_the_office_before_the_import(tmp_path, office_db, capsys):
    sheet = _sheet(tmp_path / "成绩.csv", [["张三", _id(0), 90, 85, 88], ["李四", _id(1), 80, 75, 70]])
    assert _import(sheet, office_db) == 0
    backups = list_backups(backup_dir_for(office_db), office_db.stem)
    assert len(backups) == 1
    copy = backups[0][1]
    assert f"{copy.name}”" in capsys.readouterr().out  # the copy the message names
    assert _scores(copy) == 0 and _scores(office_db) == 2
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def _old_backups(office_db: Path, days: int) -> list[Path]:
    """One backup a day for `days` days before today: more than the rotation keeps."""
    folder = backup_dir_for(office_db)
    folder.mkdir(exist_ok=True)
    made = []
    for day in range(1, days + 1):
        when = datetime.datetime.now() - datetime.timedelta(days=day)
        path = folder / backup_file_name(office_db, when, "bulk")
        path.write_bytes(office_db.read_bytes())
        made.append(path)
    return made


@pytest.mark.parametrize("dry_run", [False, True])
def test_an_import_that_writes_nothing_leaves_no_backup_and_rotates_nothing(tmp_path, office_db, dry_run):
    old = _old_backups(office_db, 40)
    wrong_name = _sheet(tmp_path / "成绩.csv", [["王五", _id(0), 90, 85, 88]])  # 张三's number: refused
    assert _import(wrong_name, office_db, *(["--dry-run"] if dry_run else [])) == 2
    assert _backups(office_db) == sorted(old)
    assert _scores(office_db) == 0


def test_a_file_refused_whole_leaves_no_backup(tmp_path, office_db):
    other = tmp_path / "名单.csv"
    other.write_text(f"姓名,公民身份号码,手机号码\n张三,{_id(0)},13912345678\n", encoding="utf-8")
    assert _import(other, office_db) == 1
    assert _backups(office_db) == []


def test_the_kept_backup_rotates_the_folder(tmp_path, office_db):
    old = _old_backups(office_db, 40)
    sheet = _sheet(tmp_path / "成绩.csv", [["张三", _id(0), 90, 85, 88]])
    assert _import(sheet, office_db) == 0
    left = set(_backups(office_db))
    assert len(left & set(old)) < len(old)  # older ones went, as after any backup
    assert len(left - set(old)) == 1


# --- the roster import ---------------------------------------------------------------------------------------


def _roster(path: Path, rows: list[list[object]]) -> Path:
    return _sheet(path, rows, ["姓名", "公民身份号码", "人员类别", "工作单位"])


def _import_roster(sheet: Path, db: Path) -> int:
    return run_command(build_parser().parse_args(["import", "roster", str(sheet), "--db", str(db)]))


def _people(path: Path) -> int:
    return _count(path, "people")


def test_a_roster_import_keeps_a_copy_of_the_office_before_it(tmp_path, office_db, capsys):
    old = _old_backups(office_db, 40)
    sheet = _roster(tmp_path / "名单.csv", [["王五", _id(7), "社区工作者", "东门社区"]])
    assert _import_roster(sheet, office_db) == 0
    left = set(_backups(office_db))
    (copy,) = left - set(old)
    assert f"{copy.name}”" in capsys.readouterr().out
    assert _people(copy) == 2 and _people(office_db) == 3
    assert len(left & set(old)) < len(old)  # the kept copy rotated the folder


def test_a_roster_import_with_nothing_new_leaves_no_backup(tmp_path, office_db, capsys):
    old = _old_backups(office_db, 40)
    sheet = _roster(tmp_path / "名单.csv", [["张三", _id(0), "社区工作者", "东门社区"]])
    assert _import_roster(sheet, office_db) == 0
    assert "没有需要写入的人员" in capsys.readouterr().out
    assert _backups(office_db) == sorted(old)


def test_a_roster_import_into_a_new_office_makes_no_backup(tmp_path):
    new = tmp_path / "新办公室.db"
    sheet = _roster(tmp_path / "名单.csv", [["王五", _id(7), "社区工作者", "东门社区"]])
    assert _import_roster(sheet, new) == 0
    assert _people(new) == 1
    assert list_backups(backup_dir_for(new), new.stem) == []


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        (
            [["王五", "110101199001011234", "社区工作者", "东门社区"]],
            2,
        ),  # a wrong check digit: the row refused
        ([["王五", _id(7), "村长", "东门社区"]], 2),  # no such role: refused
    ],
)
def test_a_roster_import_that_refuses_every_row_leaves_no_backup(tmp_path, office_db, rows, code):
    sheet = _roster(tmp_path / "名单.csv", rows)
    assert _import_roster(sheet, office_db) == code
    assert _people(office_db) == 2
    assert _backups(office_db) == []


def test_a_roster_file_refused_whole_leaves_no_backup(tmp_path, office_db, capsys):
    no_numbers = tmp_path / "名单.csv"
    no_numbers.write_text("姓名,人员类别,工作单位\n王五,社区工作者,东门社区\n", encoding="utf-8")
    assert _import_roster(no_numbers, office_db) == 1
    assert "公民身份号码" in capsys.readouterr().err
    assert _people(office_db) == 2
    assert _backups(office_db) == []
