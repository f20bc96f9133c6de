"""Run every benchmark and print a Markdown summary for the README's performance section.

Run: python bench/run_all.py [--runs 9] [--rounds 3] [--exchange-runs 7] [--export-runs 3] [--check]
Each benchmark also runs alone: python bench/startup.py, python bench/roster.py, python bench/exchange.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402
import exchange  # noqa: E402
import roster  # noqa: E402
import startup  # noqa: E402


def summary(start: dict, ros: dict, exch: dict, info: dict) -> str:
    v = _common.verdict
    rows = [
        (
            f"Start-up, launch → main window mapped (X11 MapNotify, xcb on Xvfb), {start['people']:,} people"
            f" (medians of {start['runs']} alternating pairs)",
            f"≤ {start['target']:.0f}× baseline (median per-pair ratio)",
            f"{start['app_ms']:.0f} ms",
            f"bare QMainWindow + empty QTableView, launched the same way: {start['baseline_ms']:.0f} ms",
            f"{start['ratio']:.2f}×",
            v(start["ok"]),
        ),
        (
            f"… and to the first page (今日待办, {start['rows']:,} reminders of {start['people']:,} people) filled"
            " and painted (timed inside the app)",
            "(information)",
            f"{start['app_filled_ms']:.0f} ms",
            f"the same baseline: {start['baseline_ms']:.0f} ms",
            f"{start['filled_ratio']:.2f}×",
            "",
        ),
        (
            f"Search keystroke, {ros['people']:,} people (median / max of {ros['keystroke_samples']})",
            f"< {roster.KEYSTROKE_MS:.0f} ms",
            f"{ros['keystroke_ms']:.1f} / {ros['keystroke_max_ms']:.1f} ms",
            f"list comprehension `'z' in s` over the 100k search strings: {ros['scan_ms']:.1f} ms",
            f"{ros['keystroke_ms'] / ros['scan_ms']:.1f}×",
            v(ros["keystroke_ok"]),
        ),
        (
            f"Sort a column, {ros['people']:,} people (median / max of {ros['sort_samples']})",
            f"< {roster.SORT_MS:.0f} ms",
            f"{ros['sort_ms']:.0f} / {ros['sort_max_ms']:.0f} ms",
            f"`sorted()` of the 100k names: {ros['sorted_ms']:.0f} ms",
            f"{ros['sort_ms'] / ros['sorted_ms']:.2f}×",
            v(ros["sort_ok"]),
        ),
        (
            f"Peak memory (RSS), {ros['people']:,} people",
            f"< {roster.RSS_MB:.0f} MB",
            f"{ros['rss_mb']:.0f} MB",
            f"bare QApplication + empty QTableView: {ros['bare_rss_mb']:.0f} MB",
            f"{ros['rss_mb'] / ros['bare_rss_mb']:.2f}×",
            v(ros["rss_ok"]),
        ),
        (
            f"Import a {exch['people']:,}-row roster .xlsx into a new database, the whole pipeline (dry run +"
            f" commit): `grassroots import roster`, wall clock of the process (medians of {exch['runs']} rounds)",
            f"≤ {exchange.IMPORT_RATIO:.1f}× baseline",
            f"{exch['import_ms']:.0f} ms",
            "python-calamine read + one `executemany` of the same rows into a new file (WAL, synchronous=FULL),"
            f" a process launched the same way: {exch['import_base_ms']:.0f} ms",
            f"{exch['import_ratio']:.2f}×",
            v(exch["import_ok"]),
        ),
        *(
            [
                (
                    f"Peak memory (RSS) of that import, {exch['rss_people']:,} people",
                    f"< {exchange.RSS_MB:.0f} MB",
                    f"{exch['rss_mb']:.0f} MB",
                    f"the same baseline: {exch['rss_base_mb']:.0f} MB",
                    f"{exch['rss_mb'] / exch['rss_base_mb']:.2f}×",
                    v(exch["rss_ok"]),
                )
            ]
            if "rss_mb" in exch
            else []
        ),
        (
            f"Export {exch['people']:,} people to .xlsx (median of {exch['export_runs']})",
            f"≤ {exchange.EXPORT_RATIO:.1f}× baseline",
            f"{exch['export_ms']:.0f} ms",
            f"openpyxl write-only, the same cells as plain values: {exch['export_base_ms']:.0f} ms",
            f"{exch['export_ratio']:.2f}×",
            v(exch["export_ok"]),
        ),
    ]
    lines = [
        "| Measure | Target | Result | Baseline (same run) | Ratio | |",
        "|---|---|---|---|---|---|",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        f"Machine: {info['os']}, {info['cpu']}, {info['cpus']} CPUs; Python {info['python']}, "
        f"PySide6 {info['pyside6']} (Qt {info['qt']}), QT_QPA_PLATFORM={info['qpa']} (start-up: xcb on Xvfb). "
        f"`python bench/run_all.py`, {time.strftime('%Y-%m-%d')}.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="start-up pairs (baseline, app)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the typing sequence")
    parser.add_argument("--startup-people", type=int, default=10_000)
    parser.add_argument("--roster-people", type=int, default=100_000)
    parser.add_argument(
        "--exchange-runs", type=int, default=7, help="rounds of the import (one run of each side)"
    )
    parser.add_argument("--export-runs", type=int, default=3, help="rounds of the export")
    parser.add_argument("--rss-people", type=int, default=100_000, help="people imported for the peak memory")
    parser.add_argument("--exchange-people", type=int, default=10_000)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    start = startup.measure(args.runs, args.startup_people)
    startup.report(start)
    ros = roster.measure(args.roster_people, args.rounds)
    roster.report(ros)
    exch = exchange.measure(
        args.exchange_people, args.exchange_runs, rss_people=args.rss_people, export_runs=args.export_runs
    )
    exchange.report(exch)
    __import__("appraisal").main([])  # issue 8: ranking 10,000 people, a grid keystroke, the score import
    __import__("printing").main([])  # issue 10: 1,000 certificates, 500 assessment sheets
    __import__("strokes").main([])  # issue 10: 姓氏笔画 order of 10,000 names
    print(f"\n(all benchmarks took {time.perf_counter() - began:.0f} s)\n")
    print(summary(start, ros, exch, _common.machine_info()))
    ok = start["ok"] and ros["ok"] and exch["ok"]
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
