"""The Windows smoke test's own judgement (installer/smoke_windows.py): a window Wine never showed, with the program
silent, is tried once more; a program that said something when it failed is judged at once."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[2] / "installer" / "smoke_windows.py"
spec = importlib.util.spec_from_file_location("smoke_windows", PATH)
smoke = importlib.util.module_from_spec(spec)
spec.loader.exec_module(smoke)


@pytest.mark.parametrize(
    ("output", "spoke"),
    [
        ("", False),
        ("0024:fixme:ntdll:NtQuerySystemInformation info_class 0x9b\n", False),
        ('wine: configuration in L"/root/.wine" has been updated.\n0030:err:ole:start_rpcss\n', False),
        ("wine client error:0: recvmsg: Connection reset by peer\n", False),
        ("0024:fixme:x\nTraceback (most recent call last):\n", True),
        ("无法打开数据库：文件已损坏\n", True),
    ],
)
def test_only_the_programs_own_lines_count_as_it_speaking(output: str, spoke: bool) -> None:
    assert smoke._program_spoke(output) is spoke


class _Harness(smoke.Smoke):
    """The window start with Wine left out: each attempt's outcome given in turn."""

    def __init__(self, outcomes: list[BaseException | None]):
        self.outcomes, self.starts, self.waits = outcomes, 0, 0

    def _start_window(self, display: str, *args: str):
        self.starts += 1
        outcome = self.outcomes.pop(0)
        if outcome is not None:
            raise outcome
        return "app", "window"

    def wait(self) -> None:
        self.waits += 1


def test_a_window_wine_never_showed_is_started_once_more(capsys) -> None:
    harness = _Harness([smoke.WineHung("no window (the program was still running)"), None])
    assert harness.start_window(":90") == ("app", "window")
    assert (harness.starts, harness.waits) == (2, 1)
    assert "retried: no window" in capsys.readouterr().out


def test_a_second_hang_fails_the_step() -> None:
    harness = _Harness([smoke.WineHung("first"), smoke.WineHung("second")])
    with pytest.raises(smoke.Failed, match="second"):
        harness.start_window(":90")
    assert harness.starts == 2


def test_a_program_that_said_why_it_failed_is_not_started_again() -> None:
    harness = _Harness([smoke.Failed("no window (the program had exited with code 1)\nTraceback …")])
    with pytest.raises(smoke.Failed, match="exited with code 1"):
        harness.start_window(":90")
    assert harness.starts == 1
