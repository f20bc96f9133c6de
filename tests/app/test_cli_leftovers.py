"""What a command leaves beside the database: an import that wrote nothing into a database it created leaves no
new file, and a dry run (or another reading command) leaves no -wal or -shm it made."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.app.bulk_imports import IMPORT_IDS, IMPORTS, BulkImport
from tests.app.test_cli import people_count, roster_csv
from tests.app.test_cli_foreign_lock import held_by_another_program

HEADER = "姓名,公民身份号码,人员类别,工作单位"


def rejected_only(folder: Path, bulk: BulkImport | None = None) -> Path:
    """A sheet whose one person is refused (a wrong check digit): nothing to write. A roster by default."""
    if bulk is not None:
        return bulk.sheet(folder, [("赵新", "510107199001010012")])
    path = folder / "坏名单.csv"
    path.write_text(f"{HEADER}\n赵新,510107199001010012,社区工作者,武侯区\n", encoding="utf-8")
    return path


def broken_workbook(folder: Path, _bulk: BulkImport | None = None) -> Path:
    path = folder / "坏文件.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    "sheet, code", [(rejected_only, 2), (broken_workbook, 1)], ids=["rejected", "unreadable"]
)
@pytest.mark.parametrize("bulk", IMPORTS, ids=IMPORT_IDS)
def test_an_import_that_writes_nothing_into_a_new_database_leaves_no_file(
    tmp_path, capsys, sheet, code, bulk: BulkImport
):
    from ui.entry import main

    work = tmp_path / "work"
    work.mkdir()
    bad = sheet(tmp_path, bulk)
    if not bulk.creates:
        code = 1  # the missing database is refused before the file is read
    assert main(bulk.argv(bad, work / "新.db")) == code, capsys.readouterr()
    assert listing(work) == []


@pytest.mark.parametrize(
    "bulk", [i for i in IMPORTS if not i.creates], ids=[i.id for i in IMPORTS if not i.creates]
)
def test_an_import_into_an_existing_empty_file_leaves_it_as_it_was(tmp_path, capsys, bulk: BulkImport):
    from ui.entry import main

    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")  # what an interrupted first start leaves: the user's file, refused and kept
    assert main(bulk.argv(rejected_only(tmp_path, bulk), empty)) == 1, capsys.readouterr()
    assert listing(tmp_path) == sorted(["empty.db", f"{bulk.id}.csv"])
    assert empty.read_bytes() == b""


def test_a_database_that_existed_stays_even_when_nothing_was_written(tmp_path, capsys):
    from ui.entry import main

    db = tmp_path / "office.db"
    assert main(["import", "roster", str(roster_csv(tmp_path)), "--db", str(db)]) == 0
    assert main(["import", "roster", str(rejected_only(tmp_path)), "--db", str(db)]) == 2
    assert people_count(db) == 1
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")  # what an interrupted first start leaves: the user's file, kept
    assert main(["import", "roster", str(broken_workbook(tmp_path)), "--db", str(empty)]) == 1
    assert empty.exists()
    capsys.readouterr()


def test_a_new_database_that_people_were_imported_into_stays(tmp_path, capsys):
    from ui.entry import main

    db = tmp_path / "新.db"
    assert main(["import", "roster", str(roster_csv(tmp_path, rows=2)), "--db", str(db)]) == 0
    assert people_count(db) == 2
    capsys.readouterr()


@pytest.fixture
def office_db(tmp_path) -> Path:
    from ui.entry import main

    work = tmp_path / "work"
    work.mkdir()
    db = work / "office.db"
    assert main(["import", "roster", str(roster_csv(tmp_path, rows=2)), "--db", str(db)]) == 0
    return db


def test_a_dry_run_leaves_the_folder_as_it_found_it(office_db, tmp_path, capsys):
    from ui.entry import main

    before = listing(office_db.parent)
    assert before == ["office.db"]
    sheet = roster_csv(tmp_path, rows=3)
    assert main(["import", "roster", str(sheet), "--db", str(office_db), "--dry-run"]) == 0
    assert listing(office_db.parent) == before
    assert main(["export", "roster", str(tmp_path / "out.csv"), "--db", str(office_db)]) == 0
    assert main(["check", "--db", str(office_db)]) == 0
    assert listing(office_db.parent) == before
    capsys.readouterr()


def test_a_dry_run_beside_another_connection_leaves_its_files_alone(office_db, tmp_path, capsys):
    from ui.entry import main

    sheet = roster_csv(tmp_path, rows=3)
    # Another program reads the database, and keeps its connection (and so its -wal and -shm) open.
    with held_by_another_program(office_db, "SELECT count(*) FROM people"):
        in_use = listing(office_db.parent)
        assert main(["import", "roster", str(sheet), "--db", str(office_db), "--dry-run"]) == 0
        assert listing(office_db.parent) == in_use
        write = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM settings'); c.commit()"
        subprocess.run([sys.executable, "-c", write, str(office_db)], check=True, timeout=30)
    assert people_count(office_db) == 2
    capsys.readouterr()


def test_what_a_reader_made_stays_while_another_program_has_opened_the_database_since(office_db):
    from db.connection import connect

    conn = connect(office_db, readonly=True)
    assert listing(office_db.parent) == ["office.db", "office.db-shm", "office.db-wal"]
    with held_by_another_program(office_db, "SELECT count(*) FROM people"):
        conn.close()  # the other program uses the -shm now: deleting it could cost it its data
        assert listing(office_db.parent) == ["office.db", "office.db-shm", "office.db-wal"]
        write = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM settings'); c.commit()"
        subprocess.run([sys.executable, "-c", write, str(office_db)], check=True, timeout=30)
    assert listing(office_db.parent) == ["office.db"]  # the last to close, it removed them itself
    assert people_count(office_db) == 2
