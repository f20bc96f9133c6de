"""Make the user guide's screenshots from the demo data:  python -m ui.help.screenshots [OUTDIR]

Draws offscreen (QT_QPA_PLATFORM=offscreen) at a fixed window size, grabs each screen with QWidget.grab(), and
writes small palette PNGs into resources/guide/ (or OUTDIR). The paths the screens show (the database, its backups,
the file being imported) are written as on an office PC (C:\\Users\\…), not as this run's temporary folders. Run it
again when a screen the guide shows changes, look at the pictures, and commit them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parent.parent.parent / "resources" / "guide"
SIZE = (1180, 720)
WIDTH = 900  # pixels of the saved picture: readable in the guide window, small in the repository


# Where the pictures' files are on the office PC: the demo lives in a temporary folder, which the screens would show.
DATA_FOLDER = "C:\\Users\\Administrator\\AppData\\Local\\GrassrootsDesk"
DESKTOP = "C:\\Users\\Administrator\\Desktop"


def save(widget, name: str, out: Path, places: dict[Path, str]) -> Path:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    show_as_on_windows(widget, places)
    QApplication.processEvents()  # the status bar lays the longer texts out again
    image = widget.grab().toImage()
    if image.width() > WIDTH:
        image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
    path = out / f"{name}.png"
    image.save(str(path), "PNG")
    try:  # a 64-colour palette keeps a screenshot of a form around 30-60 KB
        from PIL import Image

        with Image.open(path) as picture:
            picture.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE).save(path, optimize=True)
    except ImportError:
        pass
    print(f"{path} ({path.stat().st_size // 1024} KB)")
    return path


def show_as_on_windows(root, places: dict[Path, str]) -> None:
    """Each path a label or box of `root` shows, written as on the office PC: a temporary folder of this run
    becomes its Windows counterpart (`places`), with backslashes."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    for widget in [*root.findChildren(QLabel), *root.findChildren(QLineEdit)]:
        text = widget.text()
        shown = windows_paths(text, places)
        if shown != text:
            widget.setText(shown)


def windows_paths(text: str, places: dict[Path, str]) -> str:
    """'数据库：/tmp/x/演示.db' -> '数据库：C:\\Users\\…\\演示.db' for places {Path('/tmp/x'): 'C:\\Users\\…'}."""
    import re

    for folder, windows in sorted(places.items(), key=lambda item: -len(str(item[0]))):  # the deeper first
        pattern = re.escape(str(folder)) + r"((?:/[^\s/：，。；（）“”]+)*)"
        text = re.sub(pattern, lambda m, w=windows: w + m.group(1).replace("/", "\\"), text)
    return text


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QSettings

    from ui.gui import make_application

    app = make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())

    from app import settings
    from app.demo import build_demo
    from app.office import open_office
    from ui.context import AppContext
    from ui.help.about import AboutDialog
    from ui.main_window import MainWindow
    from ui.system.first_start import FirstStartPage

    folder = Path(tempfile.mkdtemp(prefix="grassroots-shots-"))
    desk = folder / "desk"
    desk.mkdir()
    from app.paths import data_dir

    places = {folder: DATA_FOLDER, desk: DESKTOP, data_dir(): DATA_FOLDER}
    empty = open_office(folder / "新数据库.db", lock=False)
    first = FirstStartPage(AppContext(empty, "演示"))
    first.resize(*SIZE)
    first.edits["office_name"].setText("中共××区委组织部")
    first.backup_edit.setText("E:\\基层队伍备份")
    first.show()
    from PySide6.QtWidgets import QFrame

    save(first.findChild(QFrame, "firstStartCard"), "first-start", out, places)
    first.close()

    office = open_office(folder / "演示数据库.db", lock=False)
    build_demo(office.db, 300)
    settings.save(office.db, {"office_name": "中共××区委组织部", "issuer": "中共××区委组织部"}, "演示")
    ctx = AppContext(office, "演示")
    window = MainWindow(ctx)  # with its 帮助 menu
    window.resize(*SIZE)
    window.show()
    window.show_page([p.key for p in window_pages()].index("roster"))
    window.page("roster").reload()
    app.processEvents()
    save(window, "roster", out, places)
    for key in (
        "today",
        "units",
        "appraisal",
        "merits",
        "care",
        "training",
        "mentoring",
        "printing",
        "backup",
        "settings",
    ):
        window.show_page([p.key for p in window_pages()].index(key))
        if key == "today":  # filled after the window's first frame, which an offscreen window never signals
            window.page(key).reload()
        if key == "mentoring":  # the year's confirmed 双向选择: its groups and counts say more than the pool
            window.page(key).tabs.setCurrentIndex(2)
        if key == "backup":  # a few days' backups, as an office has them, not an empty list
            from app.backups import automatic_backup

            for reason in ("auto", "bulk", "exit"):
                made = automatic_backup(office, reason)
            ctx.announce(made.changes)  # as the app says it: the page and the status bar
        settle(app)
        save(window, key, out, places)
        if key == "appraisal":  # the same period's 排名与定稿 tab: grades, reasons, 调整等次 and 定稿
            from PySide6.QtWidgets import QTabWidget

            window.page(key).findChild(QTabWidget).setCurrentIndex(1)
            settle(app)
            save(window, "ranking", out, places)

    from ui.exchange.wizard import ImportWizard

    wizard = ImportWizard(ctx, None, window)
    wizard.resize(1100, 700)
    wizard.show()
    wizard.file_page.load(street_file(office.db, desk / "玉林街道社区工作者花名册.xlsx"))
    settle(app)
    for _step in ("mapping", "preview"):
        wizard.next()
        settle(app)
    save(wizard, "import", out, places)
    wizard.close()

    about = AboutDialog(window, ctx)
    about.show()
    save(about, "about", out, places)
    about.close()
    window.close()
    office.close(backup_if_changed=False)
    empty.close(backup_if_changed=False)
    return 0


