"""Roster exchange: importing and exporting 10,000 people as .xlsx, each against a baseline in the same run.

Targets (issue 7, "Speed"; issue 3 for the export):
- the whole import as the clerk runs it, dry run included: `grassroots import roster FILE --db NEW.db` of a
  10,000-row roster .xlsx into a database that does not exist yet, in at most 2.5× the baseline: python-calamine
  reading the same file plus one `executemany` of the same rows into an SQLite table with the same columns;
- its peak memory (RSS) for a 100,000-row file: under 400 MB;
- export 10,000 people to .xlsx (`export_roster`) in at most 1.5× the baseline: openpyxl in write-only mode
  appending the same cells as plain values (text, and dates as `datetime.date`) row by row, then saving.

Method of the import (out of process, both sides alike):
- the file is the export of the cached demo office (`_common.demo_db`, built by `grassroots demo`), written by
  `grassroots export roster` before anything is measured: what a clerk re-imports. Its 10,000 people are all new
  to the empty database, so the app's output must say 新增 10000 人 (checked every run, with exit code 0);
- app:      `python -m ui.entry import roster FILE --db NEW.db` — exactly what `grassroots import roster` runs,
            with stdout to a file: it creates and migrates NEW.db, reads and checks every row (the dry run it
            prints), and writes people, units, audit rows and the import record in one transaction (a new,
            empty database is not backed up: there is nothing in it);
- baseline: `python -c BASELINE_CODE FILE NEW.db`: python-calamine reads the sheet into Python rows
            (`to_python`), each row's dates become ISO text and blank cells NULL, each gets a fresh UUID and two
            timestamps; then a new SQLite file (journal_mode=WAL, synchronous=FULL, as the app's connection sets)
            gets a table with the app's people columns (id, uid, the 19 columns of the file, created_at,
            updated_at) and the 10,000 rows go in with one `executemany` in one transaction. It validates nothing,
            maps no unit or role, writes no audit rows, backup or pinyin keys: those are the app's work;
- both: a fresh folder and a database path that does not exist yet for every run, the same Python, the same
  environment (private settings folders, offscreen Qt), stdout to a file; the time is the wall clock from just
  before the child is started to its exit (`os.wait4`): both sides pay Python's start-up and their imports;
- one unmeasured warm-up run of each side (the file in the page cache), after which the two databases are
  compared: the baseline stored the same people (name and ID number, in order) as the app; then N rounds of one
  run of each side, the order alternating round by round (base-app, app-base, …) so that both see the same load.
  Reported: every run, the medians, their ratio (what the target is judged on) and the median of the per-round
  ratios;
- peak memory: the 100,000-person demo office exported the same way and imported once the same way; its peak RSS
  is the `ru_maxrss` that `os.wait4` returns for that child (Linux: KiB). The baseline's is shown beside it.

Method of the export (in one child process, imports warm, after an unmeasured warm-up of each side): each round
runs the baseline and `export_roster` alternately; garbage collection is counted in each side's time (the
set-up's objects are frozen with `gc.freeze`, each side starts after a full collection and ends with one).

Run: python bench/exchange.py [--people 10000] [--runs 7] [--rss-people 100000] [--export-runs 3] [--block-numpy]
     [--profile] [--check]
`--block-numpy` makes numpy unimportable in both children, as in the Windows build: sqlite-utils imports numpy
whenever it is installed (~0.12 s of the app's start here), and numpy is not a dependency of ours. The app then
runs as `python -c "<block>; from ui.entry import main; sys.exit(main(sys.argv[1:]))" import roster …`.
`--profile` runs the app's import once under cProfile and prints where its time goes (with `-X importtime`'s
slowest imports).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402

IMPORT_RATIO = 2.5
RSS_MB = 400.0
EXPORT_RATIO = 1.5
REPO = _common.BENCH_DIR.parent

# + [FILE, "--db", NEW]: what `grassroots import roster` runs.
APP_ARGS = ["-m", "ui.entry", "import", "roster"]
# numpy is no dependency of ours: sqlite-utils imports it whenever it is installed (here it comes with scipy), and
# the Windows build leaves it out. `--block-numpy` makes it unimportable in both children, as bench/startup.py does.
BLOCK_NUMPY = "import sys\nsys.modules['numpy'] = sys.modules['pandas'] = None\n"
APP_CODE = "import sys\nfrom ui.entry import main\nsys.exit(main(sys.argv[1:]))\n"  # only with --block-numpy

# The baseline: read with python-calamine, insert the same rows with one executemany. Only what it needs is
# imported; argv: FILE NEW.db. It prints how many rows it stored.
BASELINE_CODE = r"""
import datetime, sqlite3, sys, uuid
from python_calamine import CalamineWorkbook

