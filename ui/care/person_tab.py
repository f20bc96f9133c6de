"""The person form's 关怀 tab: everything care holds about the person, newest first — events (and whether their
visit or talk was made), visits and gifts, talks, health checks — the gifts' total by year, and buttons to record
a new one for this person."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.care import listing
from app.care.listing import Line, person_lines
from app.care.money import fen_text
from ui.care import form_parts
from ui.context import AppContext
from ui.widgets import ReadOnlyTableModel, button_row, read_only_table, table_or_empty


def _tr(text: str) -> str:
    return QCoreApplication.translate("Care", text)


class LineModel(ReadOnlyTableModel[Line]):
    headers = ("日期", "类型", "内容", "金额（元）")

    def cells(self, record: Line) -> Sequence[str]:
        return (record.date, record.what, record.text, record.money)

    def role_data(self, record: Line, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return record.text
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PersonCareTab(QWidget):
    """Public: `model`, `gifts_label`, `reload()`."""

    def __init__(self, ctx: AppContext, person_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        layout = QVBoxLayout(self)
        self.model = LineModel(self)
        self.table = read_only_table(self.model, resize=QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 100)
        header.resizeSection(1, 80)
        header.resizeSection(3, 90)
        self.stack, _empty = table_or_empty(self.table, self.tr("还没有关怀记录。"))
        layout.addWidget(self.stack, 1)
        self.gifts_label = QLabel()
        self.gifts_label.setWordWrap(True)
        layout.addWidget(self.gifts_label)
        buttons = []
        for text, opener in (
            ("记录事件…", self._event), ("记录走访慰问…", self._visit), ("记录谈话…", self._talk), ("记录体检…", self._check),
            ("打印关怀台账", self.print_ledger),
        ):  # fmt: skip
            button = QPushButton(self.tr(text))
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab walks the person's fields
            button.clicked.connect(opener)
            buttons.append(button)
        layout.addLayout(button_row(*buttons))
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(person_lines(self.ctx.db, self.person_id))
        self.stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        years = listing.gifts_by_year(self.ctx.db, self.person_id)
        text = "；".join(f"{year}年 {count} 次 {fen_text(fen)} 元" for year, count, fen in years)
        self.gifts_label.setText(self.tr("慰问金额：{0}").format(text) if years else self.tr("慰问金额：无"))

    def print_ledger(self) -> None:
        """The person's 关怀台账 as a PDF, opened in the system's viewer (ui/printing/actions.py)."""
        from app.care.documents import person_ledger
        from ui.printing.actions import run_print

        person_id = self.person_id
        run_print(
            self, self.ctx, self.tr("关怀台账"), lambda db, out, _progress: person_ledger(db, person_id, out)
        )

    def _run(self, form: form_parts.CareForm) -> None:
        if form_parts.run_form(form) is not None:
            self.reload()

    def _event(self) -> None:
        from ui.care.event_form import EventForm

        self._run(EventForm(self.ctx, self, person_id=self.person_id))

    def _visit(self) -> None:
        from ui.care.visit_form import VisitForm

        self._run(VisitForm(self.ctx, self, person_ids=[self.person_id]))

    def _talk(self) -> None:
        from ui.care.talk_form import TalkForm

        self._run(TalkForm(self.ctx, self, person_id=self.person_id))

    def _check(self) -> None:
        from ui.care.health_form import HealthCheckForm

        self._run(HealthCheckForm(self.ctx, self, person_id=self.person_id))


def add_care_tab(ctx: AppContext, person_id: int | None, content: QWidget) -> QWidget:
    """The person form's tabs gain 关怀 (someone on the roster only: a new person has no tabs)."""
    if person_id is not None and isinstance(content, QTabWidget):
        content.addTab(PersonCareTab(ctx, person_id), _tr("关怀"))
    return content
