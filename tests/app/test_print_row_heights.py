"""Rows of the printed forms grow with a long unit's name: a 签到表 row (10 mm for a signature) and a 培训档案
form line (8 mm) held at a fixed height let a three-line name run over the rows above and below it."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from app.people.service import create_person
from app.printing import training_service as ts
from app.printing.doc_training import SIGN_ROW
from app.printing.tables import row_height
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory
from tests.app.test_print_support import ACTOR
from tests.app.test_training_documents import attend, new_course
from tests.ids import make_id

LONGEST = "成都市武侯区浆洗街街道锦城社区党委第二网格党支部暨新时代文明实践站志愿服务队"
NAMES = ("丁一", "马二", "王三")  # 2, 3 and 4 strokes: the sheet's order


@pytest.fixture(autouse=True)
def december_2026(pin_today):
    pin_today(dt.date(2026, 12, 1))


@pytest.fixture
def db():
    db = open_memory()
    migrations.apply(db)
    short = create_unit(db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
    long = create_unit(db, {"name": LONGEST, "kind": "社区/村"}, ACTOR).record_id
    people = [
        create_person(db, {"role": "community_worker", "name": name, "id_number": make_id(i),
                           "unit_id": long if i == 1 else short}, ACTOR).record_id
        for i, name in enumerate(NAMES)
    ]  # fmt: skip
    course = new_course(db, "2026年社区工作者入门培训班", "2026-03-02", "2026-03-06")
    attend(db, course, people)
    yield db, course, people
    db.conn.close()


def _texts_at(path) -> list[tuple[float, str]]:
    """(height on the page, text) of every piece of text of the first page."""
    found: list[tuple[float, str]] = []

    def visit(text, cm, tm, _font, _size):
        if (
            text.strip()
        ):  # the text matrix's origin through the current transformation: the height on the page
            found.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    PdfReader(str(path)).pages[0].extract_text(visitor_text=visit)
    return found


def _y_of(found: list[tuple[float, str]], text: str) -> float:
    return next(y for y, t in found if t == text)


def test_a_signin_row_grows_to_hold_a_three_line_unit_between_its_neighbours(db, tmp_path):
    db, course, _people = db
    found = _texts_at(ts.signin_sheet(db, course, tmp_path / "签到.pdf").out)
    above, below = _y_of(found, NAMES[0]), _y_of(found, NAMES[2])
    unit = [y for y, t in found if t in LONGEST]
    assert len(unit) >= 3  # the name takes three lines or more at this width
    # Every line of it lies between the rows around it (with a fixed 10 mm the first sat on the row above and
    # the last on the row below).
    assert all(below + 10 < y < above - 10 for y in unit), (above, unit, below)


def test_a_row_is_never_lower_than_asked():
    assert row_height(["", None], [100.0, 100.0], SIGN_ROW) == SIGN_ROW


def test_a_training_record_form_line_grows_with_the_unit(db, tmp_path):
    db, _course, people = db
    found = _texts_at(ts.training_record(db, people[1], tmp_path / "档案.pdf").out)
    number = _y_of(found, make_id(1))  # the line under 工作单位
    unit = [y for y, t in found if t in LONGEST]
    # The unit's last line clears the ID number's line: half of that 8 mm line and half of its own 13 pt apart,
    # at least (at a fixed 8 mm it was 15 pt above, across the border between them).
    assert len(unit) >= 2 and min(unit) - number > 4 * 2.835 + 6.5, (unit, number)


def test_a_short_word_is_set_smaller_rather_than_broken(db):
    """买买提·艾力 in a name column a little too narrow: one line at a smaller size, never 买买提·艾 / 力; a
    longer text still wraps."""
    from app.printing.glyphs import string_width
    from app.printing.layout import styles
    from app.printing.settings import fonts_for
    from app.printing.tables import Text

    db, _course, _people = db
    fonts = fonts_for(db)
    style = styles(fonts)["cell_center"]
    name = "买买提·艾力"
    width = string_width(fonts, name, "table", style.fontSize) * 0.9
    word = Text(fonts, name, style, "table")
    assert word.wrap(width, 1000)[1] == style.leading and word.paragraph is None
    assert style.fontSize * 0.8 <= word.size < style.fontSize
    sentence = Text(fonts, "成都市武侯区浆洗街街道锦城社区", style, "table")
    assert sentence.wrap(width, 1000)[1] > style.leading and sentence.paragraph is not None
