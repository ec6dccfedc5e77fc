"""appropriation: the running allocation stays within what Stortinget voted.

The appropriation runs like the allocation: the allocation letter's
Bevilgning, then each change's new ``appropriation`` (printed) or
``appropriation_change`` (printed, or implied by a letter that ties the
change to RNB or a proposition). Exceeding a printed appropriation is an
error; where the excess has a likely cause the ledger already shows (money
the chain check reports unaccounted for, a change the letter ties to RNB
with no appropriation change recorded) it is a warning that names it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budsjett_cli.checks.context import Context
from budsjett_cli.checks.transfers import allows
from budsjett_cli.findings import Finding, Severity
from budsjett_cli.ledger.history import History, Step

# What a letter says when an allocation change comes with a change to the appropriation.
_APPROPRIATION_CUE = re.compile(
    r"\bRNB\b|revidert nasjonalbudsjett|nysaldering|\bProp\.\s*\d+|\bInnst\.\s*\d+|prisjuster", re.IGNORECASE)


def appropriation(ctx: Context):
    for history in ctx.histories:
        yield from _over_or_negative(ctx, history)
        yield from _unallocated(ctx, history)


def _over_or_negative(ctx: Context, history: History):
    post = history.post
    limit = history.original_appropriation
    points = [(history.opening, limit, False, post.allocation.location if post.allocation else post.location, None)]
    points += [(s.after, s.appropriation, s.appropriation_implied, s.change.location, s) for s in history.steps]
    was_over = was_negative = False
    for running, limit, implied, location, step in points:
        if running is None:
            continue
        letter = step.change.letter if step else None
        negative = running < 0 and not post.is_income
        if negative and not was_negative:
            yield Finding(Severity.ERROR, "appropriation", location,
                          f"the allocation is negative: {ctx.fmt(running)} ({ctx.unit})",
                          post=post.key, letter=letter, expected=Decimal(0), actual=running)
        was_negative = negative
        over = limit is not None and running > limit
        if over and not was_over:
            severity, why = _judge(ctx, history, step, implied, running - limit)
            after = f"after {letter} the allocation" if letter else "the allocation"
            stated = f"at least {ctx.fmt(limit)}" if implied else ctx.fmt(limit)
            yield Finding(severity, "appropriation", location,
                          f"{after} {ctx.fmt(running)} exceeds the appropriation {stated} "
                          f"by {ctx.fmt(running - limit)} ({ctx.unit}){why}",
                          post=post.key, letter=letter, expected=limit, actual=running)
        was_over = over


def _judge(ctx: Context, history: History, step: Step | None, implied: bool, excess: Decimal) -> tuple[Severity, str]:
    """The severity of an excess and what explains it, most likely cause first."""
    post = history.post
    if post.is_income:
        return Severity.INFO, (": an income target above the appropriation (the income Stortinget expects) is no "
                               "breach; more income than budgeted is allowed")
    if post.annotations.estimate:
        return Severity.WARNING, " (an overslagsbevilgning may be exceeded)"
    if step is None:
        return _linked(ctx, history, step) or (Severity.ERROR, "")
    if implied:
        return Severity.WARNING, ("; the appropriation is known only as at least this (a change the letters imply): "
                                  "record the printed figure with 'appropriation:' when a letter or proposition gives it")
    upto = history.steps[: history.steps.index(step) + 1]
    unaccounted = sum((s.gap for s in upto if s.gap), Decimal(0))
    if unaccounted > 0 and excess <= unaccounted:
        return Severity.WARNING, (f"; it follows from the {ctx.fmt(unaccounted)} the chain check reports unaccounted "
                                  "for (a letter missing from the ledger) and any appropriation change that letter made")
    cue = next((s for s in reversed(upto) if _cites_appropriation_change(ctx, s)), None)
    if cue is not None and cue.change.appropriation is None and cue.change.appropriation_change is None:
        return Severity.WARNING, (f"; likely cause: {cue.change.letter} ties the change to a change of the "
                                  "appropriation (RNB or a proposition) that the ledger does not record: add "
                                  "'appropriation_change' (implied: true when the letter prints no new Bevilgning)")
    if any(s.change.appropriation is not None or s.change.appropriation_change is not None for s in upto):
        hint = "; the recorded appropriation change does not cover it: check it against the letter or proposition"
    else:
        hint = "; if the appropriation was changed (RNB), record it with 'appropriation:' on the change"
    return _linked(ctx, history, step) or (Severity.ERROR, hint)


def _linked(ctx: Context, history: History, step: Step | None) -> tuple[Severity, str] | None:
    """Info, when the posts this one may be used under or with, taken together with it, stay within their
    appropriations at the same point (a transfer between them); the spare is counted once for all of them."""
    group = _linked_group(ctx, history)
    if len(group) < 2:
        return None
    spare, others = Decimal(0), []
    for other in group:
        if other is not history:
            running, limit = _as_of(other, step)
        elif step is not None:
            running, limit = step.after, step.appropriation
        else:
            running, limit = history.opening, history.original_appropriation
        if running is None or limit is None:
            return None
        spare += limit - running
        if other is not history and limit > running:
            others.append(f"{other.post.key} ({ctx.fmt(limit - running)})")
    if spare < 0 or not others:
        return None
    return Severity.INFO, (f"; within the appropriation left unallocated on {', '.join(others)}, which may be used "
                           "under it (kan nyttes under), the posts together staying within their appropriations")


def _linked_group(ctx: Context, history: History) -> list[History]:
    """This post and every post linked to it by 'kan nyttes under' (either way, and on through the links)."""
    candidates = [h for h in ctx.histories if not h.post.is_income]
    group, queue = [history], [history]
    while queue:
        current = queue.pop()
        for other in candidates:
            if other not in group and allows(other.post, current.post):
                group.append(other)
                queue.append(other)
    return group


def _as_of(history: History, step: Step | None) -> tuple[Decimal | None, Decimal | None]:
    """A post's allocation and appropriation after the changes of ``step``'s letter and those dated no later."""
    running, limit = history.opening, history.original_appropriation
    if step is None:
        return running, limit
    for other in history.steps:
        same_letter = other.change.letter == step.change.letter
        earlier = other.date is not None and step.date is not None and other.date <= step.date
        if not (same_letter or earlier):
            break
        running, limit = other.after, other.appropriation
    return running, limit


def _cites_appropriation_change(ctx: Context, step: Step) -> bool:
    change = step.change
    letter = ctx.ledger.letters.get(change.letter)
    texts = [change.note, letter.note if letter else None, letter.title if letter else None]
    texts += [e.purpose for e in change.earmarks]
    return any(text and _APPROPRIATION_CUE.search(text) for text in texts)


def _unallocated(ctx: Context, history: History):
    post = history.post
    current, limit = history.current, history.appropriation
    if current is None or limit is None or current >= limit:
        return
    at_least = "at least " if history.appropriation_implied else ""
    original = history.original_appropriation
    changed = (f" ({ctx.fmt(original)} in the allocation letter, changed during the year)"
               if original is not None and limit != original else "")
    yield Finding(
        Severity.INFO, "appropriation",
        post.appropriation.location if post.appropriation else post.location,
        f"{at_least}{ctx.fmt(limit - current)} ({ctx.unit}) of the appropriation {at_least}{ctx.fmt(limit)} "
        f"is not allocated to the agency{changed}",
        post=post.key, expected=limit, actual=current,
    )
