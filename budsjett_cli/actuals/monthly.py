"""Each post month by month: spending in the month, so far, and the allocation as it stood at the month's end.

What ``budsjett actuals --monthly`` shows (one column per month, like
``hledger bal --budget -M``) and what the long ``monthly`` sheet holds (one
row per post and month, for a pivot table). The allocation at a month's end
is the ledger's running history at that date, by the same rule the
reconciliation counts changes (``allocation_history``: undated changes
only with ``--count-undated`` or once a later change is dated).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budsjett_cli.actuals.reconciliation import PostLine, Reconciliation, allocation_history, booked_amounts
from budsjett_cli.dates import month_end


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """One post in one month, in kroner; income positive on income posts, as in the reconciliation."""

    month: int
    spent: Decimal                 # booked in the month
    to_date: Decimal               # booked from January to the month's end
    allocation: Decimal | None     # the allocation (income target) at the month's end; None without one


def months_of(rec: Reconciliation) -> list[int]:
    """The months reconciled: 1 to ``--to-month`` (13, the closing period, included when asked for)."""
    return list(range(1, rec.to_month + 1))


def post_months(rec: Reconciliation, line: PostLine) -> list[MonthFigures]:
    """``line``'s figures for every month reconciled."""
    agency = rec.accounts.agencies.get(rec.orgnr or "") or rec.accounts.agencies.get("")
    booked = agency.posts.get((line.post.chapter, line.post.post)) if agency else None
    out = []
    for month in months_of(rec):
        history = allocation_history(rec.ledger, line.post, month_end(rec.ledger.year, month), rec.count_undated)
        spent, to_date = booked_amounts(booked, month, line.income)
        out.append(MonthFigures(month, spent, to_date, history.current))
    return out


def all_months(rec: Reconciliation) -> dict[str, list[MonthFigures]]:
    """Every post's figures for every month reconciled, by post key (computed once per report)."""
    return {line.key: post_months(rec, line) for line in rec.lines}
