"""考核: choose a scheme and a year (and a quarter), then type the scores into the grid and read the ranking.

The period is chosen at the top; the two tabs below work on it: 成绩录入 (ui/appraisal/score_grid.py) and
排名与定稿 (ui/appraisal/ranking_view.py). A period that does not exist yet is one button away.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.appraisal import service
from app.appraisal.periods import FIRST_YEAR, LAST_YEAR, period_title
from app.appraisal.ranking import load_members
from app.changes import OpChanges
from app.clock import local_day, today
from ui import dialogs
from ui.appraisal.ballot_dialog import fill_from_ballots
from ui.appraisal.people_picker import candidates, choose_people
from ui.appraisal.ranking_view import RankingView
from ui.appraisal.scheme_menu import SchemeMenuButton
from ui.appraisal.score_grid import ScoreGrid
from ui.appraisal.score_import_wizard import Target, open_score_import
from ui.appraisal.score_model import ScoreModel
from ui.context import AppContext
from ui.widgets import button_row, hint_label, page_layout, set_tone

ACTIVE_STATUSES = (
    "在岗",
    "试用期",
)  # who 添加全部适用人员 takes: not those who left, retired or were dismissed


class AppraisalPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.period: service.Period | None = None
        self._schemes: list = []
        self._writing = False  # a score being saved from the grid: its own broadcast reloads nothing
        self.model = ScoreModel(self)
        # A weak reference: the model (a child of the page) holding the page's method would make a cycle.
        self.model.writer = weakref.WeakMethod(self._write_scores)
        self._build()
        self.reload(choose_newest=True)

    # --- layout --------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = page_layout(self, self.tr("考核"))
        layout.addLayout(self._build_chooser())
        self.stack = QStackedWidget()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_scores_tab(), self.tr("成绩录入"))
        self.ranking = RankingView(self.ctx, self)
        self.tabs.addTab(self.ranking, self.tr("排名与定稿"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self._build_no_period())
        layout.addWidget(self.stack, 1)

    def _build_chooser(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.scheme_box = QComboBox()
        self.scheme_box.setObjectName("schemeBox")
        self.year_box = QSpinBox()
        self.year_box.setObjectName("yearSpin")
        self.year_box.setRange(FIRST_YEAR, LAST_YEAR)
        self.year_box.setSuffix(self.tr(" 年"))
        self.quarter_box = QComboBox()
        for quarter in range(1, 5):
            self.quarter_box.addItem(self.tr("第{0}季度").format(quarter), quarter)
        self.status_label = QLabel()
        self.status_label.setObjectName("periodStatus")
        row.addWidget(QLabel(self.tr("考核方案")))
        row.addWidget(self.scheme_box)
        row.addWidget(QLabel(self.tr("年度")))
        row.addWidget(self.year_box)
        row.addWidget(self.quarter_box)
        self.scheme_button = SchemeMenuButton(self)
        row.addWidget(self.scheme_button)
        row.addSpacing(12)
        row.addWidget(self.status_label)
        row.addStretch(1)
        self.scheme_box.currentIndexChanged.connect(self._choice_changed)
        self.year_box.valueChanged.connect(self._choice_changed)
        self.quarter_box.currentIndexChanged.connect(self._choice_changed)
        return row

    def _build_scores_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 0, 0)
        self.add_button = QPushButton(self.tr("添加人员…"))
        self.add_button.clicked.connect(self.add_people)
        self.add_all_button = QPushButton(self.tr("添加全部适用人员"))
        self.add_all_button.setToolTip(self.tr("把方案适用的人员类别中所有在岗（含试用期）人员加入本次考核"))
        self.add_all_button.clicked.connect(self.add_everyone)
        self.remove_button = QPushButton(self.tr("移出本次考核"))
        self.remove_button.setToolTip(self.tr("误加入的人员移出本次考核（成绩移入回收站，可恢复）"))
        self.remove_button.clicked.connect(self.remove_current)
        self.import_button = QPushButton(self.tr("导入成绩…"))
        self.import_button.setToolTip(
            self.tr("从 Excel 或 CSV 成绩表导入本次考核的成绩：先逐行预览，确认后写入")
        )
        self.import_button.clicked.connect(self.import_scores)
        self.ballot_button = QPushButton(self.tr("满意度计票…"))
        self.ballot_button.setToolTip(self.tr("输入满意、基本满意、不满意的票数，算出得分填入所选人员的一栏"))
        self.ballot_button.clicked.connect(lambda: fill_from_ballots(self, self.grid))
        row = button_row(
            self.add_button, self.add_all_button, self.remove_button, self.import_button, self.ballot_button
        )
        layout.addLayout(row)
        self.grid = ScoreGrid(self.model)
        self.grid_stack = QStackedWidget()
        self.grid_stack.addWidget(self.grid)
        self.grid_empty = hint_label(wrap=True)
        self.grid_empty.setObjectName("emptyMessage")
        self.grid_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid_stack.addWidget(self.grid_empty)
        layout.addWidget(self.grid_stack, 1)
        bottom = QHBoxLayout()
        self.problem_label = QLabel()
        self.problem_label.setObjectName("scoreProblem")
        self.problem_label.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        # Under the grid, where the buttons leave it room; a problem being typed takes its place.
        self.keys_label = hint_label(self.tr("直接输入分数；Enter 下移，Tab 右移，Esc 放弃本格"), wrap=False)
        bottom.addWidget(self.problem_label, 1)
        bottom.addWidget(self.keys_label)
        bottom.addStretch(0)
        bottom.addWidget(self.count_label)
        layout.addLayout(bottom)
        self.model.problem.connect(self._show_problem)
        self.model.ranked.connect(self._update_counts)
        return tab

    def _build_no_period(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addStretch(1)
        self.no_period_label = hint_label()
        self.no_period_label.setObjectName("emptyMessage")
        self.no_period_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.no_period_label)
        self.create_button = QPushButton(self.tr("新建本期考核"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_period)
        self.import_new_button = QPushButton(self.tr("从成绩表导入…"))
        self.import_new_button.setToolTip(self.tr("导入 Excel 或 CSV 成绩表，本期考核随第一次导入建立"))
        self.import_new_button.clicked.connect(self.import_scores)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.create_button)
        row.addWidget(self.import_new_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return box

    # --- choosing the period -------------------------------------------------------------------------
    def reload(self, *, choose_newest: bool = False) -> None:
        """Schemes and the chosen period's people and scores again from the database."""
        key = self.scheme_box.currentData()
        self._schemes = service.list_schemes(self.ctx.db)
        with QSignalBlocker(self.scheme_box), QSignalBlocker(self.year_box), QSignalBlocker(self.quarter_box):
            self.scheme_box.clear()
            for scheme in self._schemes:
                self.scheme_box.addItem(f"{scheme.name}（{scheme.period_type}）", scheme.key)
            if choose_newest:
                self._choose_newest()
            elif key is not None and (at := self.scheme_box.findData(key)) >= 0:
                self.scheme_box.setCurrentIndex(at)
        self._load_period()

    def _choose_newest(self) -> None:
        periods = service.list_periods(self.ctx.db)
        newest = next((p for p in periods if not p.finalized), periods[0] if periods else None)
        if newest is None:
            self.year_box.setValue(today().year)
            return
        self.scheme_box.setCurrentIndex(max(self.scheme_box.findData(newest.scheme.key), 0))
        self.year_box.setValue(newest.year)
        if newest.quarter is not None:
            self.quarter_box.setCurrentIndex(newest.quarter - 1)

    def show_period(self, key: str, year: int, quarter: int | None = None) -> None:
        with QSignalBlocker(self.scheme_box), QSignalBlocker(self.year_box), QSignalBlocker(self.quarter_box):
            self.scheme_box.setCurrentIndex(self.scheme_box.findData(key))
            self.year_box.setValue(year)
            if quarter is not None:
                self.quarter_box.setCurrentIndex(quarter - 1)
        self._load_period()

    def scheme(self):
        key = self.scheme_box.currentData()
        return next((s for s in self._schemes if s.key == key), None)

    def _chosen(self) -> tuple[str, int, int | None] | None:
        scheme = self.scheme()
        if scheme is None:
            return None
        quarter = self.quarter_box.currentData() if scheme.period_type == "季度" else None
        return scheme.key, self.year_box.value(), quarter

    def _choice_changed(self, *_args) -> None:
        self._load_period()

    def _load_period(self) -> None:
        chosen = self._chosen()
        scheme = self.scheme()
        self.quarter_box.setVisible(scheme is not None and scheme.period_type == "季度")
        self.period = service.find_period(self.ctx.db, *chosen) if chosen else None
        members = load_members(self.ctx.db, self.period) if self.period is not None else []
        self.model.set_period(self.period, members)
        if self.ctx.office.read_only:  # only to look at and export: nothing can be typed in
            self.model.read_only = True
        self.import_new_button.setEnabled(not self.ctx.office.read_only)
        self.scheme_button.set_writable(not self.ctx.office.read_only, scheme is not None)
        self.ranking.set_period(self.period)
        if self.period is None:
            title = period_title(chosen[1], chosen[2]) if chosen else ""
            self.no_period_label.setText(
                self.tr("还没有“{0}（{1}）”。\n点“新建本期考核”开始录入成绩。").format(
                    title, scheme.name if scheme else ""
                )
            )
            self.stack.setCurrentIndex(1)
            self.status_label.setText("")
            return
        self.stack.setCurrentIndex(0)
        self._update_status()
        self._update_scores_tab()

    def _update_status(self) -> None:
        period = self.period
        if period.finalized:
            self.status_label.setText(
                self.tr("已定稿（{0}），成绩和等次只能查看").format(local_day(period.finalized_at))
            )
            set_tone(self.status_label, "warning")
        elif self.ctx.office.read_only:
            self.status_label.setText(self.tr("数据库只读，只能查看和导出"))
            set_tone(self.status_label, "warning")
        else:
            self.status_label.setText(self.tr("录入中"))
            set_tone(self.status_label, "")

    def _update_scores_tab(self) -> None:
        editable = self.period is not None and not self.period.finalized and not self.ctx.office.read_only
        buttons = (
            self.add_button,
            self.add_all_button,
            self.remove_button,
            self.import_button,
            self.ballot_button,
        )
        for button in buttons:
            button.setEnabled(editable)
        if self.model.rowCount():
            self.grid_stack.setCurrentWidget(self.grid)
            if not self.grid.currentIndex().isValid():
                self.grid.setCurrentIndex(self.grid.first_score_cell())  # ready to type into
        else:
            self.grid_empty.setText(
                self.tr("本次考核还没有人员。\n点“添加人员…”从花名册中挑选，或点“添加全部适用人员”。")
            )
            self.grid_stack.setCurrentWidget(self.grid_empty)
        self._show_problem("")
        self._update_counts()

    def _update_counts(self) -> None:
        counts = self.model.counts()
        text = self.tr("共 {0} 人").format(self.model.rowCount())
        if counts["待补录"]:
            text += self.tr("，待补录 {0} 人").format(counts["待补录"])
        if counts["待定"]:
            text += self.tr("，待定 {0} 人").format(counts["待定"])
        self.count_label.setText(text)

    def _show_problem(self, text: str) -> None:
        """The problem of the value being typed; else the refused values still waiting to be typed again."""
        if not text and (refused := self.model.refused()):
            cells = "、".join(f"{name}·{title} {typed}" for name, title, typed in refused[:3])
            more = self.tr(" 等 {0} 格").format(len(refused)) if len(refused) > 3 else ""
            text = self.tr("未保存（超出范围或不是数字，红色标出）：{0}{1}").format(cells, more)
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))
        self.keys_label.setVisible(not text)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.ranking:
            self.ranking.reload_if_stale()

    def create_period(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        result = self.ctx.perform(
            self,
            lambda: service.open_period(self.ctx.db, *chosen, self.ctx.actor),
            title=self.tr("无法新建考核"),
        )
        if result is not None:
            self._load_period()

    def import_scores(self) -> None:
        """导入成绩…: the wizard imports into the chosen period (made by its first import)."""
        chosen, scheme = self._chosen(), self.scheme()
        if chosen is None or scheme is None:
            return
        open_score_import(self.ctx, self, Target(scheme, chosen[1], chosen[2], self.period))

    # --- writes --------------------------------------------------------------------------------------
    def _write_scores(self, item: service.ScoreInput) -> bool:
        period_id = self.period.id
        self._writing = True
        try:
            result = self.ctx.perform(
                self, lambda: service.set_scores(self.ctx.db, period_id, item, self.ctx.actor)
            )
        finally:
            self._writing = False
        return result is not None

    def _add(self, person_ids: list[int]) -> None:
        if not person_ids:
            return
        period_id = self.period.id
        items = [service.ScoreInput(person_id) for person_id in person_ids]
        self.ctx.perform(
            self,
            lambda: service.set_many_scores(self.ctx.db, period_id, items, self.ctx.actor),
            title=self.tr("无法添加人员"),
        )

    def _in_period(self) -> set[int]:
        return {m.person_id for m in self.model.members}

    def add_people(self) -> None:
        if self.period is None:
            return
        self._add(choose_people(self, self.ctx.db, self.period.scheme.roles, self._in_period()))

    def add_everyone(self) -> None:
        if self.period is None:
            return
        found = [
            c.person_id
            for c in candidates(self.ctx.db, self.period.scheme.roles, self._in_period())
            if c.status in ACTIVE_STATUSES
        ]
        if not found:
            dialogs.inform(self, self.tr("添加人员"), self.tr("方案适用的在岗人员都已在本次考核中。"))
            return
        question = self.tr(
            "将方案适用的 {0} 名在岗人员加入“{1}”吗？\n加入后成绩为空（待补录），可在表格中录入。"
        ).format(len(found), self.period.label)
        if dialogs.ask(self, self.tr("添加全部适用人员"), question):
            self._add(found)

    def remove_current(self) -> None:
        index = self.grid.currentIndex()
        if self.period is None or not index.isValid():
            return
        member = self.model.members[index.row()]
        question = self.tr("将“{0}”移出“{1}”吗？\n其成绩移入回收站，可以在“回收站”中恢复。").format(
            member.name, self.period.label
        )
        if dialogs.ask(self, self.tr("移出本次考核"), question, danger=True):
            period_id = self.period.id
            self.ctx.perform(
                self,
                lambda: service.remove_from_period(
                    self.ctx.db, period_id, [member.person_id], self.ctx.actor
                ),
            )

    # --- refreshing ----------------------------------------------------------------------------------
    def refresh(self, changes: OpChanges) -> None:
        if not (changes.appraisal or changes.people or changes.units or changes.everything):
            return
        if self._writing:  # the grid already shows what it saved; the ranking reads it when next shown
            self.ranking.mark_stale()
            return
        current = self.grid.currentIndex()
        person = self.model.person_id(current.row()) if current.isValid() else None
        self.reload()
        if person is not None and (row := self.model.row_of(person)) is not None:
            self.grid.setCurrentIndex(self.model.index(row, current.column()))
