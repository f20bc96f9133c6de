"""Two columns with the same header (two 姓名, two 公民身份号码): the first is imported, and a row where the
second says something else is refused — which of the two is right is for the street to say, not for us to guess.
Two phone columns of different headers (手机 and 办公电话) are both read: the person's numbers, not a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.dates import DateError, parse_date
from app.exchange.cells import NOTHING
from app.exchange.columns import is_weak_label, match_label, normalize_label
from app.exchange.date_precision import month_only, same_month
from app.exchange.limits import clip
from app.exchange.plan import Action, Problem, RowPlan
from app.people.fields import DATE_FIELDS
from app.people.phones import phone_problem, several_phones


@dataclass(frozen=True)
class Twin:
    column: int  # the second column
    primary: int  # the column that is imported
    header: str
    primary_header: str
    field: str = ""  # the field both name (the roster's twins; '' where the caller compares its own way)


def find_twins(headers: list[str], mapping: dict[int, str]) -> list[Twin]:
    """Columns left out of the mapping whose label names a field another column is imported as."""
    column_of = {field: column for column, field in mapping.items()}
    twins = []
    for column, header in enumerate(headers):
        strong = header and column not in mapping and not is_weak_label(header, headers)
        field = match_label(header) if strong else None
        if field in column_of:
            primary = column_of[field]
            shown = headers[primary] if primary < len(headers) else ""
            twins.append(Twin(column, primary, header, shown, field))
    return twins


def describe_twins(twins: list[Twin]) -> str:
    """The notice for the dry run: '“姓名”有两列（第2列和第9列）：按第一列导入，两列内容不同的行将被拒绝'."""
    parts = [f"“{t.primary_header}”与“{t.header}”（第{t.primary + 1}列和第{t.column + 1}列）" for t in twins]
    return "表格中有重复的列：" + "；".join(parts) + "。按前一列导入，两列内容不同的行将被拒绝"


def _same(a: str, b: str) -> bool:
    return "".join(a.split()).upper() == "".join(b.split()).upper()


def phone_twins(twins: list[Twin]) -> tuple[list[Twin], list[Twin]]:
    """(the second phone columns whose header differs from the first's, the other twins): 手机 beside 办公电话,
    联系电话 beside 手机号码 are a mobile and a landline, both the person's, not one number written twice."""
    phones = [
        t for t in twins
        if match_label(t.header) == "phone" and normalize_label(t.header) != normalize_label(t.primary_header)
    ]  # fmt: skip
    return phones, [t for t in twins if t not in phones]


def describe_phones(phones: list[Twin]) -> str:
    """The notice for the dry run: '“手机”与“办公电话”（第5列和第6列）都是电话：…'."""
    headers = "与".join(f"“{h}”" for h in [phones[0].primary_header, *(t.header for t in phones)])
    columns = "和".join(f"第{c + 1}列" for c in [phones[0].primary, *(t.column for t in phones)])
    return f"{headers}（{columns}）都是电话：手机号码作为联系电话，另一个号码写入备注"


def join_phones(texts: list[str], phones: list[Twin]) -> list[str]:
    """The row's texts with the numbers of the second phone columns after the first column's, a line each: the
    planner reads such a cell as several numbers (the mobile the phone, the others into the note). A cell that
    is not a phone is left out (check_phones refuses it where it is), and so is every one when the first is not."""
    primary = phones[0].primary
    first = texts[primary] if primary < len(texts) else ""
    if first and not _is_phone(first):
        return texts  # refused as the phone: the row is not imported, nothing of it lost
    extra = [
        text
        for t in phones
        if (text := _text(texts, t.column)) and not _same(text, first) and _is_phone(text)
    ]
    if not extra or primary >= len(texts):
        return texts
    texts = list(texts)
    texts[primary] = "\n".join([first, *extra] if first else extra)
    return texts


def check_phones(row: RowPlan, texts: list[str], phones: list[Twin]) -> None:
    """Refuse `row` when a second phone column holds something that is not a phone ('见备注')."""
    for twin in phones:
        text = _text(texts, twin.column)
        if text and not _is_phone(text):
            row.problems.append(
                Problem(row.row, twin.header, clip(text, 40), phone_problem(text), person=row.name)
            )
            row.action = Action.REJECT


def _text(texts: list[str], column: int) -> str:
    text = texts[column] if column < len(texts) else ""
    return "" if text in NOTHING else text  # '/', '无': nothing here, as in the columns that are imported


def _is_phone(text: str) -> bool:
    return not phone_problem(text) or several_phones(text) is not None


def check_twins(row: RowPlan, texts: list[str], twins: list[Twin]) -> None:
    """Refuse `row` when a second column disagrees with the first; a blank second column agrees with anything."""
    for twin in twins:
        second = texts[twin.column] if twin.column < len(texts) else ""
        first = texts[twin.primary] if twin.primary < len(texts) else ""
        if second and not _same(first, second) and not _same_date(twin.field, first, second):
            message = (
                f"与“{twin.primary_header}”列的“{clip(first, 40)}”不一致，请核对后只保留正确的一列"
                if first
                else f"“{twin.primary_header}”列是空的，而同名的这一列有内容，请核对后只保留一列"
            )
            row.problems.append(Problem(row.row, twin.header, clip(second, 40), message, person=row.name))
            row.action = Action.REJECT


def _same_date(field: str, first: str, second: str) -> bool:
    """Whether two date columns (出生年月 1988.01 beside 出生日期 1988-01-15) agree: the same day, or a month
    that holds the other's day. A text that is no date agrees with nothing: the rows say which is right."""
    if field not in DATE_FIELDS:
        return False
    try:
        one, other = (parse_date(text, allow_future=True) for text in (first, second))
    except DateError:
        return False
    if one is None or other is None:
        return False
    if one == other:
        return True
    one_text, other_text = one.isoformat(), other.isoformat()
    return (month_only(first) and same_month(other_text, one_text)) or (
        month_only(second) and same_month(one_text, other_text)
    )
