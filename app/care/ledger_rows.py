"""One row of a care ledger: read against the roster and the care records already kept — who it is about,
what kind of record, its date, category and money — refused with where and why, skipped when it is already in,
and, for a visit or talk, the open event it answers. The file as a whole is app/care/ledger.py."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from app.care.ledger_cells import (
    BLANKABLE,
    CHECK,
    EVENT,
    TALK_RECORD,
    VISIT_RECORD,
    means_nothing,
    month_only,
    reason_kind,
    stray,
    visit_kind,
    visit_method,
    with_kept,
)
from app.care.money import AmountError, fen_text, parse_amount
from app.care.queries import care_settings
from app.care.rules import (
    EVENT_KINDS,
    TALK,
    TALK_REASONS,
    VISIT,
    VISIT_KINDS,
    VISIT_METHODS,
    Event,
    days_late,
    due_date,
    oldest_open_event,
)
from app.dates import DateError, parse_date
from app.exchange.cell_errors import ExcelError, error_problems, with_error_problems, without_errors
from app.exchange.columns import summarize_labels
from app.exchange.limits import clip
from app.exchange.plan import EXCEL_NUMBER_FIX, Action, Problem, cell_problem
from app.people.idnumber import IdNumberError, looks_like_excel_number, parse_id_number
from app.people.living import by_id_number
from app.people.service import not_on_roster

NAME, ID = "name", "id_number"
RECORD_TYPES = (EVENT, VISIT_RECORD, TALK_RECORD, CHECK)
_TYPE_WORDS = {
    "走访": VISIT_RECORD,
    "慰问": VISIT_RECORD,
    "谈话": TALK_RECORD,
    "谈心": TALK_RECORD,
    "体检": CHECK,
}


@dataclass
class LedgerRow:
    row: int  # as Excel numbers it
    action: Action
    name: str = ""
    person_id: int | None = None
    record_type: str = ""
    values: dict[str, Any] = field(default_factory=dict)  # the record's columns, as stored
    answers: int | None = None  # the event answered: its id, or −(its row) for an event of this file
    note: str = ""  # what the dry run says beside the row (answers an event, how late; already in)
    problems: list[Problem] = field(default_factory=list)
    cells: list[Any] = field(default_factory=list)  # the row as read, for the problem report


class RowPlanner:
    """Each row of a ledger read against the database: who, what, when, and whether it is already in."""

    def __init__(self, db: Database, columns: dict[int, str], headers: list[str], today: dt.date):
        self.db, self.columns, self.headers, self.today = db, columns, headers, today
        self.column_of = {what: column for column, what in columns.items()}
        self.people = by_id_number(db, "birth_date")
        self.by_name: dict[str, list[str]] | None = None  # name → ID numbers, for a row without a number
        self.born: dict[int, str] = {}  # person id → birth date, of the people the file names
        self.known = self._known_records()
        self.due_days = care_settings(db).due_days
        self.seen: dict[tuple, list[LedgerRow]] = {}  # key → the rows of the file with it, first first
        self.clashing: set[tuple] = set()  # keys of rows that give one record different amounts
        self.fills = {c: _FILLS[what] for c, what in columns.items() if what in _FILLS}  # an error's fix
        self.type_words: dict[tuple[str, str], list[int]] = {}  # (as typed, as read) → the rows saying it

    def _known_records(self) -> dict[tuple, int]:
        """(type, person, date, 类别) of every living care record → its amount in fen (0 but for a visit): a row
        that restates one is already in; one that differs in money is refused, never dropped."""
        known: dict[tuple, int] = {}
        for r in self.db.execute("SELECT person_id, date, kind FROM care_events WHERE deleted_at IS NULL"):
            known[(EVENT, *r)] = 0
        for *r, fen in self.db.execute(
            "SELECT p.person_id, v.date, v.kind, v.amount_fen FROM care_visits v"
            " JOIN care_visit_people p ON p.visit_id = v.id WHERE v.deleted_at IS NULL AND p.deleted_at IS NULL"
        ):
            known.setdefault((VISIT_RECORD, *r), fen)
        for r in self.db.execute("SELECT person_id, date, reason FROM care_talks WHERE deleted_at IS NULL"):
            known[(TALK_RECORD, *r)] = 0
        for r in self.db.execute("SELECT person_id, date FROM care_health_checks WHERE deleted_at IS NULL"):
            known[(CHECK, *r, "")] = 0
        return known

    def problem(self, row: LedgerRow, what: str, value: Any, message: str) -> None:
        column = self.column_of.get(what)
        row.problems.append(
            cell_problem(row.row, row.name, self.headers, column, value, message, id_cell=what == ID)
        )

    def cell(self, what: str, cells: list[Any]) -> Any:
        column = self.column_of.get(what)
        return cells[column] if column is not None and column < len(cells) else None

    def text(self, what: str, texts: list[str]) -> str:
        column = self.column_of.get(what)
        return texts[column] if column is not None and column < len(texts) else ""

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
        row = LedgerRow(number, Action.NEW, name=clip(_same(self.text(NAME, texts)), 20), cells=list(cells))
        if errors:
            cells = without_errors(cells, texts)[0]
        cells, texts = self._blanked(cells, texts)
        self._person(row, cells, texts)
        row.record_type = self._type(row, texts)
        date = self._date(row, "date", cells, required=True)
        born = self.born.get(row.person_id) if row.person_id is not None else None
        if date and born and date < born:
            self.problem(row, "date", self.cell("date", cells),
                         f"日期 {date} 早于{row.name}的出生日期 {born}，请核对日期")  # fmt: skip
        if row.record_type:
            self._record(row, cells, texts, date)
        said = error_problems(number, row.name, errors, self.headers, self.fills) if errors else []
        row.problems = with_error_problems(row.problems, said)
        if row.problems:
            row.action = Action.REJECT
        elif row.person_id is not None and date is not None:
            self._compare(row, date)
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

    def _person(self, row: LedgerRow, cells: list[Any], texts: list[str]) -> None:
        raw, text = self.cell(ID, cells), self.text(ID, texts).lstrip("'")  # Excel's mark for text
        if not row.name:
            self.problem(row, NAME, "", "姓名不能为空")
        if looks_like_excel_number(raw):
            self.problem(row, ID, raw, EXCEL_NUMBER_FIX)
            return
        if not text and row.name:
            self.problem(row, ID, "", self._no_number(row.name))
            return
        try:
            number = parse_id_number(text).number
        except IdNumberError as exc:
            self.problem(row, ID, raw, str(exc))
            return
        known = self.people.get(number)
        if known is None:
            self.problem(row, ID, raw, not_on_roster(self.db, number))
            return
        person_id, name, born = known
        self.born[person_id] = born
        if row.name and _same(row.name) != _same(name):
            self.problem(
                row, NAME, row.name, f"姓名与公民身份号码不符：花名册中号码 {number} 属于“{name}”，请核对"
            )
            return
        row.person_id = person_id

    def _no_number(self, name: str) -> str:
        """A row without an ID number: people are matched by number only, but the clerk is told whose number
        the roster has under that name, to check and type in (old ledgers often lack the column's values)."""
        if self.by_name is None:  # made once, on the first row without a number
            self.by_name = {}
            for number, (_id, known, _born) in self.people.items():
                self.by_name.setdefault(_same(known), []).append(number)
        numbers = self.by_name.get(_same(name), [])
        if len(numbers) == 1:
            return f"公民身份号码不能为空：花名册中名叫“{_same(name)}”的是 {numbers[0]}，请核对后填入"
        if numbers:
            return f"公民身份号码不能为空：花名册中有 {len(numbers)} 人名叫“{_same(name)}”，请填写号码以区分"
        return "公民身份号码不能为空"

    def _type(self, row: LedgerRow, texts: list[str]) -> str:
        text = _same(self.text("type", texts))
        found = text if text in RECORD_TYPES else _TYPE_WORDS.get(text, "")
        if found and found != text:
            self.type_words.setdefault((text, found), []).append(row.row)
        if not found:
            shown = self.text("type", texts)
            self.problem(
                row,
                "type",
                shown,
                f"记录类型{'不能为空' if not shown else '无法识别'}，可填：{'、'.join(RECORD_TYPES)}",
            )
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
            self.problem(row, what, raw, str(exc))
            return None
        if value is None and required:
            self.problem(
                row, what, "", "日期不能为空（如果这一格与上一行合并了，请取消合并，在每一行填上日期）"
            )
        elif value is not None and month_only(raw):
            self.problem(
                row,
                what,
                raw,
                f"{label}只写到月，请写出是{value.year}年{value.month}月几日（如 {value.year}-{value.month:02d}-15）",
            )
            return None
        return value.isoformat() if value else None

    def _record(self, row: LedgerRow, cells: list[Any], texts: list[str], date: str | None) -> None:
        kind = row.record_type
        category, occasion = self._category(row, kind, _same(self.text("category", texts)))
        allowed = {EVENT: EVENT_KINDS, VISIT_RECORD: VISIT_KINDS, TALK_RECORD: TALK_REASONS}.get(kind)
        if allowed is not None and category not in allowed:
            said = "不能为空" if not category else f"“{clip(category)}”不是{kind}的类别"
            self.problem(row, "category", "", f"类别{said}，可填：{'、'.join(allowed)}")
        amount = self._amount(row, cells)
        if amount and kind != VISIT_RECORD:
            self.problem(row, "amount", self.cell("amount", cells), "只有走访慰问可以填写金额")
        method = _same(self.text("method", texts))
        if method and kind == VISIT_RECORD:
            method = self._method(row, method)
        follow_up = self._date(row, "follow_up", cells, future=True)
        if follow_up and date and follow_up < date and kind in (VISIT_RECORD, TALK_RECORD):
            self.problem(row, "follow_up", self.cell("follow_up", cells),
                         f"回访日期 {follow_up} 早于本行日期 {date}：回访应在{kind}之后，请核对")  # fmt: skip
        who, note = self._short(row, "who", texts, 100), self._short(row, "note", texts, 2000) or None
        note = self._keep_stray(row, kind, texts, follow_up, note)
        values: dict[str, Any] = {"date": date}
        if kind == EVENT:
            values |= {"person_id": row.person_id, "kind": category, "note": note}
        elif kind == VISIT_RECORD:
            values |= {"kind": category, "occasion": occasion, "method": method or None, "visitors": who or None,
                       "gift": self._short(row, "gift", texts, 100) or None, "amount_fen": amount or 0,
                       "note": note, "follow_up_date": follow_up}  # fmt: skip
        elif kind == TALK_RECORD:
            values |= {"person_id": row.person_id, "reason": category, "talker": who or None, "summary": note,
                       "follow_up_date": follow_up}  # fmt: skip
        else:
            values |= {
                "person_id": row.person_id,
                "place": self._short(row, "place", texts, 100) or None,
                "note": note,
            }
        row.values = values

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
        """记录类型“慰问”按“走访慰问”读取：第5行、第6行 — once for each word, not on every row."""
        return [
            f"记录类型“{typed}”按“{found}”读取：{summarize_labels([f'第{n}行' for n in rows], unit='行')}"
            for (typed, found), rows in self.type_words.items()
        ]

    def _keep_stray(self, row: LedgerRow, kind: str, texts: list[str], follow_up: str | None,
                    note: str | None) -> str | None:  # fmt: skip
        """Cells this kind of record has no column for, kept in its note ('方式：电话') and said in the dry run."""
        filled = {what: self.text(what, texts) for what in ("category", "method", "who", "gift", "place")}
        filled["follow_up"] = follow_up or ""
        if _same(filled["category"]) in (
            kind,
            kind[-2:],
        ):  # 类别 健康体检 on a 健康体检 row says nothing more
            filled["category"] = ""
        kept = [(self.headers[self.column_of[what]], filled[what]) for what in stray(kind, filled)]
        if kept:
            labels = "、".join(label for label, _ in kept)
            row.note = "；".join(filter(None, (row.note, f"{labels}不属于{kind}，已记入备注")))
        return with_kept(note, kept)

    def _short(self, row: LedgerRow, what: str, texts: list[str], limit: int) -> str:
        """The cell's text; longer than `limit` rejects the row (never cut short silently)."""
        text = self.text(what, texts)
        if len(text) > limit:
            self.problem(row, what, text, f"内容过长（{len(text)}个字），请控制在{limit}个字以内")
        return text

    def _amount(self, row: LedgerRow, cells: list[Any]) -> int | None:
        raw = self.cell("amount", cells)
        try:
            return parse_amount(raw)
        except AmountError as exc:
            self.problem(row, "amount", raw, str(exc))
            return None

    def _compare(self, row: LedgerRow, date: str) -> None:
        """Already in (the database, or a row above): skipped when the money is the same, refused when not."""
        category = (
            "" if row.record_type == CHECK else row.values.get("kind") or row.values.get("reason") or ""
        )
        key = (row.record_type, row.person_id, date, category)
        fen = row.values.get("amount_fen") or 0
        if key in self.known:
            if self.known[key] == fen:
                row.action, row.note = Action.UNCHANGED, "数据库中已有这条记录，跳过"
                return
            self.problem(row, "amount", self.cell("amount", row.cells),
                         f"数据库中已有{row.name}这一天的{category}，金额 {fen_text(self.known[key])} 元，与本行"
                         f" {fen_text(fen)} 元不同：如是更正，请在窗口中修改那条记录；如确是另一次，请合并金额")  # fmt: skip
            row.action = Action.REJECT
        elif key in self.seen:
            self._compare_in_file(row, key, category, fen)
        else:
            self.seen[key] = [row]

    def _compare_in_file(self, row: LedgerRow, key: tuple, category: str, fen: int) -> None:
        """A row of the file with the key of one above: skipped when it restates it; when the money differs,
        every row of that record is refused, the first too — imported, it would refuse the one merged row (the
        sum) the message asks for when the corrected file comes back."""
        same = self.seen[key]
        same.append(row)
        first = same[0]
        first_fen = first.values.get("amount_fen") or 0
        if key not in self.clashing and first_fen == fen:
            row.action, row.note = Action.UNCHANGED, f"与本表第{first.row}行相同，跳过"
            return
        self.clashing.add(key)
        for earlier in same[:-1]:
            if earlier.action != Action.REJECT:
                self._clash(earlier, row, category)
        other = next((r for r in same if (r.values.get("amount_fen") or 0) != fen), first)
        self._clash(row, other, category)

    def _clash(self, row: LedgerRow, other: LedgerRow, category: str) -> None:
        fen, other_fen = (r.values.get("amount_fen") or 0 for r in (row, other))
        self.problem(row, "amount", self.cell("amount", row.cells),
                     f"与本表第{other.row}行是同一人同一天的{category}（金额 {fen_text(other_fen)} 元，本行"
                     f" {fen_text(fen)} 元），这几行都没有导入：如确是两次，请合并为一行，金额填合计")  # fmt: skip
        row.action, row.note = Action.REJECT, ""

    def match_events(self, rows: list[LedgerRow]) -> None:
        """Each new visit or talk, oldest first, answers the oldest open event of its person that it fits —
        events already recorded (and not answered) and the file's own (id −row)."""
        events: dict[int, list[Event]] = {}
        for r in self.db.execute(
            "SELECT id, person_id, kind, date FROM care_events e WHERE deleted_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM care_visits WHERE event_id = e.id AND deleted_at IS NULL)"
            " AND NOT EXISTS (SELECT 1 FROM care_talks WHERE event_id = e.id AND deleted_at IS NULL)"
        ):
            events.setdefault(r[1], []).append(Event(r[0], r[1], r[2], dt.date.fromisoformat(r[3])))
        for row in rows:
            if row.action == Action.NEW and row.record_type == EVENT:
                event = Event(
                    -row.row, row.person_id, row.values["kind"], dt.date.fromisoformat(row.values["date"])
                )  # type: ignore[arg-type]
                events.setdefault(row.person_id, []).append(event)  # type: ignore[arg-type]
        answered: set[int] = set()
        answering = [
            r for r in rows if r.action == Action.NEW and r.record_type in (VISIT_RECORD, TALK_RECORD)
        ]
        for row in sorted(answering, key=lambda r: (r.values["date"], r.row)):
            record_type, category = (
                (VISIT, row.values["kind"])
                if row.record_type == VISIT_RECORD
                else (TALK, row.values["reason"])
            )
            date = dt.date.fromisoformat(row.values["date"])
            event = oldest_open_event(record_type, category, date, events.get(row.person_id, []), answered)  # type: ignore[arg-type]
            if event is not None:
                answered.add(event.id)
                row.answers = event.id
                late = days_late(date, due_date(event.date, self.due_days))
                where = f"本表第{-event.id}行" if event.id < 0 else "已记录"
                said = f"回应{where}的{event.date.isoformat()}“{event.kind}”事件" + (
                    f"（逾期{late}天）" if late else ""
                )
                row.note = "；".join(filter(None, (said, row.note)))


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# What the clerk types instead of an error value, said in its message.
_FILLS = {"date": "日期", "follow_up": "日期", "amount": "金额", NAME: "姓名", ID: "公民身份号码"}
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")  # a date column in General format, as a CSV carries it


def _same(text: str) -> str:
    """The text as compared: NFKC, no white space, no zero-width characters (pasted from web pages)."""
    return "".join(unicodedata.normalize("NFKC", text or "").translate(_INVISIBLE).split())
