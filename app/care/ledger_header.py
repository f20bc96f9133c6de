"""Finding a care ledger's header: the row (under titles and a 填报单位 line) whose labels name 日期, 姓名, 公民身份号码
and 记录类型, in the words offices use for them — or the two rows of one, as the official forms draw it: 基本信息
merged over 姓名 | 公民身份号码, 慰问情况 over 慰问品 | 金额（元）, the other labels merged down over both rows.

Which of the columns found goes where — money, 走访人 beside 谈话人, 备注 beside 谈话内容, a column twice — is
app/care/ledger_columns.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.exchange.cells import cell_text
from app.exchange.columns import is_guide_sheet, match_label, normalize_label
from app.exchange.plan import PlanError
from app.exchange.sheet import Sheet
from app.exchange.sub_header import second_header_row

NAME, ID = "name", "id_number"
MAX_HEADER_SCAN = 30
# Our labels first: the roster's would read 类别 as 人员类别. 姓名 and 公民身份号码 are the roster's.
LABELS: dict[str, tuple[str, ...]] = {
    "date": (
        "日期",
        "时间",
        "走访日期",
        "慰问日期",
        "谈话日期",
        "发生日期",
        "走访时间",
        "慰问时间",
        "记录日期",
        "谈话时间",
        "走访慰问时间",
        "走访慰问日期",
    ),
    "name": (
        "慰问对象",
        "走访对象",
        "谈话对象",
        "慰问对象姓名",
        "走访对象姓名",
        "谈话对象姓名",
        "对象姓名",
        "被慰问人",
        "被走访人",
    ),
    "type": ("记录类型", "类型", "记录类别"),
    # 类别 is what happened or why (生病住院, 节日慰问, 思想波动): a visit's 事由 is its 类别.
    "category": (
        "类别",
        "事由",
        "慰问类别",
        "慰问类型",
        "谈话原因",
        "谈话事由",
        "谈话类别",
        "谈话类型",
        "事件类别",
        "类别/原因",
        "走访事由",
        "慰问事由",
    ),
    "method": ("方式", "慰问方式", "走访方式", "走访形式", "慰问形式", "形式"),
    "who": (
        "走访人",
        "谈话人",
        "走访人或谈话人",
        "走访人/谈话人",
        "经办人",
        "走访(谈话)人",
        "走访人员",
        "谈话人员",
        "慰问人",
        "走访领导",
    ),
    "gift": ("慰问品", "慰问物品", "慰问品名称", "慰问物资", "物品"),
    # Every money column: the one amount, a 合计 beside its parts, or parts to add (app/care/ledger_columns.py).
    "amount": (
        "金额（元）",
        "金额",
        "慰问金额",
        "金额（元)",
        "慰问金（元）",
        "慰问金",
        "发放金额",
        "实发金额",
        "慰问标准（元）",
        "合计",
        "总金额",
        "金额合计",
        "合计金额",
        "慰问金额合计",
        "小计",
        "慰问品金额",
        "慰问物品金额",
        "物品金额",
        "物资金额",
        "慰问物资金额",
        "慰问品价值",
        "物资折价",
        "慰问品折价",
        "现金",
        "购物卡",
    ),
    "follow_up": ("回访日期", "回访时间"),
    "note": ("备注", "说明", "谈话内容", "谈话要点", "谈话情况"),
    # A health check's place; on a visit or talk it is kept in the note ('走访地点：…').
    "place": ("地点", "体检地点", "体检医院", "体检机构", "走访地点", "慰问地点", "谈话地点"),
}
_BY_LABEL = {normalize_label(label): what for what, labels in LABELS.items() for label in labels}
# '金额(元)', '金额/元', '金额(单位元)', '日期(年月日)': what a header adds after the label (unit, format).
# Never '(万元)': read as 元 it would be 10,000 times too small, so such a column stays unknown (and is listed).
_UNIT_HINT = re.compile(r"(?:\((?![^()]*万)[^()]*\)|/元)$")
# A header that names money, normalized: 金 (金额, 慰问金, 补助金) or 元 as a unit ('费用(元)', '支出/元',
# '(元/人)'), never the 元 of 单元 or 元旦.
_MONEY = re.compile(r"金|\(元|元\)|/元|单位元|(?<!单)元$")
# What every ledger needs; 记录类型 too, but for a ledger of one kind (app/care/ledger_kind.py).
REQUIRED = (NAME, ID, "date")
_REQUIRED_LABELS = {"date": "日期", NAME: "姓名", ID: "公民身份号码"}
AMOUNT_LABEL = "金额（元）"


@dataclass(frozen=True)
class LedgerHeader:
    sheet: Sheet
    index: int  # the header's (first) row, 0-based
    depth: int  # 1, or 2 when the labels of some columns are in the row below
    labels: list[str]  # one label a column: the lower row's where it names the column
    columns: dict[int, str]  # column index → what it holds (date, name …)

    @property
    def first(self) -> int:
        """The first row under the header, 0-based."""
        return self.index + self.depth

    def rows_text(self) -> str:
        """'第3行', or '第3、4行' for a header on two rows."""
        return f"第{self.index + 1}行" if self.depth == 1 else f"第{self.index + 1}、{self.index + 2}行"


def base_label(value: object) -> str:
    """The label normalized, without the unit or format a header adds after it: '金额（元）' → '金额'."""
    return _UNIT_HINT.sub("", normalize_label(value))


def names_money(value: object) -> bool:
    """Whether a header label names money (慰问金, 补助金, 费用（元）), read or not."""
    return bool(_MONEY.search(normalize_label(value)))


def what_label(value: object) -> str | None:
    """What a header label names in a ledger (date, name, amount …), or None."""
    label = normalize_label(value)
    found = _BY_LABEL.get(label) or _BY_LABEL.get(_UNIT_HINT.sub("", label))
    if found is None and value is not None:
        field_name = match_label(value)
        found = field_name if field_name in (NAME, ID) else None
    return found


def columns_of(labels: list[object]) -> dict[int, str]:
    """What each column of a candidate header holds (of two columns named alike, the first is read)."""
    columns: dict[int, str] = {}
    for column, value in enumerate(labels):
        what = what_label(value)
        if what and what not in columns.values():
            columns[column] = what
    return columns


def find_header(sheet: Sheet) -> LedgerHeader | None:
    """The ledger's header in the sheet's first 30 rows, or None."""
    for header in _candidates(sheet):
        if set(REQUIRED) <= set(header.columns.values()):
            return header
    return None


def _candidates(sheet: Sheet) -> Iterator[LedgerHeader]:
    """Each of the first rows read as a header: with the row below it when that row is its second line."""
    for index, row in enumerate(sheet.rows[:MAX_HEADER_SCAN]):
        labels = [cell_text(v) for v in row]
        columns = columns_of(labels)
        # A title or a 填报单位 line over a one-row header is no header's first line: it names nothing itself.
        lower = _lower_line(sheet, index, labels) if len(columns) >= 2 else None
        if lower is not None:
            both = _two_rows(labels, lower)
            yield LedgerHeader(sheet, index, 2, both, columns_of(both))
        else:
            yield LedgerHeader(sheet, index, 1, labels, columns)


def _lower_line(sheet: Sheet, index: int, upper: list[str]) -> list[str] | None:
    """The labels of the row under the header when it is the header's second line (app/exchange/sub_header.py)
    and names a column, or only splits group labels (慰问金额 over 现金 | 购物卡): a record without its name and
    number under a one-row header is refused, never taken for the header's second line."""
    if not second_header_row(sheet, index, columns_of(upper)):
        return None
    lower = [cell_text(v) for v in sheet.rows[index + 1]]
    if any(what_label(text) for text in lower if text):
        return lower
    under_groups = all(
        column >= len(upper) or not upper[column] or _is_group(upper, lower, column)
        for column, text in enumerate(lower)
        if text
    )
    return lower if under_groups else None


