"""批量修改: set 工作单位, 状态 or 人员类别 for the people selected on the roster, in one step."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.people.fields import ROLE_LABELS, STATUSES
from app.people.service import BATCH_FIELDS
from app.units.service import Unit, tree_order, unit_paths
from ui.widgets import hint_label, ok_cancel_buttons


@dataclass(frozen=True)
class BatchChoice:
    field: str  # a key of app.people.service.BATCH_FIELDS
    value: object  # unit id, status, or role code


class BatchChangeDialog(QDialog):
    """Pick the field, then its new value; 保存 is enabled once a value is picked."""

    def __init__(self, units: list[Unit], count: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("批量修改"))
        self.resize(460, 0)
        layout = QVBoxLayout(self)
        self.question = QLabel(self.tr("为选中的 {0} 人统一设置：").format(count))
        layout.addWidget(self.question)
        form = QFormLayout()
        self.field_box = QComboBox()
        for field, label in BATCH_FIELDS.items():
            self.field_box.addItem(self.tr(label), field)
        form.addRow(self.tr("修改项目"), self.field_box)
        self.value_boxes: dict[str, QComboBox] = {
            "unit_id": _unit_box(units, self.tr("输入单位名称中的字可快速查找")),
            "status": _choice_box([(s, s) for s in STATUSES]),
            "role": _choice_box([(label, role.value) for role, label in ROLE_LABELS.items()]),
        }
        self.values = QStackedWidget()
        for box in self.value_boxes.values():
            self.values.addWidget(box)
            box.currentIndexChanged.connect(self._update_ok)
        self.value_boxes["unit_id"].lineEdit().textEdited.connect(self._update_ok)
        form.addRow(self.tr("改为"), self.values)
        layout.addLayout(form)
        layout.addWidget(hint_label(self.tr("每人的修改都记入操作记录，可在“查看修改记录”中看到。")))
        self.buttons = ok_cancel_buttons(self, self.tr("保存"), self.tr("取消"))
        layout.addWidget(self.buttons)
        self.field_box.currentIndexChanged.connect(self._field_changed)
        self._field_changed()

    def _field_changed(self, *_args) -> None:
        self.values.setCurrentWidget(self.value_boxes[self.field_box.currentData()])
        self._update_ok()

    def choice(self) -> BatchChoice | None:
        field = self.field_box.currentData()
        box = self.value_boxes[field]
        value = box.currentData() if box.currentIndex() > 0 else None
        if field == "unit_id" and box.currentText() != box.itemText(box.currentIndex()):
            value = None  # text typed into the unit box that names no unit
        return None if value is None else BatchChoice(field, value)

    def _update_ok(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.choice() is not None)


def _choice_box(items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.addItem("", None)
    for text, value in items:
        box.addItem(text, value)
    return box


def _unit_box(units: list[Unit], placeholder: str) -> QComboBox:
    """Full paths in tree order, searchable by any part of the name (as on the person form)."""
    paths = unit_paths(units)
    box = _choice_box([(paths[u.id], u.id) for u, _depth in tree_order(units)])
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setCompleter(completer)
    box.lineEdit().setPlaceholderText(placeholder)
    return box


def choose_batch_change(parent: QWidget | None, units: list[Unit], count: int) -> BatchChoice | None:
    """Ask what to set for `count` people (modal). None when cancelled. Tests replace this function."""
    dialog = BatchChangeDialog(units, count, parent)
    try:
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
