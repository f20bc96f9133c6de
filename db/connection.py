"""The one place that opens the office's SQLite file and sets its pragmas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

# 'GRDS' — marks a file as ours, so a foreign SQLite file is recognised instead of being migrated.
APPLICATION_ID = 0x47524453
BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """A file that cannot be used as an office database; the message is for the user, in Chinese."""


def _set_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit survives the PC being switched off right after it.
    conn.execute("PRAGMA synchronous=FULL")


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A raw sqlite3 connection with every pragma set. One per thread: connections never cross threads."""
    if readonly:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn
    conn = sqlite3.connect(str(path))
    try:
        _set_pragmas(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(f"文件“{path}”不是本系统的数据库，或已经损坏（{exc}）。") from exc
    return conn


def open_database(path: Path | str, *, readonly: bool = False) -> Database:
    """Open (creating if new) the database file at `path` as a sqlite-utils Database."""
    return Database(connect(path, readonly=readonly), execute_plugins=False)


def open_memory() -> Database:
    """An in-memory database with the same pragmas, for tests and scratch work."""
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA foreign_keys=ON")
    return Database(conn, execute_plugins=False)


def application_id(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA application_id").fetchone()[0]


def user_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    return [r[0] for r in rows]
