"""The other ways letters arrive: PDFs (read with pypdf) and PDF-to-markdown pipe tables."""

from decimal import Decimal

import pytest

from budsjett_cli.amounts import Unit
from budsjett_cli.letters.reader import read_file, read_text
from conftest import LETTER_2023_FEB, LETTER_2023_FULL, LETTER_2023_LATE, LETTER_2024, LETTER_2025
from pdfmaker import make_pdf


def _entries(result):
    """What a reading proposes, without line numbers (a PDF's lines are those pypdf extracts)."""
    out = []
    for letter in result.letters:
        out.append(("letter", letter.id, letter.kind, letter.date, letter.ref))
        for post in letter.posts:
            out.append(("post", post.key, post.name, post.appropriation and post.appropriation.kroner,
                        post.allocation and post.allocation.kroner, len(post.earmarks)))
        for change in letter.changes:
            out.append(("change", change.key, change.previous and change.previous.kroner,
                        change.amount and change.amount.kroner, change.total and change.total.kroner,
                        len(change.earmarks)))
    return out


@pytest.mark.parametrize("letter", [LETTER_2023_LATE, LETTER_2023_FEB, LETTER_2024, LETTER_2025, LETTER_2023_FULL],
                         ids=lambda p: p.name[:3])
def test_a_pdf_of_a_letter_reads_back_to_the_same_entries(tmp_path, letter):
    lines = letter.read_text(encoding="utf-8").splitlines()
    pdf = tmp_path / (letter.stem + ".pdf")
    pdf.write_bytes(make_pdf(lines))
    from_pdf = read_file(pdf)
    assert from_pdf.format == "pdf"
    assert _entries(from_pdf) == _entries(read_file(letter))


def test_the_pdf_path_through_the_command(run, tmp_path):
    pdf = tmp_path / "tillegg.pdf"
    pdf.write_bytes(make_pdf(LETTER_2023_LATE.read_text(encoding="utf-8").splitlines()))
    result = run("import", str(pdf))
    assert result.exit_code == 0
    assert "(pdf, " in result.stdout and "amount: 1,7 mill." in result.stdout
    text = run("import", str(pdf), "--text")
    assert "Helsedirektoratet tildeles 1,7 mill. kroner" in text.stdout


def test_a_pdf_without_text_is_refused(run, tmp_path):
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(make_pdf([]))
    result = run("import", str(pdf))
    assert result.exit_code == 2
    assert "no text layer" in result.stderr


# -- markdown --------------------------------------------------------------------------------------

MARKDOWN_SUPPLEMENT = """# Tillegg til tildelingsbrev

## TTB2023-44 Et oppdrag

Helsedirektoratet bes om å utrede saken.

## Kap. 765, post 21

(1000 kroner)

| Kap. post | Tidligere tildeling | Ny tildeling | Sum tildelt 2023 |
|---|---|---|---|
| 765.21 | 186 600 | | 5 050 | 191 650 |
| 762.21 | 185<br>951 | 350 | 186 301 |
| 714.21 | 71 600 1 700 | | 73 300 |

**Kap. 714, post 60**

Helsedirektoratet tildeles 2,053 mill. kroner knyttet til ekstraordinær prisjustering på posten.

* 1 mill. kroner til kampanjer
* 1,053 mill. kroner til drift
"""


def test_markdown_pipe_tables_with_empty_shifted_and_broken_cells():
    result = read_text(MARKDOWN_SUPPLEMENT, "tillegg.md")
    assert result.format == "markdown"
    letter = result.letters[0]
    assert letter.id == "TTB2023-44"
    changes = {c.key: c for c in letter.changes}
    assert (changes["765.21"].previous.kroner, changes["765.21"].amount.kroner, changes["765.21"].total.kroner) == (
        Decimal("186600000"), Decimal("5050000"), Decimal("191650000"))
    assert changes["762.21"].previous.kroner == Decimal("185951000")          # "185<br>951"
    assert changes["714.21"].amount.kroner == Decimal("1700000")             # two figures in one cell
    assert changes["714.60"].amount.kroner == Decimal("2053000")
    assert [e.amount.kroner for e in changes["714.60"].earmarks] == [Decimal("1000000"), Decimal("1053000")]
    assert changes["765.21"].source.first == 13
    assert [r.kind for r in letter.review] == ["date-not-found"]     # the one doubt: it prints no date


MARKDOWN_ALLOCATION = """# Tildelingsbrev 2024

## 2.1.2 Tildelinger

Alle tall i hele tusen

| Kap. | Post | Postnavn | Bevilgning 2024 | Tildeling 2024 |
|------|------|----------|-----------------|----------------|
| 714 | 21 | Spesielle driftsutgifter, kan<br>overføres | 102 802 | 71 600 |
| | 22 | Gebyrfinansierte ordninger | 28 531 | 28 531 |
| 740 | 60 | Gjesteinnbyggeroppgjør | Netto mellomregning | |
| 2711 | 70 | Spesialisthjelp | 2 607,4 | 2 607,4 |
"""


