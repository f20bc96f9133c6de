"""What the care forms share: a dialog of labelled fields whose save goes through a service, marks every field
the service refused (keeping all that was typed) and tells the other pages what changed; and a chooser of the
people a record is about.

Looks come from style.qss by the person form's object names (fieldError, formBanner, [error="true"])."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.changes import OperationRefused, OpResult, ValidationError
from ui import dialogs
from ui.context import AppContext
from ui.widgets import ok_cancel_buttons, set_flag, set_tone

DATE_HINT = "如 2026-03-01，也可写 2026.3.1 或 20260301"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Care", text)


def line_edit(text: str = "", placeholder: str = "", max_length: int = 100) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length)
    return edit


def combo(choices: tuple[str, ...], current: str = "") -> QComboBox:
    box = QComboBox()
    box.addItems(list(choices))
    if current in choices:
        box.setCurrentText(current)
    return box


def note_edit(text: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)  # Tab walks the form, as in every other field
    edit.setFixedHeight(64)
    return edit


def text_of(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    return ""


_NAMES_SHOWN = 24  # names written out in a record's people field; the rest are counted (all in the tooltip)


class PeopleField(QWidget):
    """The people a record is about: their names and a 选择… button opening the roster picker (one person or
    several). `person_ids` is what is chosen; `changed` is called after a new choice."""

    def __init__(self, ctx: AppContext, person_ids: list[int], *, many: bool, on_change: Callable[[], None]):
        super().__init__()
        self.ctx, self.many, self._on_change = ctx, many, on_change
        self.person_ids = list(dict.fromkeys(person_ids))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.names = QLabel()
        self.names.setWordWrap(True)
        self.names.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(_tr("选择人员…"))
        self.choose_button.clicked.connect(self.choose)
        row.addWidget(self.names, 1)
        row.addWidget(self.choose_button)
        if many:
            self.clear_button = QPushButton(_tr("清空"))
            self.clear_button.clicked.connect(lambda: self.set_people([]))
            row.addWidget(self.clear_button)
        self._show()

    def choose(self) -> None:
        picked = pick_people(self.window(), self.ctx, self.person_ids if self.many else [], many=self.many)
        if picked:
            self.set_people([*self.person_ids, *picked] if self.many else picked[:1])

    def set_people(self, person_ids: list[int]) -> None:
        self.person_ids = list(dict.fromkeys(person_ids))
        self._show()
        self._on_change()

    def _show(self) -> None:
        if not self.person_ids:
            self.names.setText(_tr("（未选择）"))
            return
        marks = ", ".join("?" for _ in self.person_ids)
        rows = dict(
            self.ctx.db.execute(
                f"SELECT id, name FROM people WHERE id IN ({marks})", self.person_ids
            ).fetchall()
        )
        names = [rows.get(pid, "?") for pid in self.person_ids]
        self.names.setToolTip("、".join(names) if len(names) > _NAMES_SHOWN else "")
        if len(names) == 1:
            self.names.setText(names[0])
        elif len(names) <= _NAMES_SHOWN:
            self.names.setText(_tr("共 {0} 人：").format(len(names)) + "、".join(names))
        else:  # the count first, and a few lines of names: a festival's 150 would push the form off the screen
            shown = "、".join(names[:_NAMES_SHOWN])
            self.names.setText(_tr("共 {0} 人：{1} 等").format(len(names), shown))


def pick_people(parent: QWidget | None, ctx: AppContext, exclude: list[int], *, many: bool) -> list[int]:
    """The roster picker (by name, pinyin, ID number, role and unit), titled for care; the ids picked, [] when
    cancelled (tests replace this)."""
    from PySide6.QtWidgets import QAbstractItemView

    from ui.appraisal.people_picker import PeoplePicker

    dialog = PeoplePicker(parent, ctx.db, (), exclude)
    dialog.setWindowTitle(_tr("选择慰问对象") if many else _tr("选择人员"))
    dialog.selected_button.setText(_tr("选定"))
    if not many:
        dialog.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        dialog.all_button.hide()
    return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else []


class CareForm(QDialog):
    """A form of rows `key → (label, widget)`; a subclass builds them in `build` and writes in `write`.
    A refused save marks every field named in the refusal and keeps the dialog open with all that was typed."""

    title = ""
    ok_text = "保存"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_tr(self.title))
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.result: OpResult | None = None
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        outer.addLayout(self.form)
        self.build()
        self.banner = QLabel()
        self.banner.setObjectName("formBanner")
        self.banner.setWordWrap(True)
        outer.addWidget(self.banner)
        self.buttons = ok_cancel_buttons(self, _tr(self.ok_text), _tr("取消"))
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self.save)
        outer.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._typed_at_start = self.typed()

    def typed(self) -> dict[str, object]:
        """What the fields hold now (and who is chosen), to tell whether anything was typed."""
        values: dict[str, object] = {key: text_of(widget) for key, widget in self.fields.items()}
        for key, widget in self.fields.items():
            if isinstance(widget, PeopleField):
                values[key] = tuple(widget.person_ids)
        return values

    def reject(self) -> None:
        """Esc or 取消: ask before throwing away what was typed."""
        typed = self.result is None and self.typed() != self._typed_at_start
        question = _tr("填写的内容还没有保存，确定放弃吗？")
        if typed and not dialogs.ask(self, _tr("放弃填写"), question, danger=True):
            return
        super().reject()

    def add_row(self, key: str, label: str, widget: QWidget, note: str = "") -> QWidget:
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if note:
            hint = QLabel(_tr(note))
            hint.setObjectName("fieldNote")
            column.addWidget(hint)
        column.addWidget(error)
        self.form.addRow(_tr(label) + "：", box)
        self.fields[key], self.errors[key] = widget, error
        return widget

    def text(self, key: str) -> str:
        return text_of(self.fields[key]).strip()

    # --- hooks ---------------------------------------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    def write(self) -> OpResult:
        """Call the service; raise ValidationError (field → message) or OperationRefused."""
        raise NotImplementedError

    # --- saving --------------------------------------------------------------------------------------
    def save(self) -> None:
        self.show_errors({})
        try:
            self.ctx.office.check_writable()
            result = self.write()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except OperationRefused as exc:
            self.banner.setText(str(exc))
            set_tone(self.banner, "error")
            return
        self.result = result
        self.ctx.announce(result.changes, result.message)
        self.accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Every problem at once: beside its field when the form has it, the rest in the banner."""
        loose = []
        for key, message in errors.items():
            if key in self.errors:
                self.errors[key].setText(message)
            else:
                loose.append(message)
        for key, label in self.errors.items():
            label.setVisible(key in errors)
            set_flag(self.fields[key], "error", key in errors)
        self.banner.setText("\n".join(loose) or (_tr("请改正标红的内容后再保存") if errors else ""))
        set_tone(self.banner, "error" if errors else "")
        self.adjustSize()


def run_form(form: CareForm) -> OpResult | None:
    """Show the form modally; what its save wrote, or None when cancelled (tests replace this)."""
    return form.result if form.exec() == QDialog.DialogCode.Accepted else None


class OnePersonForm(CareForm):
    """A form about one person's record (an event, a health check): a new one for `person_id`, or the
    correction of `record` (whose person it keeps). A subclass's `build` starts with `person_row`."""

    edit_title = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, person_id: int | None = None,
                 record: Any = None):  # fmt: skip
        self._start = (person_id, record)
        super().__init__(ctx, parent)
        if record is not None:
            self.setWindowTitle(_tr(self.edit_title))

    def person_row(self, label: str) -> None:
        person_id, self.record = self._start
        if self.record is not None:
            person_id = self.record.person_id
        self.people = PeopleField(
            self.ctx, [person_id] if person_id else [], many=False, on_change=lambda: None
        )
        self.add_row("person_id", label, self.people)
