"""A header written on two rows: 学历 over 全日制教育 | 在职教育, 联系方式 over 手机 | 座机, the other labels merged
down over both rows. The official roster forms are drawn that way; read as one header row, the second row was a
person without a name, and its columns unnamed.

The row under the header is its second line when it names nobody (the 姓名 and ID columns are blank there) and
holds only words, at least one of them under a header cell left blank (the rest of a label merged across) or
under a label merged down from the header row. A section heading (一、党建指导员) under a full header is neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.exchange.cells import cell_text
from app.exchange.columns import match_label
from app.exchange.sheet import Sheet


@dataclass(frozen=True)
class TwoRowHeader:
    labels: list[str]  # one label a column, the second row's words where they name a field
    mapping: dict[int, str]  # column index -> field
    # 学历 over 全日制教育 | 在职教育: the columns after the first under a label naming 学历, read with it
    more_education: list[int]


def second_header_row(sheet: Sheet, header_index: int, mapping: dict[int, str]) -> bool:
    """Whether the row under the header (0-based `header_index`) is the header's second line."""
    if header_index + 1 >= len(sheet.rows):
        return False
    header = [cell_text(v) for v in sheet.rows[header_index]]
    below = [cell_text(v) for v in sheet.rows[header_index + 1]]
    if any(below[c] for c, field in mapping.items() if field in ("name", "id_number") and c < len(below)):
        return False
    words = [c for c, text in enumerate(below) if text]
    if not words or any(_is_number(below[c]) for c in words):
        return False
    merged = {column for (top, column), bottom in sheet.merged_down if top == header_index and bottom > top}
    return any(not header[c] or c in merged for c in words)


def read_two_rows(sheet: Sheet, header_index: int) -> TwoRowHeader:
    """One label a column: the second row's word where it names a field, else the label above it (a label
    merged across names its first column that the second row does not name), else both, as 学历·在职教育."""
    header = [cell_text(v) for v in sheet.rows[header_index]]
    below = [cell_text(v) for v in sheet.rows[header_index + 1]]
    labels: list[str] = []
    mapping: dict[int, str] = {}
    more_education: list[int] = []
    parent = ""
    for column, (top, under) in enumerate(zip(header, below, strict=False)):
        parent = top or parent
        label = _label(top, under, parent, set(mapping.values()))
        field = match_label(label)
        if field is not None and field not in mapping.values():
            mapping[column] = field
        elif under and not top and match_label(parent) == "education" and field is None:
            more_education.append(column)
        elif field == "education" and _schooling(parent):  # 在职教育 over its own 学历学位
            label = f"{parent}·{under}"  # not a second column of the first one's label: not a twin to refuse
            more_education.append(column)
        labels.append(label)
    return TwoRowHeader(labels, mapping, more_education)


# The two kinds of schooling a cadre form gives a 学历 (学历学位) each, as 全日制教育 | 在职教育 over it.
_SCHOOLING = frozenset(("全日制教育", "在职教育", "全日制", "在职"))


def _schooling(label: str) -> bool:
    return "".join(label.split()) in _SCHOOLING


def take_highest_education(sheet: Sheet, first: int, column: int, more: list[int]) -> None:
    """Each row's 学历 is the highest of the columns under it (全日制教育 大专, 在职教育 本科: 大学本科), put in
    `column`, in place. A first column that is no education is left as it is, for the plan to name; the
    highest written with its 学位 (研究生 硕士) is put as written, for the plan to say the 学位 is left out."""
    from app.people.fields import EDUCATIONS

    for cells in sheet.rows[first:]:
        read = [_education(cells, index) for index in (column, *more)]
        known = [(value, written) for value, written in read if value]
        if read[0][0] is not None and known:
            cells[column] = min(known, key=lambda pair: EDUCATIONS.index(pair[0]))[1]


def _education(cells: list[object], index: int) -> tuple[str | None, str]:
    """(the cell's education as stored, '' when blank, None when it is no education; what to put for it)."""
    from app.exchange.choice_words import education_of

    text = cell_text(cells[index]) if index < len(cells) else ""
    if not text:
        return "", ""
    try:
        value, degree = education_of(text)
    except ValueError:
        return None, text
    return value, text if degree else value


def joined_education_columns(headers: list[str], mapping: dict[int, str]) -> list[int]:
    """The columns of a one-row header labelled as read_two_rows labels a second 学历 (学历·在职教育,
    在职教育·学历学位): the problem report writes them so, and a corrected report sent back must read them again."""
    found = []
    for column, label in enumerate(headers):
        parent, dot, under = label.partition("·")
        if column in mapping or not dot:
            continue
        if (match_label(parent) == "education" and _schooling(under)) or (
            _schooling(parent) and match_label(under) == "education"
        ):
            found.append(column)
    return found


def _label(top: str, under: str, parent: str, taken: set[str]) -> str:
    if not under:
        return top
    if match_label(under) is not None:
        return under
    field = match_label(parent)
    if field is not None and field not in taken:
        return parent
    return f"{parent}·{under}" if parent else under


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
