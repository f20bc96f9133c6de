"""One person's appraisals, for the person form's 考核 tab: every period they were scored in, newest first, with
their scores, total, place among how many (3/28), grade, flags, the reason and any grade set by hand."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlite_utils import Database

from app.appraisal.periods import Period, list_periods
from app.appraisal.ranking import rank_period
from app.appraisal.rules import Override


@dataclass(frozen=True)
class PersonPeriod:
    period: Period
    scores: dict[str, Decimal | None]  # by component name, in the scheme's order
    bonus: Decimal | None
    total: Decimal | None
    place: int | None
    ranked: int  # how many were ranked in the person's group
    grade: str | None
    flags: tuple[str, ...]
    reason: str
    override: Override | None

    @property
    def place_text(self) -> str:
        """'3/28', or '' when the person was not ranked."""
        return f"{self.place}/{self.ranked}" if self.place is not None else ""


def person_history(db: Database, person_id: int) -> list[PersonPeriod]:
    """Ranks each period the person is in (as the period's own split groups it)."""
    wanted = {
        row[0]
        for row in db.execute(
            "SELECT period_id FROM appraisal_scores WHERE person_id = ? AND deleted_at IS NULL", [person_id]
        )
    }
    found = []
    for period in list_periods(db):
        if period.id not in wanted:
            continue
        ranking = rank_period(db, period)
        row = ranking.row_of(person_id)
        if row is None:  # the person is in the recycle bin
            continue
        ranked = sum(1 for r in ranking.rows if r.group == row.group and r.result.place is not None)
        entry, result = row.member.entry, row.result
        found.append(
            PersonPeriod(
                period,
                {c.name: entry.scores.get(c.key) for c in period.scheme.components},
                entry.bonus,
                result.total,
                result.place,
                ranked,
                result.grade,
                result.flags,
                result.reason,
                entry.override,
            )  # fmt: skip
        )
    return found
