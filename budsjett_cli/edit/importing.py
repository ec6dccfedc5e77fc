"""``budsjett import`` as library calls: read a letter, propose entries, merge them into a ledger, or start one.

Each function returns what it did as data and raises ``InputError`` for
input it cannot use; it prints nothing. The command (``commands.import_letter``)
parses options, calls one of these and renders the outcome.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

from budsjett_cli.amounts import Unit
from budsjett_cli.analysis import analyse
from budsjett_cli.edit.effect import Effect, effect_of
from budsjett_cli.edit.identity import already_in
from budsjett_cli.edit.emit import Layout, dump, header_comment, proposal_document, review_comment
from budsjett_cli.edit.merge import Merged, merge
from budsjett_cli.edit.write import locked, write_atomic
from budsjett_cli.findings import Finding, exit_code
from budsjett_cli.ledger.loader import load_file, load_text
from budsjett_cli.ledger.model import Ledger
from budsjett_cli.letters.model import ALLOCATION, LetterProposal, ReadResult
from budsjett_cli.problems import InputError, Location, Problem


class ImportRefused(InputError):
    """Input problems that stop an import, with the line that says what was (not) done."""

    def __init__(self, problems, outcome: str):
        super().__init__(problems)
        self.outcome = outcome


@dataclass(slots=True)
class MergeOutcome:
    """What ``import_into`` did: the ledger before, the merge, its effect, and whether it was written."""

    before: Ledger
    text_before: str
    merged: Merged
    effect: Effect
    written: bool
    exit_code: int

    def diff(self, shown: str) -> str:
        """The merge as a unified diff of the ledger file (what ``--dry-run`` shows)."""
        return "".join(difflib.unified_diff(self.text_before.splitlines(True), self.merged.text.splitlines(True),
                                            fromfile=shown, tofile=shown))

    @property
    def lines_added(self) -> int:
        return self.merged.text.count("\n") - self.text_before.count("\n")


@dataclass(slots=True)
class NewOutcome:
    """What ``start_ledger`` did: the letter it started from, the ledger text and its findings."""

    letter: LetterProposal
    others: list[LetterProposal]
    text: str
    ledger: Ledger
    findings: list[Finding]
    written: bool
    exit_code: int


def select_letters(result: ReadResult, wanted: tuple[str, ...] | list[str] = ()) -> list[LetterProposal]:
    """The letters of the file to import: all, or those named (``--letter``); naming one it lacks is an error."""
    if not result.letters:
        raise InputError.at(result.path, "no letter text found (no tables, no budget figures, no assignments)", 1)
    if not wanted:
        return result.letters
    known = {item.id: item for item in result.letters}
    missing = [w for w in wanted if w not in known]
    if missing:
        raise InputError.at(result.path, f"no letter {', '.join(missing)} in the file; it holds: {', '.join(known)}")
    return [known[w] for w in wanted]


def proposal_text(result: ReadResult, letters: list[LetterProposal]) -> str:
    """The proposal as ledger YAML, with its sources and review items as comments (what ``import`` prints)."""
    layout = Layout()
    document = proposal_document(letters, proposal_unit(letters), layout)
    return header_comment(result, letters) + dump(document, layout) + review_comment(letters)


def proposal_unit(letters: list[LetterProposal]) -> Unit:
    """The allocation letter's unit when there is one: it prints the year's tables, the ledger follows it."""
    allocation = [item for item in letters if item.kind == ALLOCATION]
    return (allocation[0] if allocation else letters[0]).unit if letters else Unit.THOUSAND


def import_into(path: Path, letters: list[LetterProposal], *, shown: str | None = None,
                dry_run: bool = False, force_year: bool = False, date: dt.date | None = None,
                received: dt.date | None = None) -> MergeOutcome:
    """Merge the letters into the ledger at ``path``; written only when something was imported and not ``dry_run``.

    The merged text is loaded as the loader will before anything is
    written: a merge that would break the ledger is never written. A letter
    for another budget year than the ledger's is refused unless
    ``force_year``: its changes would count in the wrong year. A letter
    that prints no date is refused unless ``date`` (the date it was sent)
    or ``received`` (the day it arrived) is given: an undated change cannot
    be placed in the year.
    """
    shown = shown or str(path)
    if not path.is_file():
        raise InputError.at(shown, f"no such ledger (to start one from an allocation letter, use --new {shown})")
    with locked(path):  # another import of the same ledger waits: no update is lost
        raw = path.read_bytes()
        before = _load(path, shown, f"budsjett: {shown} cannot be read; nothing was imported")
        if not force_year:
            _refuse_other_years(letters, before, shown)
        _date_undated(letters, before, shown, date, received)
        text = raw.decode("utf-8")   # as on disk: merge keeps its BOM and line ends
        merged = merge(text, before, letters)
        after = _validate(merged.text, shown)
        effect = effect_of(before, after, merged.touched)
        written = bool(merged.imported) and not dry_run
        if written:
            write_atomic(path, merged.text, expected=raw)
    return MergeOutcome(before, text, merged, effect, written, 1 if effect.brought_errors else 0)


def start_ledger(result: ReadResult, letters: list[LetterProposal], path: Path, *, shown: str | None = None,
                 dry_run: bool = False, agency: str | None = None, ministry: str | None = None) -> NewOutcome:
    """A new year's ledger at ``path`` from the file's allocation letter (never over an existing file)."""
    shown = shown or str(path)
    allocation = [item for item in letters if item.kind == ALLOCATION]
    if not allocation:
        ids = ", ".join(item.id for item in letters)
        raise InputError.at(result.path, f"no allocation letter (tildelingsbrev) in the file, only {ids}; "
                                         "--new starts a ledger from one; add supplements with --into")
    if path.exists() and not dry_run:
        raise InputError.at(shown, f"already exists; add to it with --into {shown}")
    letter = allocation[0]
    if letter.year is None:
        raise InputError.at(
            result.path, "the allocation letter states no year (no TB id, no date, no year in its title or "
            f"table header), and a ledger needs one; --new does not guess it: save the proposal "
            f"(budsjett import {result.path} > {shown}), write the year where its comment says, and check it")
    layout = Layout()
    document = proposal_document([letter], letter.unit, layout, agency or letter.agency, ministry or letter.ministry,
                                 record_review=True)
    heading = (f"# {letter.title or letter.id}: started by budsjett import from {result.path}.\n"
               f"# Figures as the letter prints them; `budsjett check` says where they disagree.\n\n")
    text = heading + dump(document, layout)
    ledger = _validate(text, shown)
    findings = analyse(ledger).findings
    others = [item for item in result.letters if item is not letter]
    if not dry_run:
        if not path.resolve().parent.is_dir():
            raise InputError.at(shown, f"the directory {path.parent} does not exist")
        write_atomic(path, text)
    return NewOutcome(letter, others, text, ledger, findings, not dry_run, exit_code(findings))


def _refuse_other_years(letters: list[LetterProposal], ledger: Ledger, shown: str) -> None:
    """Every letter for another year than the ledger's, as one problem each (nothing is imported)."""
    problems = [
        Problem(Location(letter.source.path, letter.source.first),
                f"letter {letter.id} is for {letter.year}, the ledger {shown} for {ledger.year}: a letter for another "
                "budget year is not merged (if it belongs in this ledger all the same, import it with --force-year)")
        for letter in letters if letter.year is not None and ledger.year and letter.year != ledger.year
    ]
    if problems:
        raise ImportRefused(problems, f"budsjett: nothing was imported; {shown} was not changed")


