"""``budsjett summary``: one row per chapter/post with the columns the letters use."""

from __future__ import annotations

import click

from budsjett_cli.reports import letter_report, parse_chapter, parse_post_key, summary_report
from budsjett_cli.commands.analysed import analysed_ledgers, or_usage_error, parsed_with
from budsjett_cli.commands.options import DATE
from budsjett_cli.analysis import add_across
from budsjett_cli.commands.output import OutputOptions, UsageProblem, emit, output_options
from budsjett_cli.reports.agencies import agencies_report


@click.command("summary")
@click.argument("ledgers", nargs=-1, type=click.Path())
@click.option("--chapter", multiple=True, callback=parsed_with(parse_chapter), metavar="KAP",
              help="Only this chapter, e.g. 765 (repeatable).")
@click.option("--post", multiple=True, callback=parsed_with(parse_post_key), metavar="KAP.POST",
              help="Only this post, e.g. 765.21 (repeatable).")
@click.option("--as-of", type=DATE, metavar="DATE",
              help="Figures as of DATE: only changes dated up to it (2023-06-30 or 30.06.2023).")
@click.option("--letter", metavar="ID",
              help="What one letter changed: before, change and after for each post it touches.")
@click.option("--by", "by", type=click.Choice(["post", "agency"]), default="post", show_default=True,
              help="agency: several agencies' ledgers of one year side by side, a column per agency.")
@output_options
def summary_command(ledgers, chapter, post, as_of, letter, by, output: OutputOptions):
    """One row per chapter/post: Bevilgning, Tildeling, Endringer, Sum tildelt, Ikke tildelt, Status.

    Chapter subtotals; expenditure and income (chapters 3000 and up) are
    totalled apart, never added together. Uforklart shows allocation the
    letters in the ledger do not explain (a missing letter), so that
    Tildeling + Endringer + Uforklart = Sum tildelt. Status is the worst
    finding of `budsjett check` on the post. Amounts are in the ledger's
    unit unless --unit says otherwise.

    \b
    Examples:
      budsjett summary
      budsjett summary --chapter 765 --unit mill
      budsjett summary --post 765.21 --as-of 2023-06-30
      budsjett summary --letter TTB2023-44..52
      budsjett summary -o tertial.xlsx          (a workbook, findings on sheet 2)
      budsjett summary --excel -o summary.csv   (for Norwegian Excel)
      budsjett summary helsedir.yaml nhn.yaml --by agency
    """
    analyses = analysed_ledgers(ledgers, as_of)
    if by == "agency":
        if letter:
            raise UsageProblem("--by agency and --letter do not go together")
        add_across(analyses)
        report = or_usage_error(agencies_report, analyses, chapter, post)
    elif letter:
        report = or_usage_error(letter_report, analyses, letter, chapter, post)
    else:
        report = or_usage_error(summary_report, analyses, chapter, post, unit=output.unit)
    emit(report, output)