def settle(app) -> None:
    """Let the background jobs (reading the file, the dry run) finish and their results reach the window."""
    import time

    from ui.worker import running_jobs

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        app.processEvents()
        if not running_jobs():
            break
        time.sleep(0.02)
    app.processEvents()


def street_file(db, path: Path) -> Path:
    """A roster as a street sends it: a title and 填报单位 above the header, two known people (one with a new
    phone number), new people, a wrong ID number and a 合计 row."""
    from openpyxl import Workbook

    from app.people.idnumber import check_digit

    known = db.execute(
        "SELECT p.name, p.id_number, p.phone, parent.name || ' / ' || u.name, p.political_status, p.education "
        "FROM people p JOIN org_units u ON u.id = p.unit_id JOIN org_units parent ON parent.id = u.parent_id "
        "WHERE p.deleted_at IS NULL AND p.role = 'community_worker' AND u.name LIKE '%社区' ORDER BY p.id LIMIT 2"
    ).fetchall()
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["2026年玉林街道社区工作者花名册"])
    sheet.append(["填报单位：玉林街道办事处", None, None, None, "填报时间：2026年11月"])
    sheet.append(["序号", "姓名", "身份证号", "所在社区", "人员类别", "手机", "政治面貌", "学历"])
    unit = known[0][3]
    rows = [
        (n, number, "13900001111" if i == 0 else phone, u, ps, ed)
        for i, (n, number, phone, u, ps, ed) in enumerate(known)
    ]
    for serial, name in enumerate(["李晓燕", "王建国", "赵雨萱"], start=1):
        first17 = f"510107{1988 + serial}0{serial}15{serial:03d}"
        rows.append(
            (name, first17 + check_digit(first17), f"1380000{serial:04d}", unit, "中共党员", "大学本科")
        )
    rows.append(
        ("陈思远", "510107199005061235", "13800005555", unit, "群众", "大学专科")
    )  # wrong check digit
    for index, (name, number, phone, unit_path, political, education) in enumerate(rows, start=1):
        sheet.append([index, name, number, unit_path, "社区工作者", phone, political, education])
    sheet.append(["合计", f"{len(rows)}人"])
    book.save(path)
    return path


def window_pages():
    from ui.pages import PAGES

    return PAGES


if __name__ == "__main__":
    sys.exit(main())
