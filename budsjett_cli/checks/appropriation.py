"""appropriation: the running allocation stays within what Stortinget voted."""

from __future__ import annotations

from decimal import Decimal

from budsjett_cli.findings import Finding, Severity
from budsjett_cli.checks.context import Context


def appropriation(ctx: Context):
    for history in ctx.histories:
        post = history.post
        over_severity = Severity.WARNING if post.annotations.estimate else Severity.ERROR
        estimate_note = " (an overslagsbevilgning may be exceeded)" if post.annotations.estimate else ""
        limit = post.appropriation.kroner if post.appropriation else None
        points = [(history.opening, limit, post.allocation.location if post.allocation else post.location, None)]
        points += [(s.after, s.appropriation, s.change.location, s.change.letter) for s in history.steps]
        was_over = False
        was_negative = False
        for running, limit, location, letter in points:
            if running is None:
                continue
            negative = running < 0 and not post.is_income
            if negative and not was_negative:
                yield Finding(
                    Severity.ERROR, "appropriation", location,
                    f"the allocation is negative: {ctx.fmt(running)} ({ctx.unit})",
                    post=post.key, letter=letter, expected=Decimal(0), actual=running,
                )
            was_negative = negative
            over = limit is not None and running > limit
            if over and not was_over:
                after = f"after {letter} the allocation" if letter else "the allocation"
                hint = (
                    "; if the appropriation was changed (RNB), record it with 'appropriation:' on the change"
                    if letter else ""
                )
                yield Finding(
                    over_severity, "appropriation", location,
                    f"{after} {ctx.fmt(running)} exceeds the appropriation {ctx.fmt(limit)} "
                    f"by {ctx.fmt(running - limit)} ({ctx.unit}){estimate_note}{hint}",
                    post=post.key, letter=letter, expected=limit, actual=running,
                )
            was_over = over
        current, limit = history.current, history.appropriation
        if current is not None and limit is not None and current < limit:
            yield Finding(
                Severity.INFO, "appropriation",
                post.appropriation.location if post.appropriation else post.location,
                f"{ctx.fmt(limit - current)} ({ctx.unit}) of the appropriation {ctx.fmt(limit)} is not allocated to the agency",
                post=post.key, expected=limit, actual=current,
            )
