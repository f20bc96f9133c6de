"""An office on disk for roster import tests that commit and read the database back: 武侯区 / 玉林街道 / 双楠社区,
and 王伟 on the roster with exact dates, a 中共党员 (the people a street's file speaks of again)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.exchange.import_commit import commit_import
from app.exchange.plan import ImportPlan
from app.exchange.roster_import import ImportOptions, plan_import
from app.office import Office, open_office
from app.people.idnumber import check_digit
from app.people.service import create_person
from app.units.service import create_unit
from tests.sheets import write_xlsx

ACTOR = "测试员"
TODAY = dt.date(2026, 12, 2)
UNIT = "双楠社区"


def make_id(birth: str, serial: int, female: bool = False) -> str:
    first17 = f"510107{birth}{serial * 2 + (0 if female else 1):03d}"
    return first17 + check_digit(first17)


WANG = make_id("19880312", 1)  # on the roster


def open_test_office(tmp_path: Path) -> Office:
    office = open_office(tmp_path / "office.db")
    db = office.db
    top = create_unit(db, {"name": "武侯区", "kind": "区/县"}, ACTOR).record_id
    street = create_unit(db, {"name": "玉林街道", "kind": "街道/镇", "parent_id": top}, ACTOR).record_id
    unit = create_unit(db, {"name": UNIT, "kind": "社区/村", "parent_id": street}, ACTOR).record_id
    create_person(db, {"role": "community_worker", "name": "王伟", "id_number": WANG, "unit_id": unit,
                       "political_status": "中共党员", "party_join_date": "2010-07-30",
                       "work_start_date": "2010-11-08", "post_start_date": "2012-08-29", "status": "在岗",
                       "phone": "13912345678"}, ACTOR, today=TODAY)  # fmt: skip
    return office


def plan_rows(office: Office, path: Path, rows: list[list[Any]], **defaults: str) -> ImportPlan:
    write_xlsx(path, rows)
    options = ImportOptions(defaults=defaults or None)
    return plan_import(office.db, path, options, today=TODAY)


def commit(office: Office, plan: ImportPlan, *, update: bool = False) -> None:
    commit_import(office.db, office.path, plan, update_existing=update, actor=ACTOR)


def stored(office: Office, number: str) -> dict[str, Any]:
    """The person's stored row, read back from the database."""
    row = office.db.execute(
        "SELECT * FROM people WHERE id_number = ? AND deleted_at IS NULL", [number]
    ).fetchone()
    assert row is not None, f"{number} is not on the roster"
    columns = [c[0] for c in office.db.execute("SELECT * FROM people LIMIT 0").description]
    return dict(zip(columns, row, strict=True))
