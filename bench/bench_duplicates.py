"""How the duplicate-change check (checks/letters.py) scales: N changes of one letter on one post.

    python bench/bench_duplicates.py            # 10 000, 20 000, 40 000 changes

It was quadratic (10 000: 8 s, 20 000: 32 s, 40 000: 127 s); keyed by
letter and figures it is linear.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from budsjett_cli.checks import build_context, run_checks  # noqa: E402
from budsjett_cli.ledger.loader import load_text  # noqa: E402


def main() -> None:
    for count in (10_000, 20_000, 40_000):
        changes = "".join(f"          - {{letter: A, amount: {n}}}\n" for n in range(1, count + 1))
        text = ("year: 2023\nunit: 1000 kr\nletters:\n  A: {title: a}\nchapters:\n  740:\n    posts:\n"
                f"      01:\n        allocation: 1\n        changes:\n{changes}")
        context = build_context(load_text(text, "bench.yaml"))
        started = time.perf_counter()
        run_checks(context, ["letters"])
        print(f"{count:>7} changes: {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
