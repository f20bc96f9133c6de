"""The window's 导入关怀台账 commit: a 批量操作前 backup, then the plan's one transaction (app/care/ledger.py), on
the background job's own connection. The command line does the same through app/cli_support.py."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from app.care.ledger import LedgerPlan, commit_ledger
from app.changes import OpChanges, OpResult


def backup_and_commit(db: Database, db_path: Path, plan: LedgerPlan, actor: str) -> tuple[OpResult, Path]:
    """Back the database up, then write the rows the plan accepts; (what was written, the backup)."""
    from db.backup import make_backup

    backup = make_backup(db.conn, db_path, "bulk")
    result = commit_ledger(db, plan, actor)
    # The change names the backup too, so 备份与恢复 lists it.
    return replace(result, changes=result.changes | OpChanges(backups=True)), backup
