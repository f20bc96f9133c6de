"""导入花名册: choose a file → its sheet, header row and columns → a dry run of every row → import → summary.

The file is read, planned and imported in background jobs (`ui.worker.start_job`): 下一步 starts the step's job
and stays put; the job's outcome arrives later and moves the wizard on. The preview is one table model over the
plan's rows (no widget per row: a file of 10,000 people stays quick); the import is one transaction after a backup
(`commit_import`), cancellable, and nothing is written if it is cancelled.

Public: `ImportWizard(ctx, path=None, parent=None)`, `open_import_wizard(ctx, parent, path=None)`,
`dropped_file(mime)`, `save_import_template(parent)`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.exchange.cells import cell_text
from app.exchange.columns import HeaderGuess, choose_sheet, find_header, guess_row
from app.exchange.import_commit import ImportResult, commit_import
from app.exchange.plan import Action, ImportPlan, Problem, RowPlan
from app.exchange.reader import ReadError, Sheet, read_workbook
from app.exchange.roster_export import ExportError
from app.exchange.roster_import import REQUIRED_COLUMNS, ImportOptions, plan_import
from app.jobs import failure_text
from app.people.fields import EXPORT_FIELDS, ROLE_LABELS
from app.units.service import Unit, list_units, tree_order, unit_paths
from ui import dialogs, widgets
from ui.context import AppContext
from ui.widgets import FileDropTarget, HeadedTableModel, button_row, hint_label, selectable_label
from ui.worker import Job, JobHandle, start_job

IMPORT_FILTER = "Excel/CSV (*.xlsx *.xls *.csv)"
REPORT_FILTER = "Excel 工作簿 (*.xlsx)"
IMPORT_SUFFIXES = (".xlsx", ".xls", ".csv")
NOT_IMPORTED = ""  # the mapping's 不导入
SAMPLE_ROWS = 30  # rows below the header searched for a column's example value

RESULT_COLOURS = {
    Action.NEW: "#15803d",
    Action.UPDATE: "#1d4ed8",
    Action.UNCHANGED: "#6b7785",
    Action.REJECT: "#b91c1c",
}
REJECT_BACKGROUND = "#fdecec"
ERROR_STYLE = "color: #b91c1c;"
_Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorLabel")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _selectable_hint() -> QLabel:
    label = hint_label()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _read_sheets(path: Path, unreadable: str) -> list[Sheet]:
    """read_workbook in a job: a failure it did not foresee is still a ReadError naming the file."""
    try:
        return read_workbook(path)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 — an unreadable file must say so, not crash the window
        raise ReadError(unreadable + failure_text(exc)) from exc


def _advance(page: QWizardPage) -> None:
    """A step's job is done: press 下一步 again for the clerk, if the wizard is still on that step."""
    wizard = page.wizard()
    if wizard is not None and wizard.currentPage() is page:
        wizard.next()


def _button(text: str) -> QPushButton:
    """A button on a page: Enter still means the wizard's 下一步, not this button."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    return button


def _problem_report_controls(page: PreviewPage | DonePage, text: str) -> tuple[QPushButton, QLabel]:
    """保存问题行…: the button, and the line (hidden until then) saying where the rows were saved."""
    saved = _selectable_hint()
    saved.hide()
    button = _button(text)
    button.clicked.connect(lambda: page.flow.save_problem_report(page, saved))
    return button, saved


def _save_xlsx_as(
    parent: QWidget | None, title: str, suggested: str, write: Callable[[Path], T]
) -> tuple[Path, T] | None:
    """Ask where to save an .xlsx file (the extension added if the name lacks it) and `write(out)` there;
    returns (out, what `write` returned), or None if the user cancelled or the file could not be written (said)."""
    out = dialogs.save_file(parent, title, REPORT_FILTER, suggested)
    if out is None:
        return None
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    try:
        result = write(out)
    except ExportError as exc:
        dialogs.warn(parent, title, str(exc))
        return None
    return out, result


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': the column as Excel names it."""
    letters, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def shown_cell(value: object) -> str:
    """A raw cell as Excel would show it: an ID number stored as a number shows as 5.10104E+17."""
    if isinstance(value, float) and abs(value) >= 1e11:
        return f"{value:.5E}"
    return cell_text(value)


