"""Tests for the roster's pinyin search keys (app/people/pinyin.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.people.pinyin import initials, name_pinyin, pinyin_needle, search_key


def finds(name: str, typed: str) -> bool:
    """What the roster does with the stored key (app/people/roster.py puts a space before it)."""
    needle = pinyin_needle(typed)
    return needle is not None and needle in " " + search_key(name)


# Heteronym surnames must be read as surnames, not with the everyday reading.
SURNAME_CASES = [
    ("曾小明", ["zeng", "xiao", "ming"]),
    ("单田芳", ["shan", "tian", "fang"]),
    ("解放军", ["xie", "fang", "jun"]),
    ("仇英", ["qiu", "ying"]),
    ("朴正", ["piao", "zheng"]),
    ("区伟", ["ou", "wei"]),
    ("查良镛", ["zha", "liang", "yong"]),
    ("盖叫天", ["ge", "jiao", "tian"]),
    ("召伟", ["shao", "wei"]),
    ("缪斯", ["miao", "si"]),
    ("覃伟", ["qin", "wei"]),
    ("乐毅", ["yue", "yi"]),
    ("种师道", ["chong", "shi", "dao"]),
    ("秘伟", ["bi", "wei"]),
    ("繁钦", ["po", "qin"]),
    ("员伟", ["yun", "wei"]),
    ("祭伟", ["zhai", "wei"]),
    ("翟让", ["zhai", "rang"]),
    ("黑伟", ["he", "wei"]),
    ("折伟", ["she", "wei"]),
    ("能伟", ["nai", "wei"]),
    ("隗伟", ["wei", "wei"]),
    ("句伟", ["gou", "wei"]),
    ("过伟", ["guo", "wei"]),
    ("牟伟", ["mu", "wei"]),
    ("柏杨", ["bai", "yang"]),
    ("贲伟", ["ben", "wei"]),
    ("卜伟", ["bu", "wei"]),
    ("重伟", ["chong", "wei"]),
    ("宁伟", ["ning", "wei"]),
    ("都伟", ["du", "wei"]),
    ("藏伟", ["zang", "wei"]),
    ("沈伟", ["shen", "wei"]),
    ("石伟", ["shi", "wei"]),
    ("薄伟", ["bo", "wei"]),
    ("褚伟", ["chu", "wei"]),
    ("便伟", ["pian", "wei"]),
    ("长伟", ["chang", "wei"]),
    # Compound surnames are read as a two-character unit.
    ("长孙无忌", ["zhang", "sun", "wu", "ji"]),
    ("万俟卨", ["mo", "qi", "xie"]),
    ("尉迟恭", ["yu", "chi", "gong"]),
    ("澹台灭明", ["tan", "tai", "mie", "ming"]),
    ("单于伟", ["chan", "yu", "wei"]),
    ("欧阳修", ["ou", "yang", "xiu"]),
    ("司马光", ["si", "ma", "guang"]),
    ("上官婉儿", ["shang", "guan", "wan", "er"]),
    ("诸葛亮", ["zhu", "ge", "liang"]),
    ("东方朔", ["dong", "fang", "shuo"]),
    ("皇甫嵩", ["huang", "fu", "song"]),
    ("令狐冲", ["ling", "hu", "chong"]),
    ("慕容复", ["mu", "rong", "fu"]),
    ("司徒雷登", ["si", "tu", "lei", "deng"]),
    ("夏侯惇", ["xia", "hou", "dun"]),
    ("公孙胜", ["gong", "sun", "sheng"]),
    ("宇文泰", ["yu", "wen", "tai"]),
    ("端木蓉", ["duan", "mu", "rong"]),
    ("西门庆", ["xi", "men", "qing"]),
    ("南宫伟", ["nan", "gong", "wei"]),
    ("独孤求败", ["du", "gu", "qiu", "bai"]),
    ("轩辕伟", ["xuan", "yuan", "wei"]),
    ("呼延灼", ["hu", "yan", "zhuo"]),
]


@pytest.mark.parametrize(("name", "expected"), SURNAME_CASES)
def test_surname_reading(name: str, expected: list[str]) -> None:
    assert name_pinyin(name) == expected
    assert initials(name) == "".join(s[0] for s in expected)
    assert search_key(name).startswith(f"{initials(name)} {''.join(expected)}")
    assert finds(name, initials(name)) and finds(name, "".join(expected))


# Outside the surname position pypinyin's ordinary reading applies.
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("李单", ["li", "dan"]),
        ("王曾", ["wang", "ceng"]),
        ("陈解", ["chen", "jie"]),
        ("刘长江", ["liu", "chang", "jiang"]),
        ("张重阳", ["zhang", "chong", "yang"]),
    ],
)
def test_heteronym_in_given_name_not_forced(name: str, expected: list[str]) -> None:
    assert name_pinyin(name) == expected


def test_two_character_name_equal_to_compound_surname_is_single_surname() -> None:
    # 长孙 alone is more plausibly surname 长 plus given name 孙.
    assert name_pinyin("长孙") == ["chang", "sun"]


def test_zhangsan_initials_and_full() -> None:
    assert search_key("张三") == "zs zhangsan s san"
    assert initials("张三") == "zs"


def test_zeng_is_not_searchable_as_ceng() -> None:
    assert search_key("曾小明") == "zxm zengxiaoming xm xiaoming m ming"
    assert not finds("曾小明", "cxm") and not finds("曾小明", "ceng")


# Initials match a run of the syllables' initials; full pinyin matches whole syllables from a syllable on, the
# last one possibly cut short. Spaces between syllables are dropped; case does not matter.
MATCH_CASES = [
    ("张三", "zs", True),
    ("张三", "ZS", True),
    ("张三", "z", True),
    ("张三", "s", True),  # the given name's initial: a run of one
    ("张三", "zhangsan", True),
    ("张三", "zhang san", True),
    ("张三", " zhang  san ", True),
    ("张三", "zhangs", True),
    ("张三", "zhangsa", True),
    ("张三", "zha", True),
    ("张三", "san", True),
    ("张三", "sz", False),  # initials in the wrong order
    ("张三", "zhangsanf", False),
    ("张三", "hang", False),  # inside a syllable
    ("张三", "an", False),
    ("张三", "gs", False),
    ("张三", "zsan", False),  # initials and a spelling mixed: not offered
    ("江浩雨", "gh", False),  # jian-gh-aoyu
    ("江浩雨", "jhy", True),
    ("江浩雨", "hy", True),
    ("江浩雨", "haoyu", True),
    ("江浩雨", "jy", False),  # not a run: 浩 sits between
    ("曾小明", "zxm", True),
    ("曾小明", "xm", True),
    ("曾小明", "xiaoming", True),
    ("曾小明", "cxm", False),
    ("单田芳", "stf", True),
    ("单田芳", "shantianfang", True),
    ("单田芳", "dtf", False),
    ("解放", "xf", True),
    ("解放", "xiefang", True),
    ("解放", "jf", False),
    ("吕小明", "luxiaoming", True),  # ü typed as u
    ("吕小明", "lvxiaoming", True),
    ("翟小明", "dixiaoming", True),  # both readings of the surname
    ("欧阳娜娜", "oynn", True),
    ("欧阳娜娜", "ouyangnana", True),
    ("欧阳娜娜", "yangnana", True),
    ("Anna张", "anna", True),
    ("Anna张", "nna", False),
    ("张三", "", False),
    ("张三", "张", False),  # Chinese is not pinyin: the roster finds it in the name itself
    ("张三", "z1", False),
]


@pytest.mark.parametrize(("name", "typed", "expected"), MATCH_CASES)
def test_what_typed_pinyin_finds(name: str, typed: str, expected: bool) -> None:
    assert finds(name, typed) is expected


def test_u_umlaut_written_v_and_also_u() -> None:
    assert name_pinyin("吕") == ["lv"]
    assert initials("吕小明") == "lxm"
    key = search_key("吕小明")
    assert key.startswith("lxm lvxiaoming")
    assert "luxiaoming" in key


def test_disputed_surname_reading_is_searchable_both_ways() -> None:
    key = search_key("翟小明")
    assert name_pinyin("翟小明")[0] == "zhai"
    assert "zxm" in key and "zhaixiaoming" in key
    assert "dixiaoming" in key
    assert "heidahai" in search_key("黑大海")


def test_transliterated_name_skips_dot() -> None:
    assert name_pinyin("买买提·艾力") == ["mai", "mai", "ti", "ai", "li"]
    assert search_key("买买提·艾力").startswith("mmtal maimaitiaili ")
    assert finds("买买提·艾力", "aili")


def test_dotted_name_has_no_compound_surname() -> None:
    # Only the first character gets the surname rule; 单于 is not a compound here.
    assert name_pinyin("单于·伟") == ["shan", "yu", "wei"]


def test_mixed_latin_passes_through_lower_cased() -> None:
    assert name_pinyin("Anna张") == ["anna", "zhang"]
    key = search_key("Anna张")
    assert "annazhang" in key
    assert key == key.lower()
    assert name_pinyin("张3") == ["zhang", "3"]


def test_latin_variants_fold_to_ascii() -> None:
    assert name_pinyin("José王") == ["jose", "wang"]
    assert name_pinyin("Ａｎｎａ") == ["anna"]


@pytest.mark.parametrize("name", ["", "   ", "·", "\ue000", "\U00030000"])
def test_empty_or_unreadable(name: str) -> None:
    assert name_pinyin(name) == []
    assert initials(name) == ""
    assert search_key(name) == ""


def test_unknown_characters_contribute_nothing() -> None:
    assert name_pinyin("张\ue000三") == ["zhang", "san"]
    assert name_pinyin("张\u5159三") == ["zhang", "san"]  # a CJK code point pypinyin lacks


def test_a_name_character_pypinyin_lacks_is_read_from_the_extra_table() -> None:
    # 𠮷 (土 over 口) is how many 吉 families write their surname: found by what the clerk types for 吉.
    assert name_pinyin("𠮷祥") == ["ji", "xiang"]
    assert search_key("𠮷祥") == search_key("吉祥")
    assert name_pinyin("王𠮷") == ["wang", "ji"]


def test_every_extra_character_is_one_pypinyin_still_lacks() -> None:
    """An entry pypinyin has come to know is read from its data: the extra one can go."""
    from resources.pinyin import regenerate

    folder = Path(regenerate.__file__).parent
    lines = (folder / "extra_chars.txt").read_text(encoding="utf-8").splitlines()
    extra = [line.split() for line in lines if line and not line.startswith("#")]
    assert extra
    for char, *readings in extra:
        assert len(char) == 1 and readings and all(r.isascii() and r.isalpha() for r in readings)
        assert regenerate.char_readings(char) == [], (
            f"pypinyin now reads {char}: remove it from extra_chars.txt"
        )


def test_surrounding_whitespace_ignored() -> None:
    assert search_key("  曾小明 ") == search_key("曾小明")


def test_module_import_does_not_import_pypinyin() -> None:
    code = "import sys, app.people.pinyin; sys.exit('pypinyin' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_safe(name: str) -> None:
    key = search_key(name)
    syllables = name_pinyin(name)
    assert "\x1f" not in key
    assert key == key.lower()
    assert all(c.isascii() and (c.isalnum() or c == " ") for c in key)
    assert initials(name) == "".join(s[0] for s in syllables)


# A few rare code points in this block are unknown to pypinyin; they are
# covered by test_unknown_characters_contribute_nothing.
_KNOWN_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5).filter(lambda c: bool(name_pinyin(c)))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_KNOWN_HAN, max_size=6))
def test_one_syllable_per_chinese_character(name: str) -> None:
    assert len(name_pinyin(name)) == len(name)


def test_names_sort_with_surnames_kept_together():
    from app.people.pinyin import name_order

    names = ["程磊豪", "陈欣", "曹一", "贾丽洋", "江浩雨", "贾欣", "曾小明"]
    assert sorted(names, key=name_order) == ["曹一", "陈欣", "程磊豪", "贾丽洋", "贾欣", "江浩雨", "曾小明"]
    assert name_order("欧阳娜娜") == "ou yang na na"


# --- property tests: the stored key finds exactly what the rule says -----------------------------------------


def rule_finds(name: str, typed: str) -> bool:
    """The rule written out plainly, syllable by syllable, to check the key against."""
    letters = "".join(typed.split()).lower()
    if not (letters and letters.isascii() and letters.isalpha()):
        return False
    from app.people.pinyin import _variants

    for syllables in _variants(name):
        for start in range(len(syllables)):
            rest = syllables[start:]
            if "".join(s[0] for s in rest).startswith(letters) or "".join(rest).startswith(letters):
                return True
    return False


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_KNOWN_HAN, min_size=1, max_size=4), st.data())
def test_key_agrees_with_the_rule(name: str, data) -> None:
    syllables = name_pinyin(name)
    # Typed text near the name's own spelling: a slice of it (often crossing syllables), or random letters.
    spelled = "".join(syllables)
    start = data.draw(st.integers(0, len(spelled)))
    end = data.draw(st.integers(start, len(spelled)))
    typed = data.draw(st.one_of(st.just(spelled[start:end]), st.text(alphabet="abghnsxz ", max_size=4)))
    assert finds(name, typed) == rule_finds(name, typed)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_KNOWN_HAN, min_size=1, max_size=4), st.data())
def test_every_run_of_syllables_is_found(name: str, data) -> None:
    syllables = name_pinyin(name)
    start = data.draw(st.integers(0, len(syllables) - 1))
    end = data.draw(st.integers(start + 1, len(syllables)))
    run = syllables[start:end]
    cut = data.draw(st.integers(1, len(run[-1])))
    assert finds(name, "".join(s[0] for s in run))
    assert finds(name, "".join(run[:-1]) + run[-1][:cut])
    assert finds(name, " ".join(run))
