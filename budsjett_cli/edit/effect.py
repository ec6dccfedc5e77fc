"""What an import changes in a ledger: the running totals of the posts it touched, and the findings.

The ledger before and the ledger after are each checked once; the running
totals are read from the histories the checks were given
(``analysis.analyse``), not computed a second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budsjett_cli.analysis import Analysis, analyse
from budsjett_cli.findings import Finding, Severity
from budsjett_cli.ledger.model import Ledger

# Findings name lines ("see line 212"); a merge moves lines, so a finding is compared without them.
_LINE_REFERENCE = re.compile(r"\bline \d+")


@dataclass(slots=True)
class Effect:
    """Per touched post its running allocation before and after; the findings new, changed and resolved."""

    totals: list[tuple[str, Decimal | None, Decimal | None]]
    new: list[Finding]
    changed: list[Finding]
    resolved: list[Finding]

    @property
    def brought_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.new)


def effect_of(before: Ledger, after: Ledger, touched: list[str]) -> Effect:
    """Check both ledgers and compare: what the import brought."""
    was, now = analyse(before), analyse(after)
    new, changed, resolved = finding_delta(was.findings, now.findings)
    return Effect(running_totals(was, now, touched), new, changed, resolved)


def finding_delta(before: list[Finding], after: list[Finding]) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """Findings the import brought, findings whose figures it changed, and findings it resolved.

    Findings are compared without line numbers (the merge moves lines);
    one about the same check, post and letter with other figures is
    "changed", not new.
    """
    def exact(finding: Finding):
        return (finding.severity, finding.check, finding.post, finding.letter,
                _LINE_REFERENCE.sub("line", finding.message))

    def coarse(finding: Finding):
        return (finding.severity, finding.check, finding.post, finding.letter)

    old_exact, new_exact = {exact(f) for f in before}, {exact(f) for f in after}
    old_coarse, new_coarse = {coarse(f) for f in before}, {coarse(f) for f in after}
    fresh = [f for f in after if exact(f) not in old_exact]
    new = [f for f in fresh if coarse(f) not in old_coarse]
    changed = [f for f in fresh if coarse(f) in old_coarse]
    resolved = [f for f in before if exact(f) not in new_exact and coarse(f) not in new_coarse]
    return new, changed, resolved


def running_totals(before: Analysis, after: Analysis, touched: list[str]) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """Each touched post (once, in the order touched) with its allocation now and after the import."""
    was = {history.post.key: history.current for history in before.histories}
    now = {history.post.key: history.current for history in after.histories}
    rows = []
    for key in dict.fromkeys(touched):
        if key in now:
            rows.append((key, was.get(key), now[key]))
    return rows
