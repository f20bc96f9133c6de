"""What the file-import commands (`grassroots import roster`, `appraisal import`, `care import`, `training
import`) share: refusing a file that cannot be read, a plan's read errors as the command's message, a plan
printed and then either left as it is (--dry-run) or written after a backup, with the exit code, and a commit
that fails said the same way by each, its backup given back.

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
    from app.backup_ahead import BackupAhead

    # Without a backup begun beside the plan, one is made now, through the same BackupAhead: a failed commit
    # gives it back in one way for every import.
    with (
        nullcontext(ahead) if ahead is not None else BackupAhead(office.path) as backing_up,
        commit_failures(office.path, backing_up),
    ):
        backup = backing_up.take()
        result = commit()
    print(f"{result.message}。{backup_sentence(backup)}")


@contextmanager
def commit_failures(path: Path, ahead: Any) -> Iterator[None]:
    """An import's backup and its one transaction: a failure in either leaves the database as it was, so the
    backup taken for it (`ahead`, a BackupAhead, or None) keeps nothing new and is given back, to be deleted like
    one nobody took. Raised as the command's error: exit 3 for another program's SQLite lock (a copy of this app
    is stopped earlier by its lock file), as beside a window, else 1."""
    import sqlite3

    from app.cli import EXIT_IN_USE
    from app.commands import CommandError
    from app.jobs import failure_text
    from db.backup import BackupError
    from db.errors import is_busy
    from db.lock import DatabaseInUse

    try:
        yield
    except (BackupError, sqlite3.Error, OSError) as exc:
        if ahead is not None:
            ahead.give_back()
        said = "导入没有完成，数据库保持导入前的样子："
        if is_busy(exc):
            raise CommandError(f"{said}{DatabaseInUse(path)}", EXIT_IN_USE) from exc
        raise CommandError(f"{said}{failure_text(exc)}") from exc


def backup_sentence(backup: Path | None) -> str:
    """What an import says of the backup made before it (None: the database was empty, nothing to keep)."""
    if backup is None:
        return "数据库原来是空的，导入前没有需要备份的数据。"
    from db.backup import describe_backup

    return f"导入前的数据已备份（{describe_backup(backup)}）：“{backup}”。"
