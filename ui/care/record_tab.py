"""One tab of 关怀记录: a year's records of one kind (events, visits, talks, health checks) with 新增, 修改 and
移入回收站. What differs between the kinds — columns, how a year is loaded, the form — is a RecordSpec."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.care.service import remove_record
from ui import dialogs
from ui.care import form_parts
from ui.context import AppContext
from ui.widgets import ReadOnlyTableModel, read_only_table, table_or_empty, with_shortcut

_LATE = QBrush(QColor("#b91c1c"))


@dataclass(frozen=True)
class RecordSpec:
    entity: str  # care_event … (app/records.py)
    noun: str  # 事件, 走访慰问 …
    headers: tuple[str, ...]
    cells: Callable[[Any], Sequence[str]]
    load: Callable[[Any, int | None], list]  # (db, year or None for every year) → rows
    form: Callable[[AppContext, QWidget, Any], form_parts.CareForm]  # (ctx, parent, row or None)
    name: Callable[[Any], str]  # how the confirmation names one row
    widths: tuple[int, ...] = ()
    stretch: int = -1  # the column that takes the spare width
    right: tuple[int, ...] = ()  # columns of numbers, right-aligned
    total: Callable[[list], str] | None = None  # what the count line adds (金额合计 …)
    late: Callable[[Any], bool] | None = None  # a row shown red: a duty past its date


class SpecModel(ReadOnlyTableModel[Any]):
    def __init__(self, spec: RecordSpec, parent=None):
        super().__init__(parent)
        self.spec = spec
        self.headers = spec.headers

    def cells(self, record: Any) -> Sequence[str]:
        return self.spec.cells(record)

    def role_data(self, record: Any, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.spec.cells(record)[column] or None  # a long note, whole
        if role == Qt.ItemDataRole.ForegroundRole and self.spec.late is not None and self.spec.late(record):
            return _LATE
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.spec.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RecordTab(QWidget):
    """Public: `reload(year)`, `model`, `table`, `add()`, `edit_current()`, `remove_current()`."""

    def __init__(self, ctx: AppContext, spec: RecordSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.spec = ctx, spec
        self.year: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)  # inside the tab frame, not on it
        self.add_button = QPushButton(self.tr("新增{0}…").format(spec.noun))
        self.edit_button = QPushButton(self.tr("修改…"))
        self.edit_button.setShortcut(QKeySequence("F2"))
        self.edit_button.setToolTip(with_shortcut(self.tr("修改选中的记录"), QKeySequence("F2")))
        self.remove_button = QPushButton(self.tr("移入回收站"))
        self.remove_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setToolTip(self.tr("把列表中显示的记录保存为 Excel 文件"))
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找：姓名、类别、走访人……"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(lambda _text: self._show())
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addWidget(self.search)
        row.addStretch(1)
        row.addWidget(self.count_label)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.model = SpecModel(spec, self)
        self.table = read_only_table(self.model, resize=QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate(spec.widths):
            header.resizeSection(column, width)
        if spec.stretch >= 0:
            header.setStretchLastSection(False)
            header.setSectionResizeMode(spec.stretch, QHeaderView.ResizeMode.Stretch)
        self._nothing_yet = self.tr("这一年还没有{0}记录。").format(spec.noun)
        self.stack, self.empty = table_or_empty(self.table, self._nothing_yet)
        layout.addWidget(self.stack, 1)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.export_button.clicked.connect(self.export_shown)
        self.table.activated.connect(lambda _index: self.edit_current())  # double click or Enter

    def reload(self, year: int | None) -> None:
        self.year = year
        self.all_rows = self.spec.load(self.ctx.db, year)
        self._show()

    def _show(self) -> None:
        """The year's rows, or those whose text holds what is typed in 查找."""
        row = self.table.currentIndex().row()
        needle = self.search.text().strip()
        rows = (
            [r for r in self.all_rows if needle in "\t".join(self.spec.cells(r))] if needle else self.all_rows
        )
        self.model.set_rows(rows)
        count = self.model.rowCount()
        extra = self.spec.total(rows) if self.spec.total and rows else ""
        shown = self.tr("共 {0} 条").format(count) if not needle else self.tr("找到 {0} 条").format(count)
        self.count_label.setText(shown + extra)
        self.stack.setCurrentIndex(0 if count else 1)
        nothing = self.tr("没有找到“{0}”。").format(needle) if needle else self._nothing_yet
        self.empty.setText(nothing)
        if count:
            self.table.selectRow(min(max(row, 0), count - 1))
        for button in (self.edit_button, self.remove_button, self.export_button):
            button.setEnabled(bool(count))

    def current(self) -> Any:
        return self.model.row_at(self.table.currentIndex().row())

    def add(self) -> None:
        form_parts.run_form(self.spec.form(self.ctx, self, None))

    def edit_current(self) -> None:
        record = self.current()
        if record is not None:
            form_parts.run_form(self.spec.form(self.ctx, self, record))

    def remove_current(self) -> None:
        record = self.current()
        if record is None:
            return
        question = self.tr("将{0}“{1}”移入回收站吗？（可在回收站恢复）").format(
            self.spec.noun, self.spec.name(record)
        )
        if not dialogs.ask(self, self.tr("移入回收站"), question, danger=True):
            return
        db, actor, entity = self.ctx.db, self.ctx.actor, self.spec.entity
        self.ctx.perform(
            self, lambda: remove_record(db, entity, record.id, actor), title=self.tr("无法移入回收站")
        )

    def export_shown(self) -> Path | None:
        """The rows as listed (the year, and what 查找 leaves) to .xlsx, with the columns on screen."""
        from app.care.export import export_list
        from app.exchange.xlsx_out import ExportError

        title = self.tr("{0}{1}").format(f"{self.year}年" if self.year else "", self.spec.noun)
        out = dialogs.save_file(
            self, self.tr("导出{0}").format(self.spec.noun), "Excel 文件 (*.xlsx)", f"{title}.xlsx"
        )
        if out is None:
            return None
        rows = [list(self.spec.cells(r)) for r in self.model.rows]
        try:
            count = export_list(title, self.spec.headers, rows, out, numbers=self.spec.right)
        except (ExportError, OSError) as exc:
            dialogs.warn(self, self.tr("无法导出"), str(exc))
            return None
        dialogs.inform(
            self,
            self.tr("已导出"),
            self.tr("已把 {0} 条{1}记录导出到：\n{2}").format(count, self.spec.noun, out),
        )
        return out
