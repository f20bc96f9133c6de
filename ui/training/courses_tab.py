"""培训班 tab: the year's courses with 新增, 修改 and 移入回收站, and below them the people of the chosen course
(enrolment_panel.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.training.courses import Course, delete_course, list_courses
from app.training.listing import enrolment_counts
from app.training.rules import hours_text
from ui import dialogs
from ui.care import form_parts
from ui.context import AppContext
from ui.training.enrolment_panel import EnrolmentPanel
from ui.widgets import ReadOnlyTableModel, button_row, read_only_table, table_or_empty, with_shortcut


class CourseModel(ReadOnlyTableModel[Course]):
    headers = ("培训班名称", "类别", "开始日期", "结束日期", "学时", "人数", "地点", "主办单位", "备注")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts: dict[int, int] = {}

    def cells(self, c: Course) -> Sequence[str]:
        count = str(self.counts.get(c.id, 0)) + (f" / {c.capacity}" if c.capacity else "")
        return (c.name, c.category, c.start_date.isoformat(), c.end_date.isoformat(), hours_text(c.hours), count,
                c.place or "", c.organiser or "", c.note or "")  # fmt: skip

    def role_data(self, record: Course, column: int, role: int):
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.cells(record)[column] or None
        return None


class CoursesTab(QWidget):
    """Public: `reload(year)`, `model`, `table`, `people` (the EnrolmentPanel), `add()`, `edit_current()`,
    `remove_current()`, `current()`, `choose(course_id)`; `course_made(course_id)` once a new course is saved."""

    course_made = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)  # inside the tab frame, not on it
        self.add_button = QPushButton(self.tr("新增培训班…"))
        self.edit_button = QPushButton(self.tr("修改…"))
        self.edit_button.setShortcut(QKeySequence("F2"))
        self.edit_button.setToolTip(with_shortcut(self.tr("修改选中的培训班"), QKeySequence("F2")))
        self.remove_button = QPushButton(self.tr("移入回收站"))
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        row = button_row(self.add_button, self.edit_button, self.remove_button)
        row.addWidget(self.count_label)
        layout.addLayout(row)
        self.model = CourseModel(self)
        self.table = read_only_table(self.model, resize=QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        for column, width in enumerate((250, 80, 90, 90, 50, 60, 140, 110)):
            self.table.horizontalHeader().resizeSection(column, width)
        self.stack, self.empty = table_or_empty(self.table, self.tr("这一年还没有培训班，点“新增培训班…”。"))
        self.people = EnrolmentPanel(ctx, self)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.stack)
        split.addWidget(self.people)
        # Half each: at 2:3 a laptop's 614-pixel window showed three courses of twelve.
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self.split = split
        _keep_sizes(split, "training/courseSplit")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.table.activated.connect(lambda _index: self.edit_current())
        self.table.selectionModel().currentRowChanged.connect(
            lambda *_: self.people.show_course(self.current())
        )

    def reload(self, year: int | None) -> None:
        """The year's courses, keeping the chosen one when it is still listed."""
        kept = self.current()
        self.model.counts = enrolment_counts(self.ctx.db)
        rows = list_courses(self.ctx.db, year)
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("共 {0} 个培训班").format(len(rows)))
        self.stack.setCurrentIndex(0 if rows else 1)
        ids = [c.id for c in rows]
        if rows:
            self.table.selectRow(ids.index(kept.id) if kept is not None and kept.id in ids else 0)
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(bool(rows))
        self.people.show_course(self.current())

    def current(self) -> Course | None:
        return self.model.row_at(self.table.currentIndex().row())

    def add(self) -> None:
        from ui.training.course_form import CourseForm

        result = form_parts.run_form(CourseForm(self.ctx, self))
        if result is not None:  # people are added to the course just made next: the page shows it chosen
            self.course_made.emit(result.record_id)

    def choose(self, course_id: int) -> None:
        ids = [c.id for c in self.model.rows]
        if course_id in ids:
            self.table.selectRow(ids.index(course_id))

    def edit_current(self) -> None:
        from ui.training.course_form import CourseForm

        course = self.current()
        if course is not None:
            form_parts.run_form(CourseForm(self.ctx, self, course=course))

    def remove_current(self) -> None:
        course = self.current()
        if course is None:
            return
        count = self.model.counts.get(course.id, 0)
        with_people = self.tr("（连同 {0} 人的参训记录）").format(count) if count else ""
        question = self.tr("将培训班“{0}”{1}移入回收站吗？（可在回收站恢复）").format(
            course.label, with_people
        )
        if not dialogs.ask(self, self.tr("移入回收站"), question, danger=True):
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.perform(self, lambda: delete_course(db, course.id, actor), title=self.tr("无法移入回收站"))


def _keep_sizes(split: QSplitter, key: str) -> None:
    """The splitter as the clerk last left it (the two heights, remembered across starts)."""
    # Equal parts of whatever height there is: a stretch factor only shares out what the size hints leave over.
    split.setSizes([1000] * split.count())
    sizes = QSettings().value(key)
    if isinstance(sizes, list) and len(sizes) == split.count():
        with contextlib.suppress(TypeError, ValueError):  # a settings file edited by hand: keep the default
            split.setSizes([int(size) for size in sizes])
    split.splitterMoved.connect(lambda *_: QSettings().setValue(key, split.sizes()))
