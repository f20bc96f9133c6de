"""What every page shares: the open office, who is working, and one way to run a write and broadcast it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.office import Office
from ui import dialogs


class AppContext(QObject):
    """Pages never reach into each other: a write goes through `perform`, and `changed` tells every page."""

    changed = Signal(object)  # OpChanges
    status_message = Signal(str)

    def __init__(self, office: Office, actor: str):
        super().__init__()
        self.office = office
        self.actor = actor

    @property
    def db(self):
        return self.office.db

    def perform(
        self, parent: QWidget | None, op: Callable[[], OpResult], *, title: str = "无法保存"
    ) -> OpResult | None:
        """Run a service call; show a refusal in Chinese and return None, or broadcast what changed."""
        try:
            self.office.check_writable()  # read-only media or a newer version's file: say why, write nothing
            result = op()
        except ValidationError as exc:
            dialogs.warn(parent, title, "\n".join(exc.errors.values()))
            return None
        except OperationRefused as exc:
            dialogs.warn(parent, title, str(exc))
            return None
        self.announce(result.changes, result.message)
        return result

    def announce(self, changes: OpChanges, message: str = "") -> None:
        self.changed.emit(changes)
        if message:
            self.status_message.emit(message)
