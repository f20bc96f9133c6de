"""Start-up: from process start to the main window shown on a 10,000-person database.

Target: at most 2× a bare PySide6 QMainWindow with an empty QTableView, started the same way.

Method (the same for both sides):
- each run is a new `python -c` process (Python start-up, imports and all: what a clerk waits for);
- the parent reads the wall clock (`time.time()`) just before it starts the child; the child prints the wall
  clock at the moment its main window is on screen: the window's first Expose event has been handled (Qt
  paints the widgets while handling it) and the event loop has come back round (a `QTimer.singleShot(0)`
  queued from that Expose). The difference is the start-up time. Tearing the process down is not counted;
- the app child goes through the real start path — `ui.entry.main(["--db", F])`, i.e. exactly what
  `grassroots --db F` runs: make_application, open_office (lock, quick_check, migrations), MainWindow with the
  roster loaded, show — and quits the event loop once the window is shown. `run()` then closes the office:
  nothing changed, so there is no exit backup, and it happens after the measurement anyway. The daily
  automatic backup is armed 300 ms after show; the child quits before it fires and reports if it ever did;
- Qt's offscreen platform plugin draws the windows (no display needed); settings folders are private to the
  run, so a real user's saved window geometry does not change what is measured;
- one warm-up run of each (compiles .pyc, warms the disk cache), then N runs alternating baseline and app;
  medians are compared.

Run: python bench/startup.py [--runs 7] [--people 10000] [--importtime] [--block-numpy]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402

TARGET_RATIO = 2.0

# Both children start with this: `MARKS` collects wall-clock times of the phases of start-up; the
# application-wide event filter sees the QWindow's Expose event (a QWidget never receives it); `finish`
# runs once the event loop has handled that event, i.e. the first frame has been painted.
_WATCH = r"""
import time
MARKS = {"python": time.time()}
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication

def bench_watch(window, extra=lambda: {}, ready=lambda: True):
    app = QApplication.instance()

    def finish():
        MARKS.setdefault("shown", time.time())
        if not ready():  # the app fills its roster right after the first frame: wait for that too
            QTimer.singleShot(0, finish)
            return
        MARKS["filled"] = time.time()
        print("BENCH-JSON " + json.dumps({"marks": MARKS, **extra()}), flush=True)
        app.quit()

    class Watcher(QObject):
        fired = False

        def eventFilter(self, obj, event):
            if (
                not self.fired
                and event.type() == QEvent.Type.Expose
                and isinstance(obj, QWindow)
                and obj.isExposed()
                and obj == window.windowHandle()
            ):
                self.fired = True
                QTimer.singleShot(0, finish)
            return False

    watcher = Watcher(app)
    app.installEventFilter(watcher)
    window._bench_watcher = watcher
"""

BASELINE_CHILD = (
    _WATCH
    + r"""
from PySide6.QtWidgets import QMainWindow, QTableView

MARKS["imports"] = time.time()
app = QApplication(sys.argv[:1])
MARKS["qapp"] = time.time()
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1280, 780)
MARKS["window"] = time.time()
bench_watch(window)
window.show()
sys.exit(app.exec())
"""
)

# The real start path, `ui.entry.main(["--db", F])`, with wrappers that only take times: the modules it
# would import anyway are imported first so that the wrappers can be put in place.
APP_CHILD = (
    _WATCH
    + r"""
import ui.entry, ui.gui, ui.context, ui.main_window as mw, ui.people.roster_page as roster_page

MARKS["imports"] = time.time()
flags = {"daily_backup_ran": False, "roster_ms": 0.0}

def after(module, name, mark):
    inner = getattr(module, name)

    def wrapper(*args, **kwargs):
        result = inner(*args, **kwargs)
        MARKS[mark] = time.time()
        return result

    setattr(module, name, wrapper)

after(ui.gui, "make_application", "qapp")
after(ui.gui, "open_office", "open")
_load_roster = roster_page.load_roster

def load_roster(*args, **kwargs):
    began = time.perf_counter()
    try:
        return _load_roster(*args, **kwargs)
    finally:
        flags["roster_ms"] += (time.perf_counter() - began) * 1000

