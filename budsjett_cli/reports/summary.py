"""``budsjett summary``: one row per post with the columns the letters use; and ``--letter``.

In the summary a chain gap (a letter missing from the ledger: the stated
"Tidligere tildeling" differs from the running total) is shown in its own
column, Uforklart, so that Tildeling + Endringer + Uforklart = Sum tildelt
on every row whose figures are known.

Every figure on a total row is the sum of its column (what exports promise).
Where a post lacks a figure that others have, the columns of a total row
cannot also agree across: Ikke tildelt counts only posts with both a
Bevilgning and a Sum tildelt, so the total row's Bevilgning − Sum tildelt
differs from its Ikke tildelt. A note under the table then gives the
difference in figures and the posts it comes from (``_bridge_notes``), so
that the total row can be checked by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from budsjett_cli.amounts import Unit, shown_amount
from budsjett_cli.dates import norwegian_date
from budsjett_cli.findings import Severity
from budsjett_cli.ledger.history import OPENED_FROM_ALLOCATION, OPENED_FROM_PREVIOUS, History
from budsjett_cli.ledger.model import Letter, Post
from budsjett_cli.reports.findings import findings_sheet
from budsjett_cli.reports.model import Column, Kind, Report, Row, Sheet, total
from budsjett_cli.reports.common import (Analysis, check_filters, find_letter, post_order, report_meta, sectioned_rows,
                     sheet_name, subject)

SUMMARY_COLUMNS = [
    Column("chapter", "Kap."),
    Column("post", "Post"),
    Column("name", "Postnavn"),
    Column("appropriation_original", "Opprinnelig bevilgning", Kind.MONEY, hide_when_empty=True, from_letters=True),
    Column("appropriation", "Bevilgning", Kind.MONEY, from_letters=True),
    Column("allocation", "Tildeling", Kind.MONEY, from_letters=True),
    Column("changes", "Endringer", Kind.MONEY, from_letters=True),
    Column("unexplained", "Uforklart", Kind.MONEY, hide_when_empty=True),
    Column("current", "Sum tildelt", Kind.MONEY, from_letters=True),
    Column("unallocated", "Ikke tildelt", Kind.MONEY),
    Column("status", "Status"),
]
SUMMARY_SUMS = ["appropriation_original", "appropriation", "allocation", "changes", "unexplained", "current", "unallocated"]

def summary_values(history: History, with_original: bool = False) -> dict:
    """One post's summary figures, all read from its history.

    ``with_original``: give the allocation letter's appropriation beside the
    current one (when some post's appropriation changed during the year).
    """
    post = history.post
    amounts = [s.amount for s in history.steps if s.amount is not None]
    if amounts:
        changes: Decimal | None = sum(amounts, Decimal(0))
    else:
        changes = Decimal(0) if history.opening is not None else None
    current = history.current
    appropriation = history.appropriation
    original = history.original_appropriation
    return {
        "chapter": post.chapter,
        "post": post.post,
        "name": post.name or "",
        "appropriation_original": original if with_original else None,
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
    unit: Unit | None = None,
) -> Report:
    """``budsjett summary``: one row per post, chapter subtotals, expenditure and income totals.

    ``unit`` is the unit the report will be shown in (default: the first
    ledger's); the notes that give figures give them in it.
    """
    chapters, posts = list(chapters), list(posts)
    check_filters(analyses, chapters, posts)
    unit = unit or analyses[0].ledger.unit
    many = len(analyses) > 1
    sheets: list[Sheet] = []
    for analysis in analyses:
        ledger = analysis.ledger
        chosen = [h for h in analysis.histories if _chosen(h.post, chapters, posts)]
        with_original = any(h.appropriation != h.original_appropriation for h in chosen)
        figures = {h.post.key: summary_values(h, with_original) for h in chosen}
        items = []
        for history in chosen:
            status = analysis.post_status(history.post.key)
            items.append((history.post, Row(figures[history.post.key] | {"status": status}, status=status)))
        title = f"Oppsummering {subject(ledger)}".strip() + _filter_title(chapters, posts, analysis.as_of)
        sheet = Sheet(sheet_name("Oppsummering", analysis, many), title, list(SUMMARY_COLUMNS),
                      sectioned_rows(items, ledger, SUMMARY_SUMS, "name"),
                      _summary_notes(chosen, analysis, unit, figures))
        sheets.append(sheet)
        sheets.append(summary_findings_sheet(analysis, many, {h.post.key for h in chosen}
                                     if chapters or posts else None))
    return Report(sheets, unit, report_meta("summary", analyses, analyses[0].as_of,
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


def _summary_notes(histories: list[History], analysis: Analysis, unit: Unit, figures: dict[str, dict]) -> list[str]:
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
    changed = [h for h in histories if h.appropriation != h.original_appropriation]
    if changed:
        notes.append(f"Bevilgning is the appropriation after the changes the ledger records (RNB and others) on "
                     f"{_keys(changed)}; Opprinnelig bevilgning is the allocation letter's.")
    implied = [h for h in histories if h.appropriation_implied]
    if implied:
        notes.append(f"Bevilgning on {_keys(implied)} is at least the figure shown: the letters imply the change "
                     "(a price adjustment, a cut in RNB) without printing the new appropriation, and so is Ikke "
                     "tildelt.")
    withheld = [(h.post.key, held) for h in histories for held in h.post.withheld if held.pending]
    if withheld:
        listed = "; ".join(f"{shown_amount(held.amount.kroner, unit)} on {key} ({held.letter}"
                           f"{': ' + held.note if held.note else ''})" for key, held in withheld)
        notes.append(f"Holdt tilbake (withheld, pending a letter that releases or moves it; part of Sum tildelt): "
                     f"{listed}.")
    notes += _bridge_notes(histories, unit, figures)
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


def _bridge_notes(histories: list[History], unit: Unit, figures: dict[str, dict]) -> list[str]:
    """Why a total row's columns do not agree across, in figures, per section.

    Two cases, each only where it happens: posts with changes but no
    running allocation (Endringer without a Sum tildelt), and posts with
    only one of Bevilgning and Sum tildelt (Ikke tildelt, which needs both,
    leaves them out). The figures let a reader check the total row by hand:
    Ikke tildelt + only in Bevilgning − only in Sum tildelt = Bevilgning −
    Sum tildelt.
    """
    notes = []
    sections = [(label, [h for h in histories if h.post.is_income is income])
                for income, label in ((False, "Sum utgifter"), (True, "Sum inntekter"))]
    unknown = [h for h in histories if h.current is None and h.steps]
    if unknown:
        parts = []
        for label, section in sections:
            values = [figures[h.post.key] for h in section]
            gap = (_sum(values, "allocation") + _sum(values, "changes") + _sum(values, "unexplained")
                   - _sum(values, "current"))
            if gap:
                parts.append(f"on {label} Tildeling + Endringer + Uforklart differs from Sum tildelt by "
                             f"{shown_amount(gap, unit)}")
        notes.append(f"No running allocation for {_keys(unknown)} (no opening figure): their changes are in "
                     "Endringer, but there is no Sum tildelt" + (f"; so {' and '.join(parts)}." if parts else "."))
    for label, section in sections:
        no_current = [h for h in section if h.current is None and h.appropriation is not None]
        no_appropriation = [h for h in section if h.appropriation is None and h.current is not None]
        if not no_current and not no_appropriation:
            continue
        values = [figures[h.post.key] for h in section]
        difference = _sum(values, "appropriation") - _sum(values, "current")
        unallocated = total([v["unallocated"] for v in values])
        shown = f"Ikke tildelt {shown_amount(unallocated, unit)}" if unallocated is not None else "no Ikke tildelt"
        text = (f"{label}: Bevilgning − Sum tildelt is {shown_amount(difference, unit)} but {shown}: Ikke tildelt "
                "counts only the posts that have both figures.")
        if no_current:
            only = shown_amount(_sum_of(no_current, "appropriation", figures), unit)
            text += (f" Only in Bevilgning: {only} on posts with no Sum tildelt (no allocation to the agency in the "
                     f"ledger: {_keys(no_current)}).")
        if no_appropriation:
            only = shown_amount(_sum_of(no_appropriation, "current", figures), unit)
            text += f" Only in Sum tildelt: {only} on posts with no Bevilgning in the ledger ({_keys(no_appropriation)})."
        notes.append(text)
    return notes


def _sum(values: list[dict], key: str) -> Decimal:
    """A column's total as the total row has it, a blank counted as 0."""
    return total([v[key] for v in values]) or Decimal(0)


def _sum_of(histories: list[History], key: str, figures: dict[str, dict]) -> Decimal:
    return _sum([figures[h.post.key] for h in histories], key)


def summary_findings_sheet(analysis: Analysis, many: bool, keys: set[str] | None) -> Sheet:
    """The findings behind the status column: a detail sheet (xlsx and json only)."""
    findings = [f for f in analysis.findings if keys is None or f.post in keys]
    return findings_sheet(findings, sheet_name("Funn", analysis, many),
                          f"Funn fra budsjett check, {subject(analysis.ledger)}")


# -- budsjett summary --letter ---------------------------------------------------------

LETTER_COLUMNS = [
    Column("chapter", "Kap."),
    Column("post", "Post"),
    Column("name", "Postnavn"),
    Column("previous", "Tidligere tildelt", Kind.MONEY, from_letters=True),
    Column("change", "Endring", Kind.MONEY, from_letters=True),
    Column("unexplained", "Uforklart", Kind.MONEY, hide_when_empty=True),
    Column("current", "Sum tildelt", Kind.MONEY, from_letters=True),
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
    if letter.date:
        parts = [f"datert {norwegian_date(letter.date)}"]
    elif letter.received:
        parts = [f"udatert, mottatt {norwegian_date(letter.received)}"]
    else:
        parts = ["udatert"]
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
