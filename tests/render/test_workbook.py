"""The workbooks calculate: SUBTOTAL formulas with their values stored, numbers as numbers, Norwegian sheets,
conditional formats, a chart sheet and a long-format sheet; read back with openpyxl (and LibreOffice when present)."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from budsjett_cli.actuals.accounts import read_accounts
from budsjett_cli.actuals.reconciliation import hide_empty, reconcile
from budsjett_cli.ledger.loader import load_file
from conftest import DATA

LEDGER = str(DATA / "chapters.yaml")
ACCOUNTS = str(DATA / "example-accounts-2023-made-up.csv")


@pytest.fixture(scope="module")
def summary_book(tmp_path_factory):
    from click.testing import CliRunner

    from budsjett_cli.cli import cli

    path = tmp_path_factory.mktemp("book") / "summary.xlsx"
    assert CliRunner().invoke(cli, ["summary", LEDGER, "-o", str(path)]).exit_code == 0
    return path


@pytest.fixture(scope="module")
def actuals_book(tmp_path_factory):
    from click.testing import CliRunner

    from budsjett_cli.cli import cli

    path = tmp_path_factory.mktemp("book") / "actuals.xlsx"
    CliRunner().invoke(cli, ["actuals", LEDGER, ACCOUNTS, "--carry-over", "-o", str(path)])
    return path


def _column(ws, header: str) -> int:
    return [c.value for c in ws[2]].index(header) + 1


def test_subtotals_and_totals_are_formulas_with_their_values_stored(summary_book):
    formulas = openpyxl.load_workbook(summary_book)["Oppsummering"]
    values = openpyxl.load_workbook(summary_book, data_only=True)["Oppsummering"]
    column = _column(formulas, "Sum tildelt (1000 kr)")
    names = {row: formulas.cell(row, 3).value for row in range(3, formulas.max_row + 1)}
    subtotal = next(row for row, name in names.items() if name == "Sum kap. 702")
    assert formulas.cell(subtotal, column).value.startswith("=SUBTOTAL(9,")
    first, last = (int(ref[1:]) for ref in formulas.cell(subtotal, column).value[12:-1].split(":"))
    assert values.cell(subtotal, column).value == sum(values.cell(r, column).value or 0 for r in range(first, last + 1))
    assert values.cell(subtotal, column).value == 132657
    total = next(row for row, name in names.items() if name == "Sum utgifter")
    assert formulas.cell(total, column).value.startswith("=SUBTOTAL(9,")
    plain = [r for r in range(3, total) if isinstance(formulas.cell(r, 2).value, int)]
    assert Decimal(str(values.cell(total, column).value)) == sum(
        (Decimal(str(values.cell(r, column).value)) for r in plain if values.cell(r, column).value is not None),
        Decimal(0))


def test_kap_and_post_are_numbers_with_the_leading_zero_kept_and_no_technical_column(summary_book):
    ws = openpyxl.load_workbook(summary_book)["Oppsummering"]
    assert "Radtype" not in [c.value for c in ws[2]]
    cell = next(row for row in ws.iter_rows(min_row=3) if row[0].value == 740)
    assert cell[1].value == 1 and cell[1].number_format == "00" and cell[0].number_format == "0"


def test_conditional_formats_colour_status_and_negative_remaining(summary_book, actuals_book):
    ws = openpyxl.load_workbook(summary_book)["Oppsummering"]
    rules = {str(area.sqref): [r.type for r in rules] for area, rules in ws.conditional_formatting._cf_rules.items()}
    status = next(v for k, v in rules.items() if k.startswith(openpyxl.utils.get_column_letter(_column(ws, "Status"))))
    assert status == ["cellIs"] * 4
    assert any(k.startswith(openpyxl.utils.get_column_letter(_column(ws, "Ikke tildelt (1000 kr)"))) for k in rules)
    ws = openpyxl.load_workbook(actuals_book)["Regnskap"]
    share = openpyxl.utils.get_column_letter(_column(ws, "Andel"))
    types = [r.type for area, rs in ws.conditional_formatting._cf_rules.items() if str(area.sqref).startswith(share)
             for r in rs]
    assert types == ["dataBar"]


def test_actuals_sheets_are_norwegian_with_a_chart_and_a_long_format_sheet(actuals_book):
    book = openpyxl.load_workbook(actuals_book, data_only=True)
    assert book.sheetnames == ["Regnskap", "Diagram", "Utenfor", "Funn", "Per måned"]
    chart_sheet = book["Diagram"]
    assert len(chart_sheet._charts) == 1
    assert [c.value for c in chart_sheet[2]][:3] == ["Kapittel", "Sum tildelt (1000 kr)", "Regnskap hittil (1000 kr)"]
    assert chart_sheet["A3"].value.startswith("Kap. ") and isinstance(chart_sheet["B5"].value, (int, float))
    ledger = load_file(LEDGER)
    rec = reconcile(ledger, read_accounts(ACCOUNTS, ledger.year), orgnr=ledger.orgnr, carry_over=True)
    hide_empty(rec)  # as the command does without --empty
    long = book["Per måned"]
    rows = [[c.value for c in row] for row in long.iter_rows(min_row=3) if isinstance(row[0].value, int)]
    assert len(rows) == len(rec.lines) * rec.to_month
    months = {r[3] for r in rows}
    assert months == {f"2023-{m:02d}" for m in range(1, rec.to_month + 1)}
    line = next(line for line in rec.lines if line.to_date)
    last = next(r for r in rows if (r[0], r[1], r[3]) == (int(line.post.chapter), int(line.post.post),
                                                             f"2023-{rec.to_month:02d}"))
    assert Decimal(f"{last[5]:.15g}") * 1000 == line.to_date
    assert Decimal(f"{last[6]:.15g}") * 1000 == line.allocation


_OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(_OFFICE is None, reason="LibreOffice (libreoffice-calc) not installed")
# LibreOffice keeps the values stored in an .xlsx unless told to recalculate on load: "always" (0).
_RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def recalculated(book, tmp_path):
    """The workbook as LibreOffice calculates it: every formula computed again on load, saved, read back."""
    home = tmp_path / "home"
    profile = home / ".config" / "libreoffice" / "4" / "user"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "registrymodifications.xcu").write_text(_RECALCULATE_ON_LOAD, encoding="utf-8")
    out = tmp_path / "recalculated"
    subprocess.run([_OFFICE, "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(book)],
                   check=True, capture_output=True, timeout=180, env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    return openpyxl.load_workbook(out / book.name, data_only=True)


def _every_number_alike(ours, theirs) -> int:
    compared = 0
    for name in ours.sheetnames:
        for row in ours[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    assert theirs[name][cell.coordinate].value == pytest.approx(cell.value), (name, cell.coordinate)
                    compared += 1
    return compared


@needs_office
def test_libreoffice_recalculates_the_same_totals(summary_book, tmp_path):
    ours = openpyxl.load_workbook(summary_book, data_only=True)
    theirs = recalculated(summary_book, tmp_path)
    assert theirs.sheetnames == ours.sheetnames
    assert _every_number_alike(ours, theirs) > 500


@needs_office
def test_libreoffice_recalculates_every_figure_of_the_actuals_workbook(tmp_path):
    """Every sheet of ``actuals --monthly --carry-over`` (formulas, the chart sheet's links) recalculated the same."""
    from click.testing import CliRunner

    from budsjett_cli.cli import cli

    book = tmp_path / "actuals.xlsx"
    CliRunner().invoke(cli, ["actuals", LEDGER, ACCOUNTS, "--monthly", "--carry-over", "-o", str(book)])
    ours = openpyxl.load_workbook(book, data_only=True)
    theirs = recalculated(book, tmp_path)
    assert "Måned for måned" in ours.sheetnames and theirs.sheetnames == ours.sheetnames
    assert _every_number_alike(ours, theirs) > 1000


@needs_office
def test_the_recalculation_catches_a_wrong_stored_value(summary_book, tmp_path):
    """The control: a total stored wrong is calculated right by LibreOffice, so the tests above can fail."""
    import re
    import zipfile

    with zipfile.ZipFile(summary_book) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    xml = parts[sheet].decode("utf-8")
    xml, count = re.subn(r"(<f>SUBTOTAL\(9,[^<]*\)</f><v>)([^<]*)(</v>)", r"\g<1>123456789\g<3>", xml, count=1)
    assert count == 1
    parts[sheet] = xml.encode("utf-8")
    tampered = tmp_path / "tampered.xlsx"
    with zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    ours = openpyxl.load_workbook(tampered, data_only=True)
    with pytest.raises(AssertionError):
        _every_number_alike(ours, recalculated(tampered, tmp_path))


def test_monthly_subtotals_sum_their_own_measure(tmp_path):
    """In --monthly's sheet a post has a Regnskap and a Tildelt row; each subtotal sums the post rows of its own."""
    from click.testing import CliRunner

    from budsjett_cli.cli import cli

    book = tmp_path / "monthly.xlsx"
    CliRunner().invoke(cli, ["actuals", LEDGER, ACCOUNTS, "--monthly", "-o", str(book)])
    formulas = openpyxl.load_workbook(book)["Måned for måned"]
    values = openpyxl.load_workbook(book, data_only=True)["Måned for måned"]
    header = [c.value for c in formulas[2]]
    months = [i + 1 for i, text in enumerate(header) if text and text.endswith("(1000 kr)")]
    checked = 0
    for row in range(3, formulas.max_row + 1):
        if formulas.cell(row, 2).value is not None or not str(formulas.cell(row, 3).value or "").startswith("Sum"):
            continue
        measure = formulas.cell(row, 4).value
        for column in months:
            formula = formulas.cell(row, column).value
            if formula is None and measure == "Tildelt" and header[column - 1].startswith("Hittil"):
                continue   # the year so far is of what was booked only
            assert isinstance(formula, str) and formula.startswith("=SUMIFS("), (row, column, formula)
            first, last = (int(re.sub(r"\D", "", ref)) for ref in formula.split(",")[0][8:].split(":"))
            expected = sum(Decimal(str(values.cell(r, column).value or 0)) for r in range(first, last + 1)
                           if formulas.cell(r, 2).value is not None and formulas.cell(r, 4).value == measure)
            assert Decimal(str(values.cell(row, column).value)) == pytest.approx(expected)
            checked += 1
    assert checked > 100


def test_only_figures_from_the_letters_are_marked_to_check_against_them(actuals_book):
    """Odd decimals in Sum tildelt (typed from a letter) are marked; computed ones (Gjenstår, Kan overføres) are not."""
    ws = openpyxl.load_workbook(actuals_book)["Regnskap"]
    header = [c.value for c in ws[2]]
    marked = {header[c.column - 1] for row in ws.iter_rows(min_row=3) for c in row if c.comment is not None}
    assert marked == {"Sum tildelt (1000 kr)"}
    comment = next(c.comment.text for row in ws.iter_rows(min_row=3) for c in row if c.comment is not None)
    assert comment.startswith("Tallet har 1 desimal;")