def test_markdown_allocation_table():
    letter = read_text(MARKDOWN_ALLOCATION, "tb.md").letters[0]
    assert letter.kind == "allocation" and letter.id == "TB2024"
    posts = {p.key: p for p in letter.posts}
    assert posts["714.21"].name == "Spesielle driftsutgifter, kan overføres"
    assert (posts["714.21"].appropriation.kroner, posts["714.21"].allocation.kroner) == (
        Decimal("102802000"), Decimal("71600000"))
    assert posts["714.22"].allocation.kroner == Decimal("28531000")       # the chapter cell left empty
    assert posts["740.60"].allocation is None and posts["740.60"].note == "Netto mellomregning"
    assert posts["2711.70"].allocation.kroner == Decimal("2607400")
    assert posts["2711.70"].allocation.unit is Unit.THOUSAND


@pytest.mark.parametrize("statement, unit", [
    ("Alle tall i hele tusen", Unit.THOUSAND), ("(1000 kroner)", Unit.THOUSAND), ("(i 1 000 kroner)", Unit.THOUSAND),
    ("(alle tall i 1 000 kroner)", Unit.THOUSAND), ("Beløp i kroner", Unit.KR), ("(mill. kroner)", Unit.MILLION),
])
def test_a_tables_unit_statement_is_applied_exactly(statement, unit):
    text = f"Tillegg til tildelingsbrev\n\nDato 6. februar 2023\n\nTTB2023-70 Oppdrag\n\nKap. 762, post 21\n{statement}\n\n" \
           "Kap. post Tidligere tildeling Ny tildeling Sum tildelt\n762.21 185 951 350 186 301\n"
    change = read_text(text, "t.txt").letters[0].changes[0]
    assert change.amount.kroner == Decimal(350) * unit.factor
    assert change.amount.unit is unit


def test_a_table_without_a_unit_is_read_in_1000_kr_and_marked_for_review():
    text = "Tillegg til tildelingsbrev\n\nDato 6. februar 2023\n\nTTB2023-70 Oppdrag\n\n" \
           "Kap. post Tidligere tildeling Ny tildeling Sum tildelt\n762.21 185 951 350 186 301\n"
    letter = read_text(text, "t.txt").letters[0]
    assert letter.changes[0].amount.kroner == Decimal(350000)
    assert [r.kind for r in letter.review] == ["unit-assumed"]


def test_figures_that_do_not_add_up_are_read_and_marked():
    text = "Tillegg til tildelingsbrev\n\nDato 6. februar 2023\n\nTTB2023-70 Oppdrag\n\n(1000 kroner)\n" \
           "Kap. post Tidligere tildeling Ny tildeling Sum tildelt\n762.21 185 951 350 186 300\n"
    letter = read_text(text, "t.txt").letters[0]
    assert letter.changes[0].total.kroner == Decimal(186300000)
    assert [r.kind for r in letter.review] == ["table-figures"]
    assert "do not add up" in letter.review[0].message


def test_an_absolute_correction_gives_a_total():
    text = ("Tillegg til tildelingsbrev\n\nDato 6. februar 2023\n\nTTB2023-70 Oppdrag\n\nKap. 765, post 21\n"
            "Korrekt tildeling over kap. 765, post 21 skal være 186,6 mill. kroner.\n")
    change = read_text(text, "t.txt").letters[0].changes[0]
    assert change.amount is None and change.total.kroner == Decimal("186600000")


@pytest.mark.parametrize("sentence, amount", [
    ("Helsedirektoratet tildeles 1,7 mill. kroner over kap. 714, post 21.", "1700000"),
    ("Tildelingen over kap. 714, post 21 reduseres med 2 mill. kroner.", "-2000000"),
    ("Tildelingen over kap. 714, post 21 økes med 0,5 mill. kroner.", "500000"),
    ("Departementet trekker tilbake 2,4 mill. kroner av tildelingen over kap. 714, post 21.", "-2400000"),
    ("Samlet økes tildelingen over kap. 714, post 21 med 3,5 mill. kroner.", "3500000"),
    ("Inntektskravet på kap. 714, post 21 reduseres med 2 mill. kroner.", "-2000000"),
    ("Helsedirektoratet tildeles kr. 500 000 over kap. 714.21.", "500000"),
    ("Det tildeles ytterligere MNOK 12,1 over kap. 714, post 21.", "12100000"),
    ("Helsedirektoratet tildeles 0,75 MNOK over kap. 714, post 21.", "750000"),
    ("Helsedirektoratet tildeles NOK 500 000 over kap. 714, post 21.", "500000"),
    ("Endring i tildelingen over kap. 714, post 21: minus 2 mill. kroner, jf. RNB 2023.", "-2000000"),
    ("Endring i tildelingen over kap. 714, post 21: pluss 1,7 mill. kroner.", "1700000"),
])
def test_prose_change_wording(sentence, amount):
    text = f"Tillegg til tildelingsbrev\n\nDato 6. februar 2023\n\nTTB2023-70 Oppdrag\n\n{sentence}\n"
    letter = read_text(text, "t.txt").letters[0]
    assert [(c.key, c.amount.kroner) for c in letter.changes] == [("714.21", Decimal(amount))]


