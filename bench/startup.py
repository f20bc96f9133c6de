"""Start-up: from launch until the main window is mapped on an X display, 10,000-person database.

Target: at most 2× a bare PySide6 QMainWindow with an empty QTableView, launched the same way (median of the
per-pair ratios).

Method — event-driven, out of process, on a virtual X display:
- the bench starts its own Xvfb (`-screen 0 1600x1000x24 -nolisten tcp`, a free display chosen by Xvfb) and
  opens one Xlib connection to it (bench/_xmap.py, libX11 over ctypes) that listens for SubstructureNotify on
  the root window. No window manager runs: a top-level window mapping produces a MapNotify on that connection;
- each run is a new process on the same Python with QT_QPA_PLATFORM unset (Qt's xcb plugin, as on a desktop):
    app:      python -m ui.entry --db COPY  — exactly `grassroots --db COPY`;
    baseline: python -c "<QApplication, QMainWindow, setCentralWidget(QTableView()), resize(1200, 800), show,
              exec>";
  both with private HOME/XDG folders (no saved window geometry) and, for the app, a fresh copy of the cached
  demo database (so every run opens the same file in the same state);
- the time is from `time.perf_counter()` just before `Popen` to the receipt of the MapNotify of a window that
  is not override-redirect and whose `_NET_WM_PID` is the child's pid. The bench blocks in `select()` on the X
  connection meanwhile (no polling); then it terminates the child and waits for it to go (not counted);
- one warm-up run of each, then N rounds, each a baseline and an app run (alternating), so that both sides of
  a pair see the same machine load. Reported: every pair, the medians, and the median of the per-pair ratios,
  which is what the target is judged on;
- for information, each round also launches the app once more through a `-c` wrapper that takes timestamps
  inside the process (same CLOCK_MONOTONIC as the parent's perf_counter on Linux): when the window is built,
  its first frame handled, the office opened and attached, the first page's model filled (今日待办: the day's
  reminders, computed from the 10,000 people's records), and its table painted ("first page filled" below). The wrapper then quits the app. Its own MapNotify is
  reported too, as a check that the wrapper costs next to nothing.

`--block-numpy` makes numpy (and pandas) unimportable in every child, as in the Windows build (sqlite-utils
imports numpy whenever it is installed; numpy is not our dependency); the app then runs as
`python -c "<block>; from ui.entry import main; sys.exit(main(sys.argv[1:]))" --db COPY` and the baseline as the
same block + its code. The default, numpy importable, is the development machine.

Run: python bench/startup.py [--runs 9] [--people 10000] [--block-numpy] [--importtime] [--check]
Needs Xvfb and libX11 (see bench/_xmap.py for the packages). Fails (exit 2) if a window does not map in 20 s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402
import _xmap  # noqa: E402

TARGET_RATIO = 2.0
MAP_TIMEOUT_S = 20.0
REPO = _common.BENCH_DIR.parent

BASELINE_CODE = r"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1200, 800)
window.show()
sys.exit(app.exec())
"""

APP_MODULE_ARGS = ["-m", "ui.entry"]  # + ["--db", COPY]: what `grassroots --db COPY` runs
APP_CODE = "import sys\nfrom ui.entry import main\nsys.exit(main(sys.argv[1:]))\n"  # only with --block-numpy

