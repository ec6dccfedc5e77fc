"""What the checks report: located findings with severity, and the figures behind them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from budsjett_cli.problems import Location


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: error 2, warning 1, info 0."""
        return _RANK[self]


_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}
_NORMAL = frozenset((Severity.ERROR,))
_STRICT = frozenset((Severity.ERROR, Severity.WARNING))


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found, at the line it concerns.

    ``expected`` and ``actual`` are exact kroner where the finding is about a
    figure; ``difference`` is actual minus expected.
    """

    severity: Severity
    check: str
    location: Location
    message: str
    post: str | None = None
    letter: str | None = None
    expected: Decimal | None = None
    actual: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected

    def to_dict(self) -> dict:
        """The finding as a plain dict (``finding_record``): the keys of ``check --format json``, money exact."""
        return finding_record(self)


def finding_record(finding: Finding) -> dict:
    """The one plain record of a finding that the check JSON and every findings sheet are made from.

    Keys are stable (docs/check.md); money stays exact ``Decimal`` kroner here,
    and each output format writes it its own way.
    """
    chapter, _, post = (finding.post or "").partition(".")
    location = finding.location
    return {
        "severity": finding.severity.value,
        "check": finding.check,
        "file": location.path,
        "line": location.line,
        "column": location.col,
        "location": str(location),
        "post": finding.post,
        "chapter": chapter or None,
        "post_number": post or None,
        "letter": finding.letter,
        "message": finding.message,
        "expected": finding.expected,
        "actual": finding.actual,
        "difference": finding.difference,
    }


def failing_severities(strict: bool) -> frozenset[Severity]:
    """The severities that fail a run: errors, and warnings too with ``--strict``."""
    return _STRICT if strict else _NORMAL


def exit_code(findings: Iterable[Finding], strict: bool = False) -> int:
    """The exit-code contract for findings: 1 when any finding fails the run, else 0."""
    failing = failing_severities(strict)
    return 1 if any(f.severity in failing for f in findings) else 0


def sort_key(finding: Finding) -> tuple:
    """File order: path, line, column, then worst first."""
    loc = finding.location
    return (loc.path, loc.line, loc.col, -finding.severity.rank, finding.check)
