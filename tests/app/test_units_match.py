"""Which unit a 工作单位 cell means when a street writes the path its own way: run together (浆洗街街道锦绣社区),
spaced or dashed (浆洗街街道 锦绣社区, 望江路街道-玉林社区), or as our export writes it (浆洗街街道 / 锦绣社区)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.commands import _print_plan
from app.exchange.roster_import import ImportOptions, plan_import
from app.exchange.units_match import UnitMatcher
from app.units.service import Unit, create_unit
from db import migrations
from db.connection import open_memory
from tests.ids import make_id

# 武侯区 › 浆洗街街道 › 锦绣社区, 玉林社区, 芳草社区（东区）; 武侯区 › 望江路街道 › 玉林社区; 武侯区 › 玉林街道 ›
# 锦绣社区; 武侯区 › 跳伞塔街道 › 棕北社区, 致民社区; 武侯区 › 安仁镇, 黄水乡
TREE = [
    (1, "武侯区", None),
    (2, "浆洗街街道", 1),
    (3, "锦绣社区", 2),
    (4, "玉林社区", 2),
    (5, "望江路街道", 1),
    (6, "玉林社区", 5),
    (7, "玉林街道", 1),
    (8, "锦绣社区", 7),
    (9, "跳伞塔街道", 1),
    (10, "棕北社区", 9),
    (11, "致民社区", 9),
    (12, "芳草社区（东区）", 2),
    (13, "安仁镇", 1),
    (14, "黄水乡", 1),
]


def matcher(scope: int | None = None) -> UnitMatcher:
    units = [Unit(i, name, "", parent, None, None, 0) for i, name, parent in TREE]
    return UnitMatcher(units, scope)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("浆洗街街道 / 锦绣社区", 3),
        ("浆洗街街道锦绣社区", 3),
        ("浆洗街街道 锦绣社区", 3),
        ("浆洗街街道　锦绣社区", 3),  # a full-width space
        ("武侯区浆洗街街道锦绣社区", 3),
        ("武侯区 浆洗街街道 锦绣社区", 3),
        ("望江路街道-玉林社区", 6),
        ("望江路街道—玉林社区", 6),
        ("玉林街道锦绣社区", 8),
        ("浆洗街街道玉林社区", 4),
        ("浆洗街街道", 2),
        ("浆洗街街道、锦绣社区", 3),
        ("浆洗街街道，锦绣社区", 3),
        ("浆洗街街道/锦绣社区居委会", 3),  # the community's organ is the community
        ("浆洗街街道锦绣社区居民委员会", 3),
        ("望江路街道 玉林社区党委", 6),
        ("浆洗街街道办事处", 2),
        ("浆洗街 / 锦绣社区", 3),  # a street without 街道
        ("浆洗街锦绣社区", 3),
        ("浆洗街-玉林社区", 4),
        ("浆洗街", 2),
        # a 街道 column written its own way beside the 社区 column (street_column joins them with " / ")
        ("武侯区浆洗街街道 / 锦绣社区", 3),
        ("武侯区浆洗街街道 / 锦绣社区居委会", 3),
        ("成都市武侯区浆洗街街道 / 玉林社区党委", 4),
        ("浆洗街街道办事处 / 锦绣社区", 3),
        ("武侯区 浆洗街街道 / 锦绣社区", 3),
    ],
)
def test_a_path_written_together_or_spaced_means_the_existing_unit(text: str, unit: int) -> None:
    assert matcher().resolve(text) == unit
    assert matcher().candidates(text) == [unit]


def test_a_name_shared_by_two_units_still_asks_for_the_street() -> None:
    with pytest.raises(ValueError, match="2 个名为“玉林社区”的单位"):
        matcher().resolve("玉林社区")


def test_a_run_together_path_whose_parents_are_not_real_is_a_new_unit_under_the_real_street() -> None:
    units = matcher()
    new = units.resolve("望江路街道锦绣社区")  # there is no 锦绣社区 under 望江路街道
    assert new < 0
    (made,) = units.new_units()
    assert (made.name, made.parent_id, made.written) == ("锦绣社区", 5, "望江路街道 / 锦绣社区")


@pytest.mark.parametrize(
    "text", ["成都某某科技有限公司", "东区社区", "A-1栋", "成都 天府软件园", "老城区街道"]
)
def test_a_name_that_is_no_path_of_divisions_stays_one_new_unit(text: str) -> None:
    units = matcher()
    units.resolve(text)
    (made,) = units.new_units()
    assert (made.name, made.parent_id) == (text, None)


def test_new_divisions_run_together_become_a_path_of_new_units() -> None:
    units = matcher()
    community = units.resolve("金牛区荷花池街道大安社区")
    assert units.resolve("大安社区") == community  # the one this file makes, not a second
    assert units.resolve("荷花池街道 大安社区") == community
    made = {n.placeholder: n for n in units.new_units()}
    assert [n.name for n in made.values()] == ["金牛区", "荷花池街道", "大安社区"]
    district, street = made[made[community].parent_id].parent_id, made[community].parent_id
    assert made[district].parent_id is None and made[street].name == "荷花池街道"
    assert units.depth("金牛区荷花池街道大安社区") == 3 and units.depth("大安社区") == 1


def test_a_plain_name_two_new_units_share_asks_for_the_street() -> None:
    units = matcher()
    units.resolve("城北街道北门社区")
    units.resolve("城南街道北门社区")
    with pytest.raises(ValueError, match="本表将新建 2 个名为“北门社区”的单位"):
        units.resolve("北门社区")
    assert len(units.new_units()) == 4  # the two streets and their two communities, and nothing more


def test_a_new_community_written_under_an_existing_street_goes_there() -> None:
    units = matcher()
    units.resolve("浆洗街街道 新华社区")
    (made,) = units.new_units()
    assert (made.name, made.parent_id) == ("新华社区", 2)


# --- through the import: the file's order does not matter -----------------------------------------------------


def _roster(path: Path, units: list[str]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "公民身份号码", "人员类别", "工作单位"])
        for serial, unit in enumerate(units):
            writer.writerow([f"张{'一二三四五六'[serial]}", make_id(serial), "社区工作者", unit])
    return path


@pytest.mark.parametrize(
    "units",
    [
        ["锦官驿社区", "浆洗街街道锦官驿社区", "浆洗街街道 锦官驿社区"],
        ["浆洗街街道锦官驿社区", "锦官驿社区", "浆洗街街道/锦官驿社区"],
    ],
)
def test_an_empty_office_gets_one_street_and_one_community_whatever_the_order(tmp_path, units) -> None:
    db = open_memory()
    migrations.apply(db)
    plan = plan_import(db, _roster(tmp_path / "名单.csv", units))
    assert plan.new_units == ["浆洗街街道", "浆洗街街道 / 锦官驿社区"]
    (unit,) = {row.values["unit_id"] for row in plan.rows}
    assert plan.unit_names({})[unit] == "浆洗街街道 / 锦官驿社区（新建）"  # as the preview shows it


@pytest.mark.parametrize("text", ["锦绣社区居委会", "玉林居委会", "东街", "新华社区居委会"])
def test_an_organ_or_a_short_name_is_not_stretched_to_another_unit(text: str) -> None:
    """锦绣社区 is in two streets: its 居委会 is as ambiguous as it is; names that are no unit stay new."""
    if text == "锦绣社区居委会":
        with pytest.raises(ValueError, match="2 个名为“锦绣社区”的单位"):
            matcher().resolve(text)
    else:
        assert matcher().resolve(text) < 0


# --- what real street rosters write: the city above the district, 街道办, a community in brackets ---------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("成都市武侯区浆洗街街道锦绣社区", 3),
        ("成都市 / 武侯区 / 浆洗街街道 / 锦绣社区", 3),
        ("成都市 武侯区 浆洗街街道 锦绣社区", 3),
        ("四川省成都市武侯区浆洗街街道锦绣社区", 3),
        ("四川省/成都市/武侯区/跳伞塔街道/棕北社区", 10),
        ("成都市武侯区浆洗街街道", 2),
        ("成都市武侯区", 1),
        ("阿坝藏族羌族自治州 武侯区", 1),
    ],
)
def test_a_city_or_province_above_the_office_s_top_unit_is_passed_over(text: str, unit: int) -> None:
    assert matcher().resolve(text) == unit
    assert matcher().candidates(text) == [unit]


@pytest.mark.parametrize(
    "text",
    [
        "高新区 / 武侯区 / 浆洗街街道 / 锦绣社区",
        "成都市 / 金牛区 / 浆洗街街道 / 锦绣社区",
        "成都武侯区浆洗街街道锦绣社区",
    ],
)
def test_a_leading_part_that_is_no_higher_division_is_not_passed_over(text: str) -> None:
    units = matcher()
    assert units.resolve(text) < 0 and units.candidates(text) == []


def test_a_new_community_under_a_city_s_path_goes_under_the_existing_street_and_nothing_else_is_made() -> (
    None
):
    units = matcher()
    units.resolve("成都市武侯区浆洗街街道锦官驿社区")
    (made,) = units.new_units()
    assert (made.name, made.parent_id) == ("锦官驿社区", 2)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("浆洗街街道办", 2),
        ("安仁镇政府", 13),
        ("安仁镇人民政府", 13),
        ("黄水乡政府", 14),
        ("武侯区 安仁镇政府", 13),
    ],
)
def test_a_street_office_or_a_town_government_is_the_street_or_the_town(text: str, unit: int) -> None:
    assert matcher().resolve(text) == unit


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("跳伞塔街道（棕北社区）", 10),
        ("跳伞塔街道(棕北社区)", 10),
        ("武侯区跳伞塔街道（棕北社区）", 10),
        ("武侯区 / 跳伞塔街道（棕北社区）", 10),
        ("致民社区（居委会）", 11),
        ("致民社区(党委)", 11),
        ("跳伞塔街道（致民社区居委会）", 11),
        ("芳草社区（东区）", 12),  # a name as written that exists always wins
        ("浆洗街街道 / 芳草社区(东区)", 12),
    ],
)
def test_a_unit_in_brackets_after_its_parent_or_an_organ_in_brackets(text: str, unit: int) -> None:
    assert matcher().resolve(text) == unit
    assert matcher().candidates(text) == [unit]


def test_a_bracketed_name_that_is_no_unit_below_stays_one_new_name() -> None:
    units = matcher()
    units.resolve("跳伞塔街道（新华社区）")
    (made,) = units.new_units()
    assert (made.name, made.parent_id) == ("跳伞塔街道（新华社区）", None)


# --- a new unit one character away from an existing one: made, but the dry run says so ------------------------


@pytest.mark.parametrize(
    ("text", "similar"),
    [
        ("浆洗街街道锦秀社区", "浆洗街街道 / 锦绣社区"),  # one character different
        ("浆洗街街道 / 锦绣社", "浆洗街街道 / 锦绣社区"),  # one less
        ("玉林街道 锦绣园社区", "玉林街道 / 锦绣社区"),  # one more: the one under the same street
        ("玉林街道 锦绣二社区", None),  # 东门/西门, 一/二: sister units, not a slip
        ("浆洗街街道 玉林西社区", None),
        ("浆洗街街道 玉材社区", "浆洗街街道 / 玉林社区"),
        ("浆洗街道", "浆洗街街道"),
        ("浆洗街街道 新华社区", None),
        ("东区社区", None),
    ],
)
def test_a_new_unit_one_character_from_an_existing_one_names_it(text: str, similar: str | None) -> None:
    units = matcher()
    assert units.resolve(text) < 0
    (made,) = units.new_units()
    assert made.similar == similar


def test_a_new_unit_under_the_scope_is_shown_under_the_scope_s_path() -> None:
    units = matcher(scope=7)
    units.resolve("锦秀社区")
    assert units.new_unit_names() == ["玉林街道 / 锦秀社区"]
    assert units.new_units()[0].similar == "玉林街道 / 锦绣社区"


def test_a_street_s_roster_written_its_own_way_makes_only_the_unit_that_is_really_new(
    tmp_path, capsys
) -> None:
    """Through the import and the dry run's lines, under 本表来自 玉林街道 (--within): the city, 街道办, 镇政府, a
    community in brackets and an organ in brackets are existing units; 锦秀社区 is new, and the dry run asks."""
    db = open_memory()
    migrations.apply(db)
    ids: dict[int | None, int | None] = {None: None}
    for number, name, parent in TREE:
        kind = (
            "区/县" if parent is None else "社区/村" if name.endswith(("社区", "社区（东区）")) else "街道/镇"
        )
        ids[number] = create_unit(
            db, {"name": name, "kind": kind, "parent_id": ids[parent]}, "测试员"
        ).record_id
    written = ["成都市武侯区浆洗街街道锦绣社区", "浆洗街街道办", "跳伞塔街道（棕北社区）", "致民社区（居委会）",
               "安仁镇政府", "锦秀社区"]  # fmt: skip
    plan = plan_import(db, _roster(tmp_path / "玉林街道.csv", written), ImportOptions(unit_scope=ids[7]))
    assert [row.values["unit_id"] for row in plan.rows[:5]] == [ids[3], ids[2], ids[10], ids[11], ids[13]]
    assert plan.new_units == ["玉林街道 / 锦秀社区"]
    _print_plan(plan, db, update=False)
    assert (
        "将新建单位：玉林街道 / 锦秀社区（与已有的“玉林街道 / 锦绣社区”只差一个字，请核对）\n"
        in capsys.readouterr().out
    )


def test_a_new_unit_is_listed_under_the_name_it_will_have():
    """A trial: the dry run listed 玉林社区居委会 while 玉林社区 was created."""
    from app.exchange.units_match import NewUnit, describe_new

    assert (
        describe_new(NewUnit(-1, "玉林社区", None, "玉林社区居委会"))
        == "玉林社区（表中写作“玉林社区居委会”）"
    )
    assert describe_new(NewUnit(-2, "锦秀社区", None, "玉林街道 / 锦秀社区")) == "玉林街道 / 锦秀社区"
