"""The selected unit's form on the 组织单位 page."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.units.service import UNIT_KINDS
from ui.widgets import hint_label, selectable_label


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
