"""Named reconciliation checks, each a small function from a ledger to findings.

The checks run from one explicit, ordered list (``CHECKS``, as beancount's
validations and hledger's ``Check`` type), which is also the order
``budsjett check --list`` shows. The user selects them by name
(``budsjett check --check chain``). Every check reads the same recomputed
histories (``context.build_context``) and returns findings; none prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from budsjett_cli.checks import agencies, appropriation, arithmetic, chain, dates, earmarks, letters, magnitude, transfers
from budsjett_cli.checks.context import Context, build_context
from budsjett_cli.findings import Finding, sort_key


@dataclass(frozen=True, slots=True)
class Check:
    """A named check: what ``--list`` shows, and the function that finds."""

    name: str
    summary: str
    run: Callable[[Context], Iterable[Finding]]


CHECKS: tuple[Check, ...] = (
    Check("arithmetic", "stated previous + amount = stated total, on every change that prints all three",
          arithmetic.arithmetic),
    Check("chain", "a change's stated previous equals the running total before it; gaps are unaccounted money",
          chain.chain),
    Check("appropriation", "the running allocation stays within the appropriation (info: what is left unallocated)",
          appropriation.appropriation),
    Check("earmarks", "itemised earmarks add up to what they itemise; 'inntil' items and sub-items stay within it",
          earmarks.earmarks),
    Check("letters", "every cited letter is declared (an error; the rest is still checked), once; each change is "
          "recorded once", letters.letters),
    Check("dates", "change dates lie in the budget year and each post's changes are in date order",
          dates.dates),
    Check("magnitude", "figures that look like the wrong unit: decimals among whole thousands, 1000 times off their neighbours",
          magnitude.magnitude),
    Check("transfers", "transfers between posts are allowed by the posts' names or a cited decision, and balanced; "
          "withheld amounts are followed until released", transfers.transfers),
)

# Checks across several ledgers, run when ``check`` is given more than one (each reads every ledger's Context).
ACROSS: tuple[Check, ...] = (
    Check("agencies", "across several agencies' ledgers of one year: a shared post's allocations stay within its "
          "appropriation, the ledgers agree on it, amounts moved between agencies are in both", agencies.agencies),
)

REGISTRY: dict[str, Check] = {spec.name: spec for spec in CHECKS + ACROSS}


def run_checks(context: Context, names: Iterable[str] | None = None) -> list[Finding]:
    """Run the named one-ledger checks (all when None) in the order given and return their findings in file order."""
    selected = [spec.name for spec in CHECKS] if names is None else [n for n in names if n not in _ACROSS_NAMES]
    findings: list[Finding] = []
    for name in selected:
        findings.extend(REGISTRY[name].run(context))
    findings.sort(key=sort_key)
    return findings


_ACROSS_NAMES = frozenset(spec.name for spec in ACROSS)


def run_across(contexts: list[Context], names: Iterable[str] | None = None) -> list[Finding]:
    """Run the named checks across ledgers (all when None) over several ledgers' contexts."""
    selected = [spec.name for spec in ACROSS] if names is None else [n for n in names if n in _ACROSS_NAMES]
    findings: list[Finding] = []
    for name in selected:
        findings.extend(REGISTRY[name].run(contexts))
    findings.sort(key=sort_key)
    return findings


__all__ = ["ACROSS", "CHECKS", "REGISTRY", "run_across", "Check", "Context", "build_context", "run_checks"]
