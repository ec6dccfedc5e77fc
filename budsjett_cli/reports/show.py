"""``budsjett show 765.21``: one post's history, step by step, as rows."""

from __future__ import annotations

from decimal import Decimal

from budsjett_cli.dates import norwegian_date
from budsjett_cli.ledger.history import OPENED_FROM_ALLOCATION, OPENED_FROM_PREVIOUS, History, Step
from budsjett_cli.ledger.model import Earmark, Post
from budsjett_cli.reports.model import Column, Kind, Report, Row, RowKind, Sheet, total
from budsjett_cli.reports.common import Analysis, report_meta, sheet_name, subject, unknown

SHOW_COLUMNS = [
    Column("step", "Steg"),
    Column("letter", "Brev"),
    Column("date", "Dato", Kind.DATE),
    Column("appropriation", "Bevilgning", Kind.MONEY, hide_when_empty=True, from_letters=True),
    Column("amount", "Beløp", Kind.MONEY, from_letters=True),
    Column("running", "Sum tildelt", Kind.MONEY, from_letters=True),
    Column("stated", "Oppgitt sum", Kind.MONEY, hide_when_empty=True, from_letters=True),
    Column("difference", "Avvik", Kind.MONEY, hide_when_empty=True),
    Column("earmarked", "Øremerket", Kind.MONEY, hide_when_empty=True, from_letters=True),
    Column("text", "Tekst"),
    Column("status", "Status", hide_when_empty=True),
]

STEP_ALLOCATION = "Tildeling"
STEP_OPENING = "Inngående"
STEP_CHANGE = "Endring"
STEP_CORRECTION = "Korrigering"
STEP_GAP = "Uforklart"
STEP_EARMARK = "Øremerking"
STEP_OF_WHICH = "Av dette"
STEP_TOTAL = "Sum"


def find_posts(analyses: list[Analysis], key: str) -> list[tuple[Analysis, History]]:
    """The post in each ledger that has it; ReportError when none does."""
    found = [(a, h) for a in analyses for h in a.histories if h.post.key == key]
    if not found:
        raise unknown("post", key, sorted({h.post.key for a in analyses for h in a.histories}), analyses)
    return found


def show_report(analyses: list[Analysis], key: str) -> Report:
    """``budsjett show 765.21``: the post's history step by step, one sheet per ledger that has it.

    Rows: the opening (Tildeling, or Inngående when the ledger opens
    mid-year), then each change (Endring, or Korrigering when the letter
    gives only the new total), each preceded by an Uforklart row when the
    letter's "Tidligere tildeling" differs from the running total, and each
    followed by its earmarks (Øremerking, and Av dette under them). Beløp
    adds up: the Sum row's Beløp is the sum of the Beløp column, and its
    Sum tildelt the running total at the end.
    """
    found = find_posts(analyses, key)
    many = len(found) > 1
    sheets = [_show_sheet(analysis, history, many) for analysis, history in found]
    return Report(sheets, found[0][0].ledger.unit,
                  report_meta("show", [a for a, _ in found], analyses[0].as_of, post=key))


def _show_sheet(analysis: Analysis, history: History, many: bool) -> Sheet:
    ledger, post = analysis.ledger, history.post
    rows = [_opening_row(analysis, history)]
    rows.extend(_earmark_rows(post.earmarks, 1))
    appropriation = post.appropriation.kroner if post.appropriation else None
    for index, step in enumerate(history.steps):
        rows.extend(_step_rows(analysis, post, step, appropriation, skip_gap=index == 0 and
                               history.opened_from == OPENED_FROM_PREVIOUS))
        appropriation = step.appropriation
    amounts = [r.values.get("amount") for r in rows]
    rows.append(Row({"step": STEP_TOTAL, "amount": total(amounts), "running": history.current,
                     "appropriation": history.appropriation,
                     "text": f"per {norwegian_date(analysis.as_of)}" if analysis.as_of else None}, RowKind.TOTAL))
    name = f" {post.name}" if post.name else ""
    title = f"Kap. {post.chapter} post {post.post}{name} – {subject(ledger)}"
    if analysis.as_of:
        title += f", per {norwegian_date(analysis.as_of)}"
    sheet = Sheet(sheet_name(post.key, analysis, many), title, list(SHOW_COLUMNS), rows)
    if history.left_out:
        sheet.notes.append(f"{history.left_out} later or undated change{'s' if history.left_out != 1 else ''} "
                           "left out (--as-of).")
    if history.unaccounted:
        sheet.notes.append("Uforklart: the letter's 'Tidligere tildeling' (Oppgitt sum) differs from the "
                           "running total; a letter may be missing from the ledger. The running total goes "
                           "on from the stated figure.")
    if any(s.amount is None for s in history.steps) or history.opening is None and history.steps:
        sheet.notes.append("Some figures are unknown (no opening allocation): Beløp does not add up to Sum tildelt.")
    if post.earmarks_partial or any(s.change.earmarks_partial for s in history.steps):
        sheet.notes.append("The earmarks listed are not the whole of the allocation (earmarks_partial).")
    return sheet


