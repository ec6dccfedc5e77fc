"""`budsjett check` against the floor: PyYAML merely listing the file's events.

    python bench/bench_floor.py                        # 10k, 100k (5 runs) and 1M (1 run)
    python bench/bench_floor.py --sizes 10 100 --runs 5 --write

For each size (changes per post, 1 000 posts) it generates the benchmark ledger
with generate_ledger.py and measures, interleaved in the same run because the
machine is shared (floor, budsjett, hledger, floor, budsjett, ...):

- the floor: ``python -c "import yaml; [e for e in yaml.parse(open(F), Loader=yaml.CLoader)]"``, the
  command the issue names;
- the same events counted, not kept (``for e in yaml.parse(...)``): on Python 3.11 keeping a million
  event objects in a list costs the cycle collector two thirds of the floor's time, so this is the
  stricter floor, and both ratios are printed;
- ``budsjett check F`` in a fresh process: wall time and peak RSS of the child (bytecode compiled
  first, as ``pip install`` does; this machine sets PYTHONDONTWRITEBYTECODE);
- ``hledger check`` on the same data as a journal, when hledger is installed.

It prints the median of each, the ratio to the floor, and the exponent of
budsjett's time against the number of changes (least squares on log-log;
1.0 is linear). With --write the table replaces the generated section of
docs/performance.md. Not a test: the numbers go in docs and notes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate_ledger import generate  # noqa: E402

FLOOR = "import yaml,sys; [e for e in yaml.parse(open(sys.argv[1]), Loader=yaml.CLoader)]"
FLOOR_COUNTED = "import yaml,sys\nn = 0\nfor e in yaml.parse(open(sys.argv[1]), Loader=yaml.CLoader): n += 1"
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench_floor: begin -->", "<!-- bench_floor: end -->"


def timed(argv: list[str], root: Path = ROOT) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process, measured with /usr/bin/time when present."""
    timer = shutil.which("time") or "/usr/bin/time"
    use_timer = os.path.exists(timer)
    command = ([timer, "-f", "%M"] if use_timer else []) + argv
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=child_env(root),
                          cwd=root)  # python -m looks in the working directory first: run each checkout in its own
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-500:]}")
    if use_timer:
        return elapsed, int(done.stderr.strip().splitlines()[-1])
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def child_env(root: Path = ROOT) -> dict[str, str]:
    """The environment of a measured process: a checkout first, bytecode used as an installed copy uses it."""
    env = dict(os.environ, PYTHONPATH=str(root))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_package(root: Path = ROOT) -> None:
    """Compile the package's bytecode once, so that no run pays for compiling it (an installed copy never does)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "budsjett_cli")], check=True,
                   stdout=subprocess.DEVNULL, env=child_env(root))


def journal(ledger_text: str) -> str:
    """The ledger's changes as an hledger journal: one transaction per change, same amounts."""
    import yaml

    data = yaml.load(ledger_text, Loader=yaml.CSafeLoader)
    lines = []
    for chapter, body in data["chapters"].items():
        for post, entry in body["posts"].items():
            account = f"budsjett:{chapter}:{post}"
            lines += ["2023-01-01 tildeling", f"    {account}  {str(entry['allocation']).replace(' ', '')}",
                      "    kilde", ""]
            for change in entry.get("changes", []):
                when = change["date"] if isinstance(change.get("date"), dt.date) else "2023-06-30"
                lines += [f"{when} {change.get('letter', '')}",
                          f"    {account}  {str(change['amount']).replace(' ', '')}", "    kilde", ""]
    return "\n".join(lines)


