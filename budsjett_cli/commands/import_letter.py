"""``budsjett import``: read a letter and propose ledger entries, or merge them into a ledger."""

from __future__ import annotations

import difflib
import json
import tempfile
from pathlib import Path

import click

from budsjett_cli.amounts import Unit
from budsjett_cli.checks import build_context, run_checks
from budsjett_cli.problems import InputError
from budsjett_cli.findings import Severity
from budsjett_cli.edit.effect import effect_of
from budsjett_cli.edit.emit import Layout, dump, header_comment, proposal_document, review_comment
from budsjett_cli.edit.merge import MergeError, merge, write_atomic
from budsjett_cli.letters.model import ALLOCATION, LetterProposal, ReadResult
from budsjett_cli.letters.reader import LetterFileError, extract_text, read_file
from budsjett_cli.letters.text import split_lines
from budsjett_cli.ledger.loader import load_ledger
from budsjett_cli.ledger.model import Ledger
from budsjett_cli.render.import_json import into_json, new_json, proposal_json
from budsjett_cli.render.import_text import console, print_merge, print_new


@click.command("import")
@click.argument("letter_file", metavar="LETTER", type=click.Path(dir_okay=False))
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
@click.option("--strict", is_flag=True, help="Items that need review fail the run (exit 1).")
@click.option("--text", "show_text", is_flag=True,
              help="Print the text as read, with the line numbers sources cite (for a PDF: the extracted text).")
def import_command(letter_file, into, new, dry_run, letter, output_format, agency, ministry, strict, show_text):
    """Read a letter (text, markdown or PDF) and propose ledger entries.

    Every entry carries the line(s) of the letter it came from. What the
    reader is unsure of is listed for review and never merged. A letter the
    ledger already holds (the same letter extracted twice) is not imported
    again.

    \b
    Exit codes: 0 done; 1 the merge brought new error findings (or, with
                --strict, something needs review); 2 unusable input or usage.

    \b
    Examples (~/budsjett/: wherever you keep your ledgers):
      budsjett import tillegg.pdf
      budsjett import tillegg.txt --format json
      budsjett import tillegg.pdf --into ~/budsjett/2024.yaml --dry-run
      budsjett import tildelingsbrev-2025.pdf --new ~/budsjett/2025.yaml
      budsjett import tests/letters/000_28ee3e37de085100.txt   (a real letter, from a checkout)
    """
    if into and new:
        raise click.UsageError("use --into to add to a ledger or --new to start one, not both")
    if dry_run and not (into or new):
        raise click.UsageError("--dry-run goes with --into or --new")
    if show_text:
        try:
            text, _ = extract_text(letter_file, letter_file)
        except LetterFileError as exc:
            _fail(str(exc))
        for line in split_lines(text):
            click.echo(f"{line.no:5d}  {line.text}")
        raise SystemExit(0)
    try:
        result = read_file(letter_file, letter_file)
    except LetterFileError as exc:
        _fail(str(exc))
    if not result.letters:
        _fail(f"{letter_file}:1: no letter text found (no tables, no budget figures, no assignments)")
    letters = _select(result, letter)
    if into:
        code = _into(result, letters, Path(into), into, dry_run, output_format)
    elif new:
        code = _new(result, letters, Path(new), new, dry_run, output_format, agency, ministry)
    else:
        code = _print(result, letters, output_format)
    if strict and code == 0 and any(item.review for item in letters):
        code = 1
    raise SystemExit(code)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(2)


def _select(result: ReadResult, wanted: tuple[str, ...]) -> list[LetterProposal]:
    if not wanted:
        return result.letters
    known = {item.id: item for item in result.letters}
    missing = [w for w in wanted if w not in known]
    if missing:
        _fail(f"{result.path}: no letter {', '.join(missing)} in the file; it holds: {', '.join(known)}")
    return [known[w] for w in wanted]


# -- printing the proposal ----------------------------------------------------------------------

def _print(result: ReadResult, letters: list[LetterProposal], output_format: str) -> int:
    if output_format == "json":
        _echo_json(proposal_json(result, letters))
        return 0
    layout = Layout()
    document = proposal_document(letters, _proposal_unit(letters), layout)
    click.echo(header_comment(result, letters) + dump(document, layout) + review_comment(letters), nl=False)
    return 0


