"""Is this letter already in the ledger? The same letter, extracted twice, is imported once.

A letter is known to a ledger when the ledger declares its id (ids come
from the assignment range, so a second extraction of the same letter gets
the same id); when a declared letter has its date and reference and a
matching title; or when every change it proposes is already in the ledger,
all from one other letter (the same letter filed under another name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budsjett_cli.problems import Location
from budsjett_cli.ledger.model import Change, Ledger, Money
from budsjett_cli.letters.model import ALLOCATION, ChangeEntry, Figure, LetterProposal


@dataclass(frozen=True, slots=True)
class Known:
    """The ledger letter a proposal repeats, and why the reader thinks so."""

    letter_id: str
    reason: str
    location: Location | None = None


def already_in(letter: LetterProposal, ledger: Ledger) -> Known | None:
    """The ledger letter this proposal repeats, or None when it is new to the ledger."""
    declared = ledger.letters.get(letter.id)
    if declared is not None:
        return Known(letter.id, f"the ledger declares letter {letter.id} (line {declared.location.line})",
                     declared.location)
    if letter.date is not None and letter.ref:
        for other in ledger.letters.values():
            if other.date == letter.date and (other.ref or "").strip() == letter.ref.strip() \
                    and _same_title(other.title, letter.title):
                return Known(other.id, f"letter {other.id} (line {other.location.line}) has the same date, "
                             f"reference and title", other.location)
    if letter.kind == ALLOCATION:
        return _allocation_known(letter, ledger)
    if not letter.changes:
        return None
    posts = {post.key: post for post in ledger.posts}
    owners: set[str] = set()
    for change in letter.changes:
        post = posts.get(change.key)
        if post is None:
            return None
        match = [c for c in post.changes if _same_change(c, change)]
        if not match:
            return None
        owners.update(c.letter for c in match)
    if len(owners) == 1:
        owner = owners.pop()
        return Known(owner, f"every change it gives is already in the ledger, from letter {owner}",
                     _location_of(ledger, owner))
    return None


def _allocation_known(letter: LetterProposal, ledger: Ledger) -> Known | None:
    """An allocation letter whose every table allocation the ledger holds, from one letter."""
    figures = [p for p in letter.posts if p.allocation is not None]
    if not figures:
        return None
    by_key = {p.key: p for p in ledger.posts}
    owners = set()
    for entry in figures:
        post = by_key.get(entry.key)
        if post is None or post.allocation is None or post.allocation.kroner != entry.allocation.kroner:
            return None
        owners.add(post.letter)
    if len(owners) == 1 and None not in owners:
        owner = owners.pop()
        return Known(owner, f"every post of its tables is already in the ledger with the same allocation, "
                     f"from letter {owner}", _location_of(ledger, owner))
    return None


def _location_of(ledger: Ledger, letter_id: str) -> Location | None:
    letter = ledger.letters.get(letter_id)
    return letter.location if letter is not None else None


def _same_change(recorded: Change, proposed: ChangeEntry) -> bool:
    """A recorded change gives the proposed one: the same amount, or (for a correction) the same total."""
    amount, total = _kroner(proposed.amount), _kroner(proposed.total)
    if amount is not None and _kroner(recorded.amount) != amount:
        return False
    if total is not None and _kroner(recorded.total) not in (None, total):
        return False
    return amount is not None or _kroner(recorded.total) == total


def _kroner(amount: Money | Figure | None) -> Decimal | None:
    return amount.kroner if amount is not None else None


def _normal(title: str | None) -> str:
    return re.sub(r"[^a-zæøå0-9]+", " ", (title or "").lower()).strip()


def _same_title(a: str | None, b: str | None) -> bool:
    """Titles that agree where both are given: one holds the other once case and punctuation are set aside."""
    if not a or not b:
        return True
    na, nb = _normal(a), _normal(b)
    return na in nb or nb in na