# The app's start path with timestamps taken inside the process (for "first page filled" and the breakdown).
# ui.main_window is imported by ui.gui.run before the window is built anyway; importing it first only lets the
# wrappers be put in place. Marks are time.perf_counter() (CLOCK_MONOTONIC, the parent's clock too).
INSTRUMENTED_CODE = r"""
import time
MARKS = {"python": time.perf_counter()}
import json, sys
import ui.main_window as mw
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTableView

MARKS["main_window_imported"] = time.perf_counter()
flags = {"daily_backup_ran": False, "rows": 0}

def mark(name):
    MARKS.setdefault(name, time.perf_counter())

def finish():
    mark("painted")
    print("BENCH-JSON " + json.dumps({"marks": MARKS, **flags}), flush=True)
    QApplication.instance().quit()

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "painted_seen" not in MARKS:
            MARKS["painted_seen"] = time.perf_counter()
            watched.removeEventFilter(self)
            QTimer.singleShot(0, finish)  # once the event loop is back: the frame with the people is done
        return False

def wrap(name, before=None, after=None):
    inner = getattr(mw.MainWindow, name, None)
    if inner is None:
        return

    def wrapper(self, *args, **kwargs):
        if before:
            before(self)
        result = inner(self, *args, **kwargs)
        if after:
            after(self)
        return result

    setattr(mw.MainWindow, name, wrapper)

def watch_roster(window):
    mark("attached")
    page = window.pages.get("today")  # the first page (今日待办): its list is what start-up fills now
    model = getattr(page, "model", None)
    if model is None:
        MARKS["no_first_page_model"] = 1
        return
    table = page.findChild(QTableView)
    painter = FirstPaint(page)

    def reset():
        if "filled" in MARKS or model.total() <= 0:
            return
        mark("filled")
        flags["rows"] = model.total()
        if table is None:
            QTimer.singleShot(0, finish)
        else:
            table.viewport().installEventFilter(painter)
            table.viewport().update()

    model.modelReset.connect(reset)

def backup_ran(window):
    flags["daily_backup_ran"] = "painted" not in MARKS

wrap("start", before=lambda w: mark("window_built"))
wrap("_after_first_frame", before=lambda w: mark("first_frame"))
wrap("attach", before=lambda w: mark("office_open"), after=watch_roster)
wrap("backup_if_due", before=backup_ran)

from ui.entry import main
code = main(sys.argv[1:])
sys.exit(code)
"""

# numpy is not a dependency of the app, but sqlite-utils imports it whenever it is installed (here it comes
# with scipy). The Windows build excludes it (installer/grassroots.spec); `--block-numpy` makes every child
# behave like that build.
BLOCK_NUMPY = "import sys\nsys.modules['numpy'] = sys.modules['pandas'] = None\n"

PHASES = (
    ("python", "Python itself (interpreter, site) until the -c code runs"),
    ("window_built", "imports, QApplication, MainWindow built (start() called)"),
    ("map", "→ MapNotify received by the bench (this run's own)"),
    ("first_frame", "→ first frame handled (office opening starts)"),
    ("office_open", "→ office open (data-layer imports, lock, quick_check, migrations)"),
    ("attached", "→ attached (pages built, title, backup label)"),
    ("filled", "→ 今日待办 model filled (the day's reminders)"),
    ("painted", "→ its table painted (= first page filled)"),
)


class StartupError(RuntimeError):
    """A child did not map a window in time, or failed."""


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def _x_env(env: dict[str, str], display: str) -> dict[str, str]:
    env = dict(env)
    env.pop("QT_QPA_PLATFORM", None)  # Qt's default on Linux: xcb
    env.pop("WAYLAND_DISPLAY", None)
    env["DISPLAY"] = display
    return env


