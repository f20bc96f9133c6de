"""字体: which font file each printing role uses on this PC, any fallback said plainly, and the office's own
choice of a font file per role (saved in the database, so every printout of the office uses it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.printing import settings as print_settings
from app.printing.fonts import ROLE_LABELS, ROLES, FontSet
from ui import dialogs
from ui.context import AppContext
from ui.widgets import hint_label

FONT_FILTERS = "TrueType 字体 (*.ttf *.ttc);;所有文件 (*)"


class FontBox(QGroupBox):
    """Public: `show_fonts(fonts)`, `choose(role)`, `reset(role)`, and the labels by role."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("字体"))
        self.ctx = ctx
        self.font_labels: dict[str, QLabel] = {}
        self.note_labels: dict[str, QLabel] = {}
        self.reset_buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(self.tr(
            "打印文件中的字体都嵌入 PDF，换一台电脑打印效果相同。本机缺少某种字体时自动改用相近的字体，并在这里说明；"
            "也可以为每种用途指定一个 TrueType 字体文件（.ttf 或 .ttc，如 Windows 字体文件夹中的 simfang.ttf）。"
        )))  # fmt: skip
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, role in enumerate(ROLES):
            grid.addWidget(
                QLabel(self.tr("{0}：").format(ROLE_LABELS[role])), row * 2, 0, Qt.AlignmentFlag.AlignTop
            )
            font_label = QLabel()
            font_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font_label.setWordWrap(True)
            note = hint_label()
            choose = QPushButton(self.tr("指定字体文件…"))
            choose.clicked.connect(lambda _checked=False, r=role: self.choose(r))
            reset = QPushButton(self.tr("恢复自动"))
            reset.clicked.connect(lambda _checked=False, r=role: self.reset(r))
            grid.addWidget(font_label, row * 2, 1)
            grid.addWidget(choose, row * 2, 2)
            grid.addWidget(reset, row * 2, 3)
            grid.addWidget(note, row * 2 + 1, 1, 1, 3)
            self.font_labels[role], self.note_labels[role], self.reset_buttons[role] = font_label, note, reset
            choose.setEnabled(not ctx.office.read_only)  # an office that may only be read keeps its fonts
        layout.addLayout(grid)

    def show_fonts(self, fonts: FontSet, values: dict[str, str]) -> None:
        for role in ROLES:
            font = fonts.roles[role]
            where = f"{font.path}" + (f"（第 {font.index} 个字体）" if font.index else "")
            self.font_labels[role].setText(f"{font.label}　{where}" if font.path else font.label)
            self.note_labels[role].setText(font.note)
            self.note_labels[role].setVisible(bool(font.note))
            chosen = values.get(print_settings.FONT_KEYS[role], "")
            self.reset_buttons[role].setEnabled(bool(chosen) and not self.ctx.office.read_only)

    def choose(self, role: str) -> None:
        path = dialogs.open_file(
            self, self.tr("选择{0}字体文件").format(ROLE_LABELS[role]), self.tr(FONT_FILTERS)
        )
        if path is not None:
            self._save(role, str(path))

    def reset(self, role: str) -> None:
        self._save(role, "")

    def _save(self, role: str, value: str) -> None:
        key, db, actor = print_settings.FONT_KEYS[role], self.ctx.db, self.ctx.actor
        self.ctx.perform(
            self, lambda: print_settings.save(db, {key: value}, actor), title=self.tr("无法使用该字体")
        )
