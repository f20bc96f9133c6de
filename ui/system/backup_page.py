"""备份与恢复: where the data lives, its backups, backing up to a USB stick, restoring, and a health check.

Threads: a manual backup and the integrity check run as background jobs (`ui.worker.start_job`)
on a connection of their own, opened in the worker thread — an sqlite3 connection cannot cross threads, and a
backup to a slow USB stick must not freeze the window. A restore runs in the UI thread on the office's
own connection (with a wait cursor), because it replaces that connection's data and must not race the UI.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.backups import backup_to_folder, restore_backup
from app.changes import OpChanges, OpResult
from app.clock import local_text
from db.backup import (
    BackupError,
    backup_dir_for,
    describe_backup,
    inspect_backup,
    integrity_check,
    last_backup_time,
    list_backups,
    reason_label,
)
from db.connection import DatabaseError
from ui import dialogs
from ui.context import AppContext
from ui.system import extra_backup
from ui.widgets import (
    ReadOnlyTableModel,
    hint_label,
    page_layout,
    read_only_table,
    selectable_label,
    set_tone,
)
from ui.worker import Job, JobHandle, start_job

STALE_AFTER = dt.timedelta(days=7)  # the last backup is shown in orange when older than this
BACKUP_FILTER = "数据库备份 (*.db);;所有文件 (*)"
# What can go wrong with files and SQLite; shown to the user as a warning, never as a traceback.
FILE_ERRORS = (BackupError, OSError, sqlite3.Error, DatabaseError)


def reason_of(path: Path) -> str:
    """The Chinese reason of a backup, from the word in its name (office-20261121-162000-auto.db → 自动);
    the words live in db.backup.REASON_LABELS, shared with the command line."""
    label = reason_label(path)
    return QCoreApplication.translate("BackupPage", label) if label else ""


def size_text(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _when_text(when: dt.datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S") if when else ""


class Col(IntEnum):
    TIME, REASON, SIZE, FILE = range(4)


HEADERS = {Col.TIME: "时间", Col.REASON: "原因", Col.SIZE: "大小", Col.FILE: "文件名"}


@dataclass(frozen=True)
class BackupRow:
    when: dt.datetime
    path: Path
    size: int | None


class BackupModel(ReadOnlyTableModel[BackupRow]):
    """The backups in the automatic backup folder, newest first."""

    headers = HEADERS

    def set_backups(self, backups: list[tuple[dt.datetime, Path]]) -> None:
        rows = []
        for when, path in backups:
            try:
                size = path.stat().st_size
            except OSError:
                size = None
            rows.append(BackupRow(when, path, size))
        self.set_rows(rows)

    def path(self, row: int) -> Path | None:
        found = self.row_at(row)
        return found.path if found is not None else None

    def cells(self, record: BackupRow) -> tuple[str, ...]:
        return (_when_text(record.when), reason_of(record.path), size_text(record.size), record.path.name)

    def role_data(self, record: BackupRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Col.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{describe_backup(record.path)}\n{record.path}"
        return None


@contextmanager
def _wait_cursor():
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class BackupPage(QWidget):
    """备份与恢复. Public: `refresh(changes)`, `reload()`, `backup_now()`, `restore_from_file()`,
    `restore_selected()`, `restore_from(path)`, `open_backup_folder()`, `check_integrity()`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._build()
        self.reload()

    @property
    def db_path(self) -> Path:
        return Path(self.ctx.office.path)

    @property
    def backup_folder(self) -> Path:
        return backup_dir_for(self.db_path)

    def _build(self) -> None:
        layout = page_layout(self, self.tr("备份与恢复"), spacing=10)

        info = QGroupBox(self.tr("数据文件"))
        form = QFormLayout(info)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.path_label = selectable_label()
        self.last_label = selectable_label()
        self.folder_label = selectable_label()
        form.addRow(self.tr("数据库文件："), self.path_label)
        form.addRow(self.tr("最近一次备份："), self.last_label)
        form.addRow(self.tr("自动备份文件夹："), self.folder_label)
        form.addRow(self.tr("退出时另存到："), self._extra_row())
        actions = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("立即备份到…"))
        self.backup_button.setToolTip(self.tr("把当前数据备份到U盘或其他文件夹"))
        self.restore_file_button = QPushButton(self.tr("从备份恢复…"))
        self.check_button = QPushButton(self.tr("完整性检查"))
        self.check_button.setToolTip(self.tr("检查数据库文件是否完好"))
        for button in (self.backup_button, self.restore_file_button, self.check_button):
            actions.addWidget(button)
        actions.addStretch(1)
        form.addRow(actions)
        layout.addWidget(info)

        auto = QGroupBox(self.tr("自动备份"))
        auto_layout = QVBoxLayout(auto)
        explain = hint_label(
            self.tr(
                "程序每天自动备份一次，退出时如有修改也会备份；升级、批量操作和恢复之前也会先备份。"
                "自动备份保留最近 7 天每天一份、4 周每周一份、12 个月每月一份。"
            )
        )
        auto_layout.addWidget(explain)
        self.model = BackupModel(self)
        self.view = read_only_table(self.model)
        auto_layout.addWidget(self.view, 1)
        self.empty_label = hint_label(self.tr("备份文件夹中还没有备份。"), wrap=False)
        auto_layout.addWidget(self.empty_label)
        list_actions = QHBoxLayout()
        self.restore_selected_button = QPushButton(self.tr("用所选备份恢复…"))
        self.open_folder_button = QPushButton(self.tr("打开备份文件夹"))
        list_actions.addWidget(self.restore_selected_button)
        list_actions.addWidget(self.open_folder_button)
        list_actions.addStretch(1)
        auto_layout.addLayout(list_actions)
        layout.addWidget(auto, 1)

        self.backup_button.clicked.connect(self.backup_now)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.check_button.clicked.connect(self.check_integrity)
        self.restore_selected_button.clicked.connect(self.restore_selected)
        self.open_folder_button.clicked.connect(self.open_backup_folder)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    def _extra_row(self) -> QWidget:
        """The second place (a USB stick) that gets a copy of the exit backup: shown, changed, or cleared."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.extra_label = selectable_label()
        self.extra_button = QPushButton(self.tr("更改…"))
        self.extra_clear_button = QPushButton(self.tr("不另存"))
        line.addWidget(self.extra_label, 1)
        line.addWidget(self.extra_button)
        line.addWidget(self.extra_clear_button)
        self.extra_button.clicked.connect(self.choose_extra_folder)
        self.extra_clear_button.clicked.connect(lambda: self._set_extra(None))
        return row

    def choose_extra_folder(self) -> None:
        chosen = dialogs.choose_folder(self, self.tr("选择退出时另存备份的文件夹（例如U盘）"))
        if chosen is not None:
            self._set_extra(Path(chosen))

    def _set_extra(self, folder: Path | None) -> None:
        extra_backup.set_folder(folder)
        self._show_extra()

    def _show_extra(self) -> None:
        folder = extra_backup.folder()
        self.extra_label.setText(str(folder) if folder else self.tr("不另存（只保存在自动备份文件夹中）"))
        self.extra_clear_button.setEnabled(folder is not None)

    # --- loading -------------------------------------------------------------------------------

    def refresh(self, changes: OpChanges) -> None:
        if changes.everything or changes.backups:
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.reload()  # backups are made behind the page's back (daily, on exit, before bulk work)

    def reload(self) -> None:
        self.path_label.setText(str(self.db_path))
        self.folder_label.setText(str(self.backup_folder))
        self._show_extra()
        last = last_backup_time(self.db_path)
        if last is None:
            self.last_label.setText(self.tr("还没有备份"))
            set_tone(self.last_label, "warning")
        else:
            age = dt.datetime.now() - last
            text = last.strftime("%Y-%m-%d %H:%M")
            if age > STALE_AFTER:
                text += self.tr("（已超过 {days} 天，建议立即备份到U盘）").format(days=age.days)
                set_tone(self.last_label, "warning")
            else:
                set_tone(self.last_label)
            self.last_label.setText(text)
        self.model.set_backups(list_backups(self.backup_folder, self.db_path.stem))
        self.empty_label.setVisible(not self.model.rows)
        self._update_buttons()

    def _selected_path(self) -> Path | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.path(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.restore_selected_button.setEnabled(self._selected_path() is not None)

    # --- backing up ----------------------------------------------------------------------------

    def backup_now(self) -> JobHandle | None:
        folder = dialogs.choose_folder(self, self.tr("选择备份保存的位置（例如U盘）"))
        if folder is None:
            return None
        db_path = self.db_path

        def done(result: OpResult) -> None:
            self.ctx.announce(result.changes, result.message)  # the status bar shows the last backup
            dialogs.inform(self, self.tr("备份完成"), result.message)

        job = Job(
            title=self.tr("正在备份"),
            work=lambda db, _progress: backup_to_folder(db, db_path, Path(folder)),
            database=db_path,
            on_done=done,
            on_failed=lambda message: dialogs.warn(
                self, self.tr("备份失败"), self.tr("备份没有成功：{0}").format(message)
            ),
            cancellable=False,
        )
        return start_job(self, job)

    # --- restoring -----------------------------------------------------------------------------

    def restore_from_file(self) -> None:
        start = self.backup_folder if self.backup_folder.is_dir() else self.db_path.parent
        path = dialogs.open_file(self, self.tr("选择要恢复的备份文件"), self.tr(BACKUP_FILTER), str(start))
        if path is not None:
            self.restore_from(Path(path))

    def restore_selected(self) -> None:
        path = self._selected_path()
        if path is not None:
            self.restore_from(path)

    def restore_from(self, path: Path) -> bool:
        """Check the backup, ask with a summary of what it holds, then restore. True when restored."""
        title = self.tr("从备份恢复")
        try:
            same = path.resolve() == self.db_path.resolve()
        except OSError:
            same = False
        if same:
            dialogs.warn(
                self, title, self.tr("“{name}”是正在使用的数据库本身，不是备份。").format(name=path.name)
            )
            return False
        with _wait_cursor():
            info = inspect_backup(path)
        if not info.ok:
            dialogs.warn(self, self.tr("不能用这个文件恢复"), info.problem or self.tr("该文件无法使用。"))
            return False
        last = local_text(info.last_change) if info.last_change else ""
        changed = (
            self.tr("最后修改于 {when}（本地时间）").format(when=last)
            if last
            else self.tr("其中没有修改记录")
        )
        question = self.tr(
            "该备份包含 {people} 名人员、{units} 个单位，{changed}。\n"
            "恢复后，当前数据将被这个备份替换。恢复前会先自动备份当前数据。确定恢复吗？\n\n{path}"
        ).format(people=info.people, units=info.units, changed=changed, path=path)
        if not dialogs.ask(self, title, question, danger=True):
            return False
        try:
            with _wait_cursor():
                result = restore_backup(self.ctx.office, path)
        except FILE_ERRORS as exc:
            dialogs.warn(self, self.tr("恢复失败"), self._error_text(exc, self.tr("恢复没有成功")))
            self.reload()
            return False
        self.ctx.announce(result.changes, result.message)
        self.reload()
        dialogs.inform(self, self.tr("恢复完成"), result.message)
        return True

    # --- the rest ------------------------------------------------------------------------------

    def open_backup_folder(self) -> None:
        folder = self.backup_folder
        if not folder.is_dir():
            dialogs.inform(
                self,
                self.tr("备份文件夹"),
                self.tr("还没有自动备份，备份文件夹“{folder}”尚未建立。").format(folder=folder),
            )
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            dialogs.warn(
                self, self.tr("备份文件夹"), self.tr("无法打开文件夹“{folder}”。").format(folder=folder)
            )

    def check_integrity(self) -> JobHandle:
        title = self.tr("完整性检查")

        def done(problems: list[str]) -> None:
            if problems:
                text = self.tr(
                    "检查发现以下问题：\n{problems}\n\n建议从最近的备份恢复，或联系技术人员。"
                ).format(problems="\n".join(problems))
                dialogs.warn(self, title, text)
            else:
                dialogs.inform(self, title, self.tr("检查通过，数据库文件完好。"))

        job = Job(
            title=self.tr("正在检查数据库"),
            work=lambda db, _progress: integrity_check(db.conn),
            database=self.db_path,
            on_done=done,
            on_failed=lambda message: dialogs.warn(self, title, message),
            cancellable=False,
        )
        return start_job(self, job)

    def _error_text(self, exc: BaseException, what: str) -> str:
        """BackupError and DatabaseError already speak Chinese; raw OS/SQLite errors get a Chinese lead."""
        if isinstance(exc, BackupError | DatabaseError):
            return str(exc)
        return self.tr("{what}：{detail}").format(what=what, detail=exc)
