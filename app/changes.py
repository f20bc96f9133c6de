"""What a write changed, so the main window can tell each page what to refresh (Anki's OpChanges)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Long work reports (done, total) and is told whether to keep going: False means the user cancelled.
Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class OpChanges:
    people: bool = False
    units: bool = False
    settings: bool = False
    recycle_bin: bool = False
    audit: bool = True
    # A restore or a new database: every page reloads everything.
    everything: bool = False


@dataclass(frozen=True)
class OpResult:
    changes: OpChanges
    record_id: int | None = None
    message: str = ""


class ValidationError(Exception):
    """Input that cannot be saved. `errors` maps a field name to a Chinese message naming what is wrong."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("；".join(errors.values()))


class OperationRefused(Exception):
    """A write that the data rules forbid (e.g. deleting a unit that still has people); message in Chinese."""
