"""The problem report: the rejected rows of an import, as the street sent them, with what to fix.

The street corrects the red cells and sends the file back as it is: the extra columns 原行号 and 问题说明 are not
roster columns; the roster import knows them as the report's and leaves them out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.dates import ShownWithTwoDecimals
from app.exchange import xlsx_out
from app.exchange.cell_errors import ExcelError
from app.exchange.columns import summarize_labels
from app.exchange.plan import ImportPlan, Problem, RowPlan

REPORT_SHEET = "问题行"
NOTES_SHEET = "说明"
ROW_COLUMN = "原行号"
PROBLEM_COLUMN = "问题说明"
PROBLEM_FILL = "FFC7CE"  # Excel's own light red for "bad"
PROBLEM_FONT = "9C0006"
_TEXT_FIELDS = ("id_number", "phone")  # retyped values must stay text
_FORMULA_STARTS = ("=", "+", "-", "@")
_PROBLEM_WIDTH = 60
_LINE_HEIGHT = 15


def write_problem_report(plan: ImportPlan, out: Path) -> int:
    """Write the rejected rows of `plan` to `out` (.xlsx); returns the number of rows written.

    With no rejected rows the report holds the header and the 说明 sheet only (a CLI run with --report still
    leaves the file it was asked for). Raises ExportError with a Chinese message when the file cannot be written.
    """
    from openpyxl import Workbook

    out = xlsx_out.check_xlsx_target(out, "问题报告")
    rejected = sorted(plan.rejected(), key=lambda r: r.row)
    book = Workbook()
    sheet = book.active
    sheet.title = REPORT_SHEET
    _fill_rows(sheet, plan, rejected)
    _fill_notes(book.create_sheet(NOTES_SHEET), plan, out, len(rejected))
    xlsx_out.save_xlsx(book, out)
    return len(rejected)


def _display_width(value: Any) -> int:
    text = _shown(value)
    return max((xlsx_out.text_width(line) for line in text.split("\n")), default=0)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:16].replace("T", " ")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _column_count(plan: ImportPlan, rows: list[RowPlan]) -> int:
    """The header's width, or wider if a rejected row has non-blank cells beyond it (nothing is dropped)."""
    count = len(plan.headers)
    for row in rows:
        filled = [i for i, v in enumerate(row.cells) if v not in (None, "")]
        if filled:
            count = max(count, filled[-1] + 1)
    return count


def _columns_of(plan: ImportPlan) -> dict[str, list[int]]:
    """Header text -> 0-based column indexes (a text can repeat); also keyed by the text without spaces."""
    found: dict[str, list[int]] = {}
    for index, header in enumerate(plan.headers):
        text = "" if header is None else str(header)
        for key in dict.fromkeys((text, "".join(text.split()))):
            if key:
                found.setdefault(key, []).append(index)
    return found


def _problem_columns(row: RowPlan, columns: dict[str, list[int]]) -> tuple[set[int], bool]:
    """0-based columns to highlight, and whether a problem concerns the whole row (no column named or found)."""
    marked: set[int] = set()
    whole_row = False
    for problem in row.problems:
        name = problem.column or ""
        indexes = columns.get(name) or columns.get("".join(name.split()))
        if indexes:
            marked.update(indexes)
        else:
            whole_row = True
    return marked, whole_row


def _problem_text(row: RowPlan) -> str:
    if row.problems:
        return "\n".join(p.text() for p in row.problems)
    return f"第{row.row}行：{row.reason() or '该行未能导入'}"


def _write_value(cell, value: Any, force_text: bool) -> None:
    """Put an original cell value back as it was: text stays text (even 18 digits or '=…'), dates stay dates."""
    if isinstance(value, float) and not math.isfinite(value):
        value = str(value)
    if type(value) is ShownWithTwoDecimals:  # 2015.10 as the street's cell showed it: a 0.00 format kept
        cell.value = float(value)
        cell.number_format = "0.00"
        return
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            cell.value = value.date()
            cell.number_format = "yyyy-mm-dd"
        else:
            # A time of day on a date usually means Excel misread what was typed (2019.7 → 1905-07-11 16:48):
            # show it, so the street sees what the office saw.
            cell.value = value
            cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, dt.time | dt.timedelta | bool | int | float) or value is None:
        cell.value = value
    elif type(value) is ExcelError:  # back as the error value it was (openpyxl writes its code as one)
        cell.value = value.code
        return
    else:
        text = str(value)
        cell.value = text
        cell.data_type = "s"  # never a formula, whatever it starts with
        cell.number_format = "@"
        return
    if force_text and not isinstance(value, dt.date):
        # An ID number that Excel stored as a number stays as it came (the report says to retype it);
        # the text format makes what the street types over it stay text.
        cell.number_format = "@"


