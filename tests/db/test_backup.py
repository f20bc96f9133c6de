from __future__ import annotations

import datetime
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db import backup, migrations
from db.backup import (
    BackupError,
    backup_dir_for,
    backup_file_name,
    backup_to,
    classify_file,
    describe_backup,
    holds_no_records,
    inspect_backup,
    integrity_check,
    list_backups,
    make_backup,
    needs_daily_backup,
    newest_good_backup,
    quick_check,
    reason_label,
    rotate,
    select_kept,
)
from db.connection import open_database
from db.restore import restore_backup

NOW = datetime.datetime(2024, 6, 15, 12, 0, 0)
STAMP = "2024-01-01T00:00:00+00:00"


# --- helpers -----------------------------------------------------------------------------------


def new_db(path: Path):
    db = open_database(path)
    migrations.apply(db)
    return db


def add_unit(conn: sqlite3.Connection, uid: str, *, deleted: bool = False) -> int:
    cur = conn.execute(
        "INSERT INTO org_units (uid, name, kind, created_at, updated_at, deleted_at) VALUES (?,?,?,?,?,?)",
        (uid, f"单位{uid}", "village", STAMP, STAMP, STAMP if deleted else None),
    )
    return cur.lastrowid


def add_person(
    conn: sqlite3.Connection, uid: str, *, unit_id: int | None = None, deleted: bool = False, note: str = ""
) -> None:
    conn.execute(
        "INSERT INTO people (uid, role, name, gender, id_number, birth_date, status, unit_id, note,"
        " created_at, updated_at, deleted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (uid, "cadre", f"张{uid}", "男", f"ID{uid}", "1980-01-01", "在职", unit_id, note, STAMP, STAMP,
         STAMP if deleted else None),
    )  # fmt: skip


def add_audit(conn: sqlite3.Connection, at: str) -> None:
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, entity, label) VALUES (?,?,?,?,?)",
        (at, "tester", "create", "people", "x"),
    )


