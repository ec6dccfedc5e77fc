"""``budsjett letters``: the letters in the ledger and how much each changed."""

from __future__ import annotations

import click

from budsjett_cli.reports import letters_report
from budsjett_cli.commands.analysed import analysed_ledgers, or_usage_error
from budsjett_cli.commands.options import DATE
from budsjett_cli.commands.output import OutputOptions, emit, output_options


@click.command("letters")
@click.argument("ledgers", nargs=-1, type=click.Path())
@click.option("--as-of", type=DATE, metavar="DATE", help="Count only changes dated up to DATE.")
@output_options
def letters_command(ledgers, as_of, output: OutputOptions):
    """The letters in the ledger: date, reference, posts and how much each changed.

    Expenditure and income changes are two columns, never added together; for
    the allocation letter the change is the allocation it gives. Status is the
    worst `budsjett check` finding that names the letter.

    \b
    Examples:
      budsjett letters
      budsjett letters data/2025.yaml --unit mill
      budsjett letters --format github > letters.md
    """
    emit(or_usage_error(letters_report, analysed_ledgers(ledgers, as_of)), output)
