"""初始设置: the page a clerk sees the first time, on a database with nothing in it yet, instead of an empty roster.

Four things, all optional: 单位名称 and 落款 (kept in the database by app.settings, like 系统设置), a folder for
extra backups such as a USB stick (kept per PC: a drive letter belongs to this computer, not to the data), and
whether to open a throwaway demo database alongside to try things without touching the office's own data.

`needs_first_start(db)` says whether to show it; `show_first_start(window, ctx)` puts it in front of the window's
pages and takes it away when the clerk is done.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import settings
from ui import dialogs
from ui.context import AppContext
from ui.system import extra_backup
from ui.widgets import hint_label, page_title

PLACEHOLDERS = {"office_name": "例如：中共××区委组织部", "issuer": "不填则与单位名称相同"}


def needs_first_start(db) -> bool:
    """A database nobody has set up: no office name, no units, nobody on the roster (not even in the bin)."""
    if settings.get(db, "office_name"):
        return False
    for table in ("people", "org_units"):
        if table in db.table_names() and db.execute(f"SELECT 1 FROM [{table}] LIMIT 1").fetchone():
            return False
    return True


def demo_command() -> tuple[str, list[str]]:
    """How to start this program again on a throwaway demo database (`--demo`)."""
    if getattr(sys, "frozen", False):  # GrassrootsDesk.exe
        return sys.executable, ["--demo"]
    return sys.executable, ["-m", "ui.entry", "--demo"]


def start_demo() -> bool:
    program, arguments = demo_command()
    started, _pid = QProcess.startDetached(program, arguments)
    return bool(started)


class FirstStartPage(QWidget):
    """初始设置. `done` is emitted once the clerk has saved (or chosen 以后再设置)."""

    done = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.edits: dict[str, QLineEdit] = {}
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("firstStartCard")
        card.setMaximumWidth(680)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(page_title(self.tr("欢迎使用基层队伍管理系统")))
        layout.addWidget(
            hint_label(
                self.tr(
                    "这是第一次在这台电脑上使用。请先填写下面几项，以后都可以在“系统设置”里修改。"
                    "也可以全部空着，直接开始。"
                )
            )
        )

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(6)
        for key in ("office_name", "issuer"):
            edit = QLineEdit()
            edit.setMaxLength(settings.MAX_LENGTH)
            edit.setPlaceholderText(self.tr(PLACEHOLDERS[key]))
            self.edits[key] = edit
            form.addRow(self.tr("{label}：").format(label=self.tr(settings.LABELS[key])), edit)
        form.addRow(hint_label(self.tr("单位名称显示在窗口标题和打印文件上；落款是打印文件末尾的署名。")))

        self.backup_edit = QLineEdit()
        self.backup_edit.setReadOnly(True)
        self.backup_edit.setPlaceholderText(self.tr("不另存（自动备份仍保存在本机）"))
        self.choose_button = QPushButton(self.tr("选择文件夹…"))
        self.clear_button = QPushButton(self.tr("不另存"))
        row = QHBoxLayout()
        row.addWidget(self.backup_edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        form.addRow(self.tr("另存备份到："), row)
        form.addRow(
            hint_label(
                self.tr(
                    "程序每天自动备份数据库。这里可以再选一个地方（例如U盘），每次退出程序时如果数据有修改，"
                    "就把备份另存一份到那里；U盘没插时跳过。"
                )
            ),
        )
        layout.addLayout(form)

        self.demo_box = QCheckBox(self.tr("先打开演示数据库试一试（约300名虚构人员）"))
        layout.addWidget(self.demo_box)
        layout.addWidget(
            hint_label(
                self.tr(
                    "演示数据库在另一个窗口中打开，关闭后自动删除，不会进入本单位的数据库。"
                    "使用说明在“帮助”菜单里。"
                )
            )
        )

        buttons = QHBoxLayout()
        self.later_button = QPushButton(self.tr("以后再设置"))
        self.start_button = QPushButton(self.tr("开始使用"))
        self.start_button.setDefault(True)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.start_button)
        layout.addSpacing(6)
        layout.addLayout(buttons)

        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(card, 3)
        centred.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)

        self.choose_button.clicked.connect(self.choose_folder)
        self.clear_button.clicked.connect(lambda: self.backup_edit.clear())
        self.later_button.clicked.connect(self.done)
        self.start_button.clicked.connect(self.finish)
        for edit in self.edits.values():
            edit.returnPressed.connect(self.finish)
        self.edits["office_name"].setFocus()

    def choose_folder(self) -> None:
        folder = dialogs.choose_folder(self, self.tr("另存备份到哪个文件夹"), self.backup_edit.text())
        if folder is not None:
            self.backup_edit.setText(str(folder))

    def values(self) -> dict[str, str]:
        values = {key: edit.text().strip() for key, edit in self.edits.items()}
        if not values["issuer"]:
            values["issuer"] = values["office_name"]
        return values

    def finish(self) -> None:
        values = self.values()
        if any(values.values()):
            db, actor = self.ctx.db, self.ctx.actor
            result = self.ctx.perform(
                self, lambda: settings.save(db, values, actor), title=self.tr("无法保存设置")
            )
            if result is None:
                return  # the reason was shown; the clerk corrects it here
        folder = self.backup_edit.text().strip()
        extra_backup.set_folder(Path(folder) if folder else None)
        if self.demo_box.isChecked() and not start_demo():
            dialogs.warn(
                self,
                self.tr("无法打开演示数据库"),
                self.tr("演示数据库没能启动，请稍后从命令行运行 grassroots --demo。"),
            )
        self.done.emit()


def show_first_start(window: QMainWindow, ctx: AppContext) -> FirstStartPage:
    """Put 初始设置 in front of the window's pages (whatever they are) until the clerk is done with it."""
    pages = window.takeCentralWidget()
    stack = QStackedWidget()
    page = FirstStartPage(ctx)
    stack.addWidget(page)
    if pages is not None:
        stack.addWidget(pages)
    window.setCentralWidget(stack)
    page.edits["office_name"].setFocus()

    def finished() -> None:
        if pages is not None:
            stack.setCurrentWidget(pages)
        stack.removeWidget(page)
        page.deleteLater()

    page.done.connect(finished)
    return page
