"""The score import plans its usual rows at once (RowPlanner.plain_row) and reads every other row in full: the two
must plan every row alike. Random sheets of messy cells are planned both ways and compared row by row, with the
dry run's text."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.appraisal import score_import, service
from app.appraisal.periods import find_period
from app.appraisal.rules import BUILTIN_SCHEMES
from app.appraisal.score_import import commit_score_import, describe_plan, plan_score_import
from app.appraisal.score_rows import RowPlanner
from app.exchange.sheet import Sheet
from app.people.service import create_person, retire_people
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory
from tests.ids import make_id as _id

ACTOR = "测试员"
YEAR = 2024
# A few names that test the shortcut's limits (计 of 合计, a name that is also the column's label, a middle
# dot), and enough others that most rows of a sheet are someone new.
NAMES = [
    "张三",
    "李四",
    "王计明",
    "姓名",
    "阿依古丽·买买提",
    *(f"{s}{g}" for s in "刘陈杨黄" for g in "伟芳娜敏静丽"),
]
HEADER = ["序号", "姓名", "公民身份号码", "满意度", "能力测试", "工作实绩", "专项工作加分", "备注"]


@pytest.fixture(scope="module")
def db():
    db = open_memory()
    migrations.apply(db)
    unit = create_unit(db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
    for serial, name in enumerate(NAMES):
        role = "instructor" if serial % 7 == 1 else "community_worker"
        create_person(db, {"role": role, "name": name, "id_number": _id(serial), "unit_id": unit}, ACTOR)
    binned = create_person(
        db, {"role": "community_worker", "name": "赵六", "id_number": _id(99), "unit_id": unit}, ACTOR
    ).record_id
    retire_people(db, [binned], ACTOR)
    _scored_year(db)
    yield db
    db.conn.close()


def _scored_year(db) -> None:
    """A 3x year with scores for every other person (one missing a component) and one taken out of it, for
    rows that update, leave alone or complete what is stored."""
    stored = [
        [1, NAMES[i], _id(i), 85, 90 if i != 4 else None, 85.5, 2 if i % 4 else None, None]
        for i in range(0, len(NAMES), 2)
    ]
    plan = _plan(db, stored, BUILTIN_SCHEMES["3x"], None, plain=False, year=None)
    commit_score_import(db, plan, "3x", YEAR, None, ACTOR)
    period = find_period(db, "3x", YEAR, None)
    exempt = db.execute("SELECT id FROM people WHERE id_number = ?", [_id(2)]).fetchone()[0]  # 王计明
    service.override_grade(db, period.id, exempt, "不参加考核", "长期病假", ACTOR)


_IDS = [_id(i) for i in range(len(NAMES))] + [_id(99), _id(120), _id(0).lower()[:-1] + "x"]
_TEXTS = [
    *NAMES, *(f" {n} " for n in NAMES), "\u200b张三", "张三\u3000", "赵六", "王五", "", " ", "合计", "总计：5人",
    "平均分", "计", "/", "缺考", "85分", "８５", " 85 ", "85.5", "姓名", "公民身份号码", "能力测试", "'-5", "备注",
    *_IDS, *(f"'{i}" for i in _IDS), *(f" {i} " for i in _IDS),
]  # fmt: skip
_CELL = st.one_of(
    st.none(),
    st.sampled_from(_TEXTS),
    st.integers(-5, 120),
    st.sampled_from([85.0, 85.5, 79.98999999999999, 100.0001, -0.0, 1e300, float("nan"), 12.25]),
    st.booleans(),
    st.sampled_from([dt.date(2024, 5, 1), dt.datetime(2024, 5, 1, 8, 30)]),
)
_VALID = st.sampled_from([85, 90, 85.5, 100, 0, 90.0, None])
_FAULTS = [
    "wrong name", "other name", "id", "score", "score text", "bonus", "serial", "any cell", "any cell",
    "header again",
]  # fmt: skip


@st.composite
def _row(draw) -> list[object]:
    """A row as streets fill them (a serial, a roster name and ID number, scores from a few values a column
    meets again, a note) or, about one row in three, with one fault of the kind the shortcut must leave to the
    full reading."""
    person = draw(st.integers(0, len(NAMES) - 1))
    row = [
        draw(st.sampled_from([1, 2, "3", None])), NAMES[person], _id(person),
        draw(_VALID), draw(_VALID), draw(_VALID), draw(st.sampled_from([None, 2, 10, 2.0])),
        draw(st.sampled_from([None, "", "调入", "计划生育专干"])),
    ]  # fmt: skip
    fault = draw(st.sampled_from(["none"] * 16 + _FAULTS))
    if fault == "wrong name":
        row[1] = draw(
            st.sampled_from(["赵六", "王五", f" {NAMES[person]}", f"\u200b{NAMES[person]}", "张 三"])
        )
    elif fault == "other name":
        row[1] = draw(st.sampled_from(NAMES))
    elif fault == "id":
        row[2] = draw(
            st.sampled_from(_IDS[-3:] + [f"'{_id(person)}", f" {_id(person)} ", int(_id(person)[:-1])])
        )
    elif fault in ("score", "score text", "bonus"):
        column = 6 if fault == "bonus" else draw(st.integers(3, 5))
        bad = (
            [101, -1, 11, 1e300, float("nan"), True] if fault != "score text" else ["85", "/", " 90 ", "85分"]
        )
        row[column] = draw(st.sampled_from(bad))
    elif fault == "serial":
        row[0] = draw(st.sampled_from(["合计", "总计", "平均分", "ｌ", "姓名"]))
    elif fault == "header again":  # 姓名 is someone's name here: with 序号 and 备注 said again, a header
        row = [
            "序号",
            "姓名",
            _id(NAMES.index("姓名")),
            *draw(st.sampled_from([[None] * 4, [85, None, None, None]])),
        ]
        row.append(draw(st.sampled_from(["备注", None])))
    elif fault == "any cell":
        row[draw(st.integers(0, len(HEADER) - 1))] = draw(_CELL)
    return row


def _plan(db, rows, scheme, monkeypatch, plain: bool, year: int | None = None):
    """The plan of a sheet of `rows`, against the stored scores of `year` (None: a new period)."""
    sheet = Sheet("成绩", [HEADER, *rows])
    period = find_period(db, "3x", year, None) if year else None
    with pytest.MonkeyPatch.context() if monkeypatch is None else monkeypatch.context() as patched:
        patched.setattr(score_import, "sheets_of", lambda path: [sheet])
        if not plain:
            patched.setattr(RowPlanner, "plain_row", lambda self, number, cells, kinds: None)
        return plan_score_import(db, "成绩.xlsx", scheme, period)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(_row(), min_size=1, max_size=14),
    roles=st.sampled_from([(), ("community_worker",)]),
    year=st.sampled_from([None, YEAR]),
)
def test_rows_planned_at_once_are_planned_as_in_full(db, monkeypatch, rows, roles, year):
    scheme = replace(BUILTIN_SCHEMES["3x"], roles=roles)
    fast = _plan(db, rows, scheme, monkeypatch, plain=True, year=year)
    full = _plan(db, rows, scheme, monkeypatch, plain=False, year=year)
    assert fast.rows == full.rows
    assert fast.skipped == full.skipped
    assert describe_plan(fast) == describe_plan(full)


def test_the_usual_row_is_planned_at_once(db, monkeypatch):
    """The shortcut is taken where it should be (else the comparison above would hold trivially): a score is
    read in full the first time its column meets it, and so is the same person again."""
    taken: list[int] = []
    real = RowPlanner.plain_row

    def counting(self, number, cells, kinds):
        row = real(self, number, cells, kinds)
        if row is not None:
            taken.append(number)
        return row

    monkeypatch.setattr(RowPlanner, "plain_row", counting)
    rows = [
        [1, "张三", _id(0), 90, 85, 88.5, None, "调入"],
        [2, "张三", _id(0), 90, 85, 88.5, None, None],
        [3, "李四", _id(1), 90, 85, 88.5, 2, None],
        [4, "阿依古丽·买买提", _id(4), 90, 85, 88.5, 2, "借调"],
    ]
    plan = _plan(db, rows, BUILTIN_SCHEMES["3x"], monkeypatch, plain=True)
    assert taken == [5]
    fast = plan.rows[-1]
    assert (fast.name, fast.id_number, fast.bonus, fast.has_bonus) == ("阿依古丽·买买提", _id(4), 2, True)
    assert fast.scores == {"satisfaction": 90, "ability": 85, "performance": D("88.5")}
