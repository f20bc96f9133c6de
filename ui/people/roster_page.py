"""人员档案: the roster with one search box, filters, sorting, and the actions a clerk needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolBar,
    QToolButton,
    QWidget,
)

from app.changes import OpChanges
from app.clock import today
from app.people import service as people_service
from app.people.roster import HEADERS, Col, load_roster
from app.units.service import list_units
from ui import dialogs
from ui.context import AppContext
from ui.people.roster_columns import ColumnChooser
from ui.people.roster_filters import RosterFilterBar
from ui.people.roster_model import RosterModel
from ui.widgets import FileDropTarget, page_layout, table_or_empty, with_shortcut


class RosterPage(FileDropTarget, QWidget):
    history_requested = Signal(int)  # person id: the main window shows that person's audit trail

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, load: bool = True):
        super().__init__(parent)
        self.ctx = ctx
        self.model = RosterModel(self)
        self._units = []
        self.day: dt.date | None = None  # the day the ages (and the promotion holds) were worked out for
        self._build()
        self.setAcceptDrops(True)  # a roster file dropped on the page opens the import wizard
        # Ages are whole years on the day the roster was loaded: a window left open past midnight asks once a
        # minute whether the office's day has moved on (a birthday, and the age filter, take effect that day).
        self._day_timer = QTimer(self, interval=60_000)
        self._day_timer.timeout.connect(self.follow_the_day)
        self._day_timer.start()
        if load:
            self.reload()

    # --- layout --------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = page_layout(self, self.tr("人员档案"))
        self.toolbar = self._build_toolbar()
        layout.addWidget(self.toolbar)
        self.filters = RosterFilterBar()
        self.filters.changed.connect(self._apply_filter)
        self.filters.search.returnPressed.connect(self._focus_first_row)
        # The boxes other pages' tests and the benchmark reach for, under their old names.
        f = self.filters
        self.search, self.role_box, self.unit_box = f.search, f.role_box, f.unit_box
        self.status_box, self.political_box, self.education_box = (
            f.status_box,
            f.political_box,
            f.education_box,
        )
        layout.addWidget(self.filters)
        self.table = self._build_table()
        self.columns = ColumnChooser(self.table)
        self.column_actions = self.columns.actions
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        # A new office has nobody yet: say how people get in, instead of an empty grid.
        self.table_stack, self.empty_label = table_or_empty(
            self.table,
            self.tr(
                "还没有人员。\n\n点“新增人员”（Ctrl+N）逐个录入，\n"
                "或点“导入花名册”，也可以把街道、社区报来的 Excel 表格直接拖到这里。"
            ),
        )
        layout.addWidget(self.table_stack, 1)
        layout.addLayout(self._build_bottom_row())

    def _build_bottom_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        row.addWidget(self.count_label, 1)
        # The column chooser sits under the table it changes (the toolbar is full at 960 px); the header's
        # right-click opens the same menu.
        self.columns_action = QAction(self.tr("显示列"), self)
        self.columns_action.setMenu(self.columns.menu)
        self.columns_action.setToolTip(self.tr("选择花名册显示哪些列（也可右键单击表头）"))
        button = QToolButton()
        button.setObjectName("columnsButton")
        button.setDefaultAction(self.columns_action)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        row.addWidget(button)
        row.addWidget(self._build_print_button())
        return row

    def _build_print_button(self) -> QToolButton:
        """打印花名册: the people shown (or those selected, when several are) with the columns shown, sorted by
        姓氏笔画 (the default), by pinyin or as the table shows them."""
        self.print_action = QAction(self.tr("打印花名册"), self)
        self.print_action.setToolTip(self.tr("打印当前列表（选中多人时只打印选中的人），按姓氏笔画排序"))
        self.print_action.triggered.connect(lambda: self.print_roster("strokes"))
        menu = QMenu(self)
        for order, text in (("strokes", "按姓氏笔画"), ("pinyin", "按拼音"), ("shown", "按表格当前顺序")):
            menu.addAction(self.tr(text), lambda order=order: self.print_roster(order))
        self.print_action.setMenu(menu)
        button = QToolButton()
        button.setObjectName("printButton")
        button.setDefaultAction(self.print_action)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        return button

    def column_menu(self) -> QMenu:
        return self.columns.menu

    def reset_columns(self) -> None:
        self.columns.reset()

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self.tr("人员操作"))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(
            bar, self.tr("新增人员"), QKeySequence.StandardKey.New, self.add_person
        )
        self.edit_action = self._action(bar, self.tr("编辑"), "F2", self.edit_selected)
        self.retire_action = self._action(
            bar, self.tr("移入回收站"), QKeySequence.StandardKey.Delete, self.retire_selected
        )
        self.batch_action = self._action(bar, self.tr("批量修改…"), "Ctrl+B", self.batch_change)
        bar.addSeparator()
        self.history_action = self._action(bar, self.tr("查看修改记录"), None, self.show_history)
        self.export_action = self._action(bar, self.tr("导出当前列表…"), "Ctrl+E", self.export_visible)
        bar.addSeparator()
        self.import_action = self._action(bar, self.tr("导入花名册…"), "Ctrl+I", self.import_roster)
        # The template sits under the import button's arrow: one button less keeps the toolbar whole at 960 px.
        self.template_action = QAction(self.tr("下载导入模板…"), self)
        self.template_action.triggered.connect(self.download_template)
        menu = QMenu(self)
        menu.addAction(self.template_action)
        self.import_action.setMenu(menu)
        button = bar.widgetForAction(self.import_action)
        if isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        return bar

    def _action(self, bar: QToolBar, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(with_shortcut(text, QKeySequence(shortcut)))
        action.triggered.connect(slot)
        bar.addAction(action)
        self.addAction(action)
        return action

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setDefaultSectionSize(26)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Row numbers cost a quarter of each keystroke's repaint on 100,000 people; the count is shown below.
        table.verticalHeader().hide()
        table.doubleClicked.connect(lambda _index: self.edit_selected())
        open_action = QAction(self)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(self.edit_selected)
        table.addAction(open_action)
        return table

    # --- loading and filtering -----------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.selected_ids()
        self._units = list_units(self.ctx.db)
        self.filters.set_units(self._units)
        self.day = today()
        self.model.set_roster(load_roster(self.ctx.db, self._units, self.day))
        self._apply_filter()
        self._reselect(selected)

    def follow_the_day(self) -> None:
        """The roster again when the day its ages were worked out for is over; nothing before the first load."""
        if self.day is not None and self.day != today():
            self.reload()

    def _apply_filter(self) -> None:
        self.model.set_filter(self.filters.current())
        shown, total = self.model.rowCount(), self.model.total()
        self.table_stack.setCurrentWidget(self.table if total else self.empty_label)
        text = self.tr("共 {0} 人").format(shown)
        if shown != total:
            text += self.tr("（全部在册 {0} 人）").format(total)
        self.count_label.setText(text)

    def refresh(self, changes: OpChanges) -> None:
        if changes.people or changes.units or changes.everything:
            self.reload()

    # --- selection -----------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.person_id(row) for row in rows]

    def _remember_selection(self) -> None:
        self._kept_selection = self.selected_ids()
        self._kept_current = (
            self.model.person_id(self.table.currentIndex().row())
            if self.table.currentIndex().isValid()
            else None
        )

    def _restore_selection(self) -> None:
        """Sorting and filtering reset the model: the people selected stay selected, the current one in view."""
        self._reselect(getattr(self, "_kept_selection", []))
        current = getattr(self, "_kept_current", None)
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.table.scrollTo(self.model.index(row, 0))

    def _reselect(self, person_ids: list[int]) -> None:
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for person_id in person_ids:
            row = self.model.row_of(person_id)
            if row is not None:
                selection.select(self.model.index(row, 0), flags)

    def select_person(self, person_id: int) -> None:
        row = self.model.row_of(person_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _focus_first_row(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    # --- actions -------------------------------------------------------------------------------------
    def add_person(self) -> None:
        from ui.people.person_form import PersonDialog

        dialog = PersonDialog(self.ctx, None, self)
        dialog.exec()
        if dialog.saved_id is not None:
            QTimer.singleShot(0, lambda: self.select_person(dialog.saved_id))

    def edit_selected(self) -> None:
        from ui.people.person_form import PersonDialog

        ids = self.selected_ids()
        if not ids:
            return
        PersonDialog(self.ctx, ids[0], self).exec()

    def retire_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = [self.model.data(self.model.index(self.model.row_of(i), Col.NAME)) for i in ids[:5]]
        shown = "、".join(names) + (self.tr(" 等 {0} 人").format(len(ids)) if len(ids) > 5 else "")
        question = self.tr("将 {0} 移入回收站吗？\n移入回收站的人员可以在“回收站”中恢复。").format(shown)
        if dialogs.ask(self, self.tr("移入回收站"), question):
            self.ctx.perform(self, lambda: people_service.retire_people(self.ctx.db, ids, self.ctx.actor))

    def batch_change(self) -> None:
        """Set 工作单位, 状态 or 人员类别 for every selected person in one step."""
        from ui.people import batch_dialog

        ids = self.selected_ids()
        if not ids:
            return
        choice = batch_dialog.choose_batch_change(self, self._units, len(ids))
        if choice is None:
            return
        self.ctx.perform(
            self,
            lambda: people_service.set_field_for_people(
                self.ctx.db, ids, choice.field, choice.value, self.ctx.actor
            ),
            title=self.tr("无法批量修改"),
        )

    def show_history(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.history_requested.emit(ids[0])

    def print_ids(self) -> list[int]:
        """Those selected when several are, else everyone the filters show, in the table's order."""
        selected = self.selected_ids()
        if len(selected) > 1:
            order = {person_id: at for at, person_id in enumerate(self.model.visible_ids())}
            return sorted(selected, key=lambda person_id: order.get(person_id, 0))
        return self.model.visible_ids()

    def shown_columns(self) -> list[str]:
        header = self.table.horizontalHeader()
        columns = sorted((c for c in Col if not header.isSectionHidden(c)), key=header.visualIndex)
        return [HEADERS[c] for c in columns]

    def print_roster(self, order: str = "strokes"):
        from ui.printing.actions import print_roster

        ids = self.print_ids()
        if not ids:
            return None
        return print_roster(self, self.ctx, ids, self.shown_columns(), order)

    def export_visible(self) -> None:
        from ui.people.roster_export import export_people

        export_people(self, self.ctx, self.model.visible_ids())

    # --- import --------------------------------------------------------------------------------------
    def import_roster(self, path=None) -> None:
        from ui.exchange.wizard import open_import_wizard

        open_import_wizard(self.ctx, self, path)

    def download_template(self) -> None:
        from ui.exchange.wizard import save_import_template

        save_import_template(self)

    def accepted_file(self, mime: QMimeData) -> Path | None:
        from ui.exchange.wizard import dropped_file

        return dropped_file(mime)

    def file_dropped(self, path: Path) -> None:
        self.import_roster(path)
