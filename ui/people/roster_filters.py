"""The roster's filter rows: what to find (search, role, status, political status, education), then who (unit,
age or birth year, 到岗时间). Two rows, so that everything fits at 960×600."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.people.fields import EDUCATIONS, POLITICAL_STATUSES, ROLE_LABELS, STATUSES
from app.people.roster import period_bounds
from app.units.service import Unit, descendants, tree_order
from ui.people.roster_model import RosterFilter
from ui.widgets import set_flag

# The spin boxes' lowest value means "no limit" (shown as 不限); the rest is the range a clerk may pick.
_AGE_RANGE = (16, 80)
_BIRTH_YEAR_RANGE = (1940, 2015)


def _combo(label_all: str, values) -> QComboBox:
    box = QComboBox()
    box.addItem(label_all, None)
    for value in values:
        box.addItem(value, value)
    return box


class RosterFilterBar(QWidget):
    """Emits `changed` whenever a filter changes; `current()` is the RosterFilter it describes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._units: list[Unit] = []
        self._build()

    def _emit(self, *_args) -> None:
        self.changed.emit()

    def _build(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索 姓名 / 拼音 zs、zhangsan / 身份证号 / 电话"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self.search.textChanged.connect(self._emit)
        self.role_box = _combo(self.tr("全部类别"), ROLE_LABELS.values())
        self.status_box = _combo(self.tr("全部状态"), STATUSES)
        self.political_box = _combo(self.tr("全部政治面貌"), POLITICAL_STATUSES)
        self.education_box = _combo(self.tr("全部学历"), EDUCATIONS)
        first = QHBoxLayout()
        first.addWidget(self.search, 1)
        for box in (self.role_box, self.status_box, self.political_box, self.education_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self._emit)
            first.addWidget(box)
        grid.addLayout(first, 0, 0)
        grid.addLayout(self._build_range_filters(), 1, 0)

    def _build_range_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.unit_box = QComboBox()
        self.unit_box.setMinimumWidth(150)
        self.unit_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_box.setMinimumContentsLength(8)
        self.unit_box.currentIndexChanged.connect(self._emit)
        row.addWidget(self.unit_box, 1)
        self.age_kind = QComboBox()
        self.age_kind.addItem(self.tr("年龄"), "age")
        self.age_kind.addItem(self.tr("出生年份"), "birth_year")
        self.age_kind.setToolTip(self.tr("按年龄（周岁）或出生年份筛选"))
        self.age_kind.currentIndexChanged.connect(self._age_kind_changed)
        self.age_kind.currentIndexChanged.connect(self._emit)
        self.age_from, self.age_to = QSpinBox(), QSpinBox()
        self.post_from, self.post_to = QLineEdit(), QLineEdit()
        for spin in (self.age_from, self.age_to):
            spin.setSpecialValueText(self.tr("不限"))
            spin.setObjectName("rangeSpin")
            # Typed, or stepped with the arrow keys and the wheel: style.qss hides the step buttons, which only
            # squeeze the number (NoButtons would hide the text too under the style sheet).
            spin.valueChanged.connect(self._emit)
        for edit in (self.post_from, self.post_to):
            edit.setPlaceholderText(self.tr("如 2019"))
            edit.setToolTip(self.tr("年、年月或日期：2019、2019.7、2019-07-01"))
            edit.setObjectName("periodEdit")
            edit.textChanged.connect(self._emit)
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
        self.changed.emit()

    def set_units(self, units: list[Unit]) -> None:
        """The unit tree changed: list it again, keeping the unit chosen if it is still there."""
        self._units = units
        current = self.unit_box.currentData()
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        self.unit_box.addItem(self.tr("全部单位"), None)
        for unit, depth in tree_order(units):
            self.unit_box.addItem("\u3000" * depth + unit.name, unit.id)
        found = self.unit_box.findData(current)
        self.unit_box.setCurrentIndex(max(found, 0))
        self.unit_box.blockSignals(False)

    def current(self) -> RosterFilter:
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
        set_flag(edit, "error", wrong)
        return bounds[end] if bounds else None
