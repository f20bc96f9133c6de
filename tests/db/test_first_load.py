"""An empty database's first load goes through a rollback journal (each page written once), and the file is in
WAL again afterwards; with another connection open, or after a failure, nothing about the file changes."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlite_utils import Database

from db import migrations
from db.backup import holds_no_records
from db.connection import BUSY_TIMEOUT_MS, connect, written_once


def new_office(tmp_path) -> Database:
    db = Database(connect(tmp_path / "office.db"))
    migrations.apply(db)
    return db


def journal_mode(db: Database) -> str:
    return db.execute("PRAGMA journal_mode").fetchone()[0]


def test_the_load_is_journalled_and_the_file_is_wal_again(tmp_path):
    db = new_office(tmp_path)
    with written_once(db.conn):
        assert journal_mode(db) == "delete"
        with db.atomic():
            db.execute("INSERT INTO org_units (uid, name, kind, created_at, updated_at) VALUES ('u', '玉林社区',"
                       " '社区/村', 'now', 'now')")  # fmt: skip
    assert journal_mode(db) == "wal"
    assert not (tmp_path / "office.db-journal").exists()
    db.conn.close()
    again = sqlite3.connect(tmp_path / "office.db")
    assert again.execute("SELECT name FROM org_units").fetchall() == [("玉林社区",)]
    assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # WAL is kept in the file


def test_a_failed_load_leaves_the_database_empty_and_in_wal(tmp_path):
    db = new_office(tmp_path)
    with pytest.raises(RuntimeError), written_once(db.conn), db.atomic():
        db.execute("INSERT INTO org_units (uid, name, kind, created_at, updated_at) VALUES ('u', '玉林社区',"
                   " '社区/村', 'now', 'now')")  # fmt: skip
        raise RuntimeError("cancelled")
    assert journal_mode(db) == "wal"
    assert holds_no_records(db.conn)


def test_beside_another_connection_the_file_stays_in_wal(tmp_path):
    db = new_office(tmp_path)
    reader = sqlite3.connect(tmp_path / "office.db", timeout=0)
    reader.execute("SELECT count(*) FROM people").fetchall()  # open and idle, as a window between queries
    began = time.monotonic()
    with written_once(db.conn):
        assert time.monotonic() - began < 1  # refused at once, not after the busy wait
        assert journal_mode(db) == "wal"
        with db.atomic():
            db.execute("INSERT INTO org_units (uid, name, kind, created_at, updated_at) VALUES ('u', '玉林社区',"
                       " '社区/村', 'now', 'now')")  # fmt: skip
    assert journal_mode(db) == "wal"
    assert reader.execute("SELECT count(*) FROM org_units").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    reader.close()


def test_holds_no_records_until_something_is_entered(tmp_path):
    db = new_office(tmp_path)
    assert holds_no_records(db.conn)
    db.execute("INSERT INTO org_units (uid, name, kind, created_at, updated_at) VALUES ('u', '玉林社区',"
               " '社区/村', 'now', 'now')")  # fmt: skip
    assert not holds_no_records(db.conn)
