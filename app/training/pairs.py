"""The pairs (帮带对子) of the 导师帮带 page: what it lists (pairs, their tasks and activities) and the small writes
it makes (a pair saved, a task added or done, a mentor or a pair binned), each with its audit row. The pool is in
mentor_pool, the activity that earns points in mentor_points, a round after confirming in mentor_rounds; the page
reaches all of them through this module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.training.mentor_points import ACTIVITY_RULES, log_activity, mentee_is_cadre
from app.training.mentor_pool import MentorRow, mentor_values, mentors, save_mentor
from app.training.mentor_rounds import bin_round, confirmed_rounds, note_hand_moves
from app.training.mentor_writes import TRAINING, checked_date, insert, update

# The page reads the whole of 导师帮带 from here: the pool, the rounds and the activity points are re-exported.
__all__ = [
    "ACTIVITY_RULES", "PAIR_KINDS", "TRAINING", "MentorRow", "PairRow", "activities", "add_task", "bin_record",
    "bin_round", "confirmed_rounds", "finish_task", "log_activity", "mentee_is_cadre", "mentor_values", "mentors",
    "note_hand_moves", "pair_values", "pairs", "save_mentor", "save_pair", "tasks",
]  # fmt: skip


@dataclass(frozen=True)
class PairRow:
    id: int
    mentor: str
    mentee: str
    kind: str
    start_date: str
    end_date: str
    goals: str
    note: str
    mentor_id: int
    mentee_id: int


def pairs(db: Database) -> list[PairRow]:
    rows = db.execute(
        "SELECT p.id, m.name, e.name, p.kind, p.start_date, coalesce(p.end_date, ''), coalesce(p.goals, ''),"
        " coalesce(p.note, ''), p.mentor_id, p.mentee_id FROM mentor_pairs p JOIN mentors m ON m.id = p.mentor_id"
        " JOIN people e ON e.id = p.mentee_id WHERE p.deleted_at IS NULL ORDER BY m.name, e.name, p.id"
    ).fetchall()
    return [PairRow(*row) for row in rows]


def tasks(db: Database, pair_id: int) -> list[tuple[int, str, str, str]]:
    """(id, 任务, 期限, 完成日期) of a pair, oldest first."""
    return db.execute(
        "SELECT id, task, coalesce(due_date, ''), coalesce(done_date, '') FROM mentor_tasks"
        " WHERE pair_id = ? AND deleted_at IS NULL ORDER BY id",
        [pair_id],
    ).fetchall()


def activities(db: Database, pair_id: int) -> list[tuple[int, str, str, str]]:
    """(id, 日期, 内容, 积分) of a pair, by date; 积分 is '+5' when the entry earned points that are still in the
    ledger."""
    rows = db.execute(
        "SELECT a.id, a.date, a.content, e.points FROM mentor_activities a"
        " LEFT JOIN points_entries e ON e.id = a.points_entry_id AND e.deleted_at IS NULL"
        " WHERE a.pair_id = ? AND a.deleted_at IS NULL ORDER BY a.date, a.id",
        [pair_id],
    ).fetchall()
    return [(i, day, text, f"+{points}" if points else "") for i, day, text, points in rows]


PAIR_KINDS = ("一对一", "2+1", "3+1")


def pair_values(data: dict[str, Any]) -> dict[str, Any]:
    """The typed pair checked (mentor_id, mentee_id, kind, dates, goals, note): every problem at once."""
    errors: dict[str, str] = {}
    if not data.get("mentor_id"):
        errors["mentor_id"] = "请选择导师（导师库中没有的，请先在“导师库”中新增）"
    if not data.get("mentee_id"):
        errors["mentee_id"] = "请选择学员"
    if data.get("kind") not in PAIR_KINDS:
        errors["kind"] = f"帮带形式应是{'、'.join(PAIR_KINDS)}之一"
    start = checked_date(str(data.get("start_date", "")), "开始日期", "start_date", errors, allow_future=True)
    if start is None and "start_date" not in errors:
        errors["start_date"] = "请填写开始日期"
    end = checked_date(str(data.get("end_date", "")), "结束日期", "end_date", errors, allow_future=True)
    if start and end and end < start:
        errors["end_date"] = f"结束日期（{end}）早于开始日期（{start}）"
    if errors:
        raise ValidationError(errors)
    texts = {k: str(data.get(k, "")).strip() or None for k in ("goals", "note")}
    return {"mentor_id": data["mentor_id"], "mentee_id": data["mentee_id"], "kind": data["kind"],
            "start_date": start, "end_date": end, **texts}  # fmt: skip


def save_pair(db: Database, pair_id: int | None, data: dict[str, Any], actor: str) -> OpResult:
    """A new pair (pair_id None) or the correction of one; the same mentor and mentee twice is refused."""
    values = pair_values(data)
    same = db.execute(
        "SELECT id FROM mentor_pairs WHERE mentor_id = ? AND mentee_id = ? AND deleted_at IS NULL AND id != ?",
        [values["mentor_id"], values["mentee_id"], pair_id or 0],
    ).fetchone()
    if same is not None:
        raise ValidationError({"mentee_id": "这位导师和这名学员已经结成帮带对子，不必重复建立"})
    if pair_id is None:
        with db.atomic():
            new_id = insert(db, "mentor_pairs", "mentor_pair", values, actor)
        return OpResult(TRAINING, new_id, "已建立帮带对子")
    return update(db, "mentor_pairs", "mentor_pair", pair_id, values, actor, "已保存帮带对子")


def add_task(db: Database, pair_id: int, task: str, due: str, actor: str) -> OpResult:
    errors: dict[str, str] = {}
    if not task.strip():
        errors["task"] = "请填写任务内容"
    due_date = checked_date(due, "期限", "due_date", errors, allow_future=True)
    if errors:
        raise ValidationError(errors)
    values = {"pair_id": pair_id, "task": task.strip(), "due_date": due_date}
    with db.atomic():
        new_id = insert(db, "mentor_tasks", "mentor_task", values, actor)
    return OpResult(TRAINING, new_id, f"已布置任务“{task.strip()}”")


def finish_task(db: Database, task_id: int, done: str, actor: str) -> OpResult:
    errors: dict[str, str] = {}
    done_date = checked_date(done, "完成日期", "done_date", errors)
    if errors or done_date is None:
        raise ValidationError(errors or {"done_date": "请填写完成日期"})
    return update(
        db, "mentor_tasks", "mentor_task", task_id, {"done_date": done_date}, actor, "任务已标记完成"
    )


def bin_record(db: Database, entity: str, record_id: int, actor: str) -> OpResult:
    """A mentor or a pair (with its tasks and activities) to the recycle bin. A mentor with living pairs stays:
    the pairs would name someone in the bin."""
    from app.recycle import to_bin

    if entity not in ("mentor", "mentor_pair"):
        raise OperationRefused(f"“{entity}”不是导师或帮带对子")

    def refusal(name: str) -> str | None:
        living = "SELECT 1 FROM mentor_pairs WHERE mentor_id = ? AND deleted_at IS NULL"
        if entity == "mentor" and db.execute(living, [record_id]).fetchone():
            return f"导师“{name}”还有帮带对子，请先把这些对子移入回收站"
        return None

    # A pair's activities may take ledger points along (their companions): the ledger shows it.
    return to_bin(
        db, entity, record_id, actor, OpChanges(training=True, appraisal=entity == "mentor_pair"), refusal
    )
