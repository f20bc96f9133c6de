"""表彰建议: the suggestions across years waiting for a decision (嘉奖, 推荐任职, 提前一年晋级), confirmed or not
taken up (with a reason) by the staff, and below them what was decided."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from app.appraisal import suggestions
from app.appraisal.suggestions import COMMENDATION, Decision, Suggestion
from ui import dialogs
from ui.appraisal import questions
from ui.context import AppContext
from ui.widgets import ReadOnlyTableModel, button_row, hint_label, read_only_table, table_or_empty

DECISIONS = {"confirmed": "确认", "dismissed": "不予采纳"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Merits", text)


class SuggestionsModel(ReadOnlyTableModel[Suggestion]):
    headers = ("年度", "姓名", "工作单位", "建议", "依据", "优秀授予日期")

    def cells(self, record: Suggestion) -> Sequence[str]:
        basis = f"{record.first_year}—{record.year}年连续{record.year - record.first_year + 1}年考核优秀"
        return (str(record.year), record.name, record.unit, record.kind, basis, record.since.isoformat())

    def role_data(self, record: Suggestion, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return record.unit
        return None


class DecisionsModel(ReadOnlyTableModel[Decision]):
    headers = ("处理日期", "姓名", "建议", "年度", "结果", "说明")

    def cells(self, record: Decision) -> Sequence[str]:
        return (
            record.decided_on, record.name, record.kind, f"{record.first_year}—{record.year}",
            DECISIONS.get(record.decision, record.decision), record.note or "",
        )  # fmt: skip


class SuggestionsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "连续两年年度考核优秀：建议嘉奖、推荐任职；连续三年：建议提前一年晋级。"
                    "确认嘉奖即记入荣誉并编号；处理过的建议不会再出现。"
                )
            )
        )
        self.model = SuggestionsModel(self)
        self.table = read_only_table(self.model)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.stack, _empty = table_or_empty(self.table, self.tr("没有待处理的建议。"))
        layout.addWidget(self.stack, 2)
        self.confirm_button = QPushButton(self.tr("确认建议"))
        self.confirm_button.setObjectName("confirmSuggestion")
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.dismiss_button = QPushButton(self.tr("不予采纳…"))
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        layout.addLayout(button_row(self.confirm_button, self.dismiss_button))
        layout.addWidget(QLabel(self.tr("已处理的建议")))
        self.decided = DecisionsModel(self)
        self.decided_table = read_only_table(self.decided)
        layout.addWidget(self.decided_table, 1)

    def reload(self) -> None:
        self.model.set_rows(suggestions.open_suggestions(self.ctx.db))
        self.stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        self.decided.set_rows(suggestions.decisions(self.ctx.db))
        for button in (self.confirm_button, self.dismiss_button):
            button.setEnabled(bool(self.model.rowCount()))
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def selected(self) -> Suggestion | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def confirm_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        extra = (
            self.tr("确认后将记入荣誉（嘉奖），并按{0}年的荣誉序列编号。").format(item.year)
            if item.kind == COMMENDATION
            else ""
        )
        text = self.tr("确认“{0}”：{1}？{2}").format(item.name, item.about, extra)
        if dialogs.ask(self, self.tr("确认建议"), text):
            self.ctx.perform(
                self, lambda: suggestions.confirm_suggestion(self.ctx.db, item.key, self.ctx.actor)
            )

    def dismiss_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        reason = questions.ask_reason(
            self,
            self.tr("不予采纳"),
            self.tr("不予采纳“{0}”：{1}。请说明理由：").format(item.name, item.about),
        )
        if reason is not None:
            self.ctx.perform(
                self,
                lambda: suggestions.dismiss_suggestion(self.ctx.db, item.key, self.ctx.actor, note=reason),
            )
