"""预算与支出: the year's care budget (set here), what the year's visits spent by kind, by unit and by month,
and what is left; 导出 writes all three views to one .xlsx (app/care/export.py) in the background."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from app.care.budget import get_budget, set_budget
from app.care.money import BY_CHOICES, BY_LABELS, TOTAL, AmountError, SpendRow, fen_text, parse_amount
from app.care.queries import spending_views
from app.changes import ValidationError
from ui import dialogs
from ui.care.form_parts import line_edit
from ui.context import AppContext
from ui.widgets import ReadOnlyTableModel, read_only_table, set_tone
from ui.worker import Job, JobHandle, start_job


class SpendModel(ReadOnlyTableModel[SpendRow]):
    def __init__(self, by: str, parent=None):
        super().__init__(parent)
        self.headers = (BY_LABELS[by], "次数", "金额（元）")

    def cells(self, record: SpendRow) -> Sequence[str]:
        return (record.label, str(record.count), fen_text(record.fen))

    def role_data(self, record: SpendRow, column: int, role: int):
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and record.label == TOTAL:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class BudgetTab(QWidget):
    """Public: `reload(year)`, `amount_edit`, `save_budget()`, `summary`, `models` (by → SpendModel), `export()`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)  # inside the tab frame, not on it
        row = QHBoxLayout()
        self.year_label = QLabel()
        self.amount_edit = line_edit("", "如 100000", 30)
        self.amount_edit.setMaximumWidth(160)
        self.amount_edit.returnPressed.connect(self.save_budget)
        self.save_button = QPushButton(self.tr("保存预算"))
        self.save_button.clicked.connect(self.save_budget)
        self.export_button = QPushButton(self.tr("导出支出统计（.xlsx）…"))
        self.export_button.clicked.connect(self.export)
        row.addWidget(self.year_label)
        row.addWidget(self.amount_edit)
        row.addWidget(QLabel(self.tr("元")))
        row.addWidget(self.save_button)
        row.addStretch(1)
        self.print_button = QPushButton(self.tr("打印年度汇总"))
        self.print_button.setToolTip(self.tr("经费、各类支出、事件回应、谈话与体检的年度汇总（PDF）"))
        self.print_button.clicked.connect(self.print_summary)
        row.addWidget(self.print_button)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setObjectName("countLabel")
        layout.addWidget(self.summary)
        grid = QGridLayout()
        self.models: dict[str, SpendModel] = {}
        for column, by in enumerate(BY_CHOICES):
            model = SpendModel(by, self)
            table = read_only_table(model, resize=QHeaderView.ResizeMode.ResizeToContents)
            header = table.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            self.models[by] = model
            grid.addWidget(QLabel(self.tr("按{0}").format(BY_LABELS[by])), 0, column)
            grid.addWidget(table, 1, column)
        layout.addLayout(grid, 1)

    def reload(self, year: int) -> None:
        self.year = year
        self.year_label.setText(self.tr("{0}年关怀预算：").format(year))
        self.views = spending_views(self.ctx.db, year)
        for by, model in self.models.items():
            model.set_rows(self.views[by])
        budget = get_budget(self.ctx.db, year)
        total = self.views["kind"][-1]
        spent = self.tr("已支出 {0} 元（{1} 次）").format(fen_text(total.fen), total.count)
        if budget is None:
            self.amount_edit.setText("")
            self.summary.setText(self.tr("尚未设置本年度预算；{0}").format(spent))
            set_tone(self.summary, "")
            return
        self.amount_edit.setText(fen_text(budget.amount_fen))
        used = f"，已用 {total.fen * 100 // budget.amount_fen}%" if budget.amount_fen else ""
        self.summary.setText(
            self.tr("预算 {0} 元，{1}，结余 {2} 元{3}").format(
                fen_text(budget.amount_fen), spent, fen_text(budget.left_fen), used
            )
        )
        set_tone(self.summary, "warning" if budget.left_fen < 0 else "")

    def save_budget(self) -> None:
        db, actor, year = self.ctx.db, self.ctx.actor, self.year

        def write():
            try:
                fen = parse_amount(self.amount_edit.text())
            except AmountError as exc:
                raise ValidationError({"amount_fen": str(exc)}) from exc
            if fen is None:
                raise ValidationError({"amount_fen": "请填写预算金额，如 100000"})
            return set_budget(db, year, fen, actor)

        self.ctx.perform(self, write, title=self.tr("无法保存预算"))

    def print_summary(self) -> JobHandle:
        from app.care.documents import year_summary
        from ui.printing.actions import run_print

        year = self.year
        return run_print(
            self,
            self.ctx,
            self.tr("{0}年关怀工作汇总").format(year),
            lambda db, out, _p: year_summary(db, year, out),
        )

    def export(self) -> JobHandle | None:
        from app.care.export import export_spending

        out = dialogs.save_file(
            self, self.tr("导出支出统计"), self.tr("Excel 工作簿 (*.xlsx)"), f"关怀支出统计-{self.year}.xlsx"
        )
        if out is None:
            return None
        out = out if out.suffix.lower() == ".xlsx" else out.with_suffix(".xlsx")
        views = self.views

        def done(_result: None, path: Path = out) -> None:
            self.ctx.status_message.emit(self.tr("已导出{0}年关怀支出统计到“{1}”").format(self.year, path))

        return start_job(
            self,
            Job(
                title=self.tr("正在导出支出统计"),
                work=lambda _progress: export_spending(views, "kind", out),
                on_done=done,
                on_failed=lambda message: dialogs.warn(self, self.tr("导出失败"), message),
            ),
        )
