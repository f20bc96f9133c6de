"""The console program prints Chinese on any console and never crashes over a character it cannot encode.

The frozen Windows program is checked under Wine by installer/smoke_windows.py (cp1252 and cp936); here the rule
that picks the encoding, and a real run with a cp1252 stdout (PYTHONIOENCODING stands in for a Windows pipe).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.entry import can_write_chinese, output_encoding

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("stream", "is_console", "console_cp", "expected"),
    [
        ("utf-8", True, 437, "utf-8"),  # a real Windows console: WriteConsoleW, any code page
        ("utf-8", True, 936, "utf-8"),
        ("cp1252", False, 0, "utf-8"),  # piped, no console (a scheduled task), Western Windows
        ("cp1252", False, 65001, "utf-8"),  # piped inside a console just switched to UTF-8
        ("gbk", False, 936, "gbk"),  # piped on a Chinese Windows: what every console tool there writes
        ("gbk", False, 0, "gbk"),
        ("utf-8", False, 0, "utf-8"),  # Linux
        ("ascii", False, 0, "utf-8"),
        (None, False, 0, "utf-8"),
    ],
)
def test_output_encoding(stream, is_console, console_cp, expected):
    assert output_encoding(stream, is_console, console_cp) == expected


def test_can_write_chinese():
    assert can_write_chinese("gbk") and can_write_chinese("utf-8") and can_write_chinese("cp936")
    assert not can_write_chinese("cp1252") and not can_write_chinese("cp437") and not can_write_chinese(None)
    assert not can_write_chinese("no-such-codec")


def _run(*args: str, encoding: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(ROOT)}
    code = "import sys; from ui.entry import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, env=env, cwd=ROOT, timeout=60
    )


def test_help_on_a_cp1252_stream_prints_chinese_as_utf8():
    result = _run("--help", encoding="cp1252")
    assert result.returncode == 0, result.stderr
    assert "基层队伍管理系统" in result.stdout.decode("utf-8")


def test_a_character_gbk_lacks_prints_as_a_question_mark(tmp_path):
    result = _run("check", "--db", str(tmp_path / "😀" / "x.db"), encoding="gbk")
    err = result.stderr.decode("gbk")
    assert result.returncode == 1
    assert "Traceback" not in err and "不存在" in err and "?" in err
