"""组织单位: the tree of units on the left, the selected unit's form on the right.

The dialogs live in ui.units.move_dialogs and the form in ui.units.form; the page calls `choose_new_parent` and
`choose_move_target` through this module, so tests replace them here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QSplitter, QToolBar, QTreeWidget, QTreeWidgetItem, QWidget

from app.changes import OpChanges
from app.units.service import (
    UNIT_KINDS,
    Unit,
    children_map,
    create_unit,
    delete_unit,
    deletion_check,
    list_units,
    move_unit,
    unit_paths,
    update_unit,
)
from ui import dialogs
from ui.context import AppContext
from ui.units.form import UnitForm
from ui.units.move_dialogs import (
    MovePeopleDialog,
    MoveUnitDialog,
    ParentChoice,
    choose_move_target,
    choose_new_parent,
)
from ui.units.tree import ID_ROLE, fill_tree
from ui.widgets import page_layout, with_shortcut

__all__ = [
    "MovePeopleDialog",
    "MoveUnitDialog",
    "ParentChoice",
    "UnitForm",
    "UnitsPage",
    "choose_move_target",
    "choose_new_parent",
]

# The kind a new sub-unit most likely has, given its parent's kind.
NEXT_KIND = {"区/县": "街道/镇", "街道/镇": "社区/村"}
# Levels expanded the first time the tree is shown (district and streets: communities visible).
EXPAND_DEPTH = 2


class Col:
    NAME, KIND, PEOPLE, TOTAL = range(4)


class UnitsPage(QWidget):
    """组织单位. Public: `refresh(changes)`, `select_unit(unit_id)`, `selected_unit_id()`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.units: list[Unit] = []
        self.by_id: dict[int, Unit] = {}
        self.items: dict[int, QTreeWidgetItem] = {}
        self.paths: dict[int, str] = {}
        self._loaded_once = False
        self._new_parent: int | None | bool = False  # False: editing; None or an id: creating under it
        self._build()
        self.reload()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = page_layout(self, self.tr("组织单位"))

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_child_action = QAction(self.tr("新增下级单位"), self)
        self.add_child_action.setShortcut(QKeySequence("Ctrl+N"))
        self.add_top_action = QAction(self.tr("新增顶级单位"), self)
        self.move_action = QAction(self.tr("移动到…"), self)
        self.move_action.setShortcut(QKeySequence("Ctrl+M"))
        self.delete_action = QAction(self.tr("删除"), self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.save_action = QAction(self.tr("保存"), self)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        for action in (self.add_child_action, self.move_action, self.delete_action, self.save_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for action in (self.add_child_action, self.add_top_action, self.move_action, self.delete_action):
            self.toolbar.addAction(action)
            action.setToolTip(with_shortcut(action.text(), action.shortcut()))
        layout.addWidget(self.toolbar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("名称"), self.tr("类别"), self.tr("人数"), self.tr("含下级人数")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.addActions(
            [self.add_child_action, self.add_top_action, self.move_action, self.delete_action]
        )
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Col.NAME, QHeaderView.ResizeMode.Stretch)
        for col in (Col.KIND, Col.PEOPLE, Col.TOTAL):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        splitter.addWidget(self.tree)

        self.form = UnitForm()
        self.form.addAction(self.save_action)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 420])
        layout.addWidget(splitter, 1)
        self.addAction(self.add_child_action)
        self.addAction(self.move_action)

        self.add_child_action.triggered.connect(self.add_child)
        self.add_top_action.triggered.connect(self.add_top)
        self.move_action.triggered.connect(self.move_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        self.save_action.triggered.connect(self.save)
        self.form.save_button.clicked.connect(self.save)
        self.form.cancel_button.clicked.connect(self.cancel_new)
        self.tree.currentItemChanged.connect(self._current_changed)

    # --- loading -------------------------------------------------------------------------------

    def refresh(self, changes: OpChanges) -> None:
        # People counts live in the tree, so a change to people matters too.
        if changes.units or changes.people or changes.everything:
            self.reload(force_form=changes.everything)

    def reload(self, *, force_form: bool = False) -> None:
        selected = self.selected_unit_id()
        expanded = {uid for uid, item in self.items.items() if item.isExpanded()}
        first = not self._loaded_once
        self.units = list_units(self.ctx.db)
        self.by_id = {u.id: u for u in self.units}
        self.paths = unit_paths(self.units)
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            self.items = fill_tree(self.tree, self.units)
            self._fill_columns()
            for unit_id, item in self.items.items():
                if first:
                    item.setExpanded(self._depth(item) < EXPAND_DEPTH)
                else:
                    item.setExpanded(unit_id in expanded)
        finally:
            self.tree.blockSignals(False)
        self._loaded_once = True
        if force_form:
            self._new_parent = False
            self.form.dirty = False
        if selected not in self.by_id:
            selected = self._fallback_selection(selected)
        self._select(selected, load_form=not self.form.dirty)
        self._update_actions()

    def _fill_columns(self) -> None:
        kids = children_map(self.units)
        totals: dict[int, int] = {}

        def total(unit: Unit) -> int:
            if unit.id not in totals:
                totals[unit.id] = unit.people + sum(total(child) for child in kids.get(unit.id, []))
            return totals[unit.id]

        for unit in self.units:
            item = self.items[unit.id]
            item.setText(Col.KIND, unit.kind)
            item.setText(Col.PEOPLE, str(unit.people))
            item.setText(Col.TOTAL, str(total(unit)))
            for col in (Col.PEOPLE, Col.TOTAL):
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(Col.NAME, self.paths.get(unit.id, unit.name))

    @staticmethod
    def _depth(item: QTreeWidgetItem) -> int:
        depth = 0
        while item.parent() is not None:
            item = item.parent()
            depth += 1
        return depth

    def _fallback_selection(self, _gone: int | None) -> int | None:
        if self.units:
            top = self.tree.topLevelItem(0)
            return int(top.data(0, ID_ROLE)) if top is not None else None
        return None

    # --- selection -----------------------------------------------------------------------------

    def selected_unit_id(self) -> int | None:
        item = self.tree.currentItem()
        return int(item.data(0, ID_ROLE)) if item is not None else None

    def select_unit(self, unit_id: int) -> None:
        self._select(unit_id, load_form=True)

    def _select(self, unit_id: int | None, *, load_form: bool) -> None:
        item = self.items.get(unit_id) if unit_id is not None else None
        self.tree.blockSignals(True)
        try:
            if item is None:
                self.tree.setCurrentItem(None)
            else:
                parent = item.parent()
                while parent is not None:
                    parent.setExpanded(True)
                    parent = parent.parent()
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
        finally:
            self.tree.blockSignals(False)
        if self._new_parent is not False:
            return  # a new unit is being typed: leave the form alone
        if load_form or unit_id not in self.by_id:
            self._load_form(unit_id)
        self._update_actions()

    def _current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        self._new_parent = False
        self._load_form(int(current.data(0, ID_ROLE)) if current is not None else None)
        self._update_actions()

    def _load_form(self, unit_id: int | None) -> None:
        unit = self.by_id.get(unit_id) if unit_id is not None else None
        self.form.cancel_button.setVisible(False)
        if unit is None:
            self.form.setTitle(self.tr("单位信息"))
            self.form.load({}, "")
            self.form.set_fields_enabled(False)
            if self.units:
                self.form.hint.setText(self.tr("请在左侧选择一个单位。"))
            else:
                self.form.hint.setText(self.tr("还没有组织单位。请先点击“新增顶级单位”，建立本区（县）。"))
            self.form.hint.setVisible(True)
            return
        self.form.setTitle(self.tr("单位信息"))
        self.form.hint.setVisible(False)
        self.form.set_fields_enabled(True)
        self.form.load(
            {"name": unit.name, "kind": unit.kind, "credit_code": unit.credit_code, "note": unit.note},
            self._parent_text(unit.parent_id),
        )

    def _parent_text(self, parent_id: int | None) -> str:
        if parent_id is None:
            return self.tr("（无，顶级单位）")
        parent = self.by_id.get(parent_id)
        if parent is None:
            return ""
        return self.paths.get(parent_id) or parent.name

    def _update_actions(self) -> None:
        has = self.selected_unit_id() is not None
        creating = self._new_parent is not False
        self.add_child_action.setEnabled(has)
        self.move_action.setEnabled(has and not creating)
        self.delete_action.setEnabled(has and not creating)

    # --- commands ------------------------------------------------------------------------------

    def add_child(self) -> None:
        parent_id = self.selected_unit_id()
        if parent_id is None:
            return
        self._start_new(parent_id)

    def add_top(self) -> None:
        self._start_new(None)

    def _start_new(self, parent_id: int | None) -> None:
        self._new_parent = parent_id
        parent = self.by_id.get(parent_id) if parent_id is not None else None
        kind = NEXT_KIND.get(parent.kind, parent.kind) if parent else UNIT_KINDS[0]
        if parent is None:
            self.form.setTitle(self.tr("新增顶级单位"))
        else:
            self.form.setTitle(self.tr("新增下级单位"))
        self.form.load({"kind": kind}, self._parent_text(parent_id))
        self.form.hint.setText(self.tr("填写新单位的信息，然后点击“保存”。"))
        self.form.hint.setVisible(True)
        self.form.set_fields_enabled(True)
        self.form.cancel_button.setVisible(True)
        self.form.name_edit.setFocus()
        self._update_actions()

    def cancel_new(self) -> None:
        self._new_parent = False
        self.form.dirty = False
        self._load_form(self.selected_unit_id())
        self._update_actions()

    def save(self) -> None:
        values = self.form.values()
        db, actor = self.ctx.db, self.ctx.actor
        if self._new_parent is not False:
            data = {**values, "parent_id": self._new_parent}
            result = self.ctx.perform(
                self, lambda: create_unit(db, data, actor), title=self.tr("无法新增单位")
            )
            if result is None:
                return  # the warning was shown; what was typed stays in the form
            self._new_parent = False
            self.form.dirty = False
            if result.record_id not in self.by_id:
                self.reload()  # nobody relayed the change to this page
            self.select_unit(result.record_id)
            return
        unit_id = self.selected_unit_id()
        if unit_id is None:
            return
        result = self.ctx.perform(
            self, lambda: update_unit(db, unit_id, values, actor), title=self.tr("无法保存")
        )
        if result is None:
            return
        self.form.dirty = False
        self.select_unit(unit_id)

    def move_selected(self) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is None or self._new_parent is not False:
            return
        choice = choose_new_parent(self, self.units, unit_id)
        if choice is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        result = self.ctx.perform(
            self, lambda: move_unit(db, unit_id, choice.parent_id, actor), title=self.tr("无法移动")
        )
        if result is not None:
            if self.by_id.get(unit_id) is None or self.by_id[unit_id].parent_id != choice.parent_id:
                self.reload()
            self.select_unit(unit_id)

    def delete_selected(self) -> None:
        """Check first, then ask once: refused outright with sub-units; with people, the question is where they
        go (moved in the same step); otherwise "确定…吗"."""
        unit_id = self.selected_unit_id()
        if unit_id is None or self._new_parent is not False:
            return
        unit = self.by_id[unit_id]
        people, subunits = deletion_check(self.ctx.db, unit_id)
        title = self.tr("删除单位")
        if subunits:
            text = self.tr("“{name}”下还有 {count} 个下级单位，请先删除或移走下级单位，再删除它。")
            dialogs.warn(self, self.tr("无法删除"), text.format(name=unit.name, count=subunits))
            return
        target = None
        if people:
            target = choose_move_target(self, self.units, unit_id, people)
            if target is None:
                return
        else:
            question = self.tr("确定将“{name}”移入回收站吗？\n移入回收站后，可以在“回收站”中恢复。")
            if not dialogs.ask(self, title, question.format(name=unit.name)):
                return
        db, actor = self.ctx.db, self.ctx.actor
        result = self.ctx.perform(
            self,
            lambda: delete_unit(db, unit_id, actor, move_people_to=target),
            title=self.tr("无法删除"),
        )
        if result is None:
            return
        if unit_id in self.by_id:
            self.reload()
        if unit.parent_id is not None and unit.parent_id in self.by_id:
            self.select_unit(unit.parent_id)
