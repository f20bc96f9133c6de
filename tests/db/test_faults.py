"""Faults of the machine (issue 7): read-only media, a newer app's database, stale backup parts, a full disk."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.changes import OperationRefused
from app.office import OfficeError, open_office
from app.units.service import create_unit
from db import backup as backup_module
from db import migrations
from db.backup import (
    BackupError,
    backup_dir_for,
    backup_to,
    check_file,
    classify_file,
    list_backups,
    make_backup,
)
from db.connection import DatabaseError, DatabaseFault, connect
from tests.db.media import (
    fill_disk,
    folder_anybody_may_write,
    folder_nobody_may_write,
    read_only_medium,
    running_as_nobody,
    tmpfs,
    unwritable_file,
)

READ_ONLY_WORDS = "只能查看和导出，不能修改"


def make_office(path: Path, units: int = 1) -> None:
    office = open_office(path)
    for n in range(units):
        create_unit(office.db, {"name": f"单位{n}", "kind": "区/县"}, "测试")
    office.close(backup_if_changed=False)


def copy_office(folder: Path) -> None:
    make_office(folder / "office.db")


# --- read-only media ---------------------------------------------------------------------------


def test_a_healthy_database_on_read_only_media_is_not_called_damaged(tmp_path):
    usb = tmp_path / "U盘"
    with read_only_medium(usb, copy_office):
        assert classify_file(usb / "office.db", new_ok=False) is None


def test_a_database_on_read_only_media_opens_read_only_and_refuses_writes(tmp_path):
    usb = tmp_path / "U盘"
    with read_only_medium(usb, copy_office) as how:
        office = open_office(usb / "office.db")
        try:
            assert office.read_only
            assert READ_ONLY_WORDS in office.read_only_reason
            if how == "mount":
                assert "写保护的U盘或光盘" in office.read_only_reason
            assert office.db.execute("SELECT count(*) FROM org_units").fetchone()[0] == 1
            with pytest.raises(OperationRefused, match=READ_ONLY_WORDS):
                office.check_writable()
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                office.db.execute("DELETE FROM org_units")
            with pytest.raises(BackupError, match=READ_ONLY_WORDS):
                office.backup("auto")
        finally:
            office.close()
        assert sorted(p.name for p in usb.iterdir()) == ["office.db"]  # no lock file, no 备份, no -wal


def test_writing_to_read_only_media_is_refused_with_the_reason(tmp_path):
    usb = tmp_path / "U盘"
    with read_only_medium(usb, copy_office), pytest.raises(OfficeError) as caught:
        open_office(usb / "office.db", require_write=True)
    assert caught.value.read_only and not caught.value.in_use
    assert caught.value.good_backup is None  # nothing to recover: the file is fine
    assert READ_ONLY_WORDS in caught.value.message


def test_a_database_file_without_write_permission_opens_read_only(tmp_path):
    path = tmp_path / "office.db"
    make_office(path)
    with unwritable_file(path):
        office = open_office(path)
        try:
            assert office.read_only and READ_ONLY_WORDS in office.read_only_reason
        finally:
            office.close()
        with pytest.raises(OfficeError, match=READ_ONLY_WORDS):
            open_office(path, require_write=True)


def test_a_wal_left_on_read_only_media_is_named_not_ignored(tmp_path):
    """A copy taken while the app ran has its newest changes in -wal; reading without it would show old data."""
    usb = tmp_path / "U盘"
    with read_only_medium(usb, copy_with_unmerged_wal) as how:
        if how != "mount":
            pytest.skip("only a read-only file system stops SQLite from making the -shm file")
        with pytest.raises(DatabaseError, match="-wal"):
            connect(usb / "office.db", readonly=True)


# --- a folder the user may not write ---------------------------------------------------------------


def copy_with_unmerged_wal(folder: Path) -> None:
    """A copy taken while the app ran: its newest change (a setting) is still in -wal."""
    live = folder.parent / "live.db"
    make_office(live)
    conn = sqlite3.connect(live)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("INSERT INTO settings VALUES ('x', 'y')")
    conn.commit()
    shutil.copyfile(live, folder / "office.db")
    shutil.copyfile(f"{live}-wal", folder / "office.db-wal")
    conn.close()


def test_a_database_in_a_folder_nobody_may_write_opens_read_only(tmp_path):
    """SQLite cannot make the -shm file a WAL database needs there (SQLITE_READONLY_DIRECTORY, not CANTOPEN)."""
    with folder_nobody_may_write(copy_office) as folder:
        office = open_office(folder / "office.db")  # as the window opens it
        try:
            assert office.read_only and READ_ONLY_WORDS in office.read_only_reason
            assert office.db.execute("SELECT count(*) FROM org_units").fetchone()[0] == 1
        finally:
            office.close()
        conn = connect(folder / "office.db", readonly=True)  # as the reading commands open it
        assert conn.execute("SELECT count(*) FROM org_units").fetchone()[0] == 1
        conn.close()
        assert sorted(p.name for p in folder.iterdir()) == ["office.db"]


def test_a_wal_in_a_folder_nobody_may_write_is_named_not_ignored(tmp_path):
    with folder_nobody_may_write(copy_with_unmerged_wal) as folder:
        with pytest.raises(DatabaseError, match="office.db-wal"):
            connect(folder / "office.db", readonly=True)
        with pytest.raises(OfficeError, match="office.db-wal") as caught:
            open_office(folder / "office.db")
        assert caught.value.read_only and caught.value.good_backup is None  # never called damaged


# --- a database written by a newer version -----------------------------------------------------


def from_the_future(path: Path, version: str | None = "9.1.0") -> None:
    """An office database as a newer app leaves it: one migration this version does not know."""
    make_office(path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('grassroots', 'm950_future', ?)",
        [dt.datetime.now(dt.UTC).isoformat()],
    )
    if version:
        conn.execute("INSERT INTO app_versions (migration, app_version) VALUES ('m950_future', ?)", [version])
    conn.commit()
    conn.close()


def test_the_app_version_is_recorded_with_each_migration(tmp_path):
    from app.cli import app_version

    path = tmp_path / "office.db"
    make_office(path)
    conn = sqlite3.connect(path)
    recorded = dict(conn.execute("SELECT migration, app_version FROM app_versions"))
    conn.close()
    assert recorded == {m.name: app_version() for m in migrations.migrations._migrations}


def test_a_database_from_a_newer_version_opens_read_only_and_names_the_version(tmp_path):
    path = tmp_path / "office.db"
    from_the_future(path)
    before = path.read_bytes()
    office = open_office(path)
    try:
        assert office.read_only
        assert "9.1.0" in office.read_only_reason and READ_ONLY_WORDS in office.read_only_reason
        assert office.db.execute("SELECT count(*) FROM org_units").fetchone()[0] == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            office.db.execute("DELETE FROM org_units")
    finally:
        office.close()
    with pytest.raises(OfficeError, match="9.1.0") as caught:
        open_office(path, require_write=True)
    assert caught.value.read_only
    assert path.read_bytes() == before
    assert not backup_dir_for(path).exists()
    assert not Path(f"{path}.lock").exists()


def test_a_newer_version_without_a_recorded_version_still_refuses_writes(tmp_path):
    path = tmp_path / "office.db"
    from_the_future(path, version=None)
    with pytest.raises(OfficeError, match="较新版本") as caught:
        open_office(path, require_write=True)
    assert "m950_future" in caught.value.message


# --- backups killed half-way -------------------------------------------------------------------


def test_stale_backup_parts_are_removed_when_the_writer_opens_and_never_rotated(tmp_path):
    path = tmp_path / "office.db"
    make_office(path)
    folder = backup_dir_for(path)
    folder.mkdir()
    old = (dt.datetime.now() - dt.timedelta(hours=2)).timestamp()
    stale = [folder / f"office-20260101-000000-auto.db.part{extra}" for extra in ("", "-wal", "-shm")]
    fresh = folder / f"office-{dt.datetime.now():%Y%m%d-%H%M%S}-manual.db.part"  # a backup running right now
    other = folder / "other-20260101-000000-auto.db.part"  # another database's, in the same folder
    for part in (*stale, fresh, other):
        part.write_bytes(b"SQLite format 3\x00half")
    for part in (*stale, other):
        os.utime(part, (old, old))
    now = dt.datetime.now().timestamp()
    os.utime(fresh, (now, now))  # young by the app's clock, whatever the file system's says
    assert list_backups(folder) == []  # a part is never taken for a backup, so never rotated either

    reader = open_office(path, readonly=True)
    reader.close()
    assert all(part.exists() for part in stale)  # only the writer cleans up
    office = open_office(path)
    office.close(backup_if_changed=False)
    assert sorted(p.name for p in folder.iterdir()) == sorted([fresh.name, other.name])


# --- a full disk -------------------------------------------------------------------------------


def test_a_backup_onto_a_full_disk_says_so_in_chinese_and_leaves_no_part(tmp_path):
    path = tmp_path / "office.db"
    make_office(path, units=200)
    stick = tmp_path / "满的U盘"
    with tmpfs(stick, "64k"):
        fill_disk(stick, leave=8192)
        conn = connect(path)
        try:
            with pytest.raises(BackupError) as caught:
                backup_to(conn, stick / "copy.db")
        finally:
            conn.close()
        assert "磁盘空间不足" in str(caught.value), caught.value
        assert sorted(p.name for p in stick.iterdir()) == ["ballast"]


def test_a_full_disk_reported_by_sqlite_reads_in_chinese(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    make_office(path)
    conn = connect(path)

    def full(conn, part):
        part.write_bytes(b"half")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup_module, "_copy_into", full)
    try:
        with pytest.raises(BackupError, match="磁盘空间不足"):
            make_backup(conn, path, "manual")
    finally:
        conn.close()
    assert not backup_dir_for(path).exists()  # nor an empty 备份 folder made for it


def test_a_new_database_on_read_only_media_is_refused_as_such(tmp_path):
    usb = tmp_path / "U盘"
    with (
        read_only_medium(usb, copy_office),
        pytest.raises(OfficeError, match="不能在这里新建数据库") as caught,
    ):
        open_office(usb / "new.db")
    assert caught.value.read_only and caught.value.good_backup is None


def test_a_full_disk_still_lets_the_office_read_its_data_and_leaves_nothing_behind(tmp_path):
    """SQLite cannot make the -shm a WAL database needs on a full disk (SQLITE_IOERR_SHMSIZE): reading goes on as
    on read-only media, so the office can still export its data to rescue it; writing is refused as before."""
    disk = tmp_path / "满的磁盘"
    with tmpfs(disk, "1m"):
        path = disk / "office.db"
        make_office(path)
        fill_disk(disk)
        before = sorted(p.name for p in disk.iterdir())
        conn = connect(path, readonly=True)  # as export, check and backup open it
        try:
            assert conn.execute("SELECT count(*) FROM org_units").fetchone()[0] == 1
        finally:
            conn.close()
        assert check_file(path, new_ok=False) is None
        office = open_office(path, readonly=True)  # as import --dry-run opens it
        try:
            assert office.db.execute("SELECT count(*) FROM org_units").fetchone()[0] == 1
        finally:
            office.close()
        with pytest.raises(DatabaseFault, match="磁盘空间不足"):
            connect(path)
        with pytest.raises(OfficeError, match="磁盘空间不足"):
            open_office(path, require_write=True)
        assert sorted(p.name for p in disk.iterdir()) == before


def test_a_wal_on_a_full_disk_is_named_not_ignored(tmp_path):
    disk = tmp_path / "满的磁盘"
    with tmpfs(disk, "1m"):
        copy_with_unmerged_wal(disk)
        path = disk / "office.db"
        fill_disk(disk)
        with pytest.raises(DatabaseFault, match="office.db-wal"):
            connect(path, readonly=True)
        problem = check_file(path, new_ok=False)
        assert problem is not None and problem.fault  # never called damaged
        assert path.with_name("office.db-wal").stat().st_size > 0


# --- files a reader left beside the database --------------------------------------------------------


def test_files_a_reader_left_beside_a_read_only_file_do_not_block_writing_once_it_may_be_written():
    """SQLite makes the -shm and -wal with the database file's mode: a reader of a file of mode 444 leaves them
    read-only, and the writer, once the file is 644 again, could not use them."""
    with folder_anybody_may_write() as folder, running_as_nobody():
        path = folder / "office.db"
        make_office(path)
        path.chmod(0o444)
        reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)  # any reader, ours or not
        assert reader.execute("SELECT count(*) FROM org_units").fetchone()[0] == 1
        reader.close()
        shm = path.with_name("office.db-shm")
        assert shm.exists() and not os.access(shm, os.W_OK, effective_ids=True)
        conn = connect(path, readonly=True)  # as check and export open it
        conn.close()
        path.chmod(0o644)
        office = open_office(path, require_write=True)
        try:
            create_unit(office.db, {"name": "新单位", "kind": "区/县"}, "测试")
        finally:
            office.close(backup_if_changed=False)
        conn = connect(path, readonly=True)
        assert conn.execute("SELECT count(*) FROM org_units").fetchone()[0] == 2
        conn.close()


# Another process reads the database and keeps it open until told on stdin.
READER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], uri=True)
conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
print("reading", flush=True)
sys.stdin.readline()
conn.close()
"""


def test_a_read_only_shm_another_process_uses_is_never_removed():
    # The reader is started as whoever runs the tests: nobody may not run an interpreter kept under /root.
    with folder_anybody_may_write() as folder:
        path = folder / "office.db"
        with running_as_nobody():
            make_office(path)
            path.chmod(0o444)
        other = subprocess.Popen(
            [sys.executable, "-c", READER, f"{path.as_uri()}?mode=ro"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert other.stdout.readline().strip() == "reading"
            shm = path.with_name("office.db-shm")
            used = shm.stat().st_ino
            with running_as_nobody():
                path.chmod(0o644)
                with contextlib.suppress(DatabaseError):
                    connect(path).close()  # may open read-only or refuse: it must not take the -shm away
            assert shm.stat().st_ino == used
        finally:
            other.communicate("\n", timeout=30)
        with running_as_nobody():
            office = open_office(path, require_write=True)  # the reader is gone: now the files are stale
            office.close(backup_if_changed=False)
