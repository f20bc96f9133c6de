"""The attendance import's dry run in words (the command line prints it, the window shows it): the course, the
header, what is ignored, the other sheets, and each row's fate with the sheet's own row numbers."""

from __future__ import annotations

from app.exchange.columns import summarize_labels
from app.exchange.plan import Action
from app.training.attendance import AttendancePlan, AttendanceRow, shown


def _note(row: AttendanceRow) -> str:
    return f"，{row.note}" if row.note else ""


def describe_plan(plan: AttendancePlan) -> list[str]:
    """The dry run as lines: the course, the header, what is ignored, each row's fate."""
    lines = [f"文件“{plan.file_name}”，工作表“{plan.sheet}”，表头在第{plan.header_row}行。", *plan.notices]
    if plan.ignored:
        lines.append(f"以下列不认识，已忽略：{summarize_labels(plan.ignored)}")
    if plan.other_sheets:
        named = "".join(f"“{name}”" for name in plan.other_sheets[:6]) + (
            "等" if len(plan.other_sheets) > 6 else ""
        )
        lines.append(
            f"注意：工作表{named}也是参训名单，本次没有导入（一次只导入一张）。请选择工作表后逐张导入"
            "（命令行用 --sheet 工作表名）。"
        )
    lines.append(f"检查结果：{plan.summary()}。")
    lines += [f"  跳过{reason} {count} 行" for reason, count in plan.skipped.items()]
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
            lines.append(f"  第{row.row}行 {row.name}：{row.note}")
    lines += [f"  拒绝 {problem.text()}" for row in plan.rejected() for problem in row.problems]
    return lines
