"""Time ``budsjett import`` on each real letter, and count what it finds against the bundled ledgers.

For every letter file in tests/letters: the time to read it (text to
proposals), to print the proposal as ledger YAML, to read it from a PDF
made of its text, and to merge it into the 2023 ledger as it stood after
the allocation letter (``--into`` on a copy, checks included). Then, per
letter, the entries found, missed and proposed wrongly, compared with the
hand-made ledgers (including, as "earmarks_partial", the earmark lists
marked partial or not as the ledger marks them), and the items marked for
review.

    python3 bench/import_letters.py [--repeat 5]
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
from budsjett_cli.edit.emit import Layout, dump, proposal_document  # noqa: E402
from budsjett_cli.letters.reader import read_file  # noqa: E402
from importcompare import LEDGER_OF, LETTERS, compare, only_allocation_letter  # noqa: E402
from pdfmaker import make_pdf  # noqa: E402


def timed(func, repeat: int) -> float:
    """Median wall time of ``repeat`` runs, in milliseconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    runner = CliRunner()
    print(f"{'letter':<28}{'lines':>6}{'read ms':>9}{'yaml ms':>9}{'pdf ms':>9}{'--into ms':>11}")
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        base = only_allocation_letter(directory / "2023.yaml")
        for name in sorted(LEDGER_OF):
            path = LETTERS / name
            lines = path.read_text(encoding="utf-8").splitlines()
            pdf = directory / (path.stem + ".pdf")
            pdf.write_bytes(make_pdf(lines))
            result = read_file(path)

            def render():
                layout = Layout()
                dump(proposal_document(result.letters, result.letters[0].unit, layout), layout)

            def merge():
                ledger = directory / "into.yaml"
                ledger.write_text(base.read_text(encoding="utf-8"), encoding="utf-8")
                runner.invoke(cli, ["import", str(path), "--into", str(ledger)], catch_exceptions=False)

            print(f"{name:<28}{len(lines):>6}{timed(lambda: read_file(path), args.repeat):>9.1f}"
                  f"{timed(render, args.repeat):>9.1f}{timed(lambda: read_file(pdf), args.repeat):>9.1f}"
                  f"{timed(merge, args.repeat):>11.1f}")
    print()
    print(f"{'file':<10}{'letter':<38}{'found':>7}{'of':>5}{'missed':>8}{'wrong':>7}{'review':>8}")
    for name in sorted(LEDGER_OF):
        for tally in compare(name):
            expected = sum(tally.expected.values())
            found = sum(tally.found.values())
            print(f"{name[:3]:<10}{tally.letter:<38}{found:>7}{expected:>5}{len(tally.missed):>8}"
                  f"{len(tally.wrong):>7}{tally.review:>8}")
            for what in sorted(tally.expected):
                print(f"{'':<12}{what:<36}{tally.found[what]:>7}{tally.expected[what]:>5}")


if __name__ == "__main__":
    main()
