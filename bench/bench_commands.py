"""Every command on the benchmark ledger against `budsjett check`, and the start-up of `check`.

    python bench/bench_commands.py                       # 100 changes per post, 3 runs
    python bench/bench_commands.py --runs 5 --write --baseline /path/to/older/checkout

For the ledger of 1 000 posts with CHANGES changes each (generate_ledger.py)
it runs each command in a fresh process, interleaved (check, summary, show,
..., check, summary, ...), and prints the median wall time, the peak memory
and the ratio to `check` (the issue asks for at most 1.5). Then the start-up:
`budsjett check` on the bundled ledger against `python -c pass`, median of
20. With --baseline an older checkout runs beside (the table's "before"
columns). With --write the tables replace the generated section of
docs/performance.md. Not a test: the numbers go in docs and notes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_floor import compile_package, timed  # noqa: E402
from generate_ledger import generate  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench_commands: begin -->", "<!-- bench_commands: end -->"


def commands(ledger: Path, out: Path) -> dict[str, list[str]]:
    """What is measured: the command line after ``budsjett``, by the name the table shows."""
    return {
        "check": ["check", str(ledger)],
        "check --format json": ["check", str(ledger), "--format", "json"],
        "summary": ["summary", str(ledger)],
        "summary --format json": ["summary", str(ledger), "--format", "json"],
        "summary -o x.xlsx": ["summary", str(ledger), "-o", str(out / "summary.xlsx")],
        "show 750.21": ["show", "750.21", str(ledger)],
        "letters": ["letters", str(ledger)],
        "changes --month 2023-06": ["changes", str(ledger), "--month", "2023-06"],
        "changes": ["changes", str(ledger)],
        "changes --format csv": ["changes", str(ledger), "--format", "csv"],
        "changes --format json": ["changes", str(ledger), "--format", "json"],
        "report -o r.html": ["report", str(ledger), "-o", str(out / "report.html")],
    }


def run_all(argvs: dict[str, list[str]], runs: int, roots: dict[str, Path]) -> dict[tuple[str, str], tuple[float, float]]:
    """(median seconds, peak MB) of each command under each checkout, runs interleaved."""
    samples: dict[tuple[str, str], list[tuple[float, int]]] = {}
    for _ in range(runs):
        for name, argv in argvs.items():
            for label, root in roots.items():
                samples.setdefault((label, name), []).append(
                    timed([sys.executable, "-m", "budsjett_cli", *argv], root))
    return {key: (statistics.median(t for t, _ in values), max(r for _, r in values) / 1024)
            for key, values in samples.items()}


def startup(runs: int, roots: dict[str, Path]) -> dict[str, float]:
    """Median seconds of `budsjett check` on the bundled ledger, and of `python -c pass`."""
    argvs = {"python -c pass": [sys.executable, "-c", "pass"]}
    for label in roots:
        argvs[label] = [sys.executable, "-m", "budsjett_cli", "check", str(ROOT / "data" / "chapters.yaml")]
    samples: dict[str, list[float]] = {name: [] for name in argvs}
    for _ in range(runs):
        for name, argv in argvs.items():
            samples[name].append(timed(argv, roots.get(name, ROOT))[0])
    return {name: statistics.median(values) for name, values in samples.items()}


def tables(ledger_changes: int, results, starts: dict[str, float], runs: int, baseline: bool) -> str:
    head = "| command | s | ratio to check | peak MB |" + (" before s | before peak MB |" if baseline else "")
    rule = "| --- | ---: | ---: | ---: |" + (" ---: | ---: |" if baseline else "")
    lines = [f"{ledger_changes:,} changes (1 000 posts), median of {runs} runs:".replace(",", " "), "", head, rule]
    check = results[("now", "check")][0]
    names = sorted({name for _, name in results}, key=list(commands(Path(), Path())).index)
    for name in names:
        seconds, peak = results[("now", name)]
        line = f"| `{name}` | {seconds:.2f} | {seconds / check:.2f} | {peak:.0f} |"
        if baseline:
            before, before_peak = results[("before", name)]
            line += f" {before:.2f} | {before_peak:.0f} |"
        lines.append(line)
    lines += ["", "Start-up, `budsjett check data/chapters.yaml`, median of 20:", ""]
    lines += [f"- `{name}`: {seconds:.3f} s" for name, seconds in starts.items()]
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines += ["", f"Measured {when} on {platform.machine()}, Python {platform.python_version()}, "
                  f"{len(os.sched_getaffinity(0))} cores (shared), bytecode compiled, runs interleaved."]
    return "\n".join(lines) + "\n"


def write_doc(text: str) -> None:
    current = DOC.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}{END}"
    if BEGIN in current and END in current:
        start, end = current.index(BEGIN), current.index(END) + len(END)
        DOC.write_text(current[:start] + block + current[end:], encoding="utf-8")
    else:
        DOC.write_text(current.rstrip("\n") + "\n\n" + block + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=100, help="changes per post (1 000 posts); default 100")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout of budsjett (an older commit) to run beside")
    parser.add_argument("--write", action="store_true", help="write the tables into docs/performance.md")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="measure only the commands whose name starts with NAME (check always runs)")
    args = parser.parse_args()
    if args.write and args.only:
        parser.error("--write needs every command: leave out --only")
    roots = {"now": ROOT}
    compile_package()
    if args.baseline:
        roots["before"] = args.baseline
        compile_package(args.baseline)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        ledger = out / "ledger.yaml"
        ledger.write_text(generate(1000, args.changes), encoding="utf-8")
        argvs = {name: argv for name, argv in commands(ledger, out).items()
                 if not args.only or name == "check" or any(name.startswith(only) for only in args.only)}
        results = run_all(argvs, args.runs, roots)
    starts = startup(20, {("budsjett check" if label == "now" else "budsjett check, before"): root
                          for label, root in roots.items()})
    text = tables(1000 * args.changes, results, starts, args.runs, args.baseline is not None)
    print(text)
    if args.write:
        write_doc(text)


if __name__ == "__main__":
    main()
