"""Schema migrations and opening an office database.

Rule (DESIGN.md, Data): keep a database file of each released schema in tests/data and migrate it forward.
``tests/data/schema_m001.db`` is the schema as released with ``m001_initial``; it is never regenerated or
edited. It was made once by applying ``db.migrations`` to a new file with plain ``sqlite3`` + sqlite-utils,
inserting 4 units (one in the bin), 3 people (one in the bin), one setting and 3 audit rows with plain SQL,
then ``PRAGMA journal_mode=DELETE`` and ``VACUUM`` so it is one small self-contained file. When a migration
``m00N`` is released, add ``schema_m00N.db`` made the same way: every ``schema_*.db`` here is opened and
migrated forward by ``test_every_released_schema_migrates_forward``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Migrations

from app import audit
from app.office import OfficeError, open_office
from app.units.service import create_unit
from db import migrations
from db.backup import backup_dir_for, inspect_backup, list_backups, make_backup
from db.connection import APPLICATION_ID, open_database

DATA = Path(__file__).resolve().parents[1] / "data"
SCHEMA_M001 = DATA / "schema_m001.db"
CHINESE = re.compile(r"[\u4e00-\u9fff]")

PEOPLE_COLUMNS = [
    "id", "uid", "role", "name", "gender", "ethnicity", "id_number", "birth_date", "education", "major",
    "political_status", "party_join_date", "work_start_date", "post_start_date", "unit_id", "position", "phone",
    "source", "status", "social_work_level", "photo", "note", "search_key", "created_at", "updated_at",
    "deleted_at", "deleted_by", "name_order",
]  # fmt: skip
UNIT_COLUMNS = [
    "id", "uid", "name", "kind", "parent_id", "credit_code", "note", "sort_order", "created_at", "updated_at",
    "deleted_at", "deleted_by",
]  # fmt: skip
AUDIT_COLUMNS = [
    "id",
    "at",
    "actor",
    "action",
    "entity",
    "record_id",
    "record_uid",
    "label",
    "before",
    "after",
]

APPRAISAL_COLUMNS = {
    "appraisal_schemes": [
        "id", "uid", "key", "name", "builtin", "roles", "period_type", "components", "bonus_cap", "bonus_name",
        "tie_breakers", "rule", "remedial_below", "created_at", "updated_at", "deleted_at", "deleted_by",
    ],
    "appraisal_periods": [
        "id", "uid", "scheme_id", "year", "quarter", "split", "finalized_at", "finalized_by", "created_at",
        "updated_at", "deleted_at", "deleted_by",
    ],
    "appraisal_scores": [
        "id", "uid", "period_id", "person_id", "scores", "bonus", "override_grade", "override_reason",
        "created_at", "updated_at", "deleted_at", "deleted_by",
    ],
    "honor_serials": ["year", "last_number"],
    "honors": [
        "id", "uid", "person_id", "kind", "title", "period_id", "year", "serial", "serial_text", "issued_on",
        "issuer", "withdrawn_at", "withdrawn_by", "withdrawn_reason", "created_at", "updated_at",
    ],
}  # fmt: skip
_LIFE = ["created_at", "updated_at", "deleted_at", "deleted_by"]
CARE_COLUMNS = {
    "care_events": ["id", "uid", "person_id", "kind", "date", "note", *_LIFE],
    "care_visits": [
        "id", "uid", "date", "kind", "method", "occasion", "visitors", "gift", "amount_fen", "note",
        "follow_up_date", "event_id", *_LIFE,
    ],
    "care_visit_people": ["id", "uid", "visit_id", "person_id", *_LIFE],
    "care_talks": [
        "id", "uid", "person_id", "date", "reason", "talker", "summary", "follow_up_date", "event_id", *_LIFE,
    ],
    "care_health_checks": ["id", "uid", "person_id", "date", "place", "note", *_LIFE],
    "care_budgets": ["id", "uid", "year", "amount_fen", "note", *_LIFE],
}  # fmt: skip

TRAINING_TABLES = (
    "courses", "enrolments", "course_certificate_serials", "mentors", "selection_rounds", "selection_choices",
    "mentor_pairs", "mentor_tasks", "mentor_activities", "selection_mentors",
)  # fmt: skip


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def schema_objects(conn: sqlite3.Connection, kind: str) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'", [kind])
    return {row[0] for row in rows}


def index_sql(conn: sqlite3.Connection, name: str) -> str:
    return conn.execute("SELECT sql FROM sqlite_master WHERE type='index' AND name=?", [name]).fetchone()[0]


@pytest.fixture
def blank(tmp_path):
    db = open_database(tmp_path / "blank.db")
    yield db
    db.conn.close()


# --- migrating a blank database ----------------------------------------------------------------


ALL_MIGRATIONS = [
    "m001_initial",
    "m002_import_batches",
    "m003_name_order",
    "m004_search_key_syllables",
    "m005_app_versions",
    "m006_appraisals",
    "m007_care",
    "m008_appraisal_followups",
    "m009_training",
    "m010_round_placements",
]


def test_blank_database_gets_exactly_the_expected_schema(blank):
    assert migrations.pending(blank) == ALL_MIGRATIONS
    assert migrations.apply(blank) == ALL_MIGRATIONS
    conn = blank.conn

    assert schema_objects(conn, "table") == {
        "_sqlite_migrations",
        "settings",
        "org_units",
        "people",
        "audit_log",
        "import_batches",
        "import_changes",
        "app_versions",
        "appraisal_schemes",
        "appraisal_periods",
        "appraisal_scores",
        "honor_serials",
        "honors",
        *CARE_COLUMNS,
        "remedial_requirements",
        "appraisal_suggestions",
        "points_entries",
        *TRAINING_TABLES,
    }
    for table, expected in CARE_COLUMNS.items():
        assert columns(conn, table) == expected, table
    assert columns(conn, "app_versions") == ["migration", "app_version"]
    for table, expected in APPRAISAL_COLUMNS.items():
        assert columns(conn, table) == expected, table
    assert columns(conn, "people") == PEOPLE_COLUMNS
    assert columns(conn, "org_units") == UNIT_COLUMNS
    assert columns(conn, "audit_log") == AUDIT_COLUMNS
    assert columns(conn, "settings") == ["key", "value"]
    assert columns(conn, "selection_choices")[-1] == "placed_mentor"  # m010
    assert columns(conn, "selection_mentors") == [
        "id", "uid", "round_id", "mentor_id", "min_mentees", "max_mentees", *_LIFE,
    ]  # fmt: skip
    assert schema_objects(conn, "index") == {
        "org_units_parent",
        "people_living_id_number",
        "people_unit",
        "audit_log_at",
        "audit_log_record",
        "import_changes_batch",
        "people_name_order_missing",
        "people_search_key_missing",
        "idx__sqlite_migrations_migration_set_name",
        "appraisal_schemes_living_key",
        "appraisal_periods_living",
        "appraisal_scores_living",
        "appraisal_scores_person",
        "honors_serial",
        "honors_person",
        "honors_period",
        "care_events_person",
        "care_visits_date",
        "care_visits_event",
        "care_visit_people_pair",
        "care_visit_people_person",
        "care_talks_person",
        "care_talks_event",
        "care_health_checks_person",
        "care_budgets_living_year",
        "remedial_requirements_living",
        "remedial_requirements_person",
        "appraisal_suggestions_once",
        "points_entries_once",
        "points_entries_living_year",
        "courses_start",
        "enrolments_living_pair",
        "enrolments_person",
        "mentors_person",
        "selection_choices_round",
        "mentor_pairs_mentor",
        "mentor_pairs_mentee",
        "mentor_tasks_pair",
        "mentor_activities_pair",
        "selection_mentors_round",
    }
    assert schema_objects(conn, "view") == set() and schema_objects(conn, "trigger") == set()
    partial = " ".join(index_sql(conn, "people_living_id_number").split())
    assert (
        partial == "CREATE UNIQUE INDEX people_living_id_number ON people(id_number) WHERE deleted_at IS NULL"
    )
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID == 0x47524453
    foreign = {(row[2], row[3], row[4]) for row in conn.execute("PRAGMA foreign_key_list(people)")}
    assert foreign == {("org_units", "unit_id", "id")}
    uniques = {row[1] for row in conn.execute("PRAGMA index_list(people)") if row[2]}
    assert uniques == {"people_living_id_number", "sqlite_autoindex_people_1"}  # id_number (living) and uid


def test_apply_is_idempotent(blank):
    migrations.apply(blank)
    assert migrations.pending(blank) == []
    assert migrations.apply(blank) == []
    applied = blank.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    assert applied == [("grassroots", name) for name in ALL_MIGRATIONS]


def test_living_id_numbers_are_unique_but_the_bin_may_repeat_them(blank):
    migrations.apply(blank)
    conn = blank.conn
    conn.execute(
        "INSERT INTO org_units (id, uid, name, kind, created_at, updated_at) VALUES (1, 'u', '社区', '社区/村', 't', 't')"
    )
    insert = (
        "INSERT INTO people (uid, role, name, gender, id_number, birth_date, unit_id, status, created_at,"
        " updated_at, deleted_at) VALUES (?, 'instructor', '张三', '男', '510107199003151231', '1990-03-15', 1,"
        " '在岗', 't', 't', ?)"
    )
    conn.execute(insert, ["a", "2024-01-01"])
    conn.execute(insert, ["b", "2024-02-01"])
    conn.execute(insert, ["c", None])
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert, ["d", None])


def test_migration_names_are_numbered_in_order():
    names = [m.name for m in migrations.migrations._migrations]
    assert names == sorted(names)
    assert all(re.fullmatch(r"m\d{3}_[a-z0-9_]+", name) for name in names)
    assert names[0] == "m001_initial"


# --- released schemas migrate forward ----------------------------------------------------------


def test_schema_m001_fixture_is_small_and_self_contained():
    assert SCHEMA_M001.stat().st_size < 100_000
    assert not SCHEMA_M001.with_name(SCHEMA_M001.name + "-wal").exists()
    conn = sqlite3.connect(f"{SCHEMA_M001.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT name FROM _sqlite_migrations").fetchall() == [("m001_initial",)]
    finally:
        conn.close()


def test_schema_m001_migrates_forward_with_rows_intact(tmp_path):
    path = tmp_path / "office.db"
    shutil.copyfile(SCHEMA_M001, path)
    office = open_office(path)
    try:
        db = office.db
        assert migrations.pending(db) == []
        assert office.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert office.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        units = db.execute(
            "SELECT id, name, kind, parent_id, credit_code, deleted_at IS NOT NULL FROM org_units"
        )
        assert units.fetchall() == [
            (1, "武侯区", "区/县", None, None, 0),
            (2, "玉林街道", "街道/镇", 1, "91350100M000100Y43", 0),
            (3, "芳草社区", "社区/村", 2, None, 0),
            (4, "撤并社区", "社区/村", 2, None, 1),
        ]
        people = db.execute(
            "SELECT id, name, id_number, birth_date, unit_id, deleted_at IS NOT NULL FROM people"
        )
        assert people.fetchall() == [
            (1, "张三", "510107199003151236", "1990-03-15", 3, 0),
            (2, "欧阳娜娜", "510107198506201245", "1985-06-20", 2, 0),
            (3, "李四", "510107199501011359", "1995-01-01", 1, 1),
        ]
        assert db.execute("SELECT key, value FROM settings").fetchall() == [
            ("office_name", "中共成都市武侯区委组织部")
        ]
        entries = audit.query(db)
        assert [(e.action, e.entity, e.record_id, e.label) for e in entries] == [
            ("delete", "person", 3, "李四"),
            ("create", "unit", 3, "芳草社区"),
            ("create", "person", 1, "张三"),
        ]
        assert entries[-1].after == {"name": "张三"}
        # m002 was pending: the file was backed up before it ran, and the migration is no change of data.
        assert [p.name.rsplit("-", 1)[-1] for p in office.backups] == ["migrate.db"]
        assert not office.changed_since_open()
        assert db.execute("SELECT count(*) FROM import_batches").fetchone()[0] == 0
        # m003 added the sort key; the people already there got theirs from their names.
        orders = db.execute("SELECT name, name_order FROM people ORDER BY id").fetchall()
        assert orders == [("张三", "zhang san"), ("欧阳娜娜", "ou yang na na"), ("李四", "li si")]
    finally:
        office.close(backup_if_changed=False)


@pytest.mark.parametrize("fixture", sorted(DATA.glob("schema_*.db")), ids=lambda p: p.stem)
def test_every_released_schema_migrates_forward(tmp_path, fixture):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    before = sqlite3.connect(path)
    counts = {t: before.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("people", "org_units")}
    before.close()
    office = open_office(path)
    try:
        assert migrations.pending(office.db) == []
        assert office.conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        for table, rows in counts.items():
            assert office.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == rows
    finally:
        office.close(backup_if_changed=False)


# --- a pending migration -----------------------------------------------------------------------


def with_extra_migration(monkeypatch, body) -> None:
    """Replace the registered set by a copy holding the real migrations plus `m999_test` running `body`."""
    extended = Migrations(migrations.migrations.name)
    for migration in migrations.migrations._migrations:
        extended(name=migration.name, transactional=migration.transactional)(migration.fn)
    extended(name="m999_test")(body)
    monkeypatch.setattr(migrations, "migrations", extended)


def add_column(db) -> None:
    db.execute("ALTER TABLE people ADD COLUMN test_extra TEXT")


def test_open_office_backs_up_before_applying_a_pending_migration(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    shutil.copyfile(SCHEMA_M001, path)
    with_extra_migration(monkeypatch, add_column)

    office = open_office(path)
    try:
        assert migrations.pending(office.db) == []
        assert "test_extra" in columns(office.conn, "people")
        assert len(office.backups) == 1
        backup = office.backups[0]
        assert backup.parent == backup_dir_for(path) and backup.name.endswith("-migrate.db")
        copy = sqlite3.connect(backup)
        try:
            assert "test_extra" not in columns(copy, "people")  # taken before the migration ran
            assert copy.execute("SELECT name FROM _sqlite_migrations").fetchall() == [("m001_initial",)]
        finally:
            copy.close()
        info = inspect_backup(backup)
        assert (info.ok, info.people, info.units) == (True, 2, 3)
    finally:
        office.close(backup_if_changed=False)


def test_new_database_is_not_backed_up_before_its_first_migrations(tmp_path, monkeypatch):
    with_extra_migration(monkeypatch, add_column)
    office = open_office(tmp_path / "new.db")
    try:
        assert office.backups == []
        assert "test_extra" in columns(office.conn, "people")
    finally:
        office.close(backup_if_changed=False)
    assert list_backups(backup_dir_for(tmp_path / "new.db")) == []


def test_pending_migrations_are_applied_all_or_none(blank, monkeypatch):
    def broken(db) -> None:
        db.execute("ALTER TABLE no_such_table ADD COLUMN x TEXT")

    with_extra_migration(monkeypatch, broken)
    with pytest.raises(sqlite3.OperationalError):
        migrations.apply(blank)
    assert migrations.pending(blank) == [*ALL_MIGRATIONS, "m999_test"]  # m001 … m010 rolled back with it
    assert not blank["people"].exists()
    monkeypatch.undo()
    assert migrations.apply(blank) == ALL_MIGRATIONS


def test_failed_migration_leaves_data_untouched_and_the_file_unlocked(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    shutil.copyfile(SCHEMA_M001, path)

    def broken(db) -> None:
        db.execute("ALTER TABLE people ADD COLUMN half_done TEXT")
        db.execute("ALTER TABLE no_such_table ADD COLUMN x TEXT")

    with_extra_migration(monkeypatch, broken)
    with pytest.raises(OfficeError) as caught:
        open_office(path)
    assert "数据库升级没有完成" in caught.value.message
    assert caught.value.in_use is False
    monkeypatch.undo()

    office = open_office(path)  # the lock was released and the old schema still works
    try:
        assert "half_done" not in columns(office.conn, "people")
        assert office.db.execute("SELECT count(*) FROM people").fetchone()[0] == 3
    finally:
        office.close(backup_if_changed=False)


# --- files that are not (usable) office databases ----------------------------------------------


def make_office_file(path: Path) -> None:
    office = open_office(path)
    create_unit(office.db, {"name": "武侯区", "kind": "区/县"}, "测试")
    office.close(backup_if_changed=False)


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\x55" * (4096 - 100)  # the schema page, just after the file header
    path.write_bytes(bytes(data))


def foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()


def foreign_with_app_id(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def text_file(path: Path) -> None:
    path.write_text("姓名,公民身份号码\n张三,510107199003151231\n", encoding="utf-8")


def damaged(path: Path) -> None:
    make_office_file(path)
    corrupt(path)


def truncated(path: Path) -> None:
    make_office_file(path)
    path.write_bytes(path.read_bytes()[:5000])


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (foreign_sqlite, "其他程序"),
        (foreign_with_app_id, "其他程序"),
        (text_file, "不是数据库文件"),
        (damaged, "损坏"),
        (truncated, "损坏"),
    ],
    ids=["foreign", "foreign-app-id", "text", "damaged", "truncated"],
)
def test_unusable_files_are_refused_with_a_chinese_message(tmp_path, make, fragment):
    path = tmp_path / "office.db"
    make(path)
    before = path.read_bytes()
    with pytest.raises(OfficeError) as caught:
        open_office(path)
    error = caught.value
    assert fragment in error.message and CHINESE.search(error.message)
    assert str(error) == error.message
    assert error.good_backup is None and error.in_use is False
    assert path.read_bytes() == before  # refused files are never touched


def test_an_empty_file_is_opened_as_a_new_database(tmp_path):
    path = tmp_path / "office.db"
    path.touch()
    office = open_office(path)
    try:
        assert migrations.pending(office.db) == []
        assert office.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        office.close(backup_if_changed=False)


def test_refusal_names_the_newest_good_backup(tmp_path):
    path = tmp_path / "office.db"
    office = open_office(path)
    create_unit(office.db, {"name": "武侯区", "kind": "区/县"}, "测试")
    now = dt.datetime.now().replace(microsecond=0)
    older = make_backup(office.conn, path, "manual", now=now - dt.timedelta(hours=3))
    good = make_backup(office.conn, path, "manual", now=now - dt.timedelta(hours=2))
    broken = make_backup(office.conn, path, "manual", now=now - dt.timedelta(hours=1))
    office.close(backup_if_changed=False)
    broken.write_text("not a database")
    corrupt(path)

    with pytest.raises(OfficeError) as caught:
        open_office(path)

    assert caught.value.good_backup == good
    assert older.exists() and inspect_backup(good).units == 1


# --- locking and closing -----------------------------------------------------------------------


def test_second_open_of_the_same_file_is_refused_as_in_use(tmp_path):
    path = tmp_path / "office.db"
    first = open_office(path)
    try:
        with pytest.raises(OfficeError) as caught:
            open_office(path)
        assert caught.value.in_use is True
        assert "正在被另一个窗口或程序使用" in caught.value.message
        assert caught.value.good_backup is None
        # The refused open left the first one working.
        create_unit(first.db, {"name": "武侯区", "kind": "区/县"}, "测试")
    finally:
        first.close(backup_if_changed=False)
    again = open_office(path)  # closing released the lock
    again.close(backup_if_changed=False)


def test_close_backs_up_only_when_something_changed(tmp_path):
    path = tmp_path / "office.db"
    office = open_office(path)
    assert office.close() is None
    assert list_backups(backup_dir_for(path)) == []

    office = open_office(path)
    create_unit(office.db, {"name": "武侯区", "kind": "区/县"}, "测试")
    assert office.changed_since_open()
    made = office.close()
    assert made is not None and made.name.endswith("-exit.db")
    assert [p for _, p in list_backups(backup_dir_for(path))] == [made]
    assert inspect_backup(made).units == 1

    office = open_office(path)  # reopened and left alone: no second backup
    assert office.close() is None
    assert len(list_backups(backup_dir_for(path))) == 1


def test_close_without_backup_when_asked_not_to(tmp_path):
    path = tmp_path / "office.db"
    office = open_office(path)
    create_unit(office.db, {"name": "武侯区", "kind": "区/县"}, "测试")
    assert office.close(backup_if_changed=False) is None
    assert list_backups(backup_dir_for(path)) == []
