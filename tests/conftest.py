"""Test-wide setup: Qt draws offscreen, and per-PC window state goes to a throwaway folder."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings of the tests must never touch a developer's real window state.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="grassroots-test-config-")

import sys  # noqa: E402

import pytest  # noqa: E402

_DIALOGS = ("ask", "inform", "warn", "open_file", "save_file", "choose_folder")


@pytest.fixture(autouse=True)
def no_unanswered_dialogs(monkeypatch):
    """A modal dialog nobody answers hangs the run: any dialog a test did not patch fails the test instead."""
    dialogs = sys.modules.get("ui.dialogs")
    if dialogs is None:
        return
    for name in _DIALOGS:

        def unexpected(*args, _name=name, **kwargs):
            raise AssertionError(f"unexpected dialog ui.dialogs.{_name}{args[1:3]}")

        monkeypatch.setattr(dialogs, name, unexpected)


@pytest.fixture
def pin_today(monkeypatch):
    """pin_today(day) makes app.clock.today() answer `day` for the rest of the test, in every module (those that
    imported `today` by name too): a test that dates things in a month of "this year" pins the day it is
    about, so the suite passes on 1 January as on 1 December."""
    from app import clock

    def pin(day):
        monkeypatch.setattr(clock, "_pinned", day)
        return day

    return pin


@pytest.fixture
def beijing_time(monkeypatch):
    """The process's local time is Beijing's (UTC+8, as on the office's PCs), so that a UTC timestamp shown as a
    local day is a different day between 00:00 and 08:00. POSIX only (time.tzset)."""
    import time

    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    monkeypatch.setenv("TZ", "CST-8")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
