"""The bundled ledgers: faithful to the letters, and what `check` finds in them is exactly their real inconsistencies."""

import datetime as dt
from decimal import Decimal

from budsjett_cli.checks import build_context, run_checks
from budsjett_cli.ledger.loader import load_file
from conftest import LEDGER_2023, LEDGER_2024, LEDGER_2025

# (severity, check, post, what it is about) for every error and warning on the 2023 ledger.
REAL_INCONSISTENCIES_2023 = [
    ("error", "earmarks", "714.21", "the 2,5 mill. for røykeslutt is printed twice; with it the list exceeds 71 600"),
    ("warning", "earmarks", "714.21", "the item listed twice"),
    ("warning", "earmarks", "714.22", "the tobacco licence scheme: 2,5 mill. under 714.22, 2,3 mill. under 3714.04"),
    ("error", "earmarks", "714.79", "the itemised grants add up to 72,2 mill. of a 70,2 mill. allocation"),
    ("warning", "magnitude", "732.77", "3 624,4 in a table of whole thousands (millions)"),
    ("warning", "appropriation", "765.21", "241 204 against a voted 217 166: follows from the chain gap"),
    ("error", "chain", "765.21", "TTB2023-44..52 starts from 229 104; the ledger's letters reach 195 666"),
    ("error", "appropriation", "702.21", "allocation 17 700 above the appropriation 13 000"),
    ("error", "appropriation", "702.70", "allocation 4 357 above the appropriation 4 237"),
    ("warning", "magnitude", "2711.70", "2 607,4 (millions)"),
    ("warning", "magnitude", "2711.71", "418 beside 2 550 000 (millions)"),
    ("warning", "magnitude", "2711.76", "1 198,5 (millions)"),
]


def findings(path):
    ledger = load_file(path)
    return ledger, run_checks(build_context(ledger))


def test_check_finds_the_real_inconsistencies_of_2023_and_nothing_else():
    _, found = findings(LEDGER_2023)
    serious = [(f.severity.value, f.check, f.post) for f in found if f.severity.value != "info"]
    assert serious == [(s, c, p) for s, c, p, _ in REAL_INCONSISTENCIES_2023]


def test_the_missing_letter_in_765_21_is_measured():
    _, found = findings(LEDGER_2023)
    gap = next(f for f in found if f.check == "chain" and f.severity.value == "error")
    assert gap.difference == Decimal("33438000") and gap.letter == "TTB2023-44..52"


def test_info_in_2023_is_what_is_unallocated_and_where_running_totals_are_unknown():
    _, found = findings(LEDGER_2023)
    info = [(f.check, f.post) for f in found if f.severity.value == "info"]
    assert ("chain", "3714.04") in info  # an income target the allocation letter never states
    unallocated = {p for c, p in info if c == "appropriation"}
    # 714.22 was cut in RNB with the allocation; 714.70 was raised by at least its price adjustment
    assert unallocated == {"714.21", "714.60", "714.70", "714.79", "761.21", "762.21", "762.63", "765.72", "770.21"}


def test_rnb_2023_raises_the_appropriations_letter_000_implies():
    ledger, found = findings(LEDGER_2023)
    by_post = {f.post: f for f in found if f.check == "appropriation" and f.severity.value == "info"}
    assert (by_post["714.70"].expected, by_post["714.70"].actual) == (Decimal("190463000"), Decimal("190383000"))
    assert "at least 104 502" in by_post["714.21"].message and "102 802 in the allocation letter" in by_post["714.21"].message
    changes = {p.key: c for p in ledger.posts for c in p.changes if c.appropriation_change}
    assert sorted(changes) == ["3714.04", "714.21", "714.22", "714.60", "714.70", "714.74", "714.79"]
    assert all(c.appropriation_change.implied and "118 S" in c.appropriation_change.source for c in changes.values())
    assert changes["714.22"].appropriation_change.amount.kroner == Decimal("-2000000")


def test_2023_holds_every_letter_once_with_its_date_and_reference():
    ledger = load_file(LEDGER_2023)
    feb = ledger.letters["TTB2023-02..06"]
    assert (feb.date, feb.ref) == (dt.date(2023, 2, 6), "23/133-9")
    june = [letter for letter in ledger.letters.values() if letter.date == dt.date(2023, 6, 16)]
    assert len(june) == 2 and all(letter.ref == "23/2173-" for letter in june)
    cited = {c.letter for p in ledger.posts for c in p.changes}
    assert cited == {"TTB2023-02..06", "TTB2023-08..12", "TTB2023-22..25", "TTB2023-44..52"}
    feb_changes = [c for p in ledger.posts for c in p.changes if c.letter == "TTB2023-02..06"]
    assert len(feb_changes) == 1  # the letter of 6 February is in two files; it is recorded once


def test_2023_supplementary_changes_as_the_letters_give_them():
    ledger = load_file(LEDGER_2023)
    changes = {(p.key, c.letter): c for p in ledger.posts for c in p.changes}
    kroner = {key: c.amount.kroner for key, c in changes.items()}
    assert kroner == {
        ("714.21", "TTB2023-22..25"): Decimal("500000"),
        ("714.21", "TTB2023-44..52"): Decimal("1700000"),
        ("714.22", "TTB2023-44..52"): Decimal("-2000000"),
        ("714.60", "TTB2023-44..52"): Decimal("2053000"),
        ("714.70", "TTB2023-44..52"): Decimal("3983000"),
        ("714.74", "TTB2023-44..52"): Decimal("462000"),
        ("714.79", "TTB2023-44..52"): Decimal("3500000"),
        ("3714.04", "TTB2023-44..52"): Decimal("-2000000"),
        ("762.21", "TTB2023-08..12"): Decimal("350000"),
        ("765.21", "TTB2023-02..06"): Decimal("8500000"),
        ("765.21", "TTB2023-44..52"): Decimal("12100000"),
    }


def test_2023_allocations_given_only_in_prose():
    ledger = load_file(LEDGER_2023)
    posts = {p.key: p for p in ledger.posts}
    assert posts["709.01"].allocation.kroner == Decimal("82798000")
    assert posts["5572.75"].appropriation.kroner == Decimal("18900000")
    assert posts["575.60"].appropriation.kroner == Decimal("11658500000")
    assert posts["1320.01"].allocation.kroner == Decimal("5800000")
    for key in ("740.60", "740.70", "740.71", "740.72", "3740.03", "3740.06", "702.71"):
        assert posts[key].allocation is None and posts[key].appropriation is None


def test_2024_and_2025_open_mid_year():
    _, found_2024 = findings(LEDGER_2024)
    assert [(f.severity.value, f.post) for f in found_2024] == [("info", "714.21")]
    ledger, found_2025 = findings(LEDGER_2025)
    assert [(f.severity.value, f.check, f.post) for f in found_2025] == [
        ("info", "chain", "701.21"), ("info", "chain", "714.21"), ("info", "chain", "760.21"),
        ("warning", "earmarks", "760.21"),  # 5,95 + 0,32 mill. itemise a change of 6 320
    ]
    history = build_context(ledger).histories
    current = {h.post.key: h.current for h in history}
    assert current["701.21"] == Decimal("3600000") and current["760.21"] == Decimal("355430000")