def first_row(sheet: Sheet) -> int:
    """How many sheet rows lie above `sheet.rows[0]` (0 when the reader keeps the leading blank rows)."""
    return int(getattr(sheet, "first_row", 0) or 0)


def dropped_file(mime: QMimeData) -> Path | None:
    """The one local .xlsx/.xls/.csv file being dragged, or None (several files, a folder, a web link…)."""
    return widgets.dropped_file(mime, IMPORT_SUFFIXES)


def open_import_wizard(ctx: AppContext, parent: QWidget | None, path: Path | None = None) -> ImportWizard:
    """Show the wizard modally (from the roster, the import history or a dropped file); returns it when closed."""
    wizard = ImportWizard(ctx, path, parent)
    wizard.exec()
    return wizard


def save_import_template(parent: QWidget | None) -> Path | None:
    """下载导入模板…: ask where, write the template, say where it went."""
    from app.exchange.template import write_template

    title = _tr("下载导入模板")
    saved = _save_xlsx_as(parent, title, _tr("花名册导入模板.xlsx"), write_template)
    if saved is None:
        return None
    out = saved[0]
    dialogs.inform(
        parent,
        title,
        _tr(
            "导入模板已保存到：\n{0}\n\n请把它发给各街道、社区填写。填好发回后，用“导入花名册…”导入；"
            "表头为红色的列必须填写，“填写说明”工作表解释了每一列。"
        ).format(out),
    )
    return out


def _unit_tree_items(units: list[Unit]) -> list[tuple[str, int]]:
    """(indented name, id) for every unit, parents before their children, for a combo box."""
    return [("\u3000" * depth + unit.name, unit.id) for unit, depth in tree_order(units)]


# --- the column mapping --------------------------------------------------------------------------------------


class MapCol(IntEnum):
    LETTER, HEADER, SAMPLE, FIELD, NOTE = range(5)


MAP_HEADERS = {
    MapCol.LETTER: "列",
    MapCol.HEADER: "表头文字",
    MapCol.SAMPLE: "第一行数据",
    MapCol.FIELD: "导入为",
    MapCol.NOTE: "说明",
}


