"""Two columns with the same header (two 姓名, two 公民身份号码): the first is imported, and a row where the
second says something else is refused — which of the two is right is for the street to say, not for us to guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.exchange.columns import is_weak_label, match_label
from app.exchange.limits import clip
from app.exchange.plan import Action, Problem, RowPlan


@dataclass(frozen=True)
class Twin:
    column: int  # the second column
    primary: int  # the column that is imported
    header: str
    primary_header: str


def find_twins(headers: list[str], mapping: dict[int, str]) -> list[Twin]:
    """Columns left out of the mapping whose label names a field another column is imported as."""
    column_of = {field: column for column, field in mapping.items()}
    twins = []
    for column, header in enumerate(headers):
        strong = header and column not in mapping and not is_weak_label(header, headers)
        field = match_label(header) if strong else None
        if field in column_of:
            primary = column_of[field]
            twins.append(Twin(column, primary, header, headers[primary] if primary < len(headers) else ""))
    return twins


def describe_twins(twins: list[Twin]) -> str:
    """The notice for the dry run: '“姓名”有两列（第2列和第9列）：按第一列导入，两列内容不同的行将被拒绝'."""
    parts = [f"“{t.primary_header}”与“{t.header}”（第{t.primary + 1}列和第{t.column + 1}列）" for t in twins]
    return "表格中有重复的列：" + "；".join(parts) + "。按前一列导入，两列内容不同的行将被拒绝"


def _same(a: str, b: str) -> bool:
    return "".join(a.split()).upper() == "".join(b.split()).upper()


def check_twins(row: RowPlan, texts: list[str], twins: list[Twin]) -> None:
    """Refuse `row` when a second column disagrees with the first; a blank second column agrees with anything."""
    for twin in twins:
        second = texts[twin.column] if twin.column < len(texts) else ""
        first = texts[twin.primary] if twin.primary < len(texts) else ""
        if second and not _same(first, second):
            message = (
                f"与“{twin.primary_header}”列的“{clip(first, 40)}”不一致，请核对后只保留正确的一列"
                if first
                else f"“{twin.primary_header}”列是空的，而同名的这一列有内容，请核对后只保留一列"
            )
            row.problems.append(Problem(row.row, twin.header, clip(second, 40), message, person=row.name))
            row.action = Action.REJECT
