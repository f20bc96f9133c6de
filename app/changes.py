"""What a write changed, so the main window can tell each page what to refresh (Anki's OpChanges)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Long work reports (done, total) and is told whether to keep going: False means the user cancelled.
Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class OpChanges:
    """What kinds of data a write touched; each page refreshes only when its kinds are among them."""

    people: bool = False
    units: bool = False
    settings: bool = False
    recycle_bin: bool = False
    # New rows in the audit log (操作记录). A backup writes none.
    audit: bool = True
    # A backup file was made: the backup list and the status bar's 最近备份 change.
    backups: bool = False
    # A roster import was recorded or undone (导入记录).
    imports: bool = False
    # Appraisals: schemes, periods, scores, grades, finalizing, honors (考核).
    appraisal: bool = False
    # Care: events, visits, talks, greetings, health checks, the budget (关怀), and so the reminders (今日待办).
    care: bool = False
    # Training and mentoring: courses, enrolments and hours, the mentor pool, selection rounds, pairs (培训与导师).
    training: bool = False
    # A restore or a new database: every page reloads everything.
    everything: bool = False

    def __or__(self, other: OpChanges) -> OpChanges:
        """Two changes as one: a page refreshes for the union (a batch of writes announces once)."""
        return OpChanges(**{f: getattr(self, f) or getattr(other, f) for f in self.__dataclass_fields__})


@dataclass(frozen=True)
class OpResult:
    changes: OpChanges
    record_id: int | None = None
    message: str = ""
    # What the write made, when the caller needs it (a backup's path, an import's batch).
    made: Any = None


class ValidationError(Exception):
    """Input that cannot be saved. `errors` maps a field name to a Chinese message naming what is wrong."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("；".join(errors.values()))


class OperationRefused(Exception):
    """A write that the data rules forbid (e.g. deleting a unit that still has people); message in Chinese."""
