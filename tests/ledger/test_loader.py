"""The ledger format's rules, as the loader honours them."""

import datetime as dt
from decimal import Decimal

import pytest

from budsjett_cli.amounts import Unit
from budsjett_cli.problems import InputError
from budsjett_cli.dates import parse_date
from budsjett_cli.ledger.loader import load_file

HEAD = """year: 2023
agency: Helsedirektoratet
unit: 1000 kr
letters:
  TB2023: {title: Tildelingsbrev 2023}
  TTB1: {title: Tillegg, date: 2023-02-06, ref: 23/133-9}
chapters:
"""


def load(write, body, head=HEAD):
    return load_file(write(head + body))


def problems(write, body, head=HEAD):
    with pytest.raises(InputError) as caught:
        load(write, body, head)
    return [(p.location.line, p.message) for p in caught.value.problems]


def test_a_complete_post(write):
    ledger = load(write, """  765:
    posts:
      21:
        name: Spesielle driftsutgifter, kan overføres, kan nyttes under post 72
        appropriation: 217 166
        allocation: 187 166
        letter: TB2023
        changes:
          - letter: TTB1
            amount: 8 500
            previous: 187 166
            total: 195 666
            earmarks:
              - {amount: 3 mill., upto: true, purpose: helseapper}
""")
    assert ledger.year == 2023 and ledger.unit is Unit.THOUSAND and ledger.agency == "Helsedirektoratet"
    (post,) = ledger.posts
    assert post.key == "765.21"
    assert post.appropriation.kroner == Decimal("217166000")
    assert post.allocation.kroner == Decimal("187166000")
    (change,) = post.changes
    assert (change.amount.kroner, change.previous.kroner, change.total.kroner) == (
        Decimal("8500000"), Decimal("187166000"), Decimal("195666000"))
    assert change.earmarks[0].upto and change.earmarks[0].amount.kroner == Decimal("3000000")
    assert post.annotations.carry_over and post.annotations.usable_under == ("72",)
    assert ledger.change_date(change) == dt.date(2023, 2, 6)
    assert (change.amount.line, change.amount.col) == (17, 21)


@pytest.mark.parametrize("key", ["01", "1", '"01"', "'1'"])
def test_post_keys_are_text_and_01_1_and_quoted_01_are_one_post(write, key):
    ledger = load(write, f"  740:\n    posts:\n      {key}:\n        allocation: 5\n")
    assert ledger.posts[0].post == "01"


def test_post_010_is_ten_not_octal(write):
    assert load(write, "  740:\n    posts:\n      010:\n        allocation: 5\n").posts[0].post == "10"


def test_01_and_1_together_are_the_same_post_twice(write):
    found = problems(write, "  740:\n    posts:\n      01:\n        allocation: 5\n      1:\n        allocation: 6\n")
    assert found == [(12, "post 740.01 is given twice (first at line 10); merge the two")]


def test_a_yaml_float_is_read_from_its_text(write):
    post = load(write, "  732:\n    posts:\n      77:\n        allocation: 3624.4\n        appropriation: 0.1\n").posts[0]
    assert post.allocation.kroner == Decimal("3624400")
    assert post.appropriation.kroner == Decimal("100")  # 0.1 as a float would be 100.00000000000000555...
    assert post.allocation.text == "3624.4"


@pytest.mark.parametrize(
    "text, kroner",
    [("187 166", "187166000"), ("187166", "187166000"), ("3 624,4", "3624400"), ("-2 400", "-2400000"),
     ("\u22122 400", "-2400000"), ("1\u00a0305\u00a0832", "1305832000"), ("1\u2009305\u2009832", "1305832000"),
     ("8,5 mill.", "8500000"), ("2,053 mill. kroner", "2053000"), ("500 000 kr", "500000"), ("kr 500 000", "500000")],
)
def test_the_amount_grammar_in_a_ledger(write, text, kroner):
    post = load(write, f"  740:\n    posts:\n      01:\n        allocation: {text}\n").posts[0]
    assert post.allocation.kroner == Decimal(kroner)


def test_the_file_unit_applies_to_bare_amounts(write):
    head = HEAD.replace("unit: 1000 kr", "unit: kr")
    post = load(write, "  740:\n    posts:\n      01:\n        allocation: 500 000\n", head).posts[0]
    assert post.allocation.kroner == Decimal("500000")


def test_a_correction_states_only_the_total(write):
    change = load(write, """  701:
    posts:
      21:
        allocation: 191 650
        changes:
          - {letter: TTB1, total: "186,6 mill."}
""").posts[0].changes[0]
    assert change.amount is None and change.total.kroner == Decimal("186600000")


def test_rows_without_an_amount_are_kept_without_one(write):
    post = load(write, "  740:\n    posts:\n      60:\n        name: Gjesteinnbyggeroppgjør\n        appropriation:\n        allocation: ~\n").posts[0]
    assert post.appropriation is None and post.allocation is None and post.name == "Gjesteinnbyggeroppgjør"


