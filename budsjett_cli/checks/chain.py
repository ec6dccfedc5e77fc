"""chain: each change starts where the one before it ended.

A letter's "Tidligere tildeling" that differs from the running total means
the ledger lacks a letter (or holds one twice): the gap is money the ledger
cannot account for.
"""

from __future__ import annotations

from decimal import Decimal

from budsjett_cli.findings import Finding, Severity
from budsjett_cli.ledger.history import OPENED_FROM_PREVIOUS, OPENED_UNKNOWN
from budsjett_cli.checks.context import Context


def chain(ctx: Context):
    for history in ctx.histories:
        post = history.post
        if history.opened_from == OPENED_FROM_PREVIOUS:
            first = history.steps[0].change
            yield Finding(
                Severity.INFO,
                "chain",
                post.location,
                f"no allocation in the ledger: the post opens at {ctx.fmt(history.opening)} ({ctx.unit}), "
                f"the previous allocation stated by {first.letter}",
                post=post.key,
                letter=first.letter,
            )
        elif history.opened_from == OPENED_UNKNOWN and history.steps:
            yield Finding(
                Severity.INFO,
                "chain",
                post.location,
                "no allocation in the ledger and the first change states no previous allocation: "
                "the running allocation is unknown until a letter states a total",
                post=post.key,
                letter=history.steps[0].change.letter,
            )
        for step in history.steps:
            if step.total_misprint:
                change = step.change
                yield Finding(
                    Severity.ERROR, "chain", change.total.location,
                    f"stated total {ctx.fmt(change.total.kroner)} differs from the running total "
                    f"{ctx.fmt(step.before)} + the change {ctx.fmt(change.amount.kroner)} = {ctx.fmt(step.after)} by "
                    f"{ctx.fmt(step.total_misprint)} ({ctx.unit}); the next letter's previous confirms "
                    f"{ctx.fmt(step.after)}: a misprint in this letter's total?",
                    post=post.key, letter=change.letter, expected=step.after, actual=change.total.kroner)
            if not step.gap:
                continue
            change = step.change
            stated = step.before + step.gap
            if change.previous is not None:
                location, what = change.previous.location, f"stated previous {ctx.fmt(stated)}"
            else:
                location = change.total.location
                what = f"previous {ctx.fmt(stated)} (stated total {ctx.fmt(change.total.kroner)} − change {ctx.fmt(change.amount.kroner)})"
            if step.gap > 0:
                cause = f"{ctx.fmt(step.gap)} ({ctx.unit}) is unaccounted for: a letter may be missing from the ledger"
            else:
                cause = (
                    f"{ctx.fmt(-step.gap)} ({ctx.unit}) too much in the ledger: "
                    "a change may be recorded twice, or the letter does not count one"
                )
            yield Finding(
                Severity.ERROR,
                "chain",
                location,
                f"{what} differs from the running total {ctx.fmt(step.before)}; {cause}{_unit_hint(step.before, stated)}",
                post=post.key,
                letter=change.letter,
                expected=step.before,
                actual=stated,
            )


def _unit_hint(running: Decimal, stated: Decimal) -> str:
    """A gap of a factor of about 1000 is a unit mix-up, not a missing letter."""
    if running and stated:
        ratio = abs(stated / running)
        if Decimal("900") <= ratio <= Decimal("1100") or Decimal("0.0009") <= ratio <= Decimal("0.0011"):
            return " (the two differ by a factor of about 1000: is one in kroner and the other in 1000 kr?)"
    return ""
