"""``budsjett changes``: the changes dated in a period, for the monthly reconciliation."""

from __future__ import annotations

import click

from budsjett_cli.dates import Period, parse_month
from budsjett_cli.reports import changes_report
from budsjett_cli.commands.analysed import analysed_ledgers, or_usage_error, parsed_with
from budsjett_cli.commands.options import DATE
from budsjett_cli.commands.output import OutputOptions, UsageProblem, emit, output_options


@click.command("changes")
@click.argument("ledgers", nargs=-1, type=click.Path())
@click.option("--month", callback=parsed_with(parse_month), metavar="YYYY-MM", help="The changes dated in this month.")
@click.option("--from", "start", type=DATE, metavar="DATE", help="The changes dated on or after DATE.")
@click.option("--to", "end", type=DATE, metavar="DATE", help="The changes dated on or before DATE.")
@click.option("--undated", is_flag=True,
              help="Also list the changes with no date (their letters print none) after the dated ones.")
@output_options
def changes_command(ledgers, month, start, end, undated, output: OutputOptions):
    """The changes dated in a period, in date order, with the running total after each.

    A change's date is its own, else its letter's. Several real letters print
    no date: an undated change belongs to no month, so with --month or
    --from/--to it is left out (a note under the table counts them) unless
    --undated is given. Without a period every change is listed, undated
    ones last. Expenditure and income are totalled apart.

    \b
    Examples:
      budsjett changes --month 2023-06
      budsjett changes --from 2023-01-01 --to 2023-04-30 --undated
      budsjett changes --month 2023-02 --excel -o februar.csv
    """
    if month is not None and (start is not None or end is not None):
        raise UsageProblem("give either --month or --from/--to, not both")
    if start is not None and end is not None and start > end:
        raise UsageProblem(f"--from {start.isoformat()} is after --to {end.isoformat()}")
    period = month or Period(start, end)
    emit(or_usage_error(changes_report, analysed_ledgers(ledgers), period, undated), output)