@pytest.mark.parametrize("header", [
    "Kap. post Tidligere tildeling Ny tildeling Sum tildelt",
    "Kap. post Tidligere bevilgning Ny tildeling Sum tildeling",
    "Kap.post Tidligere tildeling Ny tildeling Sum tildelt 2025",
    "Kap./post Tidligere tildeling Endring Ny samlet tildeling",
    "Kap./post Tidligere tildeling Endring Ny tildeling",      # Ny tildeling is the new level beside Endring
    "Kap. post Tidligere tildeling Tilleggstildeling Ny tildeling 2025",
    "Kap./post Tildelt tidligere Endring Ny samlet tildeling",
    "Kap./post Tildelt i TB 2023 Endring RNB Tildeling etter RNB",
    "Kap./post Opprinnelig tildeling Endring Revidert tildeling",
])
@pytest.mark.parametrize("key", ["760.21", "Kap. 760 post 21", "Kap. 760, post 21", "kap 760 post 21"])
def test_change_table_header_variants(header, key):
    text = f"Tillegg til tildelingsbrev\n\nDato 6. februar 2023\n\nTTB2025-70 Oppdrag\n\n(i 1 000 kroner)\n{header}\n{key} 349110 6320 355 430\n"
    change = read_text(text, "t.txt").letters[0].changes[0]
    assert (change.key, change.previous.kroner, change.amount.kroner, change.total.kroner) == (
        "760.21", Decimal("349110000"), Decimal("6320000"), Decimal("355430000"))


@pytest.mark.parametrize("header", [
    "| Kap./post | Tidligere tildeling | Endring | Ny tildeling |",
    "| Kap./post | Endring | Tidligere tildeling | Ny tildeling |",
])
def test_ny_tildeling_beside_endring_is_the_new_level_in_a_pipe_table(header):
    """In a table that has a column of changes, "Ny tildeling" is the level after it: never read as the change."""
    cells = {"Kap./post": ["765.21", "765.72"], "Tidligere tildeling": ["195 666", "40 000"],
             "Endring": ["1 500", "−2 000"], "Ny tildeling": ["197 166", "38 000"]}
    names = [c.strip() for c in header.strip("|").split("|")]
    rows = "\n".join("| " + " | ".join(cells[n][i] for n in names) + " |" for i in range(2))
    text = (f"# Tillegg til tildelingsbrev\n\nDato 12. september 2023\n\nBeløp i 1000 kroner.\n\n"
            f"{header}\n|{'---|' * len(names)}\n{rows}\n")
    changes = read_text(text, "t.md").letters[0].changes
    assert [(c.key, c.previous.kroner, c.amount.kroner, c.total.kroner) for c in changes] == [
        ("765.21", Decimal("195666000"), Decimal("1500000"), Decimal("197166000")),
        ("765.72", Decimal("40000000"), Decimal("-2000000"), Decimal("38000000"))]


def test_a_change_table_whose_new_level_does_not_add_up_is_reviewed():
    text = ("# Tillegg til tildelingsbrev\n\nDato 12. september 2023\n\nBeløp i 1000 kroner.\n\n"
            "| Kap./post | Tidligere tildeling | Endring | Ny tildeling |\n|---|---|---|---|\n"
            "| 765.21 | 195 666 | 1 500 | 197 000 |\n")
    letter = read_text(text, "t.md").letters[0]
    assert [c.amount.kroner for c in letter.changes if c.amount is not None] != [Decimal("197000000")]
    assert letter.review, "a row whose figures do not add up is marked for review"


@pytest.mark.parametrize("layout", ["markdown", "text"])
@pytest.mark.parametrize("printed", ["(2 000)", "– 2 000", "−2 000", "- 2 000", "÷ 2 000", "÷2 000"])
def test_a_negative_change_in_brackets_or_with_its_sign_apart(layout, printed):
    """Accounts print a negative in brackets, converters set a minus apart: either is one figure, −2 000."""
    header, row = ("Tidligere tildeling", "Ny tildeling", "Sum tildelt"), ("195 666", printed, "193 666")
    if layout == "markdown":
        table = f"| Kap./post | {' | '.join(header)} |\n|---|---|---|---|\n| 765.21 | {' | '.join(row)} |\n"
    else:
        table = f"Kap./post   {'   '.join(header)}\n765.21      {'      '.join(row)}\n"
    text = f"Tillegg til tildelingsbrev\n\nDato 6. februar 2023\n\nBeløp i 1000 kroner\n\n{table}"
    letter = read_text(text, "t.md" if layout == "markdown" else "t.txt").letters[0]
    [change] = letter.changes
    assert (change.previous.kroner, change.amount.kroner, change.total.kroner) == (
        Decimal("195666000"), Decimal("-2000000"), Decimal("193666000"))
    assert not letter.review


@pytest.mark.parametrize("cell", ["(2 000)", "– 2 000"])
def test_a_negative_allocation_is_reviewed(cell):
    text = ("Tildelingsbrev 2023\n\nDato 6. januar 2023\n\n(i 1000 kroner)\n\n"
            "| Kap./post | Postnavn | Bevilgning | Tildeling |\n|---|---|---|---|\n"
            f"| 765.21 | Spesielle driftsutgifter | 200 000 | {cell} |\n")
    letter = read_text(text, "t.md").letters[0]
    assert [(r.kind, "negative" in r.message) for r in letter.review] == [("table-figures", True)]


