"""The findings of ``budsjett actuals`` for people: one line each, and a summary line.

The lines are those of ``budsjett check`` (``render.findings_text``):
``path:line: severity [check] post: message``, a finding about a whole
file (no line) reading ``path: ...``. They go to standard error, so that
the report on standard output (or in -o FILE) stays a clean table. Colour
only on a terminal; lines are never wrapped.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from budsjett_cli.findings import Severity
from budsjett_cli.actuals.reconciliation import Reconciliation
from budsjett_cli.render.findings_text import counts_text, finding_line


def print_actuals_findings(rec: Reconciliation, failing: set[Severity], quiet: bool) -> None:
    """Every finding (only the failing ones with ``quiet``), then a summary unless ``quiet``."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for finding in rec.findings:
        if quiet and finding.severity not in failing:
            continue
        console.print(finding_line(finding))
    if not quiet:
        console.print(summary_line(rec))


def summary_line(rec: Reconciliation) -> Text:
    """"1 error, 4 warnings, 2 info in the reconciliation to juni 2023 (9 posts, 1 over its allocation)"."""
    text = counts_text({s: rec.count(s) for s in Severity})
    over = sum(1 for line in rec.lines if line.status.over)
    text.append(f" in the reconciliation to {rec.month_name} {rec.ledger.year} "
                f"({len(rec.lines)} post{'s' if len(rec.lines) != 1 else ''}, "
                f"{over} over {'their allocations' if over != 1 else 'its allocation'})")
    return text
