"""Shared fixtures for the widget tests: a real office database in tmp_path and an AppContext on it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from app.office import open_office  # noqa: E402
from app.people.service import create_person  # noqa: E402
from app.units.service import create_unit  # noqa: E402

ACTOR = "测试员"


@pytest.fixture
def office(tmp_path):
    opened = open_office(tmp_path / "office.db")
    yield opened
    opened.close(backup_if_changed=False)


@pytest.fixture
def ctx(qapp, office):
    from ui.context import AppContext

    return AppContext(office, ACTOR)


def add_unit(db, name: str, kind: str = "社区/村", parent_id: int | None = None, **extra) -> int:
    return create_unit(db, {"name": name, "kind": kind, "parent_id": parent_id, **extra}, ACTOR).record_id


def add_person(db, name: str, id_number: str, unit_id: int, **extra) -> int:
    data = {"role": "community_worker", "name": name, "id_number": id_number, "unit_id": unit_id, **extra}
    return create_person(db, data, ACTOR).record_id


from tests.ids import make_id  # noqa: E402,F401 — the tests of the pages import it from here


@pytest.fixture
def answers(monkeypatch):
    """Answers every question with `answers['ask']` and records what was asked, warned and told."""
    from ui import dialogs

    seen = {"ask": True, "asked": [], "danger": [], "warned": [], "informed": []}

    def ask(parent, title, text, *, danger=False):
        seen["asked"].append(text)
        seen["danger"].append(danger)
        return seen["ask"]

    monkeypatch.setattr(dialogs, "ask", ask)
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: seen["warned"].append(text))
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: seen["informed"].append(text))
    return seen


@pytest.fixture
def parent(qtbot):
    """A widget for dialogs and jobs to belong to, as the page they open from would be."""
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def viewer(monkeypatch, tmp_path) -> list:
    """Printing without a PDF viewer: the previews go under tmp_path, and the files "opened" are listed."""
    from ui.printing import actions

    monkeypatch.setattr(actions.tempfile, "gettempdir", lambda: str(tmp_path / "previews"))
    (tmp_path / "previews").mkdir()
    opened: list = []
    monkeypatch.setattr(actions, "open_in_viewer", lambda path: opened.append(path) or True)
    return opened


def pdf_text(path) -> str:
    """A PDF's text without white space (pypdf spaces CJK text unevenly)."""
    from pypdf import PdfReader

    return "".join("".join(page.extract_text().split()) for page in PdfReader(str(path)).pages)


def wait_for_jobs(qtbot, timeout: int = 15000) -> None:
    """Background jobs hand their outcome to the UI thread later: wait until every started job has finished."""
    from ui.worker import running_jobs

    qtbot.waitUntil(lambda: not running_jobs(), timeout=timeout)


def record_wizards(monkeypatch, *, show: bool = False) -> list:
    """ImportWizard.exec records the wizard instead of blocking (and shows it, without a nested event loop,
    with `show`); returns the list the wizards are recorded in."""
    from ui.exchange.wizard import ImportWizard

    seen: list[ImportWizard] = []

    def exec_(self):
        seen.append(self)
        if show:
            self.show()
        return 0

    monkeypatch.setattr(ImportWizard, "exec", exec_)
    return seen


def empty_roster(qtbot, ctx):
    """A shown 人员档案 page on `ctx`, the office as the test left it."""
    from ui.people.roster_page import RosterPage

    page = RosterPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page
