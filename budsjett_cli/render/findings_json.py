"""Findings for scripts: the stable JSON of ``budsjett check --format json``.

The layout is documented in docs/check.md; amounts are exact kroner as
strings ("195666000", "-2400.5"), never floats. Add keys, never rename or
remove them, without changing ``format``.
"""

from __future__ import annotations

import datetime as dt
from budsjett_cli.render.jsontext import dumps

from budsjett_cli.amounts import plain_decimal
from budsjett_cli.analysis import Analysis
from budsjett_cli.findings import Finding, Severity, finding_record

FORMAT = "budsjett-check/1"


def _money(value):
    return None if value is None else plain_decimal(value)


_JSON_KEYS = ("severity", "check", "file", "line", "column", "post", "chapter", "post_number", "letter", "message",
              "expected", "actual", "difference")
_MONEY_KEYS = frozenset(("expected", "actual", "difference"))


def finding_dict(finding: Finding) -> dict:
    """A finding as ``check --format json`` writes it: the finding record, amounts as exact strings."""
    record = finding_record(finding)
    return {key: _money(record[key]) if key in _MONEY_KEYS else record[key] for key in _JSON_KEYS}


def findings_json(analyses: list[Analysis], checks: list[str],
                  as_of: dt.date | None, strict: bool, exit_code: int) -> str:
    all_findings = [f for a in analyses for f in a.findings]
    counts = {s: sum(1 for f in all_findings if f.severity is s) for s in Severity}
    document = {
        "format": FORMAT,
        "as_of": as_of.isoformat() if as_of else None,
        "checks": checks,
        "strict": strict,
        "ledgers": [
            {
                "file": analysis.ledger.path,
                "year": analysis.ledger.year,
                "agency": analysis.ledger.agency,
                "unit": analysis.ledger.unit.label,
                "posts": len(analysis.histories),
                "changes": sum(len(h.steps) for h in analysis.histories),
                "changes_left_out": sum(h.left_out for h in analysis.histories),
            }
            for analysis in analyses
        ],
        "findings": [finding_dict(f) for f in all_findings],
        "summary": {
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            "exit_code": exit_code,
        },
    }
    return dumps(document)
