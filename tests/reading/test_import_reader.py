"""The letter reader on the real letters, against the hand-made ledgers (issue 4)."""

from decimal import Decimal

import pytest

from budsjett_cli.amounts import Unit
from budsjett_cli.letters.model import ALLOCATION, SUPPLEMENT
from budsjett_cli.letters.reader import read_file, read_text
from budsjett_cli.ledger.loader import load_file
from conftest import (LEDGER_2023, LEDGER_2024, LEDGER_2025, LETTER_2023_FEB, LETTER_2023_FULL, LETTER_2023_LATE,
                      LETTER_2024, LETTER_2025)
from importcompare import LEDGER_OF, LETTERS as LETTER_DIR, PROSE_POSTS_2023, compare

NAMES = sorted(LEDGER_OF)


@pytest.fixture(scope="module")
def results():
    return {name: read_file(LETTER_DIR / name, str(LETTER_DIR / name)) for name in NAMES}


@pytest.fixture(scope="module")
def tallies(results):
    return {name: compare(name, results[name]) for name in NAMES}


def _letter(result, letter_id):
    return next(item for item in result.letters if item.id == letter_id)


# -- letters and their identity --------------------------------------------------------------

def test_a_file_is_split_into_its_letters_named_as_the_ledgers_name_them(results):
    ids = [letter.id for letter in results[LETTER_2023_FULL.name].letters]
    assert ids == ["TB2023", "HOD-2023-06-16-virksomhetsstruktur", "HOD-2023-06-16-tilleggsoppdrag",
                   "TTB2023-02..06", "TTB2023-08..12", "TTB2023-22..25"]
    assert [l.id for l in results[LETTER_2023_FEB.name].letters] == ["TTB2023-02..06"]
    assert [l.id for l in results[LETTER_2023_LATE.name].letters] == ["TTB2023-44..52"]
    assert [l.id for l in results[LETTER_2024.name].letters] == ["TTB2024-54..62"]
    assert [l.id for l in results[LETTER_2025.name].letters] == ["TB2025-80..91"]


@pytest.mark.parametrize("ledger_path", [LEDGER_2023, LEDGER_2024, LEDGER_2025])
def test_every_letter_of_the_ledgers_is_found_with_its_date_and_reference(results, ledger_path):
    ledger = load_file(ledger_path)
    read = {letter.id: letter for result in results.values() for letter in result.letters}
    for letter in ledger.letters.values():
        assert letter.id in read, letter.id
        if letter.date is not None:
            dated = [r for result in results.values() for r in result.letters if r.id == letter.id and r.date]
            assert dated and dated[0].date == letter.date
            assert dated[0].ref == letter.ref


def test_kinds_titles_and_assignments(results):
    full = results[LETTER_2023_FULL.name]
    allocation = _letter(full, "TB2023")
    assert allocation.kind == ALLOCATION
    assert allocation.title == "Tildelingsbrev 2023 - Helsedirektoratet"
    assert allocation.assignments[0] == "TB2023-01" and allocation.assignments[-1] == "TB2023-82"
    february = _letter(full, "TTB2023-02..06")
    assert february.kind == SUPPLEMENT
    assert february.title == "Tillegg til tildelingsbrev (TTB2023-02 til -06)"
    assert sorted(february.assignments) == [f"TTB2023-0{n}" for n in range(2, 7)]
    assert _letter(results[LETTER_2024.name], "TTB2024-54..62").title == \
        "Tillegg til tildelingsbrev (TB2024-03, TTB2024-54 til -62)"
    assert _letter(results[LETTER_2025.name], "TB2025-80..91").kind == SUPPLEMENT


# -- tables ------------------------------------------------------------------------------------

def test_every_allocation_table_row_is_found_with_exact_figures_and_its_name(results):
    ledger = load_file(LEDGER_2023)
    expected = {p.key: p for p in ledger.posts if p.letter == "TB2023" and p.key not in PROSE_POSTS_2023}
    rows = {p.key: p for p in _letter(results[LETTER_2023_FULL.name], "TB2023").posts if p.origin == "table"}
    assert set(rows) == set(expected)
    assert len(rows) == 82
    for key, post in expected.items():
        row = rows[key]
        for field in ("appropriation", "allocation"):
            want = getattr(post, field)
            got = getattr(row, field)
            assert (got.kroner if got else None) == (want.kroner if want else None), (key, field)
        assert row.name == post.name, key
        if row.note:   # the table's remark column; other notes in the ledger are the advisor's own
            assert row.note == post.note, key


