"""Excel's error values (#N/A, #DIV/0! …): what a failed formula shows, told apart from a blank cell.

Streets fill their sheets with VLOOKUP and other formulas; when one fails the cell shows an error value. python-
calamine returns such a cell as '' — a blank — so a broken lookup of an ID number read as "号码不能为空" and a
#DIV/0! score as "not yet scored": data lost without a word. The reader therefore puts an ``ExcelError`` in
those cells (app/exchange/bounds.py finds them in the sheet's XML, app/exchange/xls_errors.py in an old .xls's
records), and each import refuses a row whose used column holds one, with ``error_problems``' message; an error
in a column the import does not read changes nothing. A CSV cell whose whole text is an error code is one too:
that is how Excel saves an error value.

Standard library only (and the Problem record, when a row's problems are made): the reader imports this.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.exchange.limits import clip

if TYPE_CHECKING:
    from app.exchange.plan import Problem

__all__ = [
    "ERROR_CODES",
    "ERROR_ROW",
    "ExcelError",
    "error_row",
    "error_message",
    "error_of_text",
    "error_problems",
    "errors_in",
    "mark_text_errors",
    "screen_row",
    "with_error_problems",
    "without_errors",
]

# What each error value means, said so that a clerk can find the formula to fix. Excel's seven classic codes
# first; the newer ones (dynamic arrays, data types) are recognised too.
ERROR_CODES: dict[str, str] = {
    "#N/A": "查找的值不存在，如 VLOOKUP 没有找到对应的行",
    "#DIV/0!": "除数为 0 或空白",
    "#VALUE!": "参与计算的值类型不对，如把文字当作数字计算",
    "#REF!": "公式引用的单元格已被删除",
    "#NAME?": "公式中的函数名或名称写错了",
    "#NUM!": "数值无效或超出范围",
    "#NULL!": "公式引用的区域没有交集",
    "#SPILL!": "公式结果要占用的单元格不是空的",
    "#CALC!": "公式无法计算",
    "#GETTING_DATA": "数据还没有加载完",
    "#FIELD!": "引用的字段不存在",
    "#BLOCKED!": "所需的功能被禁用",
    "#CONNECT!": "无法连接到数据源",
    "#BUSY!": "公式还在计算中",
    "#UNKNOWN!": "无法识别的数据类型",
    "#PYTHON!": "Python 公式出错",
}
# Not Excel's: a formula saved without its result (by a script; a spreadsheet program always saves one), which
# calamine reads as a blank. Written back into a problem report as this text.
NO_RESULT = "#无计算结果"
# A row whose columns read hold nothing but error values (formulas filled down past the data, beside a typed
# 序号 perhaps): it names no one to refuse, and is counted among the rows skipped.
ERROR_ROW = "只有 Excel 错误值的行"


@dataclass(frozen=True, slots=True)
class ExcelError:
    """A cell holding an error value; ``code`` as Excel shows it ('#N/A'). Its text is the code, so a check
    that reads the text finds it, and a report writing the cell back writes what the file showed."""

    code: str

    def __str__(self) -> str:
        return self.code


_BY_TEXT = {code: ExcelError(code) for code in ERROR_CODES}


def error_of_text(text: str) -> ExcelError | None:
    """The error value a cell's whole text spells ('#N/A', ' #div/0! '), or None."""
    if "#" not in text:
        return None
    return _BY_TEXT.get(text.strip().upper())


def mark_text_errors(rows: list[list[object]]) -> frozenset[int]:
    """Put an ExcelError in each text cell that spells one, in place; the rows (0-based) that hold one."""
    found = set()
    for index, row in enumerate(rows):
        for column, value in enumerate(row):
            if type(value) is str and "#" in value and (error := error_of_text(value)) is not None:
                row[column] = error
                found.add(index)
    return frozenset(found)


def errors_in(cells: Sequence[object], columns: Collection[int]) -> list[tuple[int, ExcelError]]:
    """(column, error) of each of `columns` whose cell holds an error value, in column order."""
    size = len(cells)
    return [(c, cells[c]) for c in sorted(columns) if c < size and type(cells[c]) is ExcelError]  # type: ignore[misc]


def screen_row(
    error_rows: Collection[int], index: int, cells: list[object], texts: list[str], used: Collection[int]
) -> tuple[list[str], list[tuple[int, ExcelError]]]:
    """For an import's loop: the texts its row checks read (error values blank, so that an error in a column
    the import ignores changes nothing) and the errors in the `used` columns. `index`: the row, 0-based, as in
    Sheet.error_rows; a row not there is returned as it is, at the cost of one look-up."""
    if index not in error_rows:
        return texts, []
    return without_errors(cells, texts)[1], errors_in(cells, used)


def error_row(
    kind: str | None, texts: Sequence[str], used: Collection[int], errors: Sequence[tuple[int, ExcelError]]
) -> str | None:
    """`kind` (why an import's own checks skip the row, or None), or ERROR_ROW when the row has error values
    and nothing else in its `used` columns — not when it is a 合计, 说明 or repeated header row."""
    if errors and kind in (None, "空行") and not any(texts[c] for c in used if c < len(texts)):
        return ERROR_ROW
    return kind


def without_errors(cells: list[object], texts: list[str]) -> tuple[list[object], list[str]]:
    """Copies of a row's cells and texts with every error value blank (None, ''): what the other checks of an
    import read, so that an error says only its own message (never also "不能为空")."""
    blank = [index for index, value in enumerate(cells) if type(value) is ExcelError]
    cells, texts = list(cells), list(texts)
    for index in blank:
        cells[index] = None
        if index < len(texts):
            texts[index] = ""
    return cells, texts


def error_message(error: ExcelError, fill: str = "正确的内容") -> str:
    """'是 Excel 错误值 #DIV/0!（公式出错：除数为 0 或空白），请在原表中改正，或直接填上分数后重新导入'."""
    if error.code == NO_RESULT:
        return (
            "是公式，但文件中没有它的计算结果（文件不是用 Excel 或 WPS 保存的），请在 Excel 中打开并保存，"
            f"或直接填上{fill}后重新导入"
        )
    why = ERROR_CODES.get(error.code)
    said = f"公式出错：{why}" if why else "公式出错"
    return f"是 Excel 错误值 {error.code}（{said}），请在原表中改正公式，或直接填上{fill}后重新导入"


def error_problems(
    row: int,
    person: str,
    found: Sequence[tuple[int, ExcelError]],
    headers: Sequence[str],
    fills: dict[int, str] | None = None,
) -> list[Problem]:
    """One Problem for each error value of a row: its column's header and what to do. `fills`: column -> what
    the clerk should type there instead ('分数'), when not '正确的内容'."""
    # Not at the top: the reader imports this module, and the plan is its callers' business.
    from app.exchange.plan import Problem

    problems = []
    for column, error in found:
        header = headers[column] if column < len(headers) else ""
        fill = (fills or {}).get(column, "正确的内容")
        problems.append(Problem(row, clip(header, 20), "", error_message(error, fill), person=person))
    return problems


def with_error_problems(problems: list[Problem], errors: list[Problem]) -> list[Problem]:
    """The row's problems with its error values first, and without what the other checks said of the same
    columns (read blank, a required column is "不能为空")."""
    if not errors:
        return problems
    columns = {problem.column for problem in errors}
    return [*errors, *(problem for problem in problems if problem.column not in columns)]
