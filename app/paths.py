"""Where the office's data lives: the per-user application data folder, never the install folder."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "GrassrootsDesk"
DB_FILE_NAME = "grassroots.db"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILE_NAME
