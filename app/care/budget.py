"""The yearly care budget (关怀预算): set, read, and what is left after the year's visits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from app import audit
from app.care.money import fen_text
from app.care.service import CARE_CHANGED, audit_create, insert_row
from app.changes import OpChanges, OpResult, ValidationError
from app.clock import utc_now


@dataclass(frozen=True)
class Budget:
    year: int
    amount_fen: int
    spent_fen: int
    note: str = ""

    @property
    def left_fen(self) -> int:
        return self.amount_fen - self.spent_fen


def set_budget(db: Database, year: int, amount_fen: int, actor: str, note: str = "") -> OpResult:
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": f"年度“{year}”不对，请填写如 2026 的四位年份"})
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen < 0:
        raise ValidationError({"amount_fen": "预算金额不能为负数"})
    note = (note or "").strip()
    old = db.execute(
        "SELECT id, uid, amount_fen, coalesce(note, '') FROM care_budgets WHERE year = ? AND deleted_at IS NULL",
        [year],
    ).fetchone()
    now = utc_now()
    with db.atomic():
        if old is None:
            values = {"year": year, "amount_fen": amount_fen, "note": note or None}
            record_id, uid = insert_row(db, "care_budgets", values, now)
            audit_create(db, actor, "care_budget", record_id, uid, values)
        else:
            record_id, uid = old[0], old[1]
            before, after = audit.changed_fields({"amount_fen": old[2], "note": old[3]},
                                                 {"amount_fen": amount_fen, "note": note})  # fmt: skip
            if not after:
                return OpResult(OpChanges(audit=False), record_id, "预算没有变化")
            db.execute(
                "UPDATE care_budgets SET amount_fen = ?, note = ?, updated_at = ? WHERE id = ?",
                [amount_fen, note or None, now, record_id],
            )
            audit.record(
                db, actor=actor, action="update", entity="care_budget", label=f"{year}年关怀预算",
                record_id=record_id, record_uid=uid, before=before, after=after,
            )  # fmt: skip
    return OpResult(CARE_CHANGED, record_id, f"{year}年关怀预算已设为 {fen_text(amount_fen)} 元")


def get_budget(db: Database, year: int) -> Budget | None:
    """The year's budget with what living visits of that year spent; None when none is set."""
    row = db.execute(
        "SELECT amount_fen, coalesce(note, '') FROM care_budgets WHERE year = ? AND deleted_at IS NULL",
        [year],
    ).fetchone()
    if row is None:
        return None
    spent = db.execute(
        "SELECT coalesce(sum(amount_fen), 0) FROM care_visits WHERE deleted_at IS NULL AND substr(date, 1, 4) = ?",
        [f"{year:04d}"],
    ).fetchone()[0]
    return Budget(year, row[0], spent, row[1])
