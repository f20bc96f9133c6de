"""The order names are printed in: 姓氏笔画 (official lists), pinyin, or as given (the ranking's own order).

The stroke table is app/printing/strokes.py; until it is there, strokes fall back to pinyin so that every
document still prints, and the clerk is told."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from app.people.pinyin import name_order

T = TypeVar("T")
NAMED = 12  # unknown characters named in the note; more are counted
ORDERS = {"strokes": "姓氏笔画", "pinyin": "拼音", "rank": "名次"}


def _strokes():
    try:
        from app.printing import strokes
    except ImportError:
        return None
    return strokes


def pinyin_sort_key(name: str) -> tuple[str, str]:
    return name_order(name), name


def name_key(order: str) -> Callable[[str], object]:
    if order == "strokes" and (strokes := _strokes()) is not None:
        return strokes.stroke_sort_key
    if order == "pinyin" and (strokes := _strokes()) is not None and hasattr(strokes, "pinyin_sort_key"):
        return strokes.pinyin_sort_key
    return pinyin_sort_key


def sort_by_name(items: Iterable[T], name_of: Callable[[T], str], order: str) -> list[T]:
    """`items` by name in `order`; 'rank' (or anything else) keeps them as given."""
    items = list(items)
    if order not in ("strokes", "pinyin"):
        return items
    key = name_key(order)
    return sorted(items, key=lambda item: key(name_of(item)))


def order_notes(names: Sequence[str], order: str) -> list[str]:
    """What the clerk should know about the order: characters the stroke table lacks, or no table at all."""
    if order != "strokes":
        return []
    strokes = _strokes()
    if strokes is None:
        return ["笔画顺序表不可用，本次按拼音排序"]
    unknown = strokes.unknown_characters(names)
    if not unknown:
        return []
    shown = "、".join(unknown[:NAMED]) + (f" 等 {len(unknown)} 个字" if len(unknown) > NAMED else "")
    return [f"笔画表中没有这些字，含有它们的姓名排在同笔画位置的已知字之后：{shown}"]
