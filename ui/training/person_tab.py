"""The person form's 培训 tab: every course the person took (newest first) with hours, result and certificate
number; under it the hours of each year against the requirement, the 补课 still open (and those closed, with the
course that closed them), the mentors and mentees, and 打印培训档案. Reads only: courses are kept on 培训,
pairs on 导师帮带."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.clock import today
from app.training.person_summary import CourseLine, PersonTraining, person_training
from ui.context import AppContext
from ui.widgets import (
    ReadOnlyTableModel,
    button_row,
    hint_label,
    read_only_table,
    selectable_label,
    set_tone,
    table_or_empty,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Training", text)


class PersonCourseModel(ReadOnlyTableModel[CourseLine]):
    headers = ("开始日期", "结束日期", "培训班", "类别", "学时", "参训学时", "结果", "结业证书编号")

    def cells(self, record: CourseLine) -> Sequence[str]:
        return (record.start_date, record.end_date, record.name, record.category, record.course_hours,
                record.hours, record.result, record.certificate_no)  # fmt: skip

    def role_data(self, record: CourseLine, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return record.name
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PersonTrainingTab(QWidget):
    """Public: `model`, `hours_label`, `remedial_label`, `pairs_label`, `print_button`, `summary`, `reload()`,
    `print_record()`."""

    def __init__(self, ctx: AppContext, person_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        layout = QVBoxLayout(self)
        self.model = PersonCourseModel(self)
        self.table = read_only_table(self.model, resize=QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 90), (1, 90), (3, 84), (4, 50), (5, 70), (6, 60), (7, 160)):
            header.resizeSection(column, width)
        self.stack, _empty = table_or_empty(self.table, self.tr("还没有参加过培训。"))
        layout.addWidget(self.stack, 1)
        self.hours_label = selectable_label()
        self.remedial_label = selectable_label()
        self.pairs_label = selectable_label()
        for label in (self.hours_label, self.remedial_label, self.pairs_label):
            layout.addWidget(label)
        self.print_button = QPushButton(self.tr("打印培训档案"))
        self.print_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab walks the person's fields
        self.print_button.clicked.connect(self.print_record)
        row = button_row(self.print_button)
        row.addWidget(hint_label(self.tr("培训班在“培训”页面管理，帮带对子在“导师帮带”页面。"), wrap=False))
        layout.addLayout(row)
        self.summary: PersonTraining | None = None
        self.reload()

    def reload(self) -> None:
        self.summary = found = person_training(self.ctx.db, self.person_id, today().year)
        self.model.set_rows(found.courses)
        self.stack.setCurrentIndex(0 if found.courses else 1)
        self._show_hours(found)
        self._show_remedial(found)
        self._show_pairs(found)

    def _show_hours(self, found: PersonTraining) -> None:
        lines = found.year_lines()
        self.hours_label.setText(self.tr("学时：{0}").format("；".join(lines)) if lines else "")
        self.hours_label.setVisible(bool(lines))
        behind = bool(found.years) and found.years[0][0] == today().year and found.years[0][1].below
        set_tone(self.hours_label, "warning" if behind else "")

    def _show_remedial(self, found: PersonTraining) -> None:
        open_ones = [r for r in found.remedial if r.closed_on is None]
        closed = [r for r in found.remedial if r.closed_on is not None]
        parts = [self.tr("未完成：{0}总分 {1}，需补课不少于 {2} 个工作日").format(r.period, r.total, r.min_days)
                 for r in open_ones]  # fmt: skip
        parts += [self.tr("{0}：{1}").format(r.period, r.status) for r in closed]
        self.remedial_label.setText(self.tr("补课：{0}").format("；".join(parts)) if parts else "")
        self.remedial_label.setVisible(bool(parts))
        set_tone(self.remedial_label, "warning" if open_ones else "")

    def _show_pairs(self, found: PersonTraining) -> None:
        parts = []
        if found.mentors:
            parts.append(self.tr("导师：{0}").format("；".join(p.text for p in found.mentors)))
        if found.mentees:
            parts.append(self.tr("带教学员：{0}").format("；".join(p.text for p in found.mentees)))
        self.pairs_label.setText("\n".join(parts))
        self.pairs_label.setVisible(bool(parts))

    def print_record(self) -> None:
        """The person's 培训档案 on one page, opened in the system's viewer (ui/printing/actions.py)."""
        from app.printing.training_service import training_record
        from ui.printing.actions import run_print

        person_id = self.person_id
        run_print(self, self.ctx, self.tr("培训档案"), lambda db, out, progress: training_record(
            db, person_id, out, progress=progress))  # fmt: skip


def add_training_tab(ctx: AppContext, person_id: int | None, content: QWidget) -> QWidget:
    """The person form's tabs gain 培训 (someone on the roster only: a new person has no tabs)."""
    if person_id is not None and isinstance(content, QTabWidget):
        content.addTab(PersonTrainingTab(ctx, person_id), _tr("培训"))
    return content
