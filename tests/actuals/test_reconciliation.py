"""The reconciliation core: every figure against values computed by hand (see accountsfiles.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from budsjett_cli.problems import InputError

from budsjett_cli.actuals.accounts import read_accounts
from budsjett_cli.actuals.report import actuals_report
from budsjett_cli.amounts import Unit
from budsjett_cli.findings import Severity
from budsjett_cli.ledger.loader import load_file
from budsjett_cli.dates import month_end
from budsjett_cli.actuals.reconciliation import (CARRY_FIVE_PERCENT, CARRY_NONE, CARRY_WHOLE, 
                                         parse_month, reconcile)
from budsjett_cli.reports.model import RowKind

from accountsfiles import FHI, LEDGER_TEXT, ROWS, dfo_row, write_dfo

D = Decimal


@pytest.fixture
def files(tmp_path):
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(LEDGER_TEXT, encoding="utf-8")
    return ledger, write_dfo(tmp_path / "statsregnskapet_aar_2023.csv", ROWS)


def run(files, **options):
    ledger_path, accounts_path = files
    ledger = load_file(ledger_path)
    accounts = read_accounts(accounts_path, ledger.year)
    options.setdefault("orgnr", ledger.orgnr)
    options.setdefault("orgnr_from", "ledger")
    return reconcile(ledger, accounts, **options)


def by_key(rec):
    return {line.key: line for line in rec.lines}


# Per post, to June: (this month, so far, allocation, remaining, share, status), computed by hand.
JUNE = {
    "740.01": (D("200000"), D("900000.25"), D("1200000"), D("299999.75"), D("0.750000"), "ok"),
    "740.21": (D("140000"), D("570000.125"), D("550000"), D("-20000.125"), D("1.036364"), "over-covered"),
    "740.70": (D("50000"), D("250000"), D("300000"), D("50000"), D("0.833333"), "ok"),
    "741.70": (D("45000"), D("105000"), D("100000"), D("-5000"), D("1.050000"), "over-estimate"),
    "741.01": (D("80000"), D("160000.5"), D("150000"), D("-10000.5"), D("1.066670"), "over"),
    "742.01": (D("0"), D("97000"), D("100000"), D("3000"), D("0.970000"), "ok"),
    "742.21": (D("0"), D("10000"), D("40000"), D("30000"), D("0.250000"), "ok"),
    "3740.02": (D("7000"), D("52000"), D("50000"), D("-2000"), D("1.040000"), "above-target"),
    "3740.04": (D("0"), D("12000"), D("30000"), D("18000"), D("0.400000"), "ok"),
}


def test_every_figure_to_june(files):
    rec = run(files)
    assert (rec.to_month, rec.as_of, rec.period) == (6, dt.date(2023, 6, 30), "202306")
    lines = by_key(rec)
    assert list(lines) == list(JUNE)
    for key, (month, to_date, allocation, remaining, share, status) in JUNE.items():
        line = lines[key]
        assert (line.month, line.to_date, line.allocation, line.remaining, line.share, line.status) == \
            (month, to_date, allocation, remaining, share, status), key


def test_income_is_positive_and_expenses_are_debits(files):
    lines = by_key(run(files))
    assert lines["3740.02"].income and not lines["740.01"].income
    # 20 000 + 15 000 + 10 000 + 8 000 credited, 1 000 debited back: 52 000 of income.
    assert lines["3740.02"].to_date == D("52000")
    # A refund (credit) on an expense post lowers the spending: 200 000 - 12 500,50 in January.
    assert run(files, to_month=1).lines[0].to_date == D("187499.5")


def test_other_agencies_are_left_out(files):
    # FHI books 999 999 on 740.01 in January: not in the test agency's figures.
    assert by_key(run(files, to_month=1))["740.01"].to_date == D("187499.5")
    fhi = run(files, orgnr=FHI[0], orgnr_from="option")
    assert by_key(fhi)["740.01"].to_date == D("999999")
    assert [o.key for o in fhi.outside] == ["745.01"]


def test_findings_to_june(files):
    rec = run(files)
    found = [(f.severity.value, f.check, f.post) for f in rec.findings]
    assert found == [
        ("error", "overspent", "740.21"),  # over its own allocation, though 740.70 may cover it
        ("warning", "overspent", "741.70"),
        ("error", "overspent", "741.01"),
        ("info", "income", "3740.02"),
        ("warning", "not-in-ledger", "1633.01"),
        ("warning", "not-in-ledger", "740.45"),
        ("info", "empty-month", None),
    ]
    error = next(f for f in rec.findings if f.post == "741.01")
    assert error.severity is Severity.ERROR
    assert (error.expected, error.actual, error.difference) == (D("150000"), D("160000.5"), D("10000.5"))
    assert error.message == "spent 160 000,50 kr of 150 000 kr allocated: over by 10 000,50 kr"
    assert error.location.path.endswith("ledger.yaml") and error.location.line == 43
    covered = rec.findings[0]
    assert "unused allocation on 740.70 (20 000,125 kr) may cover it (kan nyttes under): record that use" in covered.message
    assert "overslagsbevilgning" in rec.findings[1].message
    assert rec.months_without_rows == [3]


def test_covering_draws_from_the_donor_once(files):
    lines = by_key(run(files))
    assert lines["740.21"].drawn_from == [("740.70", D("20000.125"))]
    assert lines["740.70"].lent == D("20000.125")


def test_excess_beyond_what_donors_can_cover_is_an_error(files, tmp_path):
    rows = ROWS + [dfo_row("202306", "074021", "100000,000")]  # 740.21 now 120 000,125 over; 740.70 spares 50 000
    accounts = write_dfo(tmp_path / "more.csv", rows)
    rec = run((files[0], accounts))
    line = by_key(rec)["740.21"]
    assert line.status == "over"
    assert line.drawn_from == [("740.70", D("50000"))]
    finding = next(f for f in rec.findings if f.post == "740.21")
    assert finding.severity is Severity.ERROR
    assert "only 50 000 kr of it is covered by unused allocation on 740.70" in finding.message


def test_outside_the_ledger(files):
    rec = run(files)
    outside = {o.key: o for o in rec.outside}
    assert list(outside) == ["740.45", "1633.01"]
    assert (outside["740.45"].chapter_known, outside["740.45"].to_date, outside["740.45"].month) == (True, D("12000"), D("0"))
    assert (outside["1633.01"].chapter_known, outside["1633.01"].to_date, outside["1633.01"].month) == (False, D("7500"), D("5000"))
    assert outside["1633.01"].actuals.first_line == 32


def test_ignore_silences_expected_chapters_and_posts(files):
    rec = run(files, ignore=("1633", "740.45"))
    assert [f.check for f in rec.findings].count("not-in-ledger") == 0
    assert all(o.ignored for o in rec.outside)
    rec = run(files, ignore=("1633.01",))
    assert [f.post for f in rec.findings if f.check == "not-in-ledger"] == ["740.45"]


def test_allocation_follows_the_dated_changes(files):
    # T1 (+200) is dated 15 March: not in February, in March.
    assert by_key(run(files, to_month=2))["740.01"].allocation == D("1000000")
    assert run(files, to_month=2).left_out_later == 2  # T1 on 740.01 and T3 on 740.21
    march = by_key(run(files, to_month=3))["740.01"]
    assert (march.allocation, march.month, march.to_date) == (D("1200000"), D("0"), D("397499.75"))


def test_undated_changes_count_once_confirmed_or_when_asked(files):
    # T2 (+100, undated) on 740.21 counts once T3 (dated 20 June) is in effect.
    may = run(files, to_month=5)
    assert by_key(may)["740.21"].allocation == D("400000")
    assert may.left_out_undated == {"T2": 1}
    assert any(f.check == "undated" and "T2 (1)" in f.message for f in may.findings)
    assert by_key(run(files, to_month=6))["740.21"].allocation == D("550000")
    counted = run(files, to_month=5, count_undated=True)
    assert by_key(counted)["740.21"].allocation == D("500000")
    assert counted.left_out_undated == {} and not any(f.check == "undated" for f in counted.findings)


def test_may_with_and_without_undated(files):
    # To May: 740.21 spent 430 000,125 of 400 000; 500 000 with T2 (+100 000, undated). Over only for want of T2's
    # date: a warning that says so (issue 8), drawing on no other post's spare allocation; ok with T2 counted.
    rec = run(files, to_month=5)
    may = by_key(rec)
    assert (may["740.21"].to_date, may["740.21"].status) == (D("430000.125"), "over-undated")
    assert (may["740.21"].undated_effect, may["740.21"].undated_letters) == (D("100000"), ["T2"])
    assert may["740.21"].drawn_from == [] and may["740.70"].lent == D("0")
    finding = next(f for f in rec.findings if f.post == "740.21")
    assert finding.severity is Severity.WARNING and "the undated letter T2 gives the post 100 000 kr more" in \
        finding.message
    assert by_key(run(files, to_month=5, count_undated=True))["740.21"].status == "ok"


def test_an_excess_the_undated_letter_does_not_cover_is_still_an_error(files):
    # 741.01 (over by 10 000,5 in June) has no undated change: an error like any other
    june = by_key(run(files))
    assert june["741.01"].status == "over" and june["741.01"].undated_effect == D("0")


def test_income_short_of_target_at_year_end(files):
    rec = run(files, to_month=12)
    line = by_key(rec)["3740.04"]
    assert (line.status, line.to_date, line.allocation) == ("below-target", D("12000"), D("30000"))
    finding = next(f for f in rec.findings if f.post == "3740.04")
    assert finding.severity is Severity.WARNING and "falls short of the target 30 000 kr by 18 000 kr" in finding.message
    assert any(f.check == "months" and "end at 202306" in f.message for f in rec.findings)
    assert rec.months_without_rows == [3, 7, 8, 9, 10, 11, 12]


def test_carry_over_rules(files):
    lines = by_key(run(files, carry_over=True))
    carry = {key: (line.carry.amount, line.carry.rule) if line.carry else None for key, line in lines.items()}
    assert carry == {
        "740.01": (D("50000"), CARRY_FIVE_PERCENT),    # unused 299 999,75; at most 5 % of 1 000 000
        "740.21": (D("0"), CARRY_WHOLE),               # kan overføres, but overspent
        "740.70": (D("0"), CARRY_NONE),                # a transfer post without "kan overføres"
        "741.70": (D("0"), CARRY_NONE),                # overslagsbevilgning
        "741.01": (D("0"), CARRY_FIVE_PERCENT),        # overspent
        "742.01": (D("3000"), CARRY_FIVE_PERCENT),     # unused 3 000, below 5 % of 100 000
        "742.21": (D("2000"), CARRY_FIVE_PERCENT),     # no appropriation: 5 % of the allocation 40 000
        "3740.02": None,
        "3740.04": None,
    }
    assert lines["742.21"].carry.base_is_allocation and not lines["742.01"].carry.base_is_allocation
    # What 740.70 lends to cover 740.21 is not left to carry over.
    assert lines["740.70"].carry.unused == D("29999.875")


def test_kan_overfores_carries_the_whole_unused_amount(files):
    lines = by_key(run(files, to_month=5, count_undated=True, carry_over=True))
    # 740.21 to May with T2: 500 000 - 430 000,125.
    assert (lines["740.21"].carry.amount, lines["740.21"].carry.rule) == (D("69999.875"), CARRY_WHOLE)


def test_agency_choice(files, tmp_path):
    ledger = load_file(files[0])
    accounts = read_accounts(files[1], 2023)
    with pytest.raises(InputError) as info:
        reconcile(ledger, accounts, orgnr=None)
    message = str(info.value.problems[0])
    assert "holds 3 agencies" in message and "983544622 Helsedirektoratet (31 rows)" in message
    assert "983744516 Folkehelseinstituttet (1 row)" in message
    with pytest.raises( match="no rows for 2023 with Virksomhet_id 974760673"):
        reconcile(ledger, accounts, orgnr="974760673")
    only = write_dfo(tmp_path / "only.csv", [dfo_row("202301", "074001", "5,000")])
    rec = reconcile(ledger, read_accounts(only, 2023), orgnr=None)
    assert (rec.orgnr, rec.agency_chosen) == ("983544622", "only agency in file")


def test_accounts_for_another_year(files, tmp_path):
    path = write_dfo(tmp_path / "2024.csv", [dfo_row("202401", "074001", "5,000")])
    ledger = load_file(files[0])
    with pytest.raises( match="the accounts are for 2024 .1 row.; the ledger .* is for 2023"):
        reconcile(ledger, read_accounts(path, 2023), orgnr=ledger.orgnr)


def test_parse_month():
    assert parse_month("202303", 2023) == 3
    assert parse_month("2023-12", 2023) == 12
    assert parse_month("202313", 2023) == 13
    for text, words in (("2023", "not a month"), ("202403", "not in the ledger's year 2023"), ("202300", "no month 00")):
        with pytest.raises(ValueError, match=words):
            parse_month(text, 2023)
    assert month_end(2023, 2) == dt.date(2023, 2, 28)
    assert month_end(2024, 2) == dt.date(2024, 2, 29)
    assert month_end(2023, 13) == dt.date(2023, 12, 31)


# -- the report built from it -------------------------------------------------------------------------

def test_report_rows_subtotals_and_totals(files):
    rec = run(files, carry_over=True)
    report = actuals_report(rec, Unit.THOUSAND, exit_code=1, strict=False)
    main, outside, findings = report.sheets[:3]
    assert (main.name, outside.name, findings.name) == ("actuals", "outside", "findings")
    assert not main.detail and outside.detail and findings.detail
    sums = {row.values["name"]: row for row in main.rows if row.kind is not RowKind.ROW}
    chapter = sums["Sum kap. 740"].values
    assert (chapter["month"], chapter["to_date"], chapter["allocation"], chapter["remaining"], chapter["share"],
            chapter["carry_over"]) == (D("390000"), D("1720000.375"), D("2050000"), D("329999.625"), D("0.839025"),
                                      D("50000"))
    expenses = sums["Sum utgifter"].values
    assert (expenses["month"], expenses["to_date"], expenses["allocation"], expenses["carry_over"]) == \
        (D("515000"), D("2092000.875"), D("2440000"), D("55000"))
    assert sums["Sum utgifter"].kind is RowKind.TOTAL and sums["Sum utgifter"].status == "error"
    income = sums["Sum inntekter"].values
    assert (income["month"], income["to_date"], income["allocation"], income["remaining"]) == \
        (D("7000"), D("64000"), D("80000"), D("16000"))
    statuses = {(r.values["chapter"], r.values["post"]): (r.values["status"], r.values["note"], r.status)
                for r in main.rows if r.kind is RowKind.ROW}
    assert statuses[("740", "21")] == ("error", "overskredet, dekket av 740.70", "error")
    assert statuses[("741", "01")] == ("error", "overskredet", "error")
    assert statuses[("741", "70")] == ("warning", "overskredet (overslagsbevilgning)", "warning")
    assert statuses[("3740", "02")] == ("info", "merinntekt", "info")
    assert statuses[("740", "01")] == ("ok", None, "ok")
    assert len(findings.rows) == len(rec.findings) and len(outside.rows) == 2
    assert report.meta["summary"] == {"errors": 2, "warnings": 3, "info": 2, "strict": False, "exit_code": 1}


def test_a_post_that_covers_another_says_so_in_its_merknad(files):
    """740.70's unused allocation pays 740.21's excess: its row says how much, in the unit shown."""
    rec = run(files, carry_over=True)
    donor = next(line for line in rec.lines if line.key == "740.70")
    assert donor.lent_to == [("740.21", D("20000.125"))] and donor.lent == D("20000.125")

    def rows(unit):
        report = actuals_report(rec, unit, exit_code=1, strict=False)
        return {f"{r.values['chapter']}.{r.values['post']}": r.values for r in report.sheets[0].rows
                if r.kind is RowKind.ROW}

    assert rows(Unit.THOUSAND)["740.70"]["note"] == "20 dekket overskridelse på 740.21"  # 20,000125 shown to 3 decimals
    kroner = rows(Unit.KR)
    assert kroner["740.70"]["note"] == "20 000,13 dekket overskridelse på 740.21"
    assert kroner["740.21"]["note"] == "overskredet, dekket av 740.70"
    assert kroner["740.01"]["note"] is None
    assert kroner["740.70"]["remaining"] == D("50000")  # Gjenstår is the post's own figure; the note says the rest


def test_report_sections_expenses_and_income_as_every_report_does(files, tmp_path):
    # An income chapter listed between expense chapters, and 741's posts out of order: the report
    # orders by chapter and post, closes the expenses with their total before any income row.
    head, rest = LEDGER_TEXT.split("  741:\n")
    middle, income = rest.split("  3740:\n")
    ledger = tmp_path / "mixed.yaml"
    ledger.write_text(head + "  3740:\n" + income + "  741:\n" + middle, encoding="utf-8")
    report = actuals_report(run((ledger, files[1])), Unit.KR, exit_code=1, strict=False)
    layout = [(r.values.get("chapter"), r.values.get("post"), r.values["name"] if r.kind is not RowKind.ROW else r.kind.value)
              for r in report.sheets[0].rows]
    assert layout == [
        ("740", "01", "row"), ("740", "21", "row"), ("740", "70", "row"), ("740", None, "Sum kap. 740"),
        ("741", "01", "row"), ("741", "70", "row"), ("741", None, "Sum kap. 741"),
        ("742", "01", "row"), ("742", "21", "row"), ("742", None, "Sum kap. 742"),
        (None, None, "Sum utgifter"),
        ("3740", "02", "row"), ("3740", "04", "row"), ("3740", None, "Sum kap. 3740"),
        (None, None, "Sum inntekter"),
    ]
