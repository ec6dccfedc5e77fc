"""Findings for scripts: the stable JSON of ``budsjett check --format json``.

The layout is documented in docs/check-json.md; amounts are exact kroner as
strings ("195666000", "-2400.5"), never floats. Add keys, never rename or
remove them, without changing ``format``.
"""

from __future__ import annotations

import datetime as dt
import json

from budsjett_cli.amounts import plain_decimal
from budsjett_cli.checks import Context
from budsjett_cli.findings import Finding, Severity

FORMAT = "budsjett-check/1"


def _money(value):
    return None if value is None else plain_decimal(value)


def finding_dict(finding: Finding) -> dict:
    chapter, _, post = (finding.post or "").partition(".")
    return {
        "severity": finding.severity.value,
        "check": finding.check,
        "file": finding.location.path,
        "line": finding.location.line,
        "column": finding.location.col,
        "post": finding.post,
        "chapter": chapter or None,
        "post_number": post or None,
        "letter": finding.letter,
        "message": finding.message,
        "expected": _money(finding.expected),
        "actual": _money(finding.actual),
        "difference": _money(finding.difference),
    }


def findings_json(results: list[tuple[Context, list[Finding]]], checks: list[str],
                  as_of: dt.date | None, strict: bool, exit_code: int) -> str:
    all_findings = [f for _, findings in results for f in findings]
    counts = {s: sum(1 for f in all_findings if f.severity is s) for s in Severity}
    document = {
        "format": FORMAT,
        "as_of": as_of.isoformat() if as_of else None,
        "checks": checks,
        "strict": strict,
        "ledgers": [
            {
                "file": context.ledger.path,
                "year": context.ledger.year,
                "agency": context.ledger.agency,
                "unit": context.ledger.unit.label,
                "posts": len(context.histories),
                "changes": sum(len(h.steps) for h in context.histories),
                "changes_left_out": sum(h.left_out for h in context.histories),
            }
            for context, _ in results
        ],
        "findings": [finding_dict(f) for f in all_findings],
        "summary": {
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            "exit_code": exit_code,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
