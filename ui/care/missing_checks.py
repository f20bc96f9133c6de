"""本年未体检: the people at work with no health check in the year, and a check recorded for those chosen at
once (a group examined on one day) — app/care/checks.py, one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.care.checks import record_health_checks
from app.care.queries import without_health_check
from app.changes import OperationRefused, ValidationError
from ui.care.form_parts import DATE_HINT, line_edit
from ui.context import AppContext
from ui.widgets import ReadOnlyTableModel, fit_to_screen, read_only_table, set_tone


class MissingModel(ReadOnlyTableModel[tuple]):
    headers = ("姓名", "公民身份号码")

    def cells(self, record: tuple) -> Sequence[str]:
        return (record[1], record[2])


class MissingChecksDialog(QDialog):
    """Public: `model`, `table`, `date_edit`, `place_edit`, `record_selected()`, `message`."""

    def __init__(self, ctx: AppContext, year: int, day: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        self.setWindowTitle(self.tr("{0}年尚未体检的人员").format(year))
        fit_to_screen(self, 560, 560)
        layout = QVBoxLayout(self)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setWordWrap(True)
        layout.addWidget(self.count_label)
        self.model = MissingModel(self)
        self.table = read_only_table(self.model, selection=QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(
            0, self.table.horizontalHeader().ResizeMode.Interactive
        )
        self.table.horizontalHeader().resizeSection(0, 110)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.date_edit = line_edit(day, "YYYY-MM-DD")
        self.date_edit.setToolTip(self.tr(DATE_HINT))
        self.place_edit = line_edit("", "体检地点，如：区人民医院体检中心")
        row.addWidget(QLabel(self.tr("体检日期")))
        row.addWidget(self.date_edit)
        row.addWidget(self.place_edit, 1)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setObjectName("formBanner")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.record_button = QPushButton(self.tr("为选中的人员登记体检"))
        self.record_button.clicked.connect(self.record_selected)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        buttons.addStretch(1)
        buttons.addWidget(self.record_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(without_health_check(self.ctx.db, self.year))
        self.count_label.setText(
            self.tr(
                "在岗（含试用期）人员中有 {0} 人在 {1} 年还没有体检记录。选中若干人（Ctrl、Shift 多选）后可一次登记。"
            ).format(self.model.rowCount(), self.year)
        )

    def record_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        ids = [self.model.rows[r][0] for r in rows]
        db, actor = self.ctx.db, self.ctx.actor
        try:
            self.ctx.office.check_writable()
            result = record_health_checks(db, ids, self.date_edit.text(), actor, self.place_edit.text())
        except ValidationError as exc:
            self._say("\n".join(exc.errors.values()), "error")
            return
        except OperationRefused as exc:
            self._say(str(exc), "error")
            return
        self.ctx.announce(result.changes, result.message)
        self._say(result.message, "ok")
        self.reload()

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_tone(self.message, tone)
