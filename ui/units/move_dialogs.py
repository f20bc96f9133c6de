"""The 组织单位 page's questions: where a unit moves to, and where a deleted unit's people go."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.units.service import Unit, descendants
from ui.units.tree import ID_ROLE, fill_tree
from ui.widgets import hint_label, ok_cancel_buttons


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
        self.items = fill_tree(self.tree, units, skip=descendants(units, unit_id))
        self.items_by_choice = {**self.items, None: top}
        current = self.items_by_choice.get(self.unit.parent_id)
        if current is not None:
            current.setText(0, current.text(0) + self.tr("（当前位置）"))
        self.tree.expandAll()
        layout.addWidget(hint_label(self.tr("不能移到它自己或它的下级单位之下，所以这些单位没有列出。")))

        self.buttons = ok_cancel_buttons(self, self.tr("移动"), self.tr("取消"))
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
        self.items = fill_tree(self.tree, units, skip={unit_id})
        self.tree.expandAll()
        layout.addWidget(
            hint_label(
                self.tr(
                    "人员调入所选单位、“{name}”移入回收站，两步一起完成；每人的调动都记入操作记录。"
                ).format(name=name)
            )
        )
        self.buttons = ok_cancel_buttons(self, self.tr("调入并删除"), self.tr("取消"))
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
