"""考核方案 as the office edits them: every problem of a scheme named in Chinese, nothing stored when refused, a
scheme's stored form read back as it was saved, keys suggested for new schemes and copies."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from app.appraisal import schemes, service
from app.appraisal.rules import BUILTIN_SCHEMES, Component, Ratio, ThresholdTop
from app.audit import query
from app.changes import ValidationError
from app.people.service import create_person
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory
from tests.ids import make_id

ACTOR = "测试员"
BASE = replace(BUILTIN_SCHEMES["weighted-top20"], key="street", name="街道考核")


@pytest.fixture
def db():
    db = open_memory()
    migrations.apply(db)
    yield db
    db.conn.close()


def _components(*weights: str, top: str = "100") -> tuple[Component, ...]:
    return tuple(Component(f"c{i}", f"项目{i}", D(w), D(top)) for i, w in enumerate(weights, start=1))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"key": "街道"}, "key", "方案代码应为不含空格的英文字母"),
        ({"key": "weighted-top20"}, "key", "已被使用"),
        ({"name": "  "}, "name", "方案名称不能为空"),
        ({"period_type": "月度"}, "period_type", "考核周期应为"),
        ({"components": ()}, "components", "至少要有一个考核项目"),
        ({"components": _components("0.5", "0.4")}, "components", "权重之和应为 100%，现在是 90%"),
        (
            {"components": _components("0.5", "0.5", top="120")},
            "components",
            "满分应大于 0 且不超过 100，现在是 120",
        ),
        (
            {"components": _components("1.2", "-0.2")},
            "components",
            "权重应大于 0% 且不超过 100%，现在是 120%",
        ),
        (
            {"components": (Component("a", "工作", D("0.5")), Component("b", "工作", D("0.5")))},
            "components",
            "名称不能重复：“工作”出现了两次",
        ),
        ({"tie_breakers": ("nope",)}, "tie_breakers", "同分比较只能用本方案的考核项目"),
        ({"tie_breakers": ("work", "work")}, "tie_breakers", "只能出现一次"),
        ({"bonus_cap": D(0)}, "bonus_cap", "上限应大于 0 且不超过 100，现在是 0"),
        (
            {"rule": ThresholdTop(D(80), D("1.5"), D(60))},
            "rule",
            "优秀名额比例应大于 0% 且不超过 100%，现在是 150%",
        ),
        (
            {"rule": ThresholdTop(D(60), D("0.2"), D(80))},
            "rule",
            "称职分数线（80）应不小于 0，且不高于优秀分数线（60）",
        ),
        ({"rule": Ratio((0, 0, 0))}, "rule", "不能全为 0"),
        ({"remedial_below": D(0)}, "remedial_below", "补课线应大于 0"),
    ],
)
def test_each_problem_of_a_scheme_is_named_and_nothing_is_stored(db, change, field, message):
    scheme = replace(BASE, **change)
    with pytest.raises(ValidationError) as caught:
        schemes.create_scheme(db, scheme, ACTOR)
    assert message in caught.value.errors[field]
    assert db.execute("SELECT count(*) FROM appraisal_schemes").fetchone()[0] == 0
    assert query(db) == []


def test_a_new_scheme_is_stored_as_typed_and_audited(db):
    scheme = replace(
        BASE,
        roles=("instructor", "community_worker"),
        period_type="季度",
        components=_components("0.25", "0.75", top="50"),
        tie_breakers=("c2",),
        rule=Ratio((2, 5, 3)),
        bonus_cap=D("5"),
        bonus_name="创新加分",
        remedial_below=D("70.5"),
    )
    result = schemes.create_scheme(db, scheme, ACTOR)
    assert result.changes.appraisal and "街道考核" in result.message
    assert schemes.find_scheme(db, "street") == scheme
    assert [(a.action, a.entity, a.label) for a in query(db)] == [("create", "appraisal_scheme", "街道考核")]


def test_scores_recorded_is_false_until_a_score_is(db):
    schemes.create_scheme(db, BASE, ACTOR)
    assert not schemes.scores_recorded(db, "street")
    assert not schemes.scores_recorded(db, "weighted-top20")  # a built-in not yet stored
    unit = create_unit(db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
    person = create_person(
        db, {"role": "community_worker", "name": "张三", "id_number": make_id(1), "unit_id": unit}, ACTOR
    ).record_id
    period = service.open_period(db, "street", 2025, None, ACTOR).made
    service.set_scores(db, period.id, service.ScoreInput(person, {"work": D(80)}), ACTOR)
    assert schemes.scores_recorded(db, "street")


def test_a_free_key_skips_keys_in_use_and_in_the_bin(db):
    assert schemes.free_key(db) == "scheme-2"
    schemes.create_scheme(db, replace(BASE, key="scheme-2"), ACTOR)
    db.execute("UPDATE appraisal_schemes SET deleted_at = '2025-01-01T00:00:00Z' WHERE key = 'scheme-2'")
    assert schemes.free_key(db) == "scheme-3"
    assert schemes.free_key(db, "weighted-top20") == "weighted-top20-2"
