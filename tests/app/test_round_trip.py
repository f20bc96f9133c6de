"""demo → export → import into an empty database → export: the same file and the same unit tree (issue: an
exported roster once dropped the district at the top of every unit path)."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from app.demo import build_demo
from app.exchange.import_commit import commit_import, guess_kind
from app.exchange.plan import Action
from app.exchange.roster_export import export_roster
from app.exchange.roster_import import plan_import
from app.office import open_office

ACTOR = "测试员"


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    folder = tmp_path_factory.mktemp("source")
    office = open_office(folder / "office.db", lock=False)
    build_demo(office.db, 120)
    yield office
    office.close(backup_if_changed=False)


def _tree(db) -> set[tuple[str, str, str]]:
    """Each unit as (its full path, its kind, its parent's full path)."""
    rows = db.execute("SELECT id, name, kind, parent_id FROM org_units WHERE deleted_at IS NULL").fetchall()
    by_id = {r[0]: r for r in rows}

    def path(unit_id):
        names = []
        while unit_id is not None:
            _id, name, _kind, parent = by_id[unit_id]
            names.append(name)
            unit_id = parent
        return " / ".join(reversed(names))

    return {(path(r[0]), r[2], path(r[3]) if r[3] else "") for r in rows}


def _cells(path):
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))
    sheet = openpyxl.load_workbook(path, read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_exported_roster_rebuilds_the_same_office_in_an_empty_database(source, tmp_path, suffix):
    first = tmp_path / f"first{suffix}"
    export_roster(source.db, first)
    target = open_office(tmp_path / "new.db", lock=False)
    try:
        plan = plan_import(target.db, first)
        assert plan.count(Action.REJECT) == 0 and plan.count(Action.NEW) == 120
        commit_import(target.db, target.path, plan, update_existing=False, actor=ACTOR)
        assert _tree(target.db) >= {t for t in _tree(source.db) if _used(source.db, t[0])}
        # and the same order among sibling units, as the tree in the window and every list by unit show it
        assert _listed(target.db) == [p for p in _listed(source.db) if _used(source.db, p)]
        tops = target.db.execute("SELECT name FROM org_units WHERE parent_id IS NULL").fetchall()
        assert tops == [("武侯区",)]  # one district, not its streets as tops of their own
        second = tmp_path / f"second{suffix}"
        export_roster(target.db, second)
        assert _cells(second) == _cells(first)
        again = plan_import(target.db, second)
        assert again.count(Action.UNCHANGED) == 120
    finally:
        target.close(backup_if_changed=False)


def _listed(db) -> list[str]:
    from app.units.service import list_units, tree_order, unit_paths

    units = list_units(db)
    paths = unit_paths(units, keep_top=True)
    return [paths[unit.id] for unit, _depth in tree_order(units)]


def _used(db, path: str) -> bool:
    """Units with people in them, or above such a unit: the ones a roster file can carry."""
    return any(p.startswith(path) for (p,) in _people_paths(db))


def _people_paths(db):
    rows = db.execute("SELECT DISTINCT unit_id FROM people WHERE deleted_at IS NULL").fetchall()
    units = {r[0]: r for r in db.execute("SELECT id, name, parent_id FROM org_units").fetchall()}
    out = []
    for (unit_id,) in rows:
        names, current = [], unit_id
        while current is not None:
            names.append(units[current][1])
            current = units[current][2]
        out.append((" / ".join(reversed(names)),))
    return out


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("武侯区", "区/县"),
        ("浆洗街街道", "街道/镇"),
        ("锦绣社区", "社区/村"),
        ("武侯电商产业功能区", "产业功能区"),
        ("天府数字产业园党群服务中心", "产业社区"),
        ("环球中心商务楼宇联合党委", "商务楼宇"),
        ("区非公有制企业党委", "两新组织"),
        ("区教育系统", "行业系统"),
        ("华西坝产业社区", "产业社区"),
    ],
)
def test_a_new_units_kind_is_read_from_its_name(name, kind):
    assert guess_kind(name) == kind


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("note", ["'-5", "-5", "=1+1", "''双引", "'", "@某人", "+86"])
def test_a_note_comes_back_exactly_as_it_was_written(tmp_path, suffix, note):
    from app.people.service import create_person, get_person
    from app.units.service import create_unit

    office = open_office(tmp_path / "office.db", lock=False)
    try:
        unit = create_unit(office.db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
        data = {
            "role": "community_worker",
            "name": "张三",
            "id_number": "110101199001010015",
            "unit_id": unit,
        }
        person = create_person(office.db, {**data, "note": note}, ACTOR).record_id
        assert get_person(office.db, person)["note"] == note
        out = tmp_path / f"roster{suffix}"
        export_roster(office.db, out)
        plan = plan_import(office.db, out)
        assert [row.action for row in plan.rows] == [Action.UNCHANGED], [r.changes for r in plan.rows]
    finally:
        office.close(backup_if_changed=False)