def _proposal_unit(letters: list[LetterProposal]) -> Unit:
    """The allocation letter's unit when there is one: it prints the year's tables, the ledger follows it."""
    allocation = [item for item in letters if item.kind == ALLOCATION]
    return (allocation[0] if allocation else letters[0]).unit if letters else Unit.THOUSAND


def _echo_json(document: dict) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


# -- merging into a ledger -------------------------------------------------------------------------

def _into(result, letters, path: Path, shown: str, dry_run: bool, output_format: str) -> int:
    if not path.is_file():
        _fail(f"{shown}: no such ledger (to start one from an allocation letter, use --new {shown})")
    ledger = _load(path, shown, f"budsjett: {shown} cannot be read; nothing was imported")
    text = path.read_text(encoding="utf-8")
    try:
        merged = merge(text, ledger, letters)
    except MergeError as exc:
        _fail(f"{shown}: {exc}")
    effect = effect_of(ledger, _validate(merged.text, path, shown), merged.touched)
    written = bool(merged.imported) and not dry_run
    if written:
        write_atomic(path, merged.text)
    exit_code = 1 if effect.brought_errors else 0
    diff = _diff(text, merged.text, shown) if dry_run else None
    if output_format == "json":
        _echo_json(into_json(result, letters, merged, effect, shown, dry_run, written, diff, exit_code))
        return exit_code
    if dry_run and merged.imported:
        click.echo(diff, nl=False)
    added = merged.text.count("\n") - text.count("\n")
    print_merge(console(), merged, effect, ledger.unit, shown, dry_run, added)
    return exit_code


def _load(path: Path, shown: str, failure: str) -> Ledger:
    """The ledger at ``path``; a ledger that does not load is listed, located, and ends the run (exit 2)."""
    try:
        return load_ledger(path, shown)
    except InputError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(failure, err=True)
        raise SystemExit(2) from None


def _validate(text: str, path: Path, shown: str) -> Ledger:
    """Load the merged text as the loader will; a merge that breaks the ledger is never written."""
    with tempfile.TemporaryDirectory() as directory:
        candidate = Path(directory) / path.name
        candidate.write_text(text, encoding="utf-8")
        return _load(candidate, shown, f"budsjett: the merged ledger would not load; {shown} was not changed")


def _diff(old: str, new: str, shown: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), fromfile=shown, tofile=shown))


# -- a new ledger from an allocation letter ---------------------------------------------------------

def _new(result, letters, path: Path, shown: str, dry_run: bool, output_format: str, agency, ministry) -> int:
    allocation = [item for item in letters if item.kind == ALLOCATION]
    if not allocation:
        ids = ", ".join(item.id for item in letters)
        _fail(f"{result.path}: no allocation letter (tildelingsbrev) in the file, only {ids}; "
              "--new starts a ledger from one; add supplements with --into")
    if path.exists() and not dry_run:
        _fail(f"{shown}: already exists; add to it with --into {shown}")
    letter = allocation[0]
    if letter.year is None:
        _fail(f"{result.path}: the allocation letter states no year (no TB id, no date, no year in its title or "
              f"table header), and a ledger needs one; --new does not guess it: save the proposal "
              f"(budsjett import {result.path} > {shown}), write the year where its comment says, and check it")
    layout = Layout()
    document = proposal_document([letter], letter.unit, layout, agency or letter.agency, ministry or letter.ministry)
    heading = (f"# {letter.title or letter.id}: started by budsjett import from {result.path}.\n"
               f"# Figures as the letter prints them; `budsjett check` says where they disagree.\n\n")
    text = heading + dump(document, layout)
    ledger = _validate(text, path, shown)
    findings = run_checks(build_context(ledger))
    exit_code = 1 if any(f.severity is Severity.ERROR for f in findings) else 0
    others = [item for item in result.letters if item is not letter]
    if not dry_run:
        if not path.resolve().parent.is_dir():
            _fail(f"{shown}: the directory {path.parent} does not exist")
        write_atomic(path, text)
    if output_format == "json":
        _echo_json(new_json(result, letter, others, findings, shown, dry_run, not dry_run, exit_code))
        return exit_code
    if dry_run:
        click.echo(text, nl=False)
    print_new(console(), letter, others, findings, result.path, shown, dry_run, len(ledger.posts))
    return exit_code