def _fill_rows(sheet, plan: ImportPlan, rows: list[RowPlan]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    count = _column_count(plan, rows)
    headers = [*plan.headers, *([""] * (count - len(plan.headers)))][:count]
    text_columns = {i for i, key in plan.mapping.items() if key in _TEXT_FIELDS and i < count}
    columns = _columns_of(plan)
    border = xlsx_out.thin_border()
    header = xlsx_out.header_style()
    problem_fill = PatternFill("solid", fgColor=PROBLEM_FILL)
    problem_font = Font(color=PROBLEM_FONT)
    top = Alignment(vertical="top")
    wrap = Alignment(vertical="top", wrap_text=True)

    # What a heading or the command gave the rows (人员类别 …), in columns of their own after the file's.
    # (Other imports' report rows give none.)
    given_of = [getattr(row, "given", {}) for row in rows]
    given = list(dict.fromkeys(header for values in given_of for header in values))
    titles = [ROW_COLUMN, *headers, *given, PROBLEM_COLUMN]
    last = len(titles)
    for col, title in enumerate(titles, 1):
        cell = xlsx_out.styled(sheet.cell(1, col, title if title not in (None, "") else None), header)
        if cell.value is not None:
            cell.data_type = "s"
    widths = [_display_width(t) for t in titles]

    for out_row, (plan_row, row_given) in enumerate(zip(rows, given_of, strict=True), 2):
        marked, whole_row = _problem_columns(plan_row, columns)
        number = sheet.cell(out_row, 1, plan_row.row)
        number.alignment = Alignment(horizontal="center", vertical="top")
        number.border = border
        if whole_row:
            number.fill = problem_fill
        cells = list(plan_row.cells[:count]) + [None] * (count - len(plan_row.cells))
        for index, value in enumerate(cells):
            cell = sheet.cell(out_row, index + 2)
            _write_value(cell, value, index in text_columns)
            cell.alignment = top
            cell.border = border
            if index in marked:
                cell.fill = problem_fill
                cell.font = problem_font
            widths[index + 1] = max(widths[index + 1], _display_width(value))
        for offset, header in enumerate(given, count + 2):
            value = row_given.get(header)
            cell = sheet.cell(out_row, offset, value)
            cell.alignment, cell.border = top, border
            widths[offset - 1] = max(widths[offset - 1], _display_width(value))
        text = _problem_text(plan_row)
        problem = sheet.cell(out_row, last, text)
        problem.data_type = "s"
        problem.alignment = wrap
        problem.border = border
        problem.font = problem_font
        lines = sum(max(1, -(-_display_width(line) // (_PROBLEM_WIDTH - 2))) for line in text.split("\n"))
        sheet.row_dimensions[out_row].height = _LINE_HEIGHT * max(1, lines) + 3

    for col, width in enumerate(widths, 1):
        letter = get_column_letter(col)
        if col == last:
            sheet.column_dimensions[letter].width = _PROBLEM_WIDTH
        else:
            sheet.column_dimensions[letter].width = min(max(width + 2, 8), 40)
        if col - 2 in text_columns:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.row_dimensions[1].height = 22
    sheet.freeze_panes = "C2"  # 原行号 and the first column (usually 姓名) stay in view
    sheet.auto_filter.ref = f"A1:{get_column_letter(last)}{max(1, len(rows) + 1)}"
    sheet.print_title_rows = "1:1"
    xlsx_out.fit_a4(sheet, landscape=True)


def _fill_notes(sheet, plan: ImportPlan, out: Path, written: int) -> None:
    from openpyxl.styles import Alignment, Font

    from app.clock import local_text, utc_now

    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 90
    sheet["A1"] = "导入问题报告"
    sheet["A1"].font = Font(name="黑体", bold=True, size=16)
    sheet.merge_cells("A1:B1")
    sheet.row_dimensions[1].height = 28
    how = (
        f"请按“{PROBLEM_COLUMN}”逐行改正标红的单元格，改好后保存，把本文件直接发回即可。"
        f"“{ROW_COLUMN}”和“{PROBLEM_COLUMN}”两列导入时会自动忽略，不必删除；也不要修改表头文字。"
        "公民身份号码请按文本录入（本表该列已设为文本格式）。"
    )
    if written == 0:
        how = "本次导入没有被拒绝的行，无需改正。"
    facts = [
        ("原文件", plan.file_name),
        ("工作表", plan.sheet),
        ("表头所在行", f"第{plan.header_row}行"),
        ("生成时间", local_text(utc_now())),
        ("导入结果", plan.summary()),
        ("问题行数", f"{written} 行（见“{REPORT_SHEET}”工作表）"),
    ]
    if plan.unknown_columns:
        facts.append(
            ("未导入的列", summarize_labels(plan.unknown_columns) + "（不是花名册的列，导入时忽略）")
        )
    for notice in plan.notices:
        facts.append(("提示", notice))
    facts.append(("如何改正", how))
    for row, (label, value) in enumerate(facts, 3):
        sheet.cell(row, 1, label).font = Font(bold=True)
        sheet.cell(row, 1).alignment = Alignment(vertical="top")
        cell = sheet.cell(row, 2, value)
        cell.data_type = "s"
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        lines = max(1, -(-_display_width(value) // 88))
        sheet.row_dimensions[row].height = _LINE_HEIGHT * lines + 3
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


# --- other imports -------------------------------------------------------------------------------------
# The attendance list and the care ledger report their refused rows with this writer, so that every report
# looks and works alike. Their columns that are not read are said in `notices` by each import, in its own
# words: `unknown_columns` would call them roster columns.


@dataclass(frozen=True)
class ReportRow:
    row: int  # as Excel numbers it
    cells: list[Any]
    problems: list[Problem]
    said: str = ""  # why, when no problem names it

    def reason(self) -> str:
        return self.said


@dataclass
class SheetReport:
    """What this writer reads of an import plan, said of another import's sheet."""

    file_name: str
    sheet: str
    header_row: int
    headers: list[str]
    mapping: dict[int, str]
    rows: list[ReportRow]
    said: str  # the import's summary
    notices: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    def rejected(self) -> list[ReportRow]:
        return self.rows

    def summary(self) -> str:
        return self.said


def write_sheet_report(report: SheetReport, out: Path) -> int:
    """write_problem_report of another import's refused rows."""
    return write_problem_report(report, out)  # type: ignore[arg-type]
