"""Export the people a clerk sees to .xlsx or .csv, off the UI thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.exchange.roster_export import ExportError, export_roster
from db.connection import open_database
from ui import dialogs
from ui.context import AppContext
from ui.worker import run_in_background

FILTERS = "Excel 工作簿 (*.xlsx);;CSV 文件（UTF-8）(*.csv)"


def _write(db_path: Path, out: Path, person_ids: list[int], progress) -> int:
    db = open_database(db_path)  # a worker thread opens its own connection
    try:
        return export_roster(db, out, person_ids, progress)
    finally:
        db.conn.close()


def export_people(parent: QWidget, ctx: AppContext, person_ids: list[int]) -> int | None:
    if not person_ids:
        dialogs.inform(parent, "导出", "当前列表中没有人员，没有可导出的内容。")
        return None
    suggested = f"花名册-{dt.date.today():%Y%m%d}.xlsx"
    out = dialogs.save_file(parent, "导出当前列表", FILTERS, suggested)
    if out is None:
        return None
    if out.suffix.lower() not in (".xlsx", ".csv"):
        out = out.with_suffix(".xlsx")
    db_path = ctx.office.path
    try:
        count = run_in_background(
            parent, "正在导出花名册…", lambda progress: _write(db_path, out, person_ids, progress)
        )
    except ExportError as exc:
        dialogs.warn(parent, "导出失败", str(exc))
        return None
    if count:
        dialogs.inform(parent, "导出完成", f"已导出 {count} 名人员到：\n{out}")
    return count
