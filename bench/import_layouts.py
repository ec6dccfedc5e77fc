"""Count what ``budsjett import`` finds in each layout of the letter-variant corpus, and time the largest letter.

Per file of tests/letter_variants (the real letters' figures in other
converters' and ministries' layouts; see its make_corpus.py): the rows
expected (allocation-table rows, prose allocations, corrections), found,
found with exact figures, missed, proposed wrongly, the earmarks listed in
cells, and the items marked for review. Then the median time to import the
largest real letter (tests/letters/001_...txt, 4 500 lines, six letters)
as a proposal, and into the 2023 ledger with ``--into --dry-run --received``.

    python3 bench/import_layouts.py [--repeat 5] [--markdown]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from click.testing import CliRunner  # noqa: E402

from budsjett_cli.cli import cli  # noqa: E402
from importcompare import LETTERS, only_allocation_letter  # noqa: E402
from variantcompare import compare_all  # noqa: E402

LARGEST = LETTERS / "001_52bc8ba46f39a98d.txt"


def timed(func, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown (for docs/import.md)")
    args = parser.parse_args()
    tallies = compare_all()
    if args.markdown:
        print("| Layout | File | Rows | Found | Exact | Missed | Wrong | Earmarks in cells | Review |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for t in tallies:
            layout = t.layout.replace("|", "\\|")
            print(f"| {layout} | `{t.name}` | {t.rows} | {t.found} | {t.exact} | {len(t.missed)} | {len(t.wrong)} | "
                  f"{t.earmarks_found}/{t.earmarks} | {t.review} |")
    else:
        print(f"{'file':42} {'rows':>5} {'found':>6} {'exact':>6} {'missed':>7} {'wrong':>6} {'earmarks':>9} {'review':>7}")
        for t in tallies:
            print(f"{t.name:42} {t.rows:5} {t.found:6} {t.exact:6} {len(t.missed):7} {len(t.wrong):6} "
                  f"{f'{t.earmarks_found}/{t.earmarks}':>9} {t.review:7}")
    total = sum(t.rows for t in tallies)
    print(f"\nall layouts: {sum(t.exact for t in tallies)} of {total} rows exact, "
          f"{sum(len(t.missed) for t in tallies)} missed, {sum(len(t.wrong) for t in tallies)} wrong")
    runner = CliRunner()
    lines = LARGEST.read_text(encoding="utf-8").count("\n")
    propose = timed(lambda: runner.invoke(cli, ["import", str(LARGEST)]), args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        ledger = only_allocation_letter(Path(tmp) / "2023.yaml")
        command = ["import", str(LARGEST), "--into", str(ledger), "--dry-run", "--received", "2023-06-30"]
        assert runner.invoke(cli, command).exit_code in (0, 1)      # merged (its undated letters given a day)
        into = timed(lambda: runner.invoke(cli, command), args.repeat)
    print(f"largest letter ({LARGEST.name}, {lines} lines): proposal {propose:.0f} ms, "
          f"--into --dry-run {into:.0f} ms (median of {args.repeat})")


if __name__ == "__main__":
    main()
