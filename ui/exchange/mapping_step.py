"""Step 2, 表头与列: the sheet, the header row, which column is which field, defaults for columns the file lacks
and the street the file comes from. 下一步 runs the dry run (`plan_import`) in a background job: the page stays
until it ends, and its end presses 下一步 again with the plan in hand."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.exchange.cells import cell_text
from app.exchange.columns import HeaderGuess, choose_sheet, find_header, guess_row
from app.exchange.plan import ImportPlan
from app.exchange.reader import Sheet
from app.exchange.roster_import import REQUIRED_COLUMNS, ImportOptions, plan_import
from app.people.fields import EXPORT_FIELDS, ROLE_LABELS
from app.units.service import list_units
from ui.exchange.common import (
    StepJob,
    advance,
    error_label,
    first_row,
    mark_problem,
    show_error,
    unit_tree_items,
)
from ui.exchange.mapping_model import FieldDelegate, MapCol, MappingModel
from ui.widgets import hint_label
from ui.worker import Job

if TYPE_CHECKING:
    from ui.exchange.wizard import ImportWizard

# What a dry run was made from: the file read (the wizard's version) and the choices on this page.
PlanKey = tuple[int, ImportOptions]


class MappingPage(QWizardPage):
    """2. 表头与列: the sheet, the header row, which column is which field; defaults for columns the file lacks."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.flow = wizard
        self._version = -1
        self._planning = StepJob()
        # The dry run's outcome, until 下一步 takes it.
        self._planned: tuple[PlanKey, ImportPlan] | None = None
        self.setTitle(self.tr("第 2 步，共 4 步：核对表头和列"))
        self.setSubTitle(
            self.tr(
                "已自动找到表头和每一列对应的信息项，请核对“导入为”一栏，不对的可以改；没有识别的列不会导入。"
            )
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self._sheet_row())
        layout.addWidget(self._mapping_table(), 1)
        layout.addWidget(self._defaults_box())
        layout.addWidget(self._scope_row())
        self.problem_label = error_label()
        layout.addWidget(self.problem_label)

        self.sheet_box.currentIndexChanged.connect(self._sheet_chosen)
        self.header_spin.valueChanged.connect(self._header_row_chosen)
        self.model.mapping_changed.connect(self._mapping_changed)
        self.model.modelReset.connect(self._open_editors)
        self.role_box.currentIndexChanged.connect(lambda _i: self._mapping_changed())
        self.unit_box.currentIndexChanged.connect(lambda _i: self._mapping_changed())

    # --- building ----------------------------------------------------------------------------------------

    def _sheet_row(self) -> QHBoxLayout:
        """工作表, 表头在第 N 行, and what was found."""
        top = QHBoxLayout()
        self.sheet_box = QComboBox()
        self.sheet_box.setMinimumContentsLength(12)
        self.sheet_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.header_spin = QSpinBox()
        self.header_spin.setMinimum(1)
        # A plain number field (QSpinBox#headerRow): the shared style sheet draws no spin arrows (and NoButtons
        # hides the text), so the buttons are given no room; ↑ ↓ and the mouse wheel still step the row.
        self.header_spin.setObjectName("headerRow")
        self.header_spin.setFixedWidth(64)
        self.header_spin.setToolTip(
            self.tr("表头所在的行号，与 Excel 左侧的行号相同；可以直接输入，也可以按 ↑ ↓ 键")
        )
        sheet_label = QLabel(self.tr("工作表(&S)："))
        sheet_label.setBuddy(self.sheet_box)
        header_label = QLabel(self.tr("表头在第(&H)"))
        header_label.setBuddy(self.header_spin)
        top.addWidget(sheet_label)
        top.addWidget(self.sheet_box)
        top.addSpacing(16)
        top.addWidget(header_label)
        top.addWidget(self.header_spin)
        top.addWidget(QLabel(self.tr("行")))
        top.addSpacing(12)
        self.found_label = hint_label()
        self.found_label.setWordWrap(False)
        top.addWidget(self.found_label)
        top.addStretch(1)
        return top

    def _mapping_table(self) -> QTableView:
        """One row per column of the file, its 导入为 a combo box that is always open."""
        self.model = MappingModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(MapCol.FIELD, FieldDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(max(30, self.view.fontMetrics().height() + 14))
        header = self.view.horizontalHeader()
        for col, width in (
            (MapCol.LETTER, 44),
            (MapCol.HEADER, 220),
            (MapCol.SAMPLE, 220),
            (MapCol.FIELD, 170),
        ):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        return self.view

    def _defaults_box(self) -> QGroupBox:
        """人员类别 and 工作单位 for all rows, when the file has no such column."""
        self.defaults_box = QGroupBox(self.tr("表格中没有的信息"))
        grid = QGridLayout(self.defaults_box)
        self.role_label = QLabel(self.tr("表格中没有“人员类别”列，这些人员都是(&R)："))
        self.role_box = QComboBox()
        self.role_box.addItem(self.tr("（请选择）"), None)
        for role, label in ROLE_LABELS.items():
            self.role_box.addItem(label, role.value)
        self.role_label.setBuddy(self.role_box)
        self.unit_label = QLabel(self.tr("表格中没有“工作单位”列，这些人员都在(&U)："))
        self.unit_box = QComboBox()
        self.unit_box.setMinimumContentsLength(20)
        self.unit_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_label.setBuddy(self.unit_box)
        grid.addWidget(self.role_label, 0, 0)
        grid.addWidget(self.role_box, 0, 1)
        grid.addWidget(self.unit_label, 1, 0)
        grid.addWidget(self.unit_box, 1, 1)
        grid.setColumnStretch(2, 1)
        return self.defaults_box

    def _scope_row(self) -> QWidget:
        """本表来自: which street (or other unit) the file comes from; its short names are looked up there first."""
        self.scope_row = QWidget()
        scope_layout = QHBoxLayout(self.scope_row)
        scope_layout.setContentsMargins(0, 0, 0, 0)
        scope_label = QLabel(self.tr("本表来自(&F)："))
        self.scope_box = QComboBox()
        self.scope_box.setMinimumContentsLength(20)
        self.scope_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        scope_label.setBuddy(self.scope_box)
        scope_layout.addWidget(scope_label)
        scope_layout.addWidget(self.scope_box)
        note = self.tr(
            "表中的单位名称先在这个单位之下查找（几个街道都有同名社区时选上），新单位也建在它下面。"
        )
        scope_layout.addWidget(hint_label(note, wrap=False), 1)
        return self.scope_row

    # --- state -------------------------------------------------------------------------------------------

    def sheet(self) -> Sheet | None:
        sheets = self.flow.sheets or []
        index = self.sheet_box.currentIndex()
        return sheets[index] if 0 <= index < len(sheets) else None

    def header_index(self) -> int:
        """The header row as a 0-based index into the sheet's rows."""
        sheet = self.sheet()
        return self.header_spin.value() - 1 - (first_row(sheet) if sheet else 0)

    def defaults(self) -> dict[str, Any]:
        mapped = set(self.model.mapping().values())
        chosen: dict[str, Any] = {}
        if "role" not in mapped and self.role_box.currentData() is not None:
            chosen["role"] = self.role_box.currentData()
        if "unit" not in mapped and self.unit_box.currentData() is not None:
            chosen["unit_id"] = self.unit_box.currentData()
        return chosen

    def options(self) -> ImportOptions:
        sheet = self.sheet()
        scoped = "unit" in self.model.mapping().values()
        return ImportOptions(
            sheet=sheet.name if sheet else None,
            header_row=self.header_index(),
            mapping=self.model.mapping(),
            defaults=self.defaults() or None,
            unit_scope=self.scope_box.currentData() if scoped else None,
        )

    def problems(self) -> list[str]:
        """Why 下一步 is not possible yet, in the clerk's words; empty when it is."""
        if self.sheet() is None:
            return [self.tr("文件中没有可以导入的工作表。")]
        mapped = set(self.model.mapping().values())
        found: list[str] = []
        missing = [EXPORT_FIELDS[f] for f in REQUIRED_COLUMNS if f not in mapped]
        if missing:
            found.append(
                self.tr(
                    "缺少“{0}”列：请在表中“导入为”一栏为它指定一列。如果表头不在第 {1} 行，请先改正上方的表头行；"
                    "表格中确实没有这一列时无法导入，请让报送单位补上。"
                ).format("”“".join(missing), self.header_spin.value())
            )
        if "role" not in mapped and self.role_box.currentData() is None:
            found.append(self.tr("表格中没有“人员类别”列：请在下方选择这些人员的类别。"))
        if "unit" not in mapped and self.unit_box.currentData() is None:
            if self.unit_box.count() <= 1:
                found.append(
                    self.tr("表格中没有“工作单位”列，系统中也还没有单位：请先在“组织单位”中添加单位。")
                )
            else:
                found.append(self.tr("表格中没有“工作单位”列：请在下方选择这些人员所在的单位。"))
        return found

    def isComplete(self) -> bool:  # noqa: N802
        return not self.problems()

    # --- filling -----------------------------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802
        if self._version == self.flow.version:
            return  # back and forth without a new file: keep the user's corrections
        self._version = self.flow.version
        sheets = self.flow.sheets or []
        self._fill_units()
        self.role_box.setCurrentIndex(0)
        found = choose_sheet(sheets)
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        for sheet in sheets:
            self.sheet_box.addItem(self.tr("{0}（{1} 行）").format(sheet.name, len(sheet.rows)))
        self.sheet_box.setCurrentIndex(sheets.index(found[0]) if found else 0)
        self.sheet_box.blockSignals(False)
        self._use_sheet(found[1] if found else None)

    def _fill_units(self) -> None:
        items = unit_tree_items(list_units(self.flow.ctx.db))
        for box, first in ((self.unit_box, self.tr("（请选择）")), (self.scope_box, self.tr("全部单位"))):
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for text, unit_id in items:
                box.addItem(text, unit_id)
            box.blockSignals(False)

    def _sheet_chosen(self, _index: int) -> None:
        self._use_sheet(None)

    def _use_sheet(self, guess: HeaderGuess | None) -> None:
        sheet = self.sheet()
        if sheet is None:
            self.model.set_header(Sheet("", []), HeaderGuess(0, {}, [], []))
            return
        guess = guess or find_header(sheet.rows)
        offset = first_row(sheet)
        if guess is None:
            start = next((i for i, row in enumerate(sheet.rows) if any(cell_text(v) for v in row)), 0)
            guess = guess_row(sheet.rows[start] if sheet.rows else [], start)
            self.found_label.setText(
                self.tr("没有自动找到表头（同时写有“姓名”和“身份证号”的行），请指定表头所在的行")
            )
            mark_problem(self.found_label, True)
        else:
            self.found_label.setText(
                self.tr("（自动找到的表头在第 {0} 行）").format(guess.row_index + 1 + offset)
            )
            mark_problem(self.found_label, False)
        self.header_spin.blockSignals(True)
        self.header_spin.setRange(1 + offset, max(len(sheet.rows), 1) + offset)
        self.header_spin.setValue(guess.row_index + 1 + offset)
        self.header_spin.blockSignals(False)
        self.model.set_header(sheet, guess)

    def _header_row_chosen(self, _value: int) -> None:
        sheet = self.sheet()
        if sheet is None or not 0 <= self.header_index() < len(sheet.rows):
            return
        index = self.header_index()
        self.model.set_header(sheet, guess_row(sheet.rows[index], index))

    def _open_editors(self) -> None:
        for row in range(self.model.rowCount()):
            self.view.openPersistentEditor(self.model.index(row, MapCol.FIELD))

    def _mapping_changed(self) -> None:
        mapped = set(self.model.mapping().values())
        self.role_label.setVisible("role" not in mapped)
        self.role_box.setVisible("role" not in mapped)
        self.unit_label.setVisible("unit" not in mapped)
        self.unit_box.setVisible("unit" not in mapped)
        self.defaults_box.setVisible("role" not in mapped or "unit" not in mapped)
        self.scope_row.setVisible("unit" in mapped)
        show_error(self.problem_label, "\n".join(self.problems()))
        self.completeChanged.emit()

    # --- 下一步: the dry run -------------------------------------------------------------------------------

    def validatePage(self) -> bool:  # noqa: N802
        """True once the dry run for exactly these choices is done; otherwise start it and stay (its end presses
        下一步 again). A file-level problem stays on this page."""
        if self.problems():
            return False
        key = (self.flow.version, self.options())
        # A dry run is used once: coming back and pressing 下一步 again plans afresh, as it always did.
        planned, self._planned = self._planned, None
        if planned is not None and planned[0] == key:
            self.flow.set_plan(planned[1], key[1])
            return True
        self._planning.start(self, self._dry_run(key))
        return False

    def _dry_run(self, key: PlanKey) -> Job[ImportPlan]:
        path, options = self.flow.path, key[1]

        def done(plan: ImportPlan) -> None:
            self._planned = (key, plan)
            advance(self)

        return Job(
            title=self.tr("检查每一行"),
            work=lambda db, _progress: plan_import(db, path, options),
            database=self.flow.ctx.office.path,
            on_done=done,
            on_failed=lambda message: show_error(self.problem_label, message),
            cancellable=False,  # plan_import is one call with no progress to stop at
        )
