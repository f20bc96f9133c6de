"""Step 3, 预览: the dry run shown row by row — what each row would do, the counts, new units and where they go,
update or skip people already known. Nothing is written here; 开始导入 hands over to `confirm_step`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.exchange.columns import summarize_labels
from app.exchange.dry_run_report import other_sheets_line
from app.exchange.plan import Action, ImportPlan
from app.units.service import Unit, list_units, unit_paths
from ui.exchange.common import (
    error_label,
    problem_report_controls,
    selectable_hint,
    show_error,
    unit_tree_items,
)
from ui.exchange.confirm_step import ImportChoices, ImportCommit
from ui.exchange.preview_model import PreviewCol, PreviewModel
from ui.widgets import selectable_label

if TYPE_CHECKING:
    from ui.exchange.wizard import ImportWizard


class PreviewPage(QWizardPage):
    """3. 预览: what each row would do, the counts, new units and their parent, update or skip known people."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.flow = wizard
        self.setTitle(self.tr("第 3 步，共 4 步：预览"))
        self.setSubTitle(
            self.tr("下面是导入后每一行的结果，此时还没有写入任何数据。确认无误后点“开始导入”。")
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("开始导入(&I)"))
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.info_label = selectable_hint()
        layout.addWidget(self.info_label)
        layout.addLayout(self._filter_bar())
        layout.addWidget(self._preview_table(), 1)
        self.detail_label = selectable_hint()
        layout.addWidget(self.detail_label)
        layout.addWidget(self.saved_label)
        choices = QHBoxLayout()
        choices.addWidget(self._new_units_box(), 1)
        choices.addWidget(self._existing_box(), 1)
        layout.addLayout(choices)
        self.nothing_label = error_label()
        layout.addWidget(self.nothing_label)
        self.error_label = error_label()
        layout.addWidget(self.error_label)
        self.commit = ImportCommit(self, wizard, self.error_label)

        self.filter_box.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(self.filter_box.currentData())
        )
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.model.modelReset.connect(self._show_detail)
        self.update_radio.toggled.connect(self._existing_chosen)

    # --- building ----------------------------------------------------------------------------------------

    def _filter_bar(self) -> QHBoxLayout:
        """显示: which results; 保存问题行… at the other end."""
        bar = QHBoxLayout()
        self.filter_box = QComboBox()
        self.filter_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        filter_label = QLabel(self.tr("显示(&F)："))
        filter_label.setBuddy(self.filter_box)
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_box)
        bar.addStretch(1)
        self.report_button, self.saved_label = problem_report_controls(
            self, self.flow, self.tr("保存问题行…")
        )
        self.report_button.setToolTip(self.tr("把被拒绝的行连同问题说明保存为 Excel 文件，发回报送单位改正"))
        bar.addWidget(self.report_button)
        return bar

    def _preview_table(self) -> QTableView:
        self.model = PreviewModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        widths = {
            PreviewCol.ROW: 52,
            PreviewCol.RESULT: 64,
            PreviewCol.NAME: 96,
            PreviewCol.ID_NUMBER: 170,
            PreviewCol.UNIT: 240,
        }
        for col, width in widths.items():
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        return self.view

    def _new_units_box(self) -> QGroupBox:
        """新建单位: the units the import would create, and where those without a parent go."""
        self.units_box = QGroupBox(self.tr("新建单位"))
        units = QVBoxLayout(self.units_box)
        self.new_units_label = selectable_label()
        units.addWidget(self.new_units_label)
        parent_row = QHBoxLayout()
        self.parent_label = QLabel(self.tr("放在(&P)："))
        self.parent_box = QComboBox()
        self.parent_box.setMinimumContentsLength(18)
        self.parent_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.parent_label.setBuddy(self.parent_box)
        parent_row.addWidget(self.parent_label)
        parent_row.addWidget(self.parent_box, 1)
        units.addLayout(parent_row)
        return self.units_box

    def _existing_box(self) -> QGroupBox:
        """系统中已有的人员: skip them (the default) or update them from the sheet."""
        self.existing_box = QGroupBox(self.tr("系统中已有的人员"))
        existing = QVBoxLayout(self.existing_box)
        self.existing_label = QLabel()
        self.existing_label.setWordWrap(True)
        existing.addWidget(self.existing_label)
        self.skip_radio = QRadioButton(self.tr("跳过，保留系统中的信息(&K)"))
        self.update_radio = QRadioButton(self.tr("按表格更新这些人员的信息(&G)"))
        self.skip_radio.setChecked(True)
        self.existing_group = QButtonGroup(self)
        self.existing_group.addButton(self.skip_radio)
        self.existing_group.addButton(self.update_radio)
        existing.addWidget(self.skip_radio)
        existing.addWidget(self.update_radio)
        return self.existing_box

    # --- state -------------------------------------------------------------------------------------------

    def update_existing(self) -> bool:
        return self.update_radio.isChecked()

    def new_unit_parent(self) -> int | None:
        return self.parent_box.currentData()

    def writes_something(self) -> bool:
        plan = self.flow.plan
        if plan is None:
            return False
        return bool(plan.count(Action.NEW) or (self.update_existing() and plan.count(Action.UPDATE)))

    def isComplete(self) -> bool:  # noqa: N802
        return self.writes_something()

    # --- filling -----------------------------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802
        plan = self.flow.plan
        if plan is None:
            return
        units = list_units(self.flow.ctx.db)
        paths = unit_paths(units)
        names = plan.unit_names(paths)
        self.skip_radio.setChecked(True)
        self.model.set_update_existing(False)
        self.model.set_plan(plan, names)
        show_error(self.error_label, "")
        self.saved_label.hide()
        self.summary_label.setText(self.tr("共 {0} 个人员行：{1}").format(len(plan.rows), plan.summary()))
        self.info_label.setText(self._info(plan))
        self._fill_filter(plan)
        self._fill_new_units(plan, units, names)
        updates = plan.count(Action.UPDATE)
        self.existing_box.setVisible(updates > 0)
        self.existing_label.setText(
            self.tr("表格中有 {0} 人已在系统中，且信息与系统不同（“说明”一栏列出了变化）。").format(updates)
        )
        self.report_button.setEnabled(plan.count(Action.REJECT) > 0)
        self._existing_chosen()

    def _show_detail(self) -> None:
        """The current row's whole 说明 (the table cuts long reasons off), or how to get it."""
        index = self.view.currentIndex()
        if not index.isValid() or not 0 <= index.row() < self.model.rowCount():
            self.detail_label.setText(self.tr("点选一行，可以在这里看到它的完整说明。"))
            return
        self.detail_label.setText(self.model.detail(index.row()))

    def _info(self, plan: ImportPlan) -> str:
        lines = [
            self.tr("文件“{0}”，工作表“{1}”，表头在第 {2} 行。").format(
                plan.file_name, plan.sheet, plan.header_row
            )
        ]
        if plan.skipped:
            shown = "、".join(self.tr("{0} {1} 行").format(k, n) for k, n in plan.skipped.items())
            lines.append(self.tr("不是人员的行已跳过：{0}。").format(shown))
        if plan.unknown_columns:
            lines.append(
                self.tr("以下列不是花名册的信息项，不导入：{0}。").format(
                    summarize_labels(plan.unknown_columns)
                )
            )
        lines += [notice + "。" for notice in plan.notices]
        if plan.other_sheets:
            how = self.tr("导入后可再次打开导入向导，在“核对表头和列”一步选择其他工作表。")
            lines.append(other_sheets_line(plan.other_sheets, self.tr("花名册"), how))
        return "".join(lines)

    def _fill_filter(self, plan: ImportPlan) -> None:
        self.filter_box.blockSignals(True)
        self.filter_box.clear()
        self.filter_box.addItem(self.tr("全部（{0}）").format(len(plan.rows)), None)
        for action in Action:
            self.filter_box.addItem(
                self.tr("{0}（{1}）").format(self.tr(action.label), plan.count(action)), action
            )
        self.filter_box.setCurrentIndex(0)
        self.filter_box.blockSignals(False)
        self.model.set_filter(None)

    def _fill_new_units(self, plan: ImportPlan, units: list[Unit], names: dict[int, str]) -> None:
        created = plan.units_to_create
        self.units_box.setVisible(bool(created))
        if not created:
            return
        people: dict[int, int] = {}
        for row in plan.rows:
            unit_id = row.values.get("unit_id")
            if row.action != Action.REJECT and unit_id is not None and unit_id < 0:
                people[unit_id] = people.get(unit_id, 0) + 1
        described = []
        for unit in created:
            where = (
                self.tr("，在“{0}”下").format(names.get(unit.parent_id, ""))
                if unit.parent_id is not None
                else ""
            )
            similar = (  # one character from an existing unit: perhaps a slip of the pen
                self.tr("，与已有的“{0}”只差一个字，请核对").format(unit.similar) if unit.similar else ""
            )
            described.append(
                self.tr("{0}（{1} 人{2}{3}）").format(
                    unit.name, people.get(unit.placeholder, 0), where, similar
                )
            )
        loose = [u for u in created if u.parent_id is None]
        self.new_units_label.setText(
            self.tr("系统中还没有以下 {0} 个单位，导入时将新建：{1}。请先核对名称是否写错。").format(
                len(created), "、".join(described)
            )
        )
        self.parent_label.setText(self.tr("没有写明上级的新单位放在(&P)：") if loose else "")
        self.parent_label.setVisible(bool(loose))
        self.parent_box.setVisible(bool(loose))
        self.parent_box.clear()
        for text, unit_id in unit_tree_items(units):
            self.parent_box.addItem(text, unit_id)
        self.parent_box.addItem(self.tr("（不设上级，作为最上一级单位）"), None)
        self.parent_box.setCurrentIndex(0)

    def _existing_chosen(self, _checked: bool = False) -> None:
        self.model.set_update_existing(self.update_existing())
        plan = self.flow.plan
        if plan is not None and not self.writes_something():
            if plan.count(Action.UPDATE):
                reason = self.tr("按现在的选择，不会写入任何数据：表格中没有新的人员，已有人员选择了“跳过”。")
            elif plan.count(Action.REJECT) and not plan.count(Action.UNCHANGED):
                reason = self.tr(
                    "没有可以导入的人员：所有人员行都被拒绝了。请点“保存问题行…”，把问题说明发回报送单位改正。"
                )
            else:
                reason = self.tr("不需要导入：表格中的人员都已在系统中，信息也没有变化。")
            show_error(self.nothing_label, reason)
        else:
            show_error(self.nothing_label, "")
        self.completeChanged.emit()

    # --- 开始导入 ------------------------------------------------------------------------------------------

    def choices(self) -> ImportChoices:
        return ImportChoices(update_existing=self.update_existing(), new_unit_parent=self.new_unit_parent())

    def validatePage(self) -> bool:  # noqa: N802
        """开始导入: True once the import is written; until then it runs in the background (confirm_step)."""
        plan = self.flow.plan
        if plan is None or not self.writes_something():
            return False
        return self.commit.validate(plan, self.choices())
