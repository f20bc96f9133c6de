"""Which roster columns show, how wide they are and how the roster is sorted: chosen by the clerk, kept per PC.

The choice is stored by column name in QSettings ("roster/columns", "roster/widths", "roster/sort"), not as
QHeaderView.saveState(): an opaque header state breaks as soon as a column is added, a name never does.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from app.people.roster import ALWAYS_SHOWN, HEADERS, OPTIONAL_COLUMNS, Col

# Default widths in pixels at the usual 9pt font; 工作单位 has none: it takes the spare width.
WIDTHS: dict[Col, int] = {
    Col.NAME: 64,
    Col.GENDER: 40,
    Col.AGE: 40,
    Col.BIRTH_DATE: 92,
    Col.ETHNICITY: 64,
    Col.ID_NUMBER: 158,
    Col.ROLE: 78,
    Col.POSITION: 90,
    Col.POLITICAL: 88,
    Col.EDUCATION: 72,
    Col.PHONE: 96,
    Col.POST_START: 92,
    Col.SOURCE: 108,
    Col.STATUS: 56,
    Col.PROMOTION: 84,
}
_KEY = "roster/"
UNIT_MIN = 140  # below this the unit column stops stretching and the table scrolls sideways instead


class ColumnChooser(QObject):
    """A checkable action per column (姓名 always shows), in one menu the header's right-click and the page's
    "显示列" button share; every change is remembered at once."""

    def __init__(self, table: QTableView):
        super().__init__(table)
        self.table = table
        self.header = table.horizontalHeader()
        self.menu = QMenu(table)
        self.actions: dict[Col, QAction] = {}
        for col in Col:
            if col == ALWAYS_SHOWN:
                continue
            action = QAction(self.tr(HEADERS[col]), self)
            action.setCheckable(True)
            action.toggled.connect(lambda on, c=col: self._show(c, on))
            self.menu.addAction(action)
            self.actions[col] = action
        self.menu.addSeparator()
        self.menu.addAction(self.tr("恢复默认列"), self.reset)
        self._setup_header()
        self.restore()
        self.header.sectionResized.connect(self._resized)
        self.header.sortIndicatorChanged.connect(self._sorted)
        table.viewport().installEventFilter(self)

    def _setup_header(self) -> None:
        header = self.header
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # 工作单位 is the long text: it gets the width the others leave (cut short with a tooltip at 960 px).
        header.setSectionResizeMode(Col.UNIT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._popup)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit_unit()
        return False

    def _fit_unit(self) -> None:
        """Stretch 工作单位 into the spare width; when the other columns leave it less than UNIT_MIN, give it
        UNIT_MIN and let the table scroll sideways rather than squeeze the paths to a street name."""
        others = sum(
            self.header.sectionSize(c) for c in Col if c != Col.UNIT and not self.header.isSectionHidden(c)
        )
        stretch = self.table.viewport().width() - others >= UNIT_MIN
        mode = QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.Interactive
        if self.header.sectionResizeMode(Col.UNIT) != mode:
            self.header.setSectionResizeMode(Col.UNIT, mode)
            if not stretch:
                self.header.resizeSection(Col.UNIT, UNIT_MIN)

    def _popup(self, pos: QPoint) -> None:
        self.menu.popup(self.header.viewport().mapToGlobal(pos))

    # --- showing -------------------------------------------------------------------------------------
    def _show(self, col: Col, on: bool) -> None:
        self.header.setSectionHidden(col, not on)
        self._save_columns()
        self._fit_unit()

    def _apply(self, shown: set[Col]) -> None:
        for col, action in self.actions.items():
            action.blockSignals(True)
            action.setChecked(col in shown)
            action.blockSignals(False)
            self.header.setSectionHidden(col, col not in shown)

    def reset(self) -> None:
        self._apply({c for c in Col if c not in OPTIONAL_COLUMNS})
        for col, width in WIDTHS.items():
            self.header.resizeSection(col, width)
        settings = QSettings()
        for key in ("columns", "widths"):
            settings.remove(_KEY + key)
        self._fit_unit()

    # --- remembering ---------------------------------------------------------------------------------
    def restore(self) -> None:
        settings = QSettings()
        names = settings.value(_KEY + "columns")
        shown = _cols(str(names).split(",")) if names else [c for c in Col if c not in OPTIONAL_COLUMNS]
        self._apply({*shown, ALWAYS_SHOWN})
        widths = _load_json(settings.value(_KEY + "widths"))
        for col, width in WIDTHS.items():
            saved = widths.get(col.name.lower())
            self.header.resizeSection(col, saved if isinstance(saved, int) and 20 <= saved <= 800 else width)
        sort = str(settings.value(_KEY + "sort") or "")
        name, _, order = sort.partition(":")
        found = _cols([name])
        if found:
            self.header.setSortIndicator(found[0], Qt.SortOrder(int(order == "1")))
        self._fit_unit()

    def _save_columns(self) -> None:
        shown = [c.name.lower() for c in Col if not self.header.isSectionHidden(c)]
        QSettings().setValue(_KEY + "columns", ",".join(shown))

    def _resized(self, index: int, _old: int, new: int) -> None:
        if index == Col.UNIT or new == 0:  # the stretched column follows the window; 0 is a hidden one
            return
        self._fit_unit()
        settings = QSettings()
        widths = _load_json(settings.value(_KEY + "widths"))
        widths[Col(index).name.lower()] = new
        settings.setValue(_KEY + "widths", json.dumps(widths))

    def _sorted(self, index: int, order: Qt.SortOrder) -> None:
        value = f"{Col(index).name.lower()}:{order.value}" if 0 <= index < len(Col) else ""
        QSettings().setValue(_KEY + "sort", value)


def _cols(names: list[str]) -> list[Col]:
    by_name = {c.name.lower(): c for c in Col}
    return [by_name[n] for n in names if n in by_name]


def _load_json(value: object) -> dict:
    try:
        loaded = json.loads(str(value)) if value else {}
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}