roster_page.load_roster = load_roster
_start, _backup_if_due = mw.MainWindow.start, mw.MainWindow.backup_if_due

def start(self):
    MARKS["window"] = time.time()

    def extra():
        return {"rows": self.page("roster").model.total(), **flags}

    bench_watch(self, extra, ready=lambda: self.page("roster").model.total() > 0)
    _start(self)

def backup_if_due(self):
    flags["daily_backup_ran"] = True
    _backup_if_due(self)

mw.MainWindow.start = start
mw.MainWindow.backup_if_due = backup_if_due

code = ui.entry.main(sys.argv[1:])
print("BENCH-JSON-END " + json.dumps(flags), flush=True)
sys.exit(code)
"""
)

PHASES = (
    ("python", "Python itself (interpreter, site)"),
    ("imports", "imports (app: also sqlite-utils, app/, ui/)"),
    ("qapp", "QApplication / make_application"),
    ("open", "open_office (lock, quick_check, migrations)"),
    ("window", "main window built (app: roster loaded)"),
    ("shown", "show → first frame painted"),
    ("filled", "first frame → roster filled (app only)"),
)


def _one_run(code: str, args: list[str], env: dict[str, str]) -> dict:
    started = time.time()
    clock = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120
    )
    total = time.perf_counter() - clock
    result = None
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            result = json.loads(line[len("BENCH-JSON ") :])
        elif line.startswith("BENCH-JSON-END ") and result is not None:
            result["daily_backup_ran"] = json.loads(line[len("BENCH-JSON-END ") :])["daily_backup_ran"]
    if result is None or proc.returncode != 0:
        raise RuntimeError(
            f"start-up child failed (exit {proc.returncode})\nstdout:\n{proc.stdout[-3000:]}\n"
            f"stderr:\n{proc.stderr[-3000:]}"
        )
    result["marks"] = {name: (when - started) * 1000 for name, when in result["marks"].items()}
    result["ms"] = result["marks"]["shown"]
    result["filled_ms"] = result["marks"]["filled"]
    result["process_ms"] = total * 1000
    return result


def _phase_medians(runs: list[dict]) -> dict[str, float]:
    """Median duration of each phase (ms), from the marks of each run."""
    out = {}
    for index, (name, _label) in enumerate(PHASES):
        if name not in runs[0]["marks"]:
            continue
        earlier = [p for p, _ in PHASES[:index] if p in runs[0]["marks"]]
        durations = [r["marks"][name] - (r["marks"][earlier[-1]] if earlier else 0.0) for r in runs]
        out[name] = _common.median(durations)
    return out


def import_offenders(app_child: str, db: Path, env: dict[str, str], top: int = 15) -> tuple[list, list]:
    """`python -X importtime` of the app child: rows (self ms, cumulative ms, depth, module), the `top`
    largest by cumulative time and the `top` largest by self time."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", app_child, "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    rows = []
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S.*)$", line)
        if match:
            self_us, cum_us, indent, name = match.groups()
            rows.append((int(self_us) / 1000, int(cum_us) / 1000, len(indent), name.strip()))
    return sorted(rows, key=lambda r: -r[1])[:top], sorted(rows, key=lambda r: -r[0])[:top]


# numpy is not a dependency of the app, but sqlite-utils imports it whenever it is installed (here it comes
# with scipy). The Windows build excludes it (installer/grassroots.spec); `--block-numpy` makes both children
# behave like that build, to show what numpy costs.
_BLOCK_NUMPY = "import sys\nsys.modules['numpy'] = sys.modules['pandas'] = None\n"


