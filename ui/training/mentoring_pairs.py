"""帮带对子: the living pairs (导师, 学员, 形式, dates, goals) with 新增, 修改 and 移入回收站; for the selected pair
its tasks (布置, 标记完成) and its activity log (记录活动). 双向选择 确认 makes pairs too."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from app import clock
from app.training import pairs
from ui.care.form_parts import run_form
from ui.context import AppContext
from ui.training.mentoring_forms import ActivityForm, PairForm, TaskDoneForm, TaskForm
from ui.training.mentoring_tables import current, list_table, show_rows
from ui.widgets import button_row

PAIR_HEADERS = ("导师", "学员", "形式", "开始日期", "结束日期", "帮带目标", "备注")


def _pair_cells(p: pairs.PairRow) -> tuple[str, ...]:
    return (p.mentor, p.mentee, p.kind, p.start_date, p.end_date, p.goals, p.note)


def _task_cells(t: tuple) -> tuple[str, ...]:
    return (t[1], t[2], t[3] or _undone(t[2]))


def _undone(due: str) -> str:
    """An open task against its 期限 (the project's clock): late ones say by how much, as 今日待办 does."""
    if not due:
        return "未完成"
    late = (clock.today() - dt.date.fromisoformat(due)).days
    return f"逾期 {late} 天" if late > 0 else "今天到期" if late == 0 else "未完成"


class PairsTab(QWidget):
    """Public: `reload()`, `model`, `table`, `add()`, `edit_current()`, `tasks_model`, `tasks_table`,
    `activities_model`, `add_task()`, `finish_task()`, `log_activity()`, `remove_current()`, `select(pair, task)`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)  # inside the tab frame, not on it
        self.add_button = QPushButton(self.tr("新增对子…"))
        self.edit_button = QPushButton(self.tr("修改…"))
        self.remove_button = QPushButton(self.tr("移入回收站"))
        self.count_label = QLabel()
        row = button_row(self.add_button, self.edit_button, self.remove_button)
        row.addWidget(self.count_label)
        layout.addLayout(row)
        self.model, self.table = list_table(PAIR_HEADERS, _pair_cells, stretch=5)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.setOrientation(splitter.orientation().Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self._follow_up())
        splitter.setStretchFactor(
            0, 3
        )  # the pairs are what the clerk looks for; the follow-up below is shorter
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.table.activated.connect(lambda _index: self.edit_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_pair())

    def _follow_up(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        tasks = QGroupBox(self.tr("帮带任务"))
        column = QVBoxLayout(tasks)
        buttons = QHBoxLayout()
        self.task_button = QPushButton(self.tr("布置任务…"))
        self.done_button = QPushButton(self.tr("标记完成…"))
        buttons.addWidget(self.task_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.tasks_model, self.tasks_table = list_table(("任务", "期限", "完成情况"), _task_cells, stretch=0)
        column.addWidget(self.tasks_table)
        log = QGroupBox(self.tr("帮带活动"))
        column = QVBoxLayout(log)
        buttons = QHBoxLayout()
        self.activity_button = QPushButton(self.tr("记录活动…"))
        buttons.addWidget(self.activity_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.activities_model, self.activities_table = list_table(
            ("日期", "内容", "积分"), lambda a: (a[1], a[2], a[3]), stretch=1
        )
        column.addWidget(self.activities_table)
        row.addWidget(tasks, 1)
        row.addWidget(log, 1)
        self.task_button.clicked.connect(self.add_task)
        self.done_button.clicked.connect(self.finish_task)
        self.activity_button.clicked.connect(self.log_activity)
        self.tasks_table.selectionModel().currentRowChanged.connect(lambda *_a: self._enable_done())
        return box

    def reload(self) -> None:
        rows = pairs.pairs(self.ctx.db)
        show_rows(self.model, self.table, rows)
        self.count_label.setText(self.tr("帮带对子 {0} 对").format(len(rows)))
        self._show_pair()

    def _show_pair(self) -> None:
        pair = current(self.model, self.table)
        show_rows(self.tasks_model, self.tasks_table, pairs.tasks(self.ctx.db, pair.id) if pair else [])
        show_rows(
            self.activities_model,
            self.activities_table,
            pairs.activities(self.ctx.db, pair.id) if pair else [],
        )
        for button in (self.edit_button, self.remove_button, self.task_button, self.activity_button):
            button.setEnabled(pair is not None)
        self._enable_done()

    def select(self, pair_id: int, task_id: int | None = None) -> bool:
        """Select the pair (and one of its tasks), as 今日待办 opens a late task; False when it is not listed."""
        rows = self.model.rows
        at = next((i for i, p in enumerate(rows) if p.id == pair_id), None)
        if at is None:
            return False
        self.table.selectRow(at)
        self._show_pair()
        tasks = self.tasks_model.rows
        found = next((i for i, t in enumerate(tasks) if t[0] == task_id), None)
        if found is not None:
            self.tasks_table.selectRow(found)
            self.tasks_table.setFocus()  # 标记完成… is the next step, and the task is the one to see
        self.table.scrollTo(self.model.index(at, 0))
        return True

    def _enable_done(self) -> None:
        task = current(self.tasks_model, self.tasks_table)
        self.done_button.setEnabled(task is not None and not task[3])

    def add(self) -> None:
        run_form(PairForm(self.ctx, self))

    def edit_current(self) -> None:
        if (pair := current(self.model, self.table)) is not None:
            run_form(PairForm(self.ctx, self, pair))

    def add_task(self) -> None:
        if (pair := current(self.model, self.table)) is not None:
            run_form(TaskForm(self.ctx, self, pair.id))

    def finish_task(self) -> None:
        if (task := current(self.tasks_model, self.tasks_table)) is not None:
            run_form(TaskDoneForm(self.ctx, self, task[0]))

    def log_activity(self) -> None:
        if (pair := current(self.model, self.table)) is not None:
            run_form(ActivityForm(self.ctx, self, pair.id))

    def remove_current(self) -> None:
        from ui.training.mentoring_page import bin_asked

        if (pair := current(self.model, self.table)) is not None:
            bin_asked(self, self.ctx, "mentor_pair", pair.id, f"{pair.mentor} — {pair.mentee}")
