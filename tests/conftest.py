"""Test-wide setup: Qt draws offscreen, and per-PC window state goes to a throwaway folder."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings of the tests must never touch a developer's real window state.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="grassroots-test-config-")
