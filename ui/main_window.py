"""The main window: a navigation column, the pages, and a status bar with the database and the last backup.

It is shown before the database is opened: the window is on screen as soon as Qt can draw it, and the office
(sqlite-utils, the integrity check, the roster page and its people) arrives right after its first frame through
`attach`. Nothing here imports the data layer at module level, so showing the window costs no more than that.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QWindow
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from ui.help.menu import install_help_menu
from ui.pages import PAGES, page_index
from ui.widgets import fit_to_screen

if TYPE_CHECKING:
    from app.changes import OpChanges
    from ui.context import AppContext


class MainWindow(QMainWindow):
    """`MainWindow(ctx)` is ready at once; `MainWindow(db_path=path)` is the bare frame that start-up shows
    first, and `attach(ctx)` fills it once the office is open."""

    def __init__(self, ctx: AppContext | None = None, *, db_path: Path | None = None):
        super().__init__()
        self.ctx: AppContext | None = None
        self.pages: dict[str, QWidget] = {}
        self._backup_timer: QTimer | None = None
        # Set once the first frame is on screen: from then on a page that loads later fills as soon as it is built.
        self._started = False
        self.setWindowTitle(self.tr("基层队伍管理系统"))
        # A 1366×768 laptop at 125 % gives a maximized window about 1093×550: the window must fit in it.
        self.setMinimumSize(900, 500)
        self._build(db_path if db_path is not None else ctx.office.path)
        install_help_menu(self)  # 帮助 → 使用说明 (F1), 关于
        self._restore_state()
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """The office is open: pages can be built, and the current one is."""
        self.ctx = ctx
        ctx.changed.connect(self._on_changed)
        ctx.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.nav.setEnabled(True)
        self._show_read_only(ctx.office.read_only_reason)
        self._update_title()
        self._update_backup_label()
        self.show_page(max(self.nav.currentRow(), 0))

    def _build(self, db_path: Path) -> None:
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        for entry in PAGES:
            self.nav.addItem(QListWidgetItem(self.tr(entry.title)))
            self.stack.addWidget(QWidget())  # placeholder until the page is first shown
        self.nav.currentRowChanged.connect(self.show_page)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.db_label = QLabel(self.tr("数据库：{0}").format(db_path))
        self.backup_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self.statusBar().addPermanentWidget(self.backup_label)
        self.nav.setCurrentRow(0)
        self.nav.setEnabled(False)  # until the office is open (attach)

    # --- pages ---------------------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page with this key (ui/pages.py), built on first use."""
        if key not in self.pages:
            index = page_index(key)
            widget = PAGES[index].build(self.ctx)
            old = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[key] = widget
            if PAGES[index].loads_later and self._started:
                QTimer.singleShot(0, widget, widget.reload)
            history = getattr(widget, "history_requested", None)
            if history is not None:
                history.connect(self.show_person_history)
        return self.pages[key]

    def show_page(self, row: int) -> None:
        if row < 0 or self.ctx is None:
            return
        widget = self.page(PAGES[row].key)
        self.stack.setCurrentWidget(widget)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)

    def show_person_history(self, person_id: int) -> None:
        self.show_page(page_index("audit"))
        self.page("audit").show_person(person_id)

    def _on_changed(self, changes: OpChanges) -> None:
        for widget in self.pages.values():
            widget.refresh(changes)
        if changes.settings or changes.everything:
            self._update_title()
        self._update_backup_label()

    def _show_read_only(self, reason: str | None) -> None:
        if not reason:
            return
        self.db_label.setText(self.tr("数据库：{0}（只读）").format(self.ctx.office.path))
        self.db_label.setToolTip(reason)
        notice = QLabel(self.tr("只读：{0}").format(reason))
        notice.setObjectName("readOnlyNotice")
        self.statusBar().insertPermanentWidget(0, notice, 1)

    # --- status --------------------------------------------------------------------------------------
    def _update_title(self) -> None:
        from app import settings as office_settings

        office = office_settings.get(self.ctx.db, "office_name")
        base = self.tr("基层队伍管理系统")
        self.setWindowTitle(f"{base} — {office}" if office else base)

    def _update_backup_label(self) -> None:
        from db.backup import last_backup_time

        when = last_backup_time(self.ctx.office.path)
        text = when.strftime("%Y-%m-%d %H:%M") if when else self.tr("尚无备份")
        self.backup_label.setText(self.tr("最近备份：{0}").format(text))

    def backup_if_due(self) -> None:
        """The daily automatic backup, run once the window is on screen so start-up stays quick."""
        from app.backups import automatic_backup
        from db.backup import BackupError, needs_daily_backup
        from ui import dialogs

        if self.ctx.office.read_only or not needs_daily_backup(self.ctx.office.path):
            return
        try:
            result = automatic_backup(self.ctx.office)
        except BackupError as exc:
            dialogs.warn(self, self.tr("自动备份失败"), str(exc))
            return
        self.ctx.announce(result.changes)

    # --- window state --------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        state = QSettings()
        # Size and maximised state rather than restoreGeometry: a geometry saved on another screen layout can
        # come back squeezed or off-screen.
        size = state.value("main/size")
        wanted = size if isinstance(size, QSize) and size.isValid() else QSize(1280, 780)
        fit_to_screen(
            self, wanted.width(), wanted.height()
        )  # a size saved on a bigger screen, or the default
        if state.value("main/maximized", False, type=bool):
            self.setWindowState(Qt.WindowState.WindowMaximized)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._backup_timer is not None:
            self._backup_timer.stop()
        state = QSettings()
        state.setValue("main/maximized", self.isMaximized())
        if not self.isMaximized():
            state.setValue("main/size", self.size())
        super().closeEvent(event)

    def start(self, open_office: Callable[[], AppContext | None] | None = None) -> None:
        """Show the window; once its first frame is on screen, open the office (`open_office`, when the window
        was made without one) and fill the first page (今日待办): the window appears at once and the list
        follows a moment later, instead of a blank wait."""
        self.show()
        then = lambda: self._after_first_frame(open_office)  # noqa: E731
        handle = self.windowHandle()
        if handle is None or handle.isExposed():
            then()
        else:
            self._first_frame = _FirstExpose(handle, then)

    def _after_first_frame(self, open_office: Callable[[], AppContext | None] | None) -> None:
        if open_office is not None:
            ctx = open_office()
            if ctx is None:  # the office could not be opened; the user has been told why
                self.close()
                return
            self.attach(ctx)
        self._started = True
        # The pages built so far (the first page shown: 今日待办) fill now, after the frame; the rest when shown.
        for key, widget in self.pages.items():
            if PAGES[page_index(key)].loads_later:
                QTimer.singleShot(0, widget, widget.reload)
        # Owned by the window and stopped when it closes: a backup never runs against a closed database.
        self._backup_timer = QTimer(self, singleShot=True, interval=300)
        self._backup_timer.timeout.connect(self.backup_if_due)
        self._backup_timer.start()


class _FirstExpose(QObject):
    """Calls `then` once, after the window's first Expose event has been handled."""

    def __init__(self, window: QWindow, then: Callable[[], None]):
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and watched.isExposed():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False
