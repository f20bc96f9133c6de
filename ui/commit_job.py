"""An import's commit in the background: a backup and one transaction (`app.backups.commit_after_backup`), then
every page told, and the clerk told where the backup is — or that nothing changed; then, when the caller asks,
what follows from the import (`then`: e.g. offering to credit the points of a course's attendance)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from app.changes import OpResult
from ui import dialogs
from ui.context import AppContext
from ui.worker import Job, JobHandle, start_job


def start_commit(
    parent: QWidget,
    ctx: AppContext,
    title: str,
    work: Callable[[Database], tuple[OpResult, Path]],
    then: Callable[[OpResult], None] | None = None,
) -> JobHandle:
    """Run `work` (on the job's own connection) and say the outcome; it cannot be cancelled half-way. `then`
    gets what was written once the clerk has read the outcome (not after a failure: nothing was written)."""

    def done(outcome: tuple[OpResult, Path]) -> None:
        result, backup = outcome
        ctx.announce(result.changes, result.message)
        dialogs.inform(parent, "导入完成", f"{result.message}。\n导入前的数据已备份到：\n{backup}")
        if then is not None:
            then(result)

    return start_job(
        parent,
        Job(
            title=title,
            work=lambda db, _progress: work(db),
            database=ctx.office.path,
            on_done=done,
            on_failed=lambda message: dialogs.warn(
                parent, "导入失败", f"导入没有完成，数据库保持导入前的样子：{message}"
            ),
            cancellable=False,
        ),
    )
