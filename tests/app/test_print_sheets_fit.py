"""考核登记表 rows hold their text: a 60-character 工作单位 (three lines) and a long Uyghur name (three lines in
the 姓名 cell, broken at its ·) each ran over the borders of an 11 mm row into the rows around it."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from app.appraisal.service import ScoreInput, set_scores
from app.people.service import create_person
from app.printing import service
from app.printing.doc_sheets import WIDTH, particulars
from app.printing.fonts import resolve_fonts
from app.printing.people import PersonInfo
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory
from tests.app.test_print_support import ACTOR, build_office
from tests.ids import make_id

LONG_NAME = "阿卜杜热合曼·买买提·艾力江·吐尔逊"
UNIT_60 = "四川省成都市武侯区玉林街道玉林社区党委下属新经济组织和新社会组织综合党委第一联合党支部工作委员会暨玉林片区商务楼宇联合党"
ROW = 11 * 72 / 25.4  # the sheet's rows are 11 mm, at least


@pytest.fixture
def office():
    db = open_memory()
    migrations.apply(db)
    ids = build_office(db)
    yield db, ids
    db.conn.close()


def _sheet_of(db, period: int, name: str, unit: str, tmp_path) -> list[tuple[float, str]]:
    """The (baseline height, text) of every line on the sheet of a new person `name` of `unit`."""
    unit_id = create_unit(db, {"name": unit, "kind": "社区/村"}, ACTOR).record_id
    data = {"role": "community_worker", "name": name, "id_number": make_id(500), "unit_id": unit_id,
            "position": "网格员", "political_status": "中共党员"}  # fmt: skip
    person = create_person(db, data, ACTOR).record_id
    scores = {"work": D(90), "test": D(90), "satisfaction": D(90)}
    set_scores(db, period, ScoreInput(person, scores), ACTOR)
    out = service.sheets(db, period, tmp_path / "sheet.pdf", person_ids=[person]).out
    found: list[tuple[float, str]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            found.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    PdfReader(str(out)).pages[0].extract_text(visitor_text=visit)
    return found


def _y(found: list[tuple[float, str]], text: str) -> float:
    return next(y for y, t in found if t == text)


def overflowing(table, width: float) -> list[str]:
    """The texts of `table` taller than their cells (rows and columns summed over a span), padding 2 pt above and
    below and 3 pt at each side as tables.grid_style has it."""
    table.wrap(width, 10_000)
    spans = table._spanRanges  # (column, row) → the span's corners, None for a cell a span covers
    found = []
    for r, row in enumerate(table._cellvalues):
        for c, value in enumerate(row):
            corners = spans.get((c, r), (c, r, c, r))
            if corners is None or not hasattr(value, "wrap"):
                continue
            c0, r0, c1, r1 = corners
            room = sum(table._rowHeights[r0 : r1 + 1]) - 4
            if value.wrap(sum(table._colWidths[c0 : c1 + 1]) - 6, 10_000)[1] > room + 1e-6:
                found.append(getattr(value, "text", repr(value)))
    return found


def _person(**fields) -> PersonInfo:
    empty = dict.fromkeys(("gender", "birth_date", "ethnicity", "id_number", "position", "political_status",
                           "education", "phone", "post_start_date", "source", "status"), "")  # fmt: skip
    return PersonInfo(
        **{"id": 1, "name": "王五", "role": "社区工作者", "unit_name": "东门社区", **empty, **fields}
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"unit_name": UNIT_60},
        {"name": LONG_NAME},
        {"position": UNIT_60},
        {"role": "社区专职党建指导员兼网格员"},
    ],
)
def test_no_text_of_the_particulars_is_taller_than_its_cell(fields):
    fonts = resolve_fonts()
    table = particulars(fonts, _person(**fields))
    assert overflowing(table, WIDTH) == []


def test_a_sixty_character_unit_grows_its_row(office, tmp_path):
    db, ids = office
    found = _sheet_of(db, ids["open"], "王五", UNIT_60, tmp_path)
    lines = [t for _y, t in found if t in UNIT_60]
    assert "".join(lines) == UNIT_60 and len(lines) == 3
    # The labels sit in the middle of their rows: the rows around the unit's keep their 11 mm, the unit's has
    # three 13 pt lines and its padding (the sheet is shrunk a little to stay on its page: compared by ratio).
    first, above, below = _y(found, "姓名"), _y(found, "政治面貌"), _y(found, "岗位")
    assert (above - below) / (first - above) == pytest.approx((ROW + 3 * 13 + 4) / ROW, abs=0.02)


def test_a_long_name_wraps_at_its_dots(office, tmp_path):
    db, ids = office
    found = _sheet_of(db, ids["open"], LONG_NAME, "东门社区二", tmp_path)
    lines = [(y, t) for y, t in found if t in LONG_NAME and t != "·"]
    assert [t for _y, t in sorted(lines, reverse=True)] == ["阿卜杜热合曼·", "买买提·艾力江·", "吐尔逊"]
    first, second, third = _y(found, "姓名"), _y(found, "政治面貌"), _y(found, "工作单位")
    assert (first - second) / (second - third) == pytest.approx((3 * 13 + 4 + ROW) / 2 / ROW, abs=0.02)
