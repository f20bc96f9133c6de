"""The recycle bin (restore, purge) and the audit trail (record, query) against a real office database."""

from __future__ import annotations

import pytest

from app import audit, recycle
from app.changes import OperationRefused
from app.office import open_office
from app.people.idnumber import check_digit
from app.people.service import create_person, get_person, retire_people
from app.units.service import create_unit, delete_unit, get_unit

ACTOR = "张敏@ZZB-PC01"
OTHER = "李华@ZZB-PC02"


def make_id(seq: int) -> str:
    body = f"51010719900315{seq:03d}"
    return body + check_digit(body)


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def db(tmp_path):
    office = open_office(tmp_path / "x.db")
    yield office.db
    office.close(backup_if_changed=False)


@pytest.fixture
def street(db) -> int:
    return create_unit(db, {"name": "玉林街道", "kind": "街道/镇"}, ACTOR).record_id


@pytest.fixture
def community(db, street) -> int:
    return create_unit(db, {"name": "芳草社区", "kind": "社区/村", "parent_id": street}, ACTOR).record_id


def add_person(db, unit_id: int, name: str = "张三", seq: int = 1) -> int:
    data = {"role": "community_worker", "name": name, "id_number": make_id(seq), "unit_id": unit_id}
    return create_person(db, data, ACTOR).record_id


# --- the bin -----------------------------------------------------------------------------------


def test_list_bin_shows_deleted_people_and_units_with_who_and_when(db, street, community):
    person = add_person(db, community, "张三")
    add_person(db, community, "李四", seq=3)
    retire_people(db, [person], ACTOR)
    spare = create_unit(db, {"name": "撤并社区", "kind": "社区/村", "parent_id": street}, OTHER).record_id
    delete_unit(db, spare, OTHER)
    # Distinct times, so the newest-first order is visible.
    db.execute("UPDATE people SET deleted_at = '2024-01-01T08:00:00+00:00' WHERE id = ?", [person])
    db.execute("UPDATE org_units SET deleted_at = '2024-02-01T08:00:00+00:00' WHERE id = ?", [spare])
    db.conn.commit()

    items = recycle.list_bin(db)

    assert items == [
        recycle.BinItem("unit", spare, "撤并社区", "社区/村", "2024-02-01T08:00:00+00:00", OTHER),
        recycle.BinItem("person", person, "张三", make_id(1), "2024-01-01T08:00:00+00:00", ACTOR),
    ]


def test_empty_bin(db, community):
    add_person(db, community)
    assert recycle.list_bin(db) == []


def test_restore_person_brings_them_back_and_audits(db, community):
    person = add_person(db, community)
    retire_people(db, [person], ACTOR)

    result = recycle.restore(db, "person", person, OTHER)

    row = get_person(db, person)
    assert row is not None and row["deleted_at"] is None and row["deleted_by"] is None
    assert recycle.list_bin(db) == []
    entry = audit.query(db, record_id=person, entity="person")[0]
    assert (entry.action, entry.actor, entry.label) == ("restore", OTHER, "张三")
    assert result.changes.people and result.changes.recycle_bin and "张三" in result.message


def test_restore_unit_brings_it_back(db, street, community):
    delete_unit(db, community, ACTOR)
    recycle.restore(db, "unit", community, ACTOR)
    assert get_unit(db, community)["deleted_at"] is None
    assert audit.query(db, entity="unit", record_id=community)[0].action == "restore"


def test_restore_refused_when_the_id_number_now_belongs_to_a_living_person(db, community):
    old = add_person(db, community, "张三")
    retire_people(db, [old], ACTOR)
    add_person(db, community, "张叁")  # the same ID number, given again
    audits = count(db, "audit_log")

    with pytest.raises(OperationRefused) as caught:
        recycle.restore(db, "person", old, ACTOR)

    assert "张叁" in str(caught.value) and "张三" in str(caught.value) and make_id(1) in str(caught.value)
    assert get_person(db, old) is None
    assert count(db, "audit_log") == audits