@pytest.mark.parametrize("cells, tokens", [
    ("(2 000) kr", [("-2", None), ("000", "kr")]),
    ("1 000 (2", None), ("(x)", None), ("2 000)", None), ("–", None), ("1 000 –", None),
])
def test_bracket_and_sign_tokens(cells, tokens):
    from budsjett_cli.letters.numbers import tokens_of

    got = tokens_of(cells)
    assert (got if got is None else [(t, u and "kr") for t, u in got if t != "|"]) == tokens


@pytest.mark.parametrize("sentence, expected", [
    # the levels before and after a change, given with it: not a second change
    ("Tildelingen på kap. 714, post 21 økes med 1,7 mill. kroner, fra 72,1 mill. kroner til 73,8 mill. kroner.",
     [("714.21", "72100000", "1700000", "73800000")]),
    ("Tildelingen på kap. 714, post 21 reduseres med 2 mill. kroner, fra 73,8 mill. kroner til 71,8 mill. kroner.",
     [("714.21", "73800000", "-2000000", "71800000")]),
    # only the levels: a correction, the change derived by check
    ("Tildelingen over kap. 714, post 70 reduseres fra 10 mill. kroner til 8 mill. kroner.",
     [("714.70", "10000000", None, "8000000")]),
    # each amount with the post named right after it
    ("Helsedirektoratet tildeles 1,7 mill. kroner over kap. 714, post 21 og 2,053 mill. kroner over kap. 714, "
     "post 60, begge knyttet til prisjustering.",
     [("714.21", None, "1700000", None), ("714.60", None, "2053000", None)]),
])
def test_prose_levels_and_posts_named_after_each_amount(sentence, expected):
    text = f"Tillegg til tildelingsbrev\n\nDato 22. september 2023\n\nTTB2023-60 Endringer\n\n{sentence}\n"
    letter = read_text(text, "t.txt").letters[0]
    got = [(c.key, *(None if f is None else str(int(f.kroner)) for f in (c.previous, c.amount, c.total)))
           for c in letter.changes]
    assert got == expected
    assert all(c.note not in ("fra", "til", "og") for c in letter.changes)


def test_a_change_table_with_a_figure_column_the_header_names_in_unknown_words_is_reviewed_not_misread():
    """'Gammel ramme' is not a heading the reader knows: the rows' three figures add up, so two columns are not
    taken (they were: 186 400 as the change and 3 983 190 383 as the new total)."""
    text = ("Tillegg til tildelingsbrev\n\nDato 6. februar 2023\n\n(i 1 000 kroner)\n"
            "Kap./post Gammel ramme Endring Ny samlet tildeling\n714.70 186 400 3 983 190 383\n")
    letter = read_text(text, "t.txt").letters[0]
    assert [c for c in letter.changes if c.amount is not None or c.total is not None] == []
    assert any("figures read as 3 that add up (186 400, 3 983, 190 383)" in r.message for r in letter.review)


def test_chapter_sum_rows_with_every_figure_column_do_not_end_the_table():
    """'Sum kap. 714 340 800 7 736 348 536' is a subtotal of each column: the rows after it are read too (they were
    dropped without a word), and each Sum is held against the new totals."""
    text = ("Tillegg til tildelingsbrev\n\nDato 22. september 2023\n\n(i 1000 kroner)\n"
            "Kap. post Tidligere tildeling Ny tildeling Sum tildelt\n"
            "714.21 72 100 1 700 73 800\n714.70 186 400 3 983 190 383\nSum kap. 714 258 500 5 683 264 183\n"
            "765.21 229 104 12 100 241 204\nSum kap. 765 229 104 12 100 241 204\nSum 487 604 17 783 505 387\n")
    letter = read_text(text, "t.txt").letters[0]
    assert [c.key for c in letter.changes] == ["714.21", "714.70", "765.21"]
    assert [(t.chapter, t.figure.kroner, t.agrees) for t in letter.stated_totals] == [
        (None, Decimal("505387000"), True), ("714", Decimal("264183000"), True), ("765", Decimal("241204000"), True)]
    assert not letter.review
    misprinted = read_text(text.replace("505 387", "505 388"), "t.txt").letters[0]
    assert [r.kind for r in misprinted.review] == ["sum-differs"]


def test_a_counterpart_named_after_mot_tilsvarende_is_not_the_changes_post():
    """'økes med 1,5 mill. kroner mot tilsvarende økt inntektskrav over kap. 3714, post 04' under the heading of
    714.22: the change is 714.22's (it went to 3714.04, which then had it twice)."""
    text = ("Tillegg til tildelingsbrev\n\nDato 22. september 2023\n\nTTB2023-60 Endringer\n\n"
            "Kap. 714, post 22 Gebyrfinansierte ordninger\n"
            "Tildelingen økes med 1,5 mill. kroner mot tilsvarende økt inntektskrav over kap. 3714, post 04.\n\n"
            "Kap. 3714, post 04 Gebyrinntekter\nInntektskravet økes med 1,5 mill. kroner.\n")
    letter = read_text(text, "t.txt").letters[0]
    assert [(c.key, c.amount.kroner) for c in letter.changes] == [
        ("714.22", Decimal("1500000")), ("3714.04", Decimal("1500000"))]


