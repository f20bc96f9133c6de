"""app.units.service against a real office database: the unit tree, its rules and its audit trail."""

from __future__ import annotations

import json

import pytest

from app.changes import OperationRefused, ValidationError
from app.office import open_office
from app.people.idnumber import check_digit
from app.people.service import create_person, retire_people
from app.units.service import (
    create_unit,
    delete_unit,
    descendants,
    get_unit,
    list_units,
    move_unit,
    unit_paths,
    update_unit,
)

ACTOR = "张敏@ZZB-PC01"


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def last_audit(db) -> tuple:
    return db.execute(
        "SELECT actor, action, entity, record_id, label, before, after FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()


def loads(text):
    return json.loads(text) if text else None


@pytest.fixture
def db(tmp_path):
    office = open_office(tmp_path / "x.db")
    yield office.db
    office.close(backup_if_changed=False)


def add(db, name: str, kind: str = "社区/村", parent: int | None = None, **extra) -> int:
    return create_unit(db, {"name": name, "kind": kind, "parent_id": parent, **extra}, ACTOR).record_id


@pytest.fixture
def tree(db) -> dict[str, int]:
    """武侯区 → 玉林街道 → 玉林社区 / 芳草社区；武侯区 → 望江路街道."""
    district = add(db, "武侯区", "区/县")
    yulin = add(db, "玉林街道", "街道/镇", district)
    wangjiang = add(db, "望江路街道", "街道/镇", district)
    return {
        "district": district,
        "yulin": yulin,
        "wangjiang": wangjiang,
        "yulin_c": add(db, "玉林社区", parent=yulin),
        "fangcao": add(db, "芳草社区", parent=yulin),
    }


def add_person(db, unit_id: int, seq: int = 1) -> int:
    body = f"51010719900315{seq:03d}"
    data = {"role": "instructor", "name": "张三", "id_number": body + check_digit(body), "unit_id": unit_id}
    return create_person(db, data, ACTOR).record_id


# --- create ------------------------------------------------------------------------------------


def test_create_stores_the_unit_and_audits_it(db):
    result = create_unit(
        db,
        {
            "name": "  锦绣   社区 ",
            "kind": "社区/村",
            "credit_code": "9135 0100 m000 100y 43",
            "note": " 试点 ",
        },
        ACTOR,
    )
    unit = get_unit(db, result.record_id)
    assert unit["name"] == "锦绣 社区"
    assert unit["kind"] == "社区/村"
    assert unit["parent_id"] is None
    assert unit["credit_code"] == "91350100M000100Y43"
    assert unit["note"] == "试点"
    assert len(unit["uid"]) == 36 and unit["deleted_at"] is None
    assert result.changes.units and "锦绣 社区" in result.message

    actor, action, entity, record_id, label, before, after = last_audit(db)
    assert (actor, action, entity, record_id, label, before) == (
        ACTOR,
        "create",
        "unit",
        unit["id"],
        "锦绣 社区",
        None,
    )
    assert loads(after) == {
        "name": "锦绣 社区",
        "kind": "社区/村",
        "parent_id": None,
        "credit_code": "91350100M000100Y43",
        "note": "试点",
    }


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ({"name": "", "kind": "社区/村"}, "name", "不能为空"),
        ({"name": "长" * 61, "kind": "社区/村"}, "name", "过长"),
        ({"name": "某社区", "kind": "村委会"}, "kind", "村委会"),
        ({"name": "某社区", "kind": "社区/村", "credit_code": "91350100M000100Y44"}, "credit_code", "校验码"),
        ({"name": "某社区", "kind": "社区/村", "credit_code": "91350100M0001"}, "credit_code", "18位"),
        ({"name": "某社区", "kind": "社区/村", "credit_code": "91350100O000100Y43"}, "credit_code", "O"),
        ({"name": "某社区", "kind": "社区/村", "parent_id": 999}, "parent_id", "不存在"),
    ],
    ids=[
        "no-name",
        "long-name",
        "bad-kind",
        "credit-check",
        "credit-length",
        "credit-lookalike",
        "no-parent",
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(db, data, field, fragment):
    before = (count(db, "org_units"), count(db, "audit_log"))
    with pytest.raises(ValidationError) as caught:
        create_unit(db, data, ACTOR)
    assert fragment in caught.value.errors[field]
    assert (count(db, "org_units"), count(db, "audit_log")) == before


def test_sibling_with_the_same_name_is_refused(db, tree):
    before = count(db, "org_units")
    with pytest.raises(ValidationError) as caught:
        add(db, " 玉林社区 ", parent=tree["yulin"])
    assert "玉林社区" in caught.value.errors["name"]
    assert count(db, "org_units") == before
    # The same name under another parent, or at the top, is a different unit.
    assert get_unit(db, add(db, "玉林社区", parent=tree["wangjiang"]))["parent_id"] == tree["wangjiang"]
    assert get_unit(db, add(db, "玉林社区"))["parent_id"] is None


def test_a_name_freed_by_deletion_can_be_used_again(db, tree):
    delete_unit(db, tree["fangcao"], ACTOR)
    again = add(db, "芳草社区", parent=tree["yulin"])
    assert get_unit(db, again)["name"] == "芳草社区"


def test_parent_in_the_bin_is_refused(db, tree):
    delete_unit(db, tree["wangjiang"], ACTOR)
    with pytest.raises(ValidationError) as caught:
        add(db, "新社区", parent=tree["wangjiang"])
    assert "parent_id" in caught.value.errors


# --- rename and move ---------------------------------------------------------------------------


def test_rename_audits_old_and_new_name_only(db, tree):
    result = update_unit(db, tree["fangcao"], {"name": "芳草街社区"}, ACTOR)
    assert get_unit(db, tree["fangcao"])["name"] == "芳草街社区"
    actor, action, entity, record_id, label, before, after = last_audit(db)
    assert (actor, action, entity, record_id, label) == (
        ACTOR,
        "update",
        "unit",
        tree["fangcao"],
        "芳草街社区",
    )
    assert (loads(before), loads(after)) == ({"name": "芳草社区"}, {"name": "芳草街社区"})
    assert result.changes.units


def test_rename_to_a_siblings_name_is_refused(db, tree):
    with pytest.raises(ValidationError):
        update_unit(db, tree["fangcao"], {"name": "玉林社区"}, ACTOR)
    assert get_unit(db, tree["fangcao"])["name"] == "芳草社区"


def test_update_without_change_writes_nothing(db, tree):
    audits = count(db, "audit_log")
    result = update_unit(db, tree["fangcao"], {"name": " 芳草社区 ", "kind": "社区/村"}, ACTOR)
    assert result.changes.audit is False
    assert count(db, "audit_log") == audits


def test_credit_code_can_be_added_later_normalized(db, tree):
    update_unit(db, tree["yulin_c"], {"credit_code": "91350100m000100y43"}, ACTOR)
    assert get_unit(db, tree["yulin_c"])["credit_code"] == "91350100M000100Y43"
    with pytest.raises(ValidationError) as caught:
        update_unit(db, tree["yulin_c"], {"credit_code": "91350100M000100Y4"}, ACTOR)
    assert "18位" in caught.value.errors["credit_code"]
    assert get_unit(db, tree["yulin_c"])["credit_code"] == "91350100M000100Y43"


def test_move_changes_the_parent_and_is_audited(db, tree):
    move_unit(db, tree["fangcao"], tree["wangjiang"], ACTOR)
    assert get_unit(db, tree["fangcao"])["parent_id"] == tree["wangjiang"]
    _, action, _, record_id, _, before, after = last_audit(db)
    assert (action, record_id) == ("update", tree["fangcao"])
    assert (loads(before), loads(after)) == ({"parent_id": tree["yulin"]}, {"parent_id": tree["wangjiang"]})
    move_unit(db, tree["fangcao"], None, ACTOR)
    assert get_unit(db, tree["fangcao"])["parent_id"] is None


@pytest.mark.parametrize("target", ["yulin", "yulin_c"], ids=["itself", "own-child"])
def test_move_under_itself_or_a_descendant_is_refused(db, tree, target):
    audits = count(db, "audit_log")
    with pytest.raises(ValidationError) as caught:
        move_unit(db, tree["yulin"], tree[target], ACTOR)
    assert "下级" in caught.value.errors["parent_id"]
    assert get_unit(db, tree["yulin"])["parent_id"] == tree["district"]
    assert count(db, "audit_log") == audits


def test_move_under_a_grandchild_is_refused(db, tree):
    with pytest.raises(ValidationError):
        move_unit(db, tree["district"], tree["fangcao"], ACTOR)
    assert get_unit(db, tree["district"])["parent_id"] is None


def test_move_into_a_parent_that_has_a_unit_of_the_same_name_is_refused(db, tree):
    add(db, "芳草社区", parent=tree["wangjiang"])
    with pytest.raises(ValidationError) as caught:
        move_unit(db, tree["fangcao"], tree["wangjiang"], ACTOR)
    assert "芳草社区" in caught.value.errors["name"]


def test_update_of_a_deleted_unit_is_refused(db, tree):
    delete_unit(db, tree["fangcao"], ACTOR)
    with pytest.raises(OperationRefused):
        update_unit(db, tree["fangcao"], {"name": "新名"}, ACTOR)


# --- delete ------------------------------------------------------------------------------------


def test_delete_moves_to_the_bin_and_is_audited(db, tree):
    result = delete_unit(db, tree["fangcao"], ACTOR)
    assert get_unit(db, tree["fangcao"]) is None
    row = get_unit(db, tree["fangcao"], include_deleted=True)
    assert row["deleted_at"] is not None and row["deleted_by"] == ACTOR
    actor, action, entity, record_id, label, _, _ = last_audit(db)
    assert (actor, action, entity, record_id, label) == (ACTOR, "delete", "unit", tree["fangcao"], "芳草社区")
    assert result.changes.recycle_bin
    assert tree["fangcao"] not in {u.id for u in list_units(db)}


def test_delete_with_people_is_refused_naming_the_count(db, tree):
    add_person(db, tree["fangcao"], 1)
    add_person(db, tree["fangcao"], 3)
    audits = count(db, "audit_log")
    with pytest.raises(OperationRefused) as caught:
        delete_unit(db, tree["fangcao"], ACTOR)
    assert "2 名人员" in str(caught.value) and "芳草社区" in str(caught.value)
    assert get_unit(db, tree["fangcao"]) is not None
    assert count(db, "audit_log") == audits


def test_people_in_the_bin_do_not_block_deleting_their_unit(db, tree):
    retire_people(db, [add_person(db, tree["fangcao"])], ACTOR)
    delete_unit(db, tree["fangcao"], ACTOR)
    assert get_unit(db, tree["fangcao"]) is None


def test_delete_with_sub_units_is_refused(db, tree):
    with pytest.raises(OperationRefused) as caught:
        delete_unit(db, tree["yulin"], ACTOR)
    assert "2 个下级单位" in str(caught.value)
    assert get_unit(db, tree["yulin"]) is not None


def test_delete_of_a_missing_unit_is_refused(db):
    with pytest.raises(OperationRefused):
        delete_unit(db, 42, ACTOR)


# --- tree helpers ------------------------------------------------------------------------------


def test_list_units_counts_living_people(db, tree):
    add_person(db, tree["fangcao"], 1)
    retire_people(db, [add_person(db, tree["fangcao"], 3)], ACTOR)
    people = {u.id: u.people for u in list_units(db)}
    assert people[tree["fangcao"]] == 1
    assert people[tree["yulin"]] == 0


def test_descendants_and_paths(db, tree):
    units = list_units(db)
    assert descendants(units, tree["yulin"]) == {tree["yulin"], tree["yulin_c"], tree["fangcao"]}
    assert descendants(units, tree["fangcao"]) == {tree["fangcao"]}
    assert descendants(units, tree["district"]) == set(tree.values())

    paths = unit_paths(units)
    assert paths == {
        tree["district"]: "武侯区",  # a lone top level keeps its name
        tree["yulin"]: "玉林街道",
        tree["wangjiang"]: "望江路街道",
        tree["yulin_c"]: "玉林街道 / 玉林社区",
        tree["fangcao"]: "玉林街道 / 芳草社区",
    }


def test_paths_follow_a_move(db, tree):
    move_unit(db, tree["fangcao"], tree["wangjiang"], ACTOR)
    assert unit_paths(list_units(db))[tree["fangcao"]] == "望江路街道 / 芳草社区"


def test_every_write_is_audited(db):
    district = add(db, "武侯区", "区/县")
    street = add(db, "玉林街道", "街道/镇", district)
    update_unit(db, street, {"note": "示范街道"}, ACTOR)
    move_unit(db, street, None, ACTOR)
    delete_unit(db, street, ACTOR)
    rows = db.execute("SELECT action, entity, record_id, actor FROM audit_log ORDER BY id").fetchall()
    assert rows == [
        ("create", "unit", district, ACTOR),
        ("create", "unit", street, ACTOR),
        ("update", "unit", street, ACTOR),
        ("update", "unit", street, ACTOR),
        ("delete", "unit", street, ACTOR),
    ]


def test_non_numeric_parent_is_a_validation_error(db):
    with pytest.raises(ValidationError) as caught:
        create_unit(db, {"name": "某社区", "kind": "社区/村", "parent_id": "玉林街道"}, ACTOR)
    assert "parent_id" in caught.value.errors


def test_tree_order_lists_parents_before_children_with_depth():
    from app.units.service import Unit, tree_order

    units = [Unit(3, "东门社区", "社区/村", 2, None, None, 0), Unit(1, "武侯区", "区/县", None, None, None, 0),
             Unit(2, "玉林街道", "街道/镇", 1, None, None, 0), Unit(9, "孤儿社区", "社区/村", 99, None, None, 0)]  # fmt: skip
    assert [(u.name, depth) for u, depth in tree_order(units)] == [
        ("武侯区", 0), ("玉林街道", 1), ("东门社区", 2), ("孤儿社区", 0),
    ]  # fmt: skip


# --- deleting a unit that still has people: check first, move them, delete, one transaction ------------------


def test_deletion_check_says_what_stands_in_the_way(db, tree):
    from app.units.service import deletion_check

    add_person(db, tree["fangcao"], 1)
    add_person(db, tree["fangcao"], 3)
    assert deletion_check(db, tree["fangcao"]) == (2, 0)
    assert deletion_check(db, tree["yulin"]) == (0, 2)
    assert deletion_check(db, tree["wangjiang"]) == (0, 0)


def test_delete_moves_its_people_first_in_the_same_transaction(db, tree):
    from app import audit

    people = [add_person(db, tree["fangcao"], 1), add_person(db, tree["fangcao"], 3)]
    result = delete_unit(db, tree["fangcao"], ACTOR, move_people_to=tree["yulin_c"])
    assert get_unit(db, tree["fangcao"]) is None
    units = db.execute("SELECT unit_id FROM people ORDER BY id").fetchall()
    assert units == [(tree["yulin_c"],), (tree["yulin_c"],)]
    for person in people:
        moved = audit.query(db, entity="person", record_id=person)[0]
        assert (moved.action, moved.before, moved.after) == (
            "update",
            {"unit_id": tree["fangcao"]},
            {"unit_id": tree["yulin_c"]},
        )
    assert result.changes.people and result.changes.units and result.changes.recycle_bin
    assert "2 名人员" in result.message and "玉林社区" in result.message


@pytest.mark.parametrize("target", ["fangcao", "missing", "deleted"])
def test_delete_refuses_a_target_that_cannot_take_the_people_and_changes_nothing(db, tree, target):
    add_person(db, tree["fangcao"], 1)
    if target == "deleted":
        delete_unit(db, tree["wangjiang"], ACTOR)
    to = {"fangcao": tree["fangcao"], "missing": 999, "deleted": tree["wangjiang"]}[target]
    audits = count(db, "audit_log")
    with pytest.raises((ValidationError, OperationRefused)):
        delete_unit(db, tree["fangcao"], ACTOR, move_people_to=to)
    assert get_unit(db, tree["fangcao"]) is not None
    assert db.execute("SELECT unit_id FROM people").fetchone()[0] == tree["fangcao"]
    assert count(db, "audit_log") == audits
