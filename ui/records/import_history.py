"""导入记录: every roster import, with its counts, and the undo of the most recent one."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QPushButton, QWidget

from app.changes import OpChanges
from app.clock import local_text
from app.exchange.import_commit import ImportBatch, list_imports, undo_import
from ui import dialogs
from ui.context import AppContext
from ui.widgets import (
    ReadOnlyTableModel,
    button_row,
    danger_button,
    page_layout,
    read_only_table,
    table_or_empty,
)


class Col(IntEnum):
    TIME, FILE, SHEET, ACTOR, ADDED, UPDATED, UNCHANGED, REJECTED, NEW_UNITS, STATUS = range(10)


HEADERS = {
    Col.TIME: "时间",
    Col.FILE: "文件",
    Col.SHEET: "工作表",
    Col.ACTOR: "操作人",
    Col.ADDED: "新增",
    Col.UPDATED: "更新",
    Col.UNCHANGED: "无变化",
    Col.REJECTED: "拒绝",
    Col.NEW_UNITS: "新建单位",
    Col.STATUS: "状态",
}
NUMBER_COLUMNS = (Col.ADDED, Col.UPDATED, Col.UNCHANGED, Col.REJECTED, Col.NEW_UNITS)


def undoable_batch(batches: list[ImportBatch]) -> ImportBatch | None:
    """The one import that can be undone: the newest one not undone yet (`list_imports` lists newest first)."""
    return next((b for b in batches if not b.undone_at), None)


class ImportsModel(ReadOnlyTableModel[ImportBatch]):
    headers = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.undoable_id: int | None = None

    def set_batches(self, batches: list[ImportBatch]) -> None:
        batch = undoable_batch(batches)
        self.undoable_id = batch.id if batch else None
        self.set_rows(batches)

    def cells(self, record: ImportBatch) -> tuple[str, ...]:
        if record.undone_at:
            status = self.tr("已撤销 {0}").format(local_text(record.undone_at))
            if record.undone_by and record.undone_by != record.actor:  # who, when it was not the importer
                status += self.tr("（{0}）").format(record.undone_by)
        elif record.id == self.undoable_id:
            status = self.tr("已导入（可撤销）")
        else:
            status = self.tr("已导入")
        return (
            local_text(record.imported_at),
            record.file_name,
            record.sheet,
            record.actor,
            str(record.added),
            str(record.updated),
            str(record.unchanged),
            str(record.rejected),
            str(record.new_units),
            status,
        )

    def role_data(self, record: ImportBatch, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and record.undone_at:
            return QBrush(QColor("#8a96a3"))
        if role == Qt.ItemDataRole.ToolTipRole and column == Col.FILE:
            return record.file_name
        if role == Qt.ItemDataRole.ToolTipRole and column == Col.STATUS and record.undone_at:
            return self.tr("{0} 于 {1} 撤销").format(record.undone_by or "", local_text(record.undone_at))
        return None


class ImportHistoryPage(QWidget):
    """导入记录. Public: `refresh(changes)`, `reload()`, `selected_batch()`, `undo_selected()`, `import_roster()`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = page_layout(
            self,
            self.tr("导入记录"),
            hint=self.tr(
                "每次导入花名册都记录在这里。只能撤销最近一次还没有撤销的导入：这次导入新增的人员和新建的单位"
                "将被删除，更新过的人员恢复为导入前的信息；撤销前会自动备份数据库。"
            ),
        )
        self.import_button = QPushButton(self.tr("导入花名册…"))
        self.undo_button = danger_button(self.tr("撤销所选导入"))
        layout.addLayout(button_row(self.import_button, self.undo_button))

        self.model = ImportsModel(self)
        self.view = read_only_table(self.model)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Col.FILE, QHeaderView.ResizeMode.Stretch)  # the rest fit their text
        self.stack, self.empty_label = table_or_empty(
            self.view,
            self.tr("还没有导入过花名册。\n\n点“导入花名册…”，选择街道、社区报送的 Excel 或 CSV 文件。"),
        )
        layout.addWidget(self.stack, 1)

        self.import_button.clicked.connect(self.import_roster)
        self.undo_button.clicked.connect(self.undo_selected)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    # --- loading -----------------------------------------------------------------------------------------

    def refresh(self, changes: OpChanges) -> None:
        if changes.imports or changes.everything:
            self.reload()

    def reload(self) -> None:
        selected = self.selected_batch()
        self.model.set_batches(list_imports(self.ctx.db))
        self.stack.setCurrentWidget(self.view if self.model.rows else self.empty_label)
        keep = next((r for r, b in enumerate(self.model.rows) if selected and b.id == selected.id), None)
        if keep is None and self.model.rows:
            keep = 0  # the newest import: the one a clerk most likely looks at (and may undo)
        if keep is not None:
            self.view.selectRow(keep)
        self._update_buttons()

    def selected_batch(self) -> ImportBatch | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        batch = self.selected_batch()
        can = batch is not None and batch.id == self.model.undoable_id
        self.undo_button.setEnabled(can)
        if batch is None:
            tip = self.tr("请先选择一次导入")
        elif batch.undone_at:
            tip = self.tr("这次导入已经撤销过了")
        elif not can:
            tip = self.tr("只能撤销最近一次导入：请先撤销之后的导入")
        else:
            tip = self.tr("撤销这次导入")
        self.undo_button.setToolTip(tip)

    # --- commands ----------------------------------------------------------------------------------------

    def undo_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None or batch.id != self.model.undoable_id:
            return
        effects = []
        if batch.added:
            effects.append(self.tr("· 删除这次新增的 {0} 人").format(batch.added))
        if batch.updated:
            effects.append(self.tr("· 把这次更新的 {0} 人恢复为导入前的信息").format(batch.updated))
        if batch.new_units:
            effects.append(
                self.tr("· 删除这次新建的 {0} 个单位（之后又有人员加入的单位保留）").format(batch.new_units)
            )
        question = self.tr(
            "撤销 {0} 由 {1} 导入的“{2}”吗？\n\n{3}\n\n撤销前会自动备份数据库。导入之后又修改过的人员无法自动撤销，"
            "那时会提示您逐条处理。"
        ).format(
            local_text(batch.imported_at),
            batch.actor,
            batch.file_name,
            "\n".join(effects) or self.tr("· 这次导入没有写入任何数据，只标记为已撤销"),
        )
        if not dialogs.ask(self, self.tr("撤销导入"), question, danger=True):
            return
        ctx = self.ctx
        ctx.perform(
            self,
            lambda: undo_import(ctx.db, ctx.office.path, batch.id, ctx.actor),
            title=self.tr("无法撤销导入"),
        )

    def import_roster(self) -> None:
        from ui.exchange.wizard import open_import_wizard

        open_import_wizard(self.ctx, self)
