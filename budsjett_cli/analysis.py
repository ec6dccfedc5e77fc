"""One analysis of a ledger: every post's recomputed history and the findings of the checks.

``check``, every report and ``import`` start from ``analyse``; nothing else
recomputes running totals or runs the checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from budsjett_cli.checks import Context, build_context, run_across, run_checks
from budsjett_cli.findings import Finding, Severity, sort_key
from budsjett_cli.ledger.history import History
from budsjett_cli.ledger.model import Ledger


@dataclass(slots=True)
class Analysis:
    """A ledger with every post's recomputed history and the findings of every check.

    Statuses are severity names: "ok" where nothing was found, else the
    worst finding's severity ("info", "warning", "error").
    """

    ledger: Ledger
    histories: list[History]
    findings: list[Finding]
    as_of: dt.date | None = None
    _by_post: dict[str, Severity] = field(default_factory=dict)
    _by_step: dict[tuple[str, str | None], Severity] = field(default_factory=dict)
    _by_letter: dict[str, Severity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for finding in self.findings:
            if finding.letter:
                _keep_worst(self._by_letter, finding.letter, finding.severity)
            if finding.post is not None:
                _keep_worst(self._by_post, finding.post, finding.severity)
                _keep_worst(self._by_step, (finding.post, finding.letter), finding.severity)

    def post_status(self, key: str) -> str:
        """The worst severity among the post's findings; "ok" when there are none."""
        return _name(self._by_post.get(key)) or "ok"

    def step_status(self, key: str, *letters: str | None) -> str | None:
        """The worst severity among the post's findings that name one of ``letters`` (None: no letter)."""
        if len(letters) == 1:   # the usual question, asked for every row of a large report
            found = self._by_step.get((key, letters[0]))
            return found.value if found else None
        return _name(worst(self._by_step.get((key, letter)) for letter in letters))

    def letter_status(self, letter_id: str) -> str:
        """The worst severity among the findings that name the letter; "ok" when there are none."""
        return _name(self._by_letter.get(letter_id)) or "ok"


def worst(severities: Iterable[Severity | None]) -> Severity | None:
    """The worst of the severities given (None counts as nothing found)."""
    found = [s for s in severities if s is not None]
    return max(found, key=lambda s: s.rank) if found else None


def _keep_worst(table: dict, key, severity: Severity) -> None:
    known = table.get(key)
    if known is None or severity.rank > known.rank:
        table[key] = severity


def _name(severity: Severity | None) -> str | None:
    return severity.value if severity else None


def analyse(ledger: Ledger, as_of: dt.date | None = None, checks: Iterable[str] | None = None) -> Analysis:
    """Recompute the ledger's histories and run the named checks (all when None), as ``budsjett check`` does."""
    return analyse_context(build_context(ledger, as_of), checks)


def analyse_context(context: Context, checks: Iterable[str] | None = None) -> Analysis:
    """``analyse`` of histories recomputed already (``checks.build_context``): a caller may use them meanwhile."""
    return Analysis(context.ledger, context.histories, run_checks(context, checks), context.as_of)


def add_across(analyses: list[Analysis], checks: Iterable[str] | None = None) -> None:
    """Run the checks across ledgers (several agencies, one year) and give each finding to the ledger it points at."""
    found = run_across([Context(a.ledger, a.histories, a.as_of) for a in analyses], checks)
    by_path = {a.ledger.path: a for a in analyses}
    for finding in found:
        analysis = by_path.get(finding.location.path, analyses[0])
        analysis.findings.append(finding)
        if finding.post is not None:
            _keep_worst(analysis._by_post, finding.post, finding.severity)
    for analysis in analyses:
        analysis.findings.sort(key=sort_key)
