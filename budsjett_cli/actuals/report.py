"""A reconciliation as a ``tables.Report``: what ``budsjett actuals`` shows and exports.

One main sheet, ``actuals``: every post of the ledger, expenses then
income, each by chapter and post with a subtotal for every chapter and a
total, as every report sections its rows
(``reports.common.sectioned_rows``). Two detail sheets (xlsx and json only):
``outside`` (the agency's bookings on chapters/posts the ledger does not
have) and ``findings``. Column keys are stable (docs/monthly-reconciliation.md).
"""

from __future__ import annotations

from decimal import Decimal

from budsjett_cli.actuals.accounts import LAYOUT_DFO
from budsjett_cli.actuals.forecast import METHOD as FORECAST_METHOD
from budsjett_cli.amounts import Unit, shown_amount
from budsjett_cli.actuals.monthly import MonthFigures, all_months, months_of
from budsjett_cli.dates import month_name, month_short, year_elapsed
from budsjett_cli.findings import Severity
from budsjett_cli.ledger.orgnr import format_orgnr
from budsjett_cli.actuals.reconciliation import CARRY_OVER_CITATION, OutsideLine, PostLine, Reconciliation, share
from budsjett_cli.reports.common import sectioned_rows
from budsjett_cli.reports.findings import findings_sheet
from budsjett_cli.reports.model import Column, Kind, Report, Row, Sheet

FORMAT_NOTE = "budsjett-actuals/1"
YEAR_ELAPSED_RULE = ("the share of the year gone at the end of the last month reconciled (--to-month, else the "
                     "accounts' last month), in whole months: months / 12, so October is 83,3 %.")
# The money columns a subtotal or total adds up; remaining and share are derived from them.
MAIN_SUMS = ["month", "to_date", "allocation", "carry_over", "forecast"]


def main_columns(month_name: str, forecast: bool = False) -> list[Column]:
    """The main sheet's columns; with ``forecast`` the run-rate projection and what it leaves (``--forecast``)."""
    return [
        Column("chapter", "Kap."),
        Column("post", "Post"),
        Column("name", "Postnavn"),
        Column("month", f"Regnskap {month_name}", Kind.MONEY),
        Column("to_date", "Regnskap hittil", Kind.MONEY),
        Column("allocation", "Sum tildelt", Kind.MONEY, from_letters=True),
        Column("remaining", "Gjenstår", Kind.MONEY),
        Column("share", "Andel", Kind.PERCENT),
        Column("year_elapsed", "Andel av året", Kind.PERCENT),
        Column("status", "Status"),
        Column("note", "Merknad", hide_when_empty=True),
        Column("carry_over", "Kan overføres", Kind.MONEY, hide_when_empty=True),
        Column("carry_over_rule", "Overføringsregel", hide_when_empty=True),
    ] + ([Column("forecast", "Prognose årsslutt", Kind.MONEY),
          Column("forecast_remaining", "Prognose gjenstår", Kind.MONEY)] if forecast else [])


OUTSIDE_COLUMNS = [
    Column("chapter", "Kap."),
    Column("post", "Post"),
    Column("name", "Postnavn i regnskapet"),
    Column("month", "Regnskap måned", Kind.MONEY),
    Column("to_date", "Regnskap hittil", Kind.MONEY),
    Column("rows", "Rader", Kind.INTEGER),
    Column("first_line", "Første linje", Kind.INTEGER),
    Column("status", "Status"),
    Column("note", "Merknad"),
]

def _main_rows_elapsed(rows: list[Row], elapsed: Decimal) -> list[Row]:
    """The share of the year gone beside every share used, to compare the two at a glance."""
    for row in rows:
        row.values["year_elapsed"] = elapsed if row.values.get("share") is not None else None
    return rows


def actuals_report(rec: Reconciliation, unit: Unit, exit_code: int, strict: bool, monthly: bool = False) -> Report:
    """The report of one reconciliation, money shown in ``unit``; with ``monthly`` the month-by-month sheet too.

    ``unit`` is the unit the report will be shown in (--unit, else the
    ledger's): the Merknad of a post whose unused allocation covers another
    post's excess names the amount in it.
    """
    month_name = rec.month_name
    main = Sheet(
        name="actuals",
        title=(f"Regnskap mot tildeling {rec.ledger.year}, {_agency_label(rec)}, "
               f"hittil i år til og med {month_name}"),
        columns=main_columns(month_name, forecast=any(line.forecast is not None for line in rec.lines)),
        rows=_main_rows_elapsed(_main_rows(rec, unit), year_elapsed(rec.to_month)),
        notes=_notes(rec),
    )
    outside = Sheet(
        name="outside",
        title="Regnskapsført på kapitler og poster som ikke er i ledgeren",
        columns=list(OUTSIDE_COLUMNS),
        rows=[_outside_row(line) for line in rec.outside],
        detail=True,
    )
    findings = findings_sheet(rec.findings, "findings", "Funn")
    figures = all_months(rec)  # once, for the long sheet and --monthly's
    sheets = [main, outside, findings, monthly_sheet(rec, figures)]
    if monthly:
        main.detail = True  # the month-by-month table is the one the text formats and CSV show
        sheets.append(by_month_sheet(rec, figures))
    return Report(sheets=sheets, unit=unit, meta=_meta(rec, exit_code, strict, monthly))


