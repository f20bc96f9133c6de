"""The background work of 双向选择: reading a round workbook and assigning it; confirming it (backup first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from app.changes import OpResult
from app.training.mentoring import backup_and_confirm, fallback_order
from app.training.pairs import note_hand_moves
from app.training.round_file import read_round
from app.training.selection import assign
from ui.context import AppContext
from ui.training.mentoring_groups import Adjusted
from ui.worker import Job


def read_job(
    ctx: AppContext, path: Path, on_done: Callable[[Adjusted], None], on_failed: Callable[[str], None]
) -> Job[Adjusted]:
    def work(db, _progress) -> Adjusted:
        found = read_round(db, path)
        order = fallback_order(db, found.person_ids) if found.person_ids else []
        return Adjusted(found, assign(found.mentors, found.applicants, found.rankings, order))

    return Job(
        title="读取志愿表", work=work, database=ctx.office.path, on_done=on_done, on_failed=on_failed,
        cancellable=False,  # one read and one assignment: nothing to stop part-way
    )  # fmt: skip


def confirm_job(
    ctx: AppContext,
    adjusted: Adjusted,
    name: str,
    year: int,
    start: dt.date,
    on_done: Callable[[OpResult], None],
) -> Job:
    """Confirm in the background; `on_done` gets what was written (the stored round is its record_id)."""
    actor, db_path = ctx.actor, ctx.office.path
    hand = {
        adjusted.found.person_ids[o.applicant.key]: f"双向选择“{name}”{o.note}"
        for o in adjusted.outcomes()
        if o.applicant.key in adjusted.moves
    }

    def work(db, _progress):
        result, _backup = backup_and_confirm(
            db, db_path, name, year, adjusted.found, adjusted.to_confirm(), actor, start
        )
        note_hand_moves(db, result.record_id, hand, actor)
        return result

    def done(result) -> None:
        ctx.announce(result.changes, result.message)
        on_done(result)

    return Job(title="确认分配", work=work, database=db_path, on_done=done, cancellable=False)
