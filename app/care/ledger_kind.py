"""What a ledger without a 记录类型 column records, read from what it is: a 走访慰问台账 (慰问品, 金额, 走访人, its
title) holds visits only, a 谈心谈话记录 (谈话人, 谈话内容, its title) talks only. Said in the dry run; a ledger
that could be either, or is neither, is refused with what to add. Also the year its title names (2024年度…台账),
for the message of a date written without one."""

from __future__ import annotations

import re
import unicodedata

from app.care.ledger_cells import TALK_RECORD, VISIT_RECORD
from app.care.ledger_columns import LedgerLayout
from app.care.ledger_header import LedgerHeader, base_label
from app.exchange.cells import cell_text
from app.exchange.plan import PlanError

_VISIT_WORDS = ("走访", "慰问")
_TALK_WORDS = ("谈话", "谈心")
_VISIT_COLUMNS = frozenset(("gift", "amount", "amount_part", "visitors"))
_TALK_COLUMNS = frozenset(("talker", "summary"))
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def kinds_in(text: str) -> set[str]:
    """The kinds of record a label or a title names: 走访/慰问 a visit, 谈话/谈心 a talk (both: either)."""
    found = set()
    if any(word in text for word in _VISIT_WORDS):
        found.add(VISIT_RECORD)
    if any(word in text for word in _TALK_WORDS):
        found.add(TALK_RECORD)
    return found


def _column_kinds(layout: LedgerLayout) -> dict[str, list[str]]:
    """Kind → the labels that name it alone (走访人/谈话人 names neither)."""
    found: dict[str, list[str]] = {}
    for column, what in layout.columns.items():
        label = layout.labels[column]
        kinds = kinds_in(base_label(label))
        if what in _VISIT_COLUMNS:
            kinds.add(VISIT_RECORD)
        elif what in _TALK_COLUMNS:
            kinds.add(TALK_RECORD)
        if len(kinds) == 1:
            found.setdefault(kinds.pop(), []).append(label)
    return found


def title_lines(header: LedgerHeader) -> list[str]:
    """The texts above the header (the title, a 填报单位 line), then the sheet's name."""
    texts = [cell_text(v) for row in header.sheet.rows[: header.index] for v in row]
    return [t for t in texts if t] + [header.sheet.name]


def ledger_kind(header: LedgerHeader, layout: LedgerLayout) -> tuple[str, str]:
    """(the record type of every row, the notice saying why) for a ledger without a 记录类型 column."""
    columns = _column_kinds(layout)
    title = next((t for t in title_lines(header) if kinds_in(t)), "")
    by_title = kinds_in(title)
    kinds = set(columns)
    if len(kinds) != 1 or (by_title and by_title != kinds):
        # The title settles columns that name both kinds or neither; it never overrules columns of one kind.
        kinds = set(by_title) if len(by_title) == 1 and len(kinds) != 1 else set()
    if len(kinds) != 1:
        raise PlanError(_cannot_tell(columns, title))
    [kind] = kinds
    why = []
    if columns.get(kind):
        why.append(f"表头（{'、'.join(columns[kind][:4])}）")
    if title and kind in by_title:
        why.append(f"标题“{title[:30]}”")
    return kind, f"表中没有“记录类型”列：按{'和'.join(why)}，每一行都按“{kind}”导入"


def _cannot_tell(columns: dict[str, list[str]], title: str) -> str:
    seen = [f"“{labels[0]}”像是{kind}" for kind, labels in columns.items()]
    if title:
        seen.append(f"标题“{title[:30]}”")
    said = f"（{'，'.join(seen)}）" if seen else ""
    return (
        f"表中没有“记录类型”列，从表头和标题也看不出记录是走访慰问还是谈心谈话{said}。请加一列“记录类型”，"
        "逐行填写事件、走访慰问、谈心谈话或健康体检后再导入"
    )


def title_year(header: LedgerHeader) -> int | None:
    """The one year the title (or the sheet's name) gives, '2024年度…台账'; a 填报日期 line is not the ledger's."""
    years = set()
    for text in title_lines(header):
        if "日期" in text or "时间" in text:
            continue
        years |= {int(y) for y in _YEAR.findall(unicodedata.normalize("NFKC", text))}
        if years:
            break  # the title; the sheet's name only when the title names none
    return years.pop() if len(years) == 1 else None