MONTHLY_COLUMNS = [
    Column("chapter", "Kap."),
    Column("post", "Post"),
    Column("name", "Postnavn"),
    Column("period", "Periode"),
    Column("month", "Regnskap i måneden", Kind.MONEY),
    Column("to_date", "Regnskap hittil", Kind.MONEY),
    Column("allocation", "Sum tildelt ved månedsslutt", Kind.MONEY, from_letters=True),
]


def monthly_sheet(rec: Reconciliation, figures: dict[str, list[MonthFigures]] | None = None) -> Sheet:
    """Long format for a pivot table: one row per post and month, spending and the allocation at the month's end."""
    figures = figures if figures is not None else all_months(rec)
    rows = [Row({"chapter": line.post.chapter, "post": line.post.post, "name": line.post.name or "",
                 "period": f"{rec.ledger.year}-{m.month:02d}", "month": m.spent, "to_date": m.to_date,
                 "allocation": m.allocation})
            for line in rec.lines for m in figures[line.key]]
    return Sheet("monthly", f"Regnskap og tildeling per post og måned {rec.ledger.year} (langt format)",
                 list(MONTHLY_COLUMNS), rows, detail=True)


SPENT, ALLOCATED = "Regnskap", "Tildelt"


def month_key(month: int) -> str:
    """The stable key of a month's column in ``--monthly``: "m01" to "m12" ("m13", the closing period)."""
    return f"m{month:02d}"


def by_month_columns(months: list[int]) -> list[Column]:
    """``--monthly``'s columns: the post, which figure the row holds, one column per month, the year so far."""
    return ([Column("chapter", "Kap."), Column("post", "Post"), Column("name", "Postnavn"),
             Column("measure", "Tall")]
            + [Column(month_key(m), month_short(m), Kind.MONEY) for m in months]
            + [Column("to_date", "Hittil", Kind.MONEY), Column("share", "Andel", Kind.PERCENT),
               Column("year_elapsed", "Andel av året", Kind.PERCENT)])


def by_month_sheet(rec: Reconciliation, figures: dict[str, list[MonthFigures]] | None = None) -> Sheet:
    """Budget against actuals month by month (``--monthly``), as ``hledger bal --budget -M`` shows it.

    Two rows a post: ``Regnskap``, what was booked in each month (with the
    year so far and its share of the allocation), and ``Tildelt``, the
    allocation as it stood at each month's end. Chapter subtotals and the
    section totals, as every report, of each of the two.
    """
    figures_by_post = figures if figures is not None else all_months(rec)
    months = months_of(rec)
    keys = [month_key(m) for m in months]
    spent_items, allocated_items = [], []
    for line in rec.lines:
        figures = figures_by_post[line.key]
        head = {"chapter": line.post.chapter, "post": line.post.post, "name": line.post.name}
        spent_items.append((line.post, Row({**head, "measure": SPENT, "to_date": line.to_date,
                                            **{month_key(m.month): m.spent for m in figures}},
                                           status=line.severity)))
        allocated_items.append((line.post, Row({**head, "measure": ALLOCATED,
                                                **{month_key(m.month): m.allocation for m in figures}})))
    spent = sectioned_rows(spent_items, rec.ledger, keys + ["to_date"], "name")
    allocated = sectioned_rows(allocated_items, rec.ledger, keys, "name")
    elapsed = year_elapsed(rec.to_month)
    rows = []
    for spent_row, allocated_row in zip(spent, allocated):
        spent_row.values["measure"], allocated_row.values["measure"] = SPENT, ALLOCATED
        used = share(spent_row.values["to_date"] or Decimal(0), allocated_row.values[keys[-1]])
        spent_row.values["share"] = used
        spent_row.values["year_elapsed"] = elapsed if used is not None else None
        rows += [spent_row, allocated_row]
    return Sheet(
        "by_month",
        f"Regnskap og tildeling måned for måned {rec.ledger.year}, {_agency_label(rec)}, til og med {rec.month_name}",
        by_month_columns(months), rows,
        notes=[f"Regnskap: booked in each month (income posts: income, positive); Tildelt: the allocation as it "
               f"stood at each month's end (from the ledger's dated changes). Andel: Hittil of the allocation at "
               f"the end of {rec.month_name}; Andel av året: {YEAR_ELAPSED_RULE}"])


