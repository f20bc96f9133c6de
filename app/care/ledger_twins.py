"""Two columns of a ledger that say the same thing (two 金额（元）, one hidden; 日期 beside 走访日期): the first is
read (app/care/ledger_columns.py), and a row where the second holds another value is refused naming both columns
by letter — which is right is for the street to say, as in the roster and score imports. A blank second cell,
'/' or '无', agrees with anything; so does the same value written another way (300 and 300.00, 2024.3.5 and
2024-03-05). A second date column that holds no date (时间 beside 日期: 14:30) is kept in the note instead."""

from __future__ import annotations

from typing import Any

from app.care.ledger_cells import means_nothing
from app.care.ledger_columns import PART_OF, LedgerLayout
from app.care.ledger_people import same_name
from app.care.money import AmountError, parse_amount
from app.dates import DateError, parse_date
from app.exchange.limits import clip

_DATES = ("date", "follow_up")


def check_twins(
    layout: LedgerLayout, cells: list[Any], texts: list[str]
) -> tuple[list[tuple[int, Any, str]], list[tuple[str, str]]]:
    """(column, value, message) for each second column of the row that says something else than its first; and
    (label, text) of a second date column that holds no date at all (时间 beside 日期: 14:30), for the note."""
    problems, kept = [], []
    for twin in layout.twins:
        second, first = (_at(cells, c) for c in (twin.column, twin.primary))
        what = layout.columns.get(twin.primary, "amount")
        if _blank(second) or _agree(what, first, second):
            continue
        shown, other = (clip(_at(texts, c) or "", 40) for c in (twin.column, twin.primary))
        if what in _DATES and not _is_date(second):
            kept.append((twin.header, _at(texts, twin.column)))
            continue
        named, primary = layout.named(twin.column), layout.named(twin.primary)
        if _blank(first):
            said = f"{primary}是空的，而同一项的{named}写了“{shown}”：请核对后只保留一列"
        else:
            said = (
                f"{named}的“{shown}”与{primary}的“{other}”不同：这两列是同一项（其中一列可能是隐藏的），"
                "请核对后只保留正确的一列"
            )
        problems.append((twin.column, second, said))
    return problems, kept


def _is_date(value: Any) -> bool:
    try:
        return parse_date(value, allow_future=True) is not None
    except DateError:
        return False


def _at(values: list[Any], column: int) -> Any:
    return values[column] if column < len(values) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or means_nothing(value)


def _agree(what: str, first: Any, second: Any) -> bool:
    """The same value, perhaps written another way: read as money or as a date where the column holds one."""
    if same_name(str(first or "")) == same_name(str(second)):
        return True
    try:
        if what in ("amount", PART_OF):
            return parse_amount(first) == parse_amount(second)
        if what in _DATES:
            return parse_date(first, allow_future=True) == parse_date(second, allow_future=True)
    except (AmountError, DateError):
        return False
    return False
