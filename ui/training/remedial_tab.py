"""补课 tab: the open remedial-training requirements that appraisals made (姓名, 单位, 考核, 总分, 要求天数, 状态),
and on request those already closed, with the course that closed them. 打印待补课名单 prints the open ones;
导出… saves them as .xlsx. A requirement is closed by recording attendance at a 补课 course (培训班 tab) or by
hand on 积分与表彰."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from app.training.person_summary import RemedialLine, remedial_lines
from ui.context import AppContext
from ui.training.exports import export_list
from ui.widgets import ReadOnlyTableModel, hint_label, read_only_table, table_or_empty
from ui.worker import JobHandle

_OPEN = QBrush(QColor("#b45309"))


class RemedialModel(ReadOnlyTableModel[RemedialLine]):
    headers = ("姓名", "单位", "考核", "总分", "要求天数", "状态", "完成补课的培训班")

    def cells(self, r: RemedialLine) -> Sequence[str]:
        state = f"{r.closed_on} 完成" if r.closed_on else "未完成"
        return (r.name, r.unit, r.period, r.total, f"{r.min_days} 个工作日", state, r.course or "")

    def role_data(self, record: RemedialLine, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and record.closed_on is None:
            return _OPEN
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _tip(self, record: RemedialLine, column: int) -> str | None:
        if column == 5:
            return f"{record.required_on} 起要求补课"
        if column == 6 and record.course_days:
            return f"{record.course}（{record.course_days} 个工作日）"
        return self.cells(record)[column] or None


class RemedialTab(QWidget):
    """Public: `reload()`, `model`, `table`, `closed_box`, `count_label`, `print_open()`, `export_open()`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)  # inside the tab frame, not on it
        row = QHBoxLayout()
        self.closed_box = QCheckBox(self.tr("显示已完成的补课"))
        self.closed_box.toggled.connect(lambda _on: self.reload())
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.print_button = QPushButton(self.tr("打印待补课名单"))
        self.print_button.clicked.connect(self.print_open)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setToolTip(self.tr("把未完成的补课名单保存为 Excel 文件"))
        self.export_button.clicked.connect(lambda: self.export_open())
        row.addWidget(self.closed_box)
        row.addStretch(1)
        row.addWidget(self.count_label)
        row.addWidget(self.print_button)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.model = RemedialModel(self)
        self.table = read_only_table(self.model, resize=QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((70, 100, 240, 55, 84, 128)):
            header.resizeSection(column, width)
        self.stack, self.empty = table_or_empty(self.table, "")
        layout.addWidget(self.stack, 1)
        layout.addWidget(hint_label(self.tr(
            "考核定稿时总分低于补课分数线的人员在此列出；记录他们参加“补课”类培训班（不少于要求的工作日）的学时后，"
            "补课即完成，也可在“积分与表彰”页面登记。"
        )))  # fmt: skip

    def reload(self) -> None:
        everything = remedial_lines(self.ctx.db)
        open_ones = [r for r in everything if r.closed_on is None]
        self.model.set_rows(everything if self.closed_box.isChecked() else open_ones)
        self.count_label.setText(
            self.tr("未完成 {0} 人次，已完成 {1} 人次").format(
                len(open_ones), len(everything) - len(open_ones)
            )
        )
        self.empty.setText(self.tr("没有补课要求。") if not everything else self.tr("没有未完成的补课。"))
        self.stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        for button in (self.print_button, self.export_button):
            button.setEnabled(bool(open_ones))

    def print_open(self) -> JobHandle:
        from app.printing.training_service import open_remedial
        from ui.printing.actions import run_print

        return run_print(self, self.ctx, self.tr("待补课名单"), lambda db, out, progress: open_remedial(
            db, out, progress=progress))  # fmt: skip

    def export_open(self) -> JobHandle | None:
        from app.training.list_export import export_open_remedial

        return export_list(
            self, self.ctx, self.tr("待补课名单"), lambda db, out: export_open_remedial(db, out)
        )
