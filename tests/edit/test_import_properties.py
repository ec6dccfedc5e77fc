"""The reader never crashes, whatever the text; and the figures it proposes are exact."""

import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

from budsjett_cli.amounts import Unit, parse_amount
from budsjett_cli.edit.emit import money
from budsjett_cli.letters.model import Figure
from budsjett_cli.letters.numbers import readings
from budsjett_cli.letters.reader import read_text
from conftest import LETTER_2023_FULL, LETTER_2023_LATE, LETTER_2024, LETTER_2025

LETTER_LINES = {
    path.name: path.read_text(encoding="utf-8").splitlines()
    for path in (LETTER_2023_LATE, LETTER_2024, LETTER_2025, LETTER_2023_FULL)
}
# Fragments of letter language, so that random text reaches the readers' deeper branches.
WORDS = [
    "Kap.", "kap.", "714,", "post", "21", "Post 21", "765.21", "Helsedirektoratet", "tildeles", "reduseres med",
    "økes med", "trekker tilbake", "Samlet", "til sammen", "1,7 mill. kroner", "kr. 500 000", "462 000 kroner",
    "Tidligere tildeling", "Ny tildeling", "Sum tildelt", "Bevilgning 2023", "Tildeling 2023", "Postnavn",
    "Kap. Post", "Alle tall i hele tusen", "(1000 kroner)", "|", "| 765.21 |", "<br>", "- ", "o ", "Av dette",
    "hvorav", "inntil", "minst", "jf.", "Med hilsen", "Tillegg til tildelingsbrev", "TTB2023-44", "ID: TB2023-01",
    "Vår ref", "23/133-9", "Dato", "6. februar 2023", "Side 2", "Postboks 220", "0213 OSLO", ":", ".", "\n", "\n\n",
    "229 104 12 100 241 204", "3 624,4", "−2", "Aktivitet Beløp", "Samlet tildeling", "er redusert med",
    "skal være", "ny tildeling utgjør", "er tildelt", "Korrekt tildeling", "Inntektskravet",
]


def _assert_readable(text: str) -> None:
    result = read_text(text, "random.txt")
    for letter in result.letters:
        for change in letter.changes:
            assert change.source.first >= 1
            for figure in (change.amount, change.previous, change.total):
                if figure is not None:
                    assert isinstance(figure.kroner, Decimal)
        for review in letter.review:
            assert review.kind and review.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_arbitrary_text_never_crashes_the_reader(text):
    _assert_readable(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join))
def test_letter_like_word_salad_never_crashes_the_reader(text):
    _assert_readable(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LETTER_LINES)), st.integers(0, 10_000), st.integers(0, 10_000))
def test_truncated_letters_never_crash_the_reader(name, start, length):
    lines = LETTER_LINES[name]
    start = start % max(len(lines), 1)
    _assert_readable("\n".join(lines[start:start + length]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LETTER_LINES)), st.integers(0, 2**32 - 1))
def test_shuffled_letters_never_crash_the_reader(name, seed):
    lines = list(LETTER_LINES[name])
    random.Random(seed).shuffle(lines)
    _assert_readable("\n".join(lines))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LETTER_LINES)), st.integers(0, 2**32 - 1))
def test_letters_cut_mid_line_never_crash_the_reader(name, seed):
    text = "\n".join(LETTER_LINES[name])
    rng = random.Random(seed)
    cuts = sorted(rng.randrange(len(text)) for _ in range(6))
    pieces = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
    rng.shuffle(pieces)
    _assert_readable("".join(pieces))


thousands = st.integers(min_value=0, max_value=10**9)


@settings(max_examples=200)
@given(thousands, thousands)
def test_a_change_row_is_read_back_exactly_whatever_its_figures(previous, amount):
    total = previous + amount
    text = " ".join(_grouped(v) for v in (previous, amount, total))
    reading = readings([text], 3, Unit.THOUSAND, lambda f: f[0].kroner + f[1].kroner - f[2].kroner)
    assert reading is not None and reading.consistent
    truth = [Decimal(v) * 1000 for v in (previous, amount, total)]
    if reading.alternatives == 1:      # one reading adds up: it is the printed one
        assert [f.kroner for f in reading.figures] == truth
    # else the row is marked for review (several readings add up, e.g. 999 999 999 | 100 | 1 000 000 099)


def test_a_row_read_several_ways_is_marked_for_review():
    text = ("Tillegg til tildelingsbrev\n\nDato 6. februar 2023\n\nTTB2023-70 Oppdrag\n\n(1000 kroner)\n"
            "Kap. post Tidligere tildeling Ny tildeling Sum tildelt\n762.21 999 999 999 100 1 000 000 099\n")
    letter = read_text(text, "t.txt").letters[0]
    assert [r.kind for r in letter.review] == ["table-figures"]
    assert "2 readings of the figures add up" in letter.review[0].message


@settings(max_examples=200)
@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3, allow_nan=False),
       st.sampled_from([Unit.KR, Unit.THOUSAND, Unit.MILLION]), st.sampled_from([Unit.KR, Unit.THOUSAND]))
def test_written_amounts_read_back_exactly(value, unit, ledger_unit):
    kroner = value.quantize(Decimal(1)) if unit is Unit.KR else value * unit.factor
    decimals = max(0, -(value.normalize().as_tuple().exponent)) if unit is not Unit.KR else 0
    figure = Figure(kroner, unit, decimals)
    text = money(figure, ledger_unit)
    assert parse_amount(str(text), ledger_unit).kroner == kroner


def _grouped(value: int) -> str:
    return f"{value:,}".replace(",", " ")
