"""Grades set by hand (覆盖) and taken back: checked against the engine's rules for the person's group, written
with an audit row that keeps both values, the rule's grade at the time and the one set by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlite_utils import Database

from app import audit
from app.appraisal.periods import Period, get_period, refuse_if_finalized
from app.appraisal.ranking import group_entries
from app.appraisal.rules import (
    EXEMPT,
    GRADES,
    MISSING,
    PENDING,
    Entry,
    Override,
    Scheme,
    override_problem,
    rank_group,
)
from app.appraisal.schemes import APPRAISAL_CHANGED
from app.changes import OpChanges, OperationRefused, OpResult
from app.clock import utc_now

OVERRIDE_GRADES = (*GRADES, EXEMPT)


def _score_row(db: Database, period: Period, person_id: int) -> tuple[int, str, str | None, str | None, str]:
    row = db.execute(
        "SELECT s.id, s.uid, s.override_grade, s.override_reason, p.name FROM appraisal_scores s"
        " JOIN people p ON p.id = s.person_id"
        " WHERE s.period_id = ? AND s.person_id = ? AND s.deleted_at IS NULL AND p.deleted_at IS NULL",
        [period.id, person_id],
    ).fetchone()
    if row is None:
        raise OperationRefused(f"该人员不在“{period.label}”中（没有录入过成绩）")
    return row


def override_grade(
    db: Database, period_id: int, person_id: int, grade: str, reason: str, actor: str
) -> OpResult:
    """Set a person's grade by hand, with a required reason (不参加考核 takes them out of the group). The
    engine's rules decide what is allowed; the audit log keeps the old and the new grade and reason."""
    period = get_period(db, period_id)
    refuse_if_finalized(period)
    score_id, uid, old_grade, old_reason, name = _score_row(db, period, person_id)
    reason = " ".join((reason or "").split())
    if grade not in OVERRIDE_GRADES:
        raise OperationRefused(f"等次应为：{'、'.join(OVERRIDE_GRADES)}")
    override = Override(grade, reason)
    entries = _without_own_override(db, period, person_id)
    problem = override_problem(period.scheme, entries, person_id, override)
    if problem:
        raise OperationRefused(f"“{name}”的等次不能改为{grade}：{problem}")
    rule = _rule_grade(period.scheme, entries, person_id)
    row = (score_id, uid, name)
    return _store_override(db, period, row, (old_grade, old_reason), (grade, reason), rule, actor)


def clear_override(db: Database, period_id: int, person_id: int, actor: str) -> OpResult:
    """Back to the grade the rule gives."""
    period = get_period(db, period_id)
    refuse_if_finalized(period)
    score_id, uid, old_grade, old_reason, name = _score_row(db, period, person_id)
    if old_grade is None:
        return OpResult(OpChanges(audit=False), period_id, f"“{name}”的等次没有被调整过")
    entries = _without_own_override(db, period, person_id)
    rule = _rule_grade(period.scheme, entries, person_id)
    row = (score_id, uid, name)
    return _store_override(db, period, row, (old_grade, old_reason), (None, None), rule, actor)


def _without_own_override(db: Database, period: Period, person_id: int) -> list[Entry]:
    """The person's group, their own current override left out: the one being replaced or cleared is checked
    against, and graded by, everyone else's."""
    return [
        e if e.person_id != person_id else replace(e, override=None)
        for e in group_entries(db, period, person_id)
    ]


def _rule_grade(scheme: Scheme, entries: Sequence[Entry], person_id: int) -> str:
    """The grade the rule gives the person now (their own override left out of `entries`): a grade, 待定 or
    待补录. The audit log keeps it beside the grade set by hand: the ranking recomputes it, and it changes
    when scores do."""
    result = next((r for r in rank_group(scheme, entries) if r.person_id == person_id), None)
    if result is None:  # not in the ranking's group (_score_row found them, so never): say no grade
        return "无"
    if result.computed is not None:
        return result.computed
    return PENDING if PENDING in result.flags else MISSING


def _grade_values(grade: str | None, reason: str | None, rule: str) -> dict[str, str]:
    """One side of an override's audit row: {"等次": "称职（按规则）"} or {"等次": "优秀（手工）", "理由": …}."""
    if grade is None:
        return {"等次": f"{rule}（按规则）"}
    return {"等次": f"{grade}（手工）", "理由": reason or ""}


def _store_override(
    db: Database,
    period: Period,
    row: tuple[int, str, str],
    old: tuple[str | None, str | None],
    new: tuple[str | None, str | None],
    rule: str,
    actor: str,
) -> OpResult:
    """Write the override (or its removal) with an audit row keeping both values, the rule's and the hand's.
    From one hand-set grade to another, the rule's is kept on both sides (it is the same on both)."""
    score_id, uid, name = row
    before, after = _grade_values(*old, rule), _grade_values(*new, rule)
    if old[0] is not None and new[0] is not None:
        before["按规则"] = after["按规则"] = rule
    with db.atomic():
        db.execute(
            "UPDATE appraisal_scores SET override_grade = ?, override_reason = ?, updated_at = ? WHERE id = ?",
            [*new, utc_now(), score_id],
        )
        audit.record(
            db, actor=actor, action="update", entity="appraisal_score", label=f"{name} {period.label}",
            record_id=score_id, record_uid=uid, before=before, after=after,
        )  # fmt: skip
    said = f"已将“{name}”的等次调整为{new[0]}" if new[0] else f"已取消“{name}”的等次调整"
    return OpResult(APPRAISAL_CHANGED, period.id, said)
