"""The window's 导入关怀台账 commit: a 批量操作前 backup, then the plan's one transaction (app/care/ledger.py), on
the background job's own connection. The command line does the same through app/cli_support.py."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from app.care.ledger import LedgerPlan, commit_ledger
from app.changes import OpResult


def backup_and_commit(db: Database, db_path: Path, plan: LedgerPlan, actor: str) -> tuple[OpResult, Path]:
    """Back the database up, then write the rows the plan accepts; (what was written, the backup)."""
    from db.backup import make_backup

    backup = make_backup(db.conn, db_path, "bulk")
    return commit_ledger(db, plan, actor), backup
