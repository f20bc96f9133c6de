"""组织单位: the tree of units on the left, the selected unit's form on the right."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.changes import OpChanges
from app.units.service import (
    UNIT_KINDS,
    Unit,
    children_map,
    create_unit,
    delete_unit,
    deletion_check,
    descendants,
    list_units,
    move_unit,
    unit_paths,
    update_unit,
)
from ui import dialogs
from ui.context import AppContext
from ui.widgets import hint_label, page_layout, selectable_label

ID_ROLE = Qt.ItemDataRole.UserRole
# The kind a new sub-unit most likely has, given its parent's kind.
NEXT_KIND = {"区/县": "街道/镇", "街道/镇": "社区/村"}
# Levels expanded the first time the tree is shown (district and streets: communities visible).
EXPAND_DEPTH = 2


class Col:
    NAME, KIND, PEOPLE, TOTAL = range(4)


def _fill_tree(
    tree: QTreeWidget, units: list[Unit], *, skip: set[int] = frozenset()
) -> dict[int, QTreeWidgetItem]:
    """Put `units` into `tree` as items (name in column 0, id in UserRole); returns id -> item."""
    by_id = {u.id: u for u in units}
    kids = children_map(units)
    items: dict[int, QTreeWidgetItem] = {}

    def add(unit: Unit, parent_item: QTreeWidgetItem | None) -> None:
        if unit.id in skip or unit.id in items:
            return
        item = QTreeWidgetItem([unit.name])
        item.setData(0, ID_ROLE, unit.id)
        if parent_item is None:
            tree.addTopLevelItem(item)
        else:
            parent_item.addChild(item)
        items[unit.id] = item
        for child in kids.get(unit.id, []):
            add(child, item)

    for unit in units:
        # Top-level units, and any unit whose parent is not living (defensive: shown at the top).
        if unit.parent_id is None or unit.parent_id not in by_id:
            add(unit, None)
    return items


@dataclass(frozen=True)
class ParentChoice:
    """The new parent picked in the move dialog; None means "make it a top-level unit"."""

    parent_id: int | None


class MoveUnitDialog(QDialog):
    """Pick a new parent for a unit: the unit itself and everything below it cannot be chosen."""

    TOP = -1  # the item meaning "no parent"

    def __init__(self, units: list[Unit], unit_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        by_id = {u.id: u for u in units}
        self.unit = by_id[unit_id]
        self.setWindowTitle(self.tr("移动单位"))
        self.resize(420, 480)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("把“{name}”移动到哪个单位之下？").format(name=self.unit.name)))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        layout.addWidget(self.tree, 1)

        top = QTreeWidgetItem([self.tr("（不设上级，作为顶级单位）")])
        top.setData(0, ID_ROLE, self.TOP)
        self.tree.addTopLevelItem(top)
        self.items = _fill_tree(self.tree, units, skip=descendants(units, unit_id))
        self.items_by_choice = {**{k: v for k, v in self.items.items()}, None: top}
        current = self.items_by_choice.get(self.unit.parent_id)
        if current is not None:
            current.setText(0, current.text(0) + self.tr("（当前位置）"))
        self.tree.expandAll()
        layout.addWidget(hint_label(self.tr("不能移到它自己或它的下级单位之下，所以这些单位没有列出。")))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("移动"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.tree.currentItemChanged.connect(self._update_ok)
        self.tree.itemDoubleClicked.connect(lambda *_: self._accept_if_ok())
        self.tree.setCurrentItem(top if current is None else current)
        self._update_ok()

    def choice(self) -> ParentChoice | None:
        """The chosen new parent, or None while nothing (or the current parent) is selected."""
        item = self.tree.currentItem()
        if item is None:
            return None
        value = item.data(0, ID_ROLE)
        parent_id = None if value == self.TOP else int(value)
        if parent_id == self.unit.parent_id:
            return None
        return ParentChoice(parent_id)

    def select(self, parent_id: int | None) -> None:
        self.tree.setCurrentItem(self.items_by_choice[parent_id])

    def _update_ok(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.choice() is not None)

    def _accept_if_ok(self) -> None:
        if self.choice() is not None:
            self.accept()


def choose_new_parent(parent: QWidget | None, units: list[Unit], unit_id: int) -> ParentChoice | None:
    """Ask where to move a unit (modal). None when cancelled. Tests replace this function."""
    dialog = MoveUnitDialog(units, unit_id, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.choice()
        return None
    finally:
        dialog.deleteLater()


class MovePeopleDialog(QDialog):
    """Before deleting a unit that still has people: pick the unit they move to (any other living unit)."""

    def __init__(self, units: list[Unit], unit_id: int, people: int, parent: QWidget | None = None):
        super().__init__(parent)
        name = next(u.name for u in units if u.id == unit_id)
        self.setWindowTitle(self.tr("删除单位"))
        self.resize(440, 500)
        layout = QVBoxLayout(self)
        self.question = QLabel(
            self.tr("“{name}”还有 {count} 名人员。删除前请选择把他们调到哪个单位：").format(
                name=name, count=people
            )
        )
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        layout.addWidget(self.tree, 1)
        self.items = _fill_tree(self.tree, units, skip={unit_id})
        self.tree.expandAll()
        layout.addWidget(
            hint_label(
                self.tr(
                    "人员调入所选单位、“{name}”移入回收站，两步一起完成；每人的调动都记入操作记录。"
                ).format(name=name)
            )
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("调入并删除"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.tree.currentItemChanged.connect(self._update_ok)
        self.tree.itemDoubleClicked.connect(lambda *_: self.target() is not None and self.accept())
        self._update_ok()

    def target(self) -> int | None:
        item = self.tree.currentItem()
        return int(item.data(0, ID_ROLE)) if item is not None else None

    def _update_ok(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.target() is not None)


def choose_move_target(parent: QWidget | None, units: list[Unit], unit_id: int, people: int) -> int | None:
    """Ask where the people of a unit about to be deleted go (modal). None when cancelled. Tests replace this."""
    dialog = MovePeopleDialog(units, unit_id, people, parent)
    try:
        return dialog.target() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


class UnitForm(QGroupBox):
    """名称, 类别, 上级单位 (shown only), 统一社会信用代码, 备注 and 保存 for one unit."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("单位信息"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        self.hint = hint_label()
        outer.addWidget(self.hint)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(60)
        self.name_edit.setPlaceholderText(self.tr("例如：东门社区"))
        self.kind_combo = QComboBox()
        self.kind_combo.addItems(list(UNIT_KINDS))
        self.parent_label = selectable_label()
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(24)
        self.code_edit.setPlaceholderText(self.tr("18位，可不填"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(90)
        form.addRow(self.tr("名称："), self.name_edit)
        form.addRow(self.tr("类别："), self.kind_combo)
        form.addRow(self.tr("上级单位："), self.parent_label)
        form.addRow(self.tr("统一社会信用代码："), self.code_edit)
        form.addRow(self.tr("备注："), self.note_edit)
        outer.addLayout(form)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("取消新增"))
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("保存（Ctrl+S）"))
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        outer.addStretch(1)

        self.dirty = False
        self.name_edit.textEdited.connect(self._mark_dirty)
        self.code_edit.textEdited.connect(self._mark_dirty)
        self.kind_combo.activated.connect(self._mark_dirty)
        self.note_edit.textChanged.connect(self._note_changed)
        self._loading = False

    def _mark_dirty(self, *_args) -> None:
        self.dirty = True
        self.edited.emit()

    def _note_changed(self) -> None:
        if not self._loading:
            self._mark_dirty()

    def load(self, values: dict, parent_text: str) -> None:
        self._loading = True
        try:
            self.name_edit.setText(values.get("name") or "")
            kind = values.get("kind") or UNIT_KINDS[0]
            if self.kind_combo.findText(kind) < 0:
                self.kind_combo.addItem(kind)  # an old kind no longer offered: show it rather than change it
            self.kind_combo.setCurrentText(kind)
            self.code_edit.setText(values.get("credit_code") or "")
            self.note_edit.setPlainText(values.get("note") or "")
            self.parent_label.setText(parent_text)
        finally:
            self._loading = False
        self.dirty = False

    def values(self) -> dict:
        return {
            "name": self.name_edit.text(),
            "kind": self.kind_combo.currentText(),
            "credit_code": self.code_edit.text(),
            "note": self.note_edit.toPlainText(),
        }

    def set_fields_enabled(self, enabled: bool) -> None:
        for widget in (self.name_edit, self.kind_combo, self.code_edit, self.note_edit, self.save_button):
            widget.setEnabled(enabled)


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
            action.setToolTip(self._tooltip(action))
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

    def _tooltip(self, action: QAction) -> str:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        return f"{action.text()}（{keys}）" if keys else action.text()

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
            self.items = _fill_tree(self.tree, self.units)
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
