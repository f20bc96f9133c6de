"""今日待办, the first page: everything the care rules say is open today, newest duty first, the count of each
kind at the top (a click shows only that kind), and on each line a button that records what it asks for. The
list is computed from the records every time it is shown (app/care/reminders.py all_due: care's own and other
areas' reminders), never stored: a record made anywhere takes its item off at once (OpChanges.care, .appraisal,
.training: a 帮带任务 marked done)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QTabBar, QWidget

from app.care.rules import DUE_KINDS, HEALTH, DueItem, count_by_kind
from app.changes import OpChanges
from app.clock import today
from ui import dialogs
from ui.care.today_actions import action_for
from ui.care.today_model import ButtonDelegate, Col, TodayModel
from ui.context import AppContext
from ui.widgets import button_row, hint_label, page_layout, read_only_table, table_or_empty

EMPTY = "今天没有待办事项。\n登记事件（生病住院、思想波动等）后，应做的走访、谈话会按期限列在这里。"
ALL, LATE = "", "已逾期"  # two tabs that are not kinds: everything, and what is past its date (any kind)


class TodayPage(QWidget):
    """Public: `reload()`, `refresh(changes)`, `items` (all of today's), `model` (those shown), `act(row)`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, load: bool = True):
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[DueItem] = []
        self.day: dt.date | None = None  # the day the list was computed for
        self.kind = ALL
        self._build()
        # A window left open past midnight would go on showing yesterday's list (its birthdays, its 逾期 days):
        # once a minute the page asks whether the office's day has moved on.
        self._day_timer = QTimer(self, interval=60_000)
        self._day_timer.timeout.connect(self.follow_the_day)
        self._day_timer.start()
        if load:
            self.reload()

    def _build(self) -> None:
        layout = page_layout(self, self.tr("今日待办"))
        self.summary = QLabel()
        self.summary.setObjectName("countLabel")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        # The count of each kind, as tabs: a click shows that kind only, and the chosen one is plain to see.
        self.kind_bar = QTabBar()
        self.kind_bar.setObjectName("dueKinds")
        self.kind_bar.setExpanding(False)
        self.kind_bar.setDrawBase(False)
        self.kinds: list[str] = []
        self.kind_bar.currentChanged.connect(self._kind_tab_changed)
        layout.addWidget(self.kind_bar)
        self.model = TodayModel(lambda kind: action_for(kind).text, self)
        self.table = read_only_table(self.model, resize=QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Col.SUBJECT, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (Col.KIND, 80),
            (Col.NAME, 90),
            (Col.DUE, 100),
            (Col.STATE, 118),  # 逾期 1491 天, 已等待 685 天: the number is what the column is for
            (Col.ACTION, 100),
        ):
            header.resizeSection(column, width)
        self.delegate = ButtonDelegate(self.table)
        self.delegate.clicked.connect(self.act)
        self.table.setItemDelegateForColumn(Col.ACTION, self.delegate)
        # Enter or a double click on a line (activated covers both: connecting doubleClicked too would act twice)
        self.table.activated.connect(lambda index: self.act(index.row()))
        self.stack, self.empty = table_or_empty(self.table, self.tr(EMPTY))
        layout.addWidget(self.stack, 1)
        layout.addWidget(
            hint_label(
                self.tr(
                    "点击每行的按钮（或双击、回车）即可登记；登记后该事项自动消失。"
                    "待办由各项记录实时计算：事件的走访、谈话期限，未来几天的生日，到期的回访，"
                    "第四季度尚未体检的人员，即将期满的试用期，以及逾期未完成的帮带任务。"
                )
            )
        )
        self.event_button = QPushButton(self.tr("记录事件…"))
        self.event_button.setToolTip(self.tr("登记结婚、生病住院、思想波动等事件，系统据此提醒走访或谈话"))
        self.event_button.clicked.connect(self.record_event)
        self.greet_button = QPushButton(self.tr("批量慰问…"))
        self.greet_button.setToolTip(self.tr("本月过生日的人员或节日慰问，一次登记"))
        self.greet_button.clicked.connect(self.batch_greetings)
        self.checks_button = QPushButton(self.tr("批量登记体检…"))
        self.checks_button.setToolTip(self.tr("今年尚未体检的人员名单，选中一批人一次登记"))
        self.checks_button.clicked.connect(self.batch_checks)
        self.export_button = QPushButton(self.tr("导出待办清单…"))
        self.export_button.clicked.connect(self.export)
        buttons = (self.event_button, self.greet_button, self.checks_button, self.export_button)
        layout.addLayout(button_row(*buttons))

    # --- data ----------------------------------------------------------------------------------------
    def refresh(self, changes: OpChanges) -> None:
        kinds = (changes.care, changes.appraisal, changes.training, changes.people, changes.settings)
        if any(kinds) or changes.everything:
            self.reload()

    def reload(self) -> None:
        from app.care.reminders import all_due

        self.day = today()
        self.items = all_due(self.ctx.db, self.day)
        self._show_counts()
        self._show_items()
        self.checks_button.setVisible(any(item.kind == HEALTH for item in self.items))

    def follow_the_day(self) -> None:
        """The list again when the day it was computed for is over; nothing before the first reload."""
        if self.day is not None and self.day != today():
            self.reload()

    def _show_counts(self) -> None:
        counts = count_by_kind(self.items)
        late = sum(1 for item in self.items if item.overdue)
        text = self.tr("{0}：共 {1} 项待办").format(self.day.isoformat(), len(self.items))
        if late:
            text += self.tr("，其中 {0} 项已逾期").format(late)
        self.summary.setText(text)
        # Every tab shown once stays (with 0), so tabs do not jump about as items come and go.
        kinds = dict.fromkeys([ALL, LATE, *DUE_KINDS, *self.kinds, *counts])
        self.kind_bar.blockSignals(True)
        for kind in kinds:
            if kind not in self.kinds:
                self.kinds.append(kind)
                self.kind_bar.addTab("")
            index = self.kinds.index(kind)
            count = len(self._of_kind(kind))
            self.kind_bar.setTabText(index, f"{self.tr('全部') if kind == ALL else self.tr(kind)} {count}")
            self.kind_bar.setTabEnabled(index, count > 0 or kind in (ALL, self.kind))
        self.kind_bar.setCurrentIndex(self.kinds.index(self.kind) if self.kind in self.kinds else 0)
        self.kind_bar.blockSignals(False)

    def _of_kind(self, kind: str) -> list[DueItem]:
        if kind == ALL:
            return self.items
        if kind == LATE:
            return [item for item in self.items if item.overdue]
        return [item for item in self.items if item.kind == kind]

    def kind_text(self, kind: str) -> str:
        """The tab of a kind as it reads (待走访 3)."""
        return self.kind_bar.tabText(self.kinds.index(kind))

    def _kind_tab_changed(self, index: int) -> None:
        if 0 <= index < len(self.kinds):
            self.show_kind(self.kinds[index])

    def show_kind(self, kind: str) -> None:
        self.kind = kind
        self.kind_bar.blockSignals(True)
        self.kind_bar.setCurrentIndex(self.kinds.index(kind))
        self.kind_bar.blockSignals(False)
        self._show_items()

    def _show_items(self) -> None:
        row = self.table.currentIndex().row()
        shown = self._of_kind(self.kind)
        self.model.set_rows(shown)
        self.stack.setCurrentIndex(0 if shown else 1)
        self.empty.setText(
            self.tr("今天没有待办事项。") if not self.items else self.tr("这一类没有待办事项。")
        )
        if shown:
            self.table.selectRow(min(max(row, 0), len(shown) - 1))

    # --- doing -------------------------------------------------------------------------------------
    def act(self, row: int) -> None:
        """Record what the item at `row` asks for; the list follows from the change it announces."""
        item = self.model.row_at(row)
        if item is not None:
            action_for(item.kind).run(self, self.ctx, item)

    def record_event(self) -> None:
        from ui.care import form_parts
        from ui.care.event_form import EventForm

        form_parts.run_form(EventForm(self.ctx, self))

    def batch_greetings(self) -> None:
        from ui.care import form_parts
        from ui.care.greetings_dialog import GreetingsDialog

        form_parts.run_form(GreetingsDialog(self.ctx, self))

    def batch_checks(self) -> None:
        from ui.care.missing_checks import MissingChecksDialog

        MissingChecksDialog(self.ctx, self.day.year, self.day.isoformat(), self).exec()

    def export(self) -> None:
        from app.care.export import export_due
        from app.exchange.xlsx_out import ExportError

        path = dialogs.save_file(
            self, self.tr("导出待办清单"), self.tr("CSV 文件 (*.csv)"), f"待办清单-{self.day.isoformat()}.csv"
        )
        if path is None:
            return
        try:
            count = export_due(self.items, path)
        except ExportError as exc:
            dialogs.warn(self, self.tr("无法导出"), str(exc))
            return
        self.ctx.status_message.emit(self.tr("已导出 {0} 项待办到“{1}”").format(count, path))
