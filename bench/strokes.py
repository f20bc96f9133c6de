"""姓氏笔画 order: what sorting a name list by `stroke_sort_key` costs, as a ratio to `sorted()` by the plain string.

Measured, each side in the same run on the same names (the demo's name generator, 10,000 names by default):
- baseline: `sorted(names)` (code point order), median of N runs;
- warm: `sorted(names, key=stroke_sort_key)` once the table and the per-character keys are in memory, median of N;
- cold: the first such sort in a fresh process, computing every character's key on the way (what a printout pays
  the first time, besides the table read below), median of N fresh processes;
- first call: `import app.printing.strokes` and the first `stroke_count` (the table read), in fresh processes;
- pinyin, for information: `sorted(names, key=pinyin_sort_key)` warm.

Run: python bench/strokes.py [--names 10000] [--runs 9]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402

REPO = _common.BENCH_DIR.parent
sys.path.insert(1, str(REPO))  # the app, also when it is not installed

COLD_CODE = r"""
import random, sys, time
from app.demo import make_name
rng = random.Random(int(sys.argv[1]))
names = [make_name(rng) for _ in range(int(sys.argv[2]))]
began = time.perf_counter()
import app.printing.strokes as strokes
imported = time.perf_counter()
strokes.stroke_count("王")
loaded = time.perf_counter()
began_sort = time.perf_counter()
sorted(names, key=strokes.stroke_sort_key)
done = time.perf_counter()
from _common import emit_json
emit_json({"import_ms": (imported - began) * 1e3, "load_ms": (loaded - imported) * 1e3,
           "cold_sort_ms": (done - began_sort) * 1e3})
"""


def names_for(count: int, seed: int = 11) -> list[str]:
    from app.demo import make_name

    rng = random.Random(seed)
    return [make_name(rng) for _ in range(count)]


def timed(runs: int, work) -> float:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        samples.append((time.perf_counter() - began) * 1e3)
    return statistics.median(samples)


def measure(count: int, runs: int) -> dict:
    from app.printing.strokes import pinyin_sort_key, stroke_sort_key, unknown_characters

    names = names_for(count)
    sorted(names, key=stroke_sort_key)  # warm the table and the per-character keys
    sorted(names, key=pinyin_sort_key)
    base_ms = timed(runs, lambda: sorted(names))
    warm_ms = timed(runs, lambda: sorted(names, key=stroke_sort_key))
    pinyin_ms = timed(runs, lambda: sorted(names, key=pinyin_sort_key))
    colds = [cold_child(count, seed) for seed in range(runs)]
    return {
        "names": count,
        "runs": runs,
        "unknown": unknown_characters(names),
        "base_ms": base_ms,
        "warm_ms": warm_ms,
        "pinyin_ms": pinyin_ms,
        "cold_ms": statistics.median(c["cold_sort_ms"] for c in colds),
        "import_ms": statistics.median(c["import_ms"] for c in colds),
        "load_ms": statistics.median(c["load_ms"] for c in colds),
    }


def cold_child(count: int, seed: int) -> dict:
    env = dict(_common.child_env(Path(_common.OUT_DIR) / "strokes-home"))
    env["PYTHONPATH"] = (
        f"{REPO}{':' + env['PYTHONPATH'] if env.get('PYTHONPATH') else ''}:{_common.BENCH_DIR}"
    )
    args = [sys.executable, "-c", COLD_CODE, str(seed), str(count)]
    return _common.run_json_child(args, env)


def report(result: dict) -> None:
    base = result["base_ms"]
    print(f"姓氏笔画 sort of {result['names']:,} demo names (medians of {result['runs']}):")
    print(f"  baseline sorted(names), plain str      {base:8.2f} ms")
    print(
        f"  stroke_sort_key, warm                  {result['warm_ms']:8.2f} ms  {result['warm_ms'] / base:6.1f}×"
    )
    print(
        f"  stroke_sort_key, first in a process    {result['cold_ms']:8.2f} ms  {result['cold_ms'] / base:6.1f}×"
    )
    print(
        f"  pinyin_sort_key, warm (information)    {result['pinyin_ms']:8.2f} ms  {result['pinyin_ms'] / base:6.1f}×"
    )
    print(f"  import app.printing.strokes            {result['import_ms']:8.2f} ms")
    print(f"  first stroke_count (reads the table)   {result['load_ms']:8.2f} ms")
    print(f"  characters the table lacks: {''.join(result['unknown']) or 'none'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    report(measure(args.names, args.runs))
    info = _common.machine_info()
    print(f"Machine: {info['os']}, {info['cpu']}, {info['cpus']} CPUs; Python {info['python']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
