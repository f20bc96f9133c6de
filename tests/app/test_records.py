"""The record registry: every binnable table is registered, the bin and the audit text read it, a new kind with
companions works from its one entry, and several bin items are handled in one transaction."""

from __future__ import annotations

import pytest

from app import record_text, records, recycle
from app.audit import query
from app.changes import OperationRefused
from app.exchange.plan import RowPlan
from app.office import open_office
from app.people.service import create_person, retire_people
from app.record_kind import Companion, RecordKind
from app.record_text import change_text
from app.records import kind
from app.units.service import create_unit, delete_unit
from db import migrations
from db.connection import open_memory
from tests.ids import make_id as _id

ACTOR = "测试员"


@pytest.fixture
def db(tmp_path):
    office = open_office(tmp_path / "office.db", lock=False)
    yield office.db
    office.close(backup_if_changed=False)


def _columns(db, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}


def test_every_table_with_uid_and_deleted_at_is_registered_as_binnable():
    db = open_memory()
    migrations.apply(db)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
    with_bin = {t for t in tables if {"uid", "deleted_at"} <= _columns(db, t)}
    registered = {k.table for k in records.binnable_kinds()}
    assert with_bin == registered
    assert {"people", "org_units"} <= with_bin  # the check would pass vacuously on an empty schema


def test_every_registered_kind_can_be_listed_named_and_counted():
    db = open_memory()
    migrations.apply(db)
    for record_kind in records.all_kinds():
        assert record_kind.label and record_kind.entity
        if record_kind.table:
            db.execute(
                f"SELECT id, uid, {record_kind.name_sql}, {record_kind.detail_sql} FROM {record_kind.table}"
            )
        for key, target in record_kind.references.items():
            assert key in record_kind.fields and kind(target).table


def test_an_unknown_kind_reads_as_its_code():
    assert kind("course_v9").label == "course_v9"


def test_the_import_preview_and_the_audit_log_say_a_change_the_same_way(db):
    street = create_unit(db, {"name": "玉林街道", "kind": "街道/镇"}, ACTOR).record_id
    east = create_unit(db, {"name": "东门社区", "kind": "社区/村", "parent_id": street}, ACTOR).record_id
    west = create_unit(db, {"name": "西门社区", "kind": "社区/村", "parent_id": street}, ACTOR).record_id
    row = RowPlan(row=5, action=None, cells=[])
    row.changes = {
        "phone": ("13800000000", "13900000000"),
        "unit_id": (east, west),
        "role": (None, "instructor"),
    }
    names = {east: "东门社区", west: "西门社区"}
    expected = (
        "工作单位：东门社区 → 西门社区；人员类别：（空） → 党建指导员；联系电话：13800000000 → 13900000000"
    )
    assert row.change_text(names) == expected
    before = {k: old for k, (old, _new) in row.changes.items()}
    after = {k: new for k, (_old, new) in row.changes.items()}
    assert change_text("person", before, after, record_text.reference_names(db, "person")) == expected


def test_a_reference_to_a_purged_record_is_named_as_gone():
    assert record_text.value_text("person", "unit_id", 99, {"unit": {}}) == "（已删除的组织单位 #99）"


# --- a new kind from one entry: a workshop with its sign-ups (a kind the app does not have) ----------------

COURSE = RecordKind(
    "workshop",
    "培训班",
    "workshops",
    fields={"name": "班次名称"},
    binnable=True,
    companions=(Companion("signup", "workshop_id"),),
    measure="个",
)
ENROLMENT = RecordKind(
    "signup",
    "报名",
    "signups",
    name_sql="'报名 #' || id",
    fields={"workshop_id": "培训班", "person_id": "人员"},
    references={"workshop_id": "workshop", "person_id": "person"},
    binnable=True,
)


@pytest.fixture
def with_workshops(db, monkeypatch):
    db.execute(
        "CREATE TABLE workshops (id INTEGER PRIMARY KEY, uid TEXT, name TEXT, updated_at TEXT, deleted_at TEXT,"
        " deleted_by TEXT)"
    )
    db.execute(
        "CREATE TABLE signups (id INTEGER PRIMARY KEY, uid TEXT, workshop_id INTEGER, person_id INTEGER,"
        " updated_at TEXT, deleted_at TEXT, deleted_by TEXT)"
    )
    monkeypatch.setattr(records, "KINDS", (*records.KINDS, COURSE, ENROLMENT))
    when = "2026-11-30T08:00:00+00:00"
    with db.atomic():
        db.execute("INSERT INTO workshops VALUES (1, 'c1', '入门培训班', ?, ?, '张科长')", [when, when])
        for n in (1, 2):
            db.execute("INSERT INTO signups VALUES (?, ?, 1, NULL, ?, ?, '张科长')", [n, f"e{n}", when, when])
        # Deleted on its own, earlier: it stays in the bin when the workshop comes back.
        db.execute(
            "INSERT INTO signups VALUES (3, 'e3', 1, NULL, ?, '2026-11-01T08:00:00+00:00', '李')", [when]
        )
    return db


