"""Tests for the official name order by 姓氏笔画 and the pinyin order beside it (app/printing/strokes.py)."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.printing import strokes
from app.printing.strokes import (
    pinyin_sort_key,
    stroke_classes,
    stroke_count,
    stroke_sort_key,
    unknown_characters,
)

# The issue's table: the official order, which ICU's stroke collation gets wrong (乙丁万于马王刘吴张李杨周欧阿陈赵黄).
SURNAMES_IN_ORDER = list("乙丁于万马王刘李杨吴张阿陈欧周赵黄")

# The characters of one to three strokes in the order of the 通用规范汉字表 一级字表 (GF 3003-1999 order): every
# tie-break is in here — 横 before 提 and 竖 before 竖钩 (十丁, 干于), 点 before 捺 (八人), the 折笔 order (山巾,
# 子卫), and the identical sequences of the hand table (人入, 工土士, 己已巳).
ONE_TO_THREE_STROKES = (
    "一乙二十丁厂七卜八人入儿匕几九刁了刀力乃又三干于亏工土士才下寸大丈与万上小口山巾千乞川亿个夕久么勺凡丸及广亡门丫义"
    "之尸己已巳弓子卫也女刃飞习叉马乡"
)
FOUR_STROKES = (
    "丰王开井天夫元无云专丐扎艺木五支厅不犬太区历歹友尤匹车巨牙屯戈比互切瓦止少曰日中贝冈内水见午牛手气毛壬升夭长仁什片"
    "仆化仇币仍仅斤爪反介父从仑今凶分乏公仓月氏勿欠风丹匀乌勾凤六文亢方火为斗忆计订户认冗讥心尺引丑巴孔队办以允予邓劝双"
    "书幻"
)


def stroke_sorted(names: list[str]) -> list[str]:
    return sorted(names, key=stroke_sort_key)


@pytest.mark.parametrize("seed", range(5))
def test_issue_surnames_come_out_in_official_order(seed: int) -> None:
    shuffled = SURNAMES_IN_ORDER[:]
    random.Random(seed).shuffle(shuffled)
    assert stroke_sorted(shuffled) == SURNAMES_IN_ORDER


def test_full_names_keep_surnames_together_in_official_order() -> None:
    names = [
        "黄伟",
        "王芳",
        "李娜",
        "张伟",
        "杨洋",
        "于敏",
        "万里",
        "马丽",
        "吴刚",
        "阿依古丽",
        "陈静",
        "欧冬",
    ]
    assert stroke_sorted(names) == [
        "于敏",
        "万里",
        "马丽",
        "王芳",
        "李娜",
        "杨洋",
        "吴刚",
        "张伟",
        "阿依古丽",
        "陈静",
        "欧冬",
        "黄伟",
    ]


@pytest.mark.parametrize("official", [ONE_TO_THREE_STROKES, FOUR_STROKES])
def test_characters_come_out_in_the_order_of_the_official_table(official: str) -> None:
    chars = list(official)
    random.Random(3).shuffle(chars)
    assert "".join(stroke_sorted(chars)) == official


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        ("十", "丁", "横竖 before 横竖钩: 竖钩 counts as 竖 and sorts after it"),
        ("干", "于", "same: 竖 before 竖钩"),
        ("八", "人", "八's second stroke is a 点 (the table says 捺): corrected by hand"),
        ("人", "入", "identical sequences: hand table"),
        ("工", "土", "identical sequences: hand table"),
        ("土", "士", "identical sequences: hand table"),
        ("己", "已", "identical sequences: hand table"),
        ("已", "巳", "identical sequences: hand table"),
        ("曰", "日", "identical sequences: the official table lists 曰 first"),
        ("未", "末", "identical sequences: hand table"),
        ("李", "杨", "李 has a 竖钩 (a 竖) where 杨 has a 撇"),
        ("张", "阿", "横折 横 before 横撇弯钩 竖"),
        ("山", "巾", "竖折 (one fold) before 横折钩 (two)"),
        ("气", "毛", "横斜钩 before 竖弯钩: 气 gets its own letter, cnchar spells it as 九's 横折弯钩"),
        ("匕", "几", "竖弯钩 before 横折弯钩"),
    ],
)
def test_tie_breaks(first: str, second: str, why: str) -> None:
    assert stroke_count(first) == stroke_count(second), why
    assert stroke_sort_key(first) < stroke_sort_key(second), why
    assert stroke_sorted([second, first]) == [first, second], why


def test_identical_sequences_really_are_identical_in_the_data() -> None:
    # Guards the hand table: if an update of the data told these apart, the table would be redundant there.
    for group in ("人入", "工土士", "己已巳", "曰日"):
        assert len({stroke_classes(c) for c in group}) == 1, group


def test_names_are_compared_past_the_surname() -> None:
    names = ["王小明", "王大明", "王一", "王", "王大", "王大明明", "王二"]
    # 一 (1) < 二 (2) < 大 (3: 横撇点) < 小 (3: 竖钩撇点); a name that is a prefix of another comes first.
    assert stroke_sorted(names) == ["王", "王一", "王二", "王大", "王大明", "王大明明", "王小明"]


def test_compound_surnames_sort_by_their_characters_in_turn() -> None:
    names = ["欧明", "欧阳修", "司马光", "司徒雷", "马力", "司琪"]
    # 马 (3) before 司 (5); 司马 before 司徒 (马 3 < 徒 10) and before 司琪 (琪 12); 欧阳 before 欧明 (阳 6 < 明 8).
    assert stroke_sorted(names) == ["马力", "司马光", "司徒雷", "司琪", "欧阳修", "欧明"]


def test_unknown_characters_sort_after_the_known_at_that_position() -> None:
    rare = "赵孟\U00020000"  # 𠀀, outside the Basic Multilingual Plane
    names = [rare, "赵孟华", "赵一", "\U0002a6a5伟", "黄伟"]  # 𪚥伟
    assert stroke_sorted(names) == ["赵一", "赵孟华", rare, "黄伟", "\U0002a6a5伟"]


def test_an_unknown_character_keeps_its_place_once_seen() -> None:
    first = stroke_sort_key("李\U00020000")
    assert stroke_sort_key("李\U00020000") == first
    assert stroke_sorted(["李\U00020000", "李龙"]) == ["李龙", "李\U00020000"]


def test_unknown_characters_among_themselves_by_code_point() -> None:
    assert stroke_sorted(["李\U0002a6a5", "李\U00020000", "李Z", "李A"]) == [
        "李A",
        "李Z",
        "李\U00020000",
        "李\U0002a6a5",
    ]


def test_unknown_characters_are_listed_once_in_order_met() -> None:
    names = ["张三", "赵孟\U00020000", "李\U0002a6a5", "钱\U00020000", "买买提·艾力", "Anna 李"]
    assert unknown_characters(names) == ["\U00020000", "\U0002a6a5", "A", "n", "a"]
    assert unknown_characters(["王芳", "欧阳修"]) == []


def test_name_dots_and_spaces_take_no_place() -> None:
    assert stroke_sorted(["买买提·艾力", "买买提·阿不都"]) == ["买买提·艾力", "买买提·阿不都"]  # 艾 5 < 阿 7
    assert stroke_sort_key("张 三")[0] == stroke_sort_key("张三")[0]
    # …but two different spellings never compare equal, so the order does not depend on the input order.
    assert stroke_sort_key("张 三") != stroke_sort_key("张三")


def test_stroke_count_and_classes() -> None:
    assert stroke_count("乙") == 1
    assert stroke_count("王") == 4
    assert stroke_count("黄") == 11
    assert stroke_count("八") == 2
    assert stroke_count("\U00020000") is None
    assert stroke_count("A") is None
    assert stroke_classes("李") == "1234521"
    assert stroke_classes("万") == "153"
    assert stroke_classes("马") == "551"
    assert stroke_classes("\U0002a6a5") is None


def test_pinyin_order_reads_surnames_as_surnames() -> None:
    names = ["张三", "曾小明", "程东", "陈静", "单田芳", "安然"]
    # 曾 zeng before 张 zhang, 单 shan after 陈/程; 陈 chen before 程 cheng.
    assert sorted(names, key=pinyin_sort_key) == ["安然", "陈静", "程东", "单田芳", "曾小明", "张三"]


def test_pinyin_homophones_fall_back_to_strokes() -> None:
    # 张 and 章 are both zhang: 张 (7) before 章 (11).
    assert sorted(["章伟", "张伟"], key=pinyin_sort_key) == ["张伟", "章伟"]


def test_vendored_table_is_whole_and_licensed() -> None:
    folder = strokes._TABLE_FILE.parent
    assert (folder / "LICENSE-cnchar.txt").read_text(encoding="utf-8").startswith("The MIT License")
    table = json.loads(strokes._TABLE_FILE.read_text(encoding="utf-8"))
    assert len(table) == 6939
    letters = {ord(letter) for sequence in table.values() for letter in sequence}
    assert letters <= set(strokes._TO_CLASS), "a stroke type without a class"
    assert all(1 <= len(sequence) <= 36 for sequence in table.values())


def test_the_table_is_read_on_first_use_not_at_import() -> None:
    code = (
        "import app.printing.strokes as s\n"
        "print(s._sequences.cache_info().currsize, s._ranks.cache_info().currsize)\n"
        "s.stroke_count('王')\n"
        "print(s._sequences.cache_info().currsize, s._ranks.cache_info().currsize)\n"
        "s.stroke_sort_key('王')\n"
        "print(s._sequences.cache_info().currsize, s._ranks.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "0", "1", "0", "1", "1"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet="王李张刘陈杨黄赵吴周 ·A\U00020000八人入土士日曰", min_size=0, max_size=4),
        max_size=12,
    )
)
def test_order_is_total_and_independent_of_input_order(names: list[str]) -> None:
    once = stroke_sorted(names)
    assert stroke_sorted(list(reversed(names))) == once
    assert stroke_sorted(once) == once
    keys = [stroke_sort_key(n) for n in once]
    assert all(a <= b for a, b in zip(keys, keys[1:], strict=False))
