"""What every check reads: the ledger and each post's recomputed history, computed once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from budsjett_cli.amounts import format_amount
from budsjett_cli.gcpause import gc_paused
from budsjett_cli.ledger.history import History, post_history
from budsjett_cli.ledger.model import Ledger


@dataclass(slots=True)
class Context:
    """What every check reads: the ledger and each post's recomputed history."""

    ledger: Ledger
    histories: list[History]
    as_of: dt.date | None = None

    def fmt(self, kroner: Decimal) -> str:
        """An amount in the ledger's unit, the way the letters print it."""
        return format_amount(kroner, self.ledger.unit)

    @property
    def unit(self) -> str:
        return self.ledger.unit.label


def build_context(ledger: Ledger, as_of: dt.date | None = None) -> Context:
    """Recompute every post's history once, for all checks to read."""
    with gc_paused():
        return Context(ledger, [post_history(ledger, post, as_of) for post in ledger.posts], as_of)