def test_rows_without_amounts_and_remarks_on_the_names_line(results):
    posts = {p.key: p for p in _letter(results[LETTER_2023_FULL.name], "TB2023").posts}
    assert posts["740.70"].name == "Helsetjenester i annet EØS-land"
    assert posts["740.70"].note == "Netto mellomregning føres ved årets slutt i kapitalregnskapet"
    assert posts["3740.03"].allocation is None and posts["3740.03"].note is None
    assert posts["702.71"].name == "Tilskudd beredskapslagring smittevernutstyr, kan overføres, kan nyttes under post 22"
    assert posts["732.77"].allocation.kroner == Decimal("3624400")


def test_post_annotations_are_kept_in_the_joined_name(results):
    from budsjett_cli.ledger.annotations import read_annotations
    posts = {p.key: p for p in _letter(results[LETTER_2023_FULL.name], "TB2023").posts}
    annotations = read_annotations(posts["714.21"].name)
    assert annotations.carry_over and annotations.usable_under == ("70", "74", "79")
    assert read_annotations(posts["737.70"].name).estimate


def test_every_change_table_row_is_found_with_exact_figures(tallies):
    found = expected = 0
    for name in NAMES:
        for tally in tallies[name]:
            expected += tally.expected["table changes"]
            found += tally.found["table changes"]
    assert expected == 6   # 765.21 in 001 and 002, 762.21, 765.21 (000), 760.21 and 714.21 (2025)
    assert found == expected


def test_change_table_units_are_read_exactly(results):
    february = _letter(results[LETTER_2023_FEB.name], "TTB2023-02..06").changes[0]
    assert (february.previous.kroner, february.amount.kroner, february.total.kroner) == (
        Decimal("187166000"), Decimal("8500000"), Decimal("195666000"))
    assert february.amount.unit is Unit.KR          # "8 500 000 kroner" in the cells
    late = _letter(results[LETTER_2023_LATE.name], "TTB2023-44..52")
    table = next(c for c in late.changes if c.key == "765.21")
    assert table.amount.kroner == Decimal("12100000") and table.amount.unit is Unit.THOUSAND   # "(1000 kroner)"
    nettlegen = next(c for c in _letter(results[LETTER_2025.name], "TB2025-80..91").changes if c.key == "760.21")
    assert nettlegen.previous.kroner == Decimal("349110000")   # printed "349110", unit after the table


# -- prose -----------------------------------------------------------------------------------------

def test_prose_changes_match_the_bundled_ledgers_and_nothing_is_proposed_wrongly(tallies):
    found = expected = 0
    for name in NAMES:
        for tally in tallies[name]:
            expected += tally.expected["prose changes"]
            found += tally.found["prose changes"]
            assert [w for w in tally.wrong if w[0] == "change"] == [], (name, tally.letter)
    assert expected == 10
    assert found == expected


def test_nothing_is_proposed_that_the_ledgers_do_not_hold(tallies):
    for name in NAMES:
        for tally in tallies[name]:
            assert tally.wrong == [], (name, tally.letter, tally.wrong)


def test_what_is_missed_is_marked_for_review(results, tallies):
    """Every ledger entry the reader does not propose stands in its review list, at that post."""
    for name in NAMES:
        for tally in tallies[name]:
            letter = _letter(results[name], tally.letter)
            reviewed = {r.post for r in letter.review}
            for missed in tally.missed:
                assert missed[1] in reviewed, (name, tally.letter, missed)


def test_earmarks_found_share(tallies):
    expected = sum(t.expected["earmarks"] for ts in tallies.values() for t in ts)
    found = sum(t.found["earmarks"] for ts in tallies.values() for t in ts)
    assert expected == 103
    assert found / expected >= 0.99, f"{found}/{expected}"


def test_a_change_with_previous_amount_and_total_in_words(results):
    letter = _letter(results[LETTER_2025.name], "TB2025-80..91")
    change = next(c for c in letter.changes if c.key == "701.21")
    assert (change.previous.kroner, change.amount.kroner, change.total.kroner) == (
        Decimal("6000000"), Decimal("-2400000"), Decimal("3600000"))
    assert change.source.first == 254 and change.origin == "prose"
    assert [s.first for s in change.sources] == [251, 255]


def test_a_collective_change_takes_its_items_as_earmarks(results):
    letter = _letter(results[LETTER_2023_LATE.name], "TTB2023-44..52")
    change = next(c for c in letter.changes if c.key == "714.79")
    assert change.amount.kroner == Decimal("3500000")
    assert [e.amount.kroner for e in change.earmarks] == [Decimal("2000000"), Decimal("1500000")]


