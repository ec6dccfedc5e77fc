"""``budsjett report``: one self-contained HTML page with headline, summary, charts and findings."""

from __future__ import annotations

from pathlib import Path

import click

from budsjett_cli.actuals.accounts import read_accounts
from budsjett_cli.actuals.reconciliation import reconcile
from budsjett_cli.analysis import analyse_context
from budsjett_cli.checks import build_context
from budsjett_cli.dates import month_end
from budsjett_cli.edit.write import write_atomic
from budsjett_cli.problems import InputError
from budsjett_cli.render.chart_worker import ChartWorker
from budsjett_cli.render.html_page import render_page
from budsjett_cli.reports.page import chart_series, page_data
from budsjett_cli.commands.analysed import one_ledger_and_month
from budsjett_cli.commands.options import exit_with_problems
from budsjett_cli.commands.output import UNITS, UsageProblem


@click.command("report")
@click.argument("ledgers", nargs=-1, type=click.Path(dir_okay=False), metavar="[LEDGER]")
@click.option("--accounts", type=click.Path(dir_okay=False), metavar="FILE",
              help="The accounts (DFØ's statsregnskapet CSV): adds spending, the monthly chart and carry-over.")
@click.option("--month", metavar="YYYY-MM",
              help="Figures as of this month's end, and what its letters changed (default: the whole ledger).")
@click.option("--unit", type=click.Choice(list(UNITS)), help="Unit of the amounts (default: the ledger's).")
@click.option("-o", "--output", "path", required=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Where to write the page (report.html).")
def report_command(ledgers, accounts, month, unit, path):
    """One HTML page for a manager: headline, summary with status, charts, findings.

    The page is one file that opens offline (styles and charts inline,
    nothing fetched) and prints on A4. With --accounts it adds spending so
    far, spending per month against the allocation and the carry-over
    estimate (as `budsjett actuals --carry-over`).

    \b
    Examples:
      budsjett report -o rapport.html
      budsjett report data/chapters.yaml --accounts regnskap.csv -o rapport.html
      budsjett report data/chapters.yaml --month 2023-06 -o juni.html
    """
    worker = ChartWorker.start()   # matplotlib is imported in a second process while the ledger is read
    try:
        ledger, chosen_month = one_ledger_and_month(ledgers, month, "--month", "report shows one ledger")
        if chosen_month is not None and chosen_month > 12:
            raise UsageProblem("--month: give a month 01-12")
        as_of = month_end(ledger.year, chosen_month) if chosen_month else None
        reconciliation = None
        if accounts is not None:
            try:
                read = read_accounts(accounts, ledger.year)
                if read.problems:
                    exit_with_problems(read.problems, f"budsjett: bad rows in {accounts}; fix them or reconcile "
                                       "with budsjett actuals --skip-bad-rows")
                reconciliation = reconcile(ledger, read, orgnr=ledger.orgnr, orgnr_from="ledger",
                                           to_month=chosen_month, carry_over=True)
            except InputError as exc:
                exit_with_problems(exc.problems)
        shown_unit = UNITS[unit] if unit else ledger.unit
        context = build_context(ledger, as_of)
        series = chart_series(ledger, context.histories, reconciliation)
        worker.draw(series, shown_unit)   # drawn while the checks run
        page = page_data(analyse_context(context), reconciliation, chosen_month, series)
        html = render_page(page, shown_unit, charts=worker.charts())
        write_atomic(Path(path), html)
    finally:
        worker.close()   # whatever ended the command: no worker outlives it
    click.echo(f"wrote {path}", err=True)
