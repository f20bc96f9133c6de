"""What the dry run of a one-sheet import says before its rows (the attendance list, the care ledger; the roster's
other sheets too): the file
and its header, the columns not read, the other sheets holding the same kind of list, the counts and the rows
skipped; and after them the refused rows. Said alike by every such import, on the command line and in the
window."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from app.exchange.columns import summarize_labels
from app.exchange.plan import Problem


class SheetPlan(Protocol):
    file_name: str
    sheet: str
    header_row: int
    ignored: list[str]
    skipped: dict[str, int]
    other_sheets: list[str]

    def summary(self) -> str: ...


class RefusedRow(Protocol):
    problems: list[Problem]


def opening_lines(plan: SheetPlan, *, kind: str, how: str, notices: Sequence[str] = ()) -> list[str]:
    """Up to the rows: `kind` names the list (参训名单, 台账) and `how` says how its other sheets are read."""
    lines = [f"文件“{plan.file_name}”，工作表“{plan.sheet}”，表头在第{plan.header_row}行。", *notices]
    if plan.ignored:
        lines.append(f"以下列不认识，已忽略：{summarize_labels(plan.ignored)}")
    if plan.other_sheets:
        lines.append(other_sheets_line(plan.other_sheets, kind, how))
    lines.append(f"检查结果：{plan.summary()}。")
    return lines + [f"  跳过{reason} {count} 行" for reason, count in plan.skipped.items()]


def other_sheets_line(names: Sequence[str], kind: str, how: str) -> str:
    """注意：工作表“2月”“3月”也是台账，本次没有导入（一次只导入一张）。 and `how` to import them."""
    named = "".join(f"“{name}”" for name in names[:6]) + ("等" if len(names) > 6 else "")
    return f"注意：工作表{named}也是{kind}，本次没有导入（一次只导入一张）。{how}"


def refused_lines(rows: Iterable[RefusedRow]) -> list[str]:
    return [f"  拒绝 {problem.text()}" for row in rows for problem in row.problems]
