"""The questions the appraisal pages ask: a grade set by hand with its reason, and a reason alone (重新打开).

Like ui/dialogs.py, each is one module-level function that tests replace (an unanswered modal dialog hangs the
run); the dialogs themselves can be built and filled in without being shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import hint_label


def _tr(text: str) -> str:
    return QCoreApplication.translate("Appraisal", text)


class ReasonDialog(QDialog):
    """A text the clerk must type (the OK button waits for it); optionally a grade above it."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        *,
        grades: Sequence[str] = (),
        current: str | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.grade_box: QComboBox | None = None
        if grades:
            self.grade_box = QComboBox()
            self.grade_box.addItems(list(grades))
            if current in grades:
                self.grade_box.setCurrentText(current)
            form.addRow(self.tr("等次"), self.grade_box)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(self.fontMetrics().height() * 4 + 16)
        form.addRow(self.tr("理由（必填）"), self.reason_edit)
        layout.addLayout(form)
        layout.addWidget(hint_label(self.tr("理由会记入操作记录，并显示在排名的说明中。")))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.grade_box or self.reason_edit).setFocus()

    def reason(self) -> str:
        return self.reason_edit.toPlainText()

    def grade(self) -> str:
        return self.grade_box.currentText() if self.grade_box is not None else ""


def ask_override(
    parent: QWidget | None, name: str, grades: Sequence[str], current: str | None
) -> tuple[str, str] | None:
    """(grade, reason) for a grade set by hand, or None when the clerk cancels."""
    dialog = ReasonDialog(
        parent,
        _tr("调整等次"),
        _tr("为“{0}”手工确定等次。按规则的等次和手工等次都会保留在记录中。").format(name),
        grades=grades,
        current=current,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.grade(), dialog.reason()


def ask_reason(parent: QWidget | None, title: str, text: str) -> str | None:
    dialog = ReasonDialog(parent, title, text)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason()
