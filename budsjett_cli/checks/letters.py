"""letters: each letter and each change is recorded once.

Citing an undeclared letter is an input error (the loader refuses it),
since nothing can be dated without its letter. This check finds what the
loader cannot: the same letter declared twice under two names (same date,
reference and title), and the same change recorded twice.
"""

from __future__ import annotations

from ..findings import Finding, Severity
from . import Context, check


@check("letters", "every cited letter is declared (else the ledger is refused), once; each change is recorded once")
def letters(ctx: Context):
    ledger = ctx.ledger
    same_as: dict[str, str] = {}
    first_with: dict[tuple, str] = {}
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
        seen: dict[tuple, object] = {}
        for step in history.steps:
            change = step.change
            key = (
                same_as.get(change.letter, change.letter),
                _figure(change.amount), _figure(change.previous), _figure(change.total),
                change.note,
            )
            if key in seen:
                yield Finding(
                    Severity.ERROR, "letters", change.location,
                    f"the same change from {change.letter} is recorded twice "
                    f"(first at line {seen[key].location.line}); the running allocation counts it twice",
                    post=history.post.key, letter=change.letter,
                )
            else:
                seen[key] = change


def _figure(money):
    return money.kroner if money is not None else None
