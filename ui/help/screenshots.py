"""Make the user guide's screenshots from the demo data:  python -m ui.help.screenshots [OUTDIR]

Draws offscreen (QT_QPA_PLATFORM=offscreen) at a fixed window size, grabs each screen with QWidget.grab(), and
writes small palette PNGs into resources/guide/ (or OUTDIR). Run it again when a screen the guide shows changes,
look at the pictures, and commit them.
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


def save(widget, name: str, out: Path) -> Path:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
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
    empty = open_office(folder / "新数据库.db", lock=False)
    first = FirstStartPage(AppContext(empty, "演示"))
    first.resize(*SIZE)
    first.edits["office_name"].setText("中共××区委组织部")
    first.backup_edit.setText("E:\\基层队伍备份")
    first.show()
    save(first, "first-start", out)
    first.close()

    office = open_office(folder / "演示数据库.db", lock=False)
    build_demo(office.db, 300)
    settings.save(office.db, {"office_name": "中共××区委组织部", "issuer": "中共××区委组织部"}, "演示")
    ctx = AppContext(office, "演示")
    window = MainWindow(ctx)  # with its 帮助 menu
    window.resize(*SIZE)
    window.show()
    window.page("roster").reload()
    app.processEvents()
    save(window, "roster", out)
    for key in ("units", "backup", "settings"):
        window.show_page([p.key for p in window_pages()].index(key))
        save(window, key, out)

    from ui.exchange.wizard import ImportWizard

    wizard = ImportWizard(ctx, None, window)
    wizard.resize(900, 620)
    wizard.show()
    save(wizard, "import", out)
    wizard.close()

    about = AboutDialog(window, ctx)
    about.show()
    save(about, "about", out)
    about.close()
    window.close()
    office.close(backup_if_changed=False)
    empty.close(backup_if_changed=False)
    return 0


def window_pages():
    from ui.pages import PAGES

    return PAGES


if __name__ == "__main__":
    sys.exit(main())
