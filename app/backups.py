"""Backups as write services: each returns what it changed, like every other write.

A backup writes no audit row (it changes no record) but it is a change all the same: the backup list and the
status bar's 最近备份 follow it. A restore replaces everything, so every page reloads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from app.changes import OpChanges, OpResult
from app.office import Office, restore_into
from db.backup import (
    backup_dir_for,
    backup_file_name,
    backup_to,
    describe_backup,
    inspect_backup,
    make_backup,
    rotate,
)

BACKUP_MADE = OpChanges(audit=False, backups=True)
RESTORED = OpChanges(everything=True)


def backup_to_folder(db: Database, db_path: Path, folder: Path) -> OpResult:
    """Copy the office's data into `folder` (a USB stick) with the SQLite backup API; `made` is the new file.

    `db` may be a job's own connection: the copy reads a consistent snapshot beside the open window."""
    dest = Path(folder) / backup_file_name(db_path, dt.datetime.now(), "manual")
    made = backup_to(db.conn, dest)
    return OpResult(BACKUP_MADE, message=f"已备份到“{made}”（{describe_backup(made)}）。", made=made)


def automatic_backup(office: Office, reason: str = "auto") -> OpResult:
    made = office.backup(reason)
    return OpResult(BACKUP_MADE, message=f"已自动备份（{describe_backup(made)}）。", made=made)


def restore_backup(office: Office, backup: Path) -> OpResult:
    """Replace the office's data with `backup`'s, after a safety backup of what is there now (`made`)."""
    info = inspect_backup(backup)
    # restore_into's safety backup does not rotate the folder, so `backup` is still there to read.
    safety = restore_into(office, backup)
    message = f"已从“{describe_backup(backup)}”恢复数据（{info.people} 名人员、{info.units} 个单位）。"
    if safety is not None:
        message += f"恢复前的数据已另存为“{describe_backup(safety)}”（文件 {safety.name}）。"
    return OpResult(RESTORED, message=message, made=safety)


def commit_after_backup(db: Database, db_path: Path, commit: Callable[[], OpResult]) -> tuple[OpResult, Path]:
    """A 批量操作前 backup, then `commit` (an import's one transaction): (what was written, the backup). The change
    names the backup too, so 备份与恢复 lists it.

    A commit that raises wrote nothing (its transaction rolled back: another program's SQLite lock, a full disk, a
    refusal): its backup is given back, deleted like a command-line import's (app.backup_ahead), with the folder
    when it was made for it. The folder's older backups are rotated only for a backup that is kept, so a failed
    attempt neither leaves a copy behind nor costs an older backup its place."""
    folder = backup_dir_for(db_path)
    new_folder = not folder.exists()
    backup = make_backup(db.conn, db_path, "bulk", rotating=False)
    try:
        result = commit()
    except BaseException:
        _give_back(backup, new_folder)
        raise
    rotate(folder, Path(db_path).stem, dt.datetime.now())
    return replace(result, changes=result.changes | OpChanges(backups=True)), backup


def _give_back(backup: Path, new_folder: bool) -> None:
    """Delete a backup nobody keeps; one that cannot be deleted stays, an extra copy of the office as it is."""
    try:
        backup.unlink(missing_ok=True)
    except OSError:
        return
    if new_folder:
        with contextlib.suppress(OSError):  # not empty: another backup came meanwhile, and stays
            backup.parent.rmdir()
