"""培训: the year's courses and who attends them (培训班), each person's hours against the requirement
(学时统计) and the remedial training the appraisals asked for (补课, whatever the year). Above the tabs the year
and 导入参训名单… (into the chosen course; a list dropped on the page goes the same way)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QWidget

from app.changes import OpChanges
from app.clock import today
from app.training.courses import get_course
from app.training.listing import course_years
from ui.context import AppContext
from ui.training.courses_tab import CoursesTab
from ui.training.hours_tab import HoursTab
from ui.training.remedial_tab import RemedialTab
from ui.widgets import FileDropTarget, dropped_file, page_layout


class TrainingPage(FileDropTarget, QWidget):
    """Public: `reload()`, `refresh(changes)`, `tabs`, `courses` (CoursesTab), `hours` (HoursTab), `remedial`
    (RemedialTab), `year`, `show_course(course_id)`, `import_attendance(path)`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = page_layout(self, self.tr("培训"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度")))
        self.year_box = QComboBox()
        self.year_box.setObjectName("trainingYear")
        top.addWidget(self.year_box)
        top.addStretch(1)
        self.import_button = QPushButton(self.tr("导入参训名单…"))
        self.import_button.setToolTip(
            self.tr(
                "把按公民身份号码列出的名单（可带学时和结果）导入选中的培训班；没有选中培训班时按名单标题或新建培训班；也可以把文件拖到本页面上"
            )
        )
        self.import_button.clicked.connect(lambda: self.import_attendance())
        top.addWidget(self.import_button)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.courses = CoursesTab(ctx, self)
        self.hours = HoursTab(ctx, self)
        self.tabs.addTab(self.courses, self.tr("培训班"))
        self.tabs.addTab(self.hours, self.tr("学时统计"))
        self.remedial = RemedialTab(ctx, self)
        self.tabs.addTab(self.remedial, self.tr("补课"))
        layout.addWidget(self.tabs, 1)
        self.year_box.currentIndexChanged.connect(lambda _i: self._show_year())
        self.courses.course_made.connect(self.show_course)
        self.setAcceptDrops(True)
        self.reload()

    @property
    def year(self) -> int:
        return self.year_box.currentData() or today().year

    def refresh(self, changes: OpChanges) -> None:
        # appraisal: finalizing or reopening a period makes or withdraws 补课 requirements
        if changes.training or changes.people or changes.settings or changes.appraisal or changes.everything:
            self.reload()

    def reload(self) -> None:
        """The year choices (every year with a course, and this year), keeping the one chosen even when its
        last course went to the recycle bin: the clerk stays where they were looking."""
        chosen = self.year_box.currentData() if self.year_box.count() else today().year
        years = sorted({today().year, chosen, *course_years(self.ctx.db)}, reverse=True)
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(self.tr("{0} 年").format(year), year)
        self.year_box.setCurrentIndex(max(self.year_box.findData(chosen), 0))
        self.year_box.blockSignals(False)
        self._show_year()
        self.remedial.reload()

    def show_course(self, course_id: int) -> None:
        """The course chosen on the 培训班 tab, in the year it ends (which may not be the year shown)."""
        year = get_course(self.ctx.db, course_id).end_date.year
        if self.year_box.findData(year) < 0:
            self.reload()
        self.year_box.setCurrentIndex(self.year_box.findData(year))
        self.courses.choose(course_id)

    def _show_year(self) -> None:
        self.courses.reload(self.year)
        self.hours.reload(self.year)

    def import_attendance(self, path: Path | None = None) -> None:
        from ui.training.attendance_import import import_attendance

        import_attendance(self, self.ctx, self.courses.current(), path)

    def accepted_file(self, mime) -> Path | None:
        return dropped_file(mime, (".xlsx", ".xls", ".csv"))

    def file_dropped(self, path: Path) -> None:
        self.import_attendance(path)
