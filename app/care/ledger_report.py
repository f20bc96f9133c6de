"""The care ledger's problem report (`grassroots care import … --report 问题.xlsx`): the rejected rows as the
office sent them, the cells to fix in red and what is wrong beside each, written by the roster import's report
(app/exchange/problem_report.py) so that both look and work alike: the street corrects the file and sends it
back, and the report's own columns (原行号, 问题说明) are ignored when it is imported again."""

from __future__ import annotations

from pathlib import Path

from app.care.ledger import LedgerPlan
from app.exchange.columns import summarize_labels


def write_ledger_report(plan: LedgerPlan, out: Path) -> int:
    """Write the rejected rows of `plan` to `out` (.xlsx); the number written. Raises ExportError (Chinese)."""
    from app.exchange.problem_report import ReportRow, SheetReport, write_sheet_report

    notices = []
    if plan.ignored:
        notices.append(f"未导入的列：{summarize_labels(plan.ignored)}（不是关怀台账的列，导入时忽略）")
    rows = [ReportRow(r.row, r.cells, r.problems) for r in plan.rejected()]
    report = SheetReport(
        plan.file_name, plan.sheet, plan.header_row, plan.headers, plan.columns, rows, plan.summary(), notices
    )
    return write_sheet_report(report, out)
