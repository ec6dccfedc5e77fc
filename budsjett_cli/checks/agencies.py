"""agencies: several agencies' ledgers of one year, checked together.

A post is often shared: a ministry allocates 760.21 to Helsedirektoratet
and to Norsk helsenett SF. Checked together, their allocations stay within
the one appropriation, their ledgers agree on what it is, and an amount
moved from one agency to the other ("counterpart:") is in both ledgers.
Amounts are given in kroner: the ledgers may keep different units.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from budsjett_cli.amounts import format_kroner
from budsjett_cli.checks.context import Context
from budsjett_cli.findings import Finding, Severity
from budsjett_cli.ledger.history import History


def agencies(contexts: list[Context]) -> Iterable[Finding]:
    """Findings across the ledgers of each year that hold more than one agency."""
    by_year: dict[int, list[Context]] = {}
    for context in contexts:
        by_year.setdefault(context.ledger.year, []).append(context)
    for group in by_year.values():
        if len({_agency(c) for c in group}) > 1:
            yield from _shared_posts(group)
            yield from _moved(group)


def _agency(context: Context) -> str:
    return context.ledger.agency or context.ledger.path


def _shared_posts(group: list[Context]) -> Iterable[Finding]:
    shares: dict[str, list[tuple[Context, History]]] = {}
    for context in group:
        for history in context.histories:
            shares.setdefault(history.post.key, []).append((context, history))
    for key, held in shares.items():
        if len({_agency(c) for c, _ in held}) < 2:
            continue
        _, first = held[0]
        appropriations = {(_agency(c), h.appropriation) for c, h in held if h.appropriation is not None}
        values = {value for _, value in appropriations}
        if len(values) > 1:
            listed = ", ".join(f"{format_kroner(value)} in {agency}'s ledger" for agency, value in sorted(appropriations))
            yield Finding(Severity.WARNING, "agencies", held[1][1].post.location,
                          f"the ledgers disagree on the appropriation of {key}: {listed}", post=key)
        if not values:
            continue
        limit = max(values)
        allocated = [(_agency(c), h.current) for c, h in held if h.current is not None]
        total = sum((amount for _, amount in allocated), Decimal(0))
        if total > limit:
            listed = ", ".join(f"{agency} {format_kroner(amount)}" for agency, amount in allocated)
            yield Finding(Severity.ERROR, "agencies", first.post.location,
                          f"together the agencies are allocated {format_kroner(total)} on {key}, more than the "
                          f"appropriation {format_kroner(limit)} by {format_kroner(total - limit)}: {listed}",
                          post=key, expected=limit, actual=total)


def _moved(group: list[Context]) -> Iterable[Finding]:
    by_agency = {_agency(c): c for c in group}
    for context in group:
        for history in context.histories:
            for step in history.steps:
                change = step.change
                if change.counterpart is None or step.amount is None:
                    continue
                other = by_agency.get(change.counterpart)
                what = (f"{format_kroner(abs(step.amount))} moved {'to' if step.amount < 0 else 'from'} "
                        f"{change.counterpart} on {history.post.key} ({change.letter})")
                if other is None:
                    yield Finding(Severity.INFO, "agencies", change.location,
                                  f"{what}: not matched, no ledger of {change.counterpart} was checked with this one",
                                  post=history.post.key, letter=change.letter)
                elif not _has_counterpart(other, history.post.key, step.amount, change.letter, step.date,
                                          _agency(context)):
                    yield Finding(Severity.WARNING, "agencies", change.location,
                                  f"{what} has no counterpart in {other.ledger.path}: expected a change of "
                                  f"{format_kroner(-step.amount)} on {history.post.key} from the same letter or date",
                                  post=history.post.key, letter=change.letter, expected=-step.amount)


def _has_counterpart(other: Context, key: str, amount: Decimal, letter: str, date, agency: str) -> bool:
    for history in other.histories:
        if history.post.key != key:
            continue
        for step in history.steps:
            same_when = step.change.letter == letter or (date is not None and step.date == date)
            named = step.change.counterpart in (None, agency)
            if step.amount == -amount and same_when and named:
                return True
    return False
