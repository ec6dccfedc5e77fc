"""``actuals --monthly`` (a column per month, the allocation at each month's end), Andel av året, and ``--empty``."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from decimal import Decimal

import pytest
from rich.cells import cell_len

from budsjett_cli.actuals.accounts import read_accounts
from budsjett_cli.actuals.reconciliation import hide_empty, reconcile
from budsjett_cli.actuals.report import actuals_report
from budsjett_cli.dates import year_elapsed
from budsjett_cli.ledger.loader import load_file
from budsjett_cli.reports.model import Kind
from conftest import DATA
from reportkit import figures_shown, render_at

LEDGER = str(DATA / "chapters.yaml")
ACCOUNTS = str(DATA / "example-accounts-2023-made-up.csv")
D = Decimal


def _json(run, *args):
    result = run("actuals", LEDGER, ACCOUNTS, "--format", "json", *args)
    return result, {s["name"]: s for s in json.loads(result.stdout)["sheets"]}


def _by_post(sheet, measure=None):
    return {(r["values"]["chapter"], r["values"]["post"]): r["values"] for r in sheet["rows"]
            if r["kind"] == "row" and (measure is None or r["values"]["measure"] == measure)}


def test_monthly_columns_add_up_to_the_reconciliation_and_follow_the_allocation(run):
    result, sheets = _json(run, "--monthly")
    wide, main = sheets["by_month"], sheets["actuals"]
    keys = [c["key"] for c in wide["columns"]]
    assert keys == ["chapter", "post", "name", "measure"] + [f"m{m:02d}" for m in range(1, 11)] + [
        "to_date", "share", "year_elapsed"]
    assert [c["header"] for c in wide["columns"]][4:14] == ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug",
                                                            "sep", "okt"]
    assert main["detail"] is True and wide["detail"] is False
    spent, allocated, reconciled = _by_post(wide, "Regnskap"), _by_post(wide, "Tildelt"), _by_post(main)
    assert spent.keys() == allocated.keys() == reconciled.keys()
    for key, row in spent.items():
        months = [D(row[f"m{m:02d}"]) for m in range(1, 11)]
        assert sum(months, D(0)) == D(row["to_date"]) == D(reconciled[key]["to_date"]), key
        assert D(row["m10"]) == D(reconciled[key]["month"]), key
        last = allocated[key]["m10"]
        assert (last and D(last)) == (reconciled[key]["allocation"] and D(reconciled[key]["allocation"])), key
        assert row["share"] == reconciled[key]["share"], key
    # 714.21: 71 600 000 to May, 72 100 000 from the letter dated 16 June, 73 800 000 by October
    post = allocated[("714", "21")]
    assert (post["m05"], post["m06"], post["m10"]) == ("71600000", "72100000", "73800000")
    assert post["to_date"] is None and post["share"] is None
    # each chapter subtotal, of each measure, is the sum of its posts, month by month
    rows = wide["rows"]
    for measure in ("Regnskap", "Tildelt"):
        sub = next(r["values"] for r in rows if r["kind"] == "subtotal" and r["values"]["chapter"] == "714"
                   and r["values"]["measure"] == measure)
        posts = [v for (c, _), v in (_by_post(wide, measure)).items() if c == "714"]
        for month in ("m01", "m06", "m10"):
            assert D(sub[month]) == sum((D(v[month]) for v in posts if v[month] is not None), D(0))
    assert [r["values"]["measure"] for r in rows[:2]] == ["Regnskap", "Tildelt"]
    assert json.loads(result.stdout)["meta"]["monthly"] is True


def test_monthly_stops_at_to_month(run):
    _, sheets = _json(run, "--monthly", "--to-month", "202303")
    keys = [c["key"] for c in sheets["by_month"]["columns"]]
    assert "m03" in keys and "m04" not in keys


def test_monthly_in_text_csv_table_and_workbook(run, tmp_path):
    plain = run("actuals", LEDGER, ACCOUNTS, "--monthly", "--chapter", "714", "--format", "plain").stdout
    header = next(line for line in plain.splitlines() if line.startswith("Kap."))
    assert header.split()[3:15] == ["Tall", "jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt",
                                    "Hittil"]
    assert "Regnskap mot tildeling" not in plain  # the month-by-month table instead of the reconciliation
    assert any(line.startswith("714     21") and " Tildelt " in line and "72 100,000" in line
               for line in plain.splitlines())

    table = list(csv.reader(io.StringIO(run("actuals", LEDGER, ACCOUNTS, "--monthly", "--format", "csv").stdout)))
    assert table[0][:5] == ["Kap.", "Post", "Postnavn", "Tall", "jan (1000 kr)"]
    row = next(r for r in table if r[:2] == ["714", "21"] and r[3] == "Tildelt")
    assert row[4:14] == ["71600"] * 5 + ["72100"] * 3 + ["73800"] * 2

    from openpyxl import load_workbook

    out = tmp_path / "m.xlsx"
    run("actuals", LEDGER, ACCOUNTS, "--monthly", "-o", str(out))
    book = load_workbook(out)
    assert "Måned for måned" in book.sheetnames
    values = [[c.value for c in r] for r in book["Måned for måned"].iter_rows(min_row=3)]
    row = next(r for r in values if r[:2] == [714, 21] and r[3] == "Tildelt")
    assert row[4:14] == [71600] * 5 + [72100] * 3 + [73800] * 2


@pytest.mark.parametrize("width", [80, 200])
def test_monthly_on_a_terminal_fits_and_shows_every_figure(width):
    ledger = load_file(LEDGER)
    rec = reconcile(ledger, read_accounts(ACCOUNTS, ledger.year), orgnr=ledger.orgnr)
    hide_empty(rec)
    report = actuals_report(rec, ledger.unit, 1, False, monthly=True)
    lines = render_at(report, width).splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= width
    shown = dataclasses.replace(report, sheets=[s for s in report.sheets if s.name == "by_month"])
    for figure in figures_shown(shown, (Kind.MONEY, Kind.PERCENT)):
        assert any(f" {figure} " in f" {line} " for line in lines), figure


def test_the_share_of_the_year_is_beside_the_share_used(run):
    _, sheets = _json(run, "--to-month", "202306")
    rows = [r["values"] for r in sheets["actuals"]["rows"]]
    keys = [c["key"] for c in sheets["actuals"]["columns"]]
    assert keys[keys.index("share") + 1] == "year_elapsed"
    assert {r["year_elapsed"] for r in rows if r["share"] is not None} == {"0.5"}
    assert all(r["year_elapsed"] is None for r in rows if r["share"] is None)
    assert year_elapsed(10) == D("0.8333") and year_elapsed(13) == 1
    plain = run("actuals", LEDGER, ACCOUNTS, "--to-month", "202306", "--format", "plain").stdout
    line = next(line for line in plain.splitlines() if line.startswith("714     21"))
    assert line.split()[-3:-1] == ["50,0", "%"]
    assert "Andel av året: the share of the year gone" in plain


def test_empty_posts_are_left_out_unless_asked_for(run):
    _, hidden = _json(run)
    _, shown = _json(run, "--empty")
    kept, every = _by_post(hidden["actuals"]), _by_post(shown["actuals"])
    gone = sorted(every.keys() - kept.keys())
    assert ("740", "60") in gone and ("3714", "04") in gone
    for key in gone:  # nothing to show: no allocation, nothing booked
        row = every[key]
        assert row["allocation"] in (None, "0") and D(row["to_date"]) == 0 and D(row["month"]) == 0
        assert row["status"] is None
    assert all(r["allocation"] not in (None, "0") or D(r["to_date"]) != 0 or r["status"] for r in kept.values())
    assert "Sum kap. 3714" not in json.dumps(hidden["actuals"]) and "Sum kap. 3714" in json.dumps(shown["actuals"])
    note = next(n for n in hidden["actuals"]["notes"] if "nothing to show" in n)
    assert "740.60" in note and "--empty" in note
    assert not any("nothing to show" in n for n in shown["actuals"]["notes"])


def test_a_post_a_finding_names_or_with_bookings_is_never_hidden(tmp_path):
    ledger = load_file(LEDGER)
    rec = reconcile(ledger, read_accounts(ACCOUNTS, ledger.year), orgnr=ledger.orgnr)
    line = next(line for line in rec.lines if line.key == "740.70")  # no allocation, but bookings
    assert line.allocation is None and line.to_date and not line.empty
    empty = next(line for line in rec.lines if line.empty)
    from budsjett_cli.findings import Finding, Severity

    rec.findings.append(Finding(Severity.INFO, "test", empty.post.location, "named", post=empty.key))
    hidden = hide_empty(rec)
    assert empty.key not in hidden and "740.70" not in hidden
    assert empty in rec.lines and all(not line.empty or line.key == empty.key for line in rec.lines)


def test_a_post_asked_for_by_name_is_shown_even_when_empty(run):
    _, sheets = _json(run, "--post", "740.60", "--post", "740.01")
    assert set(_by_post(sheets["actuals"])) == {("740", "60"), ("740", "01")}
    _, sheets = _json(run, "--chapter", "740")
    assert ("740", "60") not in _by_post(sheets["actuals"])