def person_uids(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT uid FROM people")}


@pytest.fixture
def live(tmp_path):
    """A real WAL database with two units and three people (one of them deleted)."""
    path = tmp_path / "office.db"
    db = new_db(path)
    conn = db.conn
    unit = add_unit(conn, "u1")
    add_unit(conn, "u2")
    add_unit(conn, "gone", deleted=True)
    add_person(conn, "p1", unit_id=unit)
    add_person(conn, "p2", unit_id=unit)
    add_person(conn, "dead", deleted=True)
    add_audit(conn, "2024-05-01T08:00:00+00:00")
    add_audit(conn, "2024-05-03T09:30:00+00:00")
    conn.commit()
    yield path, conn
    conn.close()


def foreign_db(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('someone')")
    conn.commit()
    conn.close()
    return path


def big_db(path: Path) -> Path:
    """A database of ours spanning many pages, fully checkpointed into the main file."""
    db = new_db(path)
    conn = db.conn
    for i in range(1500):
        add_person(conn, f"p{i}", note="备注" * 100)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    assert path.stat().st_size > 200 * 4096
    return path


def overwrite_middle(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 4)
        handle.write(b"\xab" * (size // 2))


def truncate_half(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def text_file(path: Path) -> Path:
    path.write_text("这不是数据库，只是一个改了名字的文本文件。\n" * 20, encoding="utf-8")
    return path


def touch_backup(folder: Path, when: datetime.datetime, reason: str = "auto", stem: str = "office") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / backup_file_name(Path(f"{stem}.db"), when, reason)
    path.write_bytes(b"")
    return path


# --- names and listing -------------------------------------------------------------------------


def test_backup_file_name_and_folder(tmp_path):
    db_path = tmp_path / "office.db"
    assert backup_file_name(db_path, NOW, "auto") == "office-20240615-120000-auto.db"
    assert backup_dir_for(db_path) == tmp_path / "备份"
    assert not (tmp_path / "备份").exists()  # listing a folder must not create it


@pytest.mark.parametrize("reason", ["", "two words", "自动", "a-b", "x.db"])
def test_backup_file_name_rejects_non_word_reasons(tmp_path, reason):
    with pytest.raises(ValueError):
        backup_file_name(tmp_path / "office.db", NOW, reason)


def test_list_backups_newest_first_and_ignores_others(tmp_path):
    old = touch_backup(tmp_path, NOW - datetime.timedelta(days=2))
    new = touch_backup(tmp_path, NOW, "manual")
    same_second = tmp_path / "office-20240615-120000-manual-2.db"
    same_second.write_bytes(b"")
    other_stem = touch_backup(tmp_path, NOW, stem="县委-2023")
    (tmp_path / "office-20240615-120001-auto.db.part").write_bytes(b"")
    (tmp_path / "office-20241399-120000-auto.db").write_bytes(b"")  # impossible date
    (tmp_path / "notes.db").write_bytes(b"")
    (tmp_path / "office-20240615-120002-auto.db").mkdir()

    assert [p for _, p in list_backups(tmp_path, "office")] == [same_second, new, old]
    assert [p for _, p in list_backups(tmp_path, "县委-2023")] == [other_stem]
    assert len(list_backups(tmp_path)) == 4
    assert list_backups(tmp_path / "missing") == []


def test_last_backup_time_and_needs_daily_backup(tmp_path):
    db_path = tmp_path / "office.db"
    folder = backup_dir_for(db_path)
    assert backup.last_backup_time(db_path) is None
    assert needs_daily_backup(db_path, NOW)

    touch_backup(folder, NOW - datetime.timedelta(hours=25))
    assert backup.last_backup_time(db_path) == NOW - datetime.timedelta(hours=25)
    assert needs_daily_backup(db_path, NOW)

    touch_backup(folder, NOW - datetime.timedelta(hours=23))
    assert not needs_daily_backup(db_path, NOW)
    touch_backup(folder, NOW - datetime.timedelta(hours=23), stem="other")
    assert needs_daily_backup(tmp_path / "third.db", NOW)


def test_needs_daily_backup_ignores_backups_from_a_wrong_clock(tmp_path):
    db_path = tmp_path / "office.db"
    touch_backup(backup_dir_for(db_path), NOW + datetime.timedelta(days=400))
    assert needs_daily_backup(db_path, NOW)


# --- backup_to / make_backup -------------------------------------------------------------------


def test_backup_of_wal_database_contains_data_not_yet_in_main_file(tmp_path):
    path = tmp_path / "office.db"
    conn = new_db(path).conn
    conn.execute("PRAGMA wal_autocheckpoint=0")
    add_person(conn, "only-in-wal")
    conn.commit()
    assert Path(f"{path}-wal").stat().st_size > 0
    # Proof that the test means something: a plain file copy misses the data (here even the tables).
    shutil.copyfile(path, tmp_path / "copied.db")
    copied = sqlite3.connect(tmp_path / "copied.db")
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        person_uids(copied)
    copied.close()

    (tmp_path / "out").mkdir()
    dest = backup_to(conn, tmp_path / "out" / "b.db")

    restored = sqlite3.connect(dest)
    assert person_uids(restored) == {"only-in-wal"}
    assert restored.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    restored.close()
    assert not Path(f"{dest}.part").exists()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["b.db"]
    conn.close()


def test_backup_to_unwritable_destination_raises_chinese_error(live, tmp_path):
    _, conn = live
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(BackupError, match="备份没有成功"):
        backup_to(conn, blocker / "b.db")
    # The live database keeps working after the failure.
    add_person(conn, "after-failure")
    conn.commit()


def test_backup_to_leaves_no_part_file_when_the_copy_fails(live, tmp_path, monkeypatch):
    _, conn = live

    def broken_fsync(path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_fsync_file", broken_fsync)
    with pytest.raises(BackupError):
        backup_to(conn, tmp_path / "b.db")
    assert list(tmp_path.glob("b.db*")) == []


def test_backup_to_refuses_open_transaction_and_the_live_file(live):
    path, conn = live
    with pytest.raises(BackupError):
        backup_to(conn, path)
    add_person(conn, "pending")
    with pytest.raises(BackupError, match="未完成"):
        backup_to(conn, path.parent / "b.db")
    conn.rollback()


def test_make_backup_same_second_gets_suffixes(live):
    path, conn = live
    first = make_backup(conn, path, "manual", now=NOW)
    second = make_backup(conn, path, "manual", now=NOW)
    third = make_backup(conn, path, "manual", now=NOW)
    assert first.parent == backup_dir_for(path)
    assert [first.name, second.name, third.name] == [
        "office-20240615-120000-manual.db",
        "office-20240615-120000-manual-2.db",
        "office-20240615-120000-manual-3.db",
    ]
    assert all(inspect_backup(p).ok for p in (first, second, third))


def test_make_backup_rotates_only_its_own_folder(live, tmp_path):
    path, conn = live
    folder = backup_dir_for(path)
    stale = [touch_backup(folder, NOW - datetime.timedelta(days=d)) for d in (3, 3.5)]
    foreign = touch_backup(folder, NOW - datetime.timedelta(days=3.5), stem="other")
    made = make_backup(conn, path, "auto", now=NOW)
    assert made.exists()
    assert stale[0].exists() and not stale[1].exists()  # the older of the same day goes
    assert foreign.exists()

    usb = tmp_path / "usb"
    kept = [touch_backup(usb, NOW - datetime.timedelta(days=d)) for d in (3, 3.5)]
    make_backup(conn, path, "manual", now=NOW, directory=usb)
    assert all(p.exists() for p in kept)


def test_make_backup_reports_an_uncreatable_folder(live, tmp_path):
    _, conn = live
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(BackupError):
        make_backup(conn, tmp_path / "office.db", "manual", directory=blocker / "sub")


# --- inspect_backup ----------------------------------------------------------------------------


def test_inspect_backup_counts_living_records(live):
    path, conn = live
    made = make_backup(conn, path, "manual", now=NOW)
    info = inspect_backup(made)
    assert info.ok and info.problem is None
    assert (info.people, info.units) == (2, 2)
    assert info.last_change == "2024-05-03T09:30:00+00:00"
    assert info.created_at == NOW
    assert info.path == made


def test_inspect_backup_of_empty_audit_log_and_foreign_name(tmp_path):
    conn = new_db(tmp_path / "office.db").conn
    dest = backup_to(conn, tmp_path / "my copy.db")
    conn.close()
    mtime = datetime.datetime(2023, 3, 4, 5, 6, 7)
    os.utime(dest, (mtime.timestamp(), mtime.timestamp()))
    info = inspect_backup(dest)
    assert info.ok
    assert info.last_change is None
    assert (info.people, info.units) == (0, 0)
    assert info.created_at == mtime


def _make_text(path: Path) -> Path:
    return text_file(path)


def _make_foreign(path: Path) -> Path:
    return foreign_db(path)


def _make_overwritten(path: Path) -> Path:
    big_db(path)
    overwrite_middle(path)
    return path


def _make_truncated(path: Path) -> Path:
    big_db(path)
    truncate_half(path)
    return path


def _make_short(path: Path) -> Path:
    path.write_bytes(b"SQLite")
    return path


BAD_FILES = {
    "text renamed .db": (_make_text, "不是数据库文件"),
    "too short for a header": (_make_short, "不是数据库文件"),
    "foreign sqlite": (_make_foreign, "其他程序"),
    "overwritten middle": (_make_overwritten, "损坏"),
    "truncated": (_make_truncated, "损坏"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_inspect_backup_bad_files(tmp_path, case):
    make, expected = BAD_FILES[case]
    path = make(tmp_path / "office-20240101-010101-auto.db")
    info = inspect_backup(path)
    assert not info.ok
    assert expected in info.problem
    assert info.created_at == datetime.datetime(2024, 1, 1, 1, 1, 1)
    said, _, detail = info.problem.partition("（技术信息：")  # SQLite's English only after that, if at all
    assert not any("a" <= c.lower() <= "z" for c in said.replace(path.name, "")), info.problem


def test_inspect_backup_missing_file(tmp_path):
    info = inspect_backup(tmp_path / "nothing.db")
    assert not info.ok and "找不到" in info.problem
    assert info.created_at is None


def test_quick_check_catches_overwritten_pages(tmp_path):
    path = _make_overwritten(tmp_path / "big.db")
    conn = sqlite3.connect(path)
    problem = quick_check(conn)
    conn.close()
    assert problem is not None and problem.startswith("数据库文件已损坏")


def test_checks_pass_on_healthy_database(live):
    _, conn = live
    assert quick_check(conn) is None
    assert integrity_check(conn) == []


def test_integrity_check_reports_broken_references(live):
    _, conn = live
    conn.execute("PRAGMA foreign_keys=OFF")
    add_person(conn, "orphan", unit_id=999)
    conn.commit()
    conn.execute("PRAGMA foreign_keys=ON")
    problems = integrity_check(conn)
    assert len(problems) == 1
    assert "people" in problems[0] and "org_units" in problems[0]


def test_integrity_check_reports_damage(tmp_path):
    path = _make_overwritten(tmp_path / "big.db")
    conn = sqlite3.connect(path)
    problems = integrity_check(conn)
    conn.close()
    assert problems and all(isinstance(line, str) for line in problems)


# --- restore -----------------------------------------------------------------------------------


def test_restore_replaces_live_content_and_connection_keeps_working(live):
    path, conn = live
    made = make_backup(conn, path, "manual", now=NOW)
    add_person(conn, "added-later")
    conn.execute("DELETE FROM people WHERE uid = 'p2'")
    conn.commit()

    restore_backup(made, conn)

    assert person_uids(conn) == {"p1", "p2", "dead"}
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    add_person(conn, "after-restore")
    conn.commit()
    other = sqlite3.connect(path)
    assert person_uids(other) == {"p1", "p2", "dead", "after-restore"}
    other.close()
    assert quick_check(conn) is None


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_restore_refuses_bad_backup_and_leaves_live_alone(live, tmp_path, case):
    _, conn = live
    make, _ = BAD_FILES[case]
    bad = make(tmp_path / "bad.db")
    with pytest.raises(BackupError, match="不能用"):
        restore_backup(bad, conn)
    assert person_uids(conn) == {"p1", "p2", "dead"}


def test_restore_refuses_while_a_transaction_is_open(live):
    path, conn = live
    made = make_backup(conn, path, "manual", now=NOW)
    add_person(conn, "pending")
    with pytest.raises(BackupError, match="未完成"):
        restore_backup(made, conn)
    conn.rollback()


def test_newest_good_backup_skips_damaged_ones(live):
    path, conn = live
    assert newest_good_backup(path) is None
    good = make_backup(conn, path, "auto", now=NOW - datetime.timedelta(hours=2))
    newer = make_backup(conn, path, "auto", now=NOW - datetime.timedelta(hours=1))
    assert newest_good_backup(path) == newer
    text_file(newer)
    assert newest_good_backup(path) == good


# --- classify_file -----------------------------------------------------------------------------


def test_classify_healthy_new_and_empty(live, tmp_path):
    path, _ = live
    assert classify_file(path) is None  # our database, open in WAL mode right now
    assert classify_file(tmp_path / "does-not-exist.db") is None
    (tmp_path / "empty.db").write_bytes(b"")
    assert classify_file(tmp_path / "empty.db") is None
    blank = sqlite3.connect(tmp_path / "blank.db")
    blank.execute("PRAGMA user_version=0")
    blank.execute("VACUUM")  # forces a valid header onto disk with no tables
    blank.close()
    assert (tmp_path / "blank.db").stat().st_size > 0
    assert classify_file(tmp_path / "blank.db") is None


def test_classify_new_database_interrupted_before_first_migration(tmp_path):
    path = tmp_path / "half.db"
    db = open_database(path)
    migrations.migrations.ensure_migrations_table(db)
    db.conn.close()
    assert classify_file(path) is None


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_classify_bad_files(tmp_path, case):
    make, expected = BAD_FILES[case]
    message = classify_file(make(tmp_path / "office.db"))
    assert message is not None and expected in message


def test_classify_foreign_application_id_without_tables(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("PRAGMA application_id = 1234")
    conn.close()
    assert "其他程序" in classify_file(tmp_path / "x.db")


def test_classify_folder(tmp_path):
    assert "不是一个文件" in classify_file(tmp_path)


# --- rotation policy ---------------------------------------------------------------------------


def days_ago(days: float, hour: int = 0) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days) + datetime.timedelta(hours=hour)


def daily_for(n: int) -> list[datetime.datetime]:
    """One backup a day at 03:00 for the last n days (none today after 03:00 counts as young)."""
    base = datetime.datetime(2024, 6, 15, 3, 0)
    return [base - datetime.timedelta(days=d) for d in range(n)]


SELECT_CASES = [
    ("nothing", [], set()),
    ("one old backup is kept", [days_ago(100)], {days_ago(100)}),
    (
        "same old day keeps only its newest",
        [days_ago(3, 1), days_ago(3, 2), days_ago(3, 5)],
        {days_ago(3, 5)},
    ),
    (
        "everything under 24 hours is kept",
        [NOW - datetime.timedelta(minutes=m) for m in (1, 30, 600, 1400)],
        {NOW - datetime.timedelta(minutes=m) for m in (1, 30, 600, 1400)},
    ),
    (
        "future-dated backups are kept",
        [NOW + datetime.timedelta(days=300), days_ago(2, 1), days_ago(2, 2)],
        {NOW + datetime.timedelta(days=300), days_ago(2, 2)},
    ),
]


@pytest.mark.parametrize(
    ("times", "expected"), [c[1:] for c in SELECT_CASES], ids=[c[0] for c in SELECT_CASES]
)
def test_select_kept_cases(times, expected):
    assert select_kept(times, NOW) == expected


def test_select_kept_daily_weekly_monthly_for_a_year_of_daily_backups():
    times = daily_for(400)
    kept = select_kept(times, NOW)
    daily = set(times[:7])  # 2024-06-09 .. 06-15
    # Newest of each ISO week: Sat 15 Jun (week 24), Sun 9, Sun 2 Jun, Sun 26 May.
    weekly = {datetime.datetime(2024, 6, d, 3) for d in (15, 9, 2)} | {datetime.datetime(2024, 5, 26, 3)}
    # Newest of each month: 15 Jun, then the last day of the 11 months before.
    month_ends = [datetime.datetime(2024, 6, 1, 3)]
    for _ in range(11):
        month_ends.append(month_ends[-1].replace(day=1) - datetime.timedelta(days=1))
    monthly = {datetime.datetime(2024, 6, 15, 3)} | set(month_ends[1:])
    assert kept == daily | weekly | monthly
    assert len(kept) == 7 + 2 + 11  # Sat 15 / Sun 9 are shared with daily, 15 Jun with monthly


def test_select_kept_counts_only_days_that_have_backups():
    sparse = [days_ago(d * 10) for d in range(1, 12)]
    kept = select_kept(sparse, NOW)
    assert set(sparse[:7]) <= kept


def test_rotate_deletes_and_returns_what_is_not_kept(tmp_path):
    times = daily_for(60) + [days_ago(30, 1)]
    paths = {when: touch_backup(tmp_path, when) for when in times}
    other = touch_backup(tmp_path, days_ago(59), stem="other")
    deleted = rotate(tmp_path, "office", NOW)
    kept = select_kept(times, NOW)
    assert set(deleted) == {paths[t] for t in times if t not in kept}
    assert all(paths[t].exists() for t in kept)
    assert not any(p.exists() for p in deleted)
    assert other.exists()
    assert rotate(tmp_path, "office", NOW) == []


def test_rotate_skips_files_it_cannot_delete(tmp_path, monkeypatch):
    stale = [touch_backup(tmp_path, days_ago(40, h)) for h in (1, 2)]

    def refuse(self, missing_ok=False):
        raise PermissionError("in use")

    monkeypatch.setattr(Path, "unlink", refuse)
    assert rotate(tmp_path, "office", NOW) == []
    assert all(p.exists() for p in stale)


backup_times = st.lists(
    st.datetimes(min_value=datetime.datetime(2021, 1, 1), max_value=datetime.datetime(2025, 1, 1)).map(
        lambda t: t.replace(microsecond=0)
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(times=backup_times, now=st.datetimes(datetime.datetime(2022, 1, 1), datetime.datetime(2024, 12, 31)))
def test_select_kept_properties(times, now):
    kept = select_kept(times, now)
    young = {t for t in times if now - t < datetime.timedelta(hours=24)}
    assert kept <= set(times)
    assert young <= kept
    assert len(kept) <= 7 + 4 + 12 + len(young)
    past = [t for t in times if t <= now]
    if past:
        assert max(past) in kept
    # Rotating again at the same moment deletes nothing more.
    assert select_kept(list(kept), now) == kept


# --- reasons in Chinese ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        ("auto", "自动"),
        ("exit", "退出时"),
        ("migrate", "升级前"),
        ("bulk", "批量操作前"),
        ("manual", "手动"),
        ("safety", "恢复前"),
    ],
)
def test_every_backup_reason_reads_chinese(tmp_path, reason, label):
    when = datetime.datetime(2026, 11, 21, 16, 20, 5)
    path = tmp_path / backup_file_name(tmp_path / "office.db", when, reason)
    assert reason_label(path) == label
    assert describe_backup(path) == f"{label}备份，2026-11-21 16:20:05"
    assert reason_label(path.with_name(path.stem + "-2.db")) == label


def test_a_reason_without_a_chinese_label_is_refused(tmp_path):
    with pytest.raises(ValueError):
        backup_file_name(tmp_path / "office.db", NOW, "nightly")


def test_describe_a_file_that_is_not_one_of_our_backups(tmp_path):
    assert reason_label(Path("名单.db")) == ""
    assert describe_backup(Path("名单.db")) == "备份文件“名单.db”"
    assert reason_label(Path("office-20261121-162000-weird.db")) == ""


def test_every_reason_the_code_uses_has_a_label():
    """A new reason in make_backup/office.backup/backup_file_name must get its Chinese words in REASON_LABELS."""
    import re

    project = Path(__file__).resolve().parents[2]
    used = set()
    call = re.compile(r'(?:make_backup|\.backup|backup_file_name|automatic_backup)\(.*?"([a-z]+)"')
    for package in ("app", "db", "ui"):
        for source in (project / package).rglob("*.py"):
            used.update(call.findall(source.read_text(encoding="utf-8")))
    assert {"auto", "exit", "migrate", "bulk", "manual", "safety"} <= used
    assert used <= set(backup.REASON_LABELS)


def test_backup_to_a_folder_that_does_not_exist_is_refused(live, tmp_path):
    _, conn = live
    target = tmp_path / "no" / "such" / "usb"
    with pytest.raises(BackupError, match="不存在") as caught:
        backup_to(conn, target / "copy.db")
    assert str(target) in str(caught.value)
    assert not (tmp_path / "no").exists()


def test_classify_an_existing_database_refuses_empty_and_missing_files(live, tmp_path):
    path, _ = live
    assert classify_file(path, new_ok=False) is None
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    problem = classify_file(empty, new_ok=False)
    assert "是空的" in problem and "不是本系统的数据库" in problem and str(empty) in problem
    blank = sqlite3.connect(tmp_path / "blank.db")
    blank.execute("VACUUM")
    blank.close()
    assert "不是本系统的数据库" in classify_file(tmp_path / "blank.db", new_ok=False)
    assert "不存在" in classify_file(tmp_path / "missing.db", new_ok=False)
    assert empty.read_bytes() == b""


def test_holds_no_records_until_something_is_entered(tmp_path):
    db = new_db(tmp_path / "new.db")
    assert holds_no_records(db.conn)  # nothing a backup of it would keep: an import does not back it up
    add_unit(db.conn, "u1")
    assert not holds_no_records(db.conn)
    db.conn.close()


def test_a_database_set_aside_takes_its_journal_with_it(tmp_path):
    from app.office import set_aside

    path = tmp_path / "office.db"
    path.write_bytes(b"damaged")
    for extra in ("-wal", "-shm", "-journal"):
        Path(f"{path}{extra}").write_bytes(extra.encode())
    aside = set_aside(path)
    assert not path.exists() and aside.read_bytes() == b"damaged"
    for extra in (
        "-wal",
        "-shm",
        "-journal",
    ):  # none left behind to be applied to a new file at the same path
        assert not Path(f"{path}{extra}").exists()
        assert Path(f"{aside}{extra}").read_bytes() == extra.encode()
