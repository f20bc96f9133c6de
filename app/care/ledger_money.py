"""A care ledger row's money, read to the fen from the columns app/care/ledger_columns.py placed: the amount
column; or a 合计 whose parts must add up to it; or, without one, the parts added. And money as the sheet writes
it, for the one check a clerk has that no row was lost: the 合计 row against the rows above it.

A cell merged down over several rows is given to each row it covers (a 走访人 or a 慰问品 written once for three
people) — but not money: 200 merged over three rows may be 200 each or 200 for the three, so those rows are
refused with what to do, never imported at a guess.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from app.care.ledger_cells import means_nothing
from app.care.ledger_columns import LedgerLayout
from app.care.money import AmountError, fen_text, parse_amount
from app.exchange.cells import cell_text
from app.exchange.sheet import Sheet, fill_merged_down


@dataclass(frozen=True)
class MoneyProblem:
    column: int
    value: object
    message: str


def read_amount(layout: LedgerLayout, cells: list[object]) -> tuple[int | None, list[MoneyProblem]]:
    """The row's amount in fen (None when no money is written) and what is wrong with it."""
    money = layout.money
    read: dict[int, int | None] = {}
    problems = []
    for column in money.columns:
        raw = _cell(cells, column)
        try:
            read[column] = None if means_nothing(raw) else parse_amount(raw)
        except AmountError as exc:
            problems.append(MoneyProblem(column, raw, str(exc)))
    if problems:
        return None, problems
    filled = [read[c] for c in money.parts if read[c] is not None]
    if money.adds_parts:
        return (sum(filled) if filled else None), []  # type: ignore[arg-type]
    amount = read.get(money.amount) if money.amount is not None else None
    if filled and sum(filled) != (amount or 0):  # type: ignore[arg-type]
        return None, [_not_adding_up(layout, cells, read)]
    return amount, []


def _not_adding_up(layout: LedgerLayout, cells: list[object], read: dict[int, int | None]) -> MoneyProblem:
    """'“合计（元）”列（I列）写的 300.00 元不等于 …88.00 元 + …200.00 元 = 288.00 元'."""
    money = layout.money
    total = money.amount
    assert total is not None
    parts = [c for c in money.parts if read[c] is not None]
    shown = " + ".join(f"{layout.named(c)} {fen_text(read[c])} 元" for c in parts)  # type: ignore[arg-type]
    added = fen_text(sum(read[c] for c in parts))  # type: ignore[misc]
    if read[total] is None:
        said = f"{layout.named(total)}是空的，而 {shown} = {added} 元：请填上合计"
    else:
        said = (
            f"{layout.named(total)}写的 {fen_text(read[total])} 元不等于 {shown} = {added} 元："  # type: ignore[arg-type]
            "请核对后改正，使各项之和等于合计"
        )
    return MoneyProblem(total, _cell(cells, total), said)


def _cell(cells: list[object], column: int) -> object:
    return cells[column] if column < len(cells) else None


# --- money as written: the 合计 row's check -----------------------------------------------------------

_WRITTEN = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_DECORATION = re.compile(r"^(?:人民币|rmb|cny|¥|￥)|(?:元整|元|rmb|cny)$")


def written_fen(layout: LedgerLayout, cells: list[object]) -> int | None:
    """The row's money as the sheet writes it, refused or not (-200, 500.005): fen, a fraction of a fen cut
    off; what is no number (伍佰元, 0.5万, 200+300, a formula without its result) counts nothing. The amount
    column, or the parts added; None when no cell holds a number."""
    money = layout.money
    columns = money.parts if money.adds_parts else (money.amount,) if money.amount is not None else ()
    found = [fen for c in columns if (fen := _written(_cell(cells, c))) is not None]
    return sum(found) if found else None


def _written(raw: object) -> int | None:
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, (int, float, Decimal)):
        text = repr(raw) if isinstance(raw, float) else str(raw)
    else:
        text = "".join(unicodedata.normalize("NFKC", cell_text(raw)).split()).casefold()
        text = _DECORATION.sub("", _DECORATION.sub("", text)).replace(",", "")
    if not _WRITTEN.match(text):
        return None
    try:
        return int((Decimal(text) * 100).to_integral_value(rounding=ROUND_DOWN))
    except InvalidOperation:
        return None


def total_row_notice(row: int, written: int, rows_sum: int) -> str | None:
    """The notice when a 合计 row's money is not the sum of the rows above it, refused ones included."""
    if written == rows_sum:
        return None
    return (
        f"合计行（第{row}行）写的是 {fen_text(written)} 元，表中各行金额合计 {fen_text(rows_sum)} 元，"
        f"相差 {fen_text(abs(written - rows_sum))} 元，请核对"
    )


# --- merged cells -----------------------------------------------------------------------------------


def fill_merges(sheet: Sheet, first: int, layout: LedgerLayout) -> dict[int, str]:
    """Give each cell merged down under the header to every row it covers, but money; the rows (0-based) under
    a merged money cell → why they are refused."""
    money = set(layout.money.columns)
    kept = tuple(m for m in sheet.merged_down if m[0][1] not in money)
    fill_merged_down(dataclasses.replace(sheet, merged_down=kept), first)
    refused: dict[int, str] = {}
    for (top, column), bottom in sheet.merged_down:
        if column in money and top >= first and top < len(sheet.rows):
            said = _merged_money(layout, column, top, bottom, _cell(sheet.rows[top], column))
            refused.update(dict.fromkeys(range(top, bottom + 1), said))
    return refused


def _merged_money(layout: LedgerLayout, column: int, top: int, bottom: int, value: object) -> str:
    shown = cell_text(value) or "空"
    return (
        f"{layout.named(column)}第{top + 1}至{bottom + 1}行合并成了一格（{shown}）：不能确定是每行各 {shown} 元，"
        "还是这几行一共这么多，这几行都没有导入。请取消合并，在每一行填上本人的金额"
    )
