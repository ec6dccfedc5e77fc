"""``budsjett summary``: one row per post with the columns the letters use; and ``--letter``.

In the summary a chain gap (a letter missing from the ledger: the stated
"Tidligere tildeling" differs from the running total) is shown in its own
column, Uforklart, so that Tildeling + Endringer + Uforklart = Sum tildelt
on every row whose figures are known, and in the totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from ..dates import norwegian_date
from ..findings import Severity
from ..history import OPENED_FROM_ALLOCATION, OPENED_FROM_PREVIOUS, History
from ..model import Letter, Post
from ..tables import Column, Kind, Report, Row, Sheet
from .common import (Analysis, check_filters, find_letter, post_order, report_meta, sectioned_rows,
                     sheet_name, subject)

SUMMARY_COLUMNS = [
    Column("chapter", "Kap."),
    Column("post", "Post"),
    Column("name", "Postnavn"),
    Column("appropriation", "Bevilgning", Kind.MONEY),
    Column("allocation", "Tildeling", Kind.MONEY),
    Column("changes", "Endringer", Kind.MONEY),
    Column("unexplained", "Uforklart", Kind.MONEY, hide_when_empty=True),
    Column("current", "Sum tildelt", Kind.MONEY),
    Column("unallocated", "Ikke tildelt", Kind.MONEY),
    Column("status", "Status"),
]
SUMMARY_SUMS = ["appropriation", "allocation", "changes", "unexplained", "current", "unallocated"]

FINDING_COLUMNS = [
    Column("severity", "Alvorlighet"),
    Column("check", "Kontroll"),
    Column("post", "Post"),
    Column("letter", "Brev"),
    Column("message", "Melding"),
    Column("location", "Sted"),
    Column("expected", "Forventet", Kind.MONEY),
    Column("actual", "Faktisk", Kind.MONEY),
    Column("difference", "Differanse", Kind.MONEY),
]


def summary_values(history: History) -> dict:
    """One post's summary figures, all read from its history."""
    post = history.post
    amounts = [s.amount for s in history.steps if s.amount is not None]
    if amounts:
        changes: Decimal | None = sum(amounts, Decimal(0))
    else:
        changes = Decimal(0) if history.opening is not None else None
    current = history.current
    appropriation = history.appropriation
    return {
        "chapter": post.chapter,
        "post": post.post,
        "name": post.name or "",
        "appropriation": appropriation,
        "allocation": history.opening,
        "changes": changes,
        "unexplained": history.unaccounted or None,
        "current": current,
        "unallocated": appropriation - current if appropriation is not None and current is not None else None,
    }


def summary_report(
    analyses: list[Analysis],
    chapters: Iterable[str] = (),
    posts: Iterable[str] = (),
) -> Report:
    """``budsjett summary``: one row per post, chapter subtotals, expenditure and income totals."""
    chapters, posts = list(chapters), list(posts)
    check_filters(analyses, chapters, posts)
    many = len(analyses) > 1
    sheets: list[Sheet] = []
    for analysis in analyses:
        ledger = analysis.ledger
        chosen = [h for h in analysis.histories if _chosen(h.post, chapters, posts)]
        items = []
        for history in chosen:
            status = analysis.post_status(history.post.key)
            items.append((history.post, Row(summary_values(history) | {"status": status}, status=status)))
        title = f"Oppsummering {subject(ledger)}".strip() + _filter_title(chapters, posts, analysis.as_of)
        sheet = Sheet(sheet_name("Oppsummering", analysis, many), title, list(SUMMARY_COLUMNS),
                      sectioned_rows(items, ledger, SUMMARY_SUMS, "name"), _summary_notes(chosen, analysis))
        sheets.append(sheet)
        sheets.append(findings_sheet(analysis, many, {h.post.key for h in chosen}
                                     if chapters or posts else None))
    return Report(sheets, analyses[0].ledger.unit, report_meta("summary", analyses, analyses[0].as_of,
                                                               chapter=chapters, post=posts, letter=None))


def _chosen(post: Post, chapters: list[str], posts: list[str]) -> bool:
    if not chapters and not posts:
        return True
    return post.chapter in chapters or post.key in posts


def _filter_title(chapters: list[str], posts: list[str], as_of: dt.date | None) -> str:
    parts = [f"kap. {c}" for c in chapters] + [f"post {p}" for p in posts]
    text = f" ({', '.join(parts)})" if parts else ""
    if as_of:
        text += f", per {norwegian_date(as_of)}"
    return text


def _keys(histories: Iterable[History]) -> str:
    keys = [h.post.key for h in sorted(histories, key=lambda h: post_order(h.post))]
    shown = ", ".join(keys[:8])
    return shown + (f" and {len(keys) - 8} more" if len(keys) > 8 else "")


