"""Office-wide settings: defaults, saving, the audit row, and the length limit."""

from __future__ import annotations

import pytest

from app import audit, settings
from app.changes import ValidationError
from app.office import open_office

ACTOR = "张敏@ZZB-PC01"
OFFICE = "中共成都市武侯区委组织部"


@pytest.fixture
def db(tmp_path):
    office = open_office(tmp_path / "x.db")
    yield office.db
    office.close(backup_if_changed=False)


def test_defaults_on_a_new_database(db):
    assert settings.get_all(db) == {"office_name": "", "issuer": ""}
    assert settings.get(db, "office_name") == ""
    assert settings.get(db, "no_such_key") == ""
    assert db.execute("SELECT count(*) FROM settings").fetchone()[0] == 0


def test_save_stores_tidied_values_and_audits(db):
    result = settings.save(db, {"office_name": f"  {OFFICE} ", "issuer": "中共成都市武侯区委\n组织部"}, ACTOR)

    assert settings.get_all(db) == {"office_name": OFFICE, "issuer": "中共成都市武侯区委 组织部"}
    assert dict(db.execute("SELECT key, value FROM settings").fetchall()) == settings.get_all(db)
    assert result.changes.settings and result.changes.audit
    entry = audit.query(db, entity="settings")[0]
    assert (entry.action, entry.actor, entry.label) == ("setting", ACTOR, "系统设置")
    assert entry.before == {"office_name": "", "issuer": ""}
    assert entry.after == {"office_name": OFFICE, "issuer": "中共成都市武侯区委 组织部"}


def test_second_save_audits_only_the_changed_value(db):
    settings.save(db, {"office_name": OFFICE, "issuer": OFFICE}, ACTOR)
    settings.save(db, {"office_name": OFFICE, "issuer": "武侯区委组织部"}, ACTOR)
    entry = audit.query(db, entity="settings")[0]
    assert (entry.before, entry.after) == ({"issuer": OFFICE}, {"issuer": "武侯区委组织部"})
    assert settings.get(db, "issuer") == "武侯区委组织部"
    assert db.execute("SELECT count(*) FROM settings").fetchone()[0] == 2


def test_saving_the_same_values_writes_nothing(db):
    settings.save(db, {"office_name": OFFICE}, ACTOR)
    audits = audit.last_change_id(db)
    result = settings.save(db, {"office_name": f" {OFFICE}  "}, ACTOR)
    assert result.changes.audit is False and result.changes.settings is False
    assert audit.last_change_id(db) == audits


def test_too_long_value_is_refused_and_nothing_is_saved(db):
    settings.save(db, {"office_name": OFFICE}, ACTOR)
    audits = audit.last_change_id(db)
    with pytest.raises(ValidationError) as caught:
        settings.save(db, {"office_name": "部" * (settings.MAX_LENGTH + 1), "issuer": "落款"}, ACTOR)
    assert set(caught.value.errors) == {"office_name"}
    message = caught.value.errors["office_name"]
    assert (
        "单位名称" in message
        and str(settings.MAX_LENGTH + 1) in message
        and str(settings.MAX_LENGTH) in message
    )
    assert settings.get_all(db) == {"office_name": OFFICE, "issuer": ""}
    assert audit.last_change_id(db) == audits


def test_value_of_exactly_the_limit_is_accepted(db):
    settings.save(db, {"issuer": "部" * settings.MAX_LENGTH}, ACTOR)
    assert settings.get(db, "issuer") == "部" * settings.MAX_LENGTH


def test_none_is_saved_as_empty_text(db):
    settings.save(db, {"issuer": None}, ACTOR)
    assert settings.get(db, "issuer") == ""
