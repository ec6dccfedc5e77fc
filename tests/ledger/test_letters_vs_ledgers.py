"""The ledgers hold every table row of the letters, with the same figures.

The tables are read from the letters' text by tests/letter_tables.py, which
knows nothing of the ledgers; each row must then be in the matching ledger:
chapter, post, post name, and every printed figure in exact kroner. Rows
printed without an amount must be in the ledger without one. A change row
("Tidligere tildeling / Ny tildeling / Sum tildelt") must be a change of its
post with the same previous, amount and total.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from budsjett_cli.amounts import plain_decimal
from budsjett_cli.ledger.loader import load_file
from budsjett_cli.ledger.model import Ledger, Post

from conftest import (
    LEDGER_2023,
    LEDGER_2025,
    LETTER_2023_FEB,
    LETTER_2023_FULL,
    LETTER_2023_LATE,
    LETTER_2024,
    LETTER_2025,
    LETTERS,
)
from letter_tables import ALLOCATION, CHANGE, DESIGNATION, Row, Table, TableError, header_lines, read_tables

# Every table in the letters, as counted by reading them: (letter, where, kind, ledger, the rows' chapter.post).
# `where` is the section for the allocation tables, else the header's line.
EXPECTED = [
    (LETTER_2023_FULL, "1.6", ALLOCATION, LEDGER_2023,
     "740.01 740.21 740.60 740.70 740.71 740.72 3740.02 3740.03 3740.04 3740.05 3740.06"),
    (LETTER_2023_FULL, "2.1.2", ALLOCATION, LEDGER_2023,
     "714.21 714.22 714.60 714.70 714.74 714.79"),
    (LETTER_2023_FULL, "2.2.2", ALLOCATION, LEDGER_2023,
     "717.70 732.70 732.77 733.21 733.79 734.01 734.21 734.70 734.72 737.70 "
     "761.21 761.60 761.61 761.65 761.67 761.68 761.71 761.72 761.73 761.75 761.79 "
     "762.21 762.60 762.61 762.63 762.70 762.73 762.74 "
     "765.21 765.60 765.62 765.71 765.72 765.73 765.74 765.75 770.21 770.70 781.21 781.79"),
    (LETTER_2023_FULL, "2.3.2", ALLOCATION, LEDGER_2023,
     "702.21 702.22 702.70 702.71"),
    (LETTER_2023_FULL, "2.4.2", ALLOCATION, LEDGER_2023,
     "783.21 783.61 783.79"),
    (LETTER_2023_FULL, "2.5.2", ALLOCATION, LEDGER_2023,
     "2711.70 2711.71 2711.72 2711.76 2751.70 2751.71 2751.72 2752.72 "
     "2755.62 2755.70 2755.71 2755.72 2755.73 2755.75 2756.70 2756.71 2756.72 2790.70"),
    # TTB2023-02..06, in kroner, under "Kap. 765, post 21"; the same letter again on its own in 002.
    (LETTER_2023_FULL, "line 3535", CHANGE, LEDGER_2023, "765.21"),
    (LETTER_2023_FEB, "line 258", CHANGE, LEDGER_2023, "765.21"),
    # TTB2023-12, "Tidligere bevilgning".
    (LETTER_2023_FULL, "line 3788", CHANGE, LEDGER_2023, "762.21"),
    # TTB2023-44..52, "Sum tildelt 2023".
    (LETTER_2023_LATE, "line 323", CHANGE, LEDGER_2023, "765.21"),
    # TB2025-80..91: "Kap./post Benevnelse Tildeling Kommentarer", and "Sum tildelt 2025" with its unit below it.
    (LETTER_2025, "line 260", DESIGNATION, LEDGER_2025, "714.21"),
    (LETTER_2025, "line 277", CHANGE, LEDGER_2025, "760.21"),
]
ALL_LETTERS = [LETTER_2023_FULL, LETTER_2023_FEB, LETTER_2023_LATE, LETTER_2024, LETTER_2025]


@lru_cache(maxsize=None)
def tables_of(letter: Path) -> tuple[Table, ...]:
    return tuple(read_tables(letter))


@lru_cache(maxsize=None)
def ledger_at(path: Path) -> Ledger:
    return load_file(path)


def where(table: Table) -> str:
    return table.section if table.kind is ALLOCATION else f"line {table.line}"


def squash(text: str | None) -> str:
    """Names compare without their whitespace: wrapped lines join with or without a space ("h-\\nresept")."""
    return "".join((text or "").split())


def find_table(letter: Path, place: str) -> Table:
    found = [t for t in tables_of(letter) if where(t) == place]
    assert len(found) == 1, f"{letter.name}: {len(found)} tables at {place}"
    return found[0]


def test_the_letters_are_all_here():
    assert sorted(p.name for p in LETTERS.glob("*.txt")) == sorted(p.name for p in ALL_LETTERS)


@pytest.mark.parametrize("letter", ALL_LETTERS, ids=lambda p: p.name[:3])
def test_every_table_in_the_letters_is_read(letter):
    """The reader finds exactly the expected tables, and no line with a table header's words goes unread."""
    tables = tables_of(letter)
    assert sorted((where(t), t.kind.name) for t in tables) == sorted(
        (place, kind.name) for path, place, kind, _, _ in EXPECTED if path == letter
    )
    assert set(header_lines(letter)) <= {t.line for t in tables}


