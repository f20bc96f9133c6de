"""Who a care ledger's row is about: the person whose ID number it gives (the import never creates people), the
name checked against the roster's. A row naming two people ('陶明、薛霞鑫', '陶明 薛霞鑫', two numbers in one
cell) is told to become two rows — money is recorded per person — rather than that its number is malformed or
that its name is not the number's holder's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from app.exchange.plan import EXCEL_NUMBER_FIX
from app.people.idnumber import IdNumberError, looks_like_excel_number, parse_id_number
from app.people.living import by_id_number
from app.people.service import not_on_roster

NAME, ID = "name", "id_number"
SEVERAL = "每行只能填一人，请拆成两行（金额按人填写），每行填写本人的公民身份号码"
# Between two names: 、 , ; / or white space ('张 三' is one person with a space: each name has two characters).
_NAME_BREAK = re.compile(r"[、,;/\s]+")
_ID_LIKE = re.compile(r"\d{15,17}[\dXx]?")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))

# problem(what, value, message): a problem with the row's name or ID cell.
Complain = Callable[[str, Any, str], None]


def same_name(text: str) -> str:
    """The text as compared: NFKC, no white space, no zero-width characters (pasted from web pages)."""
    return "".join(unicodedata.normalize("NFKC", text or "").translate(_INVISIBLE).split())


def shown_name(typed: str) -> str:
    """The name as typed — a space between two names kept — but for the invisible characters a web page adds."""
    return typed.translate(_INVISIBLE).strip()


def several_names(typed: str) -> bool:
    """Whether a name cell names two people or more: '陶明、薛霞鑫', '陶明 薛霞鑫' (each part two characters or more)."""
    parts = [p for p in _NAME_BREAK.split(unicodedata.normalize("NFKC", typed).strip()) if p]
    return len(parts) >= 2 and all(len(p) >= 2 for p in parts)


def several_numbers(typed: str) -> bool:
    """Whether an ID cell holds two numbers or more."""
    return len(_ID_LIKE.findall(unicodedata.normalize("NFKC", typed).replace(" ", ""))) >= 2


class PersonReader:
    """The roster by ID number, and the people the file names (their birth dates)."""

    def __init__(self, db: Database):
        self.db = db
        self.people = by_id_number(db, "birth_date")
        self.by_name: dict[str, list[str]] | None = None  # name → ID numbers, for a row without a number
        self.born: dict[int, str] = {}  # person id → birth date, of the people the file names

    def person(self, name: str, raw: Any, text: str, complain: Complain) -> int | None:
        """The person's id, or None with the problem said. `name` as typed; `raw` the ID cell, `text` its text."""
        text = text.lstrip("'")  # Excel's mark for text
        if not name:
            complain(NAME, "", "姓名不能为空")
        if several_numbers(text) or (several_names(name) and not text):
            complain(NAME if name else ID, name or raw, f"“{name or text}”不是一个人：{SEVERAL}")
            return None
        if looks_like_excel_number(raw):
            complain(ID, raw, EXCEL_NUMBER_FIX)
            return None
        if not text and name:
            complain(ID, "", self._no_number(name))
            return None
        try:
            number = parse_id_number(text).number
        except IdNumberError as exc:
            complain(ID, raw, str(exc))
            return None
        return self._holder(name, number, raw, complain)

    def _holder(self, name: str, number: str, raw: Any, complain: Complain) -> int | None:
        known = self.people.get(number)
        if known is None:
            complain(ID, raw, not_on_roster(self.db, number))
            return None
        person_id, holder, born = known
        self.born[person_id] = born
        if name and same_name(name) != same_name(holder):
            if several_names(name):
                complain(NAME, name, f"“{name}”不是一个人：{SEVERAL}（号码 {number} 是“{holder}”的）")
            else:
                complain(NAME, name, f"姓名与公民身份号码不符：花名册中号码 {number} 属于“{holder}”，请核对")
            return None
        return person_id

    def _no_number(self, name: str) -> str:
        """A row without an ID number: people are matched by number only, but the clerk is told whose number
        the roster has under that name, to check and type in (old ledgers often lack the column's values)."""
        if self.by_name is None:  # made once, on the first row without a number
            self.by_name = {}
            for number, (_id, known, _born) in self.people.items():
                self.by_name.setdefault(same_name(known), []).append(number)
        numbers = self.by_name.get(same_name(name), [])
        if len(numbers) == 1:
            return f"公民身份号码不能为空：花名册中名叫“{same_name(name)}”的是 {numbers[0]}，请核对后填入"
        if numbers:
            return (
                f"公民身份号码不能为空：花名册中有 {len(numbers)} 人名叫“{same_name(name)}”，请填写号码以区分"
            )
        return "公民身份号码不能为空"
