"""导师帮带: the mentor pool (导师库), the pairs with their tasks and activity log (帮带对子), and the two-way
selection of a round from the office's workbook (双向选择). Every tab refreshes from OpChanges.training."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.changes import OpChanges
from app.training import pairs
from ui import dialogs
from ui.care.form_parts import run_form
from ui.context import AppContext
from ui.training.mentoring_forms import MentorForm
from ui.training.mentoring_pairs import PairsTab
from ui.training.mentoring_selection import SelectionTab
from ui.training.mentoring_tables import current, list_table, show_rows
from ui.widgets import button_row, page_layout

MENTOR_HEADERS = ("姓名", "单位", "职务", "条线", "最少", "最多", "现带学员", "备注")


def _mentor_cells(m: pairs.MentorRow) -> tuple[str, ...]:
    return (m.name, m.unit, m.post, m.line, str(m.min_mentees), str(m.max_mentees), str(m.mentees), m.note)


def bin_asked(parent: QWidget, ctx: AppContext, entity: str, record_id: int, name: str) -> None:
    """Ask, then move a mentor or a pair to the recycle bin (a refusal is said in a warning)."""
    question = parent.tr("将“{0}”移入回收站吗？（可在回收站恢复）").format(name)
    if dialogs.ask(parent, parent.tr("移入回收站"), question, danger=True):
        db, actor = ctx.db, ctx.actor
        ctx.perform(parent, lambda: pairs.bin_record(db, entity, record_id, actor), title="无法移入回收站")


class MentorsTab(QWidget):
    """Public: `reload()`, `model`, `table`, `add()`, `edit_current()`, `remove_current()`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)  # inside the tab frame, not on it
        self.add_button = QPushButton(self.tr("新增导师…"))
        self.edit_button = QPushButton(self.tr("修改…"))
        self.remove_button = QPushButton(self.tr("移入回收站"))
        self.count_label = QLabel()
        row = button_row(self.add_button, self.edit_button, self.remove_button)
        row.addWidget(self.count_label)
        layout.addLayout(row)
        self.model, self.table = list_table(MENTOR_HEADERS, _mentor_cells, stretch=7)
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.table.activated.connect(lambda _index: self.edit_current())

    def reload(self) -> None:
        rows = pairs.mentors(self.ctx.db)
        show_rows(self.model, self.table, rows)
        self.count_label.setText(self.tr("导师 {0} 人").format(len(rows)))
        self.edit_button.setEnabled(bool(rows))
        self.remove_button.setEnabled(bool(rows))

    def add(self) -> None:
        run_form(MentorForm(self.ctx, self))

    def edit_current(self) -> None:
        if (mentor := current(self.model, self.table)) is not None:
            run_form(MentorForm(self.ctx, self, mentor))

    def remove_current(self) -> None:
        if (mentor := current(self.model, self.table)) is not None:
            bin_asked(self, self.ctx, "mentor", mentor.id, mentor.name)


class MentoringPage(QWidget):
    """Public: `tabs`, `mentors`, `pairs`, `selection`, `reload()`, `refresh(changes)`, `show_task(pair, task)`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = page_layout(
            self, self.tr("导师帮带"), hint=self.tr("导师库、帮带对子（任务与活动）和每年的导师制双向选择")
        )
        self.tabs = QTabWidget()
        self.mentors = MentorsTab(ctx, self)
        self.pairs = PairsTab(ctx, self)
        self.selection = SelectionTab(ctx, self)
        self.tabs.addTab(self.mentors, self.tr("导师库"))
        self.tabs.addTab(self.pairs, self.tr("帮带对子"))
        self.tabs.addTab(self.selection, self.tr("双向选择"))
        layout.addWidget(self.tabs, 1)
        self.reload()

    def refresh(self, changes: OpChanges) -> None:
        if changes.training or changes.people or changes.everything:
            self.reload()

    def reload(self) -> None:
        self.mentors.reload()
        self.pairs.reload()
        self.selection.reload()

    def show_task(self, pair_id: int, task_id: int) -> bool:
        """The 帮带对子 tab with the pair and its task selected (今日待办's late task); False when the pair is gone."""
        self.tabs.setCurrentWidget(self.pairs)
        return self.pairs.select(pair_id, task_id)
