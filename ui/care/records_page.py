"""关怀记录: the year's care records in tabs — 事件, 走访慰问, 谈心谈话, 健康体检 — each with 新增, 修改 and
移入回收站, and 预算与支出 (the budget, spending by kind, unit and month, what is left, the .xlsx). Above the
tabs the year, 批量慰问 and 导入关怀台账."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QWidget

from app.care import listing
from app.care.money import fen_text
from app.care.queries import care_settings, without_health_check
from app.changes import OpChanges
from app.clock import today
from ui.care import form_parts
from ui.care.event_form import EventForm
from ui.care.health_form import HealthCheckForm
from ui.care.record_tab import RecordSpec, RecordTab
from ui.care.talk_form import TalkForm
from ui.care.visit_form import VisitForm
from ui.context import AppContext
from ui.widgets import FileDropTarget, dropped_file, page_layout

EVERY_YEAR = None


def _event_state(row: listing.EventRow) -> str:
    if not row.duty:
        return "无需走访或谈话"
    return f"已{row.duty}（{row.answered_on}）" if row.answered_on else f"待{row.duty}，{row.due} 前"


def _visit_kind(row: listing.VisitRow) -> str:
    return f"{row.kind}（{row.occasion}）" if row.occasion else row.kind


SPECS = (
    RecordSpec(
        "care_event", "事件", ("日期", "姓名", "事件类别", "走访/谈话", "备注"),
        lambda r: (r.date, r.name, r.kind, _event_state(r), r.note),
        lambda db, year: listing.events(db, year=year, due_days=care_settings(db).due_days),
        lambda ctx, parent, row: EventForm(ctx, parent, record=row),
        lambda r: f"{r.date} {r.name} {r.kind}", (100, 90, 90, 200), 4,
        late=lambda r: bool(r.duty and not r.answered_on and r.due < today().isoformat()),
    ),
    RecordSpec(
        "care_visit", "走访慰问",
        ("日期", "慰问对象", "类别", "方式", "走访人", "慰问品", "金额（元）", "回应事件", "回访日期", "备注"),
        lambda r: (r.date, r.names, _visit_kind(r), r.method, r.visitors, r.gift, fen_text(r.amount_fen), r.event,
                   r.follow_up_date, r.note),
        lambda db, year: listing.visits(db, year=year),
        lambda ctx, parent, row: VisitForm(ctx, parent, record=row),
        lambda r: f"{r.date} {r.names} {r.kind}", (92, 120, 90, 50, 80, 90, 76, 120, 92), 9, (6,),
        lambda rows: f"，金额合计 {fen_text(sum(r.amount_fen for r in rows))} 元",
    ),
    RecordSpec(
        "care_talk", "谈心谈话", ("日期", "姓名", "谈话原因", "谈话人", "回应事件", "回访日期", "谈话内容"),
        lambda r: (r.date, r.name, r.reason, r.talker, r.event, r.follow_up_date, r.summary),
        lambda db, year: listing.talks(db, year=year),
        lambda ctx, parent, row: TalkForm(ctx, parent, record=row),
        lambda r: f"{r.date} {r.name} {r.reason}", (92, 80, 90, 80, 170, 92), 6,
    ),
    RecordSpec(
        "care_health_check", "健康体检", ("日期", "姓名", "体检地点", "备注"),
        lambda r: (r.date, r.name, r.place, r.note),
        lambda db, year: listing.checks(db, year=year),
        lambda ctx, parent, row: HealthCheckForm(ctx, parent, record=row),
        lambda r: f"{r.date} {r.name}", (100, 90, 220), 3,
    ),
)  # fmt: skip


class CarePage(FileDropTarget, QWidget):
    """Public: `reload()`, `refresh(changes)`, `tabs`, `record_tabs` (entity → RecordTab), `budget`, `year`.
    A ledger (.xlsx, .xls, .csv) dropped on the page is imported as through 导入关怀台账."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._build()
        self.setAcceptDrops(True)
        self.reload()

    def _build(self) -> None:
        from ui.care.budget_tab import BudgetTab

        layout = page_layout(self, self.tr("关怀记录"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度")))
        self.year_box = QComboBox()
        self.year_box.setObjectName("careYear")
        top.addWidget(self.year_box)
        self.checks_label = QPushButton()
        self.checks_label.setToolTip(self.tr("查看名单，并可为一批人一次登记体检"))
        self.checks_label.clicked.connect(self.show_missing_checks)
        top.addSpacing(12)
        top.addWidget(self.checks_label)
        top.addStretch(1)
        self.greet_button = QPushButton(self.tr("批量慰问…"))
        self.greet_button.clicked.connect(self.batch_greetings)
        self.import_button = QPushButton(self.tr("导入关怀台账…"))
        self.import_button.setToolTip(self.tr("每行一条记录的 Excel 或 CSV 台账；也可以把文件拖到本页面上"))
        self.import_button.clicked.connect(lambda: self.import_ledger())
        top.addWidget(self.greet_button)
        top.addWidget(self.import_button)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.record_tabs: dict[str, RecordTab] = {}
        for spec in SPECS:
            tab = RecordTab(self.ctx, spec, self)
            self.record_tabs[spec.entity] = tab
            self.tabs.addTab(tab, self.tr(spec.noun))
        self.budget = BudgetTab(self.ctx, self)
        self.tabs.addTab(self.budget, self.tr("预算与支出"))
        layout.addWidget(self.tabs, 1)
        self.year_box.currentIndexChanged.connect(lambda _i: self._show_year())

    @property
    def year(self) -> int | None:
        return self.year_box.currentData()

    def refresh(self, changes: OpChanges) -> None:
        if changes.care or changes.people or changes.units or changes.settings or changes.everything:
            self.reload()

    def reload(self) -> None:
        """The year choices (every year with a record, and this year), keeping the one chosen."""
        chosen = self.year_box.currentData() if self.year_box.count() else today().year
        years = sorted({today().year, *listing.record_years(self.ctx.db)}, reverse=True)
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(self.tr("{0} 年").format(year), year)
        self.year_box.addItem(self.tr("全部年份"), EVERY_YEAR)
        self.year_box.setCurrentIndex(max(self.year_box.findData(chosen), 0))
        self.year_box.blockSignals(False)
        self._show_year()

    def _show_year(self) -> None:
        year = self.year
        for tab in self.record_tabs.values():
            tab.reload(year)
        shown = year or today().year
        self.budget.reload(shown)
        missing = without_health_check(self.ctx.db, shown)
        self.checks_label.setText(self.tr("{0}年尚未体检：{1} 人…").format(shown, len(missing)))

    def show_missing_checks(self) -> None:
        from ui.care.missing_checks import MissingChecksDialog

        year = self.year or today().year
        day = today().isoformat() if year == today().year else f"{year}-12-31"
        MissingChecksDialog(self.ctx, year, day, self).exec()

    def batch_greetings(self) -> None:
        from ui.care.greetings_dialog import GreetingsDialog

        form_parts.run_form(GreetingsDialog(self.ctx, self))

    def import_ledger(self, path: Path | None = None) -> None:
        from ui.care.ledger_import import import_ledger

        import_ledger(self, self.ctx, path)

    def accepted_file(self, mime) -> Path | None:
        return dropped_file(mime, (".xlsx", ".xls", ".csv"))

    def file_dropped(self, path: Path) -> None:
        self.import_ledger(path)
