"""考核方案 editor: name, roles, period type, components and weights, the optional X, tie-breakers, the grade rule
and the 补课 line — for a new scheme, an existing one, or a copy of one.

A scheme with recorded scores shows its components locked, says why, and offers 复制为新方案 (the copy keeps
the component keys, so the same score sheet imports under both). Built-in schemes keep their keys: the key of
a stored scheme is never edited, because the command line names schemes by it.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.appraisal import schemes
from app.appraisal.rules import Ratio, Scheme, ThresholdTop
from app.appraisal.service import decimal_text
from app.people.fields import Role
from ui.appraisal.scheme_parts import ComponentTable, TieBreakerList, percent_text, typed_number
from ui.context import AppContext
from ui.widgets import fit_to_screen, hint_label, ok_cancel_buttons, set_tone

# What a new scheme starts from: the first built-in, which most offices adapt.
_STARTER = schemes.BUILTIN_SCHEMES["weighted-top20"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("SchemeEditor", text)


def open_scheme_editor(ctx: AppContext, parent: QWidget | None, key: str | None) -> str | None:
    """Edit the scheme `key` (None: a new one) in a modal dialog; the key saved, or None when cancelled."""
    editor = SchemeEditor(ctx, key, parent)
    if editor.exec() != QDialog.DialogCode.Accepted:
        return None
    return editor.saved_key


def _number_edit(width: int = 64) -> QLineEdit:
    edit = QLineEdit()
    edit.setFixedWidth(width)
    return edit


class SchemeEditor(QDialog):
    def __init__(self, ctx: AppContext, key: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.original = schemes.find_scheme(ctx.db, key) if key else None
        self.locked = key is not None and schemes.scores_recorded(ctx.db, key)
        self.saved_key: str | None = None
        self.setWindowTitle(self.tr("编辑考核方案") if key else self.tr("新建考核方案"))
        self.setMinimumWidth(640)
        self._build()
        if self.original is not None:
            self._fill(self.original)
        else:
            self._fill(replace(_STARTER, key=schemes.free_key(ctx.db), name="", roles=()))
        self._show_lock()

    # --- building --------------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.lock_label = QLabel()
        self.lock_label.setObjectName("formBanner")
        self.lock_label.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("复制为新方案"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.make_copy)
        lock_row = QHBoxLayout()
        lock_row.addWidget(self.lock_label, 1)
        lock_row.addWidget(self.copy_button)
        outer.addLayout(lock_row)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_basics())
        layout.addWidget(self._build_components())
        layout.addWidget(self._build_rule())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.error_label = QLabel()
        self.error_label.setObjectName("formBanner")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        outer.addWidget(self.error_label)
        self.buttons = ok_cancel_buttons(self, self.tr("保存"), self.tr("取消"))
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self.save)
        outer.addWidget(self.buttons)
        fit_to_screen(self, 700, 800)

    def _build_basics(self) -> QFormLayout:
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("如：社区工作者年度考核"))
        self.key_edit = QLineEdit()
        self.key_edit.setToolTip(
            self.tr("命令行（grassroots appraisal … --scheme 代码）用它指明方案；保存后不能再改")
        )
        roles = QHBoxLayout()
        self.role_boxes: dict[str, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(role.label)
            self.role_boxes[role.value] = box
            roles.addWidget(box)
        roles.addWidget(hint_label(self.tr("（都不勾选：适用于所有人员）"), wrap=False))
        roles.addStretch(1)
        self.period_box = QComboBox()
        for period_type in schemes.PERIOD_TYPES:
            self.period_box.addItem(period_type, period_type)
        form.addRow(self.tr("方案名称"), self.name_edit)
        form.addRow(self.tr("方案代码"), self.key_edit)
        form.addRow(self.tr("适用人员"), roles)
        form.addRow(self.tr("考核周期"), self.period_box)
        return form

    def _build_components(self) -> QGroupBox:
        box = QGroupBox(self.tr("考核项目（权重合计 100%，满分不超过 100）"))
        layout = QVBoxLayout(box)
        self.components = ComponentTable()
        layout.addWidget(self.components)
        bonus = QHBoxLayout()
        self.bonus_box = QCheckBox(self.tr("另设加分项（X）"))
        self.bonus_name_edit = QLineEdit()
        self.bonus_name_edit.setFixedWidth(140)
        self.bonus_cap_edit = _number_edit()
        bonus.addWidget(self.bonus_box)
        bonus.addWidget(QLabel(self.tr("名称")))
        bonus.addWidget(self.bonus_name_edit)
        bonus.addWidget(QLabel(self.tr("最多加")))
        bonus.addWidget(self.bonus_cap_edit)
        bonus.addWidget(QLabel(self.tr("分")))
        bonus.addStretch(1)
        layout.addLayout(bonus)
        self.bonus_box.toggled.connect(self._bonus_toggled)
        layout.addWidget(QLabel(self.tr("同分比较")))
        self.ties = TieBreakerList()
        layout.addWidget(self.ties)
        self.components.changed.connect(lambda: self.ties.follow(self.components.names()))
        return box

    def _build_rule(self) -> QGroupBox:
        box = QGroupBox(self.tr("等次规则"))
        grid = QGridLayout(box)
        self.top_radio = QRadioButton(self.tr("分数线 + 优秀名额比例"))
        self.ratio_radio = QRadioButton(self.tr("按比例分配优秀、称职、一般"))
        group = QButtonGroup(self)
        group.addButton(self.top_radio)
        group.addButton(self.ratio_radio)
        self.excellent_edit, self.share_edit, self.competent_edit = (
            _number_edit(),
            _number_edit(),
            _number_edit(),
        )
        top_row = QHBoxLayout()
        for widget in (
            QLabel(self.tr("优秀：总分 ≥")), self.excellent_edit, QLabel(self.tr("且名次在前")), self.share_edit,
            QLabel(self.tr("%；称职：总分 ≥")), self.competent_edit, QLabel(self.tr("；以下不称职")),
        ):  # fmt: skip
            top_row.addWidget(widget)
        top_row.addStretch(1)
        self.share_spins = [QSpinBox() for _ in range(3)]
        ratio_row = QHBoxLayout()
        for index, spin in enumerate(self.share_spins):
            spin.setRange(0, 99)
            if index:
                ratio_row.addWidget(QLabel(":"))
            ratio_row.addWidget(spin)
        ratio_row.addWidget(hint_label(self.tr("（名额按最大余数法分配，按名次依次取得）"), wrap=False))
        ratio_row.addStretch(1)
        line = QHBoxLayout()
        line.addSpacing(24)
        self.poor_box = QCheckBox(self.tr("总分低于"))
        self.poor_edit = _number_edit()
        line.addWidget(self.poor_box)
        line.addWidget(self.poor_edit)
        line.addWidget(QLabel(self.tr("分的为不称职（不占席位）")))
        line.addStretch(1)
        self.poor_box.toggled.connect(lambda _on: self._rule_toggled())
        remedial = QHBoxLayout()
        self.remedial_box = QCheckBox(self.tr("总分低于"))
        self.remedial_edit = _number_edit()
        remedial.addWidget(self.remedial_box)
        remedial.addWidget(self.remedial_edit)
        remedial.addWidget(QLabel(self.tr("分的需要补课")))
        remedial.addStretch(1)
        grid.addWidget(self.top_radio, 0, 0)
        grid.addLayout(top_row, 1, 0)
        grid.addWidget(self.ratio_radio, 2, 0)
        grid.addLayout(ratio_row, 3, 0)
        grid.addLayout(line, 4, 0)
        grid.addLayout(remedial, 5, 0)
        self.top_radio.toggled.connect(self._rule_toggled)
        self.remedial_box.toggled.connect(self.remedial_edit.setEnabled)
        return box

    # --- showing a scheme ------------------------------------------------------------------------------
    def _fill(self, scheme: Scheme) -> None:
        self.name_edit.setText(scheme.name)
        self.key_edit.setText(scheme.key)
        self.key_edit.setReadOnly(self.original is not None)
        for role, box in self.role_boxes.items():
            box.setChecked(role in scheme.roles)
        self.period_box.setCurrentIndex(max(self.period_box.findData(scheme.period_type), 0))
        self.components.set_components(scheme.components)
        self.ties.set_choices(self.components.names(), scheme.tie_breakers)
        has_bonus = scheme.bonus_cap is not None
        self.bonus_box.setChecked(has_bonus)
        self.bonus_name_edit.setText(scheme.bonus_name)
        self.bonus_cap_edit.setText(decimal_text(scheme.bonus_cap) if has_bonus else "10")
        self._bonus_toggled(has_bonus)
        rule = scheme.rule
        top = rule if isinstance(rule, ThresholdTop) else _STARTER.rule
        self.excellent_edit.setText(decimal_text(top.excellent_min))
        self.share_edit.setText(percent_text(top.top_share))
        self.competent_edit.setText(decimal_text(top.competent_min))
        shares = rule.shares if isinstance(rule, Ratio) else (1, 5, 4)
        for spin, share in zip(self.share_spins, shares, strict=True):
            spin.setValue(share)
        poor = rule.poor_below if isinstance(rule, Ratio) else None
        self.poor_box.setChecked(poor is not None)
        self.poor_edit.setText(decimal_text(poor) if poor is not None else "60")
        (self.ratio_radio if isinstance(rule, Ratio) else self.top_radio).setChecked(True)
        self._rule_toggled()
        self.remedial_box.setChecked(scheme.remedial_below is not None)
        self.remedial_edit.setText(decimal_text(scheme.remedial_below) if scheme.remedial_below else "80")
        self.remedial_edit.setEnabled(scheme.remedial_below is not None)

    def _show_lock(self) -> None:
        self.components.set_locked(self.locked)
        self.bonus_box.setEnabled(not self.locked)
        self.bonus_cap_edit.setEnabled(not self.locked and self.bonus_box.isChecked())
        self.copy_button.setVisible(self.original is not None)
        if self.locked:
            self.lock_label.setText(
                self.tr(
                    "这个方案已经录入了成绩：考核项目、权重、满分和加分上限不能再修改（已有的总分不能因此改变）。"
                    "如需调整，请点“复制为新方案”，在副本上修改。"
                )
            )
            set_tone(self.lock_label, "error")
        self.lock_label.setVisible(self.locked)

    def _bonus_toggled(self, on: bool) -> None:
        self.bonus_name_edit.setEnabled(on)
        self.bonus_cap_edit.setEnabled(on and not self.locked)

    def _rule_toggled(self, *_args) -> None:
        top = self.top_radio.isChecked()
        for edit in (self.excellent_edit, self.share_edit, self.competent_edit):
            edit.setEnabled(top)
        for spin in self.share_spins:
            spin.setEnabled(not top)
        self.poor_box.setEnabled(not top)
        self.poor_edit.setEnabled(not top and self.poor_box.isChecked())

    # --- copying and saving ----------------------------------------------------------------------------
    def make_copy(self) -> None:
        """复制为新方案: the same form, now for a new scheme with everything editable."""
        source = self.original
        if source is None:
            return
        self.original = None
        self.locked = False
        self.setWindowTitle(self.tr("复制为新方案"))
        self.key_edit.setText(schemes.free_key(self.ctx.db, source.key))
        self.key_edit.setReadOnly(False)
        self.name_edit.setText(self.tr("{0}（副本）").format(self.name_edit.text().strip() or source.name))
        self._show_lock()
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def form_scheme(self) -> tuple[Scheme | None, list[str]]:
        """The scheme as typed, or None and what is wrong with the typed numbers."""
        errors: list[str] = []
        components, problems = self.components.components()
        errors += problems
        bonus_cap = self._optional(self.bonus_box, self.bonus_cap_edit, self.tr("加分上限"), errors)
        remedial = self._optional(self.remedial_box, self.remedial_edit, self.tr("补课线"), errors)
        rule = self._rule(errors)
        if errors or rule is None:
            return None, errors
        scheme = Scheme(
            key=self.key_edit.text().strip(),
            name=self.name_edit.text().strip(),
            period_type=self.period_box.currentData(),
            components=components,
            rule=rule,
            tie_breakers=self.ties.chosen(),
            bonus_cap=bonus_cap,
            bonus_name=self.bonus_name_edit.text().strip() if bonus_cap is not None else _STARTER.bonus_name,
            remedial_below=remedial,
            roles=tuple(role for role, box in self.role_boxes.items() if box.isChecked()),
        )
        return scheme, []

    @staticmethod
    def _optional(box: QCheckBox, edit: QLineEdit, what: str, errors: list[str]) -> Decimal | None:
        if not box.isChecked():
            return None
        try:
            return typed_number(edit.text(), what)
        except ValueError as exc:
            errors.append(str(exc))
            return None

    def _rule(self, errors: list[str]) -> ThresholdTop | Ratio | None:
        if self.ratio_radio.isChecked():
            poor = self._optional(self.poor_box, self.poor_edit, self.tr("不称职线"), errors)
            if errors and self.poor_box.isChecked() and poor is None:
                return None
            return Ratio(tuple(spin.value() for spin in self.share_spins), poor)  # type: ignore[arg-type]
        try:
            return ThresholdTop(
                typed_number(self.excellent_edit.text(), self.tr("优秀分数线")),
                typed_number(self.share_edit.text(), self.tr("优秀名额比例"), percent=True) / 100,
                typed_number(self.competent_edit.text(), self.tr("称职分数线")),
            )
        except ValueError as exc:
            errors.append(str(exc))
            return None

    def problems(self) -> tuple[Scheme | None, list[str]]:
        scheme, errors = self.form_scheme()
        if scheme is None:
            return None, errors
        stored = schemes.stored_scheme(self.ctx.db, self.original.key) if self.original else None
        found = schemes.scheme_problems(self.ctx.db, scheme, except_id=stored[0] if stored else None)
        return (None, list(found.values())) if found else (scheme, [])

    def save(self) -> None:
        scheme, errors = self.problems()
        if scheme is None:
            self._show_errors(errors)
            return
        self._show_errors([])
        db, actor, original = self.ctx.db, self.ctx.actor, self.original
        if original is None:
            result = self.ctx.perform(self, lambda: schemes.create_scheme(db, scheme, actor))
        else:
            result = self.ctx.perform(self, lambda: schemes.update_scheme(db, original.key, scheme, actor))
        if result is not None:
            self.saved_key = scheme.key
            self.accept()

    def _show_errors(self, errors: list[str]) -> None:
        self.error_label.setText("\n".join(errors))
        set_tone(self.error_label, "error")
        self.error_label.setVisible(bool(errors))
