"""排名与定稿: a period's ranking as the engine gives it (名次, 姓名, 工作单位, each component, X, 总分, 等次, 标记 and
the reason), split as the period stores it, filtered by unit; 调整等次 with a reason, export, 定稿 and 重新打开."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.appraisal import service
from app.appraisal.definitions import SPLIT_LABELS
from app.appraisal.ranking_export import export_ranking
from app.appraisal.rules import EXEMPT, GRADES, MISSING, OVER_QUOTA, OVERRIDDEN, PENDING
from ui import dialogs
from ui.appraisal import questions
from ui.context import AppContext
from ui.widgets import ReadOnlyTableModel, danger_button, read_only_table
from ui.worker import Job, JobHandle, start_job

FILTERS = "Excel 工作簿 (*.xlsx);;CSV 文件（UTF-8）(*.csv)"
_PENDING = QBrush(QColor("#b45309"))
_MISSING = QBrush(QColor("#6b7785"))
_OVERRIDDEN = QBrush(QColor("#1d4ed8"))
_LEFT_ALIGNED = frozenset({"姓名", "工作单位", "人员类别", "标记", "说明"})


def _score(value) -> str:
    return "" if value is None else service.decimal_text(value)


class RankingModel(ReadOnlyTableModel[service.RankedRow]):
    """Columns built from the scheme: 名次, 姓名, 工作单位, 人员类别 (split by role), components, X, 总分, 等次, 标记,
    说明."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers: list[str] = []
        self.period: service.Period | None = None
        self.split = "none"

    def set_ranking(
        self, period: service.Period | None, split: str, rows: Sequence[service.RankedRow]
    ) -> None:
        self.period, self.split = period, split
        # Split by role the role is a column; split by unit 工作单位 already says the group (as in the export).
        headers = ["名次", "姓名", "工作单位"] + (["人员类别"] if split == "role" else [])
        if period is not None:
            headers += [c.name for c in period.scheme.components]
            if period.scheme.bonus_cap is not None:
                headers.append(period.scheme.bonus_name)
        self.headers = [*headers, "总分", "等次", "标记", "说明"]
        self.set_rows(rows)

    def column(self, name: str) -> int:
        return self.headers.index(name)

    def cells(self, record: service.RankedRow) -> Sequence[str]:
        member, result, scheme = record.member, record.result, self.period.scheme
        values = ["" if result.place is None else str(result.place), member.name, member.unit_name]
        if self.split == "role":
            values.append(record.group)
        values += [_score(member.entry.scores.get(c.key)) for c in scheme.components]
        if scheme.bonus_cap is not None:
            values.append(_score(member.entry.bonus))
        total = "" if result.total is None else f"{result.total:.2f}"
        return [*values, total, result.grade or "", "、".join(result.flags), result.reason]

    def role_data(self, record: service.RankedRow, column: int, role: int):
        name = self.headers[column]
        flags = record.result.flags
        if role == Qt.ItemDataRole.ToolTipRole:
            if name in ("等次", "标记", "说明", "总分", "名次"):
                return record.result.reason
            if name == "工作单位":
                return record.member.unit_name
            return None
        if role == Qt.ItemDataRole.ForegroundRole and name in ("等次", "标记"):
            if PENDING in flags:
                return _PENDING
            if MISSING in flags:
                return _MISSING
            if OVERRIDDEN in flags:
                return _OVERRIDDEN
        if role == Qt.ItemDataRole.TextAlignmentRole and name not in _LEFT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


_UNIT_MIN, _UNIT_MAX = (
    104,
    232,
)  # 东门社区 … 火车南站街道 / 锦绣社区; longer ones end in … with the whole in the tooltip