COLUMNS = ("uid", "name", "gender", "ethnicity", "id_number", "birth_date", "education", "major",
           "political_status", "party_join_date", "work_start_date", "post_start_date", "unit", "position",
           "role", "phone", "source", "status", "social_work_level", "note", "created_at", "updated_at")
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
date = datetime.date
records = [
    (str(uuid.uuid4()), *[v.isoformat() if isinstance(v, date) else (None if v == "" else v) for v in row], now, now)
    for row in rows[1:]
]
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA synchronous=FULL")
conn.execute(f"CREATE TABLE people (id INTEGER PRIMARY KEY, {', '.join(c + ' TEXT' for c in COLUMNS)})")
conn.execute("BEGIN")
conn.executemany(f"INSERT INTO people ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", records)
conn.execute("COMMIT")
conn.close()
print(len(records))
"""


# --- the import, out of process -------------------------------------------------------------------------------


def run_child(
    args: list[str], env: dict[str, str], out: Path, timeout: float = 600
) -> tuple[float, float, int]:
    """Run a child with stdout to `out`: (wall-clock ms from just before the start to its exit, its peak RSS in
    MiB, its exit code). `os.wait4` gives that child's own resource usage."""
    with out.open("wb") as stdout, open(out.with_suffix(".err"), "wb") as stderr:
        began = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=stdout, stderr=stderr, cwd=REPO)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"child took longer than {timeout:.0f} s: {' '.join(args[:6])}")
            time.sleep(0.002)
        ended = time.perf_counter()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (ended - began) * 1000, usage.ru_maxrss / 1024, proc.returncode


class Importer:
    """Runs each side on a fresh database path in a folder of its own."""

    def __init__(self, folder: Path, roster: Path, people: int, block_numpy: bool = False):
        self.folder, self.roster, self.people = folder, roster, people
        self.app_args = ["-c", BLOCK_NUMPY + APP_CODE, *APP_ARGS[2:]] if block_numpy else APP_ARGS
        self.base_code = (BLOCK_NUMPY if block_numpy else "") + BASELINE_CODE
        self.env = _common.child_env(folder / "home")
        self.count = 0

    def _place(self, side: str) -> tuple[Path, Path]:
        self.count += 1
        place = self.folder / f"{side}-{self.count}"
        place.mkdir()
        return place / "grassroots.db", place / "stdout.txt"

    def app(self) -> tuple[float, float, Path]:
        db, out = self._place("app")
        ms, rss, code = run_child(
            [sys.executable, *self.app_args, str(self.roster), "--db", str(db)], self.env, out
        )
        text = out.read_text(encoding="utf-8", errors="replace")
        if code != 0 or f"新增 {self.people} 人" not in text:
            err = out.with_suffix(".err").read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(
                f"the import did not add {self.people} people (exit {code}):\n{text[-2000:]}\n{err}"
            )
        return ms, rss, db

    def base(self) -> tuple[float, float, Path]:
        db, out = self._place("base")
        ms, rss, code = run_child(
            [sys.executable, "-c", self.base_code, str(self.roster), str(db)], self.env, out
        )
        stored = out.read_text().strip()
        if code != 0 or stored != str(self.people):
            err = out.with_suffix(".err").read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(f"the baseline stored {stored!r} of {self.people} rows (exit {code}):\n{err}")
        return ms, rss, db

    def clean(self, db: Path) -> None:
        shutil.rmtree(db.parent, ignore_errors=True)


def _same_people(app: Path, base: Path) -> None:
    import sqlite3

    stored = []
    for path in (app, base):
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            stored.append(conn.execute("SELECT name, id_number FROM people ORDER BY id").fetchall())
        finally:
            conn.close()
    if stored[0] != stored[1]:
        raise RuntimeError("the baseline did not store the same people as the app: the comparison is void")


