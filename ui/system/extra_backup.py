"""另存备份: a second place (a USB stick, a shared folder) that gets a copy of the backup made when the program
closes with changes. The folder is a setting of this PC (QSettings), not of the data: a drive letter means
something only on the computer where it was chosen.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "backup/extra_folder"


def folder() -> Path | None:
    value = QSettings().value(KEY, "", type=str)
    return Path(value) if value else None


def set_folder(path: Path | None) -> None:
    state = QSettings()
    if path is None:
        state.remove(KEY)
    else:
        state.setValue(KEY, str(path))


def mirror(made: Path | None, target: Path | None = None) -> Path | None:
    """Copy a finished backup file into the extra folder; None when there is none to copy or nowhere to put it
    (the stick is not plugged in). A backup file is complete and closed, so a file copy is a faithful one."""
    target = target if target is not None else folder()
    if made is None or target is None or not made.is_file():
        return None
    if not target.is_dir():
        print(f"另存备份：文件夹“{target}”不存在（U盘没插？），本次没有另存。", file=sys.stderr)
        return None
    dest = target / made.name
    try:
        shutil.copy2(made, dest)
    except OSError as exc:
        print(f"另存备份到“{target}”失败：{exc}", file=sys.stderr)
        return None
    return dest
