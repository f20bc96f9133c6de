"""references_checked_by_caller: SQLite's foreign-key check off for one bulk write, and on again whatever
happens; never half-applied inside a transaction SQLite would ignore the switch in."""

from __future__ import annotations

import sqlite3

import pytest

from db.connection import connect, references_checked_by_caller


def _fk(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA foreign_keys").fetchone()[0]


@pytest.fixture
def conn(tmp_path):
    conn = connect(tmp_path / "office.db")
    conn.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TABLE child (parent_id INTEGER REFERENCES parent(id))")
    conn.commit()
    yield conn
    conn.close()


def test_the_check_is_off_for_the_block_and_on_again_after_it(conn):
    with references_checked_by_caller(conn):
        assert _fk(conn) == 0
        conn.execute("INSERT INTO child VALUES (7)")  # what SQLite would have refused
        conn.rollback()
    assert _fk(conn) == 1
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO child VALUES (7)")


def test_the_check_is_on_again_after_a_failure(conn):
    with pytest.raises(RuntimeError), references_checked_by_caller(conn):
        raise RuntimeError("disk I/O error")
    assert _fk(conn) == 1


def test_inside_a_transaction_nothing_changes(conn):
    conn.execute("BEGIN")
    conn.execute("INSERT INTO parent VALUES (1)")
    with references_checked_by_caller(conn):
        assert _fk(conn) == 1
    conn.rollback()
    assert _fk(conn) == 1
