"""A post's running allocation, step by step, recomputed from its changes.

This is the one place running totals are computed; checks and reports read
the steps. When a letter's stated "Tidligere tildeling" disagrees with the
running total, the gap is recorded and the running total continues from the
stated figure: one missing letter is then one finding, not one for every
change after it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from budsjett_cli.ledger.model import Change, Ledger, Post


@dataclass(slots=True)
class Step:
    """One change applied to the running allocation.

    ``before`` is the running total before the change as computed; ``gap``
    is how far the stated previous (printed, or implied by amount and total)
    lies from it (None when there is nothing to compare). ``amount`` is the change's effect, stated or derived from
    its total; ``after`` the running total after it.
    """

    change: Change
    date: dt.date | None
    before: Decimal | None
    amount: Decimal | None
    after: Decimal | None
    gap: Decimal | None
    appropriation: Decimal | None
    appropriation_implied: bool = False   # the appropriation rests on a change the letters imply, not print
    # A stated total (with no stated previous) that the next letter's stated previous shows misprinted: how far
    # it lies from the running total plus the change, which the running total takes instead.
    total_misprint: Decimal | None = None


@dataclass(slots=True)
class History:
    """Where a post opens and every step after; ``left_out`` counts changes after --as-of."""

    post: Post
    opening: Decimal | None
    opened_from: str
    steps: list[Step] = field(default_factory=list)
    left_out: int = 0

    @property
    def current(self) -> Decimal | None:
        """The allocation now: the running total after the last step."""
        return self.steps[-1].after if self.steps else self.opening

    @property
    def appropriation(self) -> Decimal | None:
        """The appropriation in force after the last step."""
        if self.steps:
            return self.steps[-1].appropriation
        return self.original_appropriation

    @property
    def original_appropriation(self) -> Decimal | None:
        """The appropriation as the allocation letter gives it (saldert budsjett), before any change."""
        return self.post.appropriation.kroner if self.post.appropriation else None

    @property
    def appropriation_implied(self) -> bool:
        """Whether the appropriation now rests on a change the letters imply rather than print ("at least")."""
        return bool(self.steps) and self.steps[-1].appropriation_implied

    @property
    def changes_total(self) -> Decimal:
        """The sum of the changes whose effect is known."""
        return sum((s.amount for s in self.steps if s.amount is not None), Decimal(0))

    @property
    def unaccounted(self) -> Decimal:
        """The sum of the gaps: allocation the ledger's letters do not explain."""
        return sum((s.gap for s in self.steps if s.gap), Decimal(0))


OPENED_FROM_ALLOCATION = "allocation"
OPENED_FROM_PREVIOUS = "previous"
OPENED_UNKNOWN = "unknown"


def post_history(ledger: Ledger, post: Post, as_of: dt.date | None = None) -> History:
    """Recompute a post's running allocation, optionally only up to ``as_of``."""
    changes, left_out = changes_as_of(ledger, post.changes, as_of)
    if post.allocation is not None:
        opening: Decimal | None = post.allocation.kroner
        opened_from = OPENED_FROM_ALLOCATION
    elif changes and changes[0].previous is not None:
        opening = changes[0].previous.kroner
        opened_from = OPENED_FROM_PREVIOUS
    else:
        opening = None
        opened_from = OPENED_UNKNOWN
    history = History(post=post, opening=opening, opened_from=opened_from, left_out=left_out)
    history.steps = _steps(ledger, post, changes, opening)
    reordered = _transfer_first(history.steps)
    if reordered is not None:
        history.steps = _steps(ledger, post, reordered, opening)
    return history


def _transfer_first(steps: list[Step]) -> list[Change] | None:
    """The changes with a transfer moved before an earlier change of the same letter whose stated previous
    already counts it (the letter's table after its "flyttes fra post 21 til post 70"); None when none is."""
    for index, step in enumerate(steps):
        if not step.gap or step.change.transfer is not None:
            continue
        for later in steps[index + 1:]:
            if later.change.transfer is not None and later.change.letter == step.change.letter \
                    and later.amount == step.gap:
                changes = [s.change for s in steps if s is not later]
                changes.insert(index, later.change)
                return changes
    return None


def _steps(ledger: Ledger, post: Post, changes: list[Change], opening: Decimal | None) -> list[Step]:
    """Each change applied in turn to the running allocation from ``opening``."""
    steps: list[Step] = []
    running = opening
    appropriation = post.appropriation.kroner if post.appropriation else None
    implied = False
    for index, change in enumerate(changes):
        before = running
        base = before
        gap = misprint = None
        stated = stated_previous(change)
        if stated is not None and before is not None and stated != before and _total_misprinted(
                change, before, changes[index + 1] if index + 1 < len(changes) else None):
            misprint = stated - before
            stated = None
        if stated is not None:
            if before is not None and stated != before:
                gap = stated - before
            base = stated
        if change.amount is not None:
            amount: Decimal | None = change.amount.kroner
        elif change.total is not None and base is not None:
            amount = change.total.kroner - base
        else:
            amount = None
        if not change.touches_allocation:  # a letter that informs of a new appropriation only
            amount, running = None, before
        elif amount is not None and base is not None:
            running = base + amount
        elif change.total is not None:
            running = change.total.kroner
        else:
            running = None
        if change.appropriation is not None:
            appropriation, implied = change.appropriation.kroner, False
        elif change.appropriation_change is not None and appropriation is not None:
            appropriation += change.appropriation_change.amount.kroner
            implied = implied or change.appropriation_change.implied
        steps.append(Step(change, ledger.change_date(change), before, amount, running, gap, appropriation,
                          implied, misprint))
    return steps


def _total_misprinted(change: Change, before: Decimal, following: Change | None) -> bool:
    """A change printing a change and a total but no previous, whose total is off from the running total plus the
    change, while the next letter's printed previous is that sum: the total is the misprint, not a missing letter."""
    if change.previous is not None or change.amount is None or change.total is None or following is None:
        return False
    return following.previous is not None and following.previous.kroner == before + change.amount.kroner


def stated_previous(change: Change) -> Decimal | None:
    """The previous allocation a letter states, or implies by printing amount and total."""
    if change.previous is not None:
        return change.previous.kroner
    if change.amount is not None and change.total is not None:
        return change.total.kroner - change.amount.kroner
    return None


def changes_as_of(ledger: Ledger, changes: list[Change], as_of: dt.date | None) -> tuple[list[Change], int]:
    """The changes in effect on ``as_of``, and how many were left out.

    A dated change counts when dated on or before ``as_of``. An undated one
    (some letters print no date) counts only when a later change of the
    same post is dated on or before ``as_of``: it must have come before.
    """
    if as_of is None:
        return list(changes), 0
    kept: list[Change] = []
    confirmed = False
    for change in reversed(changes):
        date = ledger.change_date(change)
        if date is not None:
            if date <= as_of:
                kept.append(change)
                confirmed = True
        elif confirmed:
            kept.append(change)
    kept.reverse()
    return kept, len(changes) - len(kept)