def measure(
    runs: int = 7, people: int = 10_000, importtime: bool = False, block_numpy: bool = False, log=print
) -> dict:
    baseline_child, app_child = BASELINE_CHILD, APP_CHILD
    if block_numpy:
        baseline_child, app_child = _BLOCK_NUMPY + baseline_child, _BLOCK_NUMPY + app_child
    source = _common.demo_db(people)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        folder = Path(tmp)
        db = _common.copy_db(source, folder)
        env = _common.child_env(folder / "home")
        app_args = ["--db", str(db)]
        log(f"startup: warming up (1 run each), then {runs} runs of each, alternating…")
        _one_run(baseline_child, [], env)
        _one_run(app_child, app_args, env)
        base, app = [], []
        for _ in range(runs):
            base.append(_one_run(baseline_child, [], env))
            app.append(_one_run(app_child, app_args, env))
        rows = {r["rows"] for r in app}
        if rows != {people}:
            raise RuntimeError(f"the app showed {rows} people, expected {people}")
        base_ms = _common.median([r["ms"] for r in base])
        app_ms = _common.median([r["ms"] for r in app])
        app_filled_ms = _common.median([r["filled_ms"] for r in app])
        result = {
            "people": people,
            "runs": runs,
            "numpy_blocked": block_numpy,
            "baseline_ms": base_ms,
            "app_ms": app_ms,
            "app_filled_ms": app_filled_ms,
            "baseline_all": [round(r["ms"], 1) for r in base],
            "app_all": [round(r["ms"], 1) for r in app],
            "baseline_process_ms": _common.median([r["process_ms"] for r in base]),
            "app_process_ms": _common.median([r["process_ms"] for r in app]),
            "daily_backup_ran": any(r["daily_backup_ran"] for r in app),
            "baseline_phases": _phase_medians(base),
            "app_phases": _phase_medians(app),
            "roster_ms": _common.median([r["roster_ms"] for r in app]),
            "ratio": app_ms / base_ms,
            "filled_ratio": app_filled_ms / base_ms,
            "target": TARGET_RATIO,
        }
        result["ok"] = result["ratio"] <= TARGET_RATIO
        if importtime or not result["ok"]:
            result["importtime"] = import_offenders(app_child, db, env)
    return result


def report(result: dict, log=print) -> None:
    blocked = " — numpy blocked in both, as in the Windows build" if result["numpy_blocked"] else ""
    log(
        f"\nStart-up to a shown main window, {result['people']:,} people "
        f"(median of {result['runs']} runs){blocked}"
    )
    log(f"  baseline (bare QMainWindow + empty QTableView): {result['baseline_ms']:7.1f} ms")
    log(f"  app (grassroots --db F):                        {result['app_ms']:7.1f} ms")
    log(
        f"  ratio app/baseline: {result['ratio']:.2f}  (target ≤ {result['target']:.1f})  {_common.verdict(result['ok'])}"
    )
    log(
        f"  roster filled (app, just after the first frame): {result['app_filled_ms']:.1f} ms — "
        f"{result['filled_ratio']:.2f}× the baseline (for information; the target is the shown window)"
    )
    log(f"  all runs, baseline: {result['baseline_all']}")
    log(f"  all runs, app:      {result['app_all']}")
    log(
        f"  whole process incl. teardown (median): baseline {result['baseline_process_ms']:.0f} ms, "
        f"app {result['app_process_ms']:.0f} ms"
    )
    log("  where the time goes (median ms per phase):     baseline      app")
    for name, label in PHASES:
        b = result["baseline_phases"].get(name)
        a = result["app_phases"].get(name)
        log(
            f"    {label:44s} {'—' if b is None else f'{b:7.1f}':>8s} {'—' if a is None else f'{a:7.1f}':>8s}"
        )
    log(f"    (of which load_roster: {result['roster_ms']:.1f} ms)")
    log(
        f"  daily backup fired before the measurement ended: {'yes (!)' if result['daily_backup_ran'] else 'no'}"
    )
    if "importtime" in result:
        by_cum, by_self = result["importtime"]
        log("  python -X importtime, app child — largest cumulative (ms, self ms, module):")
        for self_ms, cum_ms, depth, name in by_cum:
            log(f"    {cum_ms:8.1f} {self_ms:8.1f}  {'  ' * depth}{name}")
        log("  largest self cost (ms, module):")
        for self_ms, _cum, _depth, name in by_self:
            log(f"    {self_ms:8.1f}  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--importtime", action="store_true", help="print import offenders even on PASS")
    parser.add_argument("--block-numpy", action="store_true", help="make numpy unimportable in both children")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)
    result = measure(args.runs, args.people, args.importtime, args.block_numpy)
    report(result)
    return 1 if args.check and not result["ok"] else 0


if __name__ == "__main__":
    sys.exit(main())
