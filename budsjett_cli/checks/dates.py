"""dates: changes fall in the budget year, and each post's changes are in date order."""

from __future__ import annotations

from budsjett_cli.findings import Finding, Severity
from budsjett_cli.checks.context import Context


def dates(ctx: Context):
    year = ctx.ledger.year
    for history in ctx.histories:
        latest = None
        latest_letter = None
        for step in history.steps:
            date = step.date
            if date is None:
                continue
            change = step.change
            if date.year != year:
                yield Finding(
                    Severity.ERROR, "dates", change.location,
                    f"{change.letter} is dated {date.isoformat()}, outside the budget year {year}",
                    post=history.post.key, letter=change.letter,
                )
            if latest is not None and date < latest:
                yield Finding(
                    Severity.WARNING, "dates", change.location,
                    f"{change.letter} ({date.isoformat()}) comes after {latest_letter} ({latest.isoformat()}) "
                    "in the ledger but is dated earlier; running totals follow the ledger's order",
                    post=history.post.key, letter=change.letter,
                )
            else:
                latest, latest_letter = date, change.letter
