"""The roster import plans its usual rows at once (roster_plain.plain_row) and reads every other row in full (with
clean_person): the two must plan every row alike. Random sheets of plain and messy cells are planned both ways and
compared row by row, with what the command line prints of them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.exchange import roster_import
from app.exchange.roster_import import plan_import
from app.exchange.sheet import Sheet
from app.people.idnumber import check_digit
from app.people.service import create_person, retire_people
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory
from tests.ids import make_id

ACTOR = "测试员"
TODAY = dt.date(2026, 12, 1)
HEADER = [
    "序号", "姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "政治面貌", "入党时间", "参加工作时间",
    "到岗时间", "工作单位", "岗位", "人员类别", "联系电话", "社工资格", "状态", "备注",
]  # fmt: skip


@pytest.fixture(scope="module")
def db():
    db = open_memory()
    migrations.apply(db)
    street = create_unit(db, {"name": "城关街道", "kind": "街道/镇"}, ACTOR).record_id
    east = create_unit(db, {"name": "东门社区", "kind": "社区/村", "parent_id": street}, ACTOR).record_id
    other = create_unit(db, {"name": "城南街道", "kind": "街道/镇"}, ACTOR).record_id
    for parent in (street, other):  # two 南门社区: the plain name is ambiguous
        create_unit(db, {"name": "南门社区", "kind": "社区/村", "parent_id": parent}, ACTOR)
    create_person(
        db, {"role": "community_worker", "name": "李四", "id_number": make_id(2), "unit_id": east}, ACTOR
    )
    binned = create_person(
        db, {"role": "community_worker", "name": "赵六", "id_number": make_id(6), "unit_id": east}, ACTOR
    ).record_id
    retire_people(db, [binned], ACTOR)
    yield db
    db.conn.close()


def _number(serial: int, born: str = "19900101") -> str:
    first17 = f"110101{born}{serial:03d}"
    return first17 + check_digit(first17)


# Each column: the values the shortcut takes (most rows), then values it must leave to the full checks.
NAMES = (
    ["张三", "王小明", "欧阳娜娜"],
    ["李四", "阿依古丽·买买提", "王 五", "Anna", "张三丰之子孙", "张3", ""],
)
CHOICES = {
    "民族": (["", "汉族"], ["汉", "回族", "火星族"]),
    "学历": (["", "大学本科"], ["本科", "全日制本科", "博士后", "本科/学士"]),
    "政治面貌": (["中共党员"], ["", "群众", "党员", "无党派", "中共预备党员"]),
    "社工资格": (["", "无"], ["中级", "特级"]),
    "状态": (["", "在岗"], ["试用", "休假"]),
}
# The plain dates agree with each other and with a birth in 1990; the messy ones break a rule or are no date cell.
PARTY = (
    [dt.date(2012, 7, 1), None],  # a date first: the plain row beside a messy 政治面貌 has one to check
    ["2012.07", dt.date(2005, 1, 1), dt.date(2030, 1, 1), dt.datetime(2015, 1, 1)],
)
WORK = ([None, dt.date(2010, 7, 1)], [dt.date(2005, 1, 1), dt.date(1895, 1, 1), 40000.0, "2010年7月"])
POST = ([None, dt.date(2012, 9, 1)], [dt.date(2009, 1, 1), "2012-09"])
UNITS = (
    ["东门社区"],
    ["南门社区", "城关街道 / 东门社区", "城关街道东门社区", "西门社区", "", "城北街道北门社区"],
)
ROLES = (["社区工作者"], ["社工", "党建指导员", "", "网格员"])
PHONES = (["", "13912345678"], ["139-1234-5678", "12345", "13912345678/13812345678", 13912345678])
NOTES = (["", "备注"], ["'-5", "合计", "x" * 3000])
POSITIONS = (["", "网格员"], ["x" * 60])


def _columns(serial: int) -> list[tuple[list, list]]:
    """(plain values, messy values) of each column of HEADER, for the person with this serial's ID number."""
    number = _number(serial)
    gender = "男" if int(number[16]) % 2 else "女"
    return [
        ([serial + 1], []),
        NAMES,
        (["", gender], ["男", "女", "男性", "M"]),
        CHOICES["民族"],
        (
            [number],
            [
                int(number) if number.isdigit() else 5.1e17,
                number.lower(),
                f"'{number}",
                number[:-1] + "0",
                "",
                _number(serial, "20120101"),  # 14 years old: refused, as 106 is
                _number(serial, "19200101"),
            ],
        ),
        ([None, dt.date(1990, 1, 1)], ["1990.01", dt.date(1980, 5, 5), "2099-01-01"]),
        CHOICES["学历"],
        CHOICES["政治面貌"],
        PARTY,
        WORK,
        POST,
        UNITS,
        POSITIONS,
        ROLES,
        PHONES,
        CHOICES["社工资格"],
        CHOICES["状态"],
        NOTES,
    ]


