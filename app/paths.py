"""Where the office's data lives: the per-user application data folder, never the install folder."""

from __future__ import annotations

import contextlib
from pathlib import Path

APP_NAME = "GrassrootsDesk"
DB_FILE_NAME = "grassroots.db"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_db_path() -> Path:
    """The database the window opens by default, with its folder created: that folder is ours. (A folder a user
    typed is never created: `open_office` refuses it, so a mistyped path cannot "succeed".)"""
    folder = data_dir()
    # If it cannot be made, open_office says in Chinese that the folder is missing.
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return folder / DB_FILE_NAME
