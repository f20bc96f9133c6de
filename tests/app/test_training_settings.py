"""The yearly hours requirement per role: 48 unless the office sets it, saved with one audit row, refused
(nothing saved) when it is not hours."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.audit import query
from app.changes import ValidationError
from app.training import settings
from tests.app.conftest import ACTOR


def test_default_is_48_for_every_role(db):
    assert settings.required_hours(db) == {
        "instructor": D(48),
        "community_worker": D(48),
        "reserve_cadre": D(48),
    }


def test_saving_changes_only_what_differs_with_one_audit_row(db):
    result = settings.save(
        db, {"instructor": "５６", "community_worker": "48", "reserve_cadre": "40.5"}, ACTOR
    )
    assert result.changes.training and result.changes.settings
    assert settings.required_hours(db)["instructor"] == D(56)
    (entry,) = query(db, entity="settings")
    assert (entry.before, entry.after) == (
        {"党建指导员": "48", "青年干部": "48"},
        {"党建指导员": "56", "青年干部": "40.5"},
    )
    assert not settings.save(db, {"instructor": "56"}, ACTOR).changes.audit


@pytest.mark.parametrize(
    ("raw", "says"), [("", "不能为空"), ("0", "不能为空或为 0"), ("40.2", "0.5"), ("四十", "不是数字")]
)
def test_bad_requirement_saves_nothing(db, raw, says):
    with pytest.raises(ValidationError) as caught:
        settings.save(db, {"instructor": "50", "reserve_cadre": raw}, ACTOR)
    assert says in caught.value.errors["reserve_cadre"] and "青年干部" in caught.value.errors["reserve_cadre"]
    assert settings.required_hours(db)["instructor"] == D(48)
