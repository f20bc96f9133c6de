"""积分制: the pure rules (which years are judged, 60 points, the three-year mark) table-driven, then entries for
one person and for an activity's attendees (never twice), refusals, the recycle bin, totals and the mark."""

from __future__ import annotations

import datetime as dt

import pytest

from app import recycle
from app.appraisal import points
from app.appraisal.points import Hold, PointsInput, hold_in, passed, year_judged, year_status
from app.audit import query
from app.changes import OperationRefused, ValidationError
from app.people.service import create_person
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory
from tests.ids import make_id

ACTOR = "测试员"
TODAY = dt.date(2026, 6, 1)
NAMES = ("李明", "王芳", "张伟", "刘洋", "陈静", "杨帆")


@pytest.mark.parametrize(
    ("year", "kept", "post_start", "judged"),
    [
        (2025, [2025], "", True),  # 到岗时间 blank
        (2025, [2025], "2025-01-01", True),  # in post on the first day
        (2025, [2025], None, False),  # no longer at the post
        (2025, [2025], "2025-01-02", False),  # arrived during the year
        (2025, [2024], "2020-05-01", False),  # the office kept no ledger that year
        (2026, [2026], "", False),  # the year is not over
        (2027, [2027], "", False),
    ],
)
def test_which_years_are_judged(year, kept, post_start, judged):
    assert year_judged(year, TODAY, kept, post_start) is judged


@pytest.mark.parametrize(("total", "ok"), [(0, False), (59, False), (60, True), (61, True), (200, True)])
def test_sixty_points_pass(total, ok):
    assert passed(total) is ok


@pytest.mark.parametrize(
    ("failed", "year", "expected"),
    [
        ({}, 2026, None),
        ({2022: 40}, 2022, None),  # the mark starts the year after
        ({2022: 40}, 2023, Hold(2022, 40)),
        ({2022: 40}, 2025, Hold(2022, 40)),  # three years: 2023, 2024, 2025
        ({2022: 40}, 2026, None),
        ({2022: 40, 2024: 55}, 2025, Hold(2024, 55)),  # a second short year extends it
        ({2022: 40, 2024: 55}, 2027, Hold(2024, 55)),
        ({2022: 40, 2024: 55}, 2028, None),
    ],
)
def test_the_three_year_mark(failed, year, expected):
    assert hold_in(failed, year) == expected


def test_the_mark_says_why_and_until_when():
    hold = Hold(2025, 45)
    assert hold.until == 2028
    assert hold.text == "2025年积分 45 分，不足 60 分，三年内不考虑提拔（2026—2028年）"


@pytest.mark.parametrize(
    ("total", "judged", "year", "at_post", "status"),
    [(60, True, 2025, True, "合格"), (59, True, 2025, True, "不合格"), (30, False, 2026, True, "进行中"),
     (65, False, 2026, True, "合格"), (10, False, 2024, True, "不评定"), (10, False, 2026, False, "不评定")],
)  # fmt: skip
def test_how_a_year_reads(total, judged, year, at_post, status):
    assert year_status(total, judged, year, TODAY, at_post=at_post) == status


@pytest.fixture
def db():
    db = open_memory()
    migrations.apply(db)
    yield db
    db.conn.close()


def cadres(db, count: int, role: str = "reserve_cadre", start: int = 0, **extra) -> list[int]:
    unit = db.execute("SELECT id FROM org_units").fetchone()
    unit_id = unit[0] if unit else create_unit(db, {"name": "区委办", "kind": "社区/村"}, ACTOR).record_id
    return [
        create_person(
            db, {"role": role, "name": NAMES[start + i], "id_number": make_id(start + i),
                 "unit_id": unit_id, **extra}, ACTOR,
        ).record_id
        for i in range(count)
    ]  # fmt: skip


def test_one_person_gets_the_rules_default_points_or_those_typed(db):
    (person,) = cadres(db, 1)
    result = points.add_points(
        db, PointsInput([person], "2025-03-02", "practice_group", "基层治理实践小组"), ACTOR
    )
    assert result.changes.appraisal and result.message == "已为 1 人记积分 20 分（基层治理实践小组）"
    points.add_points(db, PointsInput([person], "2025年4月1日", "contribution", "防汛值守", points=8), ACTOR)
    found = points.list_entries(db, person_id=person)
    assert [(e.date, e.rule_text, e.activity, e.points) for e in found] == [
        ("2025-04-01", "其他突出贡献", "防汛值守", 8),
        ("2025-03-02", "参加重点工作实践小组并完成", "基层治理实践小组", 20),
    ]
    entry = query(db, entity="points_entry")[0]
    assert entry.action == "create" and entry.after["points"] == 8 and entry.label.endswith("防汛值守")