def export_file(source: Path, out: Path, env: dict[str, str]) -> None:
    """The roster a clerk re-imports: `grassroots export roster` of a demo office."""
    subprocess.run(
        [sys.executable, "-m", "ui.entry", "export", "--db", str(source), "roster", str(out)],
        env=env, cwd=REPO, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def measure_import(people: int, runs: int, rss_people: int, log=print, block_numpy: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        env = _common.child_env(folder / "home")
        roster = folder / f"roster-{people}.xlsx"
        export_file(_common.demo_db(people), roster, env)
        importer = Importer(folder, roster, people, block_numpy)
        log(
            f"import: {people:,} people, .xlsx of {roster.stat().st_size // 1024:,} KB; warm-up, then {runs} rounds…"
        )
        _ms, _rss, base_db = importer.base()
        _ms, _rss, app_db = importer.app()
        _same_people(app_db, base_db)
        importer.clean(app_db)
        importer.clean(base_db)
        app_ms: list[float] = []
        base_ms: list[float] = []
        for round_ in range(runs):
            sides = (("base", importer.base), ("app", importer.app))
            for side, run in sides if round_ % 2 == 0 else reversed(sides):
                ms, _rss, db = run()
                (app_ms if side == "app" else base_ms).append(ms)
                importer.clean(db)
            log(f"  round {round_ + 1}: app {app_ms[-1]:.0f} ms, baseline {base_ms[-1]:.0f} ms")
        result = {"people": people, "runs": runs, "file_kb": roster.stat().st_size // 1024}
        result["numpy_blocked"] = block_numpy
        result["samples"] = {"import_ms": app_ms, "import_base_ms": base_ms}
        if rss_people:
            big = folder / f"roster-{rss_people}.xlsx"
            log(f"peak memory: exporting and importing {rss_people:,} people once…")
            export_file(_common.demo_db(rss_people), big, env)
            heavy = Importer(folder, big, rss_people, block_numpy)
            result["rss_import_ms"], result["rss_mb"], db = heavy.app()
            heavy.clean(db)
            result["rss_base_ms"], result["rss_base_mb"], db = heavy.base()
            heavy.clean(db)
            result["rss_people"] = rss_people
    result["import_ms"] = _common.median(app_ms)
    result["import_base_ms"] = _common.median(base_ms)
    result["import_ratio"] = result["import_ms"] / result["import_base_ms"]
    result["pair_ratio"] = _common.median([a / b for a, b in zip(app_ms, base_ms, strict=True)])
    result["import_ok"] = result["import_ratio"] <= IMPORT_RATIO
    result["rss_ok"] = result.get("rss_mb", 0.0) < RSS_MB if rss_people else True
    return result


# --- the export, in one child process -------------------------------------------------------------------------


def _export_cells(db):
    """The exported cells as plain values (dates as datetime.date), header first: the export baseline's input."""
    import datetime as dt

    from app.exchange.roster_export import export_rows
    from app.people.fields import DATE_FIELDS, EXPORT_FIELDS

    rows = [list(EXPORT_FIELDS.values())]
    for row in export_rows(db):
        rows.append([dt.date.fromisoformat(v) if k in DATE_FIELDS and v else v for k, v in row.items()])
    return rows


def baseline_export(cells: list[list], out: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    for row in cells:
        sheet.append(row)
    book.save(out)


def child_export(source: Path, runs: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        _export_in(folder, source, runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _export_in(folder: Path, source: Path, runs: int) -> None:
    from app.exchange.roster_export import export_roster
    from app.office import open_office

    demo = open_office(_common.copy_db(source, folder), lock=False)
    people = demo.db.execute("SELECT count(*) FROM people WHERE deleted_at IS NULL").fetchone()[0]
    cells = _export_cells(demo.db)
    counter = iter(range(10**6))

    def export_app() -> dict:
        gc.collect()
        began = time.perf_counter()
        export_roster(demo.db, folder / f"app-{next(counter)}.xlsx")
        gc.collect()
        return {"export_ms": (time.perf_counter() - began) * 1000}

    def export_base() -> dict:
        gc.collect()
        began = time.perf_counter()
        baseline_export(cells, folder / f"base-{next(counter)}.xlsx")
        gc.collect()
        return {"export_base_ms": (time.perf_counter() - began) * 1000}

    sides = (export_base, export_app)
    gc.collect()
    gc.freeze()  # the set-up's objects (the demo office, the baseline's cells) are no side's to collect
    for side in sides:  # warm-up: imports, caches
        side()
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        for side in sides:
            for key, ms in side().items():
                samples.setdefault(key, []).append(ms)
    demo.close(backup_if_changed=False)
    _common.emit_json({"people": people, "samples": samples})


def measure_export(people: int, runs: int, log=print) -> dict:
    source = _common.demo_db(people)
    log(f"export: {people:,} people, {runs} rounds, each beside its baseline…")
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        env = _common.child_env(Path(tmp) / "home")
        env["TMPDIR"] = tmp  # the child's files go where this run cleans up
        here = str(Path(__file__).resolve())
        got = _common.run_json_child(
            [sys.executable, here, "--child", str(source), "--export-runs", str(runs)], env, timeout=600
        )
    samples = got["samples"]
    result = {key: _common.median(values) for key, values in samples.items()}
    result["export_samples"] = samples
    result["export_runs"] = runs
    result["export_ratio"] = result["export_ms"] / result["export_base_ms"]
    result["export_ok"] = result["export_ratio"] <= EXPORT_RATIO
    return result


def _at_least_one(text: str) -> int:
    """The export's ratio needs a sample of each side: zero rounds is refused at the command line, not by a
    KeyError after the import has been measured."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


def measure(
    people: int = 10_000,
    runs: int = 7,
    log=print,
    *,
    rss_people: int = 100_000,
    export_runs: int = 3,
    block_numpy: bool = False,
) -> dict:
    result = measure_import(people, runs, rss_people, log, block_numpy)
    result.update(measure_export(people, export_runs, log))
    result["ok"] = result["import_ok"] and result["rss_ok"] and result["export_ok"]
    return result


def report(r: dict, log=print) -> None:
    v = _common.verdict
    s = r["samples"]
    blocked = "; numpy blocked in both, as in the Windows build" if r.get("numpy_blocked") else ""
    log(
        f"\nRoster import, {r['people']:,} people, .xlsx of {r['file_kb']:,} KB, into a new database "
        f"(the whole CLI run{blocked})"
    )
    log(f"  app      `grassroots import roster` (dry run + commit): median {r['import_ms']:.0f} ms")
    log(f"           runs: {', '.join(f'{ms:.0f}' for ms in s['import_ms'])}")
    log(f"  baseline python-calamine read + one executemany:      median {r['import_base_ms']:.0f} ms")
    log(f"           runs: {', '.join(f'{ms:.0f}' for ms in s['import_base_ms'])}")
    log(
        f"  ratio of the medians {r['import_ratio']:.2f} (target ≤ {IMPORT_RATIO:.1f})  {v(r['import_ok'])}"
        f"   (median of the {r['runs']} per-round ratios: {r['pair_ratio']:.2f})"
    )
    if "rss_mb" in r:
        log(
            f"  peak RSS importing {r['rss_people']:,} people: {r['rss_mb']:.0f} MB (target < {RSS_MB:.0f})  "
            f"{v(r['rss_ok'])}   in {r['rss_import_ms'] / 1000:.1f} s; the baseline: {r['rss_base_mb']:.0f} MB "
            f"in {r['rss_base_ms'] / 1000:.1f} s"
        )
    log(f"\nRoster export, {r['people']:,} people (medians of {r['export_runs']} rounds)")
    log(f"  export_roster: {r['export_ms']:7.0f} ms")
    log(
        f"    baseline openpyxl write-only, plain values: {r['export_base_ms']:.0f} ms → ratio "
        f"{r['export_ratio']:.2f} (target ≤ {EXPORT_RATIO:.1f})  {v(r['export_ok'])}"
    )


def profile(people: int) -> None:
    """The app's import once under cProfile, and its slowest imports (-X importtime)."""
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        env = _common.child_env(folder / "home")
        roster = folder / "roster.xlsx"
        export_file(_common.demo_db(people), roster, env)
        stats = folder / "import.prof"
        subprocess.run(
            [sys.executable, "-m", "cProfile", "-o", str(stats), *APP_ARGS, str(roster), "--db", str(folder / "p.db")],
            env=env, cwd=REPO, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        import pstats

        pstats.Stats(str(stats)).sort_stats("cumulative").print_stats(40)
        pstats.Stats(str(stats)).sort_stats("tottime").print_stats(25)
        done = subprocess.run(
            [sys.executable, "-X", "importtime", *APP_ARGS, str(roster), "--db", str(folder / "i.db")],
            env=env, cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        lines = [line for line in done.stderr.splitlines() if line.startswith("import time:") and "|" in line]
        rows = []
        for line in lines[1:]:
            _self, cumulative, name = line.split("|")
            rows.append((int(cumulative), name.rstrip()))
        print("\nslowest imports (cumulative µs):")
        for cumulative, name in sorted(rows, reverse=True)[:25]:
            print(f"  {cumulative:>9,} {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7, help="rounds of the import (one run of each side)")
    parser.add_argument(
        "--rss-people", type=int, default=100_000, help="people for the peak memory (0: skip)"
    )
    parser.add_argument("--export-runs", type=_at_least_one, default=3, help="rounds of the export (≥ 1)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--block-numpy", action="store_true", help="make numpy unimportable in both children")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile and -X importtime of the app's import"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_export(args.child, args.export_runs)
        return 0
    if args.profile:
        profile(args.people)
        return 0
    result = measure(
        args.people,
        args.runs,
        rss_people=args.rss_people,
        export_runs=args.export_runs,
        block_numpy=args.block_numpy,
    )
    report(result)
    return 1 if args.check and not result["ok"] else 0


if __name__ == "__main__":
    sys.exit(main())
