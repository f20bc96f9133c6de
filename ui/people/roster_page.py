"""人员档案: the roster with one search box, filters, sorting, and the actions a clerk needs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolBar,
    QWidget,
)

from app.changes import OpChanges
from app.clock import today
from app.people import service as people_service
from app.people.fields import EDUCATIONS, POLITICAL_STATUSES, ROLE_LABELS, STATUSES
from app.people.roster import Col, load_roster
from app.units.service import descendants, list_units, tree_order
from ui import dialogs
from ui.context import AppContext
from ui.people.roster_model import RosterFilter, RosterModel
from ui.widgets import FileDropTarget, page_layout

_ALL = "全部"
_WIDTHS = {
    Col.NAME: 80,
    Col.GENDER: 44,
    Col.AGE: 44,
    Col.ROLE: 84,
    Col.UNIT: 220,
    Col.POSITION: 110,
    Col.POLITICAL: 86,
    Col.EDUCATION: 76,
    Col.PHONE: 110,
    Col.STATUS: 56,
}


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
        layout.addWidget(self._build_toolbar())
        layout.addLayout(self._build_filters())
        self.table = self._build_table()
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        layout.addWidget(self.count_label)

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
        bar.addSeparator()
        self.history_action = self._action(bar, self.tr("查看修改记录"), None, self.show_history)
        self.export_action = self._action(bar, self.tr("导出当前列表…"), "Ctrl+E", self.export_visible)
        bar.addSeparator()
        self.import_action = self._action(bar, self.tr("导入花名册…"), "Ctrl+I", self.import_roster)
        self.template_action = self._action(bar, self.tr("下载导入模板…"), None, self.download_template)
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

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索 姓名 / 拼音首字母 zs / 身份证号 / 电话"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(self._apply_filter)
        self.search.returnPressed.connect(self._focus_first_row)
        self.role_box = _combo(self.tr("全部类别"), ROLE_LABELS.values())
        self.unit_box = QComboBox()
        self.unit_box.setMinimumWidth(150)
        self.status_box = _combo(self.tr("全部状态"), STATUSES)
        self.political_box = _combo(self.tr("全部政治面貌"), POLITICAL_STATUSES)
        self.education_box = _combo(self.tr("全部学历"), EDUCATIONS)
        row.addWidget(self.search, 2)
        for box in (self.role_box, self.unit_box, self.status_box, self.political_box, self.education_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(6)
            box.currentIndexChanged.connect(self._apply_filter)
            row.addWidget(box)
        self.political_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return row

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
        header = table.horizontalHeader()
        for col, width in _WIDTHS.items():
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
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
        return RosterFilter(
            text=self.search.text(),
            role=self.role_box.currentData(),
            unit_ids=frozenset(descendants(self._units, unit_id)) if unit_id is not None else None,
            status=self.status_box.currentData(),
            political=self.political_box.currentData(),
            education=self.education_box.currentData(),
        )

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
        shown = "、".join(names) + (f" 等 {len(ids)} 人" if len(ids) > 5 else "")
        question = self.tr("将 {0} 移入回收站吗？\n移入回收站的人员可以在“回收站”中恢复。").format(shown)
        if dialogs.ask(self, self.tr("移入回收站"), question):
            self.ctx.perform(self, lambda: people_service.retire_people(self.ctx.db, ids, self.ctx.actor))

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