class MappingModel(HeadedTableModel):
    """One row per column of the file: its header text, an example value and the field it is imported as."""

    headers = MAP_HEADERS
    mapping_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns: list[int] = []  # sheet column index of each row
        self.header_texts: dict[int, str] = {}
        self.samples: dict[int, str] = {}
        self.guessed: dict[int, str] = {}  # what the header's label says (before the user's changes)
        self.duplicates: set[int] = set()  # columns naming a field an earlier column already has
        self.fields: dict[int, str] = {}  # column -> field, as the user has it now

    def set_header(self, sheet: Sheet, guess: HeaderGuess) -> None:
        rows = sheet.rows
        header = rows[guess.row_index] if 0 <= guess.row_index < len(rows) else []
        below = rows[guess.row_index + 1 : guess.row_index + 1 + SAMPLE_ROWS]
        width = max([len(header), *(len(r) for r in below)], default=0)
        self.beginResetModel()
        self.header_texts = {c: " ".join(cell_text(v).split()) for c, v in enumerate(header)}
        self.samples = {}
        for column in range(width):
            for row in below:
                if column < len(row) and (text := shown_cell(row[column])):
                    self.samples[column] = text
                    break
        self.columns = [c for c in range(width) if self.header_texts.get(c) or self.samples.get(c)]
        self.guessed = dict(guess.mapping)
        self.duplicates = {c for c, _text in guess.duplicates}
        self.fields = dict(guess.mapping)
        self.endResetModel()
        self.mapping_changed.emit()

    def mapping(self) -> dict[int, str]:
        return {c: f for c, f in self.fields.items() if f}

    def column_of(self, field: str) -> int | None:
        return next((c for c, f in self.fields.items() if f == field), None)

    def set_field(self, column: int, field: str) -> None:
        """Import `column` as `field` ('' for 不导入); a column that had the field before gives it up."""
        if column not in self.columns:
            raise ValueError(column)
        self.setData(self.index(self.columns.index(column), MapCol.FIELD), field)

    def note(self, column: int) -> str:
        field = self.fields.get(column, "")
        if field:
            if self.guessed.get(column) == field:
                return self.tr("必填") if field in REQUIRED_COLUMNS else ""
            return self.tr("已手动指定")
        if not self.header_texts.get(column):
            return self.tr("没有表头，将忽略")
        if column in self.duplicates:
            return self.tr("与前面的列重复，将忽略")
        if column in self.guessed:
            return self.tr("已设为不导入")
        return self.tr("未识别，将忽略")

    # --- QAbstractTableModel -----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.columns):
            return None
        column, col = self.columns[index.row()], index.column()
        if role == Qt.ItemDataRole.EditRole and col == MapCol.FIELD:
            return self.fields.get(column, NOT_IMPORTED)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == MapCol.LETTER:
                return column_letter(column)
            if col == MapCol.HEADER:
                return self.header_texts.get(column, "")
            if col == MapCol.SAMPLE:
                return self.samples.get(column, "")
            if col == MapCol.FIELD:
                field = self.fields.get(column, NOT_IMPORTED)
                return EXPORT_FIELDS[field] if field else self.tr("不导入")
            return self.note(column)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col in (MapCol.FIELD, MapCol.NOTE)
            and not self.fields.get(column)
        ):
            return QBrush(QColor("#6b7785"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == MapCol.LETTER:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != MapCol.FIELD:
            return False
        field = str(value or NOT_IMPORTED)
        if field and field not in EXPORT_FIELDS:
            return False
        column = self.columns[index.row()]
        if self.fields.get(column, NOT_IMPORTED) == field:
            return True
        touched = [index.row()]
        if field:
            for other, other_field in list(self.fields.items()):
                if other != column and other_field == field:
                    self.fields[other] = NOT_IMPORTED
                    touched.append(self.columns.index(other))
        self.fields[column] = field
        for row in touched:
            self.dataChanged.emit(self.index(row, MapCol.FIELD), self.index(row, MapCol.NOTE))
        self.mapping_changed.emit()
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == MapCol.FIELD:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


class FieldDelegate(QStyledItemDelegate):
    """The 导入为 cell: a combo of 不导入 and the roster's fields, applied as soon as it is changed."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: N802
        box = QComboBox(parent)
        box.addItem(self.tr("不导入"), NOT_IMPORTED)
        for field, label in EXPORT_FIELDS.items():
            box.addItem(label, field)
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        box.currentIndexChanged.connect(lambda _i, b=box: self.commitData.emit(b))
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        found = editor.findData(value)
        if found != editor.currentIndex():
            editor.blockSignals(True)
            editor.setCurrentIndex(max(found, 0))
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


# --- the preview ---------------------------------------------------------------------------------------------


class PreviewCol(IntEnum):
    ROW, RESULT, NAME, ID_NUMBER, UNIT, NOTE = range(6)


PREVIEW_HEADERS = {
    PreviewCol.ROW: "行号",
    PreviewCol.RESULT: "结果",
    PreviewCol.NAME: "姓名",
    PreviewCol.ID_NUMBER: "公民身份号码",
    PreviewCol.UNIT: "工作单位",
    PreviewCol.NOTE: "说明",
}


def problem_text(problem: Problem, *, show_value: bool = True) -> str:
    """A problem without its row number (the table shows the row): '“身份证号”（1101…）：校验码不对…'."""
    value = f"（{problem.value}）" if problem.value and show_value else ""
    where = (f"“{problem.column}”" if problem.column else "") + value
    return f"{where}：{problem.message}" if where else problem.message


class PreviewModel(HeadedTableModel):
    """Every person row of the plan, as the import would treat it; filtered by result without copying rows."""

    headers = PREVIEW_HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        self.unit_names: dict[int, str] = {}
        self.update_existing = False
        self._rows: list[RowPlan] = []
        self._shown: list[int] = []  # indexes into _rows that pass the filter
        self._filter: Action | None = None
        self._id_column: int | None = None
        self._notes: dict[int, str] = {}  # row index -> 说明, worked out when first shown

    def set_plan(self, plan: ImportPlan | None, unit_names: dict[int, str]) -> None:
        self.beginResetModel()
        self.plan = plan
        self.unit_names = unit_names
        self._rows = list(plan.rows) if plan else []
        self._id_column = (
            next((c for c, f in plan.mapping.items() if f == "id_number"), None) if plan else None
        )
        self._notes = {}
        self._shown = self._filtered()
        self.endResetModel()

    def set_filter(self, action: Action | None) -> None:
        self.beginResetModel()
        self._filter = action
        self._shown = self._filtered()
        self.endResetModel()

    def set_update_existing(self, update: bool) -> None:
        self.update_existing = update
        if self._shown:
            self.dataChanged.emit(
                self.index(0, PreviewCol.RESULT), self.index(len(self._shown) - 1, PreviewCol.RESULT)
            )

    def _filtered(self) -> list[int]:
        if self._filter is None:
            return list(range(len(self._rows)))
        return [i for i, r in enumerate(self._rows) if r.action == self._filter]

    def row_plan(self, row: int) -> RowPlan:
        return self._rows[self._shown[row]]

    def rows_shown(self) -> list[RowPlan]:
        return [self._rows[i] for i in self._shown]

    # --- texts -------------------------------------------------------------------------------------------

    def result_text(self, row: RowPlan) -> str:
        if row.action == Action.UPDATE and not self.update_existing:
            return self.tr("不更新")
        return self.tr(row.action.label)

    def id_text(self, row: RowPlan) -> str:
        if row.id_number:
            return row.id_number
        if self._id_column is not None and self._id_column < len(row.cells):
            return shown_cell(row.cells[self._id_column])
        return ""

    def unit_text(self, row: RowPlan) -> str:
        unit_id = row.values.get("unit_id")
        if unit_id is not None:
            return self.unit_names.get(unit_id, row.unit_name)
        return row.unit_name

    def detail(self, row: int) -> str:
        """'第5行 王五（拒绝）：…' with the whole 说明, for the line under the table."""
        plan_row = self.row_plan(row)
        who = f" {plan_row.name}" if plan_row.name else ""
        head = self.tr("第{0}行{1}（{2}）").format(plan_row.row, who, self.result_text(plan_row))
        return f"{head}：{self.note(self._shown[row])}" if self.note(self._shown[row]) else head

    def note(self, position: int) -> str:
        if position not in self._notes:
            row = self._rows[position]
            if row.action == Action.REJECT:
                shown = {row.name.upper(), self.id_text(row).upper()} - {""}
                parts = [problem_text(p, show_value=p.value.upper() not in shown) for p in row.problems]
            elif row.action == Action.UPDATE:
                parts = [row.change_text(self.unit_names)]
            elif row.action == Action.UNCHANGED:
                parts = [self.tr("与系统中已有的信息一致")]
            else:
                parts = []
            self._notes[position] = "；".join([*parts, *row.notices])
        return self._notes[position]

    # --- QAbstractTableModel -----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        position = self._shown[index.row()]
        row, col = self._rows[position], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == PreviewCol.ROW:
                return str(row.row)
            if col == PreviewCol.RESULT:
                return self.result_text(row)
            if col == PreviewCol.NAME:
                return row.name
            if col == PreviewCol.ID_NUMBER:
                return self.id_text(row)
            if col == PreviewCol.UNIT:
                return self.unit_text(row)
            return self.note(position)
        if role == Qt.ItemDataRole.ToolTipRole and col == PreviewCol.NOTE:
            if row.action == Action.REJECT:
                return "\n".join(p.text() for p in row.problems)
            return self.note(position) or None
        if role == Qt.ItemDataRole.ForegroundRole and col == PreviewCol.RESULT:
            shown = (
                Action.UNCHANGED if row.action == Action.UPDATE and not self.update_existing else row.action
            )
            return QBrush(QColor(RESULT_COLOURS[shown]))
        if role == Qt.ItemDataRole.ForegroundRole and col == PreviewCol.NOTE and row.action == Action.REJECT:
            return QBrush(QColor(RESULT_COLOURS[Action.REJECT]))
        if role == Qt.ItemDataRole.FontRole and col == PreviewCol.RESULT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and row.action == Action.REJECT:
            return QBrush(QColor(REJECT_BACKGROUND))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (PreviewCol.ROW, PreviewCol.RESULT):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


# --- the pages -----------------------------------------------------------------------------------------------


class FilePage(FileDropTarget, QWizardPage):
    """1. 选择文件: a file chooser or a dropped file, read in the background; a file that cannot be read says why."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.flow = wizard
        self.setTitle(self.tr("第 1 步，共 4 步：选择文件"))
        self.setSubTitle(
            self.tr("选择街道、社区报送的花名册（Excel 或 CSV 文件），也可以把文件直接拖到这里。")
        )
        self.setAcceptDrops(True)
        self._reading: JobHandle | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("尚未选择文件"))
        self.choose_button = _button(self.tr("选择文件(&O)…"))
        self.choose_button.clicked.connect(self.choose)
        row.addWidget(QLabel(self.tr("文件：")))
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)

        self.drop_area = QLabel(self.tr("把 Excel 或 CSV 文件拖到这里"))
        self.drop_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_area.setMinimumHeight(120)
        self.drop_area.setStyleSheet(
            "QLabel { border: 2px dashed #b6c2cf; border-radius: 6px; color: #6b7785; font-size: 12pt;"
            " background: #ffffff; }"
        )
        layout.addWidget(self.drop_area, 1)
        self.status_label = selectable_label()
        self.status_label.setStyleSheet(f"color: {RESULT_COLOURS[Action.NEW]}; font-size: 11pt;")
        layout.addWidget(self.status_label)
        self.error_label = _error_label()
        layout.addWidget(self.error_label)
        layout.addSpacing(12)

        template_row = QHBoxLayout()
        template_row.addWidget(
            hint_label(
                self.tr(
                    "可以导入 .xlsx、.xls 和 .csv 文件。表格上方的标题、填报单位行和表格末尾的合计行会自动跳过；"
                    "下一步会显示找到的表头和每一列的对应关系，导入前还会逐行预览，确认后才写入。"
                    "各单位还没有表格时，可以先下载导入模板发给他们填写。"
                )
            ),
            1,
        )
        self.template_button = _button(self.tr("下载导入模板…"))
        self.template_button.clicked.connect(lambda: save_import_template(self))
        template_row.addWidget(self.template_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(template_row)

    def initializePage(self) -> None:  # noqa: N802
        pending = self.flow.path if self.flow.sheets is None else None
        if pending is not None and not self.path_edit.text():
            self.path_edit.setText(str(pending))
            QTimer.singleShot(0, self, lambda: self.load(pending))

    def isComplete(self) -> bool:  # noqa: N802
        return self.flow.sheets is not None

    def choose(self) -> None:
        start = str(self.flow.path.parent) if self.flow.path else ""
        path = dialogs.open_file(self, self.tr("选择要导入的花名册"), IMPORT_FILTER, start)
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> JobHandle | None:
        """Start reading `path` in the background; what came of it shows on this page when it is read.
        None (and nothing changes) while another file is still being read: a second drop must not race it."""
        if self._reading is not None and not self._reading.finished:
            return None
        path = Path(path)
        self.flow.set_sheets(path, None)
        self.path_edit.setText(str(path))
        self.status_label.clear()
        _show_error(self.error_label, "")
        self.completeChanged.emit()
        # Said here, on the UI thread: the worker only raises.
        unreadable = self.tr("无法读取“{0}”：").format(path.name)
        self._reading = start_job(
            self,
            Job(
                title=self.tr("读取表格"),
                work=lambda _progress: _read_sheets(path, unreadable),
                on_done=lambda sheets: self._read(path, sheets),
                on_failed=lambda message: _show_error(self.error_label, message),
                cancellable=False,
            ),
        )
        return self._reading

    def _read(self, path: Path, sheets: list[Sheet]) -> None:
        if not sheets:
            _show_error(
                self.error_label, self.tr("文件“{0}”中没有任何内容，请确认选对了文件").format(path.name)
            )
            return
        self.flow.set_sheets(path, sheets)
        described = "、".join(self.tr("工作表“{0}”共 {1} 行").format(s.name, len(s.rows)) for s in sheets[:6])
        if len(sheets) > 6:
            described += self.tr(" 等 {0} 个工作表").format(len(sheets))
        self.status_label.setText(self.tr("✓ 已读取“{0}”：{1}。请点“下一步”。").format(path.name, described))
        self.completeChanged.emit()

    def accepted_file(self, mime: QMimeData) -> Path | None:
        return dropped_file(mime)

    def file_dropped(self, path: Path) -> None:
        self.load(path)


class MappingPage(QWizardPage):
    """2. 表头与列: the sheet, the header row, which column is which field; defaults for columns the file lacks."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.flow = wizard
        self._version = -1
        self._planning: JobHandle | None = None
        self._planned: tuple[tuple[int, ImportOptions], ImportPlan] | None = None  # the dry run's outcome
        self.setTitle(self.tr("第 2 步，共 4 步：核对表头和列"))
        self.setSubTitle(
            self.tr(
                "已自动找到表头和每一列对应的信息项，请核对“导入为”一栏，不对的可以改；没有识别的列不会导入。"
            )
        )
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.sheet_box = QComboBox()
        self.sheet_box.setMinimumContentsLength(12)
        self.sheet_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.header_spin = QSpinBox()
        self.header_spin.setMinimum(1)
        # A plain number field: the shared style sheet draws no spin arrows (and NoButtons hides the text),
        # so the buttons are given no room; ↑ ↓ and the mouse wheel still step the row.
        self.header_spin.setStyleSheet(
            "QSpinBox::up-button, QSpinBox::down-button { width: 0px; border: none; image: none; }"
            " QSpinBox::up-arrow, QSpinBox::down-arrow { image: none; width: 0px; }"
        )
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
        layout.addLayout(top)

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
        layout.addWidget(self.view, 1)

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
        layout.addWidget(self.defaults_box)

        # Which street (or other unit) the file comes from: its short names are looked up there first.
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
        layout.addWidget(self.scope_row)

        self.problem_label = _error_label()
        layout.addWidget(self.problem_label)

        self.sheet_box.currentIndexChanged.connect(self._sheet_chosen)
        self.header_spin.valueChanged.connect(self._header_row_chosen)
        self.model.mapping_changed.connect(self._mapping_changed)
        self.model.modelReset.connect(self._open_editors)
        self.role_box.currentIndexChanged.connect(lambda _i: self._mapping_changed())
        self.unit_box.currentIndexChanged.connect(lambda _i: self._mapping_changed())

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
        items = _unit_tree_items(list_units(self.flow.ctx.db))
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
            self.found_label.setStyleSheet(ERROR_STYLE)
        else:
            self.found_label.setText(
                self.tr("（自动找到的表头在第 {0} 行）").format(guess.row_index + 1 + offset)
            )
            self.found_label.setStyleSheet("")
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
        _show_error(self.problem_label, "\n".join(self.problems()))
        self.completeChanged.emit()

    # --- 下一步: the dry run -------------------------------------------------------------------------------

    def validatePage(self) -> bool:  # noqa: N802
        """True once the dry run for exactly these choices is done; otherwise start it and stay (its end presses
        下一步 again). A file-level problem stays on this page."""
        if self.problems():
            return False
        key = (self.flow.version, self.options())
        planned, self._planned = (
            self._planned,
            None,
        )  # used once: every 下一步 plans afresh, as the clerk expects
        if planned is not None and planned[0] == key:
            self.flow.set_plan(planned[1], key[1])
            return True
        if self._planning is None or self._planning.finished:
            self._planning = start_job(self, self._dry_run(key))
        return False

    def _dry_run(self, key: tuple[int, ImportOptions]) -> Job[ImportPlan]:
        path, options = self.flow.path, key[1]

        def done(plan: ImportPlan) -> None:
            self._planned = (key, plan)
            _advance(self)

        return Job(
            title=self.tr("检查每一行"),
            work=lambda db, _progress: plan_import(db, path, options),
            database=self.flow.ctx.office.path,
            on_done=done,
            on_failed=lambda message: _show_error(self.problem_label, message),
            cancellable=False,
        )


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
        self._importing: JobHandle | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setStyleSheet("font-size: 11pt; font-weight: bold; color: #1d3557;")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.info_label = _selectable_hint()
        layout.addWidget(self.info_label)

        bar = QHBoxLayout()
        self.filter_box = QComboBox()
        self.filter_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        filter_label = QLabel(self.tr("显示(&F)："))
        filter_label.setBuddy(self.filter_box)
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_box)
        bar.addStretch(1)
        self.report_button, self.saved_label = _problem_report_controls(self, self.tr("保存问题行…"))
        self.report_button.setToolTip(self.tr("把被拒绝的行连同问题说明保存为 Excel 文件，发回报送单位改正"))
        bar.addWidget(self.report_button)
        layout.addLayout(bar)

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
            PreviewCol.UNIT: 200,
        }
        for col, width in widths.items():
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.detail_label = _selectable_hint()
        layout.addWidget(self.detail_label)
        layout.addWidget(self.saved_label)

        choices = QHBoxLayout()
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
        choices.addWidget(self.units_box, 1)

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
        choices.addWidget(self.existing_box, 1)
        layout.addLayout(choices)

        self.nothing_label = _error_label()
        layout.addWidget(self.nothing_label)
        self.error_label = _error_label()
        layout.addWidget(self.error_label)

        self.filter_box.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(self.filter_box.currentData())
        )
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.model.modelReset.connect(self._show_detail)
        self.update_radio.toggled.connect(self._existing_chosen)

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
        _show_error(self.error_label, "")
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
                self.tr("以下列不是花名册的信息项，不导入：{0}。").format("、".join(plan.unknown_columns))
            )
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
            described.append(
                self.tr("{0}（{1} 人{2}）").format(unit.name, people.get(unit.placeholder, 0), where)
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
        for text, unit_id in _unit_tree_items(units):
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
            _show_error(self.nothing_label, reason)
        else:
            _show_error(self.nothing_label, "")
        self.completeChanged.emit()

    # --- 开始导入 ------------------------------------------------------------------------------------------

    def validatePage(self) -> bool:  # noqa: N802
        """True once the import is written; otherwise start it in the background and stay (its end presses
        开始导入 again). A cancel or a failure stays on this page and says so."""
        if self.flow.result is not None:
            return True
        plan = self.flow.plan
        if plan is None or not self.writes_something():
            return False
        if self._importing is None or self._importing.finished:
            _show_error(self.error_label, "")
            self._importing = start_job(self, self._import_job(plan))
        return False

    def _import_job(self, plan: ImportPlan) -> Job[ImportResult]:
        ctx = self.flow.ctx
        db_path, actor = ctx.office.path, ctx.actor
        update, parent = self.update_existing(), self.new_unit_parent()

        def work(db, progress) -> ImportResult:
            return commit_import(
                db,
                db_path,
                plan,
                update_existing=update,
                actor=actor,
                new_unit_parent=parent,
                progress=progress,
            )

        def done(result: ImportResult) -> None:
            self.flow.finish_import(result)  # written: announced now, whatever happens to the window
            _advance(self)

        return Job(
            title=self.tr("正在导入"),
            work=work,
            database=db_path,
            on_done=done,
            # The transaction was rolled back: say so in the page.
            on_failed=lambda message: _show_error(
                self.error_label, self.tr("导入失败，数据库没有任何改动：{0}").format(message)
            ),
            on_cancelled=lambda: _show_error(self.error_label, self.tr("已取消导入，数据库没有任何改动。")),
        )


class DonePage(QWizardPage):
    """5. 完成: what was imported, where the safety backup is, and the problem rows to send back."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.flow = wizard
        self.setTitle(self.tr("第 4 步，共 4 步：导入完成"))
        self.setSubTitle(self.tr("数据已经写入。人员档案和组织单位已经更新。"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.result_label = QLabel()
        self.result_label.setStyleSheet("font-size: 12pt; font-weight: bold; color: #15803d;")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.backup_label = selectable_label()
        layout.addWidget(self.backup_label)
        self.skipped_label = hint_label()
        layout.addWidget(self.skipped_label)

        self.problem_frame = QFrame()
        problems = QVBoxLayout(self.problem_frame)
        problems.setContentsMargins(0, 8, 0, 0)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(ERROR_STYLE)
        problems.addWidget(self.problem_label)
        self.report_button, self.saved_label = _problem_report_controls(self, self.tr("保存问题行(&S)…"))
        problems.addLayout(button_row(self.report_button))
        problems.addWidget(self.saved_label)
        layout.addWidget(self.problem_frame)
        layout.addWidget(hint_label(self.tr("在“导入记录”中可以查看每次导入，必要时撤销最近一次导入。")))
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        result, plan = self.flow.result, self.flow.plan
        if result is None or plan is None:
            return
        self.result_label.setText(self.tr("导入完成：{0}。").format(result.summary()))
        from db.backup import describe_backup

        self.backup_label.setText(
            self.tr("导入前的数据库已自动备份（{0}）：\n{1}").format(
                describe_backup(result.backup), result.backup
            )
        )
        self.skipped_label.setText(
            self.tr("表格中不是人员的行（空行、合计行、说明行等）已跳过 {0} 行。").format(result.skipped)
            if result.skipped
            else ""
        )
        self.skipped_label.setVisible(bool(result.skipped))
        self.problem_frame.setVisible(result.rejected > 0)
        self.problem_label.setText(
            self.tr(
                "有 {0} 行因为有问题没有导入。点“保存问题行…”把它们连同问题说明保存为 Excel 文件，"
                "发回报送单位改正后，可以再次导入。"
            ).format(result.rejected)
        )


# --- the wizard ----------------------------------------------------------------------------------------------


class ImportWizard(QWizard):
    """导入花名册. State between the pages: `path`, `sheets`, `plan`, `options`, `result`."""

    FILE, MAPPING, PREVIEW, DONE = range(4)

    def __init__(self, ctx: AppContext, path: Path | str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = Path(path) if path else None
        self.sheets: list[Sheet] | None = None
        self.version = 0  # bumped for every file read, so the mapping page knows to start again
        self.plan: ImportPlan | None = None
        self.options: ImportOptions | None = None
        self.result: ImportResult | None = None
        self.setWindowTitle(self.tr("导入花名册"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        # The shared style sheet colours the default button blue even when it is disabled: 下一步 and 开始导入
        # must look unavailable when they are.
        self.setStyleSheet(
            "QPushButton:disabled, QPushButton:default:disabled {"
            " background: #eef1f4; color: #9aa5b1; border-color: #d5dce3; }"
        )
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步(&B)"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步(&N) >"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        for page_id, page in enumerate(
            (self.file_page, self.mapping_page, self.preview_page, self.done_page)
        ):
            self.setPage(page_id, page)
        self.setMinimumSize(900, 600)
        self.resize(1100, 720)

    def set_sheets(self, path: Path, sheets: list[Sheet] | None) -> None:
        self.path = path
        self.sheets = sheets
        self.plan = None
        self.version += 1

    def set_plan(self, plan: ImportPlan, options: ImportOptions) -> None:
        self.plan, self.options, self.result = plan, options, None

    def finish_import(self, result: ImportResult) -> None:
        """Called in the UI thread once the import is written: every page refreshes from the broadcast."""
        self.result = result
        name = self.plan.file_name if self.plan else ""
        self.ctx.announce(result.changes, self.tr("已导入“{0}”：{1}").format(name, result.summary()))

    def save_problem_report(self, parent: QWidget, label: QLabel) -> Path | None:
        """保存问题行…: the rejected rows as the street sent them, with a 问题说明 column, as .xlsx."""
        from app.exchange.problem_report import write_problem_report

        plan = self.plan
        if plan is None or not plan.count(Action.REJECT):
            return None
        title = self.tr("保存问题行")
        suggested = (
            self.path.with_name(f"{self.path.stem}_问题行.xlsx")
            if self.path
            else Path(f"{plan.file_name}_问题行.xlsx")
        )
        source = self.path

        def write(out: Path) -> int:
            if source is not None and out.exists() and out.resolve() == source.resolve():
                raise ExportError(
                    "问题行不能保存到正在导入的文件本身（那是街道报来的原件），请另取一个文件名"
                )
            return write_problem_report(plan, out)

        saved = _save_xlsx_as(parent, title, str(suggested), write)
        if saved is None:
            return None
        out, count = saved
        label.setText(self.tr("已把 {0} 行问题行保存到：{1}").format(count, out))
        label.show()
        return out
