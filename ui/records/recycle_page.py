"""回收站: deleted records of every kind the registry bins, restored or purged for good from here only."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtWidgets import QAbstractItemView, QPushButton, QWidget

from app import recycle
from app.changes import OpChanges
from app.clock import local_text
from app.record_text import detail_text
from app.records import kind
from app.recycle import BinItem
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

NAMES_SHOWN = 10  # names listed in a question before "等 N 条"


class Col(IntEnum):
    TYPE, NAME, DETAIL, DELETED_AT, DELETED_BY = range(5)


HEADERS = {
    Col.TYPE: "类型",
    Col.NAME: "名称",
    Col.DETAIL: "详情",  # each kind says its own: 公民身份号码：…, 单位类别：…, 条线：… (record_text.detail_text)
    Col.DELETED_AT: "删除时间",
    Col.DELETED_BY: "删除人",
}


class BinModel(ReadOnlyTableModel[BinItem]):
    """The recycle bin's records, newest deletion first (as recycle.list_bin() orders them)."""

    headers = HEADERS

    @property
    def items(self) -> list[BinItem]:
        return self.rows

    def set_items(self, items: list[BinItem]) -> None:
        self.set_rows(items)

    def cells(self, record: BinItem) -> tuple[str, ...]:
        return (
            kind(record.entity).label,
            record.label,
            "；".join(filter(None, (detail_text(record.entity, record.detail), record.with_it))),
            local_text(record.deleted_at),
            record.deleted_by,
        )


def _names(items: list[BinItem]) -> str:
    shown = "、".join(f"“{item.label}”" for item in items[:NAMES_SHOWN])
    return shown + (f"等 {len(items)} 条记录" if len(items) > NAMES_SHOWN else "")


class RecyclePage(QWidget):
    """回收站. Public: `refresh(changes)`, `reload()`, `selected_items()`, `restore_selected()`, `purge_selected()`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = page_layout(
            self,
            self.tr("回收站"),
            hint=self.tr(
                "删除的人员、单位、培训、导师帮带等记录先放在这里，可以恢复；“彻底删除”后无法恢复。"
                "可以按住 Ctrl 或 Shift 选择多条。"
            ),
        )
        self.restore_button = QPushButton(self.tr("恢复"))
        self.purge_button = danger_button(self.tr("彻底删除"))
        layout.addLayout(button_row(self.restore_button, self.purge_button))

        self.model = BinModel(self)
        self.view = read_only_table(self.model, selection=QAbstractItemView.SelectionMode.ExtendedSelection)
        self.stack, self.empty_label = table_or_empty(
            self.view, self.tr("回收站是空的。\n\n删除的记录会先放在这里，需要时可以恢复。")
        )
        layout.addWidget(self.stack, 1)

        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.view.doubleClicked.connect(lambda _index: self.restore_selected())

    # --- loading -------------------------------------------------------------------------------

    def refresh(self, changes: OpChanges) -> None:
        if changes.recycle_bin or changes.everything:
            self.reload()

    def reload(self) -> None:
        selected = {(item.entity, item.id) for item in self.selected_items()}
        self.model.set_items(recycle.list_bin(self.ctx.db))
        self.stack.setCurrentWidget(self.view if self.model.items else self.empty_label)
        selection = self.view.selectionModel()
        for row, item in enumerate(self.model.items):
            if (item.entity, item.id) in selected:
                selection.select(
                    self.model.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
        self._update_buttons()

    def is_empty(self) -> bool:
        return not self.model.items

    def selected_items(self) -> list[BinItem]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.items[row] for row in rows if row < len(self.model.items)]

    def _update_buttons(self) -> None:
        has = bool(self.selected_items())
        self.restore_button.setEnabled(has)
        self.purge_button.setEnabled(has)

    # --- commands ------------------------------------------------------------------------------

    def restore_selected(self) -> None:
        self._apply(self.selected_items(), recycle.restore, recycle.restore_many, self.tr("无法恢复"))

    def purge_selected(self) -> None:
        items = self.selected_items()
        if not items:
            return
        if len(items) == 1:
            with_it = f"（{items[0].with_it}）" if items[0].with_it else ""
            question = self.tr(
                "确定要彻底删除{kind}“{name}”{with_it}吗？\n\n彻底删除后无法恢复，操作记录中只保留删除这件事。"
            ).format(kind=kind(items[0].entity).label, name=items[0].label, with_it=with_it)
        else:
            question = self.tr("确定要彻底删除以下 {n} 条记录吗？\n{names}\n\n彻底删除后无法恢复。").format(
                n=len(items), names=_names(items)
            )
        if not dialogs.ask(self, self.tr("彻底删除"), question, danger=True):
            return
        self._apply(items, recycle.purge, recycle.purge_many, self.tr("无法彻底删除"))

    def _apply(self, items: list[BinItem], one, many, title: str) -> None:
        """One item through ctx.perform (its refusal is the warning); several as one transaction in app/recycle,
        with one report of what was done and what was refused."""
        if not items:
            return
        db, actor = self.ctx.db, self.ctx.actor
        if len(items) == 1:
            item = items[0]
            self.ctx.perform(self, lambda: one(db, item.entity, item.id, actor), title=title)
            return
        outcome = many(db, [(item.entity, item.id) for item in items], actor)
        if outcome.done:
            self.ctx.announce(outcome.result.changes, outcome.result.message)
        if outcome.refused:
            head = self.tr("有 {n} 条记录没有处理：").format(n=len(outcome.refused)) if outcome.done else ""
            dialogs.warn(self, title, head + ("\n" if head else "") + "\n".join(outcome.refused))
