"""What the report commands (summary, show, letters, changes) share: analysed ledgers, and their errors for people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from budsjett_cli.actuals.reconciliation import parse_month
from budsjett_cli.ledger.model import Ledger
from budsjett_cli.reports import Analysis, ReportError, analyse
from budsjett_cli.commands.options import load_or_exit
from budsjett_cli.commands.output import OptionProblem, UsageProblem

T = TypeVar("T")


def analysed_ledgers(ledgers: tuple[str, ...], as_of: dt.date | None = None) -> list[Analysis]:
    """The ledgers named (else BUDSJETT_LEDGER, else the bundled one), each with histories and findings.

    Unusable input prints its located problems and exits 2, as ``check`` does.
    """
    return [analyse(ledger, as_of) for ledger in load_or_exit(ledgers)]


def one_ledger_and_month(ledgers: tuple[str, ...], month: str | None, option: str, refusal: str) -> tuple[Ledger, int | None]:
    """The one ledger a command works on, and the month of its year an option names (None when not given).

    ``refusal`` says what the command does with one ledger ("actuals reconciles one ledger"); more than one
    ledger, or a month outside the ledger's year, is a usage error (exit 2, one line).
    """
    loaded = load_or_exit(ledgers)
    if len(loaded) != 1:
        raise UsageProblem(f"{refusal}; got {len(loaded)}: name the one to use")
    ledger = loaded[0]
    if month is None:
        return ledger, None
    try:
        return ledger, parse_month(month, ledger.year)
    except ValueError as exc:
        raise UsageProblem(f"{option}: {exc}") from None


def or_usage_error(build: Callable[..., T], *args, **kwargs) -> T:
    """Run a report builder; a filter naming nothing (unknown post, letter, chapter) is exit 2, one line."""
    try:
        return build(*args, **kwargs)
    except ReportError as exc:
        raise UsageProblem(str(exc)) from None


def parsed_with(parse: Callable[[str], T]) -> Callable:
    """A click callback that reads an option's value (each value of a repeatable one) with ``parse``.

    ``parse`` raises ValueError for what it cannot read: a bad option value, exit 2, one line.
    """

    def callback(ctx, param, value):
        try:
            if isinstance(value, tuple):
                return [parse(v) for v in value]
            return None if value is None else parse(value)
        except ValueError as exc:
            raise OptionProblem(str(exc), ctx=ctx, param=param) from None

    return callback
