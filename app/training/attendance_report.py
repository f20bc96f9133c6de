"""The attendance import's problem report (`grassroots training import … --report 问题.xlsx`, 保存问题行… in the
window): the refused rows as the street sent them, the cells to fix in red and what is wrong beside each, written
by the roster import's report (app/exchange/problem_report.py) so that it looks and works like the roster's and
the care ledger's: the street corrects the file and sends it back, and the report's own columns (原行号,
问题说明) are ignored when it is imported again."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.exchange.columns import summarize_labels
from app.training.attendance import AttendancePlan, AttendanceRow


@dataclass
class _ReportPlan:
    """What the roster's report reads of a plan, said of an attendance list."""

    file_name: str
    sheet: str
    header_row: int
    headers: list[str]
    mapping: dict[int, str]
    rows: list[AttendanceRow]
    said: str
    notices: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)  # said in `notices`: they are not roster columns

    def rejected(self) -> list[AttendanceRow]:
        return self.rows

    def summary(self) -> str:
        return self.said


def write_attendance_report(plan: AttendancePlan, out: Path) -> int:
    """Write the refused rows of `plan` to `out` (.xlsx); the number written. Raises ExportError (Chinese)."""
    from app.exchange.problem_report import write_problem_report

    notices = [f"导入到培训班“{plan.course.name}”"]
    if plan.ignored:
        notices.append(f"未导入的列：{summarize_labels(plan.ignored)}（不是参训名单的列，导入时忽略）")
    adapted = _ReportPlan(
        plan.file_name, plan.sheet, plan.header_row, plan.headers, plan.columns, plan.rejected(),
        plan.summary(), notices,
    )  # fmt: skip
    return write_problem_report(adapted, out)  # type: ignore[arg-type]
