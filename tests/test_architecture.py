"""Imports flow one way, ui → app → db: app/ and db/ never import Qt, and db/ never imports app/ or ui/."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


def sources(package: str) -> list[Path]:
    return sorted((PROJECT / package).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every module named by an import statement anywhere in the file, including inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.add("." * node.level + (node.module or ""))
    return found


def top_levels(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path) if not name.startswith(".")}


def test_the_packages_are_where_the_layout_says():
    assert sources("app") and sources("db") and sources("ui")


@pytest.mark.parametrize("path", sources("app") + sources("db"), ids=module_name)
def test_no_qt_in_app_or_db_sources(path):
    text = path.read_text(encoding="utf-8")
    assert "PySide6" not in text and "PyQt" not in text and "shiboken" not in text
    assert not top_levels(path) & {"PySide6", "PyQt5", "PyQt6", "shiboken6", "ui"}


@pytest.mark.parametrize("path", sources("db"), ids=module_name)
def test_db_never_imports_app_or_ui(path):
    assert not top_levels(path) & {"app", "ui"}


IMPORT_ALL = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6"))
ui = sorted(m for m in sys.modules if m == "ui" or m.startswith("ui."))
print("QT", qt)
print("UI", ui)
"""


def run_imports(modules: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, *modules],
        cwd=PROJECT,
        env={**os.environ, "PYTHONUTF8": "1"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_importing_every_app_and_db_module_loads_no_qt():
    modules = [module_name(p) for p in sources("app") + sources("db")]
    assert "app.cli" in modules and "db.backup" in modules
    result = run_imports(modules)
    assert result.returncode == 0, result.stderr
    assert "QT []" in result.stdout.splitlines(), result.stdout
    assert "UI []" in result.stdout.splitlines(), result.stdout


def test_importing_every_db_module_loads_no_app_module():
    modules = [module_name(p) for p in sources("db")]
    code = IMPORT_ALL + "print('APP', sorted(m for m in sys.modules if m == 'app' or m.startswith('app.')))\n"
    result = subprocess.run(
        [sys.executable, "-c", code, *modules], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "APP []" in result.stdout.splitlines(), result.stdout


def _calls(path: Path, name: str) -> list[int]:
    """Line numbers where `name(...)` is called in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
    ]


@pytest.mark.parametrize("path", sources("ui"), ids=module_name)
def test_no_page_invents_a_change_set(path):
    """What a write changed is said by the service that wrote it (app/); a page only passes it on."""
    assert _calls(path, "OpChanges") == []


@pytest.mark.parametrize("path", sources("ui"), ids=module_name)
def test_ui_opens_no_database_connection_of_its_own(path):
    """A background job gets its connection from app/jobs.py (through ui/worker.Job), never from a page."""
    assert not {"open_database", "connect"} & {
        n.rsplit(".", 1)[-1] for n in imported_modules(path) if "db." in n
    }


@pytest.mark.parametrize("path", sources("ui"), ids=module_name)
def test_style_lives_in_the_style_sheet(path):
    calls = _calls(path, "setStyleSheet")
    allowed = module_name(path) == "ui.gui"  # where the one style sheet is applied to the application
    assert (len(calls) == 1) if allowed else calls == []


def test_the_start_path_imports_no_data_layer_before_the_window():
    """Showing the window must not wait for sqlite-utils, the roster page or any other page's module."""
    code = "import sys, ui.entry, ui.gui, ui.main_window, ui.pages, ui.dialogs\nprint('ALL', sorted(sys.modules))"
    modules = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    loaded = next(line for line in modules.splitlines() if line.startswith("ALL"))
    for heavy in ("'sqlite_utils'", "'app.office'", "'ui.people.roster_page'", "'ui.records.audit_page'"):
        assert heavy not in loaded, heavy
