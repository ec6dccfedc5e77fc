"""Options and parameter types shared by commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NoReturn

import click

from budsjett_cli.problems import InputError, Problem
from budsjett_cli.dates import parse_date
from budsjett_cli.ledger.loader import load_ledgers
from budsjett_cli.ledger.locate import ledger_paths
from budsjett_cli.ledger.model import Ledger


class DateType(click.ParamType):
    """A date as 2023-06-30, 30.06.2023 or 30. juni 2023."""

    name = "DATE"

    def convert(self, value, param, ctx) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()


def exit_with_problems(problems: Iterable[Problem | str], closing: str | None = None) -> NoReturn:
    """Unusable input: print each problem on a line of its own (and ``closing``) to stderr, exit 2."""
    for problem in problems:
        click.echo(str(problem), err=True)
    if closing:
        click.echo(closing, err=True)
    raise SystemExit(2)


def load_or_exit(arguments: tuple[str, ...]) -> list[Ledger]:
    """Load the ledgers a command was given; on bad input print each problem and exit 2."""
    try:
        return load_ledgers(ledger_paths(arguments))
    except LookupError as exc:
        raise click.UsageError(str(exc)) from None
    except InputError as exc:
        count = len(exc.problems)
        exit_with_problems(exc.problems, f"budsjett: {count} problem{'s' if count != 1 else ''} in the input; "
                                         "nothing was checked")