def test_two_numbered_supplements_in_one_file_are_two_letters_each_with_its_own_date():
    """'Tillegg til tildelingsbrev nr. 10 for 2023' is a title; the letterhead above it (after the first letter's
    signature) is the second letter's, date and all (they were one letter dated September)."""
    def letter(number: int, ref: str, date: str, task: str, sentence: str) -> str:
        return (f"Helsedirektoratet\nPostboks 220 Skøyen\n0213 OSLO\n\nDeres ref Vår ref Dato\n {ref} {date}\n\n"
                f"Tillegg til tildelingsbrev nr. {number} for 2023\n\n{task}\n\nKap. 714, post 21\n{sentence}\n\n"
                "Med hilsen\n\n\nKari Nordmann\nekspedisjonssjef\n\n\n")
    text = (letter(9, "23/133-12", "22. september 2023", "TTB2023-60 Endringer",
                   "Helsedirektoratet tildeles 1,7 mill. kroner til prisjustering.")
            + "\f" + letter(10, "23/133-15", "3. november 2023", "TTB2023-70 Endringer",
                             "Helsedirektoratet tildeles 0,8 mill. kroner til skolemåltid."))
    letters = read_text(text, "t.txt").letters
    assert [(str(l.date), [str(c.amount.kroner) for c in l.changes]) for l in letters] == [
        ("2023-09-22", ["1700000.0"]), ("2023-11-03", ["800000.0"])]


def test_a_unit_said_once_for_the_whole_letter_holds_for_its_tables():
    text = ("Tillegg til tildelingsbrev\n\nDato 22. september 2023\n\nTTB2023-60 Endringer\n\n"
            "Alle beløp i dette brevet er oppgitt i mill. kroner.\n\nKap. 765, post 21\n\n"
            "Helsedirektoratet får flere oppgaver i høst, og tildelingen endres som vist under.\n\n"
            "Vi ber om at arbeidet prioriteres.\n\nDet gjøres følgende endringer:\n\n"
            "Kap. post Tidligere tildeling Ny tildeling Sum tildelt\n765.21 229,104 12,1 241,204\n")
    letter = read_text(text, "t.txt").letters[0]
    [change] = letter.changes
    assert (change.previous.kroner, change.amount.kroner, change.total.kroner) == (
        Decimal("229104000"), Decimal("12100000"), Decimal("241204000"))
    assert [r.message for r in letter.review if r.kind == "unit-assumed"] == [
        "the table states no unit; its figures were read in mill. kr (the unit the letter gives for all its amounts)"]


ALLOCATION_LETTER = ("Tildelingsbrev 2023\n\nDato 10. januar 2023\n\n1.6 Tildelinger 2023\n\n"
                     "Departementet tildeler følgende ({unit}):\n\n{header}\n{rows}\n")


def test_a_column_of_what_a_named_agency_is_allocated_is_the_allocation():
    text = ALLOCATION_LETTER.format(unit="beløp i 1 000 kroner",
                                    header="Kap. Post Postnavn Bevilgning 2023 Ikke tildelt Tildelt Helsedirektoratet",
                                    rows="714 21 Spesielle driftsutgifter 102 802 31 202 71 600\n"
                                         "    60 Kommunale tiltak 87 930 5 630 82 300")
    letter = read_text(text, "t.txt").letters[0]
    assert [(p.key, p.name, p.appropriation.kroner, p.allocation.kroner) for p in letter.posts] == [
        ("714.21", "Spesielle driftsutgifter", Decimal("102802000"), Decimal("71600000")),
        ("714.60", "Kommunale tiltak", Decimal("87930000"), Decimal("82300000"))]


def test_figures_a_row_leaves_unread_in_its_name_are_reviewed():
    text = ALLOCATION_LETTER.format(unit="beløp i 1 000 kroner",
                                    header="Kap. Post Postnavn Bevilgning 2023 Gammelt nivå Tildeling 2023",
                                    rows="714 21 Spesielle driftsutgifter 102 802 31 202 71 600")
    letter = read_text(text, "t.txt").letters[0]
    assert any(r.kind == "table-figures" and "figures left in the name (102 802 31 202 71 600)" in r.message
               for r in letter.review)


def test_thousands_grouped_with_dots_where_they_cannot_be_decimals():
    text = ALLOCATION_LETTER.format(unit="beløp i kroner", header="Kap. Post Postnavn Bevilgning Tildeling",
                                    rows="714 21 Spesielle driftsutgifter 102.802.000 71.600.000\n"
                                         "    22 Gebyrfinansierte ordninger 28.531.000,50 28.531.000,50")
    letter = read_text(text, "t.txt").letters[0]
    assert [(p.key, p.appropriation.kroner, p.allocation.kroner) for p in letter.posts] == [
        ("714.21", Decimal("102802000"), Decimal("71600000")),
        ("714.22", Decimal("28531000.50"), Decimal("28531000.50"))]


