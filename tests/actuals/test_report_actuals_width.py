"""`budsjett actuals` (with and without --carry-over) on an 80- and a 200-column terminal: no figure cut or wrapped.

The bundled 2023 ledger against the made-up example accounts, as in
docs/monthly-reconciliation.md. On 80 columns each post takes two lines
(its name, then its figures), and with --carry-over three: Kan overføres and
the rule do not fit beside the other figures, so they get a line of their own.
"""

from __future__ import annotations


import pytest
from rich.cells import cell_len

from budsjett_cli.actuals.accounts import read_accounts
from budsjett_cli.actuals.report import actuals_report
from budsjett_cli.ledger.loader import load_file
from budsjett_cli.actuals.reconciliation import reconcile
from budsjett_cli.reports.model import Kind
from reportkit import figures_shown, render_at
from conftest import DATA

ACCOUNTS = DATA / "example-accounts-2023-made-up.csv"


@pytest.fixture(scope="module")
def reports(late_letter_ledger_2023):
    # TTB2023-44..52 received in November: in October 714.21 covers 714.70's excess (a third line)
    ledger = load_file(late_letter_ledger_2023)
    accounts = read_accounts(str(ACCOUNTS), ledger.year)
    out = {}
    for carry_over in (False, True):
        rec = reconcile(ledger, accounts, orgnr=ledger.orgnr, orgnr_from="ledger", carry_over=carry_over)
        out[carry_over] = actuals_report(rec, ledger.unit, exit_code=1, strict=False)
    return out


@pytest.mark.parametrize("carry_over", [False, True], ids=["plain", "carry-over"])
@pytest.mark.parametrize("width", [80, 200])
def test_every_line_fits_and_every_figure_is_whole(reports, width, carry_over):
    report = reports[carry_over]
    text = render_at(report, width)
    lines = text.splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= width
    for figure in figures_shown(report, (Kind.MONEY, Kind.PERCENT)):
        assert any(f" {figure} " in f" {line} " for line in lines), figure
    assert "…" not in text


def test_80_columns_carry_over_takes_more_lines(reports):
    lines = render_at(reports[True], 80).splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("714  21  Spesielle driftsutgifter"))
    # name (wrapped, with the Merknad), then the month's figures, then what may be carried over and by which rule
    assert lines[index + 1].split() == ["og", "79", "1", "800", "dekket", "overskridelse", "på", "714.70"]
    assert lines[index + 2].split() == ["5", "627,700", "52", "004,118", "71", "600,0", "19", "595,882", "72,6", "%",
                                        "83,3", "%"]
    assert lines[index + 3].split() == ["ok", "17", "795,882"]
    assert lines[index + 4] == "kan overføres: hele ubrukt beløp"
    header = lines[:next(i for i, line in enumerate(lines) if line.startswith("─" * 70))]
    assert any(line.split() == ["Kan"] for line in header)
    assert any(line.split() == ["Status", "overføres"] for line in header)
    assert "Overføringsregel" in header


def test_80_columns_without_carry_over_puts_the_status_on_a_third_line(reports):
    """Beside Andel, Andel av året leaves no room for Status on 80 columns: it takes a band of its own."""
    lines = render_at(reports[False], 80).splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("734  01  Driftsutgifter"))
    assert lines[index].endswith("overskredet")
    assert lines[index + 1].split()[-4:] == ["102,7", "%", "83,3", "%"]
    assert lines[index + 2].split() == ["error"]
    assert lines[index + 3].startswith("734  21")


def test_200_columns_has_the_carry_over_beside_the_figures(reports):
    lines = render_at(reports[True], 200).splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("714  21"))
    assert "17 795,882  kan overføres: hele ubrukt beløp" in lines[index + 1]
    assert "19 595,882" in lines[index + 1]


@pytest.mark.parametrize("extra", [(), ("--carry-over",)], ids=["plain", "carry-over"])
def test_what_a_user_sees_with_columns_80(run, extra, late_letter_ledger_2023):
    result = run("actuals", str(late_letter_ledger_2023), str(ACCOUNTS), *extra, "--format", "table",
                 env={"COLUMNS": "80"})
    assert result.exit_code == 1
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80
    if extra:
        assert "17 795,882" in result.stdout
