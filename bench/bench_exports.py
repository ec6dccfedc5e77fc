"""Time `budsjett summary` on the synthetic 100 000-change ledger, rendered to CSV and XLSX.

    python3 bench/bench_exports.py                 # generates bench/out/ledger.yaml if missing
    python3 bench/bench_exports.py --posts 1000 --changes 100 --repeat 3

Two measurements:

1. the command end to end, as a user runs it (`python -m budsjett_cli summary
   LEDGER -o summary.csv`, and `.xlsx`), each in a fresh process: wall time
   and peak memory (max RSS of that process);
2. in one process, where the time goes: load, recompute and check
   (analyse), build the report rows, render.

Wall times are the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_ledger import generate  # noqa: E402


def end_to_end(ledger: Path, target: Path, repeat: int) -> tuple[float, float]:
    """Best wall time (s) and the largest peak RSS (MiB) of `budsjett summary LEDGER -o TARGET`."""
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "budsjett_cli", "summary", str(ledger), "-o", str(target)],
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"budsjett summary failed: {process.stderr.read().decode()}")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)  # Linux: KiB
    return best, peak


def phases(ledger: Path, out: Path) -> dict[str, float]:
    from budsjett_cli.ledger.loader import load_file
    from budsjett_cli.render.report import render_report
    from budsjett_cli.reports import analyse, summary_report

    times = {}
    start = time.perf_counter()
    loaded = load_file(ledger)
    times["load"] = time.perf_counter() - start
    start = time.perf_counter()
    analysis = analyse(loaded)
    times["analyse (histories + checks)"] = time.perf_counter() - start
    start = time.perf_counter()
    report = summary_report([analysis])
    times["summary rows"] = time.perf_counter() - start
    rows = len(report.sheets[0].rows)
    for fmt, name in (("csv", "summary.csv"), ("xlsx", "summary.xlsx"), ("json", "summary.json"),
                      ("plain", "summary.txt")):
        start = time.perf_counter()
        render_report(report, fmt, out / name)
        times[f"render {fmt}"] = time.perf_counter() - start
    times["_rows"] = rows
    times["_findings"] = len(analysis.findings)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ledger", type=Path, default=ROOT / "bench" / "out" / "ledger.yaml")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    out = args.ledger.parent
    out.mkdir(parents=True, exist_ok=True)
    if not args.ledger.exists():
        args.ledger.write_text(generate(args.posts, args.changes), encoding="utf-8")
        print(f"generated {args.ledger}: {args.posts} posts, {args.posts * args.changes} changes")
    size = args.ledger.stat().st_size / 1024 / 1024
    print(f"ledger {args.ledger} ({size:.1f} MiB)")
    for suffix in ("csv", "xlsx"):
        target = out / f"summary-cli.{suffix}"
        wall, peak = end_to_end(args.ledger, target, args.repeat)
        print(f"budsjett summary -o summary.{suffix:<5} wall {wall:6.2f} s   peak RSS {peak:6.0f} MiB   "
              f"({target.stat().st_size / 1024:.0f} KiB)")
    times = phases(args.ledger, out)
    print(f"in one process ({times.pop('_rows')} report rows, {times.pop('_findings')} findings):")
    for name, seconds in times.items():
        print(f"  {name:<30} {seconds:6.2f} s")
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS of this process       {self_peak:6.0f} MiB")


if __name__ == "__main__":
    main()
