"""Properties of every export, on the bundled ledgers and on hypothesis-generated ones.

- the totals in every export equal the sum of their rows (chapter subtotals
  of their chapter's rows, section totals of their section's rows), with
  expenditure and income never added together;
- each export read back (CSV, csv-excel, JSON, XLSX) gives exactly the
  report's figures, totals included;
- on every summary row whose figures are known,
  Tildeling + Endringer + Uforklart = Sum tildelt;
- every chapter of a summary has exactly one subtotal, right after its
  rows, and the subtotals of a section add up to its total;
- a summary total row whose Bevilgning − Sum tildelt is not its Ikke
  tildelt has a note that says why (and only then);
- in the human formats each money column shows one number of decimals:
  what its finest figure needs, at most the cap.
"""

from __future__ import annotations

import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budsjett_cli.amounts import Unit, format_number
from budsjett_cli.ledger.loader import load_file
from budsjett_cli.render.report import render_report, render_to_string
from budsjett_cli.render.values import HUMAN_DECIMALS, decimals_of, display_value, human_sheets, visible_columns
from budsjett_cli.reports import (Period, analyse, changes_report, letter_report, letters_report, show_report,
                                  summary_report)
from budsjett_cli.reports.model import Kind, Report, RowKind
from conftest import LEDGER_2023, LEDGER_2024, LEDGER_2025
from reportkit import (decimals_shown, money_headers, normalised, read_csv, read_json, read_xlsx, report_rows,
                       tsv_columns)

# Running totals are not summed (their total row shows the last one, or nothing); in `show` only
# Beløp is a sum: stated totals, differences, appropriations and earmarks are not added up.
NOT_SUMMED = {"running"}
SHOW_SUMMED = {"amount"}


def assert_totals_add_up(report: Report) -> None:
    """Each subtotal is the sum of its chapter's rows in the section, each total the sum of its section's rows."""
    for sheet in report.sheets:
        money = [c.key for c in sheet.columns if c.kind is Kind.MONEY and c.key not in NOT_SUMMED]
        if report.meta.get("command") == "show":
            money = [key for key in money if key in SHOW_SUMMED]
        section = []
        for row in sheet.rows:
            if row.kind is RowKind.ROW:
                if row.level == 0:  # earmarks (level 1 and up) are parts of a step, not added
                    section.append(row)
                continue
            if row.kind is RowKind.SUBTOTAL:
                covered = [r for r in section if r.values.get("chapter") == row.values.get("chapter")]
                assert covered, row.values
            else:
                covered, section = section, []
            for key in money:
                known = [r.values.get(key) for r in covered if r.values.get(key) is not None]
                expected = sum(known, Decimal(0)) if known else None
                assert row.values.get(key) == expected, (sheet.name, row.values, key)


def assert_sections_apart(report: Report) -> None:
    for sheet in report.sheets:
        if not any(c.key == "chapter" for c in sheet.columns):
            continue
        incomes = set()
        for row in sheet.rows:
            if row.kind is RowKind.ROW and row.values.get("chapter"):
                incomes.add(int(row.values["chapter"]) >= 3000)
            if row.kind is RowKind.TOTAL:
                assert len(incomes) <= 1, "expenditure and income added together"
                incomes = set()


def assert_identity(report: Report) -> None:
    for sheet in report.sheets:
        if sheet.name.startswith("Oppsummering"):
            for row in sheet.rows:
                v = row.values
                if row.kind is RowKind.ROW and v.get("allocation") is not None and v.get("current") is not None:
                    assert v["allocation"] + v["changes"] + (v.get("unexplained") or 0) == v["current"], v


def assert_every_chapter_has_one_subtotal(report: Report) -> None:
    """Summary and summary --letter: each run of a chapter's rows is closed by that chapter's subtotal."""
    if report.meta.get("command") != "summary":
        return
    for sheet in report.sheets:
        if sheet.detail:
            continue
        rows = sheet.rows
        subtotals: list = []
        for index, row in enumerate(rows):
            chapter = row.values.get("chapter")
            if row.kind is RowKind.ROW:
                following = rows[index + 1] if index + 1 < len(rows) else None
                same_chapter = following is not None and following.values.get("chapter") == chapter
                if same_chapter and following.kind is RowKind.ROW:
                    continue
                # the chapter's last row: its subtotal comes next (not another chapter, a total or the end)
                assert following is not None and following.kind is RowKind.SUBTOTAL, ("chapter left open", row.values)
                assert following.values.get("chapter") == chapter, row.values
            elif row.kind is RowKind.SUBTOTAL:
                assert rows[index - 1].kind is RowKind.ROW and rows[index - 1].values.get("chapter") == chapter
                assert chapter not in [s.values.get("chapter") for s in subtotals], f"two subtotals for {chapter}"
                subtotals.append(row)
            else:
                for column in sheet.columns:
                    if column.kind is Kind.MONEY:
                        known = [s.values.get(column.key) for s in subtotals if s.values.get(column.key) is not None]
                        assert row.values.get(column.key) == (sum(known, Decimal(0)) if known else None), column.key
                subtotals = []


def assert_total_rows_explained(report: Report) -> None:
    """A note explains a total row whose Bevilgning − Sum tildelt differs from its Ikke tildelt, and only then."""
    for sheet in report.sheets:
        if not sheet.name.startswith("Oppsummering"):
            continue
        section = []
        for row in sheet.rows:
            if row.kind is RowKind.ROW:
                section.append(row.values)
            elif row.kind is RowKind.TOTAL:
                label = row.values["name"]
                v = {k: row.values.get(k) or 0 for k in ("appropriation", "current", "unallocated")}
                one_sided = any((r["appropriation"] is None) != (r["current"] is None) for r in section)
                noted = any(n.startswith(f"{label}: Bevilgning − Sum tildelt is") for n in sheet.notes)
                assert noted is one_sided, (label, sheet.notes)
                if not one_sided:
                    assert v["appropriation"] - v["current"] == v["unallocated"], (label, v)
                section = []