def test_restore_person_refused_while_their_unit_is_in_the_bin(db, community):
    person = add_person(db, community)
    retire_people(db, [person], ACTOR)
    delete_unit(db, community, ACTOR)
    with pytest.raises(OperationRefused) as caught:
        recycle.restore(db, "person", person, ACTOR)
    assert "工作单位" in str(caught.value)
    assert get_person(db, person) is None
    recycle.restore(db, "unit", community, ACTOR)
    recycle.restore(db, "person", person, ACTOR)
    assert get_person(db, person)["unit_id"] == community


def test_restore_unit_refused_while_its_parent_is_in_the_bin(db, street, community):
    delete_unit(db, community, ACTOR)
    delete_unit(db, street, ACTOR)
    with pytest.raises(OperationRefused) as caught:
        recycle.restore(db, "unit", community, ACTOR)
    assert "上级单位" in str(caught.value)
    assert get_unit(db, community) is None


def test_restore_unit_refused_when_a_sibling_now_has_its_name(db, street, community):
    delete_unit(db, community, ACTOR)
    create_unit(db, {"name": "芳草社区", "kind": "社区/村", "parent_id": street}, ACTOR)
    with pytest.raises(OperationRefused):
        recycle.restore(db, "unit", community, ACTOR)
    names = db.execute(
        "SELECT name FROM org_units WHERE parent_id = ? AND deleted_at IS NULL", [street]
    ).fetchall()
    assert names == [("芳草社区",)]


@pytest.mark.parametrize("entity", ["person", "unit"])
def test_restore_of_a_living_or_missing_record_is_refused(db, community, entity):
    living = add_person(db, community) if entity == "person" else community
    for record_id in (living, 999):
        with pytest.raises(OperationRefused):
            recycle.restore(db, entity, record_id, ACTOR)


# --- purge -------------------------------------------------------------------------------------


def test_purge_only_from_the_bin(db, community):
    person = add_person(db, community)
    with pytest.raises(OperationRefused) as caught:
        recycle.purge(db, "person", person, ACTOR)
    assert "回收站" in str(caught.value)
    assert get_person(db, person) is not None
    with pytest.raises(OperationRefused):
        recycle.purge(db, "unit", community, ACTOR)
    assert get_unit(db, community) is not None


