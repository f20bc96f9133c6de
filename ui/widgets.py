"""Pieces every page is built from: the page layout and title, grey hints, buttons, read-only tables and their
models, a table that gives way to a message when empty, a file dropped on a page.

Looks come from resources/style.qss by object name (`QLabel#pageTitle`, `QLabel#hint`), never from inline
style sheets, so that all pages look alike and one file changes them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

PAGE_MARGIN = 12
R = TypeVar("R")
_Index = QModelIndex | QPersistentModelIndex


# --- page scaffolding ------------------------------------------------------------------------------


SPIN_WIDTH = 120  # a year or month box in a form: its few digits, not the form's whole width

# Room a window's frame takes beyond its client area: the title bar (about 31 px at 125 %) and borders.
_FRAME = QSize(16, 40)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to `width` × `height`, or less where its screen's work area is smaller: a 1366×768 laptop at
    125 % leaves about 1093×574 beside the taskbar, and a dialog taller than that hides its buttons under it.
    Its minimum size shrinks to fit as well."""
    screen = (window.parentWidget() or window).screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry().size() - _FRAME if screen is not None else QSize(width, height)
    window.setMinimumSize(window.minimumSize().boundedTo(room))
    window.resize(QSize(width, height).boundedTo(room))


def page_title(text: str) -> QLabel:
    """The big title at the top of a page (styled by `QLabel#pageTitle`)."""
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def hint_label(text: str = "", *, wrap: bool = True) -> QLabel:
    """Grey text (styled by `QLabel#hint`): an explanation, word-wrapped; a status line with `wrap=False`."""
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(wrap)
    return label


def selectable_label() -> QLabel:
    """A word-wrapped value the user can select and copy (a path, a parent unit)."""
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def page_layout(page: QWidget, title: str, *, hint: str = "", spacing: int = 8) -> QVBoxLayout:
    """The page's top-level column with the usual margins, its title already in place and, when given, the
    grey `hint` under it saying what the page is for."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
    layout.setSpacing(spacing)
    layout.addWidget(page_title(title))
    if hint:
        layout.addWidget(hint_label(hint))
    return layout


def danger_button(text: str) -> QPushButton:
    """A button whose action cannot be taken back (彻底删除, 撤销导入): red text while it is enabled."""
    button = QPushButton(text)
    button.setObjectName("danger")
    return button


def with_shortcut(text: str, keys: QKeySequence) -> str:
    """An action's tooltip: its text and, when it has one, its shortcut as this system writes it (保存（Ctrl+S）)."""
    shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}（{shown}）" if shown else text


def ok_cancel_buttons(dialog: QDialog, ok_text: str, cancel_text: str) -> QDialogButtonBox:
    """A dialog's OK and Cancel buttons, OK saying what it does (移动, 保存), wired to accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def set_tone(widget: QWidget, tone: str = "") -> None:
    """Colour a label by what it says ("warning", or "" for normal) through the style sheet's [tone] rules."""
    if widget.property("tone") == tone:
        return
    widget.setProperty("tone", tone)
    repolish(widget)


def set_flag(widget: QWidget, name: str, on: bool) -> None:
    """Turn a yes/no property the style sheet selects on (`[error="true"]`, `[problem="true"]`) on or off."""
    if bool(widget.property(name)) == on:
        return
    widget.setProperty(name, on)
    repolish(widget)


def repolish(*widgets: QWidget) -> None:
    """Match the style sheet's selectors again. Qt matches them when a widget is first polished and keeps the
    answer: a property or an ancestor's object name set later is not seen until the widget is polished again."""
    for widget in widgets:
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """Buttons side by side from the left, the rest of the row empty."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def table_or_empty(view: QTableView, empty_text: str) -> tuple[QStackedWidget, QLabel]:
    """A stack showing `view`, or in its place a centred message saying why there is nothing yet and what to do;
    the caller switches with `stack.setCurrentWidget(...)`. Returns the stack and the message label."""
    empty = hint_label(empty_text, wrap=False)
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    empty.setObjectName("emptyMessage")
    stack = QStackedWidget()
    stack.addWidget(view)
    stack.addWidget(empty)
    return stack, empty


def read_only_table(
    model: QAbstractTableModel,
    *,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
    resize: QHeaderView.ResizeMode = QHeaderView.ResizeMode.ResizeToContents,
) -> QTableView:
    """A table of whole-row selection, no editing, no row numbers, rows as tall as the text needs."""
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.setObjectName("list")
    header = view.horizontalHeader()
    header.setSectionResizeMode(resize)
    header.setStretchLastSection(True)
    return view


# --- dropping a file on a page ---------------------------------------------------------------------


def dropped_file(mime: QMimeData, suffixes: Sequence[str]) -> Path | None:
    """The one local file being dragged if its name ends in one of `suffixes` (lower case), else None
    (several files, a folder, a web link…)."""
    if not mime.hasUrls():
        return None
    urls = mime.urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in suffixes else None


class FileDropTarget:
    """Mixin, before the Qt class, for a widget that takes a file dropped on it (the widget calls
    `setAcceptDrops(True)`). `accepted_file(mime)` says which file it would take, or None; `file_dropped(path)`
    runs once the drop has finished: a modal dialog opened inside the drop would keep the file manager waiting."""

    def accepted_file(self, mime: QMimeData) -> Path | None:
        raise NotImplementedError

    def file_dropped(self, path: Path) -> object:
        raise NotImplementedError

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self.accepted_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        path = self.accepted_file(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        QTimer.singleShot(0, self, lambda: self.file_dropped(path))


# --- the models ------------------------------------------------------------------------------------


class HeadedTableModel(QAbstractTableModel):
    """A flat table's columns: titles from `headers` (a tuple, or a dict keyed by an IntEnum of the columns),
    cells enabled and selectable. A subclass gives `rowCount` and `data`, and may widen `flags`."""

    headers: Sequence[str] | Mapping[int, str] = ()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.tr(self.headers[section]) if 0 <= section < len(self.headers) else None
        return section + 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ReadOnlyTableModel(HeadedTableModel, Generic[R]):
    """A flat table the user only reads: one record per row, its display texts worked out once when set.

    A subclass sets `headers` (column titles: a tuple, or a dict keyed by an IntEnum of the columns),
    implements `cells(record)`, and may answer other roles (tooltip, alignment) in `role_data`.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[R] = []
        self._cells: list[Sequence[str]] = []

    def set_rows(self, rows: Iterable[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._cells = [self.cells(row) for row in self.rows]
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # --- hooks ---------------------------------------------------------------------------------

    def cells(self, record: R) -> Sequence[str]:
        """The display text of each column for one record."""
        raise NotImplementedError

    def role_data(self, record: R, column: int, role: int) -> Any:
        """Data for roles other than DisplayRole; None by default."""
        return None

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        return self.role_data(self.rows[index.row()], index.column(), role)
