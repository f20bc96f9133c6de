"""What an import will do, row by row: the dry run the clerk reviews before anything is written."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# Shared by every import (roster, scores, care ledger, attendance, rounds): here, where each can have them
# without loading the roster import's unit matching.
EXCEL_NUMBER_FIX = "该号码被 Excel 存成了数字，末几位已经丢失。请将该列设置为“文本”格式后重新录入"


class PlanError(Exception):
    """The file as a whole cannot be imported (no header, no name column…); message in Chinese."""


class Action(StrEnum):
    NEW = "new"  # 新增
    UPDATE = "update"  # 更新: the person exists (same ID number) and some fields differ
    UNCHANGED = "unchanged"  # 跳过: the person exists and nothing differs
    REJECT = "reject"  # 拒绝: a problem in the row; nothing of it is stored

    @property
    def label(self) -> str:
        return {"new": "新增", "update": "更新", "unchanged": "无变化", "reject": "拒绝"}[self.value]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or the row), said so that a street clerk can fix it."""

    row: int  # the row number as Excel shows it (1-based)
    column: str  # the column's header text as in the file ('' for the whole row)
    value: str  # the cell's text as read
    message: str  # what is wrong and how to fix it, in Chinese
    person: str = ""  # the row's 姓名 as written, so the clerk knows whom to phone about it

    def text(self) -> str:
        """'第10行 杜娟晨“联系电话”列（1391234）：…' — the row as Excel numbers it, who, where, the value, why."""
        who = f" {self.person}" if self.person else ""
        where = f"第{self.row}行{who}" + (f"“{self.column}”列" if self.column else "")
        shown = f"（{self.value}）" if self.value else ""
        return f"{where}{shown}：{self.message}"


@dataclass(slots=True)
class RowPlan:
    row: int  # Excel row number
    action: Action
    cells: list[Any]  # the row's raw cells, for the problem report
    name: str = ""
    id_number: str = ""
    values: dict[str, Any] = field(default_factory=dict)  # the clean record that would be stored
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (old, new), for updates
    problems: list[Problem] = field(default_factory=list)
    person_id: int | None = None  # the existing person, for updates and unchanged rows
    unit_name: str = ""  # the unit as written in the file
    notices: list[str] = field(default_factory=list)  # e.g. a 15-digit ID upgraded
    # Header -> value the file does not hold for this row but a section heading or the command gave it (人员类别,
    # 工作单位): the problem report writes them beside its cells, so a corrected report reads the same on its own.
    given: dict[str, str] = field(default_factory=dict)

    def reason(self) -> str:
        return "；".join(p.message for p in self.problems)

    def change_text(self, unit_names: dict[int, str]) -> str:
        """'联系电话：138… → 139…；工作单位：东门社区 → 西门社区', in the words of the roster."""
        from app.record_text import change_text

        before = {key: old for key, (old, _new) in self.changes.items()}
        after = {key: new for key, (_old, new) in self.changes.items()}
        return change_text("person", before, after, {"unit": unit_names})


_ACTION_OF = operator.attrgetter("action")


@dataclass
class ImportPlan:
    file_name: str
    sheet: str
    header_row: int  # Excel row number of the header
    headers: list[str]  # the header row's texts, by column
    mapping: dict[int, str]  # column index -> field name
    unknown_columns: list[str]  # header texts the app does not know: listed, ignored
    rows: list[RowPlan]
    skipped: dict[str, int]  # reason ('空行', '合计行', '说明行', '重复的表头') -> count
    new_units: list[str]  # unit names the file uses that do not exist yet (created on import)
    units_to_create: list[Any] = field(default_factory=list)  # units_match.NewUnit, in creation order
    notices: list[str] = field(default_factory=list)  # about the whole file, e.g. two columns named 姓名
    other_sheets: list[str] = field(
        default_factory=list
    )  # more sheets holding a roster: not read, and said so

    def read_columns(self, headers: Iterable[str]) -> None:
        """Columns the import reads after all (a twin, a street, a second 学历 …): no longer listed as unknown."""
        read = set(headers)
        self.unknown_columns = [h for h in self.unknown_columns if h not in read]

    def count(self, action: Action) -> int:
        return operator.countOf(map(_ACTION_OF, self.rows), action)  # in C: asked often, of 10,000 rows

    def rejected(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action == Action.REJECT]

    def units_needed(self, rows: list[RowPlan]) -> list[Any]:
        """The new units that `rows` are placed in, with the new parents above them, in creation order: a unit
        named only by rejected (or skipped) rows is not created."""
        by_placeholder = {u.placeholder: u for u in self.units_to_create}
        wanted: set[int] = set()
        for row in rows:
            placeholder = row.values.get("unit_id")
            while placeholder in by_placeholder and placeholder not in wanted:
                wanted.add(placeholder)
                placeholder = by_placeholder[placeholder].parent_id
        return [u for u in self.units_to_create if u.placeholder in wanted]

    def unit_names(self, existing: dict[int, str]) -> dict[int, str]:
        """Unit id -> name, including the placeholders of units this import would create, each under the path
        of its parent (城关街道 / 西门社区（新建）; a unit without one goes where the clerk puts new units)."""
        paths = dict(existing)
        names = dict(existing)
        for unit in self.units_to_create:  # parents before children: a placeholder's parent is named already
            above = paths.get(unit.parent_id) if unit.parent_id is not None else None
            paths[unit.placeholder] = f"{above} / {unit.name}" if above else unit.name
            names[unit.placeholder] = f"{paths[unit.placeholder]}（新建）"
        return names

    def summary(self) -> str:
        parts = [f"{a.label} {self.count(a)} 人" for a in Action]
        skipped = sum(self.skipped.values())
        if skipped:
            parts.append(f"非人员行 {skipped} 行")
        return "，".join(parts)


def cell_problem(
    row: int, person: str, headers: list[str], column: int | None, value: Any, message: str, *, id_cell: bool
) -> Problem:
    """A row's problem with one of its cells, as every import says it: the column's header and the value, each cut
    short; an ID number Excel made a number is shown as Excel shows it (5.10104e+17), one of 15 digits as those."""
    from app.exchange.cells import cell_text  # cells reads this module's words: imported when first needed
    from app.exchange.limits import clip
    from app.people.idnumber import exact_15_digits

    header = headers[column] if column is not None and column < len(headers) else ""
    excel = isinstance(value, float) and id_cell and not exact_15_digits(value)  # a 15-digit one lost nothing
    shown = f"{value:.6g}" if excel else clip(cell_text(value))
    return Problem(row, clip(header, 20), shown, message, person=person)