@pytest.mark.parametrize(
    "letter, place, kind, ledger_path, keys",
    EXPECTED,
    ids=[f"{e[0].name[:3]} {e[1]}" for e in EXPECTED],
)
def test_every_table_row_is_in_the_ledger(letter, place, kind, ledger_path, keys):
    table = find_table(letter, place)
    assert table.kind is kind
    assert len(table.rows) == len(keys.split())
    assert [row.key for row in table.rows] == keys.split()
    ledger = ledger_at(ledger_path)
    check = {ALLOCATION: check_allocation, CHANGE: check_change, DESIGNATION: check_designation}[kind]
    problems = [problem for row in table.rows for problem in check(row, ledger, f"{letter.name}:{row.line}")]
    assert problems == [], "\n".join(problems)


def test_rows_printed_without_an_amount_are_read_as_such():
    """The 740/3740 table prints six rows without figures (four with a remark instead); 2.3.2 prints one."""
    bare = {where(t): [r.key for r in t.rows if not r.figures] for t in tables_of(LETTER_2023_FULL) if t.kind is ALLOCATION}
    assert bare == {
        "1.6": ["740.60", "740.70", "740.71", "740.72", "3740.03", "3740.06"],
        "2.1.2": [], "2.2.2": [], "2.3.2": ["702.71"], "2.4.2": [], "2.5.2": [],
    }
    remarks = {r.key: r.remark for r in find_table(LETTER_2023_FULL, "1.6").rows if r.remark}
    assert set(remarks) == {"740.60", "740.70", "740.71", "740.72"}
    assert set(remarks.values()) == {"Netto mellomregning føres ved årets slutt i kapitalregnskapet"}


def test_figures_keep_their_units():
    kroner_table = find_table(LETTER_2023_FULL, "line 3535")
    assert kroner_table.unit is None  # the cells say "kroner"
    assert {c: str(f.kroner) for c, f in kroner_table.rows[0].figures.items()} == {
        "previous": "187166000", "amount": "8500000", "total": "195666000",
    }
    decimals = {r.key: r.figures["allocation"].kroner for r in find_table(LETTER_2023_FULL, "2.2.2").rows}
    assert decimals["732.77"] == 3_624_400  # "3 624,4" in thousands


# -- comparing a row with the ledger -------------------------------------------------------


def _post(ledger: Ledger, row: Row) -> Post | None:
    return next((p for p in ledger.posts if p.chapter == row.chapter and p.post == row.post), None)


def _shown(money) -> str:
    return "nothing" if money is None else f"{money.text!r} ({plain_decimal(money.kroner)} kr, line {money.line})"


def check_allocation(row: Row, ledger: Ledger, at: str) -> list[str]:
    post = _post(ledger, row)
    if post is None:
        return [f"{at}: {row.key} is not in {ledger.path}"]
    problems = []
    line = post.location.line
    if squash(row.name) != squash(post.name):
        problems.append(f"{at}: {row.key} is named {row.name!r}; {ledger.path}:{line} says {post.name!r}")
    for column in ("appropriation", "allocation"):
        printed = row.figures.get(column)
        recorded = getattr(post, column)
        if printed is None and recorded is not None:
            problems.append(f"{at}: {row.key} is printed without {column}; {ledger.path}:{line} has {_shown(recorded)}")
        elif printed is not None and (recorded is None or recorded.kroner != printed.kroner):
            problems.append(
                f"{at}: {row.key} {column} is {printed.text!r} ({plain_decimal(printed.kroner)} kr); "
                f"{ledger.path}:{line} has {_shown(recorded)}"
            )
    if row.remark and squash(row.remark) not in squash(post.note):
        problems.append(f"{at}: {row.key} prints {row.remark!r}; {ledger.path}:{line} does not note it")
    return problems