def test_a_new_kind_is_in_the_bin_and_comes_back_with_its_companions(with_workshops):
    db = with_workshops
    listed = {(i.entity, i.label): i.with_it for i in recycle.list_bin(db)}
    # The two binned with it are counted in its line; the one deleted on its own earlier is a line of its own.
    assert listed == {
        ("workshop", "入门培训班"): f"连同 {ENROLMENT.count_text(2)}",
        ("signup", "报名 #3"): "",
    }
    result = recycle.restore(db, "workshop", 1, ACTOR)
    assert result.message == "已恢复“入门培训班”"
    living = db.execute("SELECT id FROM signups WHERE deleted_at IS NULL ORDER BY id").fetchall()
    assert living == [(1,), (2,)]
    assert query(db, entity="workshop")[0].action == "restore"


def test_a_new_kind_is_purged_with_its_companions(with_workshops):
    db = with_workshops
    recycle.purge(db, "workshop", 1, ACTOR)
    assert db.execute("SELECT count(*) FROM signups").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM workshops").fetchone()[0] == 0


def test_a_companion_cannot_come_back_while_its_owner_is_in_the_bin(with_workshops):
    with pytest.raises(OperationRefused, match="其培训班也在回收站中，请先恢复该培训班"):
        recycle.restore(with_workshops, "signup", 3, ACTOR)


# --- several bin items at once ------------------------------------------------------------------------------


@pytest.fixture
def binned(db):
    unit = create_unit(db, {"name": "芳草社区", "kind": "社区/村"}, ACTOR).record_id
    people = [
        create_person(
            db, {"role": "community_worker", "name": n, "id_number": _id(i), "unit_id": unit}, ACTOR
        ).record_id
        for i, n in enumerate(["张三", "李四"])
    ]
    retire_people(db, people, ACTOR)
    delete_unit(db, unit, ACTOR)
    return unit, people


def test_restore_many_finds_the_order_itself(db, binned):
    unit, people = binned
    # People first: alone each would be refused (their unit is in the bin); the second pass restores them.
    outcome = recycle.restore_many(db, [("person", people[0]), ("person", people[1]), ("unit", unit)], ACTOR)
    assert outcome.done == 3 and outcome.refused == []
    assert outcome.result.message == "已恢复 3 条记录" and outcome.result.changes.people
    assert recycle.list_bin(db) == []


def test_purge_many_purges_people_before_their_unit(db, binned):
    unit, people = binned
    outcome = recycle.purge_many(db, [("unit", unit), ("person", people[0]), ("person", people[1])], ACTOR)
    assert outcome.done == 3 and outcome.refused == []
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def test_restore_many_reports_what_it_refused_and_does_the_rest(db, binned):
    unit, people = binned
    other = create_unit(db, {"name": "黉门社区", "kind": "社区/村"}, ACTOR).record_id
    create_person(
        db, {"role": "community_worker", "name": "张三丰", "id_number": _id(0), "unit_id": other}, ACTOR
    )
    outcome = recycle.restore_many(db, [("unit", unit), ("person", people[0]), ("person", people[1])], ACTOR)
    assert outcome.done == 2
    assert outcome.refused == ["无法恢复“张三”：公民身份号码 " + _id(0) + " 现已属于在册人员“张三丰”"]


def test_a_failure_half_way_leaves_the_bin_as_it_was(db, binned, monkeypatch):
    unit, people = binned
    real = recycle.restore
    calls = []

    def fails_on_the_third(db_, entity, record_id, actor):
        calls.append(entity)
        if len(calls) == 3:
            raise RuntimeError("disk I/O error")
        return real(db_, entity, record_id, actor)

    monkeypatch.setattr(recycle, "restore", fails_on_the_third)
    with pytest.raises(RuntimeError):
        recycle._in_passes(db, [("unit", unit), ("person", people[0]), ("person", people[1])], ACTOR,
                           recycle.restore, recycle.BIN_CHANGED, "")  # fmt: skip
    assert len(recycle.list_bin(db)) == 3  # one transaction: the two done before the failure are undone too
