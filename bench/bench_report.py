"""Time `budsjett report` (the HTML page with its charts) for the bundled ledger and a generated large one.

    python bench/bench_report.py                     # bundled ledger, with and without the made-up accounts
    python bench/bench_report.py bench/out/ledger.yaml   # a ledger from generate_ledger.py (100 000 changes)

Each run is a fresh process, as a user runs it: start-up, loading, checks,
charts and writing included. Prints the best of three, in seconds.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def best_of(args: list[str], runs: int = 3) -> float:
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "budsjett_cli", "report", *args, "-o", f"{folder}/r.html"],
                           check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    if len(sys.argv) > 1:
        print(f"{sys.argv[1]}: {best_of([sys.argv[1]]):.2f} s")
        return
    print(f"bundled ledger: {best_of([str(DATA / 'chapters.yaml')]):.2f} s")
    accounts = str(DATA / "example-accounts-2023-made-up.csv")
    print(f"bundled ledger --accounts: {best_of([str(DATA / 'chapters.yaml'), '--accounts', accounts]):.2f} s")


if __name__ == "__main__":
    main()
