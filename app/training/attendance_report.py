"""The attendance import's problem report (`grassroots training import … --report 问题.xlsx`, 保存问题行… in the
window): the refused rows as the street sent them, the cells to fix in red and what is wrong beside each, written
by the roster import's report (app/exchange/problem_report.py) so that it looks and works like the roster's and
the care ledger's: the street corrects the file and sends it back, and the report's own columns (原行号,
问题说明) are ignored when it is imported again."""

from __future__ import annotations

from pathlib import Path

from app.exchange.columns import summarize_labels
from app.training.attendance import AttendancePlan


def write_attendance_report(plan: AttendancePlan, out: Path) -> int:
    """Write the refused rows of `plan` to `out` (.xlsx); the number written. Raises ExportError (Chinese)."""
    from app.exchange.problem_report import ReportRow, SheetReport, write_sheet_report

    notices = [f"导入到培训班“{plan.course.name}”"]
    if plan.ignored:
        notices.append(f"未导入的列：{summarize_labels(plan.ignored)}（不是参训名单的列，导入时忽略）")
    rows = [ReportRow(r.row, r.cells, r.problems, r.reason()) for r in plan.rejected()]
    report = SheetReport(
        plan.file_name, plan.sheet, plan.header_row, plan.headers, plan.columns, rows, plan.summary(), notices
    )
    return write_sheet_report(report, out)
