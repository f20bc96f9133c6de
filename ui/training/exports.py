"""导出… on the training pages: a save dialog for a list, then the list written in the background."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui import dialogs
from ui.context import AppContext
from ui.worker import Job, JobHandle, start_job


def export_list(
    parent: QWidget, ctx: AppContext, what: str, write: Callable[..., int], suggested: str = ""
) -> JobHandle | None:
    """导出…: a save dialog for `what`.xlsx, then `write(db, out) -> count` in the background; says how many
    rows went where, or why it failed."""
    out = dialogs.save_file(
        parent, parent.tr("导出{0}").format(what), "Excel 文件 (*.xlsx)", suggested or f"{what}.xlsx"
    )
    if out is None:
        return None
    out = out if out.suffix.lower() == ".xlsx" else out.with_name(out.name + ".xlsx")

    def done(count: int, path: Path = out) -> None:
        dialogs.inform(
            parent, parent.tr("已导出"), parent.tr("已把 {0} 行{1}导出到：\n{2}").format(count, what, path)
        )

    return start_job(
        parent,
        Job(
            title=parent.tr("正在导出{0}").format(what),
            work=lambda db, _progress: write(db, out),
            database=ctx.office.path,
            on_done=done,
            on_failed=lambda message: dialogs.warn(parent, parent.tr("无法导出"), message),
        ),
    )
