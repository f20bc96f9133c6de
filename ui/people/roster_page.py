"""人员档案: the roster with one search box, filters, sorting, and the actions a clerk needs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolBar,
    QToolButton,
    QWidget,
)

from app.changes import OpChanges
from app.clock import today
from app.people import service as people_service
from app.people.fields import EDUCATIONS, POLITICAL_STATUSES, ROLE_LABELS, STATUSES
from app.people.roster import Col, load_roster, period_bounds
from app.units.service import descendants, list_units, tree_order
from ui import dialogs
from ui.context import AppContext
from ui.people.roster_columns import ColumnChooser
from ui.people.roster_model import RosterFilter, RosterModel
from ui.widgets import FileDropTarget, page_layout

# The spin boxes' lowest value means "no limit" (shown as 不限); the rest is the range a clerk may pick.
_AGE_RANGE = (16, 80)
_BIRTH_YEAR_RANGE = (1940, 2015)


def _combo(label_all: str, values) -> QComboBox:
    box = QComboBox()
    box.addItem(label_all, None)
    for value in values:
        box.addItem(value, value)
    return box


class RosterPage(FileDropTarget, QWidget):
    history_requested = Signal(int)  # person id: the main window shows that person's audit trail

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, load: bool = True):
        super().__init__(parent)
        self.ctx = ctx
        self.model = RosterModel(self)
        self._units = []
        self._build()
        self.setAcceptDrops(True)  # a roster file dropped on the page opens the import wizard
        if load:
            self.reload()

    # --- layout --------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = page_layout(self, self.tr("人员档案"))
        self.toolbar = self._build_toolbar()
        layout.addWidget(self.toolbar)
        layout.addLayout(self._build_filters())
        self.table = self._build_table()
        self.columns = ColumnChooser(self.table)
        self.column_actions = self.columns.actions
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        layout.addWidget(self.table, 1)
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
        return row

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
            action.setToolTip(
                f"{text}（{QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)}）"
            )
        action.triggered.connect(slot)
        bar.addAction(action)
        self.addAction(action)
        return action

    def _build_filters(self) -> QGridLayout:
        """Two rows that fit at 960×600: what to find, then who (unit, age or birth year, 到岗时间)."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索 姓名 / 拼音 zs、zhangsan / 身份证号 / 电话"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self.search.textChanged.connect(self._apply_filter)
        self.search.returnPressed.connect(self._focus_first_row)
        self.role_box = _combo(self.tr("全部类别"), ROLE_LABELS.values())
        self.status_box = _combo(self.tr("全部状态"), STATUSES)
        self.political_box = _combo(self.tr("全部政治面貌"), POLITICAL_STATUSES)
        self.education_box = _combo(self.tr("全部学历"), EDUCATIONS)
        first = QHBoxLayout()
        first.addWidget(self.search, 1)
        for box in (self.role_box, self.status_box, self.political_box, self.education_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self._apply_filter)
            first.addWidget(box)
        grid.addLayout(first, 0, 0)
        grid.addLayout(self._build_range_filters(), 1, 0)
        return grid

    def _build_range_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.unit_box = QComboBox()
        self.unit_box.setMinimumWidth(150)
        self.unit_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_box.setMinimumContentsLength(8)
        self.unit_box.currentIndexChanged.connect(self._apply_filter)
        row.addWidget(self.unit_box, 1)
        self.age_kind = QComboBox()
        self.age_kind.addItem(self.tr("年龄"), "age")
        self.age_kind.addItem(self.tr("出生年份"), "birth_year")
        self.age_kind.setToolTip(self.tr("按年龄（周岁）或出生年份筛选"))
        self.age_kind.currentIndexChanged.connect(self._age_kind_changed)
        self.age_kind.currentIndexChanged.connect(self._apply_filter)
        self.age_from, self.age_to = QSpinBox(), QSpinBox()
        self.post_from, self.post_to = QLineEdit(), QLineEdit()
        for spin in (self.age_from, self.age_to):
            spin.setSpecialValueText(self.tr("不限"))
            spin.setObjectName("rangeSpin")
            # Typed, or stepped with the arrow keys and the wheel: style.qss hides the step buttons, which only
            # squeeze the number (NoButtons would hide the text too under the style sheet).
            spin.valueChanged.connect(self._apply_filter)
        for edit in (self.post_from, self.post_to):
            edit.setPlaceholderText(self.tr("如 2019"))
            edit.setToolTip(self.tr("年、年月或日期：2019、2019.7、2019-07-01"))
            edit.setObjectName("periodEdit")
            edit.textChanged.connect(self._apply_filter)
        self.clear_button = QPushButton(self.tr("清除筛选"))
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear_filters)
        for widget in (
            self.age_kind,
            self.age_from,
            QLabel(self.tr("至")),
            self.age_to,
            QLabel(self.tr("到岗时间")),
            self.post_from,
            QLabel(self.tr("至")),
            self.post_to,
            self.clear_button,
        ):
            row.addWidget(widget)
        self._age_kind_changed()
        return row

    def filter_widgets(self) -> list[QWidget]:
        """Every control of the filter rows (a layout test checks none is squeezed or cut off)."""
        return [
            self.search, self.role_box, self.status_box, self.political_box, self.education_box,
            self.unit_box, self.age_kind, self.age_from, self.age_to, self.post_from, self.post_to,
            self.clear_button,
        ]  # fmt: skip

    def _age_kind_changed(self, *_args) -> None:
        low, high = _AGE_RANGE if self.age_kind.currentData() == "age" else _BIRTH_YEAR_RANGE
        for spin in (self.age_from, self.age_to):
            spin.blockSignals(True)
            spin.setRange(low - 1, high)  # low - 1 shows as 不限
            spin.setValue(low - 1)
            spin.blockSignals(False)

    def clear_filters(self) -> None:
        """Every filter back to 全部/不限, the search box included, in one re-filter."""
        widgets = [self.search, *self.filter_widgets()]
        for widget in widgets:
            widget.blockSignals(True)
        for box in (self.role_box, self.status_box, self.political_box, self.education_box, self.unit_box):
            box.setCurrentIndex(0)
        for edit in (self.search, self.post_from, self.post_to):
            edit.clear()
        for spin in (self.age_from, self.age_to):
            spin.setValue(spin.minimum())
        for widget in widgets:
            widget.blockSignals(False)
        self._apply_filter()

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
        self._fill_unit_box()
        self.model.set_roster(load_roster(self.ctx.db, self._units, today()))
        self._apply_filter()
        self._reselect(selected)

    def _fill_unit_box(self) -> None:
        current = self.unit_box.currentData()
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        self.unit_box.addItem(self.tr("全部单位"), None)
        for unit, depth in tree_order(self._units):
            self.unit_box.addItem("\u3000" * depth + unit.name, unit.id)
        found = self.unit_box.findData(current)
        self.unit_box.setCurrentIndex(max(found, 0))
        self.unit_box.blockSignals(False)

    def current_filter(self) -> RosterFilter:
        unit_id = self.unit_box.currentData()
        span = tuple(s.value() if s.value() > s.minimum() else None for s in (self.age_from, self.age_to))
        by_age = self.age_kind.currentData() == "age"
        return RosterFilter(
            text=self.search.text(),
            role=self.role_box.currentData(),
            unit_ids=frozenset(descendants(self._units, unit_id)) if unit_id is not None else None,
            status=self.status_box.currentData(),
            political=self.political_box.currentData(),
            education=self.education_box.currentData(),
            ages=span if by_age else (None, None),
            birth_years=(None, None) if by_age else span,
            post_start=(self._period(self.post_from, 0), self._period(self.post_to, 1)),
        )

    def _period(self, edit: QLineEdit, end: int) -> str | None:
        """The first (end=0) or last (end=1) day of what is typed; a wrong date is marked and not applied."""
        try:
            bounds = period_bounds(edit.text())
        except ValueError:
            bounds, wrong = None, True
        else:
            wrong = False
        if bool(edit.property("error")) != wrong:
            edit.setProperty("error", wrong)
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        return bounds[end] if bounds else None

    def _apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        shown, total = self.model.rowCount(), self.model.total()
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
