"""Official name order (姓氏笔画) and pinyin order for printed name lists.

A name list that goes on the record is ordered character by character: fewer strokes first; the same number of
strokes by the sequence of stroke types 横 竖 撇 点 折 (GF 3003-1999, with the 折笔 classes of GF 2001-2001: 提
counts as 横, 竖钩 as 竖, 捺 as 点). Qt's and ICU's collations do not do this (ICU puts 万 before 于), so the order
is computed here from a stroke table.

The table is cnchar-order's `stroke-order-jian.json` (MIT, notice in resources/strokes/), which spells every
stroke of 6,939 characters in 26 detailed types. Where two characters have the same class sequence (十 and 丁,
干 and 于) the detailed types break the tie, so that the 3,500 characters of the 通用规范汉字表 一级字表 come out
in the table's own order (one pair excepted, see `_FOLD_ORDER`); characters whose detailed sequences are
identical too (人入, 土士, 己已巳) are put in that order by `_SAME_SEQUENCE`, and any other tie by code point.

The table is read and every character's place in the order worked out on first use (about 20 ms, once a process),
never at import: the window's start-up must not pay for it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path

from app.people.pinyin import name_order

# resources/ sits beside app/, in the source tree and in the PyInstaller bundle alike.
_TABLE_FILE = (
    Path(__file__).resolve().parent.parent.parent / "resources" / "strokes" / "stroke-order-jian.json"
)

# cnchar's stroke letters by class. The order inside a class is the tie-break between characters with the same
# class sequence: 横 before 提 (十 丁 is 横竖 / 横竖钩: 竖 before 竖钩), 点 before 捺 (八 before 人).
_CLASS_LETTERS: dict[str, str] = {
    "1": "ji",  # 横, 提
    "2": "fg",  # 竖, 竖钩
    "3": "s",  # 撇
    "4": "dkl",  # 点 (cnchar's 点2, the left-falling dot of 宀 心 火, is a 点 like any other), 点, 捺
    "5": "",  # filled from _FOLD_ORDER
}

# The 折 letters in the order that reproduces the 一级字表: one fold before two (山 竖折 before 巾 横折钩), two before
# three and four. Inside a fold count the order is the one the 一级字表 implies (贝冈: 横折 before 横折钩; 匕几:
# 竖弯钩 before 横折弯钩). Only 议必 (横折提 before 卧钩 there) contradicts the fold count; it stays as it is.
_FOLD_ORDER = (
    "c"  # 横折
    "e"  # 横撇 | 横钩
    "b"  # 竖弯 (竖折)
    "h"  # 竖提
    "n"  # 撇折
    "m"  # 撇点
    "t"  # 弯钩
    "y"  # 斜钩 | 卧钩
    "v"  # 横折折 | 横折弯
    "p"  # 横折提
    "r"  # 横折钩
    "x"  # 竖折撇 | 竖折折
    "O"  # 横斜钩 of 气 (not a cnchar letter: see _QI_FAMILY)
    "u"  # 竖弯钩
    "o"  # 横折弯钩 (九 几), and cnchar's 横斜钩 (风 飞)
    "a"  # 横折折撇
    "z"  # 竖折折钩
    "q"  # 横折折折
    "w"  # 横折折折钩 | 横撇弯钩
)

# Where the table is wrong by GF 3003: 八's second stroke is a 点, not a 捺 (which is how 八 comes before 人).
_CORRECTIONS: dict[str, str] = {
    "八": "sk",
}

# cnchar writes 气's 横斜钩 with the letter of 九's 横折弯钩, which GF 2001 tells apart: the 一级字表 has 气 before 毛
# (横斜钩 before 竖弯钩) but 匕 before 几 (竖弯钩 before 横折弯钩). The 气 of these characters gets its own letter.
_QI_FAMILY = "气汽忾饩氕氖氘氙氚氛氟氡氢氤氦氧氨氩氪氮氯氰氲"

# Characters whose detailed stroke sequences are identical, in the order of the 通用规范汉字表 (its 一级字表 lists
# exactly these ties). The structure decides there (左右 before 上下 before 独体, then how strokes meet), which
# the table cannot see. A character in no group falls back to code point order.
_SAME_SEQUENCE = (
    "人入",  # 撇 捺
    "儿匕",  # 撇 竖弯钩
    "几九",  # 撇 横折弯钩
    "刀力",  # 横折钩 撇
    "工土士",  # 横 竖 横: 工 before 土 before 士
    "大丈",
    "凡丸",
    "己已巳",  # 横折 横 竖弯钩: open, half closed, closed
    "开井",
    "天夫",
    "元无",
    "犬太",
    "曰日",  # 竖 横折 横 横: the 通用规范汉字表 lists 曰 first
    "冈内",
    "午牛",
    "父从",
    "未末",  # 横 横 竖 撇 捺: 未 (upper stroke short) first
    "石右",
    "旦目且",
    "叶甲申",
    "田由",
    "叭史央",
    "叨另",
    "矢失",
    "召加",
    "网肉",
    "杠杜",
    "吧邑",
    "肛肚",
    "纲纳",
    "味果",
    "泪沮",
    "录隶",
    "哑显",
    "钢钠",
    "晾景",
)

# Not characters with strokes: the space of a typed name and the dot between the parts of a transliterated one
# (买买提·艾力) take no place in the order.
_SKIPPED = frozenset(" \t\u3000·•・‧∙⋅･")

# Where an unknown character goes in a key: after every known character's rank, followed by the character itself
# so that unknown characters compare by code point among themselves.
_UNKNOWN = "\U0010ffff"


def stroke_sort_key(name: str) -> tuple[str, str]:
    """Sort key for the official order: character by character, by strokes, then 横竖撇点折, then ties.

    A character the table lacks (a 生僻字, a Latin letter) sorts after every known character at that position,
    those among themselves by code point; a name that is a prefix of another comes first (张三 before 张三丰).
    The name itself ends the key, so that no two different names compare equal.
    """
    # One character per known character, its place in the whole order: comparing two keys is one string
    # comparison in C, which keeps a sort within a small multiple of sorting the plain names.
    return name.translate(_ranks()), name


def pinyin_sort_key(name: str) -> tuple[str, tuple[str, str]]:
    """Sort key for pinyin order (surnames read as surnames: 曾 zeng, 单 shan); homophones by strokes."""
    return name_order(name), stroke_sort_key(name)


def stroke_count(char: str) -> int | None:
    """Number of strokes of one character, or None when the table lacks it."""
    sequence = _sequences().get(char)
    return len(sequence) if sequence is not None else None


def stroke_classes(char: str) -> str | None:
    """The character's strokes as digits 1-5 (横 竖 撇 点 折), e.g. 李 -> '1234521'; None when unknown."""
    sequence = _sequences().get(char)
    return sequence.translate(_TO_CLASS) if sequence is not None else None


