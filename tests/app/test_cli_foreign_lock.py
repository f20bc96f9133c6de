"""Another program (not a copy of this app: a DB browser, a script) holding SQLite's own lock on the office's
file: each import that writes in bulk (roster, appraisal, care, training) exits 3, "in use", like beside the
app's window, and leaves no backup of its attempt."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.demo import build_demo
from app.office import open_office
from db import connection
from db.backup import backup_dir_for
from tests.app.bulk_imports import IMPORT_IDS, IMPORTS, BulkImport

PEOPLE = 3
# Holds the statements' locks until a line (or the end) comes on its stdin.
HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
for statement in sys.argv[2:]:
    conn.execute(statement)
print("held", flush=True)
sys.stdin.readline()
"""


@contextlib.contextmanager
def held_by_another_program(db: Path, *statements: str) -> Iterator[None]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), *statements],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "held"
        yield
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


@pytest.fixture
def office_db(tmp_path) -> Path:
    path = tmp_path / "office.db"
    office = open_office(path)
    try:
        build_demo(office.db, PEOPLE, actor="测试员")
    finally:
        office.close(backup_if_changed=False)
    return path


def _backup_folder(db: Path) -> list[str] | None:
    """What the backup folder holds once any copy still being made is finished; None when there is none."""
    for thread in threading.enumerate():
        if thread.name == "backup-ahead":
            thread.join()
    folder = backup_dir_for(db)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else None


@pytest.mark.parametrize(
    "statements",
    [
        ["BEGIN IMMEDIATE"],
        ["BEGIN EXCLUSIVE"],
        ["PRAGMA locking_mode=EXCLUSIVE", "BEGIN EXCLUSIVE"],  # readers are shut out too
    ],
    ids=["immediate", "exclusive", "exclusive-locking-mode"],
)
@pytest.mark.parametrize("bulk", IMPORTS, ids=IMPORT_IDS)
def test_an_import_beside_another_programs_sqlite_lock_exits_3_and_keeps_no_backup(
    office_db, tmp_path, capsys, monkeypatch, statements, bulk: BulkImport
):
    from ui.entry import main

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)  # the app waits 5 s for the other program
    sheet = bulk.writable(tmp_path, office_db)
    rows = bulk.rows(office_db)
    before = _backup_folder(office_db)
    with held_by_another_program(office_db, *statements):
        code = main(bulk.argv(sheet, office_db))
        after = _backup_folder(office_db)
    err = capsys.readouterr().err
    assert code == 3, err
    assert "正在被另一个窗口或程序使用" in err and "Error" not in err
    assert after == before
    assert bulk.rows(office_db) == rows


@pytest.mark.parametrize("bulk", IMPORTS, ids=IMPORT_IDS)
def test_each_sheet_above_is_written_when_nobody_holds_the_lock(
    office_db, tmp_path, capsys, bulk: BulkImport
):
    from ui.entry import main

    rows = bulk.rows(office_db)
    assert main(bulk.argv(bulk.writable(tmp_path, office_db), office_db)) == 0, capsys.readouterr()
    assert bulk.rows(office_db) > rows
    assert len(_backup_folder(office_db)) == 1


def test_a_restore_beside_another_programs_write_exits_3_and_changes_nothing(
    office_db, tmp_path, capsys, monkeypatch
):
    """It waited for the other program's commit, then wrote over it: a change that was in no backup."""
    from db.backup import make_backup
    from ui.entry import main

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    office = open_office(office_db)
    try:
        kept = make_backup(office.conn, office_db, "manual", directory=tmp_path)
    finally:
        office.close(backup_if_changed=False)
    before = _backup_folder(office_db)
    with held_by_another_program(office_db, "BEGIN IMMEDIATE", "UPDATE people SET note = '另一个程序'"):
        code = main(["restore", str(kept), "--db", str(office_db)])
        after = _backup_folder(office_db)
    err = capsys.readouterr().err
    assert code == 3 and "数据库正被另一个程序写入" in err and "数据库未被改动" in err, err
    assert after == before


def test_a_restore_that_meets_a_writer_after_its_check_gives_up_at_once(office_db, tmp_path):
    """The backup API's own loop would wait for the lock forever, then write over what was committed meanwhile."""
    import sqlite3

    from db.backup import make_backup
    from db.restore import BackupBusy, restore_backup

    office = open_office(office_db)
    try:
        kept = make_backup(office.conn, office_db, "manual", directory=tmp_path)
        other = sqlite3.connect(office_db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE people SET note = '另一个程序'")
        with pytest.raises(BackupBusy):
            restore_backup(kept, office.conn)
        other.execute("COMMIT")
        other.close()
        notes = {row[0] for row in office.conn.execute("SELECT note FROM people")}
    finally:
        office.close(backup_if_changed=False)
    assert notes == {"另一个程序"}


@pytest.mark.parametrize(
    "argv",
    [
        [
            "appraisal",
            "override",
            "--scheme",
            "weighted-top20",
            "--year",
            "2025",
            "--grade",
            "优秀",
            "--reason",
            "表彰",
        ],
        ["appraisal", "finalize", "--scheme", "weighted-top20", "--year", "2025"],
        ["appraisal", "reopen", "--scheme", "weighted-top20", "--year", "2024", "--reason", "更正"],
    ],
    ids=["override", "finalize", "reopen"],
)
def test_the_other_writing_commands_beside_another_programs_lock_exit_3_too(
    office_db, capsys, monkeypatch, argv
):
    """The exit table's 3 is for every command that writes, not only the imports: a batch job retries on it."""
    from ui.entry import main

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    office = open_office(office_db, readonly=True)
    try:
        number = office.db.execute(  # someone scored in 2025
            "SELECT p.id_number FROM people p JOIN appraisal_scores s ON s.person_id = p.id"
            " JOIN appraisal_periods d ON d.id = s.period_id WHERE d.year = 2025 LIMIT 1"
        ).fetchone()[0]
    finally:
        office.close(backup_if_changed=False)
    extra = ["--id", number] if argv[1] == "override" else []
    with held_by_another_program(office_db, "BEGIN EXCLUSIVE"):
        code = main([*argv, *extra, "--db", str(office_db)])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "正在被另一个窗口或程序使用" in err and "Error" not in err
