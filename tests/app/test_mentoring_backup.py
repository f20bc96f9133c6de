"""`grassroots mentoring assign --confirm` and its 批量操作前 backup: kept beside the round it was made for, and
given back (deleted, the folder's older backups left alone) when nothing was written — another program's SQLite
lock (exit 3) or any other failure of the write."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from db import connection
from db.backup import backup_dir_for
from tests.app.test_cli_foreign_lock import held_by_another_program
from tests.app.test_mentoring_cli import EVERYONE, MENTORS, _assign, office_db  # noqa: F401 (a fixture)
from tests.app.test_mentoring_round_file import write_round


@pytest.fixture
def db(office_db: Path) -> Path:  # noqa: F811 (test_mentoring_cli's office: three people, a mentor)
    return office_db


def _backups(path: Path) -> list[str] | None:
    """The backup folder's files once any copy still being made is finished; None when there is no folder."""
    for thread in threading.enumerate():
        if thread.name == "backup-ahead":
            thread.join()
    folder = backup_dir_for(path)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else None


def _contents(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize(
    "statements",
    [["BEGIN IMMEDIATE"], ["BEGIN EXCLUSIVE"], ["PRAGMA locking_mode=EXCLUSIVE", "BEGIN EXCLUSIVE"]],
    ids=["immediate", "exclusive", "exclusive-locking-mode"],
)
def test_confirm_beside_another_programs_lock_exits_3_and_keeps_no_backup(
    db, tmp_path, capsys, monkeypatch, statements
):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)  # the app waits 5 s for the other program
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    before, contents = _backups(db), _contents(db)
    with held_by_another_program(db, *statements):
        code = _assign(db, prefs, tmp_path / "result.csv", "--confirm")
        after = _backups(db)
    err = capsys.readouterr().err
    assert code == 3, err
    assert "正在被另一个窗口或程序使用" in err  # with readers shut out too, said before reading the workbook
    assert after == before
    assert _contents(db) == contents


@pytest.mark.parametrize("older", [False, True], ids=["first-backup", "beside-older-backups"])
def test_a_write_that_fails_gives_its_backup_back(db, tmp_path, capsys, monkeypatch, older):
    """No copy left, no folder made for it left, and no older backup rotated out for it (two of one day three
    days ago: a kept backup would leave only the later)."""
    import datetime as dt
    import shutil

    from app.training import mentoring
    from db.backup import backup_file_name

    if older:
        backup_dir_for(db).mkdir()
        day = dt.datetime.now().replace(hour=9, minute=0, second=0, microsecond=0) - dt.timedelta(days=3)
        for when in (day, day + dt.timedelta(hours=1)):
            shutil.copy(db, backup_dir_for(db) / backup_file_name(db, when, "bulk"))

    def broken(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(mentoring, "confirm_round", broken)
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    before, contents = _backups(db), _contents(db)
    assert (before is not None) == older
    assert _assign(db, prefs, tmp_path / "result.csv", "--confirm") == 1
    assert "没有确认，数据库保持原样" in capsys.readouterr().err
    assert _backups(db) == before
    assert _contents(db) == contents


def test_a_confirmed_round_keeps_the_backup_made_before_it(db, tmp_path, capsys):
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    before = _backups(db) or []
    assert _assign(db, prefs, tmp_path / "result.csv", "--confirm") == 0
    out = capsys.readouterr().out
    made = [name for name in _backups(db) or [] if name not in before]
    assert len(made) == 1 and "bulk" in made[0]
    assert "确认前的数据已备份" in out and made[0] in out
    # The backup holds the office as it was: no round yet.
    conn = sqlite3.connect(backup_dir_for(db) / made[0])
    try:
        assert conn.execute("SELECT count(*) FROM selection_rounds").fetchone()[0] == 0
    finally:
        conn.close()