@st.composite
def person_rows(draw) -> list[object]:
    """A row of plain values, most of the time with one or two cells messy instead: the shortcut's every guard
    is met by a row that fails it alone."""
    columns = _columns(draw(st.integers(0, 40)))  # 2 is 李四's number, 6 赵六's in the bin; some come twice
    # Half the rows plain, the other half with one messy cell (each column alike), now and then a second.
    messy = {draw(st.integers(1, 2 * len(columns))), draw(st.integers(1, 6 * len(columns)))}
    return [draw(st.sampled_from(m if i in messy else p)) for i, (p, m) in enumerate(columns)]


SINGLES = [(column, value) for column, (_plain, messy) in enumerate(_columns(21)) for value in messy]


@pytest.mark.parametrize(("column", "value"), SINGLES)
def test_each_messy_cell_alone_is_planned_as_the_full_checks_plan_it(db, column, value) -> None:
    """Every guard of the shortcut, one at a time: a plain row (the texts read once), then the same person's row
    with one messy cell, then a third plain row."""
    rows = []
    for serial in (20, 21, 22):
        rows.append([values[0] for values, _messy in _columns(serial)])
    rows[1][column] = value
    fast, full = _both_ways(db, rows)
    assert [_seen(r) for r in fast.rows] == [_seen(r) for r in full.rows]


def _both_ways(db, rows: list[list[object]]) -> tuple:
    """The sheet planned with the shortcut and without it. Patched here, not by a test's fixture: hypothesis runs
    many sheets in one test, and the shortcut must be back for each."""
    sheet = Sheet("花名册", [list(HEADER), *[list(r) for r in rows]])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(roster_import, "sheets_of", lambda _path: [sheet])
        fast = plan_import(db, "名单.xlsx", today=TODAY)
        patch.setattr(roster_import, "plain_row", lambda *_args: None)
        full = plan_import(db, "名单.xlsx", today=TODAY)
    return fast, full


def _seen(row) -> tuple:
    """What a plan says of a row, the values' keys in their order too."""
    values = list(row.values.items())
    problems = [p.text() for p in row.problems]
    return (row.row, row.action, row.name, row.id_number, values, row.changes, row.person_id, row.unit_name,
            row.notices, problems)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(person_rows(), min_size=1, max_size=25))
def test_the_usual_row_is_planned_as_the_full_checks_plan_it(db, rows) -> None:
    fast, full = _both_ways(db, rows)
    assert [_seen(r) for r in fast.rows] == [_seen(r) for r in full.rows]
    assert (fast.new_units, fast.skipped, fast.notices) == (full.new_units, full.skipped, full.notices)


def test_most_rows_of_a_plain_roster_take_the_shortcut(db, monkeypatch) -> None:
    """The shortcut is taken, not only agreed with: a clean roster's rows after each text's first reading."""
    taken = []
    real = roster_import.plain_row

    def counting(*args):
        row = real(*args)
        taken.append(row is not None)
        return row

    rows = [
        [n, "王小明", "男" if n % 2 else "女", "汉族", _number(100 + n, "19850315"), None, "大学本科", "中共党员",
         dt.date(2010, 7, 1), dt.date(2008, 7, 1), None, "东门社区", "", "社区工作者", "13912345678", "", "", ""]
        for n in range(1, 21)
    ]  # fmt: skip
    for row in rows:  # the gender the number says
        row[2] = "男" if int(row[4][16]) % 2 else "女"
    monkeypatch.setattr(roster_import, "plain_row", counting)
    fast, full = _both_ways(db, rows)
    assert [_seen(r) for r in fast.rows] == [_seen(r) for r in full.rows]
    assert sum(taken) >= 18 and all(r.action.name == "NEW" for r in fast.rows)


@pytest.mark.parametrize(("column", "value"), [("政治面貌", "中共预备党员"), ("学历", "本科/学士")])
def test_rows_after_a_text_is_read_keep_the_rules_that_text_brings(db, column, value) -> None:
    """The later rows take the shortcut once a text is understood: a 预备党员 of 2012 is refused there too, and a
    学历 with its 学位 stored as its 学历."""
    rows = []
    for serial in (30, 31, 32):
        row = [values[0] for values, _messy in _columns(serial)]
        row[HEADER.index(column)] = value
        rows.append(row)
    fast, full = _both_ways(db, rows)
    assert [_seen(r) for r in fast.rows] == [_seen(r) for r in full.rows]
    assert len({r.action for r in full.rows}) == 1