def fit_exponent(points: list[tuple[int, float]]) -> float:
    """Slope of log(time) against log(size): 1.0 is linear."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def measure(changes_per_post: int, runs: int, hledger: str | None, baseline: Path | None = None) -> dict:
    path = HERE / "out" / f"floor-{changes_per_post}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = generate(1000, changes_per_post)
    path.write_text(text, encoding="utf-8")
    tools = {"floor": [sys.executable, "-c", FLOOR, str(path)],
             "counted": [sys.executable, "-c", FLOOR_COUNTED, str(path)],
             "budsjett": [sys.executable, "-m", "budsjett_cli", "check", str(path)]}
    roots = {name: ROOT for name in tools}
    if baseline is not None:
        tools["before"] = [sys.executable, "-m", "budsjett_cli", "check", str(path)]
        roots["before"] = baseline
    if hledger:
        jpath = path.with_suffix(".journal")
        jpath.write_text(journal(text), encoding="utf-8")
        tools["hledger"] = [hledger, "-f", str(jpath), "check"]
        roots["hledger"] = ROOT
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in tools}
    for _ in range(runs):
        for name, argv in tools.items():  # interleaved: load on the shared machine hits all alike
            samples[name].append(timed(argv, roots[name]))
    result = {"changes": 1000 * changes_per_post, "mb": path.stat().st_size / 1e6, "runs": runs}
    for name, values in samples.items():
        result[name] = statistics.median(t for t, _ in values)
        result[name + "_rss"] = max(r for _, r in values) / 1024
    return result


def table(results: list[dict], exponent: float | None, hledger: bool, baseline: bool = False) -> str:
    head = ("| changes | MB | runs | floor s | events counted s | budsjett s | ratio to floor | ratio to counted "
            "| budsjett peak MB |")
    rule = "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    if hledger:
        head += " hledger s | hledger peak MB |"
        rule += " ---: | ---: |"
    if baseline:
        head += " before s | before peak MB |"
        rule += " ---: | ---: |"
    rows = [head, rule]
    for r in results:
        row = (f"| {r['changes']:,} | {r['mb']:.1f} | {r['runs']} | {r['floor']:.2f} | {r['counted']:.2f} "
               f"| {r['budsjett']:.2f} | {r['budsjett'] / r['floor']:.2f} | {r['budsjett'] / r['counted']:.2f} "
               f"| {r['budsjett_rss']:.0f} |").replace(",", " ")
        if hledger:
            row += f" {r['hledger']:.2f} | {r['hledger_rss']:.0f} |"
        if baseline:
            row += f" {r['before']:.2f} | {r['before_rss']:.0f} |"
        rows.append(row)
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    note = (f"\nMeasured {when} on {platform.machine()}, Python {platform.python_version()}, "
            f"{len(os.sched_getaffinity(0))} cores (shared), medians, runs interleaved.")
    if exponent is not None:
        note += f" Fitted exponent of budsjett time vs changes: {exponent:.2f} (1.00 is linear)."
    return "\n".join(rows) + "\n" + note + "\n"


def write_doc(text: str) -> None:
    block = f"{BEGIN}\n{text}{END}"
    if DOC.exists():
        current = DOC.read_text(encoding="utf-8")
        if BEGIN in current and END in current:
            start, end = current.index(BEGIN), current.index(END) + len(END)
            DOC.write_text(current[:start] + block + current[end:], encoding="utf-8")
            return
        DOC.write_text(current.rstrip("\n") + "\n\n" + block + "\n", encoding="utf-8")
        return
    DOC.write_text("# Performance\n\n" + block + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000],
                        help="changes per post (1 000 posts each); default 10 100 1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--runs-1m", type=int, default=1, help="runs for 1 000 changes per post (slow)")
    parser.add_argument("--write", action="store_true", help="write the table into docs/performance.md")
    parser.add_argument("--baseline", type=Path, help="another checkout of budsjett (an older commit) to run beside")
    args = parser.parse_args()
    hledger = shutil.which("hledger")
    compile_package()
    if args.baseline:
        compile_package(args.baseline)
    results = []
    for size in args.sizes:
        runs = args.runs_1m if size >= 1000 else args.runs
        results.append(measure(size, runs, hledger, args.baseline))
        r = results[-1]
        print(f"{r['changes']:>9} changes: floor {r['floor']:.2f} s, counted {r['counted']:.2f} s, "
              f"budsjett {r['budsjett']:.2f} s ({r['budsjett'] / r['floor']:.2f}x, {r['budsjett'] / r['counted']:.2f}x), "
              f"peak {r['budsjett_rss']:.0f} MB" + (f", hledger {r['hledger']:.2f} s" if hledger else ""), flush=True)
    exponent = fit_exponent([(r["changes"], r["budsjett"]) for r in results]) if len(results) > 1 else None
    text = table(results, exponent, bool(hledger), args.baseline is not None)
    print(text)
    if args.write:
        write_doc(text)


if __name__ == "__main__":
    main()
