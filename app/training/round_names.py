"""How a selection round's workbook names a mentor: two spellings of one name made the same (mentor_key), a
choice written with a title or a bracket after the name found (周建华老师), and for the messages the mentor a
choice like 周部长 likely means. Pure code; app/training/selection.py re-exports it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# How applicants address a mentor after the name: 周建华老师, 周建华副部长. Longer titles first.
_TITLES = (
    "副部长", "部长", "副书记", "书记", "副主任", "主任", "副科长", "科长", "副局长", "局长", "副处长", "处长",
    "校长", "院长", "所长", "组长", "老师", "同志", "导师",
)  # fmt: skip
_TRAILING_BRACKET = re.compile(r"\([^()]*\)$")  # after NFKC: 周建华（组织） is 周建华(组织)


def mentor_key(name: str) -> str:
    """What two spellings of a mentor's name share: NFKC, no white space anywhere ('张 伟 ' is '张伟')."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def _bare(key: str) -> str:
    """A mentor key without what an applicant writes after the name: a bracket ('(组织)') or a title ('老师')."""
    key = _TRAILING_BRACKET.sub("", key)
    title = next((t for t in _TITLES if key.endswith(t) and len(key) > len(t)), "")
    return key[: len(key) - len(title)]


def match_mentor(text: str, names: Iterable[str]) -> str | None:
    """The listed mentor a choice names: the same name, or the whole name followed by a title or a bracket
    (周建华老师, 周建华（组织）). A surname with a title (周部长) is never taken: that would be a guess."""
    key = mentor_key(text)
    keys = {mentor_key(name): name for name in names}
    if not key:
        return None
    return keys.get(key) or keys.get(_bare(key))


def likely_mentor(text: str, names: Iterable[str]) -> str | None:
    """For the message only: the one listed mentor that a choice like 周部长, 欧阳主任 (a surname and a title) or
    组织部周建华 (the whole name inside other words) points at; None when no one, or several, fit."""
    key, names = mentor_key(text), list(names)
    surname = _bare(key)
    if surname != key and 1 <= len(surname) <= 2:
        found = [n for n in names if mentor_key(n).startswith(surname) and len(mentor_key(n)) > len(surname)]
    else:
        found = names_inside(key, names)
    return found[0] if len(found) == 1 else None


def names_inside(text: str, names: Iterable[str]) -> list[str]:
    """The listed names written inside `text` (周建华/孙丽萍), a name inside a longer one found (孙丽 in 孙丽萍)
    counted once, as the longer."""
    key = mentor_key(text)
    inside = [n for n in names if len(mentor_key(n)) >= 2 and mentor_key(n) in key]
    return [n for n in inside if not any(mentor_key(n) in mentor_key(o) and n != o for o in inside)]
