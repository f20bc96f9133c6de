"""The vendored tables (resources/pinyin/) read names exactly as pypinyin itself does.

pypinyin is a test dependency only: these tests are the reference the tables are held to. A new pypinyin whose
data differs fails here until `python -m resources.pinyin.regenerate` is run.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT
from pypinyin.seg.mmseg import seg

from app.people import pinyin
from resources.pinyin import regenerate

FOLDER = Path(regenerate.__file__).parent


def reference_run(run: str) -> tuple[str, ...]:
    """What the module read before it had its own tables: pypinyin segmenting the whole run."""
    syllables = [regenerate.ascii_syllable(s) for s in lazy_pinyin(run, style=Style.NORMAL, errors="ignore")]
    return tuple(syllables)


def test_the_tables_are_what_regenerate_writes_from_the_installed_pypinyin() -> None:
    chars, words, readings = regenerate.build()
    assert (FOLDER / "chars.txt").read_text(encoding="utf-8").splitlines() == chars
    assert (FOLDER / "phrases.txt").read_text(encoding="utf-8").splitlines() == words
    assert (FOLDER / "phrase_readings.txt").read_text(encoding="utf-8").splitlines() == readings


@pytest.mark.parametrize("char", ["长", "乐", "行", "重", "𠀀", "〇", "a"])
def test_a_character_reads_as_pypinyin_with_its_heteronyms(char: str) -> None:
    assert list(pinyin._char_readings(char)) == ([] if char.isascii() else regenerate.char_readings(char))


# Heteronyms inside words that decide them, words beside words, and a word's beginning that is no word.
RUNS = [
    "长江",
    "江长",
    "重庆市",
    "音乐会",
    "银行行长",
    "长长久久",
    "一丘之貉",
    "重重",
    "行长江",
    "长江大",
    "朝阳长",
]


@pytest.mark.parametrize("run", RUNS)
def test_a_run_segments_and_reads_as_pypinyin(run: str) -> None:
    assert pinyin._words(run) == list(seg.cut(run))
    assert pinyin._han_run(run) == reference_run(run)


def test_every_word_of_up_to_four_characters_after_a_heteronym_reads_as_pypinyin() -> None:
    rng = random.Random(7)
    words = [w for w in PHRASES_DICT if 2 <= len(w) <= 4 and all(pinyin._char_readings(c) for c in w)]
    for word in rng.sample(words, 3000):
        run = rng.choice("长乐行重朝") + word
        assert pinyin._han_run(run) == reference_run(run), run


HETERONYMS = "长乐行重朝会和差数藏曾单解都传调少没为应朴仇区查盖"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=HETERONYMS + "江安明华国庆生平", min_size=2, max_size=6))
def test_any_run_of_heteronyms_reads_as_pypinyin(run: str) -> None:
    assert pinyin._han_run(run) == reference_run(run)


def test_reading_names_does_not_import_pypinyin() -> None:
    code = (
        "import sys\nfrom app.people.pinyin import search_key\n"
        "assert search_key('刘长江') == 'lcj liuchangjiang cj changjiang j jiang', search_key('刘长江')\n"
        "sys.exit('pypinyin' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
