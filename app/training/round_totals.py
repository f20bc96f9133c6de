"""Each applicant's latest appraisal total: the office's fallback order ranks by it (app/training/mentoring.py
fallback_order), and the selection's 说明 says it when it decided a place, or when two were equal and the
roster's name order did (app/training/selection.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

from sqlite_utils import Database

from app.training.round_sheets import RoundFile


def note_totals(db: Database, found: RoundFile) -> None:
    """Set each applicant's `total` (the roster people only; a refused row has none to say)."""
    totals = latest_totals(db, list(found.person_ids.values()))
    found.applicants = [
        replace(a, total=totals.get(found.person_ids[a.key])) if a.key in found.person_ids else a
        for a in found.applicants
    ]


def latest_totals(db: Database, person_ids: list[int]) -> dict[int, Decimal]:
    """Each person's total in the latest period that has one (a year's annual period after its quarters)."""
    from app.appraisal.ranking import decimal_or_none
    from app.appraisal.schemes import scheme_from_row
    from app.appraisal.scoring import total_of

    if not person_ids:
        return {}
    cursor = db.execute(
        "SELECT s.person_id, s.scores, s.bonus, sc.* FROM appraisal_scores s"
        " JOIN appraisal_periods p ON p.id = s.period_id JOIN appraisal_schemes sc ON sc.id = p.scheme_id"
        f" WHERE s.deleted_at IS NULL AND p.deleted_at IS NULL AND s.person_id IN ({', '.join('?' for _ in person_ids)})"
        " ORDER BY p.year DESC, coalesce(p.quarter, 5) DESC, p.id DESC",
        person_ids,
    )
    columns = [d[0] for d in cursor.description]
    found: dict[int, Decimal] = {}
    for row in cursor.fetchall():
        person_id, scores, bonus = row[0], json.loads(row[1]), decimal_or_none(row[2])
        if person_id in found:
            continue
        try:
            scheme = scheme_from_row(dict(zip(columns[3:], row[3:], strict=True)))
            total = total_of(scheme, {k: decimal_or_none(v) for k, v in scores.items()}, bonus)
        except (
            ValueError,
            KeyError,
            TypeError,
        ):  # a period the scheme no longer fits: not a total to rank by
            total = None
        if total is not None:
            found[person_id] = total
    return found
