"""Start the window: Qt set up for Chinese, the office database opened (or recovered), the main window shown."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from app.paths import APP_NAME, default_db_path
from ui import dialogs

if TYPE_CHECKING:
    from app.office import Office

UI_FONTS = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "SimSun",
]


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("基层队伍管理系统")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    # Standard buttons and dialogs (确定/取消, file dialogs) come from Qt's own Chinese translation.
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSize(10)
    app.setFont(font)
    app.setStyle("Fusion")
    app.setStyleSheet(_style_sheet())
    return app


def _style_sheet() -> str:
    # The resources package lies beside this one, in a checkout, a wheel and the PyInstaller folder alike;
    # a plain path costs nothing at start-up, importlib.resources ~17 ms.
    folder = Path(__file__).resolve().parent.parent / "resources"
    icons = (folder / "icons").as_posix()
    return (folder / "style.qss").read_text(encoding="utf-8").replace("{icons}", icons)


def _demo_path() -> Path:
    import tempfile

    from app.demo import build_demo
    from app.office import open_office

    path = Path(tempfile.mkdtemp(prefix="grassroots-demo-")) / "演示数据库.db"
    office = open_office(path, lock=False)
    build_demo(office.db, 300)
    office.close(backup_if_changed=False)
    return path


def open_with_recovery(path: Path) -> Office | None:
    """Open the database; if it is damaged, offer the newest good backup. None when the user cannot go on."""
    from app.office import OfficeError, open_office, recover_from_backup

    try:
        return open_office(path)
    except OfficeError as exc:
        if exc.in_use or exc.good_backup is None:
            dialogs.warn(None, "无法打开数据库", exc.message)
            return None
        question = (
            f"{exc.message}\n\n找到最近的完好备份：\n{exc.good_backup.name}\n\n"
            "是否用它恢复？原数据库文件会改名保留，不会删除。"
        )
        if not dialogs.ask(None, "数据库无法使用", question):
            return None
        try:
            office, aside = recover_from_backup(path, exc.good_backup)
        except Exception as error:  # a second failure is shown, never a traceback
            dialogs.warn(None, "恢复失败", f"从备份恢复失败：{error}")
            return None
        dialogs.inform(None, "已恢复", f"已从备份恢复。原文件已改名保存为：\n{aside}")
        return office


def run(db_path: Path | None = None, demo: bool = False) -> int:
    app = make_application()
    if demo:
        db_path = _demo_path()
    path = Path(db_path) if db_path else default_db_path()
    from ui.main_window import MainWindow

    # The window is shown first and the office opened right after its first frame (MainWindow.start): the
    # data layer's imports and the integrity check are not paid before anything is on screen.
    window = MainWindow(db_path=path)
    opened: list[Office] = []

    def open_office_now():
        from app.clock import current_actor
        from ui.context import AppContext

        office = open_with_recovery(path)
        if office is None:
            app.exit(1)
            return None
        opened.append(office)
        context = AppContext(office, current_actor())
        if not demo:
            from ui.system.first_start import needs_first_start, show_first_start

            if needs_first_start(office.db):  # a database nobody has set up: 初始设置, not an empty roster
                QTimer.singleShot(0, window, lambda: show_first_start(window, context))
        return context

    window.start(open_office_now)
    code = app.exec()
    for office in opened:
        try:
            made = office.close(backup_if_changed=not demo)
        except Exception as exc:  # the data is safe in the database; only the exit backup failed
            print(f"退出时备份失败：{exc}", file=sys.stderr)
        else:
            if not demo:
                from ui.system import extra_backup

                extra_backup.mirror(made)  # 另存备份 (a USB stick), when the clerk chose one
    if demo:
        import shutil

        shutil.rmtree(Path(db_path).parent, ignore_errors=True)  # the demo copy was throwaway by design
    return code
