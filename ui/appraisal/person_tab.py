"""The person form's 考核 tab: every period the person was scored in, newest first — scores, total, place among
how many (3/28), grade, flags, the reason and a grade set by hand — then the honors, the points by year (and the
mark 三年内不考虑提拔 while it lasts) and the 补课 still open. Reads only; scores are typed on the 考核 page,
points, suggestions and 补课 on 积分与表彰."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.appraisal import points, remedial
from app.appraisal.finalize import list_honors
from app.appraisal.history import PersonPeriod, person_history
from app.appraisal.service import decimal_text
from app.clock import today
from ui.context import AppContext
from ui.widgets import (
    ReadOnlyTableModel,
    hint_label,
    read_only_table,
    selectable_label,
    set_tone,
    table_or_empty,
)

_PENDING = QBrush(QColor("#b45309"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("Appraisal", text)


class HistoryModel(ReadOnlyTableModel[PersonPeriod]):
    headers = ("考核", "考核方案", "各项成绩", "总分", "名次", "等次", "标记")

    def cells(self, record: PersonPeriod) -> Sequence[str]:
        scores = [f"{name} {'—' if v is None else decimal_text(v)}" for name, v in record.scores.items()]
        if record.bonus is not None:
            scores.append(f"{record.period.scheme.bonus_name} {decimal_text(record.bonus)}")
        title = record.period.title + (_tr("（已定稿）") if record.period.finalized else "")
        total = "" if record.total is None else f"{record.total:.2f}"
        return (
            title, record.period.scheme.name, "，".join(scores), total, record.place_text, record.grade or "",
            "、".join(record.flags),
        )  # fmt: skip

    def role_data(self, record: PersonPeriod, column: int, role: int):
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.reason if column >= 3 else (record.period.scheme.name if column == 1 else None)
        if role == Qt.ItemDataRole.ForegroundRole and column in (5, 6) and "待定" in record.flags:
            return _PENDING
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4, 5):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class PersonAppraisalTab(QWidget):
    def __init__(self, ctx: AppContext, person_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = HistoryModel(self)
        layout = QVBoxLayout(self)
        self.table = read_only_table(self.model, resize=QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        stack, _empty = table_or_empty(self.table, self.tr("还没有参加过考核。"))
        layout.addWidget(stack, 1)
        # The reason of the chosen period, whole (too long for a column): 总分 84.14 ≥ 80，名次 53，超出前 20%…
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.reason_label)
        self.honors_label = selectable_label()
        layout.addWidget(self.honors_label)
        self.points_label = selectable_label()
        layout.addWidget(self.points_label)
        self.hold_label = selectable_label()
        layout.addWidget(self.hold_label)
        self.remedial_label = selectable_label()
        layout.addWidget(self.remedial_label)
        layout.addWidget(
            hint_label(
                self.tr("成绩在“考核”页面录入，积分、表彰建议和补课在“积分与表彰”页面；这里只能查看。")
            )
        )
        self.model.set_rows(person_history(ctx.db, person_id))
        stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        # 标记 (the last, stretched) is mostly empty: the period's and the scheme's names get the room.
        for column, width in enumerate((190, 190, 290, 64, 64, 56)):
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _old: self._show_reason(current.row())
        )
        if self.model.rowCount():
            self.table.selectRow(0)
        self._show_reason(0)
        honors = list_honors(ctx.db, person_id=person_id)
        text = "；".join(f"{h.title}（{h.serial_text}）" for h in honors)
        self.honors_label.setText(self.tr("荣誉：{0}").format(text) if honors else self.tr("荣誉：无"))
        self._show_followups(ctx, person_id)

    def _show_followups(self, ctx: AppContext, person_id: int) -> None:
        """Points by year, the mark while it lasts and open 补课; a line only when there is something to say."""
        day = today()
        years = points.person_years(ctx.db, person_id, day)
        said = "；".join(f"{y.year}年 {y.total} 分（{y.status}）" for y in years)
        self.points_label.setText(self.tr("积分：{0}").format(said) if years else "")
        self.points_label.setVisible(bool(years))
        hold = points.person_hold(ctx.db, person_id, day)
        self.hold_label.setText(hold.text if hold else "")
        self.hold_label.setVisible(hold is not None)
        set_tone(self.hold_label, "warning" if hold else "")
        open_ones = remedial.list_requirements(ctx.db, person_id=person_id, open_only=True)
        said = "；".join(
            f"{r.period_label}总分 {r.total}，需补课不少于 {r.min_days} 个工作日" for r in open_ones
        )
        self.remedial_label.setText(self.tr("未完成的补课：{0}").format(said) if open_ones else "")
        self.remedial_label.setVisible(bool(open_ones))
        set_tone(self.remedial_label, "warning" if open_ones else "")

    def _show_reason(self, row: int) -> None:
        record = self.model.row_at(row)
        self.reason_label.setText(
            self.tr("{0}：{1}").format(record.period.title, record.reason) if record else ""
        )


def with_appraisal_tab(ctx: AppContext, person_id: int | None, basics: QWidget) -> QWidget:
    """The person form's fields as they are for a new person; for someone on the roster, the fields under
    基本信息 and their appraisals under 考核."""
    if person_id is None:
        return basics
    tabs = QTabWidget()
    tabs.setObjectName("personTabs")
    tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab walks the fields, not the tab bar
    basics.layout().setContentsMargins(8, 8, 8, 4)  # inside the tab's frame
    tabs.addTab(basics, _tr("基本信息"))
    tabs.addTab(PersonAppraisalTab(ctx, person_id), _tr("考核"))
    return tabs
