"""What ``budsjett import`` tells people: found, skipped, to review, and what a merge changed.

Plain lines, never wrapped, so that they stay greppable; colour only on a
terminal (rich decides and honours NO_COLOR).
"""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.text import Text

from budsjett_cli.amounts import Unit, format_amount
from budsjett_cli.findings import Finding, Severity
from budsjett_cli.edit.effect import Effect
from budsjett_cli.edit.emit import counts_text, review_line
from budsjett_cli.edit.merge import Merged
from budsjett_cli.letters.model import LetterProposal, Review
from budsjett_cli.render.findings_text import finding_line

def console() -> Console:
    """Output that is never wrapped or highlighted: post keys and amounts are not rich's numbers."""
    return Console(highlight=False, soft_wrap=True)


def print_letters(out: Console, letters: list[LetterProposal], verb: str) -> None:
    for letter in letters:
        line = Text()
        line.append(letter.id, style="bold")
        line.append(f" ({letter.kind}, lines {letter.source.first}-{letter.source.last}): {verb} {counts_text(letter)}")
        out.print(line)


def print_skipped(out: Console, skipped: list[tuple[LetterProposal, str]]) -> None:
    for letter, reason in skipped:
        line = Text()
        line.append(letter.id, style="bold")
        line.append(f": already in the ledger, not imported again: {reason}", style="dim")
        out.print(line)


RECORDED = ("(not merged as figures, except a derived change, which is; recorded in the ledger under the letter's "
            "'review:', and `budsjett check` lists them until marked resolved)")


def print_review(out: Console, reviews: list[Review], title: str, note: str | None = None) -> None:
    if not reviews:
        return
    out.print(Text(f"{title} ({len(reviews)}):", style="bold yellow"))
    for review in reviews:
        out.print(Text("  " + review_line(review)))
    if note:
        out.print(Text("  " + note))


def print_totals(out: Console, rows: list[tuple[str, Decimal | None, Decimal | None]], unit: Unit) -> None:
    if not rows:
        return
    out.print(Text(f"Running allocation ({unit.label}):", style="bold"))
    width = max(len(key) for key, _, _ in rows)
    for key, before, after in rows:
        shown_before = format_amount(before, unit) if before is not None else "unknown"
        shown_after = format_amount(after, unit) if after is not None else "unknown"
        line = Text(f"  {key.ljust(width)}  {shown_before} → {shown_after}")
        if before is not None and after is not None and after != before:
            difference = after - before
            sign = "+" if difference > 0 else ""
            line.append(f"  ({sign}{format_amount(difference, unit)})", style="dim")
        out.print(line)


def print_findings_delta(out: Console, new: list[Finding], changed: list[Finding], resolved: list[Finding]) -> None:
    for title, findings in (("New findings", new), ("Changed findings (new figures)", changed),
                            ("No longer found", resolved)):
        if not findings:
            continue
        out.print(Text(f"{title} ({len(findings)}):", style="bold"))
        for finding in findings:
            out.print(Text("  ").append_text(finding_line(finding)))
    if not new and not changed and not resolved:
        out.print(Text("Checks: no new findings.", style="dim"))


def print_merge(out: Console, merged: Merged, effect: Effect, unit: Unit, shown: str, dry_run: bool,
                added_lines: int) -> None:
    """What ``--into`` did: the letters taken and skipped, what needs review, and what changed in the ledger."""
    print_letters(out, merged.imported, "imported")
    print_skipped(out, [(item, known.reason) for item, known in merged.skipped])
    reviews = [review for item in merged.imported for review in item.review] + merged.conflicts
    print_review(out, reviews, "Needs review", RECORDED)
    print_totals(out, effect.totals, unit)
    if merged.imported:
        print_findings_delta(out, effect.new, effect.changed, effect.resolved)
    if not merged.exact_layout:
        out.print(Text(f"note: {shown}'s indentation is irregular; lines outside the new entries may be re-indented"))
    if not merged.imported:
        out.print(Text(f"{shown}: nothing to import; not changed"))
    elif dry_run:
        out.print(Text(f"dry run: {shown} not written"))
    else:
        out.print(Text(f"wrote {shown} (+{added_lines} lines)"))


def print_new(out: Console, letter: LetterProposal, others: list[LetterProposal], findings: list[Finding],
              result_path: str, shown: str, dry_run: bool, posts: int) -> None:
    """What ``--new`` did: the letter read, what needs review, the checks, and the letters left for --into."""
    print_letters(out, [letter], "read")
    print_review(out, letter.review, "Needs review", RECORDED)
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    out.print(Text(f"Checks: {counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, "
                   f"{counts[Severity.INFO]} info (run `budsjett check {shown}` for the list)"))
    if others:
        out.print(Text(f"Also in {result_path}: {', '.join(item.id for item in others)}; "
                       f"add them with: budsjett import {result_path} --into {shown}"))
    out.print(Text(f"dry run: {shown} not written" if dry_run else f"wrote {shown} ({posts} posts)"))