def _date_undated(letters: list[LetterProposal], ledger: Ledger, shown: str, date: dt.date | None,
                  received: dt.date | None) -> None:
    """Date the letters new to the ledger that print no date with ``date`` or ``received``; refuse when neither is given.

    ``--date`` is one letter's date, so it needs exactly one undated letter;
    ``--received`` may date several (a file of letters that arrived together).
    """
    new = [letter for letter in letters if already_in(letter, ledger) is None]
    undated = [letter for letter in new if letter.date is None]
    refused = f"budsjett: nothing was imported; {shown} was not changed"
    if date is not None and received is not None:
        raise ImportRefused([Problem(Location(shown), "give --date (the date the letter was sent) or --received "
                                                      "(the day it arrived), not both")], refused)
    if date is not None and len(undated) != 1:
        where = letters[0].source.path if letters else shown
        what = (f"{len(undated)} letters print no date ({', '.join(item.id for item in undated)}): import them one "
                "at a time with --letter ID, or give the day they arrived with --received" if undated else
                "every letter to import prints its date; --date is for a letter that prints none")
        raise ImportRefused([Problem(Location(where), what)], refused)
    if undated and date is None and received is None:
        raise ImportRefused([
            Problem(Location(letter.source.path, letter.source.first),
                    f"letter {letter.id} prints no date, and an undated change cannot be placed in the year: give "
                    "the date it was sent with --date YYYY-MM-DD, or the day you received it with --received "
                    "YYYY-MM-DD")
            for letter in undated], refused)
    for letter in undated:
        if date is not None:
            letter.date = date
        else:
            letter.received = received
        letter.review = [item for item in letter.review if item.kind != "date-not-found"]


def _load(path: Path, shown: str, outcome: str) -> Ledger:
    try:
        return load_file(path, shown)
    except InputError as exc:
        raise ImportRefused(exc.problems, outcome) from None


def _validate(text: str, shown: str) -> Ledger:
    """Load the text to be written as the loader will; a ledger that would not load is never written."""
    try:
        return load_text(text, shown)
    except InputError as exc:
        raise ImportRefused(exc.problems, f"budsjett: the merged ledger would not load; {shown} was not changed") \
            from None
