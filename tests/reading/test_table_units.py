"""A table's unit from the paragraph leading in to it, when its header states none.

The rule (docs/import.md, "Units"): the header's unit wins; else a line of
its own next to the table; else a unit named in the paragraph immediately
above the table ("Beløp i 1 000 kroner", "(i mill. kroner)", "Tall i hele
kroner", "alle beløp er oppgitt i tusen kroner"). A header and words around
it that disagree are reviewed (``unit-conflict``); a unit further up is not
the table's, and the table is then read in 1000 kr and reviewed
(``unit-assumed``).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budsjett_cli.amounts import Unit
from budsjett_cli.letters.reader import read_text


def _letter(lead_in: str, header: str = "Kap. Post Postnavn Tildeling 2026", rows=None, between: str = "") -> str:
    rows = rows or ["714 21 Spesielle driftsutgifter 12,5", "714 70 Tilskudd til kommuner 3,25"]
    return "\n".join(["Tildelingsbrev 2026", "", "Dato 14. januar 2026", "", between, "", lead_in, "", header,
                      *rows, "", "Med hilsen", ""])


def _posts(text: str):
    (letter,) = read_text(text).letters
    return {p.key: p for p in letter.posts}, [r.kind for r in letter.review], letter


def test_mill_kroner_in_the_lead_in_scales_the_figures_exactly():
    posts, review, letter = _posts(_letter("Departementet tildeler følgende (i mill. kroner):"))
    assert posts["714.21"].allocation.kroner == Decimal("12500000")
    assert posts["714.70"].allocation.kroner == Decimal("3250000")
    assert isinstance(posts["714.70"].allocation.kroner, Decimal)
    assert posts["714.21"].allocation.unit is Unit.MILLION
    assert "unit-assumed" not in review and "unit-conflict" not in review
    assert letter.unit is Unit.MILLION


def test_hele_kroner_in_the_lead_in():
    rows = ["714 21 Spesielle driftsutgifter 1 234 567", "714 70 Tilskudd til kommuner 800 000"]
    posts, review, _ = _posts(_letter("Helsedirektoratet tildeles midler som vist i tabellen. Tall i hele kroner.",
                                      rows=rows))
    assert posts["714.21"].allocation.kroner == Decimal("1234567")
    assert posts["714.70"].allocation.kroner == Decimal("800000")
    assert "unit-assumed" not in review


@pytest.mark.parametrize("lead_in", [
    "Beløp i 1 000 kroner",
    "Departementet tildeler følgende, alle beløp er oppgitt i tusen kroner:",
    "Tabellen viser tildelingen for 2026 (alle tall i 1 000 kroner), og den gjelder fra 1. januar.",
    "Tildelingen for 2026 er som følger\n(beløpene i 1000 kr):",
])
def test_thousands_in_the_lead_in_is_stated_not_assumed(lead_in):
    rows = ["714 21 Spesielle driftsutgifter 12 500", "714 70 Tilskudd til kommuner 3 250"]
    posts, review, _ = _posts(_letter(lead_in, rows=rows))
    assert posts["714.21"].allocation.kroner == Decimal("12500000")
    assert review == []


def test_without_a_unit_anywhere_the_table_is_read_in_thousands_and_reviewed():
    rows = ["714 21 Spesielle driftsutgifter 12 500", "714 70 Tilskudd til kommuner 3 250"]
    posts, review, _ = _posts(_letter("Departementet tildeler følgende:", rows=rows))
    assert posts["714.21"].allocation.kroner == Decimal("12500000")
    assert review.count("unit-assumed") == 2


def test_an_amount_in_the_lead_in_is_not_a_unit():
    rows = ["714 21 Spesielle driftsutgifter 12 500", "714 70 Tilskudd til kommuner 3 250"]
    posts, review, _ = _posts(_letter("Helsedirektoratet tildeles 15,75 mill. kroner i 2026, fordelt slik:", rows=rows))
    assert posts["714.21"].allocation.kroner == Decimal("12500000")
    assert "unit-assumed" in review


def test_a_unit_further_up_than_the_paragraph_above_is_not_the_tables():
    rows = ["714 21 Spesielle driftsutgifter 12 500", "714 70 Tilskudd til kommuner 3 250"]
    far = "Beløpene i tabellen i vedlegg 2 er i mill. kroner. Se også vedlegg 3."
    text = _letter("Departementet tildeler følgende:", rows=rows,
                   between=far + "\n\nDet vises til Prop. 1 S (2025–2026) og til Stortingets vedtak om budsjettet.")
    posts, review, _ = _posts(text)
    assert posts["714.21"].allocation.kroner == Decimal("12500000")     # not 12 500 mill.
    assert "unit-assumed" in review


def test_a_unit_the_letter_gives_for_all_its_amounts_is_taken_and_reviewed():
    rows = ["714 21 Spesielle driftsutgifter 12,5", "714 70 Tilskudd til kommuner 3,25"]
    far = "Alle beløp i dette brevet er i mill. kroner når ikke annet er sagt. Se også vedlegg 2 og 3."
    text = _letter("Departementet tildeler følgende:", rows=rows,
                   between=far + "\n\nDet vises til Prop. 1 S (2025–2026) og til Stortingets vedtak om budsjettet.")
    posts, review, _ = _posts(text)
    assert posts["714.21"].allocation.kroner == Decimal("12500000")     # 12,5 mill., as the letter says
    assert "unit-assumed" in review


def test_a_unit_in_the_header_wins_over_the_lead_in_and_agreeing_is_quiet():
    rows = ["714 21 Spesielle driftsutgifter 12 500", "714 70 Tilskudd til kommuner 3 250"]
    posts, review, _ = _posts(_letter("Beløp i 1 000 kroner", header="Kap. Post Postnavn Tildeling (1000 kr)",
                                      rows=rows))
    assert posts["714.21"].allocation.kroner == Decimal("12500000")
    assert review == []


def test_a_lead_in_that_conflicts_with_the_header_is_reviewed_and_the_header_wins():
    rows = ["714 21 Spesielle driftsutgifter 12 500", "714 70 Tilskudd til kommuner 3 250"]
    (letter,) = read_text(_letter("Departementet tildeler følgende (i mill. kroner):",
                                  header="Kap. Post Postnavn Tildeling (i 1000 kroner)", rows=rows)).letters
    posts = {p.key: p for p in letter.posts}
    assert posts["714.21"].allocation.kroner == Decimal("12500000")
    (item,) = letter.review
    assert item.kind == "unit-conflict"
    assert "1000 kr" in item.message and "mill. kr" in item.message


def test_markdown_table_takes_the_lead_in_unit_and_its_unit_row_wins():
    lead = "Departementet tildeler følgende (i mill. kroner):"
    table = ["| Kap. | Post | Betegnelse | Tildeling |", "|---|---|---|---|",
             "| 714 | 21 | Spesielle driftsutgifter | 12,5 |", "| 714 | 70 | Tilskudd | 3,25 |"]
    text = "\n".join(["# Tildelingsbrev 2026", "", "Dato 14. januar 2026", "", lead, "", *table, "", "Med hilsen", ""])
    posts, review, _ = _posts(text)
    assert posts["714.21"].allocation.kroner == Decimal("12500000")
    assert review == []
    unit_row = ["| | | | (i 1000 kroner) |", "|---|---|---|---|", "| Kap. | Post | Betegnelse | Tildeling |",
                "| 714 | 21 | Spesielle driftsutgifter | 12 500 |", "| 714 | 70 | Tilskudd | 3 250 |"]
    text = "\n".join(["# Tildelingsbrev 2026", "", "Dato 14. januar 2026", "", lead, "", *unit_row, "", "Med hilsen", ""])
    posts, review, _ = _posts(text)
    assert posts["714.21"].allocation.kroner == Decimal("12500000")
    assert review == ["unit-conflict"]
