"""Option values checked as the command line is read: a value that cannot be used is a usage error (exit 64,
with the option named), not a failure found later (exit 1)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 2000, 2100


def year(text: str) -> int:
    """--year: a four-digit year the office can mean."""
    if not (text.strip().isdigit() and len(text.strip()) == 4):
        raise argparse.ArgumentTypeError(f"年度“{text}”应是四位年份，如 2026")
    if not FIRST_YEAR <= int(text) <= LAST_YEAR:  # a four-digit year all the same: say the range
        raise argparse.ArgumentTypeError(f"年度“{text}”超出范围：应在 {FIRST_YEAR}–{LAST_YEAR} 年之间")
    return int(text)


def file_of(*suffixes: str, what: str = "文件") -> Callable[[str], Path]:
    """--out and the like: a path whose extension says the file's kind, one of `suffixes`."""

    def path(text: str) -> Path:
        found = Path(text)
        if found.suffix.lower() not in suffixes:
            allowed = " 或 ".join(suffixes)
            raise argparse.ArgumentTypeError(
                f"{what}只能是 {allowed} 文件，“{text}”的扩展名是“{found.suffix or '（无）'}”"
            )
        return found

    return path


REPORT_FILE = file_of(".xlsx", what="问题报告")  # --report: the rejected rows, to fix and send back
