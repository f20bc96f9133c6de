"""The score grid's model: people of a period down, the scheme's components (and X) across, then 总分, 名次, 等次
and 标记 worked out by the engine in memory as the clerk types.

Rows stay in one order (unit, then name) while scores change: a row that jumped to its new rank under the
cursor would have the next score typed into the wrong person. A value outside 0–max is never written: the cell
keeps what was typed, shown in red, and `problem` says the limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.appraisal.ranking import Member, RankedRow, rank_members
from app.appraisal.rules import BONUS_KEY, Result, Scheme, excel_number, score_problem
from app.appraisal.service import Period, ScoreInput, decimal_text
from app.appraisal.weighing import weigh

_Index = QModelIndex | QPersistentModelIndex
_BAD = QBrush(QColor("#c02020"))
_BAD_BACK = QBrush(QColor("#fde8e8"))
_COMPUTED_BACK = QBrush(QColor("#f3f6f9"))
_PENDING = QBrush(QColor("#b45309"))
_ANSWERED = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
    )
)


@dataclass(frozen=True)
class Column:
    """One column of the grid: `key` is a component key, BONUS_KEY for X, or one of the fixed names."""

    key: str
    title: str
    max_score: Decimal | None = None  # set for the columns a clerk types into

    @property
    def editable(self) -> bool:
        return self.max_score is not None


NAME, UNIT, TOTAL, PLACE, GRADE, FLAGS = "name", "unit", "total", "place", "grade", "flags"


def grid_columns(period: Period) -> list[Column]:
    scheme = period.scheme
    columns = [Column(NAME, "姓名"), Column(UNIT, "工作单位")]
    columns += [Column(c.key, c.name, c.max_score) for c in scheme.components]
    if scheme.bonus_cap is not None:
        columns.append(Column(BONUS_KEY, scheme.bonus_name, scheme.bonus_cap))
    return [
        *columns,
        Column(TOTAL, "总分"),
        Column(PLACE, "名次"),
        Column(GRADE, "等次"),
        Column(FLAGS, "标记"),
    ]


# A write of one person's scores: returns True when it was saved (ctx.perform said nothing against it).
Writer = Callable[[ScoreInput], bool]
# What the model holds: a callable giving the writer (a weakref.WeakMethod), or None while nothing writes.
WriterRef = Callable[[], Writer | None]


class ScoreModel(QAbstractTableModel):
    problem = Signal(str)  # what is wrong with the value just typed ('' when nothing is)
    ranked = Signal()  # totals, places or grades changed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.period: Period | None = None
        self.columns: list[Column] = []
        self.members: list[Member] = []
        self._results: dict[int, RankedRow] = {}
        self._bad: dict[tuple[int, str], str] = {}  # (person id, column key) -> the refused text, as typed
        self._preview: tuple[int, str, Decimal | None] | None = None  # (row, key, value) being typed
        self.writer: WriterRef | None = None
        self.read_only = False

    # --- data in -------------------------------------------------------------------------------------
    def set_period(self, period: Period | None, members: list[Member]) -> None:
        self.beginResetModel()
        if period is None or self.period is None or period.id != self.period.id:
            self._bad.clear()  # a reload of the same period keeps what was refused, still in red
        self.period = period
        self.columns = grid_columns(period) if period is not None else []
        self.members = sorted(members, key=lambda m: m.unit_name)  # stable: pinyin order within a unit
        self._preview = None
        self.read_only = period is None or period.finalized
        self._rank()
        self.endResetModel()

    def _rank(self) -> None:
        if self.period is None:
            self._results = {}
            return
        members = self.members
        if self._preview is not None:
            row, key, value = self._preview
            members = list(members)
            members[row] = self._with(members[row], key, value, self.period.scheme)
        rows = rank_members(self.period, members, self.period.split)
        self._results = {r.member.person_id: r for r in rows}

    def _rerank(self) -> None:
        self._rank()
        first = self.column_of(TOTAL)
        if self.members and first is not None:
            self.dataChanged.emit(
                self.index(0, first), self.index(len(self.members) - 1, len(self.columns) - 1)
            )
        self.ranked.emit()

    # --- questions -----------------------------------------------------------------------------------
    def column_of(self, key: str) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.key == key), None)

    def editable_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.editable]

    def result_of(self, row: int) -> Result | None:
        ranked = self._results.get(self.members[row].person_id)
        return ranked.result if ranked else None

    def person_id(self, row: int) -> int:
        return self.members[row].person_id

    def row_of(self, person_id: int) -> int | None:
        return next((i for i, m in enumerate(self.members) if m.person_id == person_id), None)

    def refused_text(self, row: int, column: int) -> str | None:
        return self._bad.get((self.members[row].person_id, self.columns[column].key))

    def refused(self) -> list[tuple[str, str, str]]:
        """(name, column title, text as typed) of every cell whose value was refused and is not saved."""
        titles = {c.key: c.title for c in self.columns}
        names = {m.person_id: m.name for m in self.members}
        return [(names[p], titles[k], text) for (p, k), text in self._bad.items() if p in names]

    def counts(self) -> dict[str, int]:
        """How many people are 待补录 and 待定 (for the line under the grid)."""
        found = {"待补录": 0, "待定": 0}
        for ranked in self._results.values():
            for flag in found:
                if flag in ranked.result.flags:
                    found[flag] += 1
        return found

    # --- editing -------------------------------------------------------------------------------------
    def value_problem(self, column: Column, text: str) -> tuple[Decimal | None, str | None]:
        """(the value, None) or (None, what is wrong) for text typed into a score column; blank is None."""
        if not text.strip():
            return None, None
        try:
            value = excel_number(text)
        except ValueError as exc:
            return None, f"{column.title}：{exc}"
        return value, score_problem(self.period.scheme, column.key, value)

    def preview(self, row: int, column: int, text: str) -> None:
        """While the clerk types: totals, places and grades as if the cell held `text` (nothing is saved)."""
        col = self.columns[column]
        value, problem = self.value_problem(col, text)
        self.problem.emit(problem or "")
        self._preview = (row, col.key, value) if problem is None else None
        self._rerank()

    def end_preview(self) -> None:
        """The editor closed without a value written (Esc): back to what is stored."""
        if self._preview is not None:
            self._preview = None
            self._rerank()

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        row, col = index.row(), self.columns[index.column()]
        member = self.members[row]
        self._preview = None
        text = "" if value is None else str(value).strip()
        number, problem = self.value_problem(col, text)
        key = (member.person_id, col.key)
        if problem is not None:
            self._bad[key] = text  # kept as typed, in red, until it is corrected
            self.problem.emit(problem)
            self._rerank()  # the preview of a previous keystroke is undone
            self.dataChanged.emit(index, index)
            return False
        unchanged = self._current(member, col.key) == number
        writer = self.writer() if self.writer is not None else None
        if unchanged or writer is None or writer(self._input(member, col.key, number)):
            self._bad.pop(key, None)
            self.members[row] = self._with(member, col.key, number, self.period.scheme)
        self.problem.emit("")
        self._rerank()
        self.dataChanged.emit(index, index)
        return True

    @staticmethod
    def _current(member: Member, key: str) -> Decimal | None:
        return member.entry.bonus if key == BONUS_KEY else member.entry.scores.get(key)

    @staticmethod
    def _with(member: Member, key: str, value: Decimal | None, scheme: Scheme) -> Member:
        """The member with one score changed, weighed again (the others keep theirs)."""
        entry = member.entry
        if key == BONUS_KEY:
            entry = replace(entry, bonus=value)
        else:
            scores = dict(entry.scores)
            if value is None:
                scores.pop(key, None)
            else:
                scores[key] = value
            entry = replace(entry, scores=scores)
        weigh(scheme, [entry])
        return replace(member, entry=entry)

    @staticmethod
    def _input(member: Member, key: str, value: Decimal | None) -> ScoreInput:
        if key == BONUS_KEY:
            return ScoreInput(member.person_id, bonus=value, set_bonus=True)
        return ScoreInput(member.person_id, {key: value})

    # --- Qt model API --------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.members)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.title
        if role == Qt.ItemDataRole.ToolTipRole and col.editable:
            return self.tr("{0}：0 到 {1} 分").format(col.title, decimal_text(col.max_score))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.read_only and self.columns[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        # The view asks every visible cell for a dozen roles on each repaint (every keystroke repaints the
        # totals): the roles answered are checked first, before any lookup.
        if role not in _ANSWERED or not index.isValid() or not 0 <= index.row() < len(self.members):
            return None
        member, col = self.members[index.row()], self.columns[index.column()]
        refused = self._bad.get((member.person_id, col.key))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if refused is not None:
                return refused
            return self._text(member, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if refused is not None:
                return _BAD
            if (
                col.key in (GRADE, FLAGS)
                and (result := self.result_of(index.row()))
                and "待定" in result.flags
            ):
                return _PENDING
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if refused is not None:
                return _BAD_BACK
            return None if col.editable or col.key in (NAME, UNIT) else _COMPUTED_BACK
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), member, col, refused)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.key not in (NAME, UNIT, FLAGS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, member: Member, col: Column) -> str:
        if col.editable:
            value = self._current(member, col.key)
            return "" if value is None else decimal_text(value)
        if col.key == NAME:
            return member.name
        if col.key == UNIT:
            return member.unit_name
        result = self._results.get(member.person_id)
        if result is None:
            return ""
        result = result.result
        if col.key == TOTAL:
            return "" if result.total is None else f"{result.total:.2f}"
        if col.key == PLACE:
            return "" if result.place is None else str(result.place)
        if col.key == GRADE:
            return result.grade or ""
        return "、".join(result.flags)

    def _tooltip(self, row: int, member: Member, col: Column, refused: str | None) -> str | None:
        if refused is not None:
            _value, problem = self.value_problem(col, refused)
            return problem
        if col.key == UNIT:
            return member.unit_name or None
        if col.key in (TOTAL, PLACE, GRADE, FLAGS):
            ranked = self._results.get(member.person_id)
            if ranked is None:
                return None
            group = self.tr("（{0}组）").format(ranked.group) if ranked.group else ""
            return ranked.result.reason + group
        return None
