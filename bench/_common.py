"""Shared by the benchmark scripts: the cached demo databases, child processes, machine facts, formatting.

Every benchmark runs its measurements in fresh child processes (so a peak RSS or an import cost belongs to the
thing measured and nothing else) and prints its results as ratios against a baseline measured in the same run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"  # git-ignored: cached demo databases live here

# The window is drawn by Qt's offscreen platform plugin: no display is needed, and the app and the baseline
# pay the same (small) cost for it. Xvfb would add an X server round trip to both sides alike.
QT_PLATFORM = "offscreen"


def _module_file(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"cannot find module {name}")
    return Path(spec.origin)


def demo_fingerprint() -> str:
    """Changes whenever the schema, the demo generator or the search keys change, so the cache is rebuilt."""
    digest = hashlib.sha1()
    for module in ("db.migrations", "db.schema_sql", "app.demo", "app.people.pinyin"):
        digest.update(_module_file(module).read_bytes())
    return digest.hexdigest()[:10]


def demo_db(people: int) -> Path:
    """A demo database of `people` people, built once (with `grassroots demo`) and cached in bench/out/."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"demo-{people}-{demo_fingerprint()}.db"
    if path.exists():
        return path
    for old in OUT_DIR.glob(f"demo-{people}-*.db*"):
        old.unlink()
    building = Path(tempfile.mkdtemp(prefix="bench-demo-", dir=OUT_DIR))
    try:
        target = building / "demo.db"
        print(f"  building a {people:,}-person demo database (cached for later runs)…", file=sys.stderr)
        code = "import sys\nfrom ui.entry import main\nsys.exit(main(sys.argv[1:]))"
        subprocess.run(
            [sys.executable, "-c", code, "demo", "--db", str(target), "--people", str(people)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        os.replace(target, path)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return path


def copy_db(source: Path, folder: Path) -> Path:
    """A private copy of a cached database (SQLite backup API: never a file copy of a WAL database)."""
    dest = folder / "grassroots.db"
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return dest


def child_env(home: Path) -> dict[str, str]:
    """Environment for a measured child: offscreen Qt, and settings/data folders of its own (no QSettings
    window geometry or header state left by someone's real session changes what is measured)."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = QT_PLATFORM
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    _compile_project()
    return env


_compiled = False


def _compile_project() -> None:
    """Write the project's bytecode once: an installed copy has it (pip and the Windows build compile every
    module), while a development shell with PYTHONDONTWRITEBYTECODE set would make each measured child compile
    the app's ~280 modules from source again — work the baseline, whose modules are compiled, never does."""
    global _compiled
    if not _compiled:
        root = Path(__file__).resolve().parent.parent
        folders = [str(root / name) for name in ("app", "db", "ui", "resources")]
        subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True, capture_output=True)
        _compiled = True


def run_json_child(args: list[str], env: dict[str, str], timeout: float = 300) -> dict:
    """Run a child that prints one line `BENCH-JSON {...}`; return that object."""
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            return json.loads(line[len("BENCH-JSON ") :])
    raise RuntimeError(
        f"child failed (exit {proc.returncode}): {' '.join(args[:3])}…\n"
        f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}"
    )


def emit_json(data: dict) -> None:
    print("BENCH-JSON " + json.dumps(data), flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine_info() -> dict[str, str]:
    try:
        from PySide6 import __version__ as pyside
        from PySide6.QtCore import qVersion

        qt = qVersion()
    except ImportError:  # pragma: no cover - the project depends on PySide6
        pyside = qt = "?"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "os": platform.platform(terse=True),
        "cpu": cpu,
        "cpus": str(os.cpu_count()),
        "python": platform.python_version(),
        "pyside6": pyside,
        "qt": qt,
        "qpa": QT_PLATFORM,
    }


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"
