"""Benchmark ``budsjett actuals``: a DFØ-layout accounts file of 285 000 rows against the bundled ledger.

Generates the file (bench/out/, not committed) when missing, then runs the
command in a fresh process, as a user would, and reports wall time and peak
memory (max RSS of the child). ``--double`` also reconciles a file twice as
long, to show that memory does not grow with the file (the reader sums as it
streams). Aim (issue 5): under 10 s and under 200 MB.

    python3 bench/bench_actuals.py
    python3 bench/bench_actuals.py --rows 285000 --runs 3 --double
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
OUTPUT = OUT / "actuals.json"  # a real file: the report is written, as a user would have it
LEDGER = ROOT / "data" / "chapters.yaml"


def ensure_file(rows: int) -> Path:
    path = OUT / f"statsregnskapet_aar_2023_{rows}.csv"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate_accounts.py"), str(path), "--rows", str(rows)],
                       check=True)
    return path


def run_once(accounts: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB, and the exit code of one run in a fresh process."""
    command = [sys.executable, "-m", "budsjett_cli", "actuals", str(LEDGER), str(accounts),
               "--format", "json", "-o", str(OUTPUT), "--quiet"]
    start = time.perf_counter()
    # A new process per run, so that ru_maxrss of the children is this run's (see below).
    pid = os.fork()
    if pid == 0:
        os.chdir(ROOT)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)  # the findings: not what is measured
        os.execv(sys.executable, command)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return wall, peak_mb, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=285_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--double", action="store_true", help="also run a file of twice as many rows")
    args = parser.parse_args()
    sizes = [args.rows] + ([args.rows * 2] if args.double else [])
    for rows in sizes:
        path = ensure_file(rows)
        size_mb = path.stat().st_size / 1e6
        results = [run_once(path) for _ in range(args.runs)]
        best = min(r[0] for r in results)
        peak = max(r[1] for r in results)
        codes = sorted({r[2] for r in results})
        print(f"{rows} rows, {size_mb:.1f} MB: wall best {best:.2f} s (runs: "
              f"{', '.join(f'{r[0]:.2f}' for r in results)}), peak RSS {peak:.0f} MB, exit {codes}")


if __name__ == "__main__":
    main()