def _summary_notes(histories: list[History], analysis: Analysis) -> list[str]:
    notes = []
    if not histories:
        notes.append("No posts match.")
    gaps = [h for h in histories if h.unaccounted]
    if gaps:
        notes.append(f"Uforklart: allocation the letters in the ledger do not explain (a stated "
                     f"'Tidligere tildeling' differs from the running total: a letter may be missing) "
                     f"on {_keys(gaps)}. Tildeling + Endringer + Uforklart = Sum tildelt.")
    opened = [h for h in histories if h.opened_from == OPENED_FROM_PREVIOUS]
    if opened:
        notes.append(f"The ledger opens mid-year for {_keys(opened)}: Tildeling is the previous "
                     "allocation stated by the first letter.")
    unknown = [h for h in histories if h.current is None and h.steps]
    if unknown:
        notes.append(f"No running allocation for {_keys(unknown)} (no opening figure): "
                     "their changes are in Endringer, but there is no Sum tildelt.")
    administered = [h for h in histories if h.current is None and h.appropriation is not None]
    if administered:
        notes.append(f"Bevilgning without an allocation to the agency on {_keys(administered)}: "
                     "in the Bevilgning totals, not in Sum tildelt or Ikke tildelt.")
    if analysis.as_of is not None:
        left = sum(h.left_out for h in histories)
        notes.append(f"As of {norwegian_date(analysis.as_of)}: {left} later or undated "
                     f"change{'s' if left != 1 else ''} left out.")
    counts = {s: sum(1 for f in analysis.findings if f.severity is s) for s in Severity}
    if any(counts.values()):
        notes.append(f"Status from budsjett check: {counts[Severity.ERROR]} errors, "
                     f"{counts[Severity.WARNING]} warnings, {counts[Severity.INFO]} info in the ledger "
                     "(run budsjett check for the messages).")
    return notes


def findings_sheet(analysis: Analysis, many: bool, keys: set[str] | None) -> Sheet:
    """The findings behind the status column: a detail sheet (xlsx and json only)."""
    rows = []
    for finding in analysis.findings:
        if keys is not None and finding.post not in keys:
            continue
        rows.append(Row({
            "severity": finding.severity.value,
            "check": finding.check,
            "post": finding.post,
            "letter": finding.letter,
            "message": finding.message,
            "location": str(finding.location),
            "expected": finding.expected,
            "actual": finding.actual,
            "difference": finding.difference,
        }, status=finding.severity.value))
    title = f"Funn fra budsjett check, {subject(analysis.ledger)}"
    sheet = Sheet(sheet_name("Funn", analysis, many), title, list(FINDING_COLUMNS), rows, detail=True)
    if not rows:
        sheet.notes.append("No findings.")
    return sheet


# -- budsjett summary --letter ---------------------------------------------------------

LETTER_COLUMNS = [
    Column("chapter", "Kap."),
    Column("post", "Post"),
    Column("name", "Postnavn"),
    Column("previous", "Tidligere tildelt", Kind.MONEY),
    Column("change", "Endring", Kind.MONEY),
    Column("unexplained", "Uforklart", Kind.MONEY, hide_when_empty=True),
    Column("current", "Sum tildelt", Kind.MONEY),
    Column("status", "Status"),
]
LETTER_SUMS = ["previous", "change", "unexplained", "current"]


def letter_report(analyses: list[Analysis], wanted: str, chapters: Iterable[str] = (),
                  posts: Iterable[str] = ()) -> Report:
    """``budsjett summary --letter ID``: what one letter changed, post by post, as the letter prints it.

    Tidligere tildelt is the running total before the letter, Endring the
    letter's change, Sum tildelt the running total after it. For the
    allocation letter itself the change is the original allocation.
    """
    chapters, posts = list(chapters), list(posts)
    check_filters(analyses, chapters, posts)
    letter_id = find_letter(analyses, wanted)
    many = len(analyses) > 1
    sheets = []
    for analysis in analyses:
        ledger = analysis.ledger
        letter = ledger.letters.get(letter_id)
        if letter is None:
            continue
        items = []
        for history in analysis.histories:
            post = history.post
            values = _letter_values(history, letter_id) if _chosen(post, chapters, posts) else None
            if values is None:
                continue
            status = analysis.step_status(post.key, letter_id) or "ok"
            items.append((post, Row(values | {"status": status}, status=status)))
        title = f"{letter_id}: {letter.title}" if letter.title else letter_id
        title += f" – {_letter_when(letter)}" + _filter_title(chapters, posts, analysis.as_of)
        sheet = Sheet(sheet_name("Brev", analysis, many), title, list(LETTER_COLUMNS),
                      sectioned_rows(items, ledger, LETTER_SUMS, "name"))
        if not items:
            sheet.notes.append("The letter changes no post" + (" as of this date." if analysis.as_of else "."))
        if any(r.values.get("unexplained") for _, r in items):
            sheet.notes.append("Uforklart: the letter's 'Tidligere tildeling' differs from the running total "
                               "(a letter before it may be missing). Tidligere tildelt + Uforklart + Endring "
                               "= Sum tildelt.")
        sheets.append(sheet)
    return Report(sheets, analyses[0].ledger.unit, report_meta("summary", analyses, analyses[0].as_of,
                                                               chapter=chapters, post=posts, letter=letter_id))


def _letter_when(letter: Letter) -> str:
    parts = [f"datert {norwegian_date(letter.date)}" if letter.date else "udatert"]
    if letter.ref:
        parts.append(f"ref. {letter.ref}")
    return ", ".join(parts)


def _letter_values(history: History, letter_id: str) -> dict | None:
    """The post's figures before and after the letter; None when the letter does not touch the post."""
    post = history.post
    steps = [s for s in history.steps if s.change.letter == letter_id]
    base = {"chapter": post.chapter, "post": post.post, "name": post.name or ""}
    if steps:
        amounts = [s.amount for s in steps if s.amount is not None]
        gaps = [s.gap for s in steps if s.gap]
        return base | {
            "previous": steps[0].before,
            "change": sum(amounts, Decimal(0)) if amounts else None,
            "unexplained": sum(gaps, Decimal(0)) if gaps else None,
            "current": steps[-1].after,
        }
    if post.letter == letter_id and history.opened_from == OPENED_FROM_ALLOCATION:
        return base | {"previous": None, "change": history.opening, "unexplained": None,
                       "current": history.opening}
    return None
