"""Every modal question the app asks goes through here, so tests can answer it (an unanswered dialog hangs CI)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str, *, danger: bool = False) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No if danger else QMessageBox.StandardButton.Yes)
    return box.exec() == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def open_file(parent: QWidget | None, title: str, filters: str, start: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, start, filters)
    return Path(name) if name else None


def save_file(parent: QWidget | None, title: str, filters: str, suggested: str = "") -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(name) if name else None


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, start)
    return Path(name) if name else None
