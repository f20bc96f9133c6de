"""PySide6 6.12.0 dropped a reference to True on every signal emit from Python; on Python 3.11 a few thousand
emits abort the interpreter ("bool_dealloc"). pyproject.toml keeps PySide6 below 6.12 until this passes again."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Signal


class _Emitter(QObject):
    with_value = Signal(object)
    bare = Signal()


class _Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):  # noqa: B008, N802
        return 0

    def columnCount(self, parent=QModelIndex()):  # noqa: B008, N802
        return 0

    def data(self, index, role=0):
        return None


def _true_references_lost(action, times: int = 300) -> int:
    gc.collect()
    before = sys.getrefcount(True)
    for _ in range(times):
        action()
    gc.collect()
    return before - sys.getrefcount(True)


def test_signal_emits_keep_their_references(qapp):
    emitter, model = _Emitter(), _Model()
    emitter.with_value.connect(lambda value: None)
    emitter.bare.connect(lambda: None)
    assert _true_references_lost(lambda: emitter.with_value.emit(1)) < 50
    assert _true_references_lost(emitter.bare.emit) < 50
    assert _true_references_lost(model.layoutChanged.emit) < 50
