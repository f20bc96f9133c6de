"""Export the people a clerk sees to .xlsx or .csv, off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from app import clock
from app.exchange.roster_export import export_roster
from ui import dialogs
from ui.context import AppContext
from ui.worker import Job, JobHandle, start_job

FILTERS = "Excel 工作簿 (*.xlsx);;CSV 文件（UTF-8）(*.csv)"


def export_people(parent: QWidget, ctx: AppContext, person_ids: list[int]) -> JobHandle | None:
    """Ask where to save, then write in the background; None when there is nothing to do or the clerk stops."""
    if not person_ids:
        dialogs.inform(parent, "导出", "当前列表中没有人员，没有可导出的内容。")
        return None
    suggested = f"花名册-{clock.today():%Y%m%d}.xlsx"
    out = dialogs.save_file(parent, "导出当前列表", FILTERS, suggested)
    if out is None:
        return None
    if out.suffix.lower() not in (".xlsx", ".csv"):
        out = out.with_suffix(".xlsx")
    return start_job(parent, _export_job(parent, ctx.office.path, out, person_ids))


def _export_job(parent: QWidget, db_path: Path, out: Path, person_ids: list[int]) -> Job[int]:
    def done(count: int) -> None:
        dialogs.inform(parent, "导出完成", f"已导出 {count} 名人员到：\n{out}")

    return Job(
        title="正在导出花名册",
        work=lambda db, progress: export_roster(db, out, person_ids, progress),
        database=db_path,
        on_done=done,
        on_failed=lambda message: dialogs.warn(parent, "导出失败", message),
    )