@pytest.mark.parametrize("sentence", [
    "Helsedirektoratet får omdisponere 3 mill. kroner fra post 21 til post 70.",
    "Det flyttes 3 mill. kroner fra kap. 714, post 21 til kap. 714, post 70.",
])
def test_money_moved_between_posts_is_reviewed_not_dropped(sentence):
    text = f"Tillegg til tildelingsbrev\n\nDato 22. september 2023\n\nKap. 714 Folkehelse\n{sentence}\n"
    letter = read_text(text, "t.txt").letters[0]
    assert letter.changes == []
    assert [(r.kind, r.amount.kroner) for r in letter.review] == [("transfer", Decimal("3000000"))]


def test_a_header_printed_over_two_lines_word_under_word():
    """pdftotext -layout: 'Tidligere / Ny / Sum' over 'tildeling / tildeling / tildelt' (read as Ny sum before)."""
    text = ("Tillegg til tildelingsbrev\n\nDato 6. februar 2024\n\n(i 1000 kroner)\n"
            "Kap./post      Tidligere        Ny             Sum\n"
            "               tildeling        tildeling      tildelt\n"
            "765.21         229 104          12 100         241 204\n"
            "714.70         186 400           3 983         190 383\n")
    letter = read_text(text, "t.txt").letters[0]
    assert [(c.key, c.previous.kroner, c.amount.kroner, c.total.kroner) for c in letter.changes] == [
        ("765.21", Decimal("229104000"), Decimal("12100000"), Decimal("241204000")),
        ("714.70", Decimal("186400000"), Decimal("3983000"), Decimal("190383000"))]


def test_increase_and_reduction_columns_the_reader_does_not_know_are_reviewed_not_misread():
    text = ("Tillegg til tildelingsbrev\n\nDato 14. oktober 2024\n\nBeløp i 1 000 kroner\n"
            "Kap./post Tidligere tildeling Økning Reduksjon Ny tildeling\n"
            "1320.22 8 150 000 120 000 8 270 000\n1320.23 3 400 000 50 000 3 350 000\n")
    letter = read_text(text, "t.txt").letters[0]
    assert [c for c in letter.changes if c.amount is not None or c.total is not None] == []
    assert {r.post for r in letter.review if r.kind == "table-figures"} == {"1320.22", "1320.23"}


def test_a_keyed_table_with_one_belop_column_gives_the_allocation():
    text = ("Tildelingsbrev 2024 – Sjøfartsdirektoratet\n\nDato 19.12.2023\n\n3 Budsjettildeling 2024\n\n"
            "Departementet stiller følgende beløp til disposisjon for Sjøfartsdirektoratet i 2024 (i 1 000 kroner):\n\n"
            "Kap. Post Betegnelse Beløp\n910 01 Driftsutgifter 452 100\n    21 Spesielle driftsutgifter 18 400\n")
    letter = read_text(text, "t.txt").letters[0]
    assert [(p.key, p.allocation.kroner) for p in letter.posts] == [
        ("910.01", Decimal("452100000")), ("910.21", Decimal("18400000"))]


def test_a_change_by_as_much_as_another_with_no_figure_is_reviewed():
    text = ("Tillegg nr. 2 til tildelingsbrev 2024\n\nDato 27. juni 2024\n\n"
            "Kap. 3115, post 01 Gebyr- og avgiftsinntekter\n"
            "Inntektskravet reduseres med 1,2 mill. kroner som følge av lavere gebyrsatser.\n\n"
            "Kap. 1115, post 01 Driftsutgifter\nTildelingen reduseres tilsvarende.\n")
    letter = read_text(text, "t.txt").letters[0]
    assert [(c.key, c.amount.kroner) for c in letter.changes] == [("3115.01", Decimal("-1200000"))]
    assert [(r.kind, r.post) for r in letter.review] == [("change-without-figure", "1115.01")]


def test_a_unit_in_brackets_is_not_an_amount():
    text = ("Tillegg til tildelingsbrev\n\nDato 6. februar 2023\n\nKap. 765, post 21 (1000 kroner)\n\n"
            "Kap. post Tidligere tildeling Ny tildeling Sum tildelt\n765.21 229 104 12 100 241 204\n")
    letter = read_text(text, "t.txt").letters[0]
    assert not any(r.amount is not None and r.amount.kroner == 1000 for r in letter.review)


@pytest.mark.parametrize("title", ["Tillegg nr. 2 til tildelingsbrev 2024 for Mattilsynet",
                                   "Statsbudsjettet 2024 – tillegg nr. 3 til tildelingsbrev for Utdanningsdirektoratet"])
def test_a_numbered_supplement_is_titled_and_of_its_form(title):
    text = f"{title}\n\nDato 27. juni 2024\n\nKap. 1115, post 01\nTildelingen økes med 1 mill. kroner.\n"
    letter = read_text(text, "t.txt").letters[0]
    assert (letter.title, letter.form, letter.kind) == (title, "tillegg til tildelingsbrev", "supplement")


def _posts_of(text: str):
    letter = read_text(text, "t.txt").letters[0]
    return [(p.key, p.appropriation and p.appropriation.kroner, p.allocation and p.allocation.kroner)
            for p in letter.posts], letter


ALLOCATION_HEAD = "Tildelingsbrev 2025\n\nDato 10. januar 2025\n\n3 Budsjett\n\n"


