"""The attendance import's dry run in words (the command line prints it, the window shows it): the course, the
header, what is ignored, the other sheets, and each row's fate with the sheet's own row numbers."""

from __future__ import annotations

from app.exchange.dry_run_report import opening_lines, refused_lines
from app.exchange.plan import Action
from app.training.attendance import AttendancePlan
from app.training.attendance_rows import AttendanceRow, shown


def _note(row: AttendanceRow) -> str:
    return f"，{notes}" if (notes := row.notes()) else ""


def describe_plan(plan: AttendancePlan) -> list[str]:
    """The dry run as lines: the course, the header, what is ignored, each row's fate."""
    lines = opening_lines(
        plan,
        kind="参训名单",
        how="请选择工作表后逐张导入（命令行用 --sheet 工作表名）。",
        notices=plan.notices,
    )
    for row in plan.rows:
        if row.action == Action.NEW:
            lines.append(
                f"  第{row.row}行 {row.name}：新增（{shown(row.hours, row.result, row.absence)}）"
                + _note(row)
            )
        elif row.action == Action.UPDATE:
            lines.append(f"  第{row.row}行 {row.name}：更新（{shown(row.before.get('hours'), row.before.get('result'), row.before.get('note'))}"
                         f" → {shown(row.hours, row.result, row.absence)}）{_note(row)}")  # fmt: skip
        elif row.action == Action.UNCHANGED:
            lines.append(f"  第{row.row}行 {row.name}：{row.notes()}")
    return lines + refused_lines(plan.rejected())
