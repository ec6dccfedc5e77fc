"""Named reconciliation checks, each a small function from a ledger to findings.

Checks are registered by name with ``@check`` and selected by the user
(``budsjett check --check chain``). Every check reads the same recomputed
histories (see ``history``) and returns findings; none prints anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..amounts import format_amount
from ..findings import Finding, sort_key
from ..gcpause import gc_paused
from ..history import History, post_history
from ..model import Ledger


@dataclass(frozen=True, slots=True)
class CheckSpec:
    name: str
    summary: str
    run: Callable[[Context], Iterable[Finding]]


REGISTRY: dict[str, CheckSpec] = {}


def check(name: str, summary: str):
    """Register a check under ``name``; ``summary`` is what ``--list`` shows."""

    def register(func: Callable[[Context], Iterable[Finding]]):
        REGISTRY[name] = CheckSpec(name, summary, func)
        return func

    return register


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


def run_checks(context: Context, names: Iterable[str] | None = None) -> list[Finding]:
    """Run the named checks (all when None) and return their findings in file order."""
    selected = list(REGISTRY) if names is None else list(names)
    findings: list[Finding] = []
    for name in selected:
        findings.extend(REGISTRY[name].run(context))
    findings.sort(key=sort_key)
    return findings


# Registration order is the order ``--list`` shows and checks run in.
from . import arithmetic, chain, appropriation, earmarks, letters, dates, magnitude  # noqa: E402,F401