def test_income_targets_and_reductions_are_negative(results):
    letter = _letter(results[LETTER_2023_LATE.name], "TTB2023-44..52")
    changes = {c.key: c for c in letter.changes}
    assert changes["3714.04"].amount.kroner == Decimal("-2000000")   # "Inntektskravet reduseres med 2 mill."
    assert changes["714.22"].amount.kroner == Decimal("-2000000")
    assert changes["714.74"].amount.kroner == Decimal("462000") and changes["714.74"].amount.unit is Unit.KR


def test_explanations_against_last_year_are_marked_for_review_not_proposed(results):
    allocation = _letter(results[LETTER_2023_FULL.name], "TB2023")
    explained = {(r.post, r.amount.kroner) for r in allocation.review if r.kind == "explanation"}
    assert ("762.21", Decimal("6200000")) in explained      # "er redusert med 6,2 mill. kroner som følge av ..."
    assert ("734.21", Decimal("8500000")) in explained
    late = _letter(results[LETTER_2023_LATE.name], "TTB2023-44..52")
    background = [r for r in late.review if r.kind == "previous"]
    assert [(r.post, r.amount.kroner) for r in background] == [("714.22", Decimal("2500000"))]


def test_a_figure_whose_post_is_not_named_is_marked_for_review(results):
    letter = _letter(results[LETTER_2025.name], "TB2025-80..91")
    unnamed = [r for r in letter.review if r.kind == "post-not-named"]
    assert any(r.amount.kroner == Decimal("750000") and r.post is None for r in unnamed)   # TB2025-86


def test_earmark_structure_inntil_minst_and_parts(results):
    february = _letter(results[LETTER_2023_FEB.name], "TTB2023-02..06").changes[0]
    assert len(february.earmarks) == 6 and all(e.upto for e in february.earmarks)   # "kan inntil:" list
    posts = {p.key: p for p in _letter(results[LETTER_2023_FULL.name], "TB2023").posts}
    kosthold = posts["714.21"].earmarks[1]
    assert kosthold.amount.kroner == Decimal("7800000")
    assert [e.amount.kroner for e in kosthold.of_which] == [Decimal("500000"), Decimal("800000")]   # "Av dette"
    assert [e.amount.kroner for e in posts["714.22"].earmarks[0].of_which] == [
        Decimal("2500000"), Decimal("4400000"), Decimal("18900000")]   # "o" sub-items
    tobacco = posts["3714.04"].earmarks[0]
    assert [e.amount.kroner for e in tobacco.of_which] == [Decimal("2300000"), Decimal("7800000")]
    assert [e.amount.kroner for e in tobacco.of_which[1].of_which] == [Decimal("4400000"), Decimal("3400000")]   # "hvorav"
    selvmord = posts["765.21"].earmarks
    assert selvmord[0].minimum and selvmord[1].upto and selvmord[2].upto
    nettlegen = next(c for c in _letter(results[LETTER_2025.name], "TB2025-80..91").changes if c.key == "760.21")
    assert nettlegen.earmarks[0].purpose == "Pilotering av Nettlegen"
    assert sum(e.amount.kroner for e in nettlegen.earmarks[0].of_which if e.amount) == Decimal("5950000")   # the table after the signature


def test_every_entry_cites_lines_that_hold_its_figure(results):
    """The source lines of each change contain its amount as printed (or the table row)."""
    for name, result in results.items():
        lines = (LETTER_DIR / name).read_text(encoding="utf-8").splitlines()
        for letter in result.letters:
            for change in letter.changes:
                text = " ".join(lines[change.source.first - 1:change.source.last])
                assert change.source.text and change.source.path == result.path
                figure = change.amount or change.total
                digits = figure.text.split()[0].lstrip("−-")
                assert digits in text.replace("\u00a0", " "), (name, change.key, digits)


def test_the_same_letter_read_twice_gives_the_same_proposal(results):
    one = _letter(results[LETTER_2023_FULL.name], "TTB2023-02..06").changes[0]
    two = _letter(results[LETTER_2023_FEB.name], "TTB2023-02..06").changes[0]
    assert (one.previous, one.amount, one.total) == (two.previous, two.amount, two.total)
    assert [e.amount for e in one.earmarks] == [e.amount for e in two.earmarks]


def test_plain_text_without_letters(tmp_path):
    assert read_text("", "empty.txt").letters == []
    result = read_text("Hei\nDette er ikke et brev.\n", "x.txt")
    assert all(not l.posts and not l.changes for l in result.letters)
