"""The parts of the scheme editor that hold lists: the components (name, weight in %, maximum) and the ordered
tie-breakers chosen among them, plus reading a typed number in the editor's words.

A component keeps its stable key while its name is edited: the scores already stored are keyed by it, and a
copied scheme keeps the keys so that one score sheet imports under both.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.appraisal.rules import Component
from app.appraisal.service import decimal_text
from ui.widgets import hint_label, set_tone

_KEY = Qt.ItemDataRole.UserRole
NAME_COL, WEIGHT_COL, MAX_COL = range(3)


def typed_number(text: str, what: str, *, percent: bool = False) -> Decimal:
    """A number typed into the editor (full-width digits and a trailing % accepted); ValueError in Chinese
    naming `what` otherwise."""
    plain = unicodedata.normalize("NFKC", text).strip()
    if percent:
        plain = plain.removesuffix("%").strip()
    if not plain:
        raise ValueError(f"{what}没有填写")
    try:
        number = Decimal(plain)
    except InvalidOperation:
        raise ValueError(f"{what}应为数字，输入的是“{text.strip()}”") from None
    if not number.is_finite():
        raise ValueError(f"{what}应为数字，输入的是“{text.strip()}”")
    return number


def percent_text(weight: Decimal) -> str:
    return decimal_text(weight * 100)


class ComponentTable(QWidget):
    """考核项目: one row per component; 添加/删除/上移/下移 beside it and the weights' sum under it."""

    changed = Signal()  # a name, weight or row changed: the tie-breakers and the sum follow

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("componentTable")
        self.table.setHorizontalHeaderLabels([self.tr("项目名称"), self.tr("权重（%）"), self.tr("满分")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME_COL, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(WEIGHT_COL, 90)
        header.resizeSection(MAX_COL, 70)
        row_height = self.table.fontMetrics().height() + 10
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.setFixedHeight(row_height * 6 + 6)  # the header and five components without scrolling
        self.add_button = QPushButton(self.tr("添加项目"))
        self.remove_button = QPushButton(self.tr("删除"))
        self.up_button = QPushButton(self.tr("上移"))
        self.down_button = QPushButton(self.tr("下移"))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.sum_label = QLabel()
        self.sum_label.setObjectName("weightSum")
        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.table, 1)
        top.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.sum_label)
        self.table.itemChanged.connect(lambda _item: self._changed())

    # --- rows ------------------------------------------------------------------------------------------
    def set_components(self, components: tuple[Component, ...]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for component in components:
            self._append(component.key, component.name, percent_text(component.weight), component.max_score)
        self.table.blockSignals(False)
        self._changed()

    def add_row(self, name: str = "") -> None:
        self.table.blockSignals(True)
        self._append(self._new_key(), name, "", Decimal(100))
        self.table.blockSignals(False)
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, NAME_COL)
        self._changed()
        if self.table.isVisible():
            self.table.editItem(self.table.item(row, NAME_COL))

    def _append(self, key: str, name: str, weight: str, max_score: Decimal) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(_KEY, key)
        self.table.setItem(row, NAME_COL, name_item)
        for column, text in ((WEIGHT_COL, weight), (MAX_COL, decimal_text(max_score))):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, column, item)

    def _new_key(self) -> str:
        taken = set(self.keys())
        number = 1
        while f"c{number}" in taken:
            number += 1
        return f"c{number}"

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def move_current(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        self.table.blockSignals(True)
        taken = [self.table.takeItem(row, c) for c in range(3)]
        others = [self.table.takeItem(target, c) for c in range(3)]
        for column in range(3):
            self.table.setItem(target, column, taken[column])
            self.table.setItem(row, column, others[column])
        self.table.blockSignals(False)
        self.table.setCurrentCell(target, self.table.currentColumn())
        self._changed()

    # --- reading ---------------------------------------------------------------------------------------
    def keys(self) -> list[str]:
        return [self.table.item(r, NAME_COL).data(_KEY) for r in range(self.table.rowCount())]

    def names(self) -> dict[str, str]:
        """key -> name as typed, in table order."""
        return {
            self.table.item(r, NAME_COL).data(_KEY): self.table.item(r, NAME_COL).text().strip()
            for r in range(self.table.rowCount())
        }

    def components(self) -> tuple[tuple[Component, ...], list[str]]:
        """The components as typed, and what is wrong with the numbers (row by row, in Chinese)."""
        found: list[Component] = []
        errors: list[str] = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, NAME_COL).text().strip()
            label = (
                self.tr("第 {0} 项“{1}”").format(row + 1, name)
                if name
                else self.tr("第 {0} 项").format(row + 1)
            )
            try:
                weight = typed_number(self.table.item(row, WEIGHT_COL).text(), label + "的权重", percent=True)
                top = typed_number(self.table.item(row, MAX_COL).text(), label + "的满分")
            except ValueError as exc:
                errors.append(str(exc))
                continue
            found.append(Component(self.table.item(row, NAME_COL).data(_KEY), name, weight / 100, top))
        return tuple(found), errors

    def _changed(self) -> None:
        weights = []
        for row in range(self.table.rowCount()):
            try:
                weights.append(typed_number(self.table.item(row, WEIGHT_COL).text(), "", percent=True))
            except ValueError:
                weights.append(None)
        if None in weights:
            self.sum_label.setText(self.tr("权重合计：有未填或不是数字的权重"))
            set_tone(self.sum_label, "warning")
        else:
            total = sum(weights, Decimal(0))
            ok = total == 100
            self.sum_label.setText(
                self.tr("权重合计：{0}%{1}").format(
                    decimal_text(total), "" if ok else self.tr("（应为 100%）")
                )
            )
            set_tone(self.sum_label, "" if ok else "warning")
        self.changed.emit()

    def set_locked(self, locked: bool) -> None:
        """Scores are recorded: the components are read, not edited."""
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if locked
            else QAbstractItemView.EditTrigger.AllEditTriggers
        )
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setEnabled(not locked)


class TieBreakerList(QWidget):
    """同分比较: the components, ticked to compare equal totals by, in the order they are compared."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("tieBreakers")
        self.list.setFixedHeight(self.list.fontMetrics().height() * 4 + 12)
        up, down = QPushButton(self.tr("上移")), QPushButton(self.tr("下移"))
        for button in (up, down):
            button.setAutoDefault(False)
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        buttons = QVBoxLayout()
        buttons.addWidget(up)
        buttons.addWidget(down)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(hint_label(self.tr("总分相同时，依次比较勾选的项目（从上到下）；都相同的并列。")))

    def set_choices(self, names: dict[str, str], chosen: tuple[str, ...] | list[str]) -> None:
        """Chosen keys first, in their order, then the rest in component order."""
        self.list.clear()
        order = [k for k in chosen if k in names] + [k for k in names if k not in chosen]
        for key in order:
            item = QListWidgetItem(names[key] or self.tr("（未命名项目）"))
            item.setData(_KEY, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)

    def chosen(self) -> tuple[str, ...]:
        items = [self.list.item(i) for i in range(self.list.count())]
        return tuple(i.data(_KEY) for i in items if i.checkState() == Qt.CheckState.Checked)

    def follow(self, names: dict[str, str]) -> None:
        """The components changed: keep what was ticked, in its order; new components unticked."""
        self.set_choices(names, [k for k in self.chosen() if k in names])

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
