"""Health checks for a group (体检 of a whole street on one day): the same checks as one, every person recorded
in one transaction with an audit row each, or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlite_utils import Database

from app.care.service import CARE_CHANGED, MAX_TEXT, _Checked, audit_create, insert_row, person_names
from app.changes import OpResult
from app.clock import utc_now


def record_health_checks(db: Database, person_ids: Sequence[int], date: str | dt.date, actor: str,
                         place: str = "", note: str = "") -> OpResult:  # fmt: skip
    check = _Checked()
    if not person_ids:
        check.errors["people"] = "请选择体检人员"
    shared = {
        "date": check.date("date", date, "体检日期"),
        "place": check.text("place", place, "体检地点"),
        "note": check.text("note", note, "备注", MAX_TEXT),
    }
    check.done()
    people = list(dict.fromkeys(person_ids))
    person_names(db, people)
    now = utc_now()
    with db.atomic():
        for person_id in people:
            values = {"person_id": person_id, **shared}
            record_id, uid = insert_row(db, "care_health_checks", values, now)
            audit_create(db, actor, "care_health_check", record_id, uid, values)
    return OpResult(
        CARE_CHANGED, None, f"已登记 {len(people)} 人的健康体检（{shared['date']}）", made=len(people)
    )
