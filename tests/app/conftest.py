"""What the tests of app/ share: a migrated office database in memory, and people in it. A test module that
needs something else keeps its own `db` fixture, which takes precedence over this one."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlite_utils import Database

from app.people.service import create_person
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory
from tests.ids import make_id

ACTOR = "测试员"


@pytest.fixture
def db() -> Iterator[Database]:
    db = open_memory()
    migrations.apply(db)
    yield db
    db.conn.close()


def add_person(
    db: Database, name: str, serial: int, role: str = "community_worker", unit: str = "东门社区"
) -> int:
    """A person on the roster (ID number make_id(serial)) in `unit`, made under the root when new."""
    found = db.execute("SELECT id FROM org_units WHERE name = ? AND deleted_at IS NULL", [unit]).fetchone()
    unit_id = found[0] if found else create_unit(db, {"name": unit, "kind": "社区/村"}, ACTOR).record_id
    data = {"role": role, "name": name, "id_number": make_id(serial), "unit_id": unit_id}
    return create_person(db, data, ACTOR).record_id


@pytest.fixture
def person(db: Database) -> Callable[..., int]:
    """person(name, serial, role=…, unit=…) → the new person's id, in this test's database."""
    return lambda *args, **kwargs: add_person(db, *args, **kwargs)
