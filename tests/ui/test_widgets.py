"""Shared widget helpers (ui/widgets.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ui.widgets import fit_to_screen


def test_a_window_asks_for_no_more_than_its_screen_can_show(qtbot):
    """A 1366×768 laptop at 125 % leaves about 1093×574: a dialog sized for a big screen would hide its buttons."""
    big = QDialog()
    qtbot.addWidget(big)
    big.setMinimumSize(5000, 3000)
    fit_to_screen(big, 6000, 4000)
    room = big.screen().availableGeometry().size()
    assert big.width() <= room.width() - 16 and big.height() <= room.height() - 40
    assert big.minimumWidth() <= big.width() and big.minimumHeight() <= big.height()
    small = QDialog()
    qtbot.addWidget(small)
    fit_to_screen(small, 300, 200)  # what fits is kept as asked
    assert (small.width(), small.height()) == (300, 200)
