"""Spending to year end at the run rate so far (``budsjett actuals --forecast``).

The method, stated in the report's note: spending (income) so far divided
by the months reconciled, times twelve: ``hittil × 12 / måneder``. It is
the simplest forecast a finance advisor can check by hand; it knows nothing
of seasons (grants paid out in one month, the December peak), so it is a
signal to look closer, never a budget. An expense post whose projection
passes its allocation is a warning (never an error: nothing is spent yet).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from budsjett_cli.actuals.reconciliation import Reconciliation
from budsjett_cli.amounts import format_kroner
from budsjett_cli.findings import Finding, Severity

METHOD = ("Prognose: forbruk til årsslutt i samme takt som hittil i år (hittil × 12 / antall måneder "
          "avstemt); tar ikke hensyn til sesong eller engangsutbetalinger.")


def add_forecast(rec: Reconciliation) -> list[Finding]:
    """Set each post's projected year-end figure (``line.forecast``); the warnings for projected excesses."""
    months = Decimal(min(rec.to_month, 12))
    found = []
    for line in rec.lines:
        line.forecast = (line.to_date * 12 / months).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if line.income or line.allocation is None or line.status.over:
            continue
        if line.forecast > line.allocation:
            line.forecast_over = True
            found.append(Finding(
                Severity.WARNING, "forecast-over", line.post.location,
                f"at the run rate so far ({format_kroner(line.to_date)} in {months} months) the "
                f"year ends at {format_kroner(line.forecast)}, {format_kroner(line.forecast - line.allocation)} "
                f"over the allocation of {format_kroner(line.allocation)}",
                post=line.key, expected=line.allocation, actual=line.forecast))
    rec.findings.extend(found)
    return found