def test_nested_earmarks_and_bounds(write):
    post = load(write, """  717:
    posts:
      70:
        allocation: 9 000
        earmarks:
          - amount: 9 mill.
            purpose: kompetansenettverk
            of_which:
              - {amount: 2 mill., purpose: psykofarmaka}
              - {amount: 1 mill., minimum: true, purpose: NorPedMed}
""").posts[0]
    (top,) = post.earmarks
    assert [e.purpose for e in top.of_which] == ["psykofarmaka", "NorPedMed"]
    assert top.of_which[1].minimum and not top.of_which[1].upto


def test_unknown_keys_get_a_did_you_mean(write):
    found = problems(write, "  740:\n    posts:\n      01:\n        alocation: 5\n        chnages: []\n")
    assert found == [
        (11, "unknown key 'alocation' in post 740.01; did you mean 'allocation'?"),
        (12, "unknown key 'chnages' in post 740.01; did you mean 'changes'?"),
    ]


def test_an_undeclared_letter_is_recorded_at_every_citation_for_the_letters_check(write):
    ledger = load_file(write(HEAD + """  740:
    posts:
      01:
        allocation: 5
        letter: TB2033
        changes:
          - {letter: TB2033, amount: 1}
"""))
    assert list(ledger.undeclared_letters) == ["TB2033"]
    assert [(place.line, place.col) for place in ledger.undeclared_letters["TB2033"]] == [(12, 17), (14, 22)]


def test_letters_may_be_declared_after_the_chapters(write):
    text = "year: 2023\nunit: 1000 kr\nchapters:\n  740:\n    posts:\n      01: {allocation: 5, letter: TB}\nletters:\n  TB: {title: x}\n"
    assert load_file(write(text)).posts[0].letter == "TB"


@pytest.mark.parametrize("text, date", [("2023-02-06", dt.date(2023, 2, 6)), ("06.02.2023", dt.date(2023, 2, 6)),
                                        ("6. februar 2023", dt.date(2023, 2, 6)), ("16. juni 2023", dt.date(2023, 6, 16)),
                                        ("1. des. 2023", dt.date(2023, 12, 1))])
def test_dates_as_the_letters_print_them(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["2023-13-01", "31.02.2023", "6. brumaire 2023", "i fjor", "20230613",
                                  "2023061306", "2023-6-13", "2023-06-13T10:00"])
def test_bad_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    "name, carry, estimate, usable, mutual",
    [
        ("Spesielle driftsutgifter, kan overføres, kan nyttes under post 72", True, False, ("72",), False),
        ("Spesielle driftsutgifter, kan overføres, kan nyttes under post 70, 74 og 79", True, False, ("70", "74", "79"), False),
        ("Andre tilskudd, kan nyttes under postene 70, 74 og 79", False, False, ("70", "74", "79"), False),
        ("Tilskudd, overslagsbevilgning", False, True, (), False),
        ("Tilskudd (kan nyttes under post 21)", False, False, ("21",), False),
        ("Spesielle driftsutgifter/tilskudd, kan nyttes under hverandre", False, False, (), True),
        ("Spesielle driftsutgifter, kan \n overføres, kan nyttes under post \n 70", True, False, ("70",), False),
        ("Driftsutgifter", False, False, (), False),
        ("Tilskudd, kan nyttes under kap. 740, post 21", False, False, ("740.21",), False),
    ],
)
def test_annotations_are_read_from_the_post_name(write, name, carry, estimate, usable, mutual):
    from budsjett_cli.ledger.annotations import read_annotations

    found = read_annotations(name)
    assert (found.carry_over, found.estimate, found.usable_under, found.usable_under_each_other) == (
        carry, estimate, usable, mutual)


def test_a_post_without_allocation_opens_mid_year(write):
    post = load(write, "  760:\n    posts:\n      21:\n        changes:\n          - {letter: TTB1, previous: 349110, amount: 6320, total: 355 430}\n").posts[0]
    assert post.allocation is None and post.changes[0].previous.kroner == Decimal("349110000")


@pytest.mark.parametrize("key", ["\u0663", "\u0667\u0666\u0665"])
def test_chapter_and_post_keys_are_ascii_digits(write, key):
    found = problems(write, f"  {key}:\n    posts:\n      01: {{allocation: 5}}\n")
    assert "a chapter is a number from 1 to 9999" in found[0][1]


def test_an_empty_letter_id_is_a_problem_not_dropped(tmp_path):
    path = tmp_path / "l.yaml"
    path.write_text('year: 2023\nunit: 1000 kr\nletters:\n  "": {title: x}\nchapters:\n  740:\n    posts:\n'
                    '      01: {allocation: 1}\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_file(path)
    assert str(error.value.problems[0]) == f"{path}:4:3: a letter needs an id (TB2023, TTB2023-02..06), not an empty one"
