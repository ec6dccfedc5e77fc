"""Organisation numbers: the check digit, and 'orgnr:' in the ledger."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budsjett_cli.problems import InputError
from budsjett_cli.ledger.loader import load_file
from budsjett_cli.ledger.orgnr import OrgnrError, check_digit, format_orgnr, parse_orgnr

from conftest import LEDGER_2023


@pytest.mark.parametrize("text, expected", [
    ("983544622", "983544622"),      # Helsedirektoratet
    ("971 032 081", "971032081"),    # Statens vegvesen, as people write it
    ("983\u00a0887\u00a0406", "983887406"),  # Helse- og omsorgsdepartementet, non-breaking spaces
])
def test_real_numbers_are_accepted(text, expected):
    assert parse_orgnr(text) == expected


@pytest.mark.parametrize("text, words", [
    ("983544623", "check digit"),
    ("98354462", "nine digits"),
    ("9835446222", "nine digits"),
    ("98354462x", "nine digits"),
    ("", "nine digits"),
])
def test_wrong_numbers_are_refused(text, words):
    with pytest.raises(OrgnrError, match=words):
        parse_orgnr(text)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_exactly_one_check_digit_fits(first_eight):
    digit = check_digit(first_eight)
    accepted = []
    for last in "0123456789":
        try:
            parse_orgnr(first_eight + last)
            accepted.append(last)
        except OrgnrError:
            pass
    assert accepted == ([] if digit is None else [str(digit)])


def test_format():
    assert format_orgnr("983544622") == "983 544 622"


def test_the_bundled_ledger_holds_helsedirektoratets_number():
    assert load_file(LEDGER_2023).orgnr == "983544622"


def test_ledger_without_orgnr(write):
    path = write("year: 2023\nunit: 1000 kr\nchapters:\n  740:\n    posts:\n      01: {allocation: 5}\n")
    assert load_file(path).orgnr is None


@pytest.mark.parametrize("value", ["983 544 622", "'983544622'", "983544622"])
def test_ledger_orgnr_forms(write, value):
    path = write(f"year: 2023\norgnr: {value}\nunit: 1000 kr\nchapters:\n  740:\n    posts:\n      01: {{allocation: 5}}\n")
    assert load_file(path).orgnr == "983544622"


def test_ledger_with_a_mistyped_orgnr_is_located(write):
    path = write("year: 2023\norgnr: 983544623\nunit: 1000 kr\nchapters:\n  740:\n    posts:\n      01: {allocation: 5}\n")
    with pytest.raises(InputError) as info:
        load_file(path)
    [problem] = info.value.problems
    assert (problem.location.line, problem.location.col) == (2, 8)
    assert "orgnr" in problem.message and "check digit" in problem.message
