"""Units an import creates — into an empty database, the natural first step, or beside existing ones — are made as
the divisions they name: the organ's word off (居委会, 党委, 办事处), a street run together with its community split
into the two, and each of the kind its name says (社区/村, 街道/镇), never 两新组织 for a 居委会."""

from __future__ import annotations

import datetime as dt

import pytest

from app.exchange.import_commit import commit_import
from app.exchange.plan import Action
from app.exchange.roster_import import plan_import
from app.exchange.units_match import UnitMatcher
from app.office import open_office
from app.units.service import Unit
from tests.ids import make_id
from tests.sheets import write_xlsx

TODAY = dt.date(2026, 11, 20)
ACTOR = "测试员"


@pytest.fixture
def office(tmp_path):
    opened = open_office(tmp_path / "office.db")
    yield opened
    opened.close(backup_if_changed=False)


def units_made(office) -> set[tuple[str, str, str | None]]:
    """(name, kind, parent's name) of every unit."""
    rows = office.db.execute(
        "SELECT u.name, u.kind, p.name FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id"
    ).fetchall()
    return set(rows)


WRITTEN = [
    "武侯区浆洗街街道玉林社区", "玉林社区", "玉林社区居委会", "玉林社区（居委会）", "玉林社区党委", "玉林社区居民委员会",
    "浆洗街街道、玉林社区", "浆洗街街道 / 玉林社区", "浆洗街街道", "浆洗街街道办事处", "武侯区浆洗街街道办事处",
    "浆洗街街道玉林社区党委", "浆洗街街道玉林社区居民委员会", "浆洗街街道长寿社区", "长寿社区居委会",
]  # fmt: skip


def test_an_import_into_an_empty_database_makes_each_division_once_of_its_kind(office, tmp_path):
    rows = [["姓名", "身份证号码", "所在单位", "人员类别"]]
    rows += [
        [f"丙{chr(0x4E00 + 600 + i)}", make_id(i), unit, "社区工作者"] for i, unit in enumerate(WRITTEN, 1)
    ]
    plan = plan_import(office.db, write_xlsx(tmp_path / "first.xlsx", rows), today=TODAY)
    assert plan.count(Action.NEW) == len(WRITTEN)
    commit_import(office.db, office.path, plan, update_existing=False, actor=ACTOR)
    assert units_made(office) == {
        ("武侯区", "区/县", None),
        ("浆洗街街道", "街道/镇", "武侯区"),
        ("玉林社区", "社区/村", "浆洗街街道"),
        ("长寿社区", "社区/村", "浆洗街街道"),
    }
    placed = office.db.execute(
        "SELECT count(*) FROM people p JOIN org_units u ON u.id = p.unit_id WHERE u.name = '玉林社区'"
    ).fetchone()[0]
    assert placed == 10  # every spelling of it: all but the street's own three and 长寿社区's two


def test_organ_words_alone_leave_a_community_of_its_kind_at_the_top(office, tmp_path):
    rows = [["姓名", "身份证号码", "所在单位", "人员类别"],
            ["郑九", make_id(1), "玉林社区居委会", "社区工作者"],
            ["冯十", make_id(2), "黄水乡人民政府", "社区工作者"],
            ["陈十一", make_id(3), "成都某某科技有限公司党支部", "社区工作者"]]  # fmt: skip
    plan = plan_import(office.db, write_xlsx(tmp_path / "organs.xlsx", rows), today=TODAY)
    commit_import(office.db, office.path, plan, update_existing=False, actor=ACTOR)
    # A company's party branch is no division: its name is kept as written, and it is a 两新组织.
    assert units_made(office) == {("玉林社区", "社区/村", None), ("黄水乡", "街道/镇", None),
                                  ("成都某某科技有限公司党支部", "两新组织", None)}  # fmt: skip


def matcher() -> UnitMatcher:
    tree = [(1, "武侯区", None), (2, "浆洗街街道", 1), (3, "锦绣社区", 2)]
    return UnitMatcher([Unit(i, name, "", parent, None, None, 0) for i, name, parent in tree])


@pytest.mark.parametrize(
    ("text", "name", "similar"),
    [
        ("浆洗街道办事处", "浆洗街道", "浆洗街街道"),  # one character from the street, once its organ is off
        ("浆洗街道", "浆洗街道", "浆洗街街道"),
        ("锦秀社区居委会", "锦秀社区", "浆洗街街道 / 锦绣社区"),
        ("新华社区居委会", "新华社区", None),
    ],
)
def test_a_new_unit_a_character_from_an_existing_one_is_said_after_its_organ_is_off(text, name, similar):
    units = matcher()
    units.resolve(text)
    (made,) = units.new_units()
    assert (made.name, made.similar) == (name, similar)


def test_a_plain_name_and_its_street_run_together_are_one_new_unit_whichever_comes_first(office, tmp_path):
    rows = [["姓名", "身份证号码", "所在单位", "人员类别"],
            ["郑九", make_id(1), "玉林社区", "社区工作者"],
            ["冯十", make_id(2), "浆洗街街道玉林社区党委", "社区工作者"]]  # fmt: skip
    plan = plan_import(office.db, write_xlsx(tmp_path / "order.xlsx", rows), today=TODAY)
    commit_import(office.db, office.path, plan, update_existing=False, actor=ACTOR)
    assert units_made(office) == {("浆洗街街道", "街道/镇", None), ("玉林社区", "社区/村", "浆洗街街道")}
