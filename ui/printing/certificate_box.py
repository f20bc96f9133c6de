"""证书版式: the certificate's text template (with its placeholders), the issuer and date when they should
differ from each honor's own, a background image, and for pre-printed paper the offsets and "text only"."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.printing import settings as s
from ui import dialogs
from ui.context import AppContext
from ui.widgets import hint_label

IMAGE_FILTERS = "图片 (*.png *.jpg *.jpeg)"


class CertificateBox(QGroupBox):
    """Public: `load(values)`, `values()`, `save()`, `is_modified()`, and its editors."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("荣誉证书版式"))
        self.ctx = ctx
        self.stored: dict[str, str] = {}
        layout = QVBoxLayout(self)
        placeholders = "、".join(f"{{{p}}}" for p in s.PLACEHOLDERS)
        layout.addWidget(
            hint_label(
                self.tr("正文中可用：{0}。每一行另起一段，第二段起首行缩进两字。").format(placeholders)
            )
        )
        self.template_edit = QPlainTextEdit()
        self.template_edit.setMaximumHeight(72)
        layout.addWidget(self.template_edit)
        form = QFormLayout()
        self.issuer_edit = QLineEdit()
        self.issuer_edit.setPlaceholderText(self.tr("留空：用定稿时记入荣誉的落款（系统设置中的落款）"))
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText(self.tr("留空：用荣誉的颁发日期；或填 2024-12-31"))
        self.background_edit = QLineEdit()
        self.background_edit.setPlaceholderText(self.tr("可选：印有边框的 PNG 或 JPG 图片，铺满整页"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        background = QHBoxLayout()
        background.addWidget(self.background_edit, 1)
        background.addWidget(browse)
        self.offset_x, self.offset_y = self._offset(), self._offset()
        offsets = QHBoxLayout()
        for label, box in ((self.tr("向右"), self.offset_x), (self.tr("向下"), self.offset_y)):
            offsets.addWidget(hint_label(label, wrap=False))
            offsets.addWidget(box)
        offsets.addStretch(1)
        self.text_only = QCheckBox(self.tr("只打印文字（套打在印好标题和边框的证书纸上）"))
        form.addRow(self.tr("落款："), self.issuer_edit)
        form.addRow(self.tr("日期："), self.date_edit)
        form.addRow(self.tr("背景图片："), background)
        form.addRow(self.tr("位置微调（毫米）："), offsets)
        form.addRow("", self.text_only)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.sample_button = QPushButton(self.tr("打印样张"))
        self.sample_button.setToolTip(self.tr("按保存的版式打印一张示例证书，用来对准印好的证书纸"))
        self.sample_button.clicked.connect(self.print_sample)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        self.revert_button = QPushButton(self.tr("撤销修改"))
        self.revert_button.clicked.connect(lambda: self.load(self.stored))
        self.save_button = QPushButton(self.tr("保存版式"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        for edit in (self.issuer_edit, self.date_edit, self.background_edit):
            edit.textChanged.connect(self._update_state)
        self.template_edit.textChanged.connect(self._update_state)
        for box in (self.offset_x, self.offset_y):
            box.valueChanged.connect(self._update_state)
        self.text_only.toggled.connect(self._update_state)

    def _update_state(self, *_args) -> None:
        modified = self.is_modified()
        self.revert_button.setEnabled(modified)
        self.save_button.setEnabled(modified and not self.ctx.office.read_only)

    @staticmethod
    def _offset() -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(-s.MAX_OFFSET_MM, s.MAX_OFFSET_MM)
        box.setDecimals(1)
        box.setSingleStep(0.5)
        box.setSuffix(" mm")
        return box

    def _browse(self) -> None:
        path = dialogs.open_file(self, self.tr("选择证书背景图片"), self.tr(IMAGE_FILTERS))
        if path is not None:
            self.background_edit.setText(str(path))

    def load(self, values: dict[str, str]) -> None:
        self.stored = dict(values)
        self.template_edit.setPlainText(values[s.TEMPLATE])
        self.issuer_edit.setText(values[s.ISSUER])
        self.date_edit.setText(values[s.DATE])
        self.background_edit.setText(values[s.BACKGROUND])
        self.offset_x.setValue(float(values[s.OFFSET_X] or 0))
        self.offset_y.setValue(float(values[s.OFFSET_Y] or 0))
        self.text_only.setChecked(values[s.TEXT_ONLY] == "1")
        self._update_state()

    def values(self) -> dict[str, str]:
        return {
            s.TEMPLATE: self.template_edit.toPlainText(), s.ISSUER: self.issuer_edit.text(),
            s.DATE: self.date_edit.text(), s.BACKGROUND: self.background_edit.text(),
            s.OFFSET_X: _mm(self.offset_x.value()), s.OFFSET_Y: _mm(self.offset_y.value()),
            s.TEXT_ONLY: "1" if self.text_only.isChecked() else "0",
        }  # fmt: skip

    def is_modified(self) -> bool:
        return any(self.stored.get(k, "") != v for k, v in self.values().items() if k != s.TEMPLATE) or (
            self.values()[s.TEMPLATE].strip() != self.stored.get(s.TEMPLATE, "")
        )

    def save(self) -> bool:
        values, db, actor = self.values(), self.ctx.db, self.ctx.actor
        result = self.ctx.perform(self, lambda: s.save(db, values, actor), title=self.tr("无法保存证书版式"))
        return result is not None

    def print_sample(self):
        """What is typed is saved first (a refused value stops here, with the reason): the sample shows it."""
        from ui.printing.actions import print_certificate_sample

        if self.is_modified() and not self.save():
            return None
        return print_certificate_sample(self, self.ctx)


def _mm(value: float) -> str:
    """0.0 → '0', 2.5 → '2.5': how the setting is stored."""
    return f"{value:.1f}".rstrip("0").rstrip(".") or "0"