def test_an_activitys_attendees_at_once_and_never_twice(db):
    ids = cadres(db, 4)
    item = PointsInput(ids[:3], "2025-05-04", "study", "五四青年理论学习会")
    first = points.add_points(db, item, ACTOR)
    assert len(first.made) == 3
    again = points.add_points(db, PointsInput(ids, "2025-05-04", "study", " 五四青年理论学习会 "), ACTOR)
    assert len(again.made) == 1 and again.message.endswith("；李明、王芳、张伟 已记过，没有重复记分")
    nothing = points.add_points(db, item, ACTOR)
    assert not nothing.changes.audit and "没有重复记分" in nothing.message
    assert db.execute("SELECT count(*) FROM points_entries").fetchone() == (4,)
    # Another day of the same activity is another entry.
    points.add_points(db, PointsInput(ids[:1], "2025-05-11", "study", "五四青年理论学习会"), ACTOR)
    assert db.execute("SELECT count(*) FROM points_entries").fetchone() == (5,)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"date": "2025-02-30"}, "date", "2025-02-30"),
        ({"date": "2099-01-01"}, "date", "2099"),
        ({"date": ""}, "date", "请填写日期"),
        ({"activity": "  "}, "activity", "请填写事项"),
        ({"activity": "长" * 101}, "activity", "事项过长（101个字）"),
        ({"points": 0}, "points", "分值应在 1 到 100 之间，输入的是 0"),
        ({"points": 120}, "points", "输入的是 120"),
        ({"rule": "nope"}, "rule", "积分项目“nope”不存在"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(db, values, field, message):
    (person,) = cadres(db, 1)
    base = {"person_ids": [person], "date": "2025-03-01", "rule": "study", "activity": "学习会"}
    with pytest.raises(ValidationError) as caught:
        points.add_points(db, PointsInput(**{**base, **values}), ACTOR)
    assert message in caught.value.errors[field]
    assert db.execute("SELECT count(*) FROM points_entries").fetchone() == (0,)


def test_only_young_cadres_are_in_the_ledger(db):
    ids = cadres(db, 1) + cadres(db, 1, role="community_worker", start=1)
    with pytest.raises(OperationRefused, match="积分制只适用于青年干部，以下人员不是：王芳（社区工作者）"):
        points.add_points(db, PointsInput(ids, "2025-03-01", "study", "学习会"), ACTOR)
    assert db.execute("SELECT count(*) FROM points_entries").fetchone() == (0,)


def test_a_wrong_entry_goes_to_the_bin_and_comes_back(db):
    (person,) = cadres(db, 1)
    made = points.add_points(db, PointsInput([person], "2025-03-01", "study", "学习会"), ACTOR).made
    result = points.delete_points(db, made, ACTOR)
    assert result.changes.recycle_bin and points.list_entries(db) == []
    # Deleted, the same activity may be entered again (the unique rule counts living entries only).
    points.add_points(db, PointsInput([person], "2025-03-01", "study", "学习会"), ACTOR)
    binned = [i for i in recycle.list_bin(db) if i.entity == "points_entry"]
    assert len(binned) == 1 and binned[0].label == "李明 2025-03-01 学习会"
    with pytest.raises(OperationRefused, match="已重新记过"):  # restoring it would count the activity twice
        recycle.restore(db, "points_entry", made[0], ACTOR)


def give(db, person: int, year: int, total: int) -> None:
    for n in range(total // 5):
        points.add_points(
            db, PointsInput([person], f"{year}-03-{n % 28 + 1:02d}", "study", f"学习{n}"), ACTOR
        )


def test_totals_and_the_mark_on_the_person(db):
    short, fine, late = cadres(db, 3, post_start_date="2020-01-01")
    db.execute("UPDATE people SET post_start_date = '2025-07-01' WHERE id = ?", [late])
    give(db, short, 2025, 45)
    give(db, fine, 2025, 60)
    give(db, short, 2026, 10)
    rows = points.year_totals(db, 2025, TODAY)
    assert [(r.person_id, r.total, r.status) for r in rows] == [(short, 45, "不合格"), (fine, 60, "合格"),
                                                               (late, 0, "不评定")]  # fmt: skip
    assert points.promotion_holds(db, TODAY) == {short: Hold(2025, 45)}
    # Once 2026 is over, its 10 points are judged too, and the mark runs three years from it.
    assert points.person_hold(db, short, dt.date(2027, 1, 1)) == Hold(2026, 10)
    assert points.person_hold(db, short, dt.date(2029, 12, 31)) == Hold(2026, 10)
    assert points.person_hold(db, short, dt.date(2030, 1, 1)) is None
    years = points.person_years(db, short, TODAY)
    assert [(y.year, y.total, y.status) for y in years] == [(2026, 10, "进行中"), (2025, 45, "不合格")]
    assert [(y.year, y.total) for y in points.person_years(db, late, TODAY)] == [(2026, 0), (2025, 0)]
    db.execute("UPDATE people SET status = '离岗' WHERE id = ?", [short])  # no longer at the post
    assert points.promotion_holds(db, TODAY) == {}
    assert [(y.year, y.status) for y in points.person_years(db, short, TODAY)] == [
        (2026, "不评定"),
        (2025, "不评定"),
    ]