def check_change(row: Row, ledger: Ledger, at: str) -> list[str]:
    post = _post(ledger, row)
    if post is None:
        return [f"{at}: {row.key} is not in {ledger.path}"]
    printed = {column: figure.kroner for column, figure in row.figures.items()}
    for change in post.changes:
        recorded = {column: getattr(change, column) for column in printed}
        if all(money is not None and money.kroner == printed[c] for c, money in recorded.items()):
            return []
    recorded = "; ".join(
        f"line {c.location.line}: " + ", ".join(f"{col} {_shown(getattr(c, col))}" for col in printed)
        for c in post.changes
    ) or "no changes"
    figures = ", ".join(f"{c} {f.text!r}" for c, f in row.figures.items())
    return [f"{at}: {row.key} {figures}: no such change in {ledger.path} ({recorded})"]


def check_designation(row: Row, ledger: Ledger, at: str) -> list[str]:
    """'Benevnelse' is the post's name, or "chapter name/post name"; 'Tildeling' is a change's amount."""
    post = _post(ledger, row)
    if post is None:
        return [f"{at}: {row.key} is not in {ledger.path}"]
    problems = []
    chapter = ledger.chapters[row.chapter].name
    names = {squash(post.name), squash(f"{chapter}/{post.name}") if chapter else None}
    if squash(row.name) not in names:
        problems.append(
            f"{at}: {row.key} is called {row.name!r}; {ledger.path}:{post.location.line} "
            f"has chapter {chapter!r}, post {post.name!r}"
        )
    return problems + check_change(row, ledger, at)


# -- the reader itself ---------------------------------------------------------------------


def _letter(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "letter.txt"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "Alle tall i hele tusen \n\nKap. Post Postnavn Bevilgning 2023 Tildeling 2023 \n\n"


def test_the_reader_joins_names_skips_page_furniture_and_splits_figures(tmp_path):
    letter = _letter(tmp_path, HEADER + (
        "765 21 Spesielle driftsutgifter, kan \noverføres, kan nyttes under post \n72 \n\n217 166 187 166 \n\n"
        "\n\nSide 15 \n\n 60 Kommunale tjenester 370 942 370 942 \n"
        " 61 Uten beløp \n\n  \n\nKap. 765, post 21 \nHelsedirektoratet tildeles ...\n"
    ))
    (table,) = read_tables(letter)
    assert [(r.key, r.name) for r in table.rows] == [
        ("765.21", "Spesielle driftsutgifter, kan overføres, kan nyttes under post 72"),
        ("765.60", "Kommunale tjenester"),
        ("765.61", "Uten beløp"),
    ]
    assert [{c: str(f.kroner) for c, f in r.figures.items()} for r in table.rows] == [
        {"appropriation": "217166000", "allocation": "187166000"},
        {"appropriation": "370942000", "allocation": "370942000"},
        {},
    ]
    assert table.rows[0].readings == 3  # 217 | 166 187 166, 217 166 | 187 166, 217 166 187 | 166


def test_the_reader_refuses_figures_it_cannot_split(tmp_path):
    letter = _letter(tmp_path, HEADER + "765 21 Drift \n\n100 200 300 \n\nKap. 765, post 21 \n")
    with pytest.raises(TableError, match="several ways"):
        read_tables(letter)  # 100 | 200 300 or 100 200 | 300: equally close, so no guess


def test_a_change_row_is_read_the_way_that_adds_up(tmp_path):
    letter = _letter(tmp_path, "(i 1000 kroner) \n\nKap. post Tidligere bevilgning Ny tildeling Sum tildelt \n\n"
                               "762.21 185 951 350 186 301 \n\nAnsvarlig avdeling \n")
    (table,) = read_tables(letter)
    assert table.rows[0].readings > 1
    assert [f.text for f in table.rows[0].figures.values()] == ["185 951", "350", "186 301"]
    bad = _letter(tmp_path, "(i 1000 kroner) \n\nKap. post Tidligere tildeling Ny tildeling Sum tildelt \n\n"
                            "762.21 185 951 350 186 302 \n")
    with pytest.raises(TableError, match="add up"):
        read_tables(bad)


def test_a_table_needs_a_unit(tmp_path):
    letter = _letter(tmp_path, "Kap. 765, post 21 \n\nTidligere tildeling Ny tildeling Sum tildelt \n\n187 166 8 500 195 666 \n")
    with pytest.raises(TableError, match="no unit"):
        read_tables(letter)


def test_a_table_that_does_not_end_is_an_error(tmp_path):
    prose = "".join(f"linje {n} av en lang tekst uten overskrift \n" for n in range(12))
    letter = _letter(tmp_path, HEADER + "765 60 Uten beløp Netto mellomregning \n" + prose)
    with pytest.raises(TableError, match="does not end"):
        read_tables(letter)
