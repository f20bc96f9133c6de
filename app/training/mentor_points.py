"""A mentor activity that earns the mentee, a young cadre, ledger points (the +5 rules), in the activity's own
transaction; the activity keeps the entry it made, which goes to the bin and comes back with it (app/records.py)."""

from __future__ import annotations

from sqlite_utils import Database

from app.appraisal.points import CADRE, MAX_ACTIVITY, RULES, PointsInput, add_points
from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.training.mentor_writes import checked_date, insert, update


def mentee_is_cadre(db: Database, pair_id: int) -> bool:
    """Whether the pair's mentee is a young cadre: only they have a points ledger."""
    row = db.execute(
        "SELECT p.role FROM mentor_pairs m JOIN people p ON p.id = m.mentee_id WHERE m.id = ?", [pair_id]
    ).fetchone()
    return row is not None and row[0] == CADRE


# The ledger's rules an activity may earn: the +5 ones (a practice group's 20 is not one conversation's worth).
ACTIVITY_RULES = tuple(rule for rule in RULES if rule.points == 5)


def log_activity(
    db: Database, pair_id: int, date: str, content: str, actor: str, *, rule: str | None = None
) -> OpResult:
    """An activity of a pair; with `rule` (one of ACTIVITY_RULES) it also earns the mentee, a young cadre,
    that rule's points in the ledger, in the same transaction. The entry's 事项 is 导师帮带：content, so the same
    activity logged twice (by both mentors of a 2+1) is counted once; the activity keeps the entry it made."""
    errors: dict[str, str] = {}
    day = checked_date(date, "活动日期", "date", errors)
    text = " ".join(content.split())
    if not text:
        errors["content"] = "请填写活动内容"
    elif day is None and "date" not in errors:
        errors["date"] = "请填写活动日期"
    if rule is not None and rule not in {r.key for r in ACTIVITY_RULES}:
        errors["rule"] = f"积分项目“{rule}”不能用于帮带活动"
    if errors:
        raise ValidationError(errors)
    if rule is not None and not mentee_is_cadre(db, pair_id):
        raise OperationRefused("积分制只适用于青年干部，这名学员不是青年干部，不能计入积分")
    values = {"pair_id": pair_id, "date": day, "content": content.strip()}
    message = f"已记录帮带活动（{day}）"
    with db.atomic():
        new_id = insert(db, "mentor_activities", "mentor_activity", values, actor)
        if rule is not None:
            message += "；" + _earn(db, new_id, pair_id, str(day), text, rule, actor)
    return OpResult(OpChanges(training=True, appraisal=rule is not None), new_id, message)


def _earn(db: Database, activity_id: int, pair_id: int, day: str, text: str, rule: str, actor: str) -> str:
    """Inside log_activity's transaction: the points entry, linked to the activity (what add_points says)."""
    mentee = db.execute("SELECT mentee_id FROM mentor_pairs WHERE id = ?", [pair_id]).fetchone()[0]
    activity = ("导师帮带：" + text)[:MAX_ACTIVITY]
    done = add_points(db, PointsInput([mentee], day, rule, activity), actor)
    entry = db.execute(
        "SELECT id FROM points_entries WHERE deleted_at IS NULL AND person_id = ? AND rule = ? AND date = ?"
        " AND activity = ?",
        [mentee, rule, day, activity],
    ).fetchone()[0]
    if done.made:  # an entry already made by another activity stays that activity's
        update(db, "mentor_activities", "mentor_activity", activity_id, {"points_entry_id": entry}, actor, "")
    return done.message