def _two_rows(upper: list[str], lower: list[str]) -> list[str]:
    """One label a column: the lower row's where it names a column (慰问品 under 慰问情况); the upper one where
    the lower is blank (a label merged down) or a hint under the column's own label; else both, 慰问情况·数量,
    a column not read — never a group label given to a column under it that says something else (金额 over
    现金 | 购物卡 is neither's amount)."""
    labels: list[str] = []
    parent = ""
    for column, top in enumerate(upper):
        under = lower[column] if column < len(lower) else ""
        parent = top or parent
        if not under:
            labels.append(top)
        elif what_label(under) is not None:
            labels.append(under)
        elif top and not _is_group(upper, lower, column):
            labels.append(top)
        else:
            labels.append(f"{parent}·{under}" if parent else under)
    return labels


def _is_group(upper: list[str], lower: list[str], column: int) -> bool:
    """Whether the upper label of `column` is merged across the next column, which the lower row splits."""
    after = column + 1
    return (
        bool(upper[column])
        and after < len(upper)
        and not upper[after]
        and after < len(lower)
        and bool(lower[after])
    )


def locate(sheets: list[Sheet]) -> LedgerHeader:
    """The header of the first sheet that holds a ledger with a 记录类型 column, else of the first that holds one
    without (a ledger of one kind): a list before the ledger that only has a 日期 does not hide it. A template's
    填表说明 (or 示例) sheet with its sample rows comes last, as in the other imports."""
    ordered = sorted(sheets, key=lambda sheet: is_guide_sheet(sheet.name))
    found = [header for sheet in ordered if (header := find_header(sheet)) is not None]
    if not found:
        raise PlanError(_no_header(sheets))
    return next((header for header in found if "type" in header.columns.values()), found[0])


def _no_header(sheets: list[Sheet]) -> str:
    """Why no ledger was found: the row most like a header and the columns it lacks, or that none was seen."""
    best: tuple[int, LedgerHeader, list[str]] | None = None
    for sheet in sheets:
        for header in _candidates(sheet):
            found = set(header.columns.values())
            have = sum(1 for what in REQUIRED if what in found)
            if have >= 2 and (best is None or have > best[0]):
                best = (have, header, [_REQUIRED_LABELS[w] for w in REQUIRED if w not in found])
    needed = (
        "每行一条记录，需要“日期”“姓名”“公民身份号码”三列，以及“记录类型”列（事件、走访慰问、谈心谈话、健康体检；"
        "只记走访慰问或只记谈心谈话的台账可以没有这一列）"
    )
    if best is None:
        return f"没有找到表头行：表格前30行中没有同时含这些列的行。{needed}，请检查表头。"
    _have, header, lacking = best
    missing = "".join(f"“{label}”" for label in lacking)
    return (
        f"工作表“{header.sheet.name}”{header.rows_text()}像是表头，但缺少{missing}列。{needed}，"
        "请补上这一列再导入。"
    )
