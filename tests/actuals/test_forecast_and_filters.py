"""``actuals --forecast`` (run rate to year end) and ``--chapter``/``--post`` filters."""

from __future__ import annotations

import json
from decimal import Decimal

from budsjett_cli.actuals.accounts import read_accounts
from budsjett_cli.actuals.forecast import add_forecast
from budsjett_cli.actuals.reconciliation import reconcile
from budsjett_cli.ledger.loader import load_file
from conftest import DATA

LEDGER = str(DATA / "chapters.yaml")
ACCOUNTS = str(DATA / "example-accounts-2023-made-up.csv")


def _rec(**kwargs):
    ledger = load_file(LEDGER)
    return reconcile(ledger, read_accounts(ACCOUNTS, ledger.year), orgnr=ledger.orgnr, **kwargs)


def test_the_forecast_is_the_run_rate_and_warns_of_a_projected_excess():
    rec = _rec()
    found = add_forecast(rec)
    line = next(line for line in rec.lines if line.key == "714.70")
    assert line.forecast == line.to_date * 12 / 10  # to October: ten months
    assert line.forecast > line.allocation > line.to_date
    warning = next(f for f in found if f.post == "714.70")
    assert warning.check == "forecast-over" and warning.severity.value == "warning"
    assert warning.actual == line.forecast and warning.expected == line.allocation
    assert all(not line.income and line.forecast > line.allocation and not line.status.over
               for line in rec.lines if line.key in {f.post for f in found})
    assert all(f in rec.findings for f in found)


def test_a_post_projected_over_its_allocation_is_a_warning_in_its_row_too(run):
    """The row's Status and Merknad say what the forecast-over finding says; without --forecast the row is as before."""
    def row_of(document, key):
        return next(r for r in document["sheets"][0]["rows"]
                    if r["kind"] == "row" and f"{r['values']['chapter']}.{r['values']['post']}" == key)

    with_forecast = json.loads(run("actuals", LEDGER, ACCOUNTS, "--forecast", "--format", "json").stdout)
    without = json.loads(run("actuals", LEDGER, ACCOUNTS, "--format", "json").stdout)
    row = row_of(with_forecast, "714.70")
    assert row["status"] == row["values"]["status"] == "warning"
    assert "prognosen passerer tildelingen" in row["values"]["note"]
    assert row_of(without, "714.70")["values"]["status"] == "ok"


def test_the_forecast_follows_to_month():
    rec = _rec(to_month=6)
    add_forecast(rec)
    line = next(line for line in rec.lines if line.to_date)
    assert line.forecast == (line.to_date * 2).quantize(Decimal("0.01"))


def test_forecast_columns_and_method_in_the_report(run):
    result = run("actuals", LEDGER, ACCOUNTS, "--forecast", "--format", "json")
    document = json.loads(result.stdout)
    sheet = document["sheets"][0]
    keys = [c["key"] for c in sheet["columns"]]
    assert keys[-2:] == ["forecast", "forecast_remaining"]
    assert any("hittil × 12" in note for note in sheet["notes"])
    plain = run("actuals", LEDGER, ACCOUNTS, "--format", "json")
    assert "forecast" not in [c["key"] for c in json.loads(plain.stdout)["sheets"][0]["columns"]]


def test_chapter_and_post_filters_keep_only_those_rows_and_their_findings(run):
    result = run("actuals", LEDGER, ACCOUNTS, "--chapter", "714", "--post", "765.21", "--format", "json")
    document = json.loads(result.stdout)
    posts = {f"{r['values']['chapter']}.{r['values']['post']}" for r in document["sheets"][0]["rows"]
             if r["kind"] == "row"}
    assert posts == {"714.21", "714.22", "714.60", "714.70", "714.74", "714.79", "765.21"}
    findings = document["sheets"][2]["rows"]
    assert all(f["values"]["post"] in posts or f["values"]["post"] is None for f in findings)
    everything = json.loads(run("actuals", LEDGER, ACCOUNTS, "--format", "json").stdout)["sheets"][2]["rows"]
    assert any(f["values"]["post"] not in posts and f["values"]["post"] is not None for f in everything)


def test_an_unknown_post_filter_is_a_usage_error(run):
    result = run("actuals", LEDGER, ACCOUNTS, "--post", "765.99")
    assert result.exit_code == 2 and "765.99" in result.stderr
