"""The person form (人员信息): validates as you type, keyboard-first, and keeps what was typed when saving fails."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.changes import OperationRefused, OpResult, ValidationError
from app.clock import today
from app.dates import DateError, parse_date
from app.people import service as people_service
from app.people.fields import CHOICES, FIELD_LABELS, ROLE_LABELS
from app.people.idnumber import IdInfo, IdNumberError, normalize_id_number, parse_id_number
from app.people.validation import id_contradictions, phone_problem
from app.units.service import list_units, tree_order, unit_paths
from ui import dialogs
from ui.appraisal.person_tab import with_appraisal_tab
from ui.care.person_tab import add_care_tab
from ui.context import AppContext
from ui.training.person_tab import add_training_tab
from ui.widgets import fit_to_screen, hint_label, set_flag, set_tone

PHOTO_SIZE = (295, 413)  # a 1-inch ID photo at 300 dpi: enough for a printed sheet, small in the database
_KEPT_FOR_NEXT = ("role", "unit_id", "source", "status", "ethnicity")


class PersonDialog(QDialog):
    def __init__(self, ctx: AppContext, person_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.saved_id: int | None = None
        self._photo: bytes | None = None
        self._loaded: dict = {}
        self._derived: set[str] = set()  # of gender and birth_date, those the ID number filled in (not typed)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.setWindowTitle(self.tr("新增人员") if person_id is None else self.tr("编辑人员信息"))
        self._build()
        if person_id is not None:
            self._load(person_id)
        self._loaded = self.values()
        self.fields["name"].setFocus()

    # --- layout --------------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        left = [
            "role",
            "name",
            "id_number",
            "gender",
            "birth_date",
            "ethnicity",
            "political_status",
            "party_join_date",
            "education",
            "major",
        ]
        right = [
            "unit_id",
            "position",
            "phone",
            "work_start_date",
            "post_start_date",
            "source",
            "status",
            "social_work_level",
        ]
        for column, keys in ((0, left), (3, right)):
            for row, key in enumerate(keys):
                self._place(grid, key, row * 2, column)
        grid.setColumnMinimumWidth(2, 24)
        top = QHBoxLayout()
        top.addLayout(grid, 1)
        top.addSpacing(16)
        top.addWidget(self._photo_box(), 0, Qt.AlignmentFlag.AlignTop)
        basics = QWidget()
        fields = QVBoxLayout(basics)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addLayout(top)
        note_row = QHBoxLayout()
        note_row.addWidget(QLabel(self.tr("备注")))
        self.fields["note"] = QLineEdit()
        note_row.addWidget(self.fields["note"])
        fields.addLayout(note_row)
        # Someone on the roster: these fields under 基本信息, their appraisals under 考核, their care under 关怀.
        outer.addWidget(add_training_tab(self.ctx, self.person_id, add_care_tab(
            self.ctx, self.person_id, with_appraisal_tab(self.ctx, self.person_id, basics))))  # fmt: skip
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("formBanner")
        outer.addWidget(self.banner)
        outer.addStretch()
        outer.addLayout(self._buttons())
        self._set_tab_order(left, right)
        fit_to_screen(self, 1000, self.sizeHint().height())

    def _place(self, grid: QGridLayout, key: str, row: int, column: int) -> None:
        required = key in ("role", "name", "id_number", "unit_id")
        label = QLabel(self.tr("人员类别") if key == "role" else self.tr(FIELD_LABELS.get(key, key)))
        if required:
            label.setText(label.text() + " *")
        widget = self._make_field(key)
        label.setBuddy(widget)
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(widget, row, column + 1)
        grid.addWidget(error, row + 1, column + 1)
        self.fields[key], self.errors[key] = widget, error

    def _make_field(self, key: str) -> QWidget:
        if key == "role":
            box = QComboBox()
            box.addItem("", None)
            for role, label in ROLE_LABELS.items():
                box.addItem(label, role.value)
            return box
        if key == "unit_id":
            return self._unit_box()
        if key in CHOICES:
            box = QComboBox()
            box.addItem("", None)
            for value in CHOICES[key]:
                box.addItem(value, value)
            if key == "gender":
                box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # filled from the ID number: Tab skips it
                box.activated.connect(lambda _i: self._typed_over_id("gender"))
            return box
        edit = QLineEdit()
        placeholders = {"id_number": self.tr("18位号码，末位可为X"), "phone": self.tr("手机或固定电话")}
        if key.endswith("_date"):
            edit.setPlaceholderText(self.tr("如 2019-07-01 或 2019.7.1"))
        edit.setPlaceholderText(placeholders.get(key, edit.placeholderText()))
        if key == "birth_date":
            edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            edit.setPlaceholderText(self.tr("由公民身份号码自动填写"))
            edit.textEdited.connect(lambda _text: self._typed_over_id("birth_date"))
        validator = self._live_check(key)
        if validator:
            edit.textEdited.connect(lambda _text, k=key: self._check_field(k))
            edit.editingFinished.connect(lambda k=key: self._check_field(k, final=True))
        return edit

    def _unit_box(self) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.addItem("", None)
        units = list_units(self.ctx.db)
        paths = unit_paths(units)
        # Full paths, in tree order: two streets may both have a 锦绣社区, and the clerk must see which is which.
        for unit, _depth in tree_order(units):
            box.addItem(paths[unit.id], unit.id)
        completer = QCompleter(box.model(), box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        box.setCompleter(completer)
        box.lineEdit().setPlaceholderText(self.tr("输入单位名称中的字可快速查找"))
        return box

    def _photo_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.photo_label = QLabel(self.tr("照片"))
        self.photo_label.setFixedSize(118, 165)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setObjectName("photoBox")
        layout.addWidget(self.photo_label)
        choose = QPushButton(self.tr("选择照片…"))
        choose.clicked.connect(self.choose_photo)
        clear = QPushButton(self.tr("清除照片"))
        clear.clicked.connect(lambda: self.set_photo(None))
        for button in (choose, clear):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            layout.addWidget(button)
        layout.addStretch()
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        hint = hint_label(self.tr("带 * 的为必填项。回车保存，Esc 取消。"), wrap=False)
        row.addWidget(hint)
        row.addStretch()
        self.save_new_button = QPushButton(self.tr("保存并新增下一人"))
        self.save_new_button.setAutoDefault(False)
        self.save_new_button.clicked.connect(lambda: self.save(next_person=True))
        self.save_new_button.setVisible(self.person_id is None)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save(next_person=False))
        cancel = QPushButton(self.tr("取消"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        for button in (self.save_new_button, self.save_button, cancel):
            row.addWidget(button)
        return row

    def _set_tab_order(self, left: list[str], right: list[str]) -> None:
        order = [k for k in left + right if k not in ("gender", "birth_date")] + ["note"]
        widgets = [self.fields[k] for k in order] + [self.save_new_button, self.save_button]
        for first, second in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # --- values in and out ---------------------------------------------------------------------------
    def _load(self, person_id: int) -> None:
        person = people_service.get_person(self.ctx.db, person_id)
        if person is None:
            return
        for key, widget in self.fields.items():
            self._set_value(widget, person.get(key))
        self.set_photo(person.get("photo"))
        # Stored gender and birth date came from the stored number: a corrected number may replace them.
        self._derived = {"gender", "birth_date"}

    @staticmethod
    def _set_value(widget: QWidget, value) -> None:
        if isinstance(widget, QComboBox):
            found = widget.findData(value)
            if found < 0 and value:
                found = widget.findText(str(value))
            widget.setCurrentIndex(max(found, 0))
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))

    def values(self) -> dict:
        out: dict = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                out[key] = self._unit_value(widget) if key == "unit_id" else widget.currentData()
            else:
                out[key] = widget.text().strip()
        out["photo"] = self._photo
        return out

    @staticmethod
    def _unit_value(box: QComboBox) -> int | None:
        text = box.currentText().strip()
        if not text:
            return None
        if box.currentIndex() > 0 and box.itemText(box.currentIndex()) == text:
            return box.itemData(box.currentIndex())
        found = box.findText(text)  # paths are unique: typed text that is a whole path names one unit
        return box.itemData(found) if found > 0 else -1  # -1: names no unit, and the service says so

    def is_dirty(self) -> bool:
        return self.values() != self._loaded

    # --- live checks ---------------------------------------------------------------------------------
    def _live_check(self, key: str) -> Callable[[str], str] | None:
        if key == "id_number":
            return self._check_id
        if key.endswith("_date") and key != "birth_date":
            return lambda text: self._check_date(key, text)
        if key == "phone":
            return self._check_phone
        return None

    def _check_field(self, key: str, final: bool = False) -> None:
        text = self.fields[key].text().strip()
        if key == "id_number" and not final and len(normalize_id_number(text)) < 18:
            typed = self.tr("已输入 {0} 位").format(len(normalize_id_number(text))) if text else ""
            self._show_error(key, typed, soft=True)
            return
        self._show_error(key, self._live_check(key)(text) if text else "")

    def _check_id(self, text: str) -> str:
        self._set_banner("")
        for key in self._derived:  # what an earlier number filled in does not belong to this one
            self._set_value(self.fields[key], None)
            self._show_error(key, "")
        self._derived = set()
        try:
            info = parse_id_number(text, today=today())
        except IdNumberError as exc:
            return str(exc)
        self._fill_from_id(info)
        if info.upgraded_from:
            self._set_banner(
                self.tr("15位号码已按国家标准升位为18位：{0}，保存时将存为18位。").format(info.number)
            )
        return people_service.duplicate_problem(self.ctx.db, info.number, except_id=self.person_id)

    def _fill_from_id(self, info: IdInfo) -> None:
        """Fill a blank gender and birth date from the number; a value the clerk typed stays, and when the number
        contradicts it both are named (as saving would)."""
        derived = {"gender": info.gender, "birth_date": info.birth_date.isoformat()}
        for key, value in derived.items():
            if not self._field_text(key):
                self._set_value(self.fields[key], value)
                self._derived.add(key)
        self._show_contradictions(info)

    def _typed_over_id(self, key: str) -> None:
        """The clerk chose a gender or typed a birth date: it is theirs now, checked against a valid number."""
        self._derived.discard(key)
        try:
            info = parse_id_number(self.fields["id_number"].text(), today=today())
        except IdNumberError:
            return
        self._show_contradictions(info)

    def _show_contradictions(self, info: IdInfo) -> None:
        typed = {k: self._field_text(k) for k in ("gender", "birth_date")}
        problems = id_contradictions(info, typed["gender"], typed["birth_date"], today=today())
        for key in typed:
            self._show_error(key, problems.get(key, ""))

    def _field_text(self, key: str) -> str:
        widget = self.fields[key]
        return widget.currentText() if isinstance(widget, QComboBox) else widget.text().strip()

    def _check_date(self, key: str, text: str) -> str:
        try:
            parse_date(text, field=FIELD_LABELS[key], today=today())
        except DateError as exc:
            return str(exc)
        return ""

    def _check_phone(self, text: str) -> str:
        return phone_problem(text)

    def _show_error(self, key: str, message: str, soft: bool = False) -> None:
        label, widget = self.errors.get(key), self.fields[key]
        if label is None:
            return
        label.setText(message)
        label.setVisible(bool(message))
        if message:
            QTimer.singleShot(0, self._fit_height)
        # Looks come from style.qss: QLabel#fieldError[soft="true"] and [error="true"] on the field.
        set_flag(label, "soft", soft)
        set_flag(widget, "error", bool(message) and not soft)

    def _fit_height(self) -> None:
        """Grow the dialog when messages wrap onto more lines than it has room for: never cut a message off."""
        layout = self.layout()
        layout.activate()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        need = max(need, layout.totalMinimumSize().height())
        if need > self.height():
            self.resize(self.width(), need)

    def _set_banner(self, text: str, tone: str = "") -> None:
        """The line under the form; `tone` is "error", "ok" or "" (style.qss: QLabel#formBanner[tone=…])."""
        self.banner.setText(text)
        set_tone(self.banner, tone)

    # --- photo ---------------------------------------------------------------------------------------
    def choose_photo(self) -> None:
        path = dialogs.open_file(self, self.tr("选择照片"), "图片 (*.jpg *.jpeg *.png *.bmp)")
        if path is None:
            return
        image = QImage(str(path))
        if image.isNull():
            text = self.tr("“{0}”不是可以识别的图片文件。").format(path.name)
            dialogs.warn(self, self.tr("无法读取照片"), text)
            return
        self.set_photo(_jpeg_bytes(image))

    def set_photo(self, data: bytes | None) -> None:
        self._photo = data
        if not data:
            self.photo_label.setPixmap(QPixmap())
            self.photo_label.setText(self.tr("照片"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self.photo_label.setPixmap(
            pixmap.scaled(
                self.photo_label.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    # --- saving --------------------------------------------------------------------------------------
    def save(self, next_person: bool = False) -> bool:
        values = self.values()
        for key in self.errors:
            self._show_error(key, "")
        self._set_banner("")
        try:
            result = self._write(values)
        except ValidationError as exc:
            self._show_validation(exc.errors)
            return False
        except OperationRefused as exc:
            self._set_banner(str(exc), "error")
            return False
        self.saved_id = result.record_id
        self.ctx.announce(result.changes, result.message)
        if next_person:
            self._start_next(values, result.message)
        else:
            self.accept()
        return True

    def _write(self, values: dict) -> OpResult:
        if self.person_id is None:
            return people_service.create_person(self.ctx.db, values, self.ctx.actor)
        return people_service.update_person(self.ctx.db, self.person_id, values, self.ctx.actor)

    def _show_validation(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            self._show_error(key, message)
        self._set_banner(self.tr("未保存：请改正标红的 {0} 处后再保存。").format(len(errors)), "error")
        first = next((self.fields[k] for k in self.fields if k in errors), None)
        if first is not None:
            first.setFocus()

    def _start_next(self, previous: dict, message: str) -> None:
        """Clear the form for the next person from the same paper list, keeping role, unit and the like."""
        for key, widget in self.fields.items():
            self._set_value(widget, previous[key] if key in _KEPT_FOR_NEXT else None)
        self.set_photo(None)
        self._derived = set()
        self._loaded = self.values()
        self._set_banner(message + self.tr("。请录入下一人。"), "ok")
        self.fields["name"].setFocus()

    def reject(self) -> None:
        if self.is_dirty() and not dialogs.ask(
            self, self.tr("放弃修改"), self.tr("表单中有尚未保存的内容，确定放弃吗？"), danger=True
        ):
            return
        super().reject()


def _jpeg_bytes(image: QImage) -> bytes:
    scaled = image.scaled(
        *PHOTO_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    scaled.save(buffer, "JPEG", 88)
    return bytes(data.data())