def test_purge_person_deletes_the_row_and_audits(db, community):
    person = add_person(db, community)
    retire_people(db, [person], ACTOR)
    uid = get_person(db, person, include_deleted=True)["uid"]

    result = recycle.purge(db, "person", person, OTHER)

    assert db.execute("SELECT count(*) FROM people WHERE id = ?", [person]).fetchone()[0] == 0
    assert recycle.list_bin(db) == []
    row = db.execute(
        "SELECT action, entity, record_id, record_uid, actor, label FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row == ("purge", "person", person, uid, OTHER, "张三")
    # The history of the record survives its purge.
    assert [e.action for e in audit.query(db, entity="person", record_id=person)] == [
        "purge",
        "delete",
        "create",
    ]
    assert result.changes.recycle_bin


def test_purge_unit_refused_while_people_in_the_bin_still_refer_to_it(db, community):
    person = add_person(db, community)
    retire_people(db, [person], ACTOR)
    delete_unit(db, community, ACTOR)
    with pytest.raises(OperationRefused) as caught:
        recycle.purge(db, "unit", community, ACTOR)
    assert "1 名人员" in str(caught.value)
    assert get_unit(db, community, include_deleted=True) is not None
    recycle.purge(db, "person", person, ACTOR)
    recycle.purge(db, "unit", community, ACTOR)
    assert get_unit(db, community, include_deleted=True) is None
    assert audit.query(db, entity="unit", record_id=community)[0].action == "purge"


# --- audit -------------------------------------------------------------------------------------


def test_record_outside_a_transaction_raises(db):
    before = count(db, "audit_log")
    with pytest.raises(RuntimeError):
        audit.record(db, actor=ACTOR, action="update", entity="person", label="张三")
    assert count(db, "audit_log") == before


def test_record_stores_before_and_after_as_json(db):
    with db.atomic():
        audit.record(
            db,
            actor=ACTOR,
            action="update",
            entity="person",
            label="张三",
            record_id=7,
            before={"phone": "13800138000", "photo": b"\x89PNG"},
            after={"phone": "13900001111", "photo": b"\x89PNG2"},
            at="2024-03-01T00:00:00+00:00",
        )
    entry = audit.query(db)[0]
    assert entry.at == "2024-03-01T00:00:00+00:00"
    assert entry.before == {"phone": "13800138000", "photo": "（图片）"}
    assert entry.after == {"phone": "13900001111", "photo": "（图片）"}


@pytest.fixture
def history(db):
    rows = [
        ("2024-01-10T09:00:00+00:00", ACTOR, "create", "person", 1, "张三"),
        ("2024-02-10T09:00:00+00:00", ACTOR, "update", "person", 1, "张三"),
        ("2024-03-10T09:00:00+00:00", OTHER, "create", "person", 2, "李四"),
        ("2024-04-10T09:00:00+00:00", OTHER, "create", "unit", 1, "芳草社区"),
        ("2024-05-10T09:00:00+00:00", ACTOR, "setting", "settings", None, "系统设置"),
    ]
    with db.atomic():
        for at, actor, action, entity, record_id, label in rows:
            audit.record(
                db, actor=actor, action=action, entity=entity, label=label, record_id=record_id, at=at
            )
    return rows


def labels(entries) -> list[tuple[str, str]]:
    return [(e.at[:7], e.label) for e in entries]


def test_query_is_newest_first(db, history):
    assert labels(audit.query(db)) == [
        ("2024-05", "系统设置"),
        ("2024-04", "芳草社区"),
        ("2024-03", "李四"),
        ("2024-02", "张三"),
        ("2024-01", "张三"),
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"entity": "person"}, [("2024-03", "李四"), ("2024-02", "张三"), ("2024-01", "张三")]),
        ({"entity": "person", "record_id": 1}, [("2024-02", "张三"), ("2024-01", "张三")]),
        ({"entity": "unit", "record_id": 1}, [("2024-04", "芳草社区")]),
        ({"text": "芳草"}, [("2024-04", "芳草社区")]),
        ({"text": "李华"}, [("2024-04", "芳草社区"), ("2024-03", "李四")]),  # the actor matches too
        (
            {"since": "2024-03-10T09:00:00+00:00"},
            [("2024-05", "系统设置"), ("2024-04", "芳草社区"), ("2024-03", "李四")],
        ),
        ({"until": "2024-02-10T09:00:00+00:00"}, [("2024-01", "张三")]),  # until is exclusive
        (
            {"since": "2024-02-01", "until": "2024-04-01", "entity": "person"},
            [("2024-03", "李四"), ("2024-02", "张三")],
        ),
        ({"text": "无此人"}, []),
        ({"limit": 2}, [("2024-05", "系统设置"), ("2024-04", "芳草社区")]),
    ],
)
def test_query_filters(db, history, filters, expected):
    assert labels(audit.query(db, **filters)) == expected


def test_changed_fields_keeps_only_differences():
    old, new = audit.changed_fields({"a": 1, "b": 2, "c": None}, {"a": 1, "b": 3, "c": ""})
    assert (old, new) == ({"b": 2, "c": None}, {"b": 3, "c": ""})


def test_last_change_id_follows_the_log(db, history):
    assert audit.last_change_id(db) == db.execute("SELECT max(id) FROM audit_log").fetchone()[0]


def test_a_reused_row_id_does_not_inherit_the_purged_persons_history(db, community):
    first = add_person(db, community, "张三", seq=1)
    retire_people(db, [first], ACTOR)
    recycle.purge(db, "person", first, ACTOR)
    second = add_person(db, community, "李四", seq=2)
    assert second == first  # SQLite hands out the freed row id again
    entries = audit.query(db, entity="person", record_id=second)
    assert [(e.action, e.label) for e in entries] == [("create", "李四")]