def _opening_row(analysis: Analysis, history: History) -> Row:
    """Tildeling (the allocation letter's figure, or none), or Inngående when the ledger opens mid-year."""
    post = history.post
    appropriation = post.appropriation.kroner if post.appropriation else None
    if history.opened_from == OPENED_FROM_PREVIOUS:
        first = history.steps[0]
        return Row({
            "step": STEP_OPENING, "letter": first.change.letter, "date": first.date,
            "appropriation": appropriation,
            "amount": history.opening, "running": history.opening, "stated": history.opening,
            "text": "tidligere tildeling oppgitt i første brev i reskontroen (åpner midt i året)",
        })
    # Findings on the post that name no letter (or the allocation letter) belong to its opening row.
    status = analysis.step_status(post.key, post.letter, None) or "ok"
    values = {"step": STEP_ALLOCATION, "letter": post.letter, "appropriation": appropriation, "status": status}
    if history.opened_from == OPENED_FROM_ALLOCATION:
        letter = analysis.ledger.letters.get(post.letter or "")
        values |= {"date": letter.date if letter else None, "amount": history.opening,
                   "running": history.opening, "text": post.note}
    else:
        values["text"] = post.note or "ingen tildeling i reskontroen"
    return Row(values, status=status)


def _step_rows(analysis: Analysis, post: Post, step: Step, appropriation: Decimal | None,
               skip_gap: bool) -> list[Row]:
    change = step.change
    rows = []
    status = analysis.step_status(post.key, change.letter)
    if step.gap and not skip_gap:
        stated = (step.before or Decimal(0)) + step.gap
        rows.append(Row({
            "step": STEP_GAP, "letter": change.letter, "date": step.date, "amount": step.gap,
            "running": stated, "stated": stated, "difference": step.gap,
            "text": "oppgitt tidligere tildeling avviker fra løpende sum: et brev kan mangle i reskontroen",
            "status": status or "error",
        }, status=status or "error"))
    stated_total = change.total.kroner if change.total else None
    difference = None
    if stated_total is not None and step.after is not None and stated_total != step.after:
        difference = stated_total - step.after
    new_appropriation = step.appropriation if step.appropriation != appropriation else None
    rows.append(Row({
        "step": STEP_CORRECTION if change.amount is None else STEP_CHANGE,
        "letter": change.letter, "date": step.date, "appropriation": new_appropriation,
        "amount": step.amount, "running": step.after, "stated": stated_total, "difference": difference,
        "text": _step_text(change), "status": status or "ok",
    }, status=status or "ok"))
    rows.extend(_earmark_rows(change.earmarks, 1))
    return rows


def _step_text(change) -> str | None:
    """The change's note, and how the appropriation moved with it when the ledger records that."""
    moved = change.appropriation_change
    if moved is None:
        return change.note
    sign = "økt" if moved.amount.kroner >= 0 else "redusert"
    text = f"bevilgningen {sign} med {'minst ' if moved.implied else ''}{moved.amount.text.lstrip('-−')}"
    if moved.source:
        text += f", jf. {moved.source}"
    return f"{change.note}; {text}" if change.note else text


def _earmark_rows(earmarks: list[Earmark], level: int) -> list[Row]:
    rows = []
    for earmark in earmarks:
        prefix = "inntil " if earmark.upto else "minst " if earmark.minimum else ""
        rows.append(Row({
            "step": STEP_EARMARK if level == 1 else STEP_OF_WHICH,
            "earmarked": earmark.amount.kroner if earmark.amount else None,
            "text": prefix + earmark.purpose,
        }, level=level))
        rows.extend(_earmark_rows(earmark.of_which, level + 1))
    return rows
