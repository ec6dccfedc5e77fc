"""letters: each letter cited is declared, and each letter and each change is recorded once.

A change (or post) citing a letter that 'letters:' does not declare is an
error here, not an input error: nothing can be dated without its letter,
but the rest of the ledger can still be checked. Also found: the same
letter declared twice under two names (same date, reference and title),
and the same change recorded twice.
"""

from __future__ import annotations

from budsjett_cli.findings import Finding, Severity
from budsjett_cli.checks.context import Context


def letters(ctx: Context):
    ledger = ctx.ledger
    for letter_id, places in ledger.undeclared_letters.items():
        for place in places:
            yield Finding(
                Severity.ERROR, "letters", place,
                f"letter {letter_id!r} is cited here but not declared under 'letters': declare it there "
                f"({letter_id}: with its title and date), or cite a letter the ledger declares",
                post=_post_citing(ledger, letter_id, place), letter=letter_id,
            )
    same_as: dict[str, str] = {}
    first_with: dict[tuple, str] = {}
    yield from _undated(ctx)
    yield from _open_review(ctx)
    for letter in ledger.letters.values():
        if letter.date is None or not letter.ref:
            continue
        key = (letter.date, letter.ref.strip(), (letter.title or "").strip())
        if key in first_with:
            same_as[letter.id] = first_with[key]
            yield Finding(
                Severity.WARNING, "letters", letter.location,
                f"letter {letter.id} has the date and reference of {first_with[key]} "
                f"({letter.date.isoformat()}, {letter.ref}): the same letter declared twice?",
                letter=letter.id,
            )
        else:
            first_with[key] = letter.id

    for history in ctx.histories:
        first: dict[tuple, object] = {}   # one look-up per change: linear in the number of changes
        for step in history.steps:
            change = step.change
            if change.transfer is not None:
                continue  # a transfer's own changes: the transfers check looks after them
            key = (same_as.get(change.letter, change.letter), *_signature(change))
            twin = first.setdefault(key, change)
            if twin is not change:
                yield Finding(
                    Severity.ERROR, "letters", change.location,
                    f"the same change from {change.letter} is recorded twice "
                    f"(first at line {twin.location.line}); the running allocation counts it twice",
                    post=history.post.key, letter=change.letter,
                )


def _post_citing(ledger, letter_id: str, place) -> str | None:
    """The post whose allocation or change cites the letter at ``place``: the nearest such entry above it."""
    best = None
    for post in ledger.posts:
        for entry in [post, *post.changes]:
            at = entry.location
            if getattr(entry, "letter", None) == letter_id and at is not None and at.path == place.path \
                    and at.line <= place.line and (best is None or at.line > best[0]):
                best = (at.line, post.key)
    return best[1] if best else None


def _undated(ctx: Context):
    """A letter whose changes have no date: neither printed (``date``) nor recorded as received (``received``).

    Its changes cannot be placed in the year, so ``actuals`` leaves them out
    of a month's allocation; the fix is to record one of the two dates. A
    letter with no changes (the allocation letter's opening figures, a letter
    of assignments) needs none for the running totals and is not reported.
    """
    changes: dict[str, int] = {}
    for post in ctx.ledger.posts:
        for change in post.changes:
            if change.date is None:
                changes[change.letter] = changes.get(change.letter, 0) + 1
    for letter in ctx.ledger.letters.values():
        count = changes.get(letter.id, 0)
        if letter.effective_date is not None or not count:
            continue
        yield Finding(
            Severity.WARNING, "letters", letter.location,
            f"letter {letter.id} is undated: it prints no date and the ledger records none, so its "
            f"{count} change{'s' if count != 1 else ''} cannot be placed in the year (actuals leaves "
            f"{'them' if count != 1 else 'it'} out); record when it was sent (date: YYYY-MM-DD) or the day it was "
            "received (received: YYYY-MM-DD) under its entry in 'letters'",
            letter=letter.id,
        )


def _open_review(ctx: Context):
    """What ``import --into`` read but did not merge, listed until it is marked resolved or dismissed."""
    for letter in ctx.ledger.letters.values():
        for item in letter.review:
            if not item.is_open:
                continue
            where = f" ({item.source})" if item.source else ""
            yield Finding(
                Severity.INFO, "letters", item.location,
                f"open review item from letter {letter.id}: [{item.kind}] "
                f"{item.note or 'no note'}{where}; check it against the letter, then mark it status: resolved "
                "(or dismissed)",
                post=item.post, letter=letter.id,
            )


def _signature(change) -> tuple:
    """Two changes from one letter with the same figures and note are one change recorded twice."""
    return _figure(change.amount), _figure(change.previous), _figure(change.total), change.note


def _figure(money):
    return money.kroner if money is not None else None