class RankingView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.period: service.Period | None = None
        self.ranking: service.Ranking | None = None
        self._stale = True
        self.model = RankingModel(self)
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        top = QHBoxLayout()
        self.split_box = QComboBox()
        for code, label in SPLIT_LABELS.items():
            self.split_box.addItem(label, code)
        self.split_box.setToolTip(self.tr("分组排名：每组单独计算人数、名额和名次（保存在本次考核中）"))
        self.split_box.currentIndexChanged.connect(self._split_chosen)
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("unitFilter")
        self.unit_box.setMinimumContentsLength(10)
        self.unit_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_box.currentIndexChanged.connect(self._apply_filter)
        self.override_button = QPushButton(self.tr("调整等次…"))
        self.override_button.clicked.connect(self.override_current)
        self.clear_button = QPushButton(self.tr("取消调整"))
        self.clear_button.clicked.connect(self.clear_current)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.clicked.connect(self.export)
        self.finalize_button = QPushButton(self.tr("定稿"))
        self.finalize_button.clicked.connect(self.finalize)
        self.reopen_button = danger_button(self.tr("重新打开…"))
        self.reopen_button.clicked.connect(self.reopen)
        top.addWidget(QLabel(self.tr("排名分组")))
        top.addWidget(self.split_box)
        top.addSpacing(8)
        top.addWidget(QLabel(self.tr("单位")))
        top.addWidget(self.unit_box)
        top.addStretch(1)
        top.addWidget(self.finalize_button)
        top.addWidget(self.reopen_button)
        layout.addLayout(top)
        self.table = read_only_table(self.model, resize=QHeaderView.ResizeMode.Interactive)
        self.table.setObjectName("rankingTable")
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _index: self.override_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("countLabel")
        self.summary_label.setWordWrap(True)
        bottom.addWidget(self.summary_label, 1)
        for button in (self.override_button, self.clear_button, self.export_button):
            bottom.addWidget(button)
        bottom.addWidget(self._build_print_button())
        layout.addLayout(bottom)

    def _build_print_button(self) -> QToolButton:
        """打印: the ranking list (a click), and under the arrow the assessment sheets, blank ones, the blank
        score sheet and, once finalized, the certificates. A unit filter limits the list and the sheets."""
        self.print_action = QAction(self.tr("打印排名表"), self)
        self.print_action.triggered.connect(lambda: self.print_document("ranking"))
        menu = QMenu(self)
        self.print_actions: dict[str, QAction] = {}
        for key, text in (("ranking", "排名表"), ("sheets", "考核登记表"), ("blank", "空白考核登记表"),
                          ("scores", "空白评分表"), ("certificates", "荣誉证书")):  # fmt: skip
            self.print_actions[key] = menu.addAction(self.tr(text), lambda key=key: self.print_document(key))
        self.print_action.setMenu(menu)
        self.print_button = QToolButton()
        self.print_button.setDefaultAction(self.print_action)
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        return self.print_button

    # --- loading -------------------------------------------------------------------------------------
    def set_period(self, period: service.Period | None) -> None:
        self.period = period
        self._stale = True
        if self.isVisible() or period is None:
            self.reload()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload_if_stale(self) -> None:
        if self._stale:
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.reload_if_stale()

    def reload(self) -> None:
        self._stale = False
        if self.period is None:
            self.ranking = None
            self.model.set_ranking(None, "none", [])
            self._update_buttons()
            return
        self.ranking = service.rank_period(self.ctx.db, self.period)
        with QSignalBlocker(self.split_box):
            self.split_box.setCurrentIndex(max(self.split_box.findData(self.period.split), 0))
        chosen = self.unit_box.currentData()
        units = sorted({r.member.unit_name for r in self.ranking.rows})
        with QSignalBlocker(self.unit_box):
            self.unit_box.clear()
            self.unit_box.addItem(self.tr("全部单位"), None)
            for unit in units:
                self.unit_box.addItem(unit or self.tr("（无单位）"), unit)
            at = self.unit_box.findData(chosen) if chosen is not None else 0
            self.unit_box.setCurrentIndex(max(at, 0))
        self._apply_filter()

    def shown_rows(self) -> list[service.RankedRow]:
        if self.ranking is None:
            return []
        unit = self.unit_box.currentData()
        return [r for r in self.ranking.rows if unit is None or r.member.unit_name == unit]

    def _apply_filter(self, *_args) -> None:
        current = self.current_row()
        rows = self.shown_rows()
        self.model.set_ranking(self.period, self.ranking.split if self.ranking else "none", rows)
        self._size_columns()
        if current is not None:
            at = next((i for i, r in enumerate(rows) if r.member.person_id == current.member.person_id), None)
            if at is not None:
                self.table.selectRow(at)
        self._update_summary(rows)
        self._update_buttons()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for column, name in enumerate(self.model.headers):
            if name == "说明":
                continue  # the last column takes what is left
            if name == "工作单位":  # its longest name (a path, where two units share one), within bounds:
                width = self._unit_width(metrics)  # 说明 takes what is left, what the clerk reads out
            elif name == "姓名":
                width = 76
            elif name == "标记":
                width = 96
            else:
                width = max(metrics.horizontalAdvance(name) + 28, 56)
            header.resizeSection(column, width)

    def _unit_width(self, metrics) -> int:
        units = {r.member.unit_name for r in self.ranking.rows} if self.ranking is not None else set()
        widest = max((metrics.horizontalAdvance(unit) for unit in units), default=0)
        return min(max(widest + 24, _UNIT_MIN), _UNIT_MAX)

    def _update_summary(self, rows: Sequence[service.RankedRow]) -> None:
        if self.ranking is None:
            self.summary_label.setText("")
            return
        grades = [r.result.grade for r in rows]
        parts = [f"{g} {grades.count(g)}" for g in GRADES if grades.count(g)]
        if grades.count(EXEMPT):
            parts.append(f"{EXEMPT} {grades.count(EXEMPT)}")
        flags = [f"{flag} {n}" for flag in (PENDING, MISSING, OVER_QUOTA) if (n := self._count(rows, flag))]
        text = self.tr("共 {0} 人").format(len(rows))
        if parts:
            text += self.tr("：") + "，".join(parts)
        if flags:
            text += self.tr("；") + "，".join(flags)
        if self.period is not None and self.period.finalized:
            text += self.tr("。已定稿，优秀人员已记入荣誉")
        self.summary_label.setText(text)

    @staticmethod
    def _count(rows: Sequence[service.RankedRow], flag: str) -> int:
        return sum(1 for r in rows if flag in r.result.flags and r.result.grade != EXEMPT)

    def _update_buttons(self) -> None:
        has = self.period is not None
        # A finalized period, or an office that may only be read: nothing to change (export still works).
        final = has and (self.period.finalized or self.ctx.office.read_only)
        row = self.current_row()
        overridden = row is not None and row.member.entry.override is not None
        self.split_box.setEnabled(has and not final)
        self.override_button.setEnabled(row is not None and not final)
        self.clear_button.setEnabled(overridden and not final)
        self.export_button.setEnabled(has and bool(self.ranking and self.ranking.rows))
        self.print_action.setEnabled(has and bool(self.ranking and self.ranking.rows))
        self.print_actions["certificates"].setEnabled(has and self.period.finalized)
        self.finalize_button.setEnabled(has and not final)
        self.reopen_button.setEnabled(has and self.period.finalized and not self.ctx.office.read_only)

    def current_row(self) -> service.RankedRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_person(self, person_id: int) -> None:
        at = next((i for i, r in enumerate(self.model.rows) if r.member.person_id == person_id), None)
        if at is not None:
            self.table.selectRow(at)

    # --- actions -------------------------------------------------------------------------------------
    def _split_chosen(self, *_args) -> None:
        split = self.split_box.currentData()
        if self.period is None or split == self.period.split:
            return
        period_id = self.period.id
        result = self.ctx.perform(
            self,
            lambda: service.set_split(self.ctx.db, period_id, split, self.ctx.actor),
            title=self.tr("无法分组"),
        )
        if result is None:
            with QSignalBlocker(self.split_box):
                self.split_box.setCurrentIndex(max(self.split_box.findData(self.period.split), 0))

    def override_current(self) -> None:
        row = self.current_row()
        if row is None or self.period is None or self.period.finalized:
            return
        answer = questions.ask_override(self, row.member.name, service.OVERRIDE_GRADES, row.result.grade)
        if answer is None:
            return
        grade, reason = answer
        period_id, person_id = self.period.id, row.member.person_id
        self.ctx.perform(
            self,
            lambda: service.override_grade(self.ctx.db, period_id, person_id, grade, reason, self.ctx.actor),
            title=self.tr("无法调整等次"),
        )

    def clear_current(self) -> None:
        row = self.current_row()
        if row is None or self.period is None or row.member.entry.override is None:
            return
        question = self.tr("取消“{0}”的手工等次，恢复按规则计算的等次吗？").format(row.member.name)
        if dialogs.ask(self, self.tr("取消调整"), question):
            period_id, person_id = self.period.id, row.member.person_id
            self.ctx.perform(
                self, lambda: service.clear_override(self.ctx.db, period_id, person_id, self.ctx.actor)
            )

    def finalize(self) -> None:
        if self.period is None:
            return
        question = self.tr(
            "将“{0}”定稿吗？\n定稿后成绩和等次不能再修改，优秀人员记入荣誉并编号；如需修改须重新打开并说明原因。"
        ).format(self.period.label)
        if not dialogs.ask(self, self.tr("定稿"), question):
            return
        period_id = self.period.id
        self.ctx.perform(
            self,
            lambda: service.finalize_period(self.ctx.db, period_id, self.ctx.actor),
            title=self.tr("无法定稿"),
        )

    def reopen(self) -> None:
        if self.period is None:
            return
        reason = questions.ask_reason(
            self,
            self.tr("重新打开"),
            self.tr(
                "重新打开“{0}”：成绩和等次可以再修改，已记入的荣誉将撤销（编号不再使用）。请说明原因。"
            ).format(self.period.label),
        )
        if reason is None:
            return
        period_id = self.period.id
        self.ctx.perform(
            self,
            lambda: service.reopen_period(self.ctx.db, period_id, reason, self.ctx.actor),
            title=self.tr("无法重新打开"),
        )

    def print_document(self, key: str) -> JobHandle | None:
        """Print for the period: the rows shown (a unit filter applies to the list and the sheets)."""
        from ui.printing import actions

        if self.period is None or self.ranking is None or not self.ranking.rows:
            return None
        period_id = self.period.id
        ids = None if self.unit_box.currentData() is None else [r.member.person_id for r in self.shown_rows()]
        if key == "ranking":
            return actions.print_ranking(self, self.ctx, period_id, ids)
        if key in ("sheets", "blank"):
            return actions.print_sheets(self, self.ctx, period_id, blank=key == "blank", person_ids=ids)
        if key == "scores":
            return actions.print_score_sheet(self, self.ctx, period_id)
        return actions.print_period_certificates(self, self.ctx, period_id)

    def export(self) -> JobHandle | None:
        if self.ranking is None or not self.ranking.rows:
            return None
        unit = self.unit_box.currentData()
        period = self.period
        suggested = f"{period.title}排名{'-' + unit if unit else ''}-{clock.today():%Y%m%d}.xlsx"
        out = dialogs.save_file(self, self.tr("导出排名"), FILTERS, suggested)
        if out is None:
            return None
        if out.suffix.lower() not in (".xlsx", ".csv"):
            out = out.with_suffix(".xlsx")
        person_ids = None if unit is None else {r.member.person_id for r in self.shown_rows()}

        def work(db, _progress) -> int:
            ranking = service.rank_period(db, service.get_period(db, period.id))
            if person_ids is not None:
                ranking = replace(ranking, rows=[r for r in ranking.rows if r.member.person_id in person_ids])
            return export_ranking(ranking, out)

        def done(count: int) -> None:
            dialogs.inform(
                self, self.tr("导出完成"), self.tr("已导出 {0} 人的排名到：\n{1}").format(count, out)
            )

        # The handle is not kept: a job kept by its page would make a cycle that the collector might break in
        # the worker thread, deleting the job's timers there.
        return start_job(
            self,
            Job(
                title=self.tr("正在导出排名"),
                work=work,
                database=self.ctx.office.path,
                on_done=done,
                on_failed=lambda message: dialogs.warn(self, self.tr("导出失败"), message),
            ),
        )
