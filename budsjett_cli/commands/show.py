"""``budsjett show 765.21``: one post's history, step by step."""

from __future__ import annotations

import click

from budsjett_cli.reports import parse_post_key, show_report
from budsjett_cli.commands.analysed import analysed_ledgers, or_usage_error, parsed_with
from budsjett_cli.commands.options import DATE
from budsjett_cli.commands.output import OutputOptions, emit, output_options


@click.command("show")
@click.argument("post", callback=parsed_with(parse_post_key), metavar="KAP.POST")
@click.argument("ledgers", nargs=-1, type=click.Path())
@click.option("--as-of", type=DATE, metavar="DATE", help="Only changes dated up to DATE.")
@output_options
def show_command(post, ledgers, as_of, output: OutputOptions):
    """The history of one post: the original allocation, then each change.

    One row per step: letter, date, amount, running total (Sum tildelt), the
    total the letter states (Oppgitt sum) and the difference where they
    disagree (Avvik), and the earmarks under each step. An Uforklart row marks
    allocation the letters do not explain (a letter missing from the ledger).
    The post is looked up in the LEDGERS given (else BUDSJETT_LEDGER, else the
    bundled 2023 ledger); a post in several ledgers gets one table per ledger.

    \b
    Examples:
      budsjett show 765.21
      budsjett show 714.21 data/chapters.yaml data/2024.yaml
      budsjett show 765.21 --unit kr --format csv > 765-21.csv
    """
    analyses = analysed_ledgers(ledgers, as_of)
    emit(or_usage_error(show_report, analyses, post), output)
