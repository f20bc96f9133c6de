"""系统设置: the office's name and issuer line (落款) used on printed documents, and the days the care
reminders use (ui/care/settings_box.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import settings
from app.changes import OpChanges
from ui.care.settings_box import CareSettingsBox
from ui.context import AppContext
from ui.widgets import hint_label, page_layout

PLACEHOLDERS = {"office_name": "例如：中共××区委组织部", "issuer": "例如：中共××区委组织部"}
HELP = {
    "office_name": "显示在窗口标题和打印文件的标题处。",
    "issuer": "打印文件末尾署名处的单位名称。",
}


class SettingsPage(QWidget):
    """系统设置. Public: `refresh(changes)`, `reload()`, `save()`, and `edits` (key -> QLineEdit)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.edits: dict[str, QLineEdit] = {}
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = page_layout(self, self.tr("系统设置"), spacing=10)

        box = QGroupBox(self.tr("打印文件上的单位信息"))
        box.setMaximumWidth(720)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(16, 12, 16, 12)
        inner.addWidget(
            hint_label(
                self.tr("这些内容会印在考核表、排名表、证书、花名册等打印文件上，请按公文规范填写单位全称。")
            )
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(4)
        for key, label in settings.LABELS.items():
            edit = QLineEdit()
            edit.setMaxLength(settings.MAX_LENGTH)
            edit.setPlaceholderText(self.tr(PLACEHOLDERS.get(key, "")))
            edit.textChanged.connect(lambda _text: self._update_state())
            self.edits[key] = edit
            form.addRow(self.tr("{label}：").format(label=self.tr(label)), edit)
            if key in HELP:
                note = hint_label(self.tr(HELP[key]), wrap=False)
                note.setObjectName("fieldNote")
                form.addRow("", note)
        inner.addLayout(form)

        buttons = QHBoxLayout()
        self.state_label = hint_label(wrap=False)
        self.revert_button = QPushButton(self.tr("撤销修改"))
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("保存（Ctrl+S）"))
        buttons.addWidget(self.state_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        inner.addLayout(buttons)
        layout.addWidget(box)
        self.care_box = CareSettingsBox(self.ctx)
        layout.addWidget(self.care_box)
        layout.addStretch(1)

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.reload)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        for edit in self.edits.values():
            edit.returnPressed.connect(self.save)

    def refresh(self, changes: OpChanges) -> None:
        self.care_box.refresh(changes)
        if (changes.settings or changes.everything) and not self.is_modified():
            self.reload()
        elif changes.everything:
            self.reload()  # a restore replaced the data: what was typed belongs to the old data

    def reload(self) -> None:
        self.stored = settings.get_all(self.ctx.db)
        for key, edit in self.edits.items():
            edit.setText(self.stored.get(key, ""))
        self._update_state()

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.edits.items()}

    def is_modified(self) -> bool:
        return any(
            " ".join(value.split()) != self.stored.get(key, "") for key, value in self.values().items()
        )

    def _update_state(self) -> None:
        modified = self.is_modified()
        self.revert_button.setEnabled(modified)
        self.state_label.setText(self.tr("有未保存的修改") if modified else self.tr("已保存"))

    def save(self) -> None:
        values = self.values()
        db, actor = self.ctx.db, self.ctx.actor
        result = self.ctx.perform(
            self, lambda: settings.save(db, values, actor), title=self.tr("无法保存设置")
        )
        if result is not None:
            self.reload()  # shows the stored (tidied) text
