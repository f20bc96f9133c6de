"""The grading engine: schemes, exact totals, ranking and grades with a reason a clerk can read out.

Pure Python, standard library only: no database, no Qt. Everything printed is a Decimal rounded half-up
(四舍五入), because a ranking list goes on the record and is argued over to the last cent of a point.

The engine lives in definitions (grades, schemes, entries, results), scoring (numbers and totals), grading
(ranking, grades, overrides) and reasons (the texts); this module is its one public face.
"""

from __future__ import annotations

from app.appraisal.definitions import (
    BONUS_KEY,
    BUILTIN_SCHEMES,
    EXEMPT,
    GRADES,
    MISSING,
    OVER_QUOTA,
    OVERRIDDEN,
    PENDING,
    REMEDIAL,
    Component,
    Entry,
    Override,
    Ratio,
    Result,
    Scheme,
    ThresholdTop,
)
from app.appraisal.grading import override_problem, rank_group
from app.appraisal.scoring import apportion, excel_number, round_half_up, score_problem, total_of

__all__ = [
    "BONUS_KEY",
    "BUILTIN_SCHEMES",
    "EXEMPT",
    "GRADES",
    "MISSING",
    "OVERRIDDEN",
    "OVER_QUOTA",
    "PENDING",
    "REMEDIAL",
    "Component",
    "Entry",
    "Override",
    "Ratio",
    "Result",
    "Scheme",
    "ThresholdTop",
    "apportion",
    "excel_number",
    "override_problem",
    "rank_group",
    "round_half_up",
    "score_problem",
    "total_of",
]
