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
    Column("amount", "Endring", Kind.MONEY, from_letters=True),
    Column("running", "Sum tildelt", Kind.MONEY, from_letters=True),
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
    left_out: list[str] = []
    order = {letter_id: i for i, letter_id in enumerate(ledger.letters)}
    histories = analysis.histories
    # Rows go by date (undated last), then their letter's place, their post's place, their place in the post;
    # for 100 000 rows that order is one integer per row (bounds: letters, post places, steps of a post).
    places = {position: rank for rank, position in enumerate(sorted({post_order(h.post) for h in histories}))}
    letter_count, place_count = len(order) + 1, len(places) + 1
    step_count = max((len(h.steps) for h in histories), default=0) + 1
    undated_day = dt.date.max.toordinal() + 1
    status_of = analysis.step_status
    keys: list[int] = []
    made: list[tuple[Post, dict, str]] = []
    undated_listed = 0
    for history in histories:
        post = history.post
        key, chapter, number_of_post, name = post.key, post.chapter, post.post, post.name or ""
        place = places[post_order(post)]
        for number, step in enumerate(history.steps):
            date = step.date
            change = step.change
            letter = change.letter
            if date is None:
                if not include_undated:
                    left_out.append(letter)
                    continue
                day = undated_day
                undated_listed += 1
            elif date not in period:
                continue
            else:
                day = date.toordinal()
            keys.append(((day * letter_count + order.get(letter, 0)) * place_count + place) * step_count + number)
            status = status_of(key, letter) or "ok"
            made.append((post, {
                "date": date, "letter": letter, "chapter": chapter, "post": number_of_post,
                "name": name, "amount": step.amount, "running": step.after,
                "note": change.note, "status": status,
            }, status))
    plain = RowKind.ROW
    items = [(post, Row(values, plain, status))
             for post, values, status in map(made.__getitem__, sorted(range(len(keys)), key=keys.__getitem__))]
    rows = sectioned_rows(items, ledger, ["amount"], "name", by_chapter=False)
    title = f"Endringer {subject(ledger)}, {period.describe()}"
    sheet = Sheet(sheet_name("Endringer", analysis, many), title, list(CHANGES_COLUMNS), rows)
    if not items:
        sheet.notes.append("No changes in the period.")
    if undated_listed:
        sheet.notes.append(f"{undated_listed} undated change{'s' if undated_listed != 1 else ''} "
                           "(the letters print no date) listed last, with no date.")
    if left_out:
        letters = ", ".join(sorted(set(left_out), key=lambda k: order.get(k, 0)))
        sheet.notes.append(f"{len(left_out)} undated change{'s' if len(left_out) != 1 else ''} "
                           f"({letters}) belong to no period and are left out; --undated lists them.")
    return sheet
