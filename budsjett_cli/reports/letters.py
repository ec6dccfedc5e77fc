"""``budsjett letters``: the letters in the ledger and how much each changed."""

from __future__ import annotations

from decimal import Decimal

from budsjett_cli.dates import norwegian_date
from budsjett_cli.ledger.history import OPENED_FROM_ALLOCATION
from budsjett_cli.reports.model import Column, Kind, Report, Row, RowKind, Sheet, total
from budsjett_cli.reports.common import Analysis, report_meta, sheet_name, subject

LETTERS_COLUMNS = [
    Column("letter", "Brev"),
    Column("title", "Tittel"),
    Column("date", "Dato", Kind.DATE),
    Column("ref", "Ref."),
    Column("posts", "Poster", Kind.INTEGER),
    Column("expenditure", "Endring utgifter", Kind.MONEY, from_letters=True),
    Column("income", "Endring inntekter", Kind.MONEY, from_letters=True),
    Column("status", "Status"),
]


def letters_report(analyses: list[Analysis]) -> Report:
    """``budsjett letters``: each letter with its date, reference and how much it changed.

    Expenditure and income are two columns, never added. For the allocation
    letter the change is the original allocations it gave. Letters are in
    ledger order (the order they were recorded in).
    """
    many = len(analyses) > 1
    sheets = [_letters_sheet(analysis, many) for analysis in analyses]
    return Report(sheets, analyses[0].ledger.unit, report_meta("letters", analyses, analyses[0].as_of))


def _letters_sheet(analysis: Analysis, many: bool) -> Sheet:
    ledger = analysis.ledger
    sums: dict[str, dict[bool, list[Decimal]]] = {k: {False: [], True: []} for k in ledger.letters}
    touched: dict[str, set[str]] = {k: set() for k in ledger.letters}
    for history in analysis.histories:
        post = history.post
        if post.letter in sums and history.opened_from == OPENED_FROM_ALLOCATION:
            sums[post.letter][post.is_income].append(history.opening)
            touched[post.letter].add(post.key)
        for step in history.steps:
            letter_id = step.change.letter
            if letter_id in sums:
                touched[letter_id].add(post.key)
                if step.amount is not None:
                    sums[letter_id][post.is_income].append(step.amount)
    rows = []
    for letter_id, letter in ledger.letters.items():
        status = analysis.letter_status(letter_id)
        rows.append(Row({
            "letter": letter_id, "title": letter.title or "", "date": letter.date, "ref": letter.ref,
            "posts": len(touched[letter_id]),
            "expenditure": total(sums[letter_id][False]), "income": total(sums[letter_id][True]),
            "status": status,
        }, status=status))
    rows.append(Row({
        "title": "Sum", "posts": sum(r.values["posts"] for r in rows),
        "expenditure": total([r.values["expenditure"] for r in rows]),
        "income": total([r.values["income"] for r in rows]),
    }, RowKind.TOTAL))
    title = f"Brev {subject(ledger)}"
    if analysis.as_of:
        title += f", per {norwegian_date(analysis.as_of)}"
    sheet = Sheet(sheet_name("Brev", analysis, many), title, list(LETTERS_COLUMNS), rows)
    undated = [k for k, v in ledger.letters.items() if v.date is None]
    received = [k for k in undated if ledger.letters[k].received is not None]
    if undated:
        sheet.notes.append(f"Undated (the letters print no date): {', '.join(undated)}."
                           + (f" Dated by the day received: {', '.join(received)}." if received else ""))
    sheet.notes.append("For the allocation letter, the change is the allocation it gives. "
                       "Poster counts the posts a letter allocates to or changes.")
    if any(h.unaccounted for h in analysis.histories):
        sheet.notes.append("Allocation that no letter in the ledger explains (chain gaps) is in no row: "
                           "see Uforklart in budsjett summary.")
    return sheet
