"""The rows of 今日待办 and the button drawn in each: a table model over the due items (app/care/rules.py
DueItem: kind, person, about, due date, days late — general, so other areas' reminders can be appended) and a
delegate that paints a push button in the last column and reports its click, so a thousand items cost no
thousand widgets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
)

from app.care.rules import DueItem
from ui.widgets import ReadOnlyTableModel

_LATE = QBrush(QColor("#b91c1c"))
_TODAY = QBrush(QColor("#b45309"))


class Col(IntEnum):
    KIND = 0
    NAME = 1
    SUBJECT = 2
    DUE = 3
    STATE = 4
    ACTION = 5


def state_text(days_late: int, deadline: bool = True) -> str:
    """逾期 3 天 / 今天到期 / 还有 2 天 (days_late is the day minus the due date); 已等待 3 天 without a deadline."""
    if not deadline:
        return f"已等待 {days_late} 天" if days_late > 0 else "待处理"
    if days_late > 0:
        return f"逾期 {days_late} 天"
    if days_late == 0:
        return "今天到期"
    return f"还有 {-days_late} 天"


def subject_text(item: DueItem) -> str:
    """事由; for an event's duty with the day it happened, which the clerk asks first (生病住院（2025-06-01 发生）)."""
    if item.event_id is not None and item.since is not None:
        return f"{item.subject}（{item.since.isoformat()} 发生）"
    return item.subject


class TodayModel(ReadOnlyTableModel[DueItem]):
    headers = {
        Col.KIND: "类型",
        Col.NAME: "姓名",
        Col.SUBJECT: "事由",
        Col.DUE: "到期日",
        Col.STATE: "期限",
        Col.ACTION: "办理",
    }

    def __init__(self, action_text: Callable[[str], str], parent=None):
        super().__init__(parent)
        self._action_text = action_text

    def total(self) -> int:
        """The lines shown (the roster model's name for it, which bench/startup.py watches)."""
        return len(self.rows)

    def cells(self, record: DueItem) -> Sequence[str]:
        return (
            record.kind, record.name, subject_text(record), record.due.isoformat(), state_text(record.days_late, record.deadline),
            self._action_text(record.kind),
        )  # fmt: skip

    def role_data(self, record: DueItem, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and column == Col.STATE:
            if not record.deadline:
                return None
            return _LATE if record.days_late > 0 else (_TODAY if record.days_late == 0 else None)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Col.NAME, Col.SUBJECT):
            return f"{record.name}（{record.id_number}）：{record.subject}"
        if role == Qt.ItemDataRole.ToolTipRole and column == Col.STATE:
            return state_text(record.days_late, record.deadline) or None
        return None


class ButtonDelegate(QStyledItemDelegate):
    """Draws the cell's text as a push button and emits `clicked(row)` when it is clicked."""

    clicked = Signal(int)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        button = QStyleOptionButton()
        button.rect = self._button_rect(option.rect)
        button.text = index.data() or ""
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, option.widget)

    @staticmethod
    def _button_rect(cell: QRect) -> QRect:
        return cell.adjusted(4, 2, -4, -2)

    def _pressed_button(self, event: QEvent, cell: QRect) -> bool:
        """A left click released on the button (not just anywhere in the cell)."""
        if event.type() != QEvent.Type.MouseButtonRelease or not isinstance(event, QMouseEvent):
            return False
        inside = self._button_rect(cell).contains(event.position().toPoint())
        return event.button() == Qt.MouseButton.LeftButton and inside

    def editorEvent(self, event: QEvent, model, option: QStyleOptionViewItem,  # noqa: N802
                    index: QModelIndex | QPersistentModelIndex) -> bool:  # fmt: skip
        if self._pressed_button(event, option.rect):
            self.clicked.emit(index.row())
            return True
        return super().editorEvent(event, model, option, index)
