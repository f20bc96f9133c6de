"""Step 1, 选择文件: a file chooser or a dropped file, read in a background job; a file that cannot be read says
why on the page. Also 下载导入模板…, offered here for offices whose streets have no sheet yet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizardPage

from app.exchange.reader import ReadError, Sheet, read_workbook
from app.jobs import failure_text
from ui import dialogs
from ui.exchange.common import (
    IMPORT_FILTER,
    StepJob,
    dropped_file,
    error_label,
    page_button,
    save_xlsx_as,
    show_error,
    tr,
)
from ui.widgets import FileDropTarget, hint_label, selectable_label
from ui.worker import Job, JobHandle

if TYPE_CHECKING:
    from ui.exchange.wizard import ImportWizard


def read_sheets(path: Path, unreadable: str) -> list[Sheet]:
    """read_workbook, in the job: a failure the reader did not foresee is still a ReadError naming the file
    (`unreadable` is its lead, said on the UI thread)."""
    try:
        return read_workbook(path)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 — an unreadable file must say so, not crash the window
        raise ReadError(unreadable + failure_text(exc)) from exc


def save_import_template(parent: QWidget | None) -> Path | None:
    """下载导入模板…: ask where, write the template, say where it went."""
    from app.exchange.template import write_template

    title = tr("下载导入模板")
    saved = save_xlsx_as(parent, title, tr("花名册导入模板.xlsx"), write_template)
    if saved is None:
        return None
    out = saved[0]
    dialogs.inform(
        parent,
        title,
        tr(
            "导入模板已保存到：\n{0}\n\n请把它发给各街道、社区填写。填好发回后，用“导入花名册…”导入；"
            "表头为红色的列必须填写，“填写说明”工作表解释了每一列。"
        ).format(out),
    )
    return out


class FilePage(FileDropTarget, QWizardPage):
    """1. 选择文件: a file chooser or a dropped file, read in the background; a file that cannot be read says why."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.flow = wizard
        self.setTitle(self.tr("第 1 步，共 4 步：选择文件"))
        self.setSubTitle(
            self.tr("选择街道、社区报送的花名册（Excel 或 CSV 文件），也可以把文件直接拖到这里。")
        )
        self.setAcceptDrops(True)
        self._reading = StepJob()
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("尚未选择文件"))
        self.choose_button = page_button(self.tr("选择文件(&O)…"))
        self.choose_button.clicked.connect(self.choose)
        row.addWidget(QLabel(self.tr("文件：")))
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)

        self.drop_area = QLabel(self.tr("把 Excel 或 CSV 文件拖到这里"))
        self.drop_area.setObjectName("dropArea")
        self.drop_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_area.setMinimumHeight(120)
        layout.addWidget(self.drop_area, 1)
        self.status_label = selectable_label()
        self.status_label.setObjectName("readStatus")
        layout.addWidget(self.status_label)
        self.error_label = error_label()
        layout.addWidget(self.error_label)
        layout.addSpacing(12)

        template_row = QHBoxLayout()
        template_row.addWidget(
            hint_label(
                self.tr(
                    "可以导入 .xlsx、.xls 和 .csv 文件。表格上方的标题、填报单位行和表格末尾的合计行会自动跳过；"
                    "下一步会显示找到的表头和每一列的对应关系，导入前还会逐行预览，确认后才写入。"
                    "各单位还没有表格时，可以先下载导入模板发给他们填写。"
                )
            ),
            1,
        )
        self.template_button = page_button(self.tr("下载导入模板…"))
        self.template_button.clicked.connect(lambda: save_import_template(self))
        template_row.addWidget(self.template_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(template_row)

    def initializePage(self) -> None:  # noqa: N802
        pending = self.flow.path if self.flow.sheets is None else None
        if pending is not None and not self.path_edit.text():
            self.path_edit.setText(str(pending))
            QTimer.singleShot(0, self, lambda: self.load(pending))

    def isComplete(self) -> bool:  # noqa: N802
        return self.flow.sheets is not None

    def choose(self) -> None:
        start = str(self.flow.path.parent) if self.flow.path else ""
        path = dialogs.open_file(self, self.tr("选择要导入的花名册"), IMPORT_FILTER, start)
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> JobHandle | None:
        """Start reading `path` in the background; what came of it shows on this page when it is read.
        None (and nothing changes) while another file is still being read: a second drop must not race it."""
        if self._reading.running:
            return None
        path = Path(path)
        self.flow.set_sheets(path, None)
        self.path_edit.setText(str(path))
        self.status_label.clear()
        show_error(self.error_label, "")
        self.completeChanged.emit()
        # Said here, on the UI thread: the worker only raises.
        unreadable = self.tr("无法读取“{0}”：").format(path.name)
        return self._reading.start(
            self,
            Job(
                title=self.tr("读取表格"),
                work=lambda _progress: read_sheets(path, unreadable),
                on_done=lambda sheets: self._read(path, sheets),
                on_failed=lambda message: show_error(self.error_label, message),
                cancellable=False,  # reading is one call into the reader: nothing to stop part-way
            ),
        )

    def _read(self, path: Path, sheets: list[Sheet]) -> None:
        if not sheets:
            show_error(
                self.error_label, self.tr("文件“{0}”中没有任何内容，请确认选对了文件").format(path.name)
            )
            return
        self.flow.set_sheets(path, sheets)
        described = "、".join(self.tr("工作表“{0}”共 {1} 行").format(s.name, len(s.rows)) for s in sheets[:6])
        if len(sheets) > 6:
            described += self.tr(" 等 {0} 个工作表").format(len(sheets))
        self.status_label.setText(self.tr("✓ 已读取“{0}”：{1}。请点“下一步”。").format(path.name, described))
        self.completeChanged.emit()

    def accepted_file(self, mime: QMimeData) -> Path | None:
        return dropped_file(mime)

    def file_dropped(self, path: Path) -> None:
        self.load(path)
