"""积分台账: enter points for one young cadre or for everyone at one activity, the year's totals (lowest first,
with 合格 / 不合格) and the year's entries; an entry typed by mistake goes to the recycle bin.

The form keeps what was typed when a save is refused, and keeps the date and the rule after a save (the next
activity of a paper list is usually of the same kind and day); the people and the 事项 are cleared."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.appraisal import points
from app.appraisal.points import RULES, PointsEntry, PointsInput, YearTotal
from app.clock import today
from ui import dialogs
from ui.appraisal.people_picker import PeoplePicker
from ui.context import AppContext
from ui.widgets import ReadOnlyTableModel, button_row, danger_button, hint_label, read_only_table

_SHORT = QBrush(QColor("#b91c1c"))
NAMES_SHOWN = 8


def _tr(text: str) -> str:
    return QCoreApplication.translate("Merits", text)


def choose_cadres(parent: QWidget | None, db) -> list[int]:
    """The young cadres picked for an entry, or [] when cancelled (tests replace this function)."""
    dialog = PeoplePicker(parent, db, [points.CADRE], ())
    dialog.setWindowTitle(_tr("选择记分的青年干部"))
    return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else []


class TotalsModel(ReadOnlyTableModel[YearTotal]):
    headers = ("姓名", "工作单位", "积分", "结论")

    def cells(self, record: YearTotal) -> Sequence[str]:
        return (record.name, record.unit, str(record.total), record.status)

    def role_data(self, record: YearTotal, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and record.status == "不合格":
            return _SHORT
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return _STATUS_TIPS.get(record.status)
        return None


_STATUS_TIPS = {
    "合格": "全年积分达到 60 分",
    "不合格": "全年积分不足 60 分：今后三年内不考虑提拔",
    "进行中": "本年度尚未结束，目前不足 60 分",
    "不评定": "该年度 1 月 1 日以后才到岗，或现已不在岗：不评定",
}


class EntriesModel(ReadOnlyTableModel[PointsEntry]):
    headers = ("日期", "姓名", "积分项目", "事项", "分值", "备注")

    def cells(self, record: PointsEntry) -> Sequence[str]:
        return (
            record.date, record.name, record.rule_text, record.activity, str(record.points), record.note or "",
        )  # fmt: skip

    def role_data(self, record: PointsEntry, column: int, role: int):
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, 5):
            return record.activity if column == 3 else record.note
        return None


class PointsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.chosen: list[int] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_form())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度")))
        self.year_box = QSpinBox()
        self.year_box.setObjectName("pointsYear")
        self.year_box.setRange(2000, 2100)
        self.year_box.setSuffix(self.tr(" 年"))
        self.year_box.setValue(today().year)
        self.year_box.valueChanged.connect(lambda _y: self.reload())
        top.addWidget(self.year_box)
        self.summary = hint_label(wrap=False)
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        layout.addWidget(self._build_tables(), 1)

    # --- the entry form ---------------------------------------------------------------------------
    def _build_form(self) -> QGroupBox:
        box = QGroupBox(self.tr("记分"))
        form = QFormLayout(box)
        self.date_edit = QLineEdit(today().isoformat())
        self.date_edit.setPlaceholderText(self.tr("如 2025-05-04、2025.5.4"))
        self.rule_box = QComboBox()
        for rule in RULES:
            self.rule_box.addItem(self.tr("{0}（{1} 分）").format(rule.label, rule.points), rule.key)
        self.points_spin = QSpinBox()
        self.points_spin.setRange(1, points.MAX_POINTS)
        self.points_spin.setSuffix(self.tr(" 分"))
        self.rule_box.currentIndexChanged.connect(self._rule_changed)
        self._rule_changed()
        first = QHBoxLayout()
        for widget, stretch in ((self.date_edit, 1), (self.rule_box, 2), (self.points_spin, 0)):
            first.addWidget(widget, stretch)
        form.addRow(self.tr("日期、项目、分值"), first)
        self.activity_edit = QLineEdit()
        self.activity_edit.setPlaceholderText(self.tr("哪一次学习、活动或哪项工作，如“五四青年理论学习会”"))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("备注（可不填）"))
        second = QHBoxLayout()
        second.addWidget(self.activity_edit, 3)
        second.addWidget(self.note_edit, 2)
        form.addRow(self.tr("事项、备注"), second)
        for edit in (self.date_edit, self.activity_edit, self.note_edit):
            edit.returnPressed.connect(self.save)  # Enter saves, as in the other forms
        people = QHBoxLayout()
        self.people_label = QLabel(self.tr("未选择"))
        self.people_label.setWordWrap(True)
        pick = QPushButton(self.tr("选择人员…"))
        pick.clicked.connect(self.pick_people)
        self.save_button = QPushButton(self.tr("记分"))
        self.save_button.setObjectName("savePoints")
        self.save_button.clicked.connect(self.save)
        people.addWidget(self.people_label, 1)
        people.addWidget(pick)
        people.addWidget(self.save_button)
        form.addRow(self.tr("人员"), people)
        form.addRow(hint_label(self.tr("一次活动的全部参加人员可一起记分；已记过同一事项的人不会重复记分。")))
        return box

    def _rule_changed(self, *_args) -> None:
        rule = points.RULES_BY_KEY[self.rule_box.currentData()]
        self.points_spin.setValue(rule.points)

    def pick_people(self) -> None:
        chosen = choose_cadres(self, self.ctx.db)
        if chosen:
            self.set_people(chosen)

    def set_people(self, person_ids: list[int]) -> None:
        self.chosen = list(person_ids)
        names = [
            self.ctx.db.execute("SELECT name FROM people WHERE id = ?", [p]).fetchone()[0] for p in person_ids
        ]
        shown = "、".join(names[:NAMES_SHOWN]) + (self.tr(" 等") if len(names) > NAMES_SHOWN else "")
        self.people_label.setText(
            self.tr("{0}（共 {1} 人）").format(shown, len(names)) if names else self.tr("未选择")
        )

    def save(self) -> None:
        item = PointsInput(
            self.chosen, self.date_edit.text(), self.rule_box.currentData(), self.activity_edit.text(),
            self.points_spin.value(), self.note_edit.text(),
        )  # fmt: skip
        result = self.ctx.perform(
            self, lambda: points.add_points(self.ctx.db, item, self.ctx.actor), title="无法记分"
        )
        if result is None:
            return  # refused: everything typed stays for the clerk to correct
        if not result.changes.audit:
            dialogs.inform(self, self.tr("没有重复记分"), result.message)
            return
        self.activity_edit.clear()
        self.note_edit.clear()
        self.set_people([])
        year = int(item.date[:4]) if isinstance(item.date, str) and item.date[:4].isdigit() else None
        if year and year != self.year_box.value():
            self.year_box.setValue(year)  # show the year just entered

    # --- totals and entries -----------------------------------------------------------------------
    def _build_tables(self) -> QSplitter:
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.totals = TotalsModel(self)
        self.totals_table = read_only_table(self.totals, resize=QHeaderView.ResizeMode.Interactive)
        header = self.totals_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # 工作单位 takes the spare width
        for index, width in ((0, 72), (2, 52), (3, 64)):
            header.resizeSection(index, width)
        self.totals_table.selectionModel().selectionChanged.connect(lambda *_a: self._show_entries())
        column.addWidget(self.totals_table, 1)
        split.addWidget(left)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.entries_label = hint_label(wrap=False)
        column.addWidget(self.entries_label)
        self.entries = EntriesModel(self)
        self.entries_table = read_only_table(
            self.entries,
            selection=QAbstractItemView.SelectionMode.ExtendedSelection,
            resize=QHeaderView.ResizeMode.Interactive,
        )
        header = self.entries_table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # 事项
        header.setStretchLastSection(False)
        # 事项 takes what is left: the item and the note give way to it (the full texts are in the tooltips).
        for index, width in ((0, 92), (1, 64), (2, 128), (4, 44), (5, 80)):
            header.resizeSection(index, width)
        column.addWidget(self.entries_table, 1)
        self.delete_button = danger_button(self.tr("删除选中的积分"))
        self.delete_button.clicked.connect(self.delete_selected)
        column.addLayout(button_row(self.delete_button))
        split.addWidget(right)
        split.setSizes([360, 640])
        return split

    def reload(self) -> None:
        year = self.year_box.value()
        selected = self._selected_person()
        rows = points.year_totals(self.ctx.db, year, today())
        self.totals.set_rows(rows)
        counts = {status: sum(1 for r in rows if r.status == status) for status in _STATUS_TIPS}
        said = "，".join(f"{status} {count}" for status, count in counts.items() if count)
        self.summary.setText(
            self.tr("青年干部 {0} 人：{1}").format(len(rows), said)
            if rows
            else self.tr("花名册中还没有青年干部。")
        )
        self.summary.setToolTip("\n".join(f"{k}：{v}" for k, v in _STATUS_TIPS.items()))
        if selected is not None:
            for index, row in enumerate(self.totals.rows):
                if row.person_id == selected:
                    self.totals_table.selectRow(index)
        self._show_entries()

    def _selected_person(self) -> int | None:
        rows = self.totals_table.selectionModel().selectedRows()
        record = self.totals.row_at(rows[0].row()) if rows else None
        return record.person_id if record else None

    def _show_entries(self) -> None:
        year, person = self.year_box.value(), self._selected_person()
        found = points.list_entries(self.ctx.db, year=year, person_id=person)
        self.entries.set_rows(found)
        total = sum(e.points for e in found)
        who = self.totals.row_at(self.totals_table.currentIndex().row()) if person is not None else None
        self.entries_label.setText(
            self.tr("{0} {1}年的积分：{2} 条，共 {3} 分").format(who.name, year, len(found), total)
            if who
            else self.tr("{0}年的全部积分：{1} 条（选中左侧一人只看其积分）").format(year, len(found))
        )
        self.delete_button.setEnabled(bool(found))

    def delete_selected(self) -> None:
        rows = sorted({i.row() for i in self.entries_table.selectionModel().selectedRows()})
        chosen = [self.entries.rows[r] for r in rows]
        if not chosen:
            dialogs.inform(self, self.tr("删除积分"), self.tr("请先在右侧列表中选中要删除的积分。"))
            return
        text = self.tr("将 {0} 条积分移入回收站？（可在回收站恢复）").format(len(chosen))
        if dialogs.ask(self, self.tr("删除积分"), text, danger=True):
            self.ctx.perform(
                self, lambda: points.delete_points(self.ctx.db, [e.id for e in chosen], self.ctx.actor)
            )
