"""Cells of the printed tables: a word set smaller to fit its column sits in the middle of its row as the
others do; columns are shared so that what must stay on one line does; a name breaks at its ·, a path at its /."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import getAscentDescent

from app.printing import tables
from app.printing.fonts import resolve_fonts
from app.printing.glyphs import string_width
from app.printing.layout import build_pdf, styles
from app.printing.linebreak import break_point
from app.printing.tables import cell, grid


@pytest.fixture(scope="module")
def fonts():
    return resolve_fonts()


def test_a_word_set_smaller_is_centred_in_its_row_like_its_neighbour(fonts, tmp_path):
    st = styles(fonts)["cell_center"]
    narrow = string_width(fonts, "社区工作者", "table", st.fontSize) * 0.9 + 6  # too narrow by a tenth
    table = grid([[cell(fonts, "社区工作者", st), cell(fonts, "青年干部", st)]], [narrow, 80], fonts.name("table"),
                 header_rows=0, heights=30)  # fmt: skip
    out = tmp_path / "t.pdf"
    build_pdf(out, [table], fonts, title="t")
    found = {}

    def visit(text, cm, tm, _font, size):
        if text.strip():
            found[text.strip()] = (tm[4] * cm[1] + tm[5] * cm[3] + cm[5], size)

    PdfReader(str(out)).pages[0].extract_text(visitor_text=visit)
    (small_y, small), (full_y, full) = found["社区工作者"], found["青年干部"]
    assert small < full == st.fontSize  # one line, a little smaller

    def middle(y: float, size: float) -> float:  # halfway between the glyphs' top and bottom
        up, down = getAscentDescent(fonts.name("table"), size)
        return y + (up + down) / 2

    # It rode at the top of its row: its middle 0.75 pt above its neighbour's.
    assert middle(small_y, small) == pytest.approx(middle(full_y, full), abs=0.1)


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("阿卜杜热合曼·买买提·艾力江·吐尔逊", 17, 15),  # 吐尔|逊 → |吐尔逊: the line ends after the ·
        ("阿卜杜热合曼·买买提·艾力江·吐尔逊", 9, 7),  # 买买|提 → |买买提
        ("阿卜杜热合曼·买买提", 4, 4),  # the first part is cut where it must be
        ("米兰·昆德拉", 4, 3),
        ("浆洗街街道 / 锦绣社区", 10, 8),  # a path breaks after its /
        ("加权评价·这是一段很长很长的没有标点的说明文字", 16, 16),  # a long run is text: cut anywhere
    ],
)
def test_a_short_part_after_a_dot_or_slash_is_kept_whole(text, end, expected):
    assert break_point(list(text), 0, end) == expected


def test_columns_that_fit_on_one_line_get_their_width_first():
    # An ID number's column needs 100, an empty one its header's 30; the unit's wants 400.
    widths = tables.share_widths(400, [15, 12, 17], least=[100, 30, 40], natural=[100, 30, 400])
    assert widths[0] == pytest.approx(100) and widths[1] == pytest.approx(30)  # by weight: 136, 109
    assert sum(widths) == pytest.approx(400)


def test_columns_share_by_weight_between_their_least_and_natural_widths():
    widths = tables.share_widths(300, [1, 1, 1], least=[10, 10, 10], natural=[50, 400, 400])
    assert widths == pytest.approx([50, 125, 125])
    # All natural with room to spare: the rest by weight.
    assert tables.share_widths(300, [1, 2], least=[10, 10], natural=[50, 100]) == pytest.approx([100, 200])


def test_too_many_columns_keep_the_firm_ones_and_cut_the_others():
    widths = tables.share_widths(
        200, [1, 1, 1], least=[100, 100, 100], natural=[100, 100, 100], firm=[True, False, False]
    )
    assert widths == pytest.approx([100, 50, 50])
    assert tables.share_widths(200, [1, 1], least=[100, 300], natural=[100, 300]) == pytest.approx([50, 150])
