"""A ledger row that is already in — in the database, or a row above it in the file (same person, day, type and
类别): skipped when its money is the same, refused when it differs, never dropped. A ledger imported twice adds
nothing the second time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlite_utils import Database

from app.care.ledger_cells import CHECK, EVENT, TALK_RECORD, VISIT_RECORD
from app.care.money import fen_text
from app.exchange.plan import Action

if TYPE_CHECKING:
    from app.care.ledger_rows import LedgerRow, RowPlanner


class KnownRecords:
    def __init__(self, db: Database, planner: RowPlanner):
        self.planner = planner
        self.known = _known_records(db)
        self.seen: dict[tuple, list[LedgerRow]] = {}  # key → the rows of the file with it, first first
        self.clashing: set[tuple] = set()  # keys of rows that give one record different amounts

    def _money_problem(self, row: LedgerRow, message: str) -> None:
        column = self.planner.money_column()
        value = row.cells[column] if column is not None and column < len(row.cells) else None
        self.planner.problem_at(row, column, value, message)

    def compare(self, row: LedgerRow, date: str) -> None:
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
            self._money_problem(row, f"数据库中已有{row.name}这一天的{category}，金额 {fen_text(self.known[key])} 元，"
                                f"与本行 {fen_text(fen)} 元不同：如是更正，请在窗口中修改那条记录；如确是另一次，请合并金额")  # fmt: skip
            row.action = Action.REJECT
        elif key in self.seen:
            self._in_file(row, key, category, fen)
        else:
            self.seen[key] = [row]

    def _in_file(self, row: LedgerRow, key: tuple, category: str, fen: int) -> None:
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
        self._money_problem(row, f"与本表第{other.row}行是同一人同一天的{category}（金额 {fen_text(other_fen)} 元，"
                            f"本行 {fen_text(fen)} 元），这几行都没有导入：如确是两次，请合并为一行，金额填合计")  # fmt: skip
        row.action, row.note = Action.REJECT, ""


def _known_records(db: Database) -> dict[tuple, int]:
    """(type, person, date, 类别) of every living care record → its amount in fen (0 but for a visit): a row
    that restates one is already in; one that differs in money is refused, never dropped."""
    known: dict[tuple, int] = {}
    for r in db.execute("SELECT person_id, date, kind FROM care_events WHERE deleted_at IS NULL"):
        known[(EVENT, *r)] = 0
    for *r, fen in db.execute(
        "SELECT p.person_id, v.date, v.kind, v.amount_fen FROM care_visits v"
        " JOIN care_visit_people p ON p.visit_id = v.id WHERE v.deleted_at IS NULL AND p.deleted_at IS NULL"
    ):
        known.setdefault((VISIT_RECORD, *r), fen)
    for r in db.execute("SELECT person_id, date, reason FROM care_talks WHERE deleted_at IS NULL"):
        known[(TALK_RECORD, *r)] = 0
    for r in db.execute("SELECT person_id, date FROM care_health_checks WHERE deleted_at IS NULL"):
        known[(CHECK, *r, "")] = 0
    return known
