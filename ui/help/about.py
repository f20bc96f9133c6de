"""关于: the version, where the office's data is (folder, database, backups), and the licences of what the program
bundles. Paths are selectable so that a clerk can copy them into an e-mail to IT."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import fit_to_screen, hint_label, page_title

# (component, what it does here, licence). Everything the Windows build bundles that carries a licence.
COMPONENTS: list[tuple[str, str, str]] = [
    ("Python 3.11", "程序运行环境", "PSF License"),
    ("Qt 6 / PySide6", "窗口界面（动态链接，可在安装文件夹中替换）", "LGPL v3"),
    ("SQLite", "数据库", "公有领域（Public Domain）"),
    ("sqlite-utils", "数据库访问与升级", "Apache License 2.0"),
    ("ReportLab", "生成 PDF 打印文件", "BSD License"),
    ("openpyxl", "读写 Excel 文件", "MIT License"),
    ("python-calamine", "读取 Excel/WPS 文件（含 .xls）", "MIT License"),
    ("Pillow", "照片处理", "MIT-CMU License"),
    ("platformdirs", "数据文件夹位置", "MIT License"),
    ("click、python-dateutil、tabulate、pluggy、tzdata", "sqlite-utils 所需的组件", "BSD / Apache 2.0 / MIT"),
]
# Data and fonts that come with the program.
DATA: list[tuple[str, str, str]] = [
    (
        "拼音数据（pypinyin 的 pinyin-data、phrase-pinyin-data 整理而成）",
        "汉字和词语的拼音，拼音检索与排序",
        "MIT License",
    ),
    ("笔画顺序数据（cnchar-order）", "花名册等按姓氏笔画排序", "MIT License"),
    ("Bitstream Vera 字体（随 ReportLab 提供）", "PDF 中的西文备用字体", "Bitstream Vera Fonts License"),
    ("ReportLab 标准 Type 1 字体度量", "PDF 中的西文字体", "BSD License（ReportLab）"),
    ("Qt 简体中文翻译（qtbase_zh_CN.qm）", "“确定”“取消”等标准按钮", "LGPL v3"),
]
FONT_NOTE = (
    "程序不附带中文字体：屏幕显示和打印文件使用 Windows 自带的宋体、黑体、仿宋、楷体和微软雅黑，"
    "它们随 Windows 授权使用。"
)


def _licence_html(tr) -> str:
    def rows(entries: list[tuple[str, str, str]]) -> str:
        return "".join(
            f"<tr><td>{name}</td><td>{tr(use)}</td><td>{licence}</td></tr>" for name, use, licence in entries
        )

    head = f"<tr><th align='left'>{tr('名称')}</th><th align='left'>{tr('用途')}</th><th align='left'>{tr('许可')}</th></tr>"
    table = "<table cellspacing='0' cellpadding='3' width='100%'>{0}{1}</table>"
    return (
        f"<p><b>{tr('随程序提供的组件')}</b></p>"
        + table.format(head, rows(COMPONENTS))
        + f"<p><b>{tr('随程序提供的数据和字体')}</b></p>"
        + table.format(head, rows(DATA))
        + f"<p>{tr(FONT_NOTE)}</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, ctx=None):
        super().__init__(parent)
        from app.cli import app_version
        from app.paths import data_dir
        from db.backup import backup_dir_for

        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("关于基层队伍管理系统"))
        fit_to_screen(self, 720, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("基层队伍管理系统")))
        self.version = app_version()
        layout.addWidget(
            hint_label(
                self.tr("版本 {0}　·　Python {1}　·　Qt {2}（PySide6 {3}）").format(
                    self.version, platform.python_version(), qVersion(), pyside_version
                ),
                wrap=False,
            )
        )

        db_path: Path | None = ctx.office.path if ctx is not None else None
        self.paths = {
            "data": data_dir(),
            "db": db_path,
            "backups": backup_dir_for(db_path) if db_path is not None else None,
        }
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        labels = {"data": "数据文件夹：", "db": "当前数据库：", "backups": "自动备份："}
        for key, label in labels.items():
            value = QLabel(str(self.paths[key]) if self.paths[key] is not None else self.tr("（尚未打开）"))
            value.setObjectName(f"about_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            form.addRow(self.tr(label), value)
        layout.addLayout(form)
        layout.addWidget(
            hint_label(self.tr("卸载或升级程序不会删除数据文件夹；请定期把备份另存到U盘等其他地方。"))
        )

        self.licences = QTextBrowser()
        self.licences.setObjectName("aboutLicences")
        self.licences.setHtml(_licence_html(self.tr))
        layout.addWidget(self.licences, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
