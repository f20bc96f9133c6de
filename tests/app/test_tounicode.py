"""Names with characters beyond U+FFFF stay text in the PDF: found by pdftotext and pypdf (app/printing/tounicode.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from app.printing import tounicode

# 赵孟𫖯 (U+2B5AF: reportlab's CMap made it 赵孟⭚ for pdftotext), 李𪚥 (U+2A6A5), 𠀀明 (U+20000, first of Extension B).
RARE_NAMES = ["赵孟\U0002b5af", "李\U0002a6a5", "\U00020000明"]
PLAIN_TEXT = ["张三", "欧阳修", "2024年12月31日", "第 1 页 共 2 页"]
FONT_NAME = "TestBabelStoneHan"


def babelstone_file() -> Path:
    """BabelStone Han (glyf outlines, Extension B-F): Debian's fonts-babelstone-han, which .ci/run installs."""
    found = (
        shutil.which("fc-list")
        and subprocess.run(
            ["fc-list", ":family=BabelStone Han", "file"], capture_output=True, text=True
        ).stdout
    )
    for line in (found or "").splitlines():
        path = Path(line.split(":")[0].strip())
        if path.suffix.lower() == ".ttf" and path.exists():
            return path
    pytest.fail("BabelStone Han not found: install fonts-babelstone-han (see .ci/run)")


@pytest.fixture(scope="module")
def font() -> str:
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(babelstone_file())))
    return FONT_NAME


def write_pdf(path: Path, font: str, lines: list[str]) -> Path:
    page = canvas.Canvas(str(path), invariant=1)
    page.setFont(font, 18)
    for row, line in enumerate(lines):
        page.drawString(72, 760 - 30 * row, line)
    page.save()
    return path


def cmaps_of(path: Path) -> str:
    """The text of every ToUnicode CMap in the file (reportlab compresses streams)."""
    raw = path.read_bytes()
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            text = zlib.decompress(stream).decode("latin-1")
        except zlib.error:
            text = stream.decode("latin-1")
        if "beginbfchar" in text:
            texts.append(text)
    return "\n".join(texts)


def test_rare_names_are_text_for_pdftotext_and_pypdf(tmp_path: Path, font: str) -> None:
    tounicode.install()
    pdf = write_pdf(tmp_path / "rare.pdf", font, RARE_NAMES + PLAIN_TEXT)
    by_poppler = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    by_pypdf = PdfReader(str(pdf)).pages[0].extract_text()
    assert by_pypdf.splitlines() == RARE_NAMES + PLAIN_TEXT
    poppler_lines = [line.strip() for line in by_poppler.stdout.splitlines() if line.strip()]
    assert poppler_lines == RARE_NAMES + PLAIN_TEXT


def test_rare_names_in_a_later_subset_too(tmp_path: Path, font: str) -> None:
    # reportlab embeds a font in subsets of 256 glyphs, each with its own CMap: put the names past the first.
    tounicode.install()
    filler = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 300))
    lines = [filler[i : i + 30] for i in range(0, len(filler), 30)] + RARE_NAMES
    pdf = write_pdf(tmp_path / "later.pdf", font, lines)
    assert len(re.findall(r"beginbfchar", cmaps_of(pdf))) >= 2
    assert PdfReader(str(pdf)).pages[0].extract_text().splitlines()[-3:] == RARE_NAMES


def test_cmap_holds_surrogate_pairs_not_bare_code_points(tmp_path: Path, font: str) -> None:
    tounicode.install()
    cmap = cmaps_of(write_pdf(tmp_path / "cmap.pdf", font, RARE_NAMES))
    assert "<D840DC00>" in cmap  # 𠀀
    assert "<D869DEA5>" in cmap  # 𪚥
    assert not re.search(r"<[0-9A-F]{2}> <[0-9A-F]{5,6}>", cmap)
    assert "<00> <0000>" in cmap or "<20> <0020>" in cmap  # the BMP entries are still four digits


def test_bmp_entries_are_left_as_reportlab_writes_them() -> None:
    tounicode.install()
    hooked = ttfonts.makeToUnicodeCMap
    subset = [0, 32, 65, 0x5F20, 0x4E09, 0xFFFD, 0xFFFF]
    assert hooked("AAAAAA+Test", subset) == hooked.__wrapped__("AAAAAA+Test", subset)
    mixed = hooked("AAAAAA+Test", [0x5F20, 0x20000, 0x10FFFF])
    assert "<00> <5F20>" in mixed
    assert "<01> <D840DC00>" in mixed
    assert "<02> <DBFFDFFF>" in mixed


def test_plain_text_reads_back_unchanged(tmp_path: Path, font: str) -> None:
    tounicode.install()
    pdf = write_pdf(tmp_path / "plain.pdf", font, PLAIN_TEXT)
    assert PdfReader(str(pdf)).pages[0].extract_text().splitlines() == PLAIN_TEXT


def test_install_is_idempotent() -> None:
    tounicode.install()
    first = ttfonts.makeToUnicodeCMap
    tounicode.install()
    tounicode.install()
    assert ttfonts.makeToUnicodeCMap is first
    assert not hasattr(first.__wrapped__, "__wrapped__"), "wrapped twice"


def test_missing_hook_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(ttfonts, "makeToUnicodeCMap")
    with pytest.raises(tounicode.ToUnicodeHookMissing, match="makeToUnicodeCMap"):
        tounicode.install()


def test_hook_no_longer_used_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def add_objects_elsewhere(self: TTFont, doc: object) -> None:
        """Stands in for a reportlab whose TTFont builds its CMap some other way."""

    monkeypatch.setattr(ttfonts.TTFont, "addObjects", add_objects_elsewhere)
    with pytest.raises(tounicode.ToUnicodeHookMissing, match="ToUnicode"):
        tounicode.install()


@pytest.mark.parametrize(
    ("code_point", "expected"),
    [
        (0x20000, "D840DC00"),
        (0x2A6A5, "D869DEA5"),
        (0x2B5AF, "D86DDDAF"),
        (0x10FFFF, "DBFFDFFF"),
        (0x5F20, "5F20"),
    ],
)
def test_surrogate_pair_hex(code_point: int, expected: str) -> None:
    assert tounicode.surrogate_pair_hex(code_point) == expected
