"""One row of a care ledger: read against the roster and the care records already kept — who it is about,
what kind of record, its date, category, money and texts — refused with where and why, skipped when it is
already in. Which column holds what is app/care/ledger_columns.py; the money app/care/ledger_money.py; the event
a visit or talk answers app/care/ledger_events.py; the file as a whole app/care/ledger.py."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from app.care.ledger_cells import (
    BLANKABLE,
    CHECK,
    EVENT,
    RECORD_TYPES,
    TALK_RECORD,
    VISIT_RECORD,
    means_nothing,
    month_day,
    month_only,
    reason_kind,
    record_type,
    visit_kind,
    visit_method,
)
from app.care.ledger_columns import LedgerLayout
from app.care.ledger_known import KnownRecords
from app.care.ledger_money import read_amount
from app.care.ledger_people import ID, NAME, PersonReader, same_name, shown_name
from app.care.ledger_texts import MAX_SHORT, RecordTexts
from app.care.ledger_twins import check_twins
from app.care.queries import care_settings
from app.care.rules import EVENT_KINDS, TALK_REASONS, VISIT_KINDS, VISIT_METHODS
from app.dates import DateError, parse_date
from app.exchange.cell_errors import ExcelError, error_problems, with_error_problems, without_errors
from app.exchange.columns import summarize_labels
from app.exchange.limits import clip
from app.exchange.plan import Action, Problem, cell_problem

if TYPE_CHECKING:
    from app.care.ledger_events import Answer

__all__ = ["ID", "NAME", "RECORD_TYPES", "LedgerRow", "RowPlanner"]
NOT_A_CHECK = (
    "这是一次走访（类别 健康体检），不是体检记录：本年度的体检请在“关怀记录 → 健康体检”中登记，"
    "或在台账中把记录类型写成“健康体检”"
)


@dataclass
class LedgerRow:
    row: int  # as Excel numbers it
    action: Action
    name: str = ""  # as typed
    person_id: int | None = None
    record_type: str = ""
    values: dict[str, Any] = field(default_factory=dict)  # the record's columns, as stored
    answers: int | None = None  # the event answered: its id, or −(its row) for an event of this file
    answered_by: Answer | None = None  # a new event: the recorded visit or talk that answers it
    note: str = ""  # what the dry run says beside the row (answers an event, how late; already in)
    problems: list[Problem] = field(default_factory=list)
    cells: list[Any] = field(default_factory=list)  # the row as read, for the problem report


@dataclass(frozen=True)
class SheetFacts:
    """What the planner knows of the sheet beyond its columns."""

    record_type: str | None = None  # every row's, for a ledger without a 记录类型 column
    year: int | None = None  # the year the title gives, for a date written without one
    from_text: bool = False  # a CSV: merged cells were lost when it was saved
    merged_money: dict[int, str] = field(default_factory=dict)  # row (0-based) → why its money is refused


class RowPlanner(RecordTexts):
    """Each row of a ledger read against the database: who, what, when, and whether it is already in."""

    def __init__(self, db: Database, layout: LedgerLayout, today: dt.date, facts: SheetFacts = SheetFacts()):
        self.db, self.layout, self.today, self.facts = db, layout, today, facts
        self.columns, self.headers = layout.columns, layout.labels
        self.column_of = {what: column for column, what in self.columns.items()}
        self.people = PersonReader(db)
        self.known = KnownRecords(db, self)
        self.due_days = care_settings(db).due_days
        self.fills = {c: _FILLS[what] for c, what in self.columns.items() if what in _FILLS}  # an error's fix
        self.type_words: dict[tuple[str, str, str], list[int]] = {}  # (as typed, as read, also) → its rows

    def problem(self, row: LedgerRow, what: str, value: Any, message: str) -> None:
        self.problem_at(row, self.column_of.get(what), value, message)

    def problem_at(self, row: LedgerRow, column: int | None, value: Any, message: str) -> None:
        id_cell = column is not None and self.columns.get(column) == ID
        row.problems.append(
            cell_problem(row.row, row.name, self.headers, column, value, message, id_cell=id_cell)
        )

    def cell(self, what: str, cells: list[Any]) -> Any:
        column = self.column_of.get(what)
        return cells[column] if column is not None and column < len(cells) else None

    def text(self, what: str, texts: list[str]) -> str:
        column = self.column_of.get(what)
        return texts[column] if column is not None and column < len(texts) else ""

    def money_column(self) -> int | None:
        """The column a problem with the row's money is said of: the amount's, else its first part's."""
        money = self.layout.money
        return money.amount if money.amount is not None else (money.parts or (None,))[0]

    def plan_row(
        self,
        number: int,
        cells: list[Any],
        texts: list[str],
        errors: Sequence[tuple[int, ExcelError]] = (),
    ) -> LedgerRow:
        """`texts`: the row's cell texts, error values blank; `errors`: the error values of the columns read,
        each refusing the row with what it means (the other checks read them as blank): a formula saved without
        its result among them (app/exchange/bounds.py), never an amount of 0 元."""
        row = LedgerRow(
            number, Action.NEW, name=clip(shown_name(self.text(NAME, texts)), 20), cells=list(cells)
        )
        if errors:
            cells = without_errors(cells, texts)[0]
        cells, texts = self._blanked(cells, texts)
        complain = partial(self.problem, row)
        row.person_id = self.people.person(row.name, self.cell(ID, cells), self.text(ID, texts), complain)
        row.record_type, implied = self._type(row, texts)
        date = self._date(row, "date", cells, required=True)
        born = self.people.born.get(row.person_id) if row.person_id is not None else None
        if date and born and date < born:
            self.problem(row, "date", self.cell("date", cells),
                         f"日期 {date} 早于{row.name}的出生日期 {born}，请核对日期")  # fmt: skip
        if number - 1 in self.facts.merged_money:
            self.problem_at(row, self.money_column(), None, self.facts.merged_money[number - 1])
        twins, kept = check_twins(self.layout, cells, texts)
        if row.record_type:
            self._record(row, cells, texts, date, implied, kept)
        for column, value, message in twins:
            self.problem_at(row, column, value, message)
        said = error_problems(number, row.name, errors, self.headers, self.fills) if errors else []
        row.problems = with_error_problems(row.problems, said)
        if row.problems:
            row.action = Action.REJECT
        elif row.person_id is not None and date is not None:
            self.known.compare(row, date)
        return row

    def _blanked(self, cells: list[Any], texts: list[str]) -> tuple[list[Any], list[str]]:
        """The row with '/', '—', '无' … of the optional columns read as blanks."""
        cells, texts = list(cells), list(texts)
        for what in BLANKABLE:
            column = self.column_of.get(what)
            if column is not None and column < len(cells) and means_nothing(cells[column]):
                cells[column] = None
                texts[column] = ""
        return cells, texts

    def _type(self, row: LedgerRow, texts: list[str]) -> tuple[str, dict[str, str]]:
        """The record type, and what its word says besides (电话慰问: 方式 电话; 节日慰问: its 类别)."""
        if "type" not in self.column_of:
            return self.facts.record_type or "", {}
        text = same_name(self.text("type", texts))
        found = record_type(text, VISIT_KINDS, VISIT_METHODS)
        if found is None:
            shown = self.text("type", texts)
            said = "不能为空" if not shown else "无法识别"
            self.problem(row, "type", shown, f"记录类型{said}，可填：{'、'.join(RECORD_TYPES)}")
            return "", {}
        if found[0] != text:
            also = "，".join(f"{_IMPLIED[w]}“{v}”" for w, v in found[1].items() if v and w in _IMPLIED)
            self.type_words.setdefault((text, found[0], also), []).append(row.row)
        return found

    def _date(self, row: LedgerRow, what: str, cells: list[Any], *, required: bool = False,
              future: bool = False) -> str | None:  # fmt: skip
        raw = self.cell(what, cells)
        if isinstance(raw, str) and _SERIAL_TEXT.match(raw.strip()):
            raw = float(raw)  # read as Excel's day number, as the cell it came from was
        label = "回访日期" if what == "follow_up" else "日期"
        try:
            value = parse_date(raw, field=label, allow_future=future, today=self.today)
        except DateError as exc:
            found = month_day(raw)
            self.problem(row, what, raw, self._no_year(label, raw, *found) if found else str(exc))
            return None
        if value is None and required:
            self.problem(row, what, "", _NO_DATE_TEXT if self.facts.from_text else "日期不能为空")
        elif value is not None and month_only(raw):
            self.problem(
                row,
                what,
                raw,
                f"{label}只写到月，请写出是{value.year}年{value.month}月几日（如 {value.year}-{value.month:02d}-15）",
            )
            return None
        return value.isoformat() if value else None

    def _no_year(self, label: str, raw: Any, month: int, day: int) -> str:
        """'3月5日': the year is missing — named when the title gives it."""
        year = self.facts.year
        if year is not None:
            return f"{label}“{raw}”没有写年份：表的标题是{year}年，请写成 {year}-{month:02d}-{day:02d}"
        return f"{label}“{raw}”没有写年份，请补上年份，按 YYYY-{month:02d}-{day:02d} 的格式填写"

    def _record(self, row: LedgerRow, cells: list[Any], texts: list[str], date: str | None,
                implied: dict[str, str], kept: list[tuple[str, str]]) -> None:  # fmt: skip
        kind = row.record_type
        typed = self._implied(row, "category", same_name(self.text("category", texts)), implied)
        category, occasion = self._category(row, kind, typed)
        occasion = occasion or implied.get("occasion") or None
        allowed = {EVENT: EVENT_KINDS, VISIT_RECORD: VISIT_KINDS, TALK_RECORD: TALK_REASONS}.get(kind)
        if allowed is not None and category not in allowed:
            said = "不能为空" if not category else f"“{clip(category)}”不是{kind}的类别"
            message = f"类别{said}，可填：{'、'.join(allowed)}"
            self.problem(
                row, "category", "", message if "category" in self.column_of else self._no_category(kind)
            )
        amount = self._amount(row, cells)
        method = self._implied(row, "method", same_name(self.text("method", texts)), implied)
        if method and kind == VISIT_RECORD:
            method = self._method(row, method)
        follow_up = self._date(row, "follow_up", cells, future=True)
        if follow_up and date and follow_up < date and kind in (VISIT_RECORD, TALK_RECORD):
            self.problem(row, "follow_up", self.cell("follow_up", cells),
                         f"回访日期 {follow_up} 早于本行日期 {date}：回访应在{kind}之后，请核对")  # fmt: skip
        who, used = self.who_of(row, kind, texts)
        note, used = self.note_of(row, kind, texts, used)
        note = self.keep_stray(row, kind, texts, follow_up, note, used, kept)
        if kind == VISIT_RECORD and category == "健康体检":
            row.note = "；".join(filter(None, (row.note, NOT_A_CHECK)))
        row.values = _values(kind, row.person_id, date, category, note, follow_up) | self._own(
            row, kind, texts, occasion, method, who, amount
        )

    def _no_category(self, kind: str) -> str:
        """A ledger without a 类别 column: which header to add, and the unread columns that may be it."""
        read = set(self.columns) | {t.column for t in self.layout.twins}
        unread = [h for c, h in enumerate(self.headers) if h and c not in read]
        also = "（谈心谈话记录也可写“谈话原因”）" if kind == TALK_RECORD else ""
        said = f"表中没有“类别”列，读不出这条{kind}的类别：请加一列“类别”{also}逐行填写"
        if unread:
            said += f"；如果未识别的列（{'、'.join(f'“{clip(h, 12)}”' for h in unread[:3])}）就是类别，请把它的表头改为“类别”"
        return said

    def _own(self, row: LedgerRow, kind: str, texts: list[str], occasion: str | None, method: str, who: str,
             amount: int | None) -> dict[str, Any]:  # fmt: skip
        """The columns only a visit, a talk or a health check has."""
        if kind == VISIT_RECORD:
            gift = self.short(row, "gift", texts, MAX_SHORT) or None
            return {"occasion": occasion, "method": method or None, "visitors": who or None, "gift": gift,
                    "amount_fen": amount or 0}  # fmt: skip
        if kind == TALK_RECORD:
            return {"talker": who or None}
        if kind == CHECK:
            return {"place": self.short(row, "place", texts, MAX_SHORT) or None}
        return {}

    def _implied(self, row: LedgerRow, what: str, typed: str, implied: dict[str, str]) -> str:
        """The cell, or what the 记录类型 says of it when blank (节日慰问: 类别 节日慰问); refused when both say
        and differ."""
        wanted = implied.get(what)
        if not wanted or not typed:
            return typed or wanted or ""
        read = (
            visit_method(typed, VISIT_METHODS)
            if what == "method"
            else (visit_kind(typed, VISIT_KINDS) or ("",))[0]
        )
        if read != wanted:
            label = self.headers[self.column_of[what]]
            self.problem(row, what, typed, f"与记录类型说的{_IMPLIED[what]}“{wanted}”不一致：请核对后改正其中一个"
                         f"（记录类型写“走访慰问”，{_IMPLIED[what]}写在“{label}”列）")  # fmt: skip
        return typed

    def _category(self, row: LedgerRow, kind: str, typed: str) -> tuple[str, str | None]:
        """The 类别 in the app's words ('春节慰问' → 节日慰问 on 春节) and the festival; said in the dry run."""
        found: tuple[str, str | None] | None = None
        if kind == VISIT_RECORD:
            found = visit_kind(typed, VISIT_KINDS)
        elif kind in (EVENT, TALK_RECORD):
            reason = reason_kind(typed, EVENT_KINDS if kind == EVENT else TALK_REASONS)
            found = (reason, None) if reason else None
        if found is None or found[0] == typed:
            return typed, None
        row.note = f"类别“{typed}”按“{found[0]}”" + (f"（{found[1]}）" if found[1] else "") + "导入"
        return found

    def _method(self, row: LedgerRow, typed: str) -> str:
        """A visit's 方式 in the app's words ('家访' → 上门), said in the dry run; refused when it names none."""
        found = visit_method(typed, VISIT_METHODS)
        if found is None:
            self.problem(row, "method", typed, f"方式无法识别，可填：{'、'.join(VISIT_METHODS)}")
            return typed
        if found != typed:
            row.note = "；".join(filter(None, (row.note, f"方式“{typed}”按“{found}”导入")))
        return found

    def type_notices(self) -> list[str]:
        """记录类型“慰问”按“走访慰问”读取：第5行、第6行 — once for each word, not on every row; 电话慰问 with
        the 方式 it gives, （方式“电话”）."""
        return [
            f"记录类型“{typed}”按“{found}”读取{f'（{also}）' if also else ''}："
            + summarize_labels([f"第{n}行" for n in rows], unit="行")
            for (typed, found, also), rows in self.type_words.items()
        ]

    def _amount(self, row: LedgerRow, cells: list[Any]) -> int | None:
        amount, problems = read_amount(self.layout, cells)
        for problem in problems:
            self.problem_at(row, problem.column, problem.value, problem.message)
        if amount and row.record_type != VISIT_RECORD:
            column = self.money_column()
            value = cells[column] if column is not None and column < len(cells) else None
            self.problem_at(row, column, value, "只有走访慰问可以填写金额")
        return amount


def _values(kind: str, person_id: int | None, date: str | None, category: str, note: str | None,
            follow_up: str | None) -> dict[str, Any]:  # fmt: skip
    """The columns every kind of record has, in its own names (a visit's people are a table of their own)."""
    values: dict[str, Any] = {"date": date}
    if kind != VISIT_RECORD:
        values["person_id"] = person_id
    if kind == EVENT:
        return values | {"kind": category, "note": note}
    if kind == VISIT_RECORD:
        return values | {"kind": category, "note": note, "follow_up_date": follow_up}
    if kind == TALK_RECORD:
        return values | {"reason": category, "summary": note, "follow_up_date": follow_up}
    return values | {"note": note}


_IMPLIED = {"method": "方式", "category": "类别"}
# What the clerk types instead of an error value, said in its message.
_FILLS = {
    "date": "日期",
    "follow_up": "日期",
    "amount": "金额",
    "amount_part": "金额",
    NAME: "姓名",
    ID: "公民身份号码",
}
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")  # a date column in General format, as a CSV carries it
_NO_DATE_TEXT = (
    "日期不能为空（如果原表中这一格与上一行合并了，另存为 CSV 后日期只留在第一行：请在每一行填上日期）"
)
