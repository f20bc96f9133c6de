"""A confirmed selection round after the fact: the pairs placed by hand say so, the confirmed rounds listed,
and a round binned with the pairs it made so that its workbook can be confirmed again."""

from __future__ import annotations

from dataclasses import replace

from sqlite_utils import Database

from app.changes import OperationRefused, OpResult
from app.clock import utc_now
from app.training.mentor_writes import TRAINING, update


def note_hand_moves(db: Database, round_id: int, notes: dict[int, str], actor: str) -> None:
    """After a round is confirmed: the pairs the clerk placed by hand say so (person id → 说明), audited."""
    for person_id, note in notes.items():
        row = db.execute(
            "SELECT id FROM mentor_pairs WHERE round_id = ? AND mentee_id = ? AND deleted_at IS NULL",
            [round_id, person_id],
        ).fetchone()
        if row is not None:
            update(db, "mentor_pairs", "mentor_pair", row[0], {"note": note}, actor, "")


def confirmed_rounds(db: Database) -> list[tuple[int, str, int, str]]:
    """(id, name, year, confirmed_at) of the living confirmed rounds, the latest first. Their groups are read
    by app/training/list_export.mentor_groups, which the printout and the export read too."""
    return db.execute(
        "SELECT id, name, year, confirmed_at FROM selection_rounds WHERE deleted_at IS NULL"
        " AND confirmed_at IS NOT NULL ORDER BY year DESC, confirmed_at DESC, id DESC"
    ).fetchall()


def bin_round(db: Database, round_id: int, actor: str) -> OpResult:
    """A confirmed round to the recycle bin with its choices and the pairs it made, so that the workbook can be
    assigned and confirmed again. Refused while one of those pairs has tasks or activities: the mentoring has
    begun, and those records must not vanish with a round binned to redo the assignment."""
    from app.recycle import to_bin

    made = [row[0] for row in db.execute(
        "SELECT id FROM mentor_pairs WHERE round_id = ? AND deleted_at IS NULL", [round_id]
    )]  # fmt: skip
    marks = ", ".join("?" * len(made))
    started = db.execute(
        f"SELECT count(DISTINCT pair_id) FROM (SELECT pair_id FROM mentor_tasks WHERE deleted_at IS NULL"
        f" AND pair_id IN ({marks}) UNION ALL SELECT pair_id FROM mentor_activities WHERE deleted_at IS NULL"
        f" AND pair_id IN ({marks}))",
        [*made, *made],
    ).fetchone()[0]
    if started:
        raise OperationRefused(
            f"这次双向选择的帮带对子中有 {started} 对已有任务或活动记录，不能整体移入回收站；"
            "确需撤销的，请先在“帮带对子”中把这些对子移入回收站"
        )
    now = utc_now()  # one moment for all: restoring the round brings back the pairs binned with it
    with db.atomic():
        for pair_id in made:
            to_bin(db, "mentor_pair", pair_id, actor, TRAINING, at=now)
        done = to_bin(db, "selection_round", round_id, actor, TRAINING, at=now)
    said = f"（连同帮带对子 {len(made)} 对）" if made else ""
    return replace(done, message=done.message.replace("移入回收站", f"{said}移入回收站", 1))
