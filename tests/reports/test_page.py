"""The report page's data (reports/page.py): pure figures, checked against the ledger and the accounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from budsjett_cli.actuals.accounts import read_accounts
from budsjett_cli.actuals.reconciliation import reconcile
from budsjett_cli.analysis import analyse
from budsjett_cli.ledger.loader import load_file, load_text
from budsjett_cli.reports.page import page_data, year_elapsed
from conftest import DATA

ACCOUNTS = DATA / "example-accounts-2023-made-up.csv"

SMALL = """\
year: 2023
agency: Testetaten
unit: kr
letters:
  TB: {title: Tildelingsbrev}
  T1: {title: Tillegg 1, date: 2023-03-10}
  T2: {title: Tillegg 2, date: 2023-06-20}
chapters:
  700:
    name: Testkapittel
    posts:
      01:
        name: Driftsutgifter
        appropriation: 1000
        allocation: 900
        letter: TB
        changes:
          - {letter: T1, amount: 50}
          - {letter: T2, amount: -20}
  3700:
    posts:
      02: {name: Diverse inntekter, allocation: 300, letter: TB}
"""


def _small():
    return analyse(load_text(SMALL, "small.yaml"), None)


def test_headline_counts_expenditure_only_and_the_month_changes():
    page = page_data(_small(), month=6)
    assert page.headline.allocation == Decimal(930)
    assert page.headline.changes_year == Decimal(30)
    assert page.headline.changes_month == Decimal(-20)
    assert page.headline.spent is None and page.headline.remaining is None
    assert [(c.letter, c.post, c.amount) for c in page.month_changes] == [("T2", "700.01", Decimal(-20))]


def test_step_chart_data_follows_the_running_total_with_each_letter():
    (post,) = page_data(_small()).post_steps
    assert post.key == "700.01" and post.opening == Decimal(900)
    assert [(s.date, s.total, s.letter) for s in post.steps] == [
        (dt.date(2023, 3, 10), Decimal(950), "T1"), (dt.date(2023, 6, 20), Decimal(930), "T2")]


def test_chapters_give_allocation_per_chapter_without_income():
    assert [(c, a) for c, _, a, _ in page_data(_small()).chapters] == [("700", Decimal(930))]


def test_a_post_without_an_opening_figure_is_not_counted_as_zero():
    """Changes with no opening figure give no Sum tildelt: the headline says so, and no chapter bar of 0 is drawn."""
    unknown_only = SMALL.replace("        allocation: 900\n        letter: TB\n", "")
    page = page_data(analyse(load_text(unknown_only, "small.yaml"), None))
    assert (page.headline.allocation, page.headline.unknown, page.chapters) == (None, 1, [])
    second = SMALL.replace("  3700:", "  701:\n    posts:\n      21:\n        changes:\n          - {letter: T1, amount: 5}\n  3700:")
    page = page_data(analyse(load_text(second, "small.yaml"), None))
    assert (page.headline.allocation, page.headline.unknown) == (Decimal(930), 1)
    assert [c for c, *_ in page.chapters] == ["700"]


def test_the_bundled_ledger_with_accounts_adds_spending_months_and_carry_over():
    ledger = load_file(DATA / "chapters.yaml")
    rec = reconcile(ledger, read_accounts(ACCOUNTS, ledger.year), orgnr=ledger.orgnr, carry_over=True)
    page = page_data(analyse(ledger, None), rec)
    expense = [line for line in rec.lines if not line.income]
    assert page.headline.spent == sum((line.to_date for line in expense), Decimal(0))
    assert page.headline.remaining == page.headline.allocation - page.headline.spent
    assert [m.month for m in page.months] == list(range(1, rec.to_month + 1))
    assert page.months[-1].spent_to_date == page.headline.spent
    spent = [m.spent_to_date for m in page.months]
    assert spent != sorted(spent, reverse=True) or len(set(spent)) == 1
    assert page.year_elapsed == year_elapsed(rec.to_month)
    assert page.carry and all(c.carry <= c.unused for c in page.carry)
    assert sum(len(lines) for lines in page.findings.values()) == len(rec.findings) + len(analyse(ledger).findings)


def test_year_elapsed():
    assert year_elapsed(6) == Decimal("0.5") and year_elapsed(13) == Decimal(1)


def test_the_page_of_a_ledger_with_no_known_allocation_says_so(tmp_path):
    from click.testing import CliRunner

    from budsjett_cli.cli import cli

    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["report", str(DATA / "2024.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "ukjent: ingen post har en opprinnelig tildeling" in html
    assert "<svg" not in html and "Ingen diagrammer: ingen post har en kjent Sum tildelt" in html


def test_the_page_table_is_not_widened_by_a_few_odd_figures_and_marks_them(tmp_path):
    """The workbook's rule on the page: 20 470, not 20 470,0, beside the one 3 624,4 (marked to check)."""
    import re

    from click.testing import CliRunner

    from budsjett_cli.cli import cli

    out = tmp_path / "r.html"
    assert CliRunner().invoke(cli, ["report", str(DATA / "chapters.yaml"), "-o", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    figures = re.findall(r'<td class="num[^"]*"[^>]*>([^<]+)</td>', html)
    with_decimals = [f for f in figures if "," in f]
    assert figures and len(with_decimals) < len(figures) / 10
    marked = re.findall(r'<td class="num odd" title="Tallet har 1 desimal;[^"]*">([^<]+)</td>', html)
    assert set(marked) == {"3 624,4", "2 607,4", "1 198,5"}
