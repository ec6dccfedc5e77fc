"""``budsjett import``: read a letter and propose ledger entries, or merge them into a ledger."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from budsjett_cli.commands.options import exit_with_problems
from budsjett_cli.edit.importing import import_into, proposal_text, select_letters, start_ledger
from budsjett_cli.letters.model import LetterProposal, ReadResult
from budsjett_cli.letters.reader import extract_text, read_file
from budsjett_cli.letters.text import split_lines
from budsjett_cli.problems import InputError
from budsjett_cli.render.import_json import into_json, new_json, proposal_json
from budsjett_cli.render.import_text import console, print_merge, print_new


@click.command("import")
@click.argument("letter_file", metavar="LETTER", type=click.Path())
@click.option("--into", metavar="LEDGER", type=click.Path(dir_okay=False),
              help="Merge the entries into this ledger, then run the checks and show what changed.")
@click.option("--new", metavar="LEDGER", type=click.Path(dir_okay=False),
              help="Start a new year's ledger from the allocation letter's tables.")
@click.option("--dry-run", is_flag=True, help="With --into or --new: show what would be written, write nothing.")
@click.option("--letter", multiple=True, metavar="ID",
              help="Only this letter of a file that holds several (repeatable), e.g. TTB2023-44..52.")
@click.option("--format", "output_format", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="yaml: ledger entries with sources as comments; json: for scripts (docs/import.md).")
@click.option("--agency", metavar="NAME", help="With --new: the agency the ledger is for (else read from the letter).")
@click.option("--ministry", metavar="NAME", help="With --new: the ministry that sends the letters.")
@click.option("--date", "sent", metavar="YYYY-MM-DD", type=click.DateTime(["%Y-%m-%d"]),
              help="With --into: the date of a letter that prints none (as sent).")
@click.option("--received", metavar="YYYY-MM-DD", type=click.DateTime(["%Y-%m-%d"]),
              help="With --into: the day you received letters that print no date (recorded as 'received').")
@click.option("--force-year", is_flag=True,
              help="With --into: merge a letter for another budget year than the ledger's (refused otherwise).")
@click.option("--strict", is_flag=True, help="Items that need review fail the run (exit 1).")
@click.option("--text", "show_text", is_flag=True,
              help="Print the text as read, with the line numbers sources cite (for a PDF: the extracted text).")
def import_command(letter_file, into, new, dry_run, letter, output_format, agency, ministry, sent, received,
                   force_year, strict, show_text):
    """Read a letter (text, markdown or PDF) and propose ledger entries.

    Every entry carries the line(s) of the letter it came from. What the
    reader is unsure of is listed for review and never merged (--into
    records it under the letter, and `budsjett check` lists it until it is
    resolved). A letter the ledger already holds (the same letter extracted
    twice) is not imported again.

    \b
    Exit codes: 0 done; 1 the merge brought new error findings (or, with
                --strict, something needs review); 2 unusable input or usage
                (also: a ledger or YAML file given as the letter; with --into,
                a letter for another year or one that prints no date).

    \b
    Examples (~/budsjett/: wherever you keep your ledgers):
      budsjett import tillegg.pdf
      budsjett import tillegg.txt --format json
      budsjett import tillegg.pdf --into ~/budsjett/2024.yaml --dry-run
      budsjett import tillegg.pdf --into ~/budsjett/2024.yaml --received 2024-09-30
      budsjett import tildelingsbrev-2025.pdf --new ~/budsjett/2025.yaml
      budsjett import tests/letters/000_28ee3e37de085100.txt   (a real letter, from a checkout)
    """
    if into and new:
        raise click.UsageError("use --into to add to a ledger or --new to start one, not both")
    if dry_run and not (into or new):
        raise click.UsageError("--dry-run goes with --into or --new")
    if (sent or received or force_year) and not into:
        raise click.UsageError("--date, --received and --force-year go with --into")
    try:
        if show_text:
            text, _ = extract_text(letter_file, letter_file)
            for line in split_lines(text):
                click.echo(f"{line.no:5d}  {line.text}")
            raise SystemExit(0)
        result = read_file(letter_file, letter_file)
        letters = select_letters(result, letter)
        if into:
            code = _into(result, letters, into, dry_run, output_format, force_year,
                         sent.date() if sent else None, received.date() if received else None)
        elif new:
            code = _new(result, letters, new, dry_run, output_format, agency, ministry)
        else:
            code = _print(result, letters, output_format)
    except InputError as exc:
        exit_with_problems(exc.problems, getattr(exc, "outcome", None))
    if strict and code == 0 and any(item.review for item in letters):
        code = 1
    raise SystemExit(code)


def _print(result: ReadResult, letters: list[LetterProposal], output_format: str) -> int:
    if output_format == "json":
        _echo_json(proposal_json(result, letters))
    else:
        click.echo(proposal_text(result, letters), nl=False)
    return 0


def _echo_json(document: dict) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _into(result: ReadResult, letters: list[LetterProposal], shown: str, dry_run: bool, output_format: str,
          force_year: bool, sent: dt.date | None, received: dt.date | None) -> int:
    outcome = import_into(Path(shown), letters, shown=shown, dry_run=dry_run, force_year=force_year, date=sent,
                          received=received)
    diff = outcome.diff(shown) if dry_run else None
    if output_format == "json":
        _echo_json(into_json(result, letters, outcome.merged, outcome.effect, shown, dry_run, outcome.written, diff,
                             outcome.exit_code))
        return outcome.exit_code
    if dry_run and outcome.merged.imported:
        click.echo(diff, nl=False)
    print_merge(console(), outcome.merged, outcome.effect, outcome.before.unit, shown, dry_run, outcome.lines_added)
    return outcome.exit_code


def _new(result: ReadResult, letters: list[LetterProposal], shown: str, dry_run: bool, output_format: str,
         agency: str | None, ministry: str | None) -> int:
    outcome = start_ledger(result, letters, Path(shown), shown=shown, dry_run=dry_run, agency=agency,
                           ministry=ministry)
    if output_format == "json":
        _echo_json(new_json(result, outcome.letter, outcome.others, outcome.findings, shown, dry_run,
                            outcome.written, outcome.exit_code))
        return outcome.exit_code
    if dry_run:
        click.echo(outcome.text, nl=False)
    print_new(console(), outcome.letter, outcome.others, outcome.findings, result.path, shown, dry_run,
              len(outcome.ledger.posts))
    return outcome.exit_code