class _Launcher:
    """Launches children on the virtual display and times them to their window's MapNotify."""

    def __init__(self, watcher: _xmap.MapWatcher, display: str, source_db: Path, folder: Path):
        self.watcher = watcher
        self.display = display
        self.source_db = source_db
        self.folder = folder
        self.count = 0
        self.last_dir = folder

    def _prepare(self, with_db: bool) -> tuple[Path, dict[str, str], Path | None]:
        self.count += 1
        run_dir = self.folder / f"run-{self.count:03d}"
        run_dir.mkdir()
        self.last_dir = run_dir
        env = _x_env(_common.child_env(run_dir / "home"), self.display)
        env["HOME"] = str(run_dir / "home")
        db = _common.copy_db(self.source_db, run_dir) if with_db else None
        return run_dir, env, db

    def launch(self, argv_tail: list[str], with_db: bool, label: str, wait_exit: bool = False) -> dict:
        """Time one child to its MapNotify. `wait_exit`: let it run on and exit by itself (the instrumented
        app quits once the roster is painted), then read its `BENCH-JSON` line; else terminate it."""
        run_dir, env, db = self._prepare(with_db)
        argv = [sys.executable, *argv_tail, *(["--db", str(db)] if db else [])]
        out_path, err_path = run_dir / "stdout.txt", run_dir / "stderr.txt"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            self.watcher.drain()
            began = time.perf_counter()
            proc = subprocess.Popen(argv, env=env, cwd=REPO, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
            try:
                mapped = self.watcher.wait_for_pid(
                    proc.pid, began + MAP_TIMEOUT_S, alive=lambda: proc.poll() is None
                )
                if mapped is None:
                    why = (
                        f"exited with code {proc.returncode} before"
                        if proc.poll() is not None
                        else f"ran {MAP_TIMEOUT_S:.0f} s without"
                    )
                    raise StartupError(
                        f"{label}: the child {why} mapping a window on {self.display}.\n"
                        f"command: {' '.join(argv)}\nstderr:\n{_tail(err_path)}"
                    )
                result = {"ms": (mapped - began) * 1000}
                if wait_exit:
                    try:
                        proc.wait(timeout=60)
                    except subprocess.TimeoutExpired as exc:
                        raise StartupError(
                            f"{label}: the instrumented app did not quit within 60 s of mapping "
                            f"(roster never painted?).\nstderr:\n{_tail(err_path)}"
                        ) from exc
            finally:
                if proc.poll() is None:
                    proc.terminate()
                    try:
                        proc.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait()
        if wait_exit:
            data = None
            for line in out_path.read_text(errors="replace").splitlines():
                if line.startswith("BENCH-JSON "):
                    data = json.loads(line[len("BENCH-JSON ") :])
            if data is None or "painted" not in data["marks"]:
                raise StartupError(
                    f"{label}: the instrumented app exited (code {proc.returncode}) without reporting a filled "
                    f"roster.\nstdout:\n{_tail(out_path)}\nstderr:\n{_tail(err_path)}"
                )
            result["marks"] = {name: (when - began) * 1000 for name, when in data["marks"].items()}
            result["marks"]["map"] = result["ms"]
            result["rows"] = data["rows"]
            result["daily_backup_ran"] = data["daily_backup_ran"]
        return result


def _children(block_numpy: bool) -> tuple[list[str], list[str], list[str]]:
    prefix = BLOCK_NUMPY if block_numpy else ""
    baseline = ["-c", prefix + BASELINE_CODE]
    app = ["-c", prefix + APP_CODE] if block_numpy else APP_MODULE_ARGS
    instrumented = ["-c", prefix + INSTRUMENTED_CODE]
    return baseline, app, instrumented


def _phase_medians(runs: list[dict]) -> dict[str, float]:
    """Median time of each mark after launch (ms); marks that are missing from some run are left out."""
    return {
        name: _common.median([r["marks"][name] for r in runs])
        for name, _label in PHASES
        if all(name in r["marks"] for r in runs)
    }


def import_offenders(
    launcher: _Launcher, app_args: list[str], top: int = 15
) -> tuple[list, list, list, float]:
    """`python -X importtime` of the app, terminated at its MapNotify: what it imported before its window
    mapped. Rows (self ms, cumulative ms, depth, module): the `top` largest cumulative, the `top` largest self,
    and all top-level (depth 0) imports in order."""
    result = launcher.launch(["-X", "importtime", *app_args], True, "importtime")
    err = launcher.last_dir / "stderr.txt"
    rows = []
    for line in err.read_text(errors="replace").splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S.*)$", line)
        if match:
            self_us, cum_us, indent, name = match.groups()
            rows.append((int(self_us) / 1000, int(cum_us) / 1000, (len(indent) - 1) // 2, name.strip()))
    top_level = [r for r in rows if r[2] == 0]
    return (
        sorted(rows, key=lambda r: -r[1])[:top],
        sorted(rows, key=lambda r: -r[0])[:top],
        top_level,
        result["ms"],
    )


def measure(
    runs: int = 9, people: int = 10_000, importtime: bool = False, block_numpy: bool = False, log=print
) -> dict:
    baseline_args, app_args, instrumented_args = _children(block_numpy)
    source = _common.demo_db(people)
    load_before = os.getloadavg()
    with (
        tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp,
        _xmap.VirtualDisplay() as display,
        _xmap.MapWatcher(display.name) as watcher,
    ):
        launcher = _Launcher(watcher, display.name, source, Path(tmp))

        def baseline() -> dict:
            return launcher.launch(baseline_args, False, "baseline")

        def app() -> dict:
            return launcher.launch(app_args, True, "app")

        def instrumented() -> dict:
            return launcher.launch(instrumented_args, True, "app (instrumented)", wait_exit=True)

        log(
            f"startup: Xvfb on {display.name}; warming up (1 run each), then {runs} rounds of "
            f"baseline, app, instrumented app…"
        )
        baseline(), app(), instrumented()
        base, apps, inst = [], [], []
        for index in range(runs):
            base.append(baseline())
            apps.append(app())
            inst.append(instrumented())
            log(
                f"  pair {index + 1}: baseline {base[-1]['ms']:6.1f} ms, app {apps[-1]['ms']:6.1f} ms, "
                f"ratio {apps[-1]['ms'] / base[-1]['ms']:.2f}; first page filled {inst[-1]['marks']['painted']:6.1f} ms"
            )
        offenders = import_offenders(launcher, app_args) if importtime else None
    load_after = os.getloadavg()
    rows = {r["rows"] for r in inst}
    if len(rows) != 1 or not all(rows):  # the same day's reminders in every run, and some
        raise StartupError(
            f"the first page showed {rows} reminders, expected the same non-zero count each run"
        )
    ratios = [a["ms"] / b["ms"] for a, b in zip(apps, base, strict=True)]
    filled_ratios = [i["marks"]["painted"] / b["ms"] for i, b in zip(inst, base, strict=True)]
    base_ms = _common.median([r["ms"] for r in base])
    app_ms = _common.median([r["ms"] for r in apps])
    result = {
        "people": people,
        "rows": next(iter(rows)),
        "runs": runs,
        "numpy_blocked": block_numpy,
        "measure": "launch → X11 MapNotify of the main window (xcb on Xvfb)",
        "baseline_ms": base_ms,
        "app_ms": app_ms,
        "ratio": _common.median(ratios),  # the target is judged on this
        "ratio_of_medians": app_ms / base_ms,
        "pairs": [
            {"baseline_ms": round(b["ms"], 1), "app_ms": round(a["ms"], 1), "ratio": round(r, 3)}
            for b, a, r in zip(base, apps, ratios, strict=True)
        ],
        "baseline_all": [round(r["ms"], 1) for r in base],
        "app_all": [round(r["ms"], 1) for r in apps],
        "app_filled_ms": _common.median([r["marks"]["painted"] for r in inst]),
        "filled_all": [round(r["marks"]["painted"], 1) for r in inst],
        "filled_ratio": _common.median(filled_ratios),
        "instrumented_map_ms": _common.median([r["ms"] for r in inst]),
        "app_phases": _phase_medians(inst),
        "daily_backup_ran": sum(r["daily_backup_ran"] for r in inst),  # runs where it fired before the paint
        "target": TARGET_RATIO,
        "load_before": load_before,
        "load_after": load_after,
    }
    result["ok"] = result["ratio"] <= TARGET_RATIO
    if offenders is not None:
        result["importtime"] = offenders
    return result


def report(result: dict, log=print) -> None:
    blocked = " — numpy blocked in every child, as in the Windows build" if result["numpy_blocked"] else ""
    log(
        f"\nStart-up, launch → main window mapped (X11 MapNotify, Qt xcb on Xvfb), {result['people']:,} people, "
        f"{result['runs']} alternating pairs{blocked}"
    )
    log("  pair   baseline ms   app ms   ratio")
    for index, pair in enumerate(result["pairs"], 1):
        log(f"  {index:4d}   {pair['baseline_ms']:11.1f}   {pair['app_ms']:6.1f}   {pair['ratio']:5.2f}")
    how = "python -c 'block numpy; ui.entry.main()'" if result["numpy_blocked"] else "python -m ui.entry"
    labels = (
        "median baseline (bare QMainWindow + empty QTableView, 1200×800):",
        f"median app ({how} --db F):",
    )
    width = max(len(label) for label in labels)
    for label, ms in zip(labels, (result["baseline_ms"], result["app_ms"]), strict=True):
        log(f"  {label:{width}s} {ms:7.1f} ms")
    log(
        f"  median of per-pair ratios app/baseline: {result['ratio']:.2f}  (target ≤ {result['target']:.1f})  "
        f"{_common.verdict(result['ok'])}   [ratio of medians: {result['ratio_of_medians']:.2f}]"
    )
    log(
        f"  first page (今日待办, {result['rows']:,} reminders) filled and painted (instrumented app, median): {result['app_filled_ms']:.1f} ms — "
        f"{result['filled_ratio']:.2f}× the same round's baseline (for information)"
    )
    log(f"    all runs: {result['filled_all']}")
    log(
        f"    the instrumented app's own MapNotify: {result['instrumented_map_ms']:.1f} ms "
        f"(the plain app's: {result['app_ms']:.1f} ms)"
    )
    log("  where the app's time goes (instrumented runs, median ms after launch):")
    previous = 0.0
    for name, label in PHASES:
        at = result["app_phases"].get(name)
        if at is None:
            continue
        step = at - previous if name != "map" else None
        if name != "map":
            previous = at
        log(f"    {at:7.1f}  {'' if step is None else f'(+{step:5.1f})':9s} {label}")
    log(
        f"  the daily automatic backup (due: every run opens a fresh copy; it fires 300 ms after the office is"
        f" attached) ran before the first page was painted in {result['daily_backup_ran']} of {result['runs']} runs"
    )
    before, after = result["load_before"], result["load_after"]
    log(
        f"  load average before: {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}; "
        f"after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f} ({os.cpu_count()} CPUs)"
    )
    if "importtime" in result:
        by_cum, by_self, top_level, mapped = result["importtime"]
        log(
            f"  python -X importtime of the app, stopped at its MapNotify ({mapped:.0f} ms with importtime on):"
        )
        log("    top-level imports (cumulative ms, module):")
        for _self, cum_ms, _depth, name in top_level:
            if cum_ms >= 1.0:
                log(f"      {cum_ms:8.1f}  {name}")
        log("    largest cumulative (ms, self ms, module):")
        for self_ms, cum_ms, depth, name in by_cum:
            log(f"      {cum_ms:8.1f} {self_ms:8.1f}  {'  ' * depth}{name}")
        log("    largest self cost (ms, module):")
        for self_ms, _cum, _depth, name in by_self:
            log(f"      {self_ms:8.1f}  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="alternating pairs after the warm-up")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--block-numpy", action="store_true", help="make numpy unimportable in every child")
    parser.add_argument(
        "--importtime", action="store_true", help="also list what the app imports before its window maps"
    )
    parser.add_argument("--json", action="store_true", help="also print the result as one BENCH-JSON line")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)
    try:
        result = measure(args.runs, args.people, args.importtime, args.block_numpy)
    except (StartupError, _xmap.XUnavailable) as exc:
        print(f"\nstartup: FAILED — {exc}", file=sys.stderr)
        return 2
    report(result)
    if args.json:
        _common.emit_json(result)
    return 1 if args.check and not result["ok"] else 0


if __name__ == "__main__":
    sys.exit(main())
