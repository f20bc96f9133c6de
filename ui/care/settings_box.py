"""系统设置 → 关怀提醒: the days the care reminders use (duty deadline, birthday, follow-up and probation lead),
each checked when saved (app/care/settings.py) with the problem named beside its field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.care import settings as care_settings
from app.changes import OpChanges, OperationRefused, ValidationError
from ui.context import AppContext
from ui.widgets import hint_label, set_flag, set_tone


class CareSettingsBox(QGroupBox):
    """Public: `edits` (name → QLineEdit), `errors`, `save()`, `reload()`, `refresh(changes)`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("关怀提醒（今日待办）"))
        self.setMaximumWidth(720)
        self.ctx = ctx
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        inner = QVBoxLayout(self)
        inner.setContentsMargins(16, 12, 16, 12)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(4)
        for name, field in care_settings.FIELDS.items():
            edit = QLineEdit()
            edit.setMaximumWidth(80)
            edit.setMaxLength(4)
            edit.returnPressed.connect(self.save)
            row = QHBoxLayout()
            row.addWidget(edit)
            row.addWidget(QLabel(self.tr("天")))
            row.addWidget(hint_label(self.tr(field.help), wrap=False), 1)
            error = QLabel()
            error.setObjectName("fieldError")
            error.hide()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addLayout(row)
            column.addWidget(error)
            form.addRow(self.tr("{0}：").format(self.tr(field.label)), column)
            self.edits[name], self.errors[name] = edit, error
        inner.addLayout(form)
        buttons = QHBoxLayout()
        self.state_label = hint_label(wrap=False)
        self.save_button = QPushButton(self.tr("保存关怀提醒设置"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.state_label, 1)
        buttons.addWidget(self.save_button)
        inner.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        for name, value in care_settings.current(self.ctx.db).items():
            self.edits[name].setText(str(value))
        self._show_errors({})

    def refresh(self, changes: OpChanges) -> None:
        if changes.settings or changes.everything:
            self.reload()

    def save(self) -> None:
        values = {name: edit.text() for name, edit in self.edits.items()}
        try:
            self.ctx.office.check_writable()
            result = care_settings.save(self.ctx.db, values, self.ctx.actor)
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        except OperationRefused as exc:  # read-only media, a newer version's file
            self.state_label.setText(str(exc))
            set_tone(self.state_label, "warning")
            return
        self.ctx.announce(result.changes, result.message)
        self.state_label.setText(result.message)

    def _show_errors(self, errors: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)
            set_flag(self.edits[name], "error", name in errors)
        self.state_label.setText(self.tr("有填写错误，未保存") if errors else "")
        set_tone(self.state_label, "warning" if errors else "")
