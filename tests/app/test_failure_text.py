"""What a command or a job says when the database lacks what this version reads: an older schema, not a crash."""

from __future__ import annotations

import sqlite3

import pytest

from app.jobs import failure_text


@pytest.mark.parametrize("sql", ["SELECT placed_mentor FROM t", "SELECT * FROM courses"])
def test_an_older_schema_is_said_as_such(sql):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER)")
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute(sql)
    text = failure_text(raised.value)
    assert text.startswith("数据库还没有升级到本版本的格式（no such ")
    assert "请先用本版本打开一次" in text


def test_another_database_error_is_not_called_an_older_schema():
    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute("SELEC 1")
    assert failure_text(raised.value).startswith("数据库出错：")
