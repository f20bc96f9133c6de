"""补课: made at 定稿 for everyone below the scheme's line, once; withdrawn (if still open) at reopen; closed by
a training that is long enough and not earlier than the requirement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from app.appraisal import remedial, service
from app.appraisal.service import ScoreInput
from app.audit import query
from app.changes import OperationRefused, ValidationError
from app.people.service import create_person
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory
from tests.ids import make_id

ACTOR = "测试员"
DAY = dt.date(2026, 1, 10)


@pytest.fixture
def db():
    db = open_memory()
    migrations.apply(db)
    yield db
    db.conn.close()


def people(db, totals: list[str], role: str = "community_worker") -> list[int]:
    unit = create_unit(db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
    return [
        create_person(
            db,
            {"role": role, "name": f"测试{chr(0x4E00 + i)}", "id_number": make_id(i), "unit_id": unit},
            ACTOR,
        ).record_id
        for i in range(len(totals))
    ]


def scored(db, totals: list[str], key: str = "weighted-top20"):
    """A period where person i scores totals[i] in every component (so that is their total)."""
    ids = people(db, totals)
    period = service.open_period(db, key, 2025, None, ACTOR).made
    components = [c.key for c in period.scheme.components]
    service.set_many_scores(
        db,
        period.id,
        [ScoreInput(pid, {c: D(t) for c in components}) for pid, t in zip(ids, totals, strict=True)],
        ACTOR,
    )
    return period, ids


def test_finalizing_makes_a_requirement_for_each_total_below_80(db):
    period, ids = scored(db, ["95", "85", "80", "79.99", "60", "40"])
    result = service.finalize_period(db, period.id, ACTOR, issued_on=DAY)
    assert "3 人需补课" in result.message
    found = remedial.list_requirements(db)
    assert [(r.person_id, r.total, r.threshold, r.min_days, r.required_on) for r in found] == [
        (ids[3], "79.99", "80", 5, DAY),
        (ids[4], "60.00", "80", 5, DAY),
        (ids[5], "40.00", "80", 5, DAY),
    ]
    assert found[0].about == "2025年度考核（加权评价·双达标）总分 79.99，低于 80 分，需补课不少于 5 个工作日"
    assert [a.action for a in query(db, entity="remedial")] == ["create"] * 3


def test_a_scheme_without_a_line_makes_none(db):
    period, _ids = scored(db, ["95", "70", "40"], key="ratio-154")
    service.finalize_period(db, period.id, ACTOR, issued_on=DAY)
    assert remedial.list_requirements(db) == []


def test_reopen_withdraws_open_ones_keeps_covered_ones_and_refinalizing_makes_no_twins(db):
    period, ids = scored(db, ["95", "70", "60"])
    service.finalize_period(db, period.id, ACTOR, issued_on=DAY)
    covered = remedial.list_requirements(db, person_id=ids[1])[0]
    remedial.close_requirement(
        db, covered.id, course="2026年春季社区工作者轮训班", days=5, on="2026-03-20", actor=ACTOR
    )
    result = service.reopen_period(db, period.id, "补录满意度", ACTOR)
    assert "撤销补课要求 1 项" in result.message
    assert [r.person_id for r in remedial.list_requirements(db)] == [ids[1]]
    withdrawn = db.execute("SELECT withdrawn_reason FROM remedial_requirements WHERE person_id = ?", [ids[2]])
    assert withdrawn.fetchone() == ("补录满意度",)
    service.finalize_period(db, period.id, ACTOR, issued_on=DAY)
    again = remedial.list_requirements(db)
    assert sorted(r.person_id for r in again) == [
        ids[1],
        ids[2],
    ]  # one each: the covered one is not made again
    assert db.execute("SELECT count(*) FROM remedial_requirements").fetchone() == (3,)


def test_an_exempt_person_needs_no_remedial_training(db):
    period, ids = scored(db, ["95", "70"])
    service.override_grade(db, period.id, ids[1], "不参加考核", "长期病假", ACTOR)
    service.finalize_period(db, period.id, ACTOR, issued_on=DAY)
    assert remedial.list_requirements(db) == []


@pytest.mark.parametrize(
    ("course", "days", "on", "field", "message"),
    [
        ("轮训班", 4, "2026-03-01", "days", "培训 4 个工作日，少于补课要求的 5 个工作日"),
        ("  ", 5, "2026-03-01", "course", "请填写补课所参加的培训"),
        ("轮训班", 5, "2025-12-31", "on", "早于补课要求的日期 2026-01-10"),
        ("轮训班", 5, "2026-02-30", "on", "2026-02-30"),
        ("轮训班", 5, "", "on", "完成日期不能为空"),
    ],
)
def test_a_training_that_does_not_cover_is_refused_and_changes_nothing(db, course, days, on, field, message):
    period, ids = scored(db, ["70"])
    service.finalize_period(db, period.id, ACTOR, issued_on=DAY)
    req = remedial.list_requirements(db)[0]
    with pytest.raises(ValidationError) as caught:
        remedial.close_requirement(db, req.id, course=course, days=days, on=on, actor=ACTOR)
    assert message in caught.value.errors[field]
    assert remedial.list_requirements(db, open_only=True) == [req]


def test_closing_records_the_course_and_is_audited_and_once_only(db):
    period, ids = scored(db, ["70"])
    service.finalize_period(db, period.id, ACTOR, issued_on=DAY)
    req = remedial.list_requirements(db)[0]
    result = remedial.close_requirement(
        db, req.id, course="青年干部能力提升班", days=6, on=dt.date(2026, 4, 2), actor=ACTOR, course_id=17
    )
    assert result.changes.appraisal and "补课已完成" in result.message
    closed = remedial.list_requirements(db)[0]
    assert (closed.course, closed.course_days, closed.closed_on) == (
        "青年干部能力提升班",
        6,
        dt.date(2026, 4, 2),
    )
    assert db.execute("SELECT course_id, closed_by FROM remedial_requirements").fetchone() == (17, ACTOR)
    assert remedial.list_requirements(db, open_only=True) == []
    entry = query(db, entity="remedial")[0]
    assert entry.action == "close" and entry.after["course_days"] == 6
    with pytest.raises(OperationRefused, match="已于 2026-04-02 完成"):
        remedial.close_requirement(db, req.id, course="x", days=5, on="2026-05-01", actor=ACTOR)


def test_open_as_of_a_day(db):
    period, ids = scored(db, ["70"])
    service.finalize_period(db, period.id, ACTOR, issued_on=DAY)
    req = remedial.list_requirements(db)[0]
    remedial.close_requirement(db, req.id, course="轮训班", days=5, on="2026-03-01", actor=ACTOR)
    assert remedial.list_requirements(db, open_only=True, day=dt.date(2026, 1, 9)) == []  # not made yet
    assert len(remedial.list_requirements(db, open_only=True, day=dt.date(2026, 2, 1))) == 1
    assert remedial.list_requirements(db, open_only=True, day=dt.date(2026, 3, 1)) == []
