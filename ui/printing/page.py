"""打印: every document in one place — for a chosen appraisal the ranking list, the assessment sheets (filled
in or blank), the blank score sheet and the certificates; the whole roster; the certificate's layout; and which
font each role prints in on this PC."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.appraisal.periods import list_periods
from app.changes import OpChanges
from app.printing import settings as print_settings
from app.printing.doc_roster import DEFAULT_COLUMNS
from ui.context import AppContext
from ui.printing import actions
from ui.printing.certificate_box import CertificateBox
from ui.printing.font_box import FontBox
from ui.widgets import hint_label, page_layout


class PrintingPage(QWidget):
    """Public: `refresh(changes)`, `reload()`, the period box and a button per document."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = page_layout(self, self.tr("打印"), hint=self.tr(
            "生成的 PDF 在本机的 PDF 阅读器中打开，在那里预览和打印；也可以另存。名单按姓氏笔画排列。"))  # fmt: skip
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._documents_box())
        self.certificate_box = CertificateBox(self.ctx)
        column.addWidget(self.certificate_box)
        self.font_box = FontBox(self.ctx)
        column.addWidget(self.font_box)
        column.addStretch(1)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)

    def _documents_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("文档"))
        grid = QGridLayout(box)
        self.period_box = QComboBox()
        self.period_box.setMinimumContentsLength(24)
        self.period_box.currentIndexChanged.connect(lambda _i: self._update_buttons())
        grid.addWidget(QLabel(self.tr("考核：")), 0, 0)
        grid.addWidget(self.period_box, 0, 1, 1, 3)
        self.ranking_button = self._button(self.tr("排名表"), self.print_ranking)
        self.sheets_button = self._button(self.tr("考核登记表"), lambda: self.print_sheets(blank=False))
        self.blank_button = self._button(self.tr("空白考核登记表"), lambda: self.print_sheets(blank=True))
        self.scores_button = self._button(self.tr("空白评分表"), self.print_score_sheet)
        self.certificates_button = self._button(self.tr("荣誉证书"), self.print_certificates)
        row = QHBoxLayout()
        for button in (self.ranking_button, self.sheets_button, self.blank_button, self.scores_button,
                       self.certificates_button):  # fmt: skip
            row.addWidget(button)
        row.addStretch(1)
        grid.addLayout(row, 1, 1, 1, 3)
        self.period_note = hint_label()
        grid.addWidget(self.period_note, 2, 1, 1, 3)
        self.roster_button = self._button(self.tr("人员花名册（全部在册人员）"), self.print_roster)
        grid.addWidget(QLabel(self.tr("人员：")), 3, 0)
        roster_row = QHBoxLayout()
        roster_row.addWidget(self.roster_button)
        roster_row.addWidget(
            hint_label(self.tr("只打印部分人员或其他列：在“人员档案”中筛选后点“打印花名册”"), wrap=False)
        )
        roster_row.addStretch(1)
        grid.addLayout(roster_row, 3, 1, 1, 3)
        grid.setColumnStretch(3, 1)
        return box

    @staticmethod
    def _button(text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- data ----------------------------------------------------------------------------------------
    def refresh(self, changes: OpChanges) -> None:
        if changes.appraisal or changes.settings or changes.everything:
            self.reload()

    def reload(self) -> None:
        chosen = self.period_box.currentData()
        self.periods = {p.id: p for p in list_periods(self.ctx.db)}
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for period in self.periods.values():
            state = self.tr("已定稿") if period.finalized else self.tr("未定稿")
            self.period_box.addItem(f"{period.label}　{state}", period.id)
        self.period_box.setCurrentIndex(max(self.period_box.findData(chosen), 0))
        self.period_box.blockSignals(False)
        self._update_buttons()
        values = print_settings.load(self.ctx.db)
        if not self.certificate_box.is_modified() or not self.certificate_box.stored:
            self.certificate_box.load(values)
        self.font_box.show_fonts(print_settings.fonts_for(self.ctx.db), values)

    def period_id(self) -> int | None:
        return self.period_box.currentData()

    def _update_buttons(self) -> None:
        period = self.periods.get(self.period_id()) if self.period_id() is not None else None
        for button in (self.ranking_button, self.sheets_button, self.blank_button, self.scores_button):
            button.setEnabled(period is not None)
        self.certificates_button.setEnabled(period is not None and period.finalized)
        if period is None:
            self.period_note.setText(self.tr("还没有考核：在“考核”页导入成绩后可以打印排名表和登记表。"))
        elif not period.finalized:
            self.period_note.setText(
                self.tr("荣誉证书在考核定稿后才能打印（定稿时优秀人员记入荣誉并编号）。")
            )
        else:
            self.period_note.setText("")

    # --- printing ------------------------------------------------------------------------------------
    def print_ranking(self):
        if (period_id := self.period_id()) is not None:
            return actions.print_ranking(self, self.ctx, period_id)
        return None

    def print_sheets(self, *, blank: bool):
        if (period_id := self.period_id()) is not None:
            return actions.print_sheets(self, self.ctx, period_id, blank=blank)
        return None

    def print_score_sheet(self):
        if (period_id := self.period_id()) is not None:
            return actions.print_score_sheet(self, self.ctx, period_id)
        return None

    def print_certificates(self):
        if (period_id := self.period_id()) is not None:
            return actions.print_period_certificates(self, self.ctx, period_id)
        return None

    def print_roster(self):
        ids = [
            r[0] for r in self.ctx.db.execute("SELECT id FROM people WHERE deleted_at IS NULL ORDER BY id")
        ]
        return actions.print_roster(self, self.ctx, ids, DEFAULT_COLUMNS, "strokes")
