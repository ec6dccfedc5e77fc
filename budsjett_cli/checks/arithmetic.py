"""arithmetic: a change's printed figures add up (previous + amount = total)."""

from __future__ import annotations

from budsjett_cli.findings import Finding, Severity
from budsjett_cli.checks.context import Context


def arithmetic(ctx: Context):
    for history in ctx.histories:
        for step in history.steps:
            change = step.change
            if change.previous is None or change.amount is None or change.total is None:
                continue
            expected = change.previous.kroner + change.amount.kroner
            actual = change.total.kroner
            rounding = change.previous.half_unit + change.amount.half_unit + change.total.half_unit
            if abs(actual - expected) <= rounding:
                continue
            yield Finding(
                Severity.ERROR,
                "arithmetic",
                change.total.location,
                f"stated total {ctx.fmt(actual)} is not previous {ctx.fmt(change.previous.kroner)} "
                f"+ change {ctx.fmt(change.amount.kroner)} = {ctx.fmt(expected)}; "
                f"off by {ctx.fmt(actual - expected)} ({ctx.unit})",
                post=history.post.key,
                letter=change.letter,
                expected=expected,
                actual=actual,
            )