def test_a_unit_line_right_under_the_header_and_chapters_with_leading_zeros():
    text = ALLOCATION_HEAD + ("Kap. Post Postnavn Bevilgning 2025 Tildeling 2025\nAlle tall i hele tusen\n\n"
                              "0740 01 Driftsutgifter 1 405 832 1 405 832\n0714 60 Kommunale tiltak 97 930 92 300\n")
    posts, letter = _posts_of(text)
    assert posts == [("740.01", Decimal("1405832000"), Decimal("1405832000")),
                     ("714.60", Decimal("97930000"), Decimal("92300000"))]
    assert not any(r.kind == "unit-assumed" for r in letter.review)


def test_chapter_heading_rows_and_one_digit_posts():
    headed = ALLOCATION_HEAD + ("Alle tall i hele tusen kroner.\n\nPost Betegnelse Bevilgning 2025 Tildeling 2025\n"
                                "Kap. 0740 Helsedirektoratet\n01 Driftsutgifter 1 405 832 1 405 832\n"
                                "Kap. 3740 Helsedirektoratet\n2 Diverse inntekter 40 500 40 500\n")
    assert [key for key, *_ in _posts_of(headed)[0]] == ["740.01", "3740.02"]
    one_digit = ALLOCATION_HEAD + ("Alle tall i hele tusen\nKap. Post Postnavn Bevilgning 2025 Tildeling 2025\n"
                                   "740 1 Driftsutgifter 1 405 832 1 405 832\n3740 2 Diverse inntekter 40 500 40 500\n")
    assert [key for key, *_ in _posts_of(one_digit)[0]] == ["740.01", "3740.02"]


@pytest.mark.parametrize("header, expected", [
    ("Kap. Post Betegnelse Budsjett 2025 Tildeling 2025", ("220.21", Decimal("98200000"), Decimal("91700000"))),
    ("Kap. Post Navn Vedtatt budsjett Tildelt", ("220.21", Decimal("98200000"), Decimal("91700000"))),
])
def test_budget_and_allocated_column_names(header, expected):
    text = ALLOCATION_HEAD + f"(i 1000 kroner)\n{header}\n220 21 Spesielle driftsutgifter 98 200 91 700\n"
    assert _posts_of(text)[0] == [expected]


def test_half_year_columns_and_their_sum():
    text = ALLOCATION_HEAD + ("(i 1000 kroner)\n\n| Kap. | Post | Postnavn | Tildeling 1. halvår | Tildeling 2. halvår | "
                              "Sum tildeling 2025 |\n|---|---|---|---|---|---|\n"
                              "| 714 | 70 | Rusmiddeltiltak | 90 000 | 96 400 | 186 400 |\n")
    assert _posts_of(text)[0] == [("714.70", None, Decimal("186400000"))]


def test_a_figure_no_post_can_hold_is_columns_run_together():
    text = ALLOCATION_HEAD + "(i 1000 kroner)\nKap. Post Betegnelse Gammel ramme Tildeling 2025\n220 01 Driftsutgifter 412 350 412 350\n"
    posts, letter = _posts_of(text)
    assert posts == [("220.01", None, None)]
    assert any("more than a post can hold" in r.message for r in letter.review)


@pytest.mark.parametrize("row, amount", [("714.21 +1 700", "1700000"), ("714.21 + 1 700", "1700000"),
                                         ("714.21 -2 000", "-2000000")])
def test_signed_changes_in_a_change_column(row, amount):
    text = f"Tillegg til tildelingsbrev\n\nDato 6. februar 2023\n\nKap. post Endring (i 1000 kr)\n{row}\n"
    [change] = read_text(text, "t.txt").letters[0].changes
    assert change.amount.kroner == Decimal(amount)


def test_a_wrapped_name_whose_last_line_holds_the_figures():
    text = ALLOCATION_HEAD + ("Kap. Post Postnavn Bevilgning 2025 Tildeling 2025\nAlle tall i hele tusen\n\n"
                              "740 21 Spesielle driftsutgifter, kan\noverføres 45 149 40 149\n")
    posts, _ = _posts_of(text)
    assert posts == [("740.21", Decimal("45149000"), Decimal("40149000"))]


def test_a_pipe_table_with_chapter_heading_rows_and_one_digit_posts():
    text = ALLOCATION_HEAD + ("(i 1000 kroner)\n\n| Kap. | Post | Betegnelse | Budsjett 2025 | Tildeling 2025 |\n"
                              "|---|---|---|---|---|\n| 0740 | | Helsedirektoratet | | |\n"
                              "| | 1 | Driftsutgifter | 1 405 832 | 1 405 832 |\n"
                              "| | | Sum kap. 0740 | 1 405 832 | 1 405 832 |\n"
                              "| 3740 | | Helsedirektoratet (inntekter) | | |\n| | 2 | Diverse inntekter | 40 500 | 40 500 |\n")
    posts, letter = _posts_of(text)
    assert posts == [("740.01", Decimal("1405832000"), Decimal("1405832000")),
                     ("3740.02", Decimal("40500000"), Decimal("40500000"))]
    assert [(t.chapter, t.agrees) for t in letter.stated_totals] == [("740", True)]


