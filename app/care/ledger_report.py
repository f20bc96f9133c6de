"""The care ledger's problem report (`grassroots care import … --report 问题.xlsx`): the rejected rows as the
office sent them, the cells to fix in red and what is wrong beside each, written by the roster import's report
(app/exchange/problem_report.py) so that both look and work alike: the street corrects the file and sends it
back, and the report's own columns (原行号, 问题说明) are ignored when it is imported again."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.care.ledger import LedgerPlan, LedgerRow
from app.exchange.columns import summarize_labels
from app.exchange.plan import Problem


@dataclass
class _ReportRow:
    row: int
    cells: list[Any]
    problems: list[Problem]

    def reason(self) -> str:
        return ""


@dataclass
class _ReportPlan:
    """What the roster's report reads of a plan, said of a care ledger."""

    file_name: str
    sheet: str
    header_row: int
    headers: list[str]
    mapping: dict[int, str]
    rows: list[_ReportRow]
    said: str
    notices: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)  # said in `notices`: they are not roster columns

    def rejected(self) -> list[_ReportRow]:
        return self.rows

    def summary(self) -> str:
        return self.said


def _report_row(row: LedgerRow) -> _ReportRow:
    return _ReportRow(row.row, row.cells, row.problems)


def write_ledger_report(plan: LedgerPlan, out: Path) -> int:
    """Write the rejected rows of `plan` to `out` (.xlsx); the number written. Raises ExportError (Chinese)."""
    from app.exchange.problem_report import write_problem_report

    notices = []
    if plan.ignored:
        notices.append(f"未导入的列：{summarize_labels(plan.ignored)}（不是关怀台账的列，导入时忽略）")
    adapted = _ReportPlan(
        plan.file_name,
        plan.sheet,
        plan.header_row,
        plan.headers,
        plan.columns,
        [_report_row(r) for r in plan.rejected()],
        plan.summary(),
        notices,
    )
    return write_problem_report(adapted, out)  # type: ignore[arg-type]