def unknown_characters(names: Iterable[str]) -> list[str]:
    """The characters of `names` that the stroke table lacks, each once, in the order first met.

    The clerk is told these: such a name is placed after the known ones at that position, not by its strokes.
    """
    table = _sequences()
    found: dict[str, None] = {}
    for name in names:
        for char in name:
            if char not in table and char not in _SKIPPED:
                found[char] = None
    return list(found)


@functools.cache
def _sequences() -> dict[str, str]:
    """Character -> cnchar stroke letters, with the corrections applied. Read once, on first use."""
    with _TABLE_FILE.open(encoding="utf-8") as handle:
        table: dict[str, str] = json.load(handle)
    for char in _QI_FAMILY:
        table[char] = table[char].replace("sjjo", "sjjO")
    table.update(_CORRECTIONS)
    return table


class _RankTable(dict[int, str | None]):
    """`str.translate` table: a known character -> its rank, a skipped one -> deleted, any other -> after all."""

    def __missing__(self, code_point: int) -> str:
        # str.translate asks for each character it meets; an unknown one is remembered for the next name.
        self[code_point] = value = _UNKNOWN + chr(code_point)
        return value


@functools.cache
def _ranks() -> _RankTable:
    """Every known character's place in the official order, as one character (U+0001 on, below U+D800)."""
    table = _sequences()
    ordered = sorted(table, key=lambda char: _char_order(char, table[char]))
    ranks = _RankTable({ord(char): chr(rank + 1) for rank, char in enumerate(ordered)})
    ranks.update(dict.fromkeys(map(ord, _SKIPPED)))
    return ranks


def _char_order(char: str, sequence: str) -> tuple[int, str, str, int, int]:
    return (
        len(sequence),
        sequence.translate(_TO_CLASS),
        sequence.translate(_TO_DETAIL),
        _TIE_RANK.get(char, 0),
        ord(char),
    )


def _letter_tables() -> tuple[dict[int, str], dict[int, str]]:
    """str.translate tables: stroke letter -> class digit, and -> its rank among all letters (class first)."""
    to_class: dict[int, str] = {}
    to_detail: dict[int, str] = {}
    classes = dict(_CLASS_LETTERS, **{"5": _FOLD_ORDER})
    for digit, letters in classes.items():
        for position, letter in enumerate(letters):
            to_class[ord(letter)] = digit
            to_detail[ord(letter)] = chr(ord("A") + 8 * (int(digit) - 1) + position)
    to_detail[ord("d")] = to_detail[ord("k")]  # 点2 is a 点: no order between them
    return to_class, to_detail


_TO_CLASS, _TO_DETAIL = _letter_tables()
_TIE_RANK: dict[str, int] = {char: rank for group in _SAME_SEQUENCE for rank, char in enumerate(group)}
