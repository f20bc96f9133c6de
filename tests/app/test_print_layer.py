"""The printing layer: fonts per role, the glyph check and its fallback font, the line-break rule, page numbers."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle

from app.printing import glyphs
from app.printing.fonts import CID_FALLBACK, ROLES, outline_problem, resolve_fonts
from app.printing.layout import build_pdf, chinese_date, styles
from app.printing.linebreak import NO_LINE_END, NO_LINE_START, CJKParagraph, break_point
from app.printing.tables import cell
from tests.app.test_print_support import NOBODY_HAS, RARE, fonts_of, pdf_text

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")


@pytest.fixture(scope="module")
def fonts():
    return resolve_fonts()


def test_every_role_gets_an_embeddable_truetype_font(fonts):
    for role in ROLES:
        font = fonts.roles[role]
        assert font.embedded and Path(font.path).is_file(), role
    assert fonts.roles["table"].label.startswith("AR PL UMing")  # 宋 for tables
    assert "文泉驿正黑" in fonts.roles["title"].label  # 黑 for titles
    # Debian has no simplified 仿宋: the body falls back, and says so.
    assert "仿宋" in fonts.roles["body"].note


def test_an_office_font_file_wins_and_a_bad_one_is_refused_with_the_reason(fonts, tmp_path):
    chosen = resolve_fonts({"table": f"{UMING}#1"})
    assert chosen.roles["table"].index == 1 and chosen.roles["table"].note == ""
    fake = tmp_path / "NotoSansCJK.otf"
    fake.write_bytes(b"OTTO" + struct.pack(">H", 1) + b"\0" * 6 + b"CFF " + b"\0" * 12)
    refused = resolve_fonts({"table": str(fake)})
    assert "CFF" in refused.roles["table"].note and refused.roles["table"].embedded
    assert "CFF" in outline_problem(fake)
    assert outline_problem(tmp_path / "none.ttf") == "文件不存在"
    assert outline_problem(UMING, 9) == "字体集中只有 4 个字体，没有第 9 个"


def test_no_truetype_font_at_all_falls_back_to_the_cid_font_and_says_so(tmp_path):
    bare = resolve_fonts(folders=[tmp_path])
    for role in ROLES:
        assert bare.roles[role].name == CID_FALLBACK and not bare.roles[role].embedded
        assert "不嵌入" in bare.roles[role].note


def test_rare_characters_come_from_a_fallback_font_and_unknown_ones_are_reported(fonts):
    assert glyphs.missing_chars(fonts, RARE, "table") == []
    runs = glyphs.runs(fonts, RARE + "明", "table")
    assert [text for _font, text in runs] == ["李", "𪚥", "明"]
    assert runs[1][0] != fonts.name("table")
    problems = glyphs.check(fonts, "张" + NOBODY_HAS, [("姓名", "张" + NOBODY_HAS, "table")])
    assert [(p.who, p.char, p.field) for p in problems] == [("张" + NOBODY_HAS, NOBODY_HAS, "姓名")]
    assert "U+2EBF0" in str(problems[0])


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("一二三，四", 3, 2),  # ， may not start a line: 三 goes down with it
        ("一二三。”四", 3, 2),  # nor 。 then ”
        ("一二《三四", 3, 2),  # 《 may not end a line
        ("一二ab12", 4, 2),  # a Latin run is not cut
        ("一二三四", 2, 2),
    ],
)
def test_break_point(text, end, expected):
    assert break_point(list(text), 0, end) == expected


def test_no_punctuation_starts_a_line_and_nothing_hangs_past_the_margin(fonts):
    style = ParagraphStyle("t", fontName=fonts.name("body"), fontSize=16, leading=24, wordWrap="CJK")
    text = (
        "在年度考核中被评为优秀等次，特发此证，以资鼓励。这是“一段”《很长的》文字：检验标点；不在行首！对吗？是的、好（真的）……"
        * 3
    )
    for width in range(80, 330, 16):
        paragraph = CJKParagraph(glyphs.markup(fonts, text, "body"), style)
        paragraph.wrap(width, 2000)
        lines = ["".join(w.text for w in line.words) for line in paragraph.blPara.lines]
        assert "".join(lines) == text
        for line in lines:
            assert line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END, (width, line)
        assert all(line.currentWidth <= width + 1e-6 for line in paragraph.blPara.lines)


def test_page_numbers_fonts_embedded_and_rare_names_searchable(fonts, tmp_path):
    st = styles(fonts)
    story = [cell(fonts, f"{RARE}{i}", st["body"], "body") for i in range(80)]
    out = tmp_path / "a.pdf"
    pages = build_pdf(out, story, fonts, title="测试")
    texts = pdf_text(out)
    assert pages == len(texts) > 1
    for number, text in enumerate(texts, 1):
        assert f"第 {number} 页 共 {pages} 页" in text
    assert f"{RARE}0" in texts[0]  # the ToUnicode fix: 𪚥 copies out whole
    used = fonts_of(out)
    assert used and all(used.values()), used  # no Helvetica by reference
    assert not (tmp_path / "a.pdf.part").exists()


def test_a_one_page_document_has_no_page_number(fonts, tmp_path):
    out = tmp_path / "one.pdf"
    assert build_pdf(out, [cell(fonts, "只有一页", styles(fonts)["body"], "body")], fonts) == 1
    assert "页" not in pdf_text(out)[0].replace("只有一页", "")


def test_chinese_date():
    assert chinese_date("2024-12-31") == "2024年12月31日"
    assert chinese_date(None) == ""


def test_windows_font_files_are_found_by_their_names(tmp_path):
    """A Windows font folder (stand-ins linked under the Windows file names): 黑体 for titles, 宋体 index 0 for
    tables, 楷体 for certificates, no 仿宋 said, and SimSun-ExtB used for a rare character."""
    debian = Path("/usr/share/fonts/truetype")
    for name, source in {
        "simhei.ttf": debian / "wqy/wqy-zenhei.ttc",
        "simsun.ttc": UMING,
        "simkai.ttf": debian / "lxgw-wenkai/LXGWWenKai-Regular.ttf",
        "simsunb.ttf": debian / "babelstone/BabelStoneHan.ttf",
    }.items():
        (tmp_path / name).symlink_to(source)
    fonts = resolve_fonts(folders=[tmp_path])
    assert fonts.roles["title"].label == "黑体（SimHei）" and fonts.roles["title"].note == ""
    assert fonts.roles["table"].label == "宋体（SimSun）" and fonts.roles["table"].index == 0
    assert fonts.roles["kai"].label == "楷体（KaiTi）"
    assert fonts.roles["body"].label == "宋体（SimSun）" and "仿宋" in fonts.roles["body"].note
    assert [label for _path, _index, label in fonts.rare] == ["宋体-ExtB（SimSun-ExtB）"]
    assert fonts.fallback_for("𪚥", "table") not in (None, fonts.name("table"))
