"""添加人员: pick people from the roster for a period, by 人员类别 and 工作单位 (with its sub-units) or by name,
pinyin initials or ID number; those already in the period and those of roles the scheme does not apply to are
not offered."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.clock import today
from app.people.fields import ROLE_LABELS, Role
from app.people.roster import Col, load_roster, search_needle
from app.units.service import descendants, list_units, tree_order
from ui.widgets import ReadOnlyTableModel, fit_to_screen, read_only_table


def _tr(text: str) -> str:
    return QCoreApplication.translate("Appraisal", text)


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str
    role: str  # label
    unit_id: int | None
    unit: str  # the whole path
    status: str
    search: str
    pinyin: str


def candidates(db, roles: Collection[str], exclude: Collection[int]) -> list[Candidate]:
    """Roster people of `roles` (codes; empty: every role) who are not in `exclude`, in roster order."""
    data = load_roster(db, list_units(db), today())
    labels = {ROLE_LABELS[Role(r)] for r in roles if r in Role._value2member_map_}
    found, order = [], {}
    for i, person_id in enumerate(data.ids):
        role = data.cells[Col.ROLE][i]
        if person_id in exclude or (labels and role not in labels):
            continue
        order[person_id] = data.name_order[i]
        found.append(
            Candidate(
                person_id,
                data.cells[Col.NAME][i],
                role,
                data.unit_ids[i],
                data.cells[Col.UNIT][i],
                data.cells[Col.STATUS][i],
                data.search[i],
                data.pinyin[i],
            )
        )
    return sorted(found, key=lambda c: (c.unit, order[c.person_id]))


class CandidateModel(ReadOnlyTableModel[Candidate]):
    headers = ("姓名", "人员类别", "工作单位", "状态")

    def cells(self, record: Candidate) -> Sequence[str]:
        return (record.name, record.role, record.unit, record.status)

    def role_data(self, record: Candidate, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return record.unit
        return None


class PeoplePicker(QDialog):
    def __init__(self, parent: QWidget | None, db, roles: Collection[str], exclude: Collection[int]):
        super().__init__(parent)
        self.setWindowTitle(self.tr("添加人员到本次考核"))
        fit_to_screen(self, 720, 520)
        self._all = candidates(db, roles, exclude)
        self._units = list_units(db)
        self.chosen: list[int] = []
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("姓名、拼音首字母或身份证号"))
        self.search.setClearButtonEnabled(True)
        self.role_box = QComboBox()
        self.role_box.addItem(self.tr("全部类别"), None)
        shown_roles = [r for r in Role if not roles or r.value in roles]
        for role in shown_roles:
            self.role_box.addItem(role.label, role.label)
        self.unit_box = QComboBox()
        self.unit_box.addItem(self.tr("全部单位"), None)
        for unit, depth in tree_order(self._units):
            self.unit_box.addItem("\u3000" * depth + unit.name, unit.id)
        filters.addWidget(self.search, 2)
        filters.addWidget(self.role_box)
        filters.addWidget(self.unit_box, 2)
        layout.addLayout(filters)
        self.model = CandidateModel(self)
        self.table = read_only_table(self.model, selection=QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 90), (1, 96), (3, 64)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(lambda _index: self.add_selected())
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        bottom.addWidget(self.count_label, 1)
        self.selected_button = QPushButton(self.tr("加入选中的人员"))
        self.selected_button.setDefault(True)
        self.selected_button.clicked.connect(self.add_selected)
        self.all_button = QPushButton()
        self.all_button.clicked.connect(self.add_all_shown)
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        for button in (self.selected_button, self.all_button, cancel):
            bottom.addWidget(button)
        layout.addLayout(bottom)
        self.search.textChanged.connect(self.apply_filter)
        self.role_box.currentIndexChanged.connect(self.apply_filter)
        self.unit_box.currentIndexChanged.connect(self.apply_filter)
        self.apply_filter()
        self.search.setFocus()

    def apply_filter(self, *_args) -> None:
        rows = self._all
        role = self.role_box.currentData()
        if role:
            rows = [c for c in rows if c.role == role]
        unit_id = self.unit_box.currentData()
        if unit_id is not None:
            wanted = descendants(self._units, unit_id)
            rows = [c for c in rows if c.unit_id in wanted]
        needle = search_needle(self.search.text())
        if needle:
            rows = [c for c in rows if needle in (c.pinyin if needle.startswith(" ") else c.search)]
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("可加入 {0} 人").format(len(rows)))
        self.all_button.setText(self.tr("加入列表中全部 {0} 人").format(len(rows)))
        self.all_button.setEnabled(bool(rows))

    def add_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        self.chosen = [self.model.rows[r].person_id for r in rows]
        if self.chosen:
            self.accept()

    def add_all_shown(self) -> None:
        self.chosen = [c.person_id for c in self.model.rows]
        if self.chosen:
            self.accept()


def choose_people(parent: QWidget | None, db, roles: Collection[str], exclude: Collection[int]) -> list[int]:
    """The ids picked, or [] when the clerk cancels (tests replace this function)."""
    dialog = PeoplePicker(parent, db, roles, exclude)
    return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else []
