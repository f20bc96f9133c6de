"""The command line checks the database file in a background thread while the app loads: opening it must find
exactly what checking it then would have found, and check again whatever the early check cannot settle."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app import early_check, office
from app.office import OfficeError, open_office
from db import backup
from tests.app.test_backup_ahead import _import as import_scores


def _office(path: Path) -> Path:
    open_office(path).close(backup_if_changed=False)
    return path


@pytest.fixture
def counted(monkeypatch) -> list[Path]:
    """The files open_office itself checks (not those an early check settled)."""
    seen: list[Path] = []
    real = backup.check_file

    def check_file(path: Path, *, new_ok: bool = True):
        seen.append(Path(path))
        return real(path, new_ok=new_ok)

    monkeypatch.setattr(office, "check_file", check_file)
    return seen


def test_an_early_check_is_taken_instead_of_checking_again(tmp_path, counted):
    db = _office(tmp_path / "office.db")
    counted.clear()
    early_check.start(db)
    open_office(db, create=False).close(backup_if_changed=False)
    assert counted == []
    open_office(db, create=False).close(backup_if_changed=False)  # taken once: the next open checks itself
    assert counted == [db]


def test_a_damaged_file_found_early_is_refused_as_checking_it_then_would(tmp_path):
    db = _office(tmp_path / "office.db")
    data = bytearray(db.read_bytes())
    data[4096 + 8 : 4096 + 400] = b"\xff" * 392  # the second page's header and cells: quick_check fails
    db.write_bytes(bytes(data))
    with pytest.raises(OfficeError) as direct:
        open_office(db, create=False)
    early_check.start(db)
    with pytest.raises(OfficeError) as early:
        open_office(db, create=False)
    assert str(early.value) == str(direct.value)
    assert "损坏" in str(early.value)


def test_a_file_changed_after_its_early_check_is_checked_again(tmp_path, counted):
    db = _office(tmp_path / "office.db")
    early_check.start(db)
    early_check._started[os.path.abspath(db)].join()
    shutil.copy(db, tmp_path / "copy.db")
    os.replace(tmp_path / "copy.db", db)  # another file at the same path: another inode
    counted.clear()
    open_office(db, create=False).close(backup_if_changed=False)
    assert counted == [db]


def test_a_problem_found_early_is_asked_again_where_a_new_database_is_welcome(tmp_path, counted):
    import sqlite3

    bare = tmp_path / "bare.db"  # an SQLite file without tables: not ours to read, fine to start an office in
    conn = sqlite3.connect(bare)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.close()
    assert backup.check_file(bare, new_ok=False) is not None and backup.check_file(bare, new_ok=True) is None
    counted.clear()
    early_check.start(bare)
    open_office(bare, create=True).close(backup_if_changed=False)
    assert counted == [bare]


def test_the_score_import_checks_the_office_early_and_leaves_nothing_behind(tmp_path, monkeypatch):
    db = _office(tmp_path / "office.db")
    started: list[Path] = []
    real = early_check.start
    monkeypatch.setattr(early_check, "start", lambda path: (started.append(Path(path)), real(path)))
    sheet = tmp_path / "成绩.csv"
    sheet.write_text("姓名,公民身份号码,工作考核,业务测试,满意度测评\n", encoding="utf-8")
    import_scores(sheet, db)
    assert started == [db]
    assert early_check._started == {}


def _stray_page_file(path: Path) -> Path:
    """What an interrupted first start can leave (an SQLite file with no id and none of our tables), with one
    page nothing uses: PRAGMA quick_check fails on it."""
    import sqlite3
    import struct

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    page_size = struct.unpack(">H", data[16:18])[0]
    pages = struct.unpack(">I", data[28:32])[0]
    data += b"\x0d" + b"\x00" * (page_size - 1)
    data[28:32] = struct.pack(">I", pages + 1)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("early", [False, True])
def test_a_damaged_file_not_yet_ours_is_refused_before_it_is_upgraded(tmp_path, early):
    """check_file quick-checks only a file with our id; open_office must still check any other one itself."""
    import sqlite3

    bad = _stray_page_file(tmp_path / "r.db")
    if early:
        early_check.start(bad)
    with pytest.raises(OfficeError) as refused:
        open_office(bad, create=True)
    assert "损坏" in str(refused.value)
    conn = sqlite3.connect(bad)
    try:  # never upgraded: none of the office's tables were made in it
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'people'").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_check_that_failed_on_a_file_changed_since_is_not_raised(tmp_path, monkeypatch):
    db = _office(tmp_path / "office.db")

    def failing(path: Path, *, new_ok: bool = True):
        raise PermissionError("another program had the file")

    monkeypatch.setattr(early_check, "check_file", failing)
    early_check.start(db)
    early_check._started[os.path.abspath(db)].join()
    os.utime(db, ns=(1, 1))
    assert early_check.taken(db, new_ok=False) == (False, None)
    early_check.start(db)
    with pytest.raises(PermissionError):  # unchanged: raised where the check would have run
        early_check.taken(db, new_ok=False)
