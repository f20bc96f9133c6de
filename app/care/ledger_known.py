"""A ledger row that is already in — in the database, or a row above it in the file (same person, day, type and
类别). Skipped only when it says nothing new: a row of the file that reads the same as the one above in every
column, a row the stored record already holds (its blank cells say nothing). A row that shares the day and 类别
but differs — other money, another 方式, 走访人, 备注 … — is refused naming the columns that differ and what to
do, never dropped: the issue keeps one record of a kind a day per person, so a second visit that day is merged
into the row, and a stored record is changed in the window. A ledger imported twice adds nothing the second time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from app.care.ledger_cells import CHECK, EVENT, TALK_RECORD, VISIT_RECORD
from app.care.ledger_people import ID, NAME, same_name
from app.care.money import fen_text
from app.exchange.cells import cell_text
from app.exchange.limits import clip
from app.exchange.plan import Action

if TYPE_CHECKING:
    from app.care.ledger_rows import LedgerRow, RowPlanner

# A stored field → the ledger columns it is read from, first found named (a talk's summary: 谈话内容, else 备注).
_FIELD_COLUMNS = {
    "amount_fen": (),  # the money column, found by the planner
    "method": ("method",),
    "occasion": ("category",),
    "visitors": ("visitors", "who"),
    "talker": ("talker", "who"),
    "gift": ("gift",),
    "place": ("place",),
    "follow_up_date": ("follow_up",),
    "note": ("note", "summary"),
    "summary": ("summary", "note"),
}
_FIELD_NAMES = {"amount_fen": "金额", "method": "方式", "occasion": "节日", "visitors": "走访人", "talker": "谈话人",
                "gift": "慰问品", "place": "地点", "follow_up_date": "回访日期", "note": "备注",
                "summary": "谈话内容"}  # fmt: skip
_WHERE = {EVENT: "事件", VISIT_RECORD: "走访慰问", TALK_RECORD: "谈心谈话", CHECK: "健康体检"}
_KEY_COLUMNS = frozenset((NAME, ID))  # the same person, however the name is spaced: not a difference


class KnownRecords:
    def __init__(self, db: Database, planner: RowPlanner):
        self.planner = planner
        self.known = _known_records(db)
        self.seen: dict[tuple, list[LedgerRow]] = {}  # key → the rows of the file with it, first first
        self.clashing: set[tuple] = set()  # keys of rows that give one record different contents

    def _problem(self, row: LedgerRow, column: int | None, message: str) -> None:
        value = row.cells[column] if column is not None and column < len(row.cells) else None
        self.planner.problem_at(row, column, value, message)

    def compare(self, row: LedgerRow, date: str) -> None:
        """Already in (the database, or a row above): skipped when it says nothing new, refused when it differs."""
        category = (
            "" if row.record_type == CHECK else row.values.get("kind") or row.values.get("reason") or ""
        )
        key = (row.record_type, row.person_id, date, category)
        if key in self.known:
            self._in_database(row, self.known[key], date, category)
        elif key in self.seen:
            self._in_file(row, key, category)
        else:
            self.seen[key] = [row]

    def _in_database(self, row: LedgerRow, stored: dict[str, Any], date: str, category: str) -> None:
        """Skipped when the stored record holds everything the row gives; else refused naming what differs, so
        nothing the row adds is lost without a word."""
        fen, stored_fen = row.values.get("amount_fen") or 0, stored.get("amount_fen") or 0
        what = f"数据库中已有{row.name}{date}的{category or row.record_type}"
        if fen != stored_fen:
            self._problem(row, self.planner.money_column(), f"{what}，金额 {fen_text(stored_fen)} 元，与本行 "
                          f"{fen_text(fen)} 元不同：如是更正，请在窗口中修改那条记录；如确是另一次，请合并金额")  # fmt: skip
            row.action = Action.REJECT
            return
        new = sorted(
            (f for f, v in row.values.items() if f in _FIELD_NAMES and v and v != stored.get(f)),
            key=lambda f: (self._field_column(f) is None, self._field_column(f) or 0),
        )  # in the file's column order
        if not new:
            row.action, row.note = Action.UNCHANGED, "数据库中已有这条记录，跳过"
            return
        said = "；".join(
            f"{self._field_label(f)}本行是“{clip(str(row.values[f]), 20)}”、库中{_stored_text(stored.get(f))}"
            for f in new
        )
        where = _WHERE.get(row.record_type, row.record_type)
        more = "（金额改为两次之和）" if row.record_type == VISIT_RECORD else ""
        self._problem(row, self._field_column(new[0]), f"{what}，但内容不同（{said}），这一行没有导入，这些内容"
                      f"没有写入数据库：如要记上，请在窗口“关怀记录 → {where}”中修改那条记录，再把这一行从表中删去；"
                      f"如确是同一天的另一次，请把两次合并进那条记录{more}")  # fmt: skip
        row.action = Action.REJECT

    def _field_column(self, field: str) -> int | None:
        if field == "amount_fen":
            return self.planner.money_column()
        found = (self.planner.column_of.get(w) for w in _FIELD_COLUMNS.get(field, ()))
        return next((c for c in found if c is not None), None)

    def _field_label(self, field: str) -> str:
        """'“慰问品”列（第H列）', or the field's own name when no column holds it (a talk's 谈话内容 without one)."""
        column = self._field_column(field)
        if column is None:
            return f"“{_FIELD_NAMES[field]}”"
        return self.planner.layout.named(column)

    def _in_file(self, row: LedgerRow, key: tuple, category: str) -> None:
        """A row of the file with the key of one above: skipped when it reads the same; when anything differs,
        every row of that record is refused, the first too — imported, it would refuse the one merged row the
        message asks for when the corrected file comes back."""
        same = self.seen[key]
        same.append(row)
        first = same[0]
        if key not in self.clashing and first.values == row.values:
            row.action, row.note = Action.UNCHANGED, f"与本表第{first.row}行相同，跳过"
            return
        self.clashing.add(key)
        for earlier in same[:-1]:
            if earlier.action != Action.REJECT:
                self._clash(earlier, row, category)
        other = next((r for r in same if r.values != row.values), first)
        self._clash(row, other, category)

    def _clash(self, row: LedgerRow, other: LedgerRow, category: str) -> None:
        columns = self._differing(row, other)
        fen, other_fen = (r.values.get("amount_fen") or 0 for r in (row, other))
        money = fen != other_fen
        shown = "；".join(
            f"{self.planner.layout.named(c)}第{other.row}行是{_said(other, c)}、本行是{_said(row, c)}"
            for c in columns
            if not money or c not in self.planner.layout.money.columns
        )
        if money:  # as read, to the fen: 300 and 300.00 are one amount
            said = f"金额第{other.row}行 {fen_text(other_fen)} 元、本行 {fen_text(fen)} 元"
            shown = "；".join(filter(None, (said, shown)))
        kind = category or row.record_type
        # Two visits merged into one row keep both amounts: the sum, even when the two are equal.
        fix = (
            "合并为一行，金额填两次之和，其余不同之处写进备注"
            if row.record_type == VISIT_RECORD
            else "合并为一行，不同之处写进备注"
        )
        message = (
            f"与本表第{other.row}行是同一人同一天的{kind}，但内容不同（{shown or '读出的内容不同'}），这几行都没有"
            f"导入：同一人同一天的{kind}只记一条——如确是两次，请{fix}；如是重复登记，请删去多余的一行"
        )
        first_column = self.planner.money_column() if money else (columns or [None])[0]
        self._problem(row, first_column, message)
        row.action, row.note = Action.REJECT, ""

    def _differing(self, row: LedgerRow, other: LedgerRow) -> list[int]:
        """The columns read whose cells the two rows fill differently (spaces aside)."""
        columns = self.planner.columns
        return [
            c
            for c in sorted(columns)
            if columns[c] not in _KEY_COLUMNS and same_name(_text(row, c)) != same_name(_text(other, c))
        ]


def _text(row: LedgerRow, column: int) -> str:
    return cell_text(row.cells[column]) if column < len(row.cells) else ""


def _said(row: LedgerRow, column: int) -> str:
    text = _text(row, column)
    return f"“{clip(text, 20)}”" if text else "空"


def _stored_text(value: Any) -> str:
    return f"是“{clip(str(value), 20)}”" if value else "为空"


def _known_records(db: Database) -> dict[tuple, dict[str, Any]]:
    """(type, person, date, 类别) of every living care record → what it holds besides: a row that restates
    it is already in; one that gives it something else is refused, never dropped."""
    known: dict[tuple, dict[str, Any]] = {}
    for *r, note in db.execute(
        "SELECT person_id, date, kind, note FROM care_events WHERE deleted_at IS NULL"
    ):
        known[(EVENT, *r)] = {"note": note}
    for *r, fen, method, occasion, visitors, gift, note, follow in db.execute(
        "SELECT p.person_id, v.date, v.kind, v.amount_fen, v.method, v.occasion, v.visitors, v.gift, v.note,"
        " v.follow_up_date FROM care_visits v JOIN care_visit_people p ON p.visit_id = v.id"
        " WHERE v.deleted_at IS NULL AND p.deleted_at IS NULL"
    ):
        known.setdefault((VISIT_RECORD, *r), {"amount_fen": fen, "method": method, "occasion": occasion,
                         "visitors": visitors, "gift": gift, "note": note, "follow_up_date": follow})  # fmt: skip
    for *r, talker, summary, follow in db.execute(
        "SELECT person_id, date, reason, talker, summary, follow_up_date FROM care_talks WHERE deleted_at IS NULL"
    ):
        known[(TALK_RECORD, *r)] = {"talker": talker, "summary": summary, "follow_up_date": follow}
    for *r, place, note in db.execute(
        "SELECT person_id, date, place, note FROM care_health_checks WHERE deleted_at IS NULL"
    ):
        known[(CHECK, *r, "")] = {"place": place, "note": note}
    return known
