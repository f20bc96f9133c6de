"""The care settings: checked, stored as care_* keys, read back by care_settings, audited once per save."""

from __future__ import annotations

import pytest

from app.care import settings
from app.care.queries import care_settings
from app.changes import ValidationError
from tests.app.test_care_service import ACTOR, db  # noqa: F401 (fixture)


def test_saved_numbers_are_what_the_reminders_use(db):  # noqa: F811
    result = settings.save(db, {"follow_up_lead": "14", "probation_notice": " 60 "}, ACTOR)
    assert result.changes.care and result.changes.settings
    stored = care_settings(db)
    assert (stored.due_days, stored.follow_up_lead, stored.probation_notice) == (7, 14, 60)
    assert settings.save(db, {"due_days": "１０"}, ACTOR).message == "关怀提醒设置已保存"  # full-width digits
    assert care_settings(db).due_days == 10
    again = settings.save(db, {"follow_up_lead": "14"}, ACTOR)
    assert not again.changes.audit and again.message == "关怀提醒设置没有变化"
    assert (
        db.execute("SELECT count(*) FROM audit_log WHERE label = '关怀提醒设置'").fetchone()[0] == 2
    )  # one per save that changed something


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"due_days": "61"}, "走访、谈话期限 61 天超出范围，请填写 1–60 之间的整数"),
        ({"due_days": ""}, "走访、谈话期限“（空）”不是天数"),
        ({"birthday_lead": "-3"}, "生日提前提醒“-3”不是天数"),
        ({"probation_notice": "三十"}, "试用期满提前提醒“三十”不是天数"),
    ],
)
def test_a_wrong_number_is_named_and_nothing_stored(db, values, says):  # noqa: F811
    with pytest.raises(ValidationError) as raised:
        settings.save(db, {**values, "follow_up_lead": "3"}, ACTOR)
    assert says in "".join(raised.value.errors.values())
    assert care_settings(db).follow_up_lead == 7