def test_nok_1000_under_the_header_is_the_unit():
    text = ("Tillegg til tildelingsbrev\n\nDato 6. februar 2024\n\n"
            "Kap. post Tidligere tildeling Endring Ny tildeling\n(NOK 1000)\n714.21 72 100 -1 700 70 400\n")
    letter = read_text(text, "t.txt").letters[0]
    [change] = letter.changes
    assert (change.previous.kroner, change.amount.kroner, change.total.kroner) == (
        Decimal("72100000"), Decimal("-1700000"), Decimal("70400000"))
    assert not any(r.kind == "unit-assumed" for r in letter.review)


def test_part_lines_under_a_row_are_reviewed_and_the_table_goes_on():
    text = ALLOCATION_HEAD + ("Alle tall i hele tusen\nKap. Post Postnavn Bevilgning 2025 Tildeling 2025\n"
                              "740 01 Driftsutgifter 1 405 832 1 405 832\n - herav lønn 900 000\n"
                              "740 21 Spesielle driftsutgifter 45 149 40 149\n")
    posts, letter = _posts_of(text)
    assert [key for key, *_ in posts] == ["740.01", "740.21"]
    assert [(r.post, "herav lønn 900 000" in r.message) for r in letter.review] == [("740.01", True)]


def test_a_page_footer_with_its_labels_on_one_line_does_not_end_the_table():
    text = ALLOCATION_HEAD + ("Alle tall i hele tusen\nKap. Post Postnavn Bevilgning 2025 Tildeling 2025\n"
                              "714 21 Spesielle driftsutgifter 112 802 81 600\n\nSide 4\n\n"
                              "Postadresse Kontoradresse Telefon* Org no.\n"
                              "Postboks 8011 Dep Teatergata 9 22 24 90 90 983 887 406\n0030 Oslo\npostmottak@hod.dep.no\n\n"
                              "Kap. Post Postnavn Bevilgning 2025 Tildeling 2025\n60 Kommunale tiltak 97 930 92 300\n")
    assert [key for key, *_ in _posts_of(text)[0]] == ["714.21", "714.60"]


@pytest.mark.parametrize("lead_in, reviewed", [("Endringer i tildelingen (i 1000 kroner):", False),
                                               ("Endringer i tildelingen:", True)])
def test_changes_listed_by_post(lead_in, reviewed):
    text = ("Tillegg til tildelingsbrev\n\nDato 20. juni 2024\n\nTTB2024-59 Økonomiske endringer\n\n"
            f"{lead_in}\n- 714.21: +1 700\n- 714.22: -2 000\n- kap. 765 post 21: +12 100\n")
    letter = read_text(text, "t.txt").letters[0]
    assert [(c.key, c.amount.kroner) for c in letter.changes] == [
        ("714.21", Decimal("1700000")), ("714.22", Decimal("-2000000")), ("765.21", Decimal("12100000"))]
    assert any(r.kind == "unit-assumed" for r in letter.review) is reviewed


def test_a_wrapped_name_ending_in_post_numbers_keeps_them_out_of_the_figures():
    """'kan nyttes under post 71 og 72 229 104 12 100 241 204': 72 is the name's post, not the first digits."""
    text = ("Tillegg til tildelingsbrev\n\nDato 22. september 2023\n\n(1000 kroner)\n"
            "Kap. post Postnavn Tidligere tildeling Ny tildeling Sum tildelt 2023\n"
            "765.21 Spesielle driftsutgifter, kan\nnyttes under post 71 og 72 229 104 12 100 241 204\n")
    letter = read_text(text, "t.txt").letters[0]
    [change] = letter.changes
    assert (change.previous.kroner, change.amount.kroner, change.total.kroner) == (
        Decimal("229104000"), Decimal("12100000"), Decimal("241204000"))


def _hostile_pdfs():
    from pdfmaker import make_pdf

    good = make_pdf(["Tildelingsbrev 2023", "Kap. 765, post 21 tildeles 2 mill. kroner."])
    yield "truncated", good[: len(good) // 2]
    yield "huge length", good.replace(b"/Length ", b"/Length 99999999999 ", 1) if b"/Length " in good else good + b"x"
    yield "self reference", (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\n"
                             b"trailer << /Root 1 0 R >>\n%%EOF\n")
    yield "nested arrays", b"%PDF-1.4\n1 0 obj " + b"[" * 5000 + b"]" * 5000 + b" endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    yield "garbage", b"%PDF-1.7\n" + bytes(range(256)) * 50


@pytest.mark.parametrize("name, data", list(_hostile_pdfs()), ids=[n for n, _ in _hostile_pdfs()])
def test_a_broken_or_hostile_pdf_is_exit_2_with_its_name(run, tmp_path, name, data):
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    result = run("import", str(path))
    assert result.exit_code == 2, (name, result.stderr)
    assert result.stderr.startswith(f"{path}: ") and "Traceback" not in result.stderr


def test_a_pdf_that_needs_a_password_is_called_encrypted(run, tmp_path):
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="hemmelig", owner_password="eier", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "letter.pdf"
    path.write_bytes(buffer.getvalue())
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}: the PDF is encrypted and needs a password")
