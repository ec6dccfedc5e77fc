"""Benchmark `budsjett check` on a synthetic ledger: wall time, peak memory, and where the time goes.

    python bench/bench_check.py                  # 1000 posts x 100 changes
    python bench/bench_check.py --posts 100 --changes 10 --runs 5

Runs the real command in a fresh process several times (median wall time,
peak resident memory), then once in-process with each stage timed: reading,
composing the YAML, building the model, recomputing histories, the checks,
rendering. Not a test: the numbers go in notes and docs.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate_ledger import generate  # noqa: E402


def run_command(path: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one `budsjett check` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    code = subprocess.run([sys.executable, "-m", "budsjett_cli", "check", str(path)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env=dict(os.environ, PYTHONPATH=str(HERE.parent))).returncode
    elapsed = time.perf_counter() - started
    if code not in (0, 1):
        raise SystemExit(f"budsjett check exited {code}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss or before.ru_maxrss


def stages(path: Path) -> list[tuple[str, float]]:
    from budsjett_cli.analysis import Analysis
    from budsjett_cli.checks import build_context, run_checks
    from budsjett_cli.gcpause import gc_paused
    from budsjett_cli.ledger.loader import _Builder
    from budsjett_cli.render.findings_text import print_findings
    from budsjett_cli.ledger.yamlnodes import compose, read_source

    marks = [("start", time.perf_counter())]
    with gc_paused():
        text = read_source(path)
        marks.append(("read", time.perf_counter()))
        root = compose(text, str(path))
        marks.append(("compose YAML", time.perf_counter()))
        ledger = _Builder(str(path)).ledger(root)
        marks.append(("build model", time.perf_counter()))
        del root
        marks.append(("free YAML tree", time.perf_counter()))
        context = build_context(ledger)
        marks.append(("histories", time.perf_counter()))
        findings = run_checks(context)
        marks.append(("checks", time.perf_counter()))
        with redirect_stdout(io.StringIO()):
            print_findings([Analysis(ledger, context.histories, findings)], None, None, frozenset(), False)
        marks.append(("render text", time.perf_counter()))
    return [(name, end - start) for (_, start), (name, end) in zip(marks, marks[1:])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ledger", type=Path, default=HERE / "out" / "ledger.yaml")
    args = parser.parse_args()
    args.ledger.parent.mkdir(parents=True, exist_ok=True)
    args.ledger.write_text(generate(args.posts, args.changes), encoding="utf-8")
    size = args.ledger.stat().st_size
    print(f"ledger: {args.posts} posts x {args.changes} changes = {args.posts * args.changes} changes, "
          f"{size / 1e6:.1f} MB ({args.ledger})")
    times = []
    peak = 0
    for _ in range(args.runs):
        elapsed, rss = run_command(args.ledger)
        times.append(elapsed)
        peak = max(peak, rss)
    print(f"budsjett check: median {statistics.median(times):.2f} s wall over {args.runs} runs "
          f"(min {min(times):.2f}, max {max(times):.2f}); peak RSS {peak / 1024:.0f} MB")
    print("in-process stages:")
    for name, seconds in stages(args.ledger):
        print(f"  {name:15s} {seconds:6.3f} s")


if __name__ == "__main__":
    main()
