"""花名册 columns sized to what they hold: an 18-digit ID number never wraps its last digit while an empty 备注
keeps a wide share; 社区工作者 is printed at the size of 青年干部 beside it; a unit sharing its name with another
prints its path (浆洗街街道 / 锦绣社区) as the ranking does; a long name breaks at its ·."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from app.people.service import create_person
from app.printing import service
from app.printing.doc_roster import DEFAULT_COLUMNS
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory
from tests.app.test_print_support import ACTOR
from tests.ids import make_id

LONG_UNIT = "四川省成都市武侯区玉林街道玉林社区党委下属新经济组织和新社会组织综合党委第一联合党支部工作委员会"
LONG_NAME = "阿卜杜热合曼·买买提·艾力江·吐尔逊"
# The trial's choice: five of the twelve columns empty for everybody.
TWELVE = ["姓名", "公民身份号码", "工作单位", "联系电话", "备注", "来源渠道", "状态", "年龄", "入党时间", "参加工作时间",
          "专业", "社会工作者职业资格"]  # fmt: skip
# The columns of the trial's roster where 社区工作者 came out smaller than 青年干部.
ROLES_COLUMNS = [*DEFAULT_COLUMNS, "联系电话"]


@pytest.fixture(autouse=True)
def december_2026(pin_today):
    pin_today(dt.date(2026, 12, 2))


@pytest.fixture
def db():
    db = open_memory()
    migrations.apply(db)
    streets = [
        create_unit(db, {"name": n, "kind": "街道/镇"}, ACTOR).record_id for n in ("浆洗街街道", "玉林街道")
    ]
    units = [
        create_unit(db, {"name": "锦绣社区", "kind": "社区/村", "parent_id": s}, ACTOR).record_id
        for s in streets
    ]
    units.append(
        create_unit(db, {"name": LONG_UNIT, "kind": "社区/村", "parent_id": streets[1]}, ACTOR).record_id
    )
    people = [
        ("王一", "community_worker", units[0]), ("王二", "reserve_cadre", units[1]), ("王三", "community_worker", units[2]),
        ("王四", "reserve_cadre", units[0]), (LONG_NAME, "community_worker", units[1]),
    ]  # fmt: skip
    for serial, (name, role, unit) in enumerate(people):
        data = {"role": role, "name": name, "id_number": make_id(serial), "unit_id": unit, "phone": "13912345679",
                "political_status": "中共预备党员", "education": "大学本科", "position": "综合服务岗",
                "post_start_date": "2015-03-01", "status": "在岗"}  # fmt: skip
        create_person(db, data, ACTOR)
    yield db
    db.conn.close()


def _pieces(path) -> list[tuple[float, float, str]]:
    """(baseline height, font size, text) of every piece of text of the first page."""
    found: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            found.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], size * tm[3] * cm[3], text.strip()))

    PdfReader(str(path)).pages[0].extract_text(visitor_text=visit)
    return found


def test_an_id_number_is_never_wrapped_however_many_columns_are_empty(db, tmp_path):
    printed = service.roster(db, tmp_path / "r.pdf", columns=TWELVE)
    texts = [t for _y, _s, t in _pieces(printed.out)]
    # Each on one line, as one piece: wrapped, it read 11010119900101000 and a lone check digit.
    assert all(make_id(serial) in texts for serial in range(5)), texts


def test_a_role_is_printed_at_the_size_of_the_others_in_its_column(db, tmp_path):
    pieces = _pieces(service.roster(db, tmp_path / "r.pdf", columns=ROLES_COLUMNS).out)
    sizes = {s for _y, s, t in pieces if t in ("社区工作者", "青年干部")}
    assert sizes == {10.5}  # 五号, as every other cell


def test_a_unit_that_shares_its_name_prints_its_path(db, tmp_path):
    texts = "".join(t for _y, _s, t in _pieces(service.roster(db, tmp_path / "r.pdf").out))
    assert "浆洗街街道 / 锦绣社区" in texts and "玉林街道 / 锦绣社区" in texts
    assert "玉林街道 / " + LONG_UNIT[:5] not in texts  # a unit whose name is its own is printed by its name


def test_a_long_name_breaks_after_a_dot_not_inside_a_part(db, tmp_path):
    pieces = _pieces(service.roster(db, tmp_path / "r.pdf", columns=TWELVE).out)
    lines = [t for _y, _s, t in sorted(pieces, key=lambda p: -p[0]) if t in LONG_NAME and len(t) > 1]
    assert "".join(lines) == LONG_NAME and len(lines) > 1
    assert all(line.endswith("·") for line in lines[:-1]), lines
