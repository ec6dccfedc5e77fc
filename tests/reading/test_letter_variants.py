"""The reader on letters it was not built from: the letter-variant corpus (tests/letter_variants/).

Every file holds the real letters' figures in another converter's or
ministry's layout; expected.json (written by the corpus generator, not by
the reader) says what must be found. Every allocation-table row is found
with exact figures, every earmark a cell lists, every prose allocation and
correction; nothing is proposed that the letter does not hold.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budsjett_cli.letters.reader import read_file, read_text
from variantcompare import VARIANTS, compare, expected

EXPECTED = expected()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_row_of_every_layout_is_found_exactly(name):
    want = EXPECTED[name]
    tally = compare(name, want)
    assert tally.wrong == [], tally.wrong
    if "limit" in want:
        # a layout the reader cannot put back together: nothing read, nothing wrong
        assert tally.found == 0
        return
    assert tally.problems == []
    assert tally.missed == []
    assert tally.exact == tally.rows
    assert tally.earmarks_found == tally.earmarks


def test_the_corpus_covers_the_layouts_the_issue_names():
    layouts = " ".join(w["layout"] for w in EXPECTED.values())
    for what in ("markdown", "pypdf", "pdfminer", "pdftotext", "Kapittel | Post", "flattened", "prose", "correction"):
        assert what in layouts
    assert sum(w["posts"] != {} for w in EXPECTED.values()) >= 10
    assert (VARIANTS / "make_corpus.py").is_file()


def test_page_break_artefacts_do_not_reach_names_or_notes():
    letter = read_file(VARIANTS / "tb2023-markdown-pagebreaks.md").letters[0]
    posts = {p.key: p for p in letter.posts}
    for entry in letter.posts:
        for text in (entry.name or "", entry.note or "", *(e.purpose for e in entry.earmarks)):
            assert "<" not in text and ">" not in text and "\u00b6" not in text, (entry.key, text)
    assert posts["737.70"].name == "Tilskudd, overslagsbevilgning"
    assert posts["2752.72"].name == "Egenandelstak"
    # a name cut by the page break is joined again from the continuation table's first row
    assert posts["733.21"].name == "Spesielle driftsutgifter, kan nyttes under post 79"
    # a remark's list cut by the page break goes on in the continuation table's first row
    assert [e.amount.kroner for e in posts["714.70"].earmarks] == [Decimal("66000000"), Decimal("46800000"),
                                                                   Decimal("39500000")]
    assert len(posts["762.21"].earmarks) == 3 and posts["762.21"].earmarks[1].purpose.startswith("videre utvikling")
    # the unit stated once above the first table holds for the continuations
    assert posts["2790.70"].allocation.kroner == Decimal("242000000")


def test_lead_in_decides_the_allocation_column_and_says_so():
    letter = read_file(VARIANTS / "oppdragsdokument-markdown.md").letters[0]
    assert letter.form == "oppdragsdokument"
    entry = next(p for p in letter.posts if p.key == "783.21")
    assert entry.allocation.kroner == Decimal("33894000") and entry.appropriation is None
    assert "vedtatt å tildele følgende" in entry.allocation_rule
    assert entry.name == "Spesielle driftsutgifter"
    assert entry.earmarks_partial   # "hvorav": parts of the post, not all of it


def test_without_a_lead_in_bevilgning_is_the_appropriation():
    text = (VARIANTS / "oppdragsdokument-markdown.md").read_text(encoding="utf-8")
    text = text.replace("vedtatt å tildele følgende:", "følgende bevilgninger:")
    letter = read_text(text).letters[0]
    entry = next(p for p in letter.posts if p.key == "783.21")
    assert entry.allocation is None and entry.appropriation.kroner == Decimal("33894000")
    assert "read as the appropriation" in entry.allocation_rule
    assert [r.kind for r in letter.review] == ["allocation-column"]


def test_a_sum_row_that_differs_from_the_rows_is_reviewed():
    text = (VARIANTS / "oppdragsdokument-text.txt").read_text(encoding="utf-8").replace("Sum 361 657", "Sum 361 757")
    letter = read_text(text).letters[0]
    (total,) = letter.stated_totals
    assert total.figure.kroner == Decimal("361757000") and total.rows_sum.kroner == Decimal("361657000")
    assert not total.agrees
    assert [r.kind for r in letter.review] == ["sum-differs"]


def test_correction_is_derived_and_reviewed_never_silent():
    letter = read_file(VARIANTS / "korrigering.txt").letters[0]
    assert letter.form == "korrigering"
    (change,) = letter.changes
    assert change.key == "761.71"
    assert (change.previous.kroner, change.amount.kroner, change.total.kroner) == (
        Decimal("2800000"), Decimal("-700000"), Decimal("2100000"))
    assert [r.kind for r in letter.review] == ["derived"]
    # a correction naming no row of the restated table is reviewed, not placed on a guess
    unknown = (VARIANTS / "korrigering.txt").read_text(encoding="utf-8").replace(
        "oppdraget Frivillig arbeid", "oppdraget Ukjent tiltak")
    letter = read_text(unknown).letters[0]
    assert letter.changes == []
    assert [r.kind for r in letter.review] == ["post-not-named"]


@pytest.mark.parametrize("line, date", [
    ("Dato 14. januar 2026", "2026-01-14"),
    ("Norsk helsenett SFDato 14. januar 2026", "2026-01-14"),
    ("Oslo, 17.12.2025", "2025-12-17"),
    ("Vår ref 25/1234-5 Dato 3. februar 2026", "2026-02-03"),
])
def test_dates_wherever_the_letter_prints_them(line, date):
    text = f"Tildelingsbrev 2026\n\n{line}\n\nHelsedirektoratet tildeles 2 mill. kroner over kap. 714, post 21.\n"
    (letter,) = read_text(text).letters
    assert letter.date.isoformat() == date
    assert letter.year == 2026


def test_a_deadline_is_not_the_letters_date():
    text = "Tillegg til tildelingsbrev\n\nFrist 20. oktober 2023\n\nTildelingen av kap. 714, post 21 økes med 2 mill. kroner.\n"
    (letter,) = read_text(text).letters
    assert letter.date is None


def test_the_per_layout_table_in_docs_import_md_is_what_the_reader_gives():
    from variantcompare import compare_all
    docs = (VARIANTS.parent.parent / "docs" / "import.md").read_text(encoding="utf-8")
    shown = {}
    for line in docs.splitlines():
        cells = [c.strip() for c in line.replace("\\|", "/").strip("|").split("|")]
        if len(cells) == 10 and cells[1].startswith("`"):
            shown[cells[1].strip("`")] = cells[2:9]
    tallies = compare_all()
    assert set(shown) == {t.name for t in tallies}
    for t in tallies:
        assert shown[t.name] == [str(t.rows), str(t.found), str(t.exact), str(len(t.missed)), str(len(t.wrong)),
                                 f"{t.earmarks_found}/{t.earmarks}", str(t.review)], t.name


@pytest.mark.parametrize("name", ["oppdragsdokument-text.txt", "oppdragsdokument-markdown.md"])
def test_chapter_subtotals_are_checked_and_the_table_goes_on(name):
    text = (VARIANTS / name).read_text(encoding="utf-8")
    if name.endswith(".md"):
        text = text.replace("| 783 | 21 |", "| Sum kap. 781 |  |  | 79 150 |\n| 783 | 21 |", 1)
    else:
        text = text.replace("783 21 ", "Sum kap. 781 79 150\n783 21 ", 1)
    letter = read_text(text).letters[0]
    assert {p.key for p in letter.posts} == {"781.21", "781.79", "783.21", "783.61", "783.79"}
    subtotal = next(t for t in letter.stated_totals if t.chapter == "781")
    assert subtotal.agrees and subtotal.figure.kroner == Decimal("79150000")
    assert letter.stated_total.kroner == Decimal("361657000") and letter.review == []
    wrong = read_text(text.replace("79 150", "79 250")).letters[0]
    assert [r.kind for r in wrong.review] == ["sum-differs"] and "chapter 781's Sum row" in wrong.review[0].message


def test_av_dette_rows_are_earmarks_of_the_post_above():
    text = (VARIANTS / "oppdragsdokument-text.txt").read_text(encoding="utf-8").replace(", hvorav", ", av dette")
    entry = next(p for p in read_text(text).letters[0].posts if p.key == "783.21")
    assert entry.name == "Spesielle driftsutgifter"
    assert [e.amount.kroner for e in entry.earmarks] == [Decimal("12500000"), Decimal("8300000")]
    assert entry.earmarks_partial


def _rows(letter):
    return {p.key: (p.name, p.appropriation.kroner, p.allocation.kroner, [e.amount.kroner for e in p.earmarks])
            for p in letter.posts}


@settings(max_examples=25, deadline=None)
@given(st.sets(st.integers(min_value=1, max_value=70), max_size=8))
def test_page_breaks_anywhere_between_rows_read_the_same(breaks):
    """Property: cut the markdown table at any row boundaries (a page footer, an empty header): the same rows."""
    lines = (VARIANTS / "tb2023-markdown-pagebreaks.md").read_text(encoding="utf-8").splitlines()
    row_lines = [i for i, line in enumerate(lines) if re.match(r"^\| \d{3,4}\.\d{2} \|", line)]
    wanted = _rows(read_text("\n".join(lines) + "\n").letters[0])
    out = list(lines)
    for k in sorted((row_lines[b] for b in breaks if b < len(row_lines)), reverse=True):
        out[k:k] = ["", "Side 9", "", "|   |   |   |   |   |", "|---|---|---|---|---|"]
    assert _rows(read_text("\n".join(out) + "\n").letters[0]) == wanted