def assert_columns_line_up(report: Report) -> None:
    """In a text format each money column shows the decimals its finest figure needs, at most the cap, on every row."""
    sheet = human_sheets(report.sheets)[0]
    columns = tsv_columns(render_to_string(report, "tsv"))
    for column in visible_columns(sheet):
        if column.kind is not Kind.MONEY:
            continue
        figures = [display_value(r.values[column.key], report.unit) for r in sheet.rows
                   if r.values.get(column.key) is not None]
        wanted = min(max((decimals_of(f) for f in figures), default=0), HUMAN_DECIMALS[report.unit])
        assert decimals_shown(columns[column.header]) <= {wanted}, (column.header, columns[column.header])


def assert_round_trips(report: Report) -> None:
    headers = money_headers(report)
    expected = normalised(report_rows(report), headers)
    assert normalised(read_csv(render_to_string(report, "csv")), headers) == expected
    assert normalised(read_csv(render_to_string(report, "csv-excel"), excel=True), headers) == expected
    assert normalised(read_json(render_to_string(report, "json")), headers) == expected
    buffer = io.BytesIO()
    render_report(report, "xlsx", buffer)
    buffer.seek(0)
    assert normalised(read_xlsx(buffer), headers) == expected


def every_report(analysis) -> list[Report]:
    reports = [summary_report([analysis]), letters_report([analysis]), changes_report([analysis])]
    for letter_id in analysis.ledger.letters:
        reports.append(letter_report([analysis], letter_id))
    for history in analysis.histories[:5]:
        reports.append(show_report([analysis], history.post.key))
    return reports


def assert_every_property(report):
    """What every report must hold, whatever the ledger and the unit."""
    assert_totals_add_up(report)
    assert_sections_apart(report)
    assert_identity(report)
    assert_every_chapter_has_one_subtotal(report)
    assert_total_rows_explained(report)
    assert_columns_line_up(report)
    assert_round_trips(report)


@pytest.mark.parametrize("path", [LEDGER_2023, LEDGER_2024, LEDGER_2025])
@pytest.mark.parametrize("unit", [Unit.KR, Unit.THOUSAND, Unit.MILLION])
def test_bundled_ledgers_add_up_and_round_trip(path, unit):
    analysis = analyse(load_file(path))
    for report in every_report(analysis):
        report.unit = unit
        assert_every_property(report)


# -- generated ledgers --------------------------------------------------------------------

amounts = st.integers(min_value=-5_000_000, max_value=5_000_000)
positive = st.integers(min_value=0, max_value=50_000_000)


@st.composite
def ledgers(draw) -> str:
    unit = draw(st.sampled_from(["kr", "1000 kr", "mill. kr"]))
    letters = draw(st.integers(min_value=1, max_value=4))
    dated = [draw(st.booleans()) for _ in range(letters)]
    lines = ["year: 2023", "agency: Prøve", f"unit: {unit}", "letters:", "  TB: {title: Tildelingsbrev}"]
    for i in range(letters):
        lines.append(f"  T{i}: {{date: 2023-{i + 2:02d}-15}}" if dated[i] else f"  T{i}: {{title: udatert}}")
    lines.append("chapters:")
    chapters = draw(st.lists(st.sampled_from([702, 714, 765, 2711, 3714, 3740, 5572]), min_size=1, max_size=4,
                             unique=True))
    for chapter in chapters:
        lines += [f"  {chapter}:", "    posts:"]
        posts = draw(st.lists(st.sampled_from([1, 21, 60, 70, 79]), min_size=1, max_size=3, unique=True))
        for post in posts:
            lines.append(f"      {post:02d}:")
            lines.append(f"        name: Post {post}")
            if draw(st.booleans()):
                lines.append(f"        appropriation: \"{_amount(draw(positive), draw(st.integers(0, 2)))}\"")
            has_allocation = draw(st.booleans())
            running = draw(positive)
            if has_allocation:
                lines += [f"        allocation: \"{_amount(running, draw(st.integers(0, 2)))}\"", "        letter: TB"]
            changes = draw(st.lists(st.tuples(st.integers(0, letters - 1), amounts, st.booleans(), st.booleans()),
                                    max_size=3))
            if changes:
                lines.append("        changes:")
            for letter, amount, state_previous, gap in changes:
                entry = f"          - {{letter: T{letter}, amount: \"{_amount(amount, 0)}\""
                if state_previous and has_allocation:
                    previous = running + (draw(amounts) if gap else 0)
                    entry += f", previous: \"{_amount(previous, 0)}\""
                    running = previous
                running += amount
                lines.append(entry + "}")
    return "\n".join(lines) + "\n"


def _amount(value: int, decimals: int) -> str:
    """A figure in the ledger's unit, sometimes with decimals ("3 624,4")."""
    return format_number(Decimal(value).scaleb(-decimals), minus="-")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ledgers(), unit=st.sampled_from([Unit.KR, Unit.THOUSAND, Unit.MILLION]))
def test_generated_ledgers_add_up_and_round_trip(text, unit):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ledger.yaml"
        path.write_text(text, encoding="utf-8")
        analysis = analyse(load_file(path))
    reports = every_report(analysis) + [changes_report([analysis], Period(None, None), undated=True)]
    for report in reports:
        report.unit = unit
        assert_every_property(report)