def _main_rows(rec: Reconciliation, unit: Unit) -> list[Row]:
    """Expenses, then income, each by chapter and post with chapter subtotals and a total, as every report."""
    items = [(line.post, _post_row(line, unit)) for line in rec.lines]
    return sectioned_rows(items, rec.ledger, MAIN_SUMS, "name", finish=_finish_sum)


def note_text(line: PostLine, unit: Unit) -> str | None:
    """The row's Merknad: why its status is not ok, and what its unused allocation covers elsewhere.

    "1 800 dekket overskridelse på 714.70" on 714.21 explains why its
    carry-over is Gjenstår less 1 800: that much of what remains has paid
    for 714.70's excess (kan nyttes under). The amount is in ``unit``.
    """
    parts = [line.note] if line.note else []
    if line.forecast_over:
        parts.append("prognosen passerer tildelingen")
    parts += [f"{shown_amount(amount, unit)} dekket overskridelse på {key}" for key, amount in line.lent_to]
    return "; ".join(parts) or None


def _post_row(line: PostLine, unit: Unit) -> Row:
    status = line.severity
    if line.forecast_over and status in (None, "ok", "info"):
        status = "warning"   # as its forecast-over finding: the row says what the findings say
    return Row({
        "chapter": line.post.chapter,
        "post": line.post.post,
        "name": line.post.name,
        "month": line.month,
        "to_date": line.to_date,
        "allocation": line.allocation,
        "remaining": line.remaining,
        "share": line.share,
        "status": status,
        "note": note_text(line, unit),
        "carry_over": line.carry.amount if line.carry else None,
        "carry_over_rule": line.carry.rule_text if line.carry else None,
        "forecast": line.forecast,
        "forecast_remaining": (line.allocation - line.forecast
                               if line.forecast is not None and line.allocation is not None else None),
    }, status=status)


def _finish_sum(row: Row, covered: list[Row]) -> None:
    """What remains and the share used, of the summed allocation; the row is marked by its worst problem.

    Remaining is the summed allocation less all spending, also on posts
    without an allocation (so a subtotal is not the sum of the Gjenstår
    above it when such a post has bookings).
    """
    values = row.values
    allocation, to_date = values["allocation"], values["to_date"]
    values["remaining"] = None if allocation is None else allocation - to_date
    values["share"] = share(to_date, allocation)
    if values.get("forecast") is not None and allocation is not None:
        values["forecast_remaining"] = allocation - values["forecast"]
    statuses = {r.status for r in covered}
    row.status = next((s for s in ("error", "warning") if s in statuses), None)


