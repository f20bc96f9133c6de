"""What the import wizard's steps share: file types, small label and button helpers, one-job-at-a-time, and
the cell and column texts both tables show.

Looks come from resources/style.qss: the wizard is `QWizard#importWizard`, and its labels are styled by object
name (`errorLabel`, `dropArea`, …) or by the `problem` property, never by an inline style sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QMimeData, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget, QWizardPage

from app.exchange.cells import cell_text
from app.exchange.reader import Sheet
from app.exchange.roster_export import ExportError
from app.units.service import Unit, tree_order
from ui import dialogs, widgets
from ui.widgets import hint_label, set_flag
from ui.worker import Job, JobHandle, start_job

if TYPE_CHECKING:
    from ui.exchange.wizard import ImportWizard

IMPORT_FILTER = "Excel/CSV (*.xlsx *.xls *.csv)"
REPORT_FILTER = "Excel 工作簿 (*.xlsx)"
IMPORT_SUFFIXES = (".xlsx", ".xls", ".csv")
T = TypeVar("T")


def tr(text: str) -> str:
    """Texts said outside a page class share the wizard's translation context."""
    return QCoreApplication.translate("ImportWizard", text)


# --- labels and buttons ----------------------------------------------------------------------------------------


def error_label() -> QLabel:
    """A red line (`QLabel#errorLabel`), hidden until it has something to say."""
    label = QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def mark_problem(widget: QWidget, problem: bool) -> None:
    """Colour `widget` as a problem (`[problem="true"]` in the style sheet) or not. Qt reads a dynamic property
    into the style only when the widget is polished again."""
    set_flag(widget, "problem", problem)


def selectable_hint() -> QLabel:
    label = hint_label()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def page_button(text: str) -> QPushButton:
    """A button on a page: Enter still means the wizard's 下一步, not this button."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    return button


def problem_report_controls(page: QWizardPage, flow: ImportWizard, text: str) -> tuple[QPushButton, QLabel]:
    """保存问题行…: the button, and the line (hidden until then) saying where the rows were saved."""
    saved = selectable_hint()
    saved.hide()
    button = page_button(text)
    button.clicked.connect(lambda: flow.save_problem_report(page, saved))
    return button, saved


# --- background steps ------------------------------------------------------------------------------------------


class StepJob:
    """The one background job of a step: a second 下一步 (or a second dropped file) while it runs starts nothing.
    The worker already holds back the clerk's clicks; this also covers calls from code and drops."""

    def __init__(self) -> None:
        self.handle: JobHandle | None = None

    @property
    def running(self) -> bool:
        return self.handle is not None and not self.handle.finished

    def start(self, parent: QWidget, job: Job[T]) -> JobHandle | None:
        """Start `job` unless this step's job is still running; the new handle, or None."""
        if self.running:
            return None
        self.handle = start_job(parent, job)
        return self.handle


def advance(page: QWizardPage) -> None:
    """A step's job is done: press 下一步 again for the clerk, if the wizard is still on that step."""
    wizard = page.wizard()
    if wizard is not None and wizard.currentPage() is page:
        wizard.next()


# --- files -----------------------------------------------------------------------------------------------------


def dropped_file(mime: QMimeData) -> Path | None:
    """The one local .xlsx/.xls/.csv file being dragged, or None (several files, a folder, a web link…)."""
    return widgets.dropped_file(mime, IMPORT_SUFFIXES)


def save_xlsx_as(
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


def save_problem_rows(parent: QWidget, file_name: str, write: Callable[[Path], int]) -> Path | None:
    """保存问题行…: an import's refused rows, for the street to correct, beside the file's own name; the count and
    the place said."""
    saved = save_xlsx_as(parent, tr("保存问题行"), f"{Path(file_name).stem}-问题行.xlsx", write)
    if saved is None:
        return None
    out, count = saved
    dialogs.inform(parent, tr("已保存"), tr("已把 {0} 行问题行保存到：\n{1}").format(count, out))
    return out


# --- cells, columns, units -------------------------------------------------------------------------------------


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


def unit_tree_items(units: list[Unit]) -> list[tuple[str, int]]:
    """(indented name, id) for every unit, parents before their children, for a combo box."""
    return [("\u3000" * depth + unit.name, unit.id) for unit, depth in tree_order(units)]
