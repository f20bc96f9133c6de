"""What the file-import commands of `grassroots appraisal` and `grassroots care` share: refusing a file that
cannot be read, a plan's read errors as the command's message, and a plan printed and then either left as it
is (--dry-run) or written after a backup, with the exit code.

Imported only when such a command runs, and importing nothing heavy at its top, like the command modules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any


def refuse_unreadable(path: Path) -> None:
    """Stop before opening the database when the file cannot be read at all."""
    from app.commands import CommandError
    from app.exchange.reader import unreadable_file

    if (unreadable := unreadable_file(path)) is not None:
        raise CommandError(f"无法导入“{path}”：{unreadable}")


@contextmanager
def plan_errors(path: Path) -> Iterator[None]:
    """A file that cannot be read or planned, as the command's message."""
    from app.commands import CommandError
    from app.exchange.plan import PlanError
    from app.exchange.reader import ReadError

    try:
        yield
    except (ReadError, PlanError) as exc:
        text = str(exc)
        raise CommandError(text if text.startswith("无法读取") else f"无法导入“{path}”：{text}") from exc


def backup_ahead(office: Any, *, dry_run: bool) -> AbstractContextManager[Any]:
    """The import's backup begun now, beside its dry run (app.backup_ahead); None for a dry run, which writes
    nothing. A backup the block does not take for its commit is deleted when it ends."""
    if dry_run:
        return nullcontext()
    from app.backup_ahead import BackupAhead

    return BackupAhead(office.path)


def run_plan(
    office: Any,
    plan: Any,
    described: Iterable[str],
    *,
    dry_run: bool,
    commit: Callable[[], Any],
    nothing_to_write: str,
    ahead: Any = None,
) -> int:
    """Print the plan, then leave the database alone (--dry-run) or back it up and `commit()`. `ahead`: the
    backup begun beside the dry run (backup_ahead), taken instead of making one now.

    Exit 0 when every row was imported or had nothing new, 2 when some rows were rejected."""
    from app.cli import EXIT_OK, EXIT_REJECTED

    print("\n".join(described))
    if dry_run:
        print("这是试运行（--dry-run），数据库没有改动。")
    elif not plan.to_write():
        print(nothing_to_write)
    else:
        _backup_and_commit(office, commit, ahead)
    return EXIT_REJECTED if plan.rejected() else EXIT_OK


def _backup_and_commit(office: Any, commit: Callable[[], Any], ahead: Any) -> None:
    import sqlite3

    from app.backups import commit_after_backup
    from app.commands import CommandError
    from app.jobs import failure_text
    from db.backup import BackupError

    try:
        if ahead is None:
            result, backup = commit_after_backup(office.db, office.path, commit)
        else:
            backup = ahead.take()
            result = commit()
    except (BackupError, sqlite3.Error, OSError) as exc:
        raise CommandError(f"导入没有完成，数据库保持导入前的样子：{failure_text(exc)}") from exc
    print(f"{result.message}。{backup_sentence(backup)}")


def backup_sentence(backup: Path | None) -> str:
    """What an import says of the backup made before it (None: the database was empty, nothing to keep)."""
    if backup is None:
        return "数据库原来是空的，导入前没有需要备份的数据。"
    from db.backup import describe_backup

    return f"导入前的数据已备份（{describe_backup(backup)}）：“{backup}”。"