def _notes(rec: Reconciliation) -> list[str]:
    accounts = rec.accounts
    layout = "DFØ statsregnskapet" if accounts.layout == LAYOUT_DFO else "simple export"
    notes = [
        f"Accounts: {accounts.path} ({layout}, {accounts.encoding}), {rec.ledger.year} to {rec.period}; "
        f"{_agency_note(rec)}.",
        f"Allocations as of {rec.as_of.isoformat()} from {rec.ledger.path}: "
        + ("changes from undated letters counted (--count-undated)." if rec.count_undated else
           "changes dated up to then; an undated letter's change counts once a later change of the "
           "same post is dated."),
        "Expense posts: spending, debit positive. Income posts (chapters 3000 and up): income shown "
        "positive, against the income target.",
    ]
    if rec.left_out_undated and not rec.count_undated:
        total_changes = sum(rec.left_out_undated.values())
        notes.append(f"Not counted: {total_changes} change{'s' if total_changes != 1 else ''} from undated "
                     f"letters ({', '.join(rec.left_out_undated)}); date the letters in the ledger or use "
                     "--count-undated.")
    if rec.left_out_later:
        notes.append(f"Not counted: {rec.left_out_later} change{'s' if rec.left_out_later != 1 else ''} "
                     f"dated after {rec.as_of.isoformat()}.")
    if rec.later_months:
        months = ", ".join(f"{rec.ledger.year}{m:02d}" for m in rec.later_months)
        notes.append(f"Not counted: bookings in later months ({months}).")
    if rec.months_without_rows:
        months = ", ".join(month_name(m) for m in rec.months_without_rows)
        notes.append(f"No rows for the agency in: {months}.")
    shown_outside = [line for line in rec.outside if not line.ignored]
    if shown_outside:
        notes.append(f"{len(shown_outside)} chapter/post{'s' if len(shown_outside) != 1 else ''} outside the "
                     f"ledger with bookings: {', '.join(line.key for line in shown_outside)} (see the findings).")
    ignored = [line.key for line in rec.outside if line.ignored]
    if ignored:
        notes.append(f"Bookings outside the ledger left out with --ignore: {', '.join(ignored)} (listed in the "
                     "'outside' sheet of xlsx and json).")
    if accounts.problems:
        notes.append(f"{len(accounts.problems)} bad row{'s' if len(accounts.problems) != 1 else ''} skipped "
                     "(--skip-bad-rows): the figures leave them out.")
    notes.append(f"Andel av året: {YEAR_ELAPSED_RULE}")
    if rec.empty_hidden:
        count = len(rec.empty_hidden)
        notes.append(f"{count} post{'s' if count != 1 else ''} with nothing to show (no allocation, nothing booked) "
                     f"left out: {', '.join(rec.empty_hidden)} (--empty shows them).")
    if any(line.forecast is not None for line in rec.lines):
        notes.append(FORECAST_METHOD)
    if rec.carry_over:
        notes.append(CARRY_OVER_CITATION)
        if rec.to_month < 12:
            notes.append(f"Carry-over is an estimate from the figures to {rec.period}, before the year is closed.")
    return notes


def _agency_label(rec: Reconciliation) -> str:
    """The agency as the title names it: "Helsedirektoratet (983 544 622)"."""
    name = rec.agency or "the agency"
    return f"{name} ({format_orgnr(rec.orgnr)})" if rec.orgnr else name


def _agency_note(rec: Reconciliation) -> str:
    name = rec.agency or "the agency"
    if rec.agency_chosen == "file has no agency column":
        return f"agency {name}: the file has no agency column, so every row counts"
    how = {"ledger": "orgnr from the ledger", "option": "--virksomhet",
           "only agency in file": "the only agency in the file"}.get(rec.agency_chosen, rec.agency_chosen)
    return f"agency {name}, orgnr {format_orgnr(rec.orgnr)} ({how})"


def _outside_row(line: OutsideLine) -> Row:
    actuals = line.actuals
    return Row({
        "chapter": actuals.chapter,
        "post": actuals.post,
        "name": actuals.name,
        "month": line.month,
        "to_date": line.to_date,
        "rows": actuals.rows,
        "first_line": actuals.first_line,
        "status": "info" if line.ignored else "warning",
        "note": "ignorert (--ignore)" if line.ignored else "ikke i ledgeren",
    }, status="info" if line.ignored else "warning")


def _meta(rec: Reconciliation, exit_code: int, strict: bool, monthly: bool) -> dict:
    accounts = rec.accounts
    return {
        "command": "actuals",
        "actuals_format": FORMAT_NOTE,
        "ledger": rec.ledger.path,
        "year": rec.ledger.year,
        "agency": {
            "orgnr": rec.orgnr,
            "orgnr_formatted": format_orgnr(rec.orgnr) if rec.orgnr else None,
            "name": rec.agency,
            "chosen_by": rec.agency_chosen,
        },
        "accounts": {
            "file": accounts.path,
            "layout": accounts.layout,
            "encoding": accounts.encoding,
            "rows": accounts.rows,
            "bad_rows": len(accounts.problems),
            "months": [f"{rec.ledger.year}{m:02d}" for m in sorted(accounts.months)],
            "other_years": {str(y): n for y, n in sorted(accounts.other_years.items())},
        },
        "to_month": rec.period,
        "as_of": rec.as_of.isoformat(),
        "count_undated": rec.count_undated,
        "carry_over": rec.carry_over,
        "monthly": monthly,
        "year_elapsed": str(year_elapsed(rec.to_month)),
        "empty_hidden": list(rec.empty_hidden),
        "changes_left_out": {
            "undated": dict(rec.left_out_undated) if not rec.count_undated else {},
            "later": rec.left_out_later,
        },
        "months_without_rows": [f"{rec.ledger.year}{m:02d}" for m in rec.months_without_rows],
        "summary": {
            "errors": rec.count(Severity.ERROR),
            "warnings": rec.count(Severity.WARNING),
            "info": rec.count(Severity.INFO),
            "strict": strict,
            "exit_code": exit_code,
        },
    }
