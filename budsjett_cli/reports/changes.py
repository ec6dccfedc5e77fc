"""``budsjett changes``: the changes dated in a period, for the monthly reconciliation."""

from __future__ import annotations

import datetime as dt

from budsjett_cli.dates import Period
from budsjett_cli.ledger.model import Post
from budsjett_cli.reports.model import Column, Kind, Report, Row, RowKind, Sheet
from budsjett_cli.reports.common import Analysis, post_order, report_meta, sectioned_rows, sheet_name, subject

CHANGES_COLUMNS = [
    Column("date", "Dato", Kind.DATE),
    Column("letter", "Brev"),
    Column("chapter", "Kap."),
    Column("post", "Post"),
    Column("name", "Postnavn"),
    Column("amount", "Endring", Kind.MONEY),
    Column("running", "Sum tildelt", Kind.MONEY),
    Column("note", "Merknad", hide_when_empty=True),
    Column("status", "Status"),
]


def changes_report(analyses: list[Analysis], period: Period = Period(), undated: bool = False) -> Report:
    """``budsjett changes``: the changes dated in a period, for the monthly reconciliation.

    A change's date is its own, else its letter's. An undated change belongs
    to no period: with a bounded period it is left out (and counted in a
    note) unless ``undated`` is set; without a period every change is
    listed. Rows are in date order, undated ones last with no date;
    expenditure and income are totalled apart.
    """
    include_undated = undated or not period.bounded
    many = len(analyses) > 1
    sheets = [_changes_sheet(analysis, period, include_undated, many) for analysis in analyses]
    meta = report_meta("changes", analyses, None,
                       start=period.start.isoformat() if period.start else None,
                       end=period.end.isoformat() if period.end else None, undated=include_undated)
    return Report(sheets, analyses[0].ledger.unit, meta)


def _changes_sheet(analysis: Analysis, period: Period, include_undated: bool, many: bool) -> Sheet:
    ledger = analysis.ledger
    found: list[tuple[tuple, Post, object]] = []
    left_out: list[str] = []
    order = {letter_id: i for i, letter_id in enumerate(ledger.letters)}
    for history in analysis.histories:
        post = history.post
        position = post_order(post)
        for number, step in enumerate(history.steps):
            date = step.date
            if date is None:
                if not include_undated:
                    left_out.append(step.change.letter)
                    continue
            elif date not in period:
                continue
            found.append(((date is None, date or dt.date.min, order.get(step.change.letter, 0), position, number),
                          post, step))
    found.sort(key=lambda item: item[0])
    # The rows are made in the order they are shown: every later pass over them reads memory in order.
    status_of = analysis.step_status
    plain = RowKind.ROW
    items: list[tuple[Post, Row]] = []
    for _, post, step in found:
        letter = step.change.letter
        status = status_of(post.key, letter) or "ok"
        items.append((post, Row({
            "date": step.date, "letter": letter, "chapter": post.chapter, "post": post.post,
            "name": post.name or "", "amount": step.amount, "running": step.after,
            "note": step.change.note, "status": status,
        }, plain, status)))
    rows = sectioned_rows(items, ledger, ["amount"], "name", by_chapter=False)
    title = f"Endringer {subject(ledger)}, {period.describe()}"
    sheet = Sheet(sheet_name("Endringer", analysis, many), title, list(CHANGES_COLUMNS), rows)
    if not items:
        sheet.notes.append("No changes in the period.")
    undated_listed = sum(1 for _, _, step in found if step.date is None)
    if undated_listed:
        sheet.notes.append(f"{undated_listed} undated change{'s' if undated_listed != 1 else ''} "
                           "(the letters print no date) listed last, with no date.")
    if left_out:
        letters = ", ".join(sorted(set(left_out), key=lambda k: order.get(k, 0)))
        sheet.notes.append(f"{len(left_out)} undated change{'s' if len(left_out) != 1 else ''} "
                           f"({letters}) belong to no period and are left out; --undated lists them.")
    return sheet
