"""The JSON Schema for ledgers agrees with the loader, which is the authority on the format.

Editors with a YAML language server validate ledgers against
budsjett_cli/ledger.schema.json. These tests hold the schema to the loader:
the bundled ledgers validate; broken ledgers fail both; the keys, the
required keys and null handling are the loader's; and the amount pattern
accepts exactly what ``parse_amount`` accepts.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
import subprocess
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from budsjett_cli import amounts
from budsjett_cli.ledger import loader
from budsjett_cli.amounts import AmountError, Unit, format_number, parse_amount, parse_unit
from budsjett_cli.problems import InputError
from budsjett_cli.dates import parse_date
from budsjett_cli.ledger.loader import load_file

from conftest import LEDGER_2023, LEDGER_2024, LEDGER_2025

SCHEMA_TEXT = (resources.files("budsjett_cli") / "ledger.schema.json").read_text(encoding="utf-8")
SCHEMA = json.loads(SCHEMA_TEXT)
VALIDATOR = Draft202012Validator(SCHEMA)
DEFS = SCHEMA["$defs"]
AMOUNT = re.compile(next(a["pattern"] for a in DEFS["amount"]["anyOf"] if a.get("type") == "string"))
DATE = re.compile(DEFS["date"]["pattern"])
BUNDLED = [LEDGER_2023, LEDGER_2024, LEDGER_2025]


# -- YAML as an editor's language server hands it to the schema ------------------------


class JsonLoader(yaml.SafeLoader):
    """YAML to the JSON a schema sees: keys as their text, dates as text, no floats.

    JSON has only string keys, and the loader reads keys from their source
    text (post 01 stays "01"; 010 is not octal 8). YAML dates stay strings, as
    a YAML 1.2 language server sees them. YAML floats become exact Decimals
    (still numbers to jsonschema): money never passes through float.
    """


def _mapping(loader: JsonLoader, node: yaml.MappingNode) -> dict:
    out = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else str(loader.construct_object(key, deep=True))
        out[name] = loader.construct_object(value, deep=True)
    return out


def _float(loader: JsonLoader, node: yaml.ScalarNode):
    try:
        return Decimal(node.value.replace("_", ""))
    except ArithmeticError:
        return loader.construct_yaml_float(node)  # .inf and .nan: not amounts anyway


JsonLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
JsonLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
JsonLoader.add_constructor("tag:yaml.org,2002:float", _float)


def as_json(text: str):
    return yaml.load(text, Loader=JsonLoader)


def schema_errors(document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]


def loader_accepts(text: str, tmp_path: Path) -> bool:
    path = tmp_path / "ledger.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_file(path)
    except InputError:
        return False
    return True


def loader_amount_accepts(text: str) -> bool:
    try:
        parse_amount(text, Unit.THOUSAND)
    except AmountError:
        return False
    return True


# -- the schema itself -------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


def _objects(schema, path="#"):
    """Every subschema that lists properties, with where it is."""
    if isinstance(schema, dict):
        if "properties" in schema and schema.get("type") == "object":
            yield path, schema
        for key, value in schema.items():
            yield from _objects(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _objects(value, f"{path}/{i}")


def test_every_object_refuses_unknown_keys_and_every_key_is_described():
    objects = list(_objects(SCHEMA))
    assert len(objects) == 10  # ledger, letter, chapter, post, change, appropriation_change, earmark, review,
    # transfer, withheld
    for path, obj in objects:
        assert obj["additionalProperties"] is False, path
        for name, prop in obj["properties"].items():
            assert prop.get("description"), f"{path}/properties/{name} has no description"
    for path, obj in _keyed_maps(SCHEMA):
        assert obj["additionalProperties"] is False, path


def _keyed_maps(schema, path="#"):
    if isinstance(schema, dict):
        if "patternProperties" in schema:
            yield path, schema
        for key, value in schema.items():
            yield from _keyed_maps(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _keyed_maps(value, f"{path}/{i}")


@pytest.mark.parametrize(
    "where, keys",
    [
        ("ledger", loader.LEDGER_KEYS),
        ("letter", loader.LETTER_KEYS),
        ("chapter", loader.CHAPTER_KEYS),
        ("post", loader.POST_KEYS),
        ("change", loader.CHANGE_KEYS),
        ("earmark", loader.EARMARK_KEYS),
        ("review", loader.REVIEW_KEYS),
    ],
)
def test_the_schema_has_the_loaders_keys(where, keys):
    obj = SCHEMA if where == "ledger" else DEFS[where]
    assert set(obj["properties"]) == set(keys)


def test_unit_is_an_enum_of_the_loaders_unit_words():
    enum = SCHEMA["properties"]["unit"]["enum"]
    assert set(enum) == set(amounts._UNIT_WORDS)  # the loader reads `unit` with parse_unit, from this table
    assert {parse_unit(word) for word in enum} == set(Unit)


def test_ledgers_name_the_schema_in_their_first_line():
    for path in BUNDLED:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        assert (path.parent / match[1]).resolve().read_text(encoding="utf-8") == SCHEMA_TEXT


# -- ledgers ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_ledgers_validate(path):
    load_file(path)
    assert schema_errors(as_json(path.read_text(encoding="utf-8"))) == []


HEAD = """\
year: 2023
unit: 1000 kr
letters:
  TB2023:
  TTB2023-02..06: {date: 2023-02-06}
chapters:
"""

# name: the rest of a ledger after HEAD; both the schema and the loader refuse each.
BROKEN = {
    "unknown ledger key": "  765: {posts: {21: {allocation: 187 166}}}\nyaer: 2023\n",
    "unknown post key": "  765:\n    posts:\n      21:\n        alocation: 187 166\n",
    "unknown change key": "  765:\n    posts:\n      21:\n        changes:\n          - {letter: TB2023, amount: 5, sum: 5}\n",
    "unknown earmark key": "  765:\n    posts:\n      21:\n        earmarks:\n          - {purpose: x, belop: 5}\n",
    "misspelt letters key": "  765: {posts: {21: {allocation: 5}}}\nleters: {}\n",
    "chapters is a list": "  - 765\n",
    "posts is a list": "  765:\n    posts: [21]\n",
    "amount is a list": "  765:\n    posts:\n      21:\n        allocation: [187, 166]\n",
    "amount is a mapping": "  765:\n    posts:\n      21:\n        allocation: {kr: 5}\n",
    "amount is a boolean": "  765:\n    posts:\n      21:\n        allocation: true\n",
    "changes is a mapping": "  765:\n    posts:\n      21:\n        changes: {letter: TB2023, amount: 5}\n",
    "post is empty": "  765:\n    posts:\n      21:\n",
    "upto is not a boolean": "  765:\n    posts:\n      21:\n        earmarks:\n          - {purpose: x, amount: 5, upto: maybe}\n",
    "upto and minimum": "  765:\n    posts:\n      21:\n        earmarks:\n          - {purpose: x, amount: 5, upto: true, minimum: yes}\n",
    "chapter without posts": "  765:\n    name: Psykisk helse\n",
    "chapter with null posts": "  765:\n    posts:\n",
    "change without letter": "  765:\n    posts:\n      21:\n        changes:\n          - {amount: 5}\n",
    "change with a null letter": "  765:\n    posts:\n      21:\n        changes:\n          - {letter: null, amount: 5}\n",
    "change without amount or total": "  765:\n    posts:\n      21:\n        changes:\n          - {letter: TB2023, previous: 5}\n",
    "change with a null amount only": "  765:\n    posts:\n      21:\n        changes:\n          - {letter: TB2023, amount: ~}\n",
    "earmark without purpose": "  765:\n    posts:\n      21:\n        earmarks:\n          - {amount: 5}\n",
    "nested earmark without purpose": (
        "  765:\n    posts:\n      21:\n        earmarks:\n          - purpose: x\n            of_which:\n"
        "              - purpose: y\n                of_which:\n                  - {amount: 5}\n"
    ),
    "post 100": "  765:\n    posts:\n      100: {allocation: 5}\n",
    "post 0": "  765:\n    posts:\n      0: {allocation: 5}\n",
    "post 00": "  765:\n    posts:\n      00: {allocation: 5}\n",
    "post 21a": "  765:\n    posts:\n      21a: {allocation: 5}\n",
    "post -1": "  765:\n    posts:\n      -1: {allocation: 5}\n",
    "chapter 10000": "  10000:\n    posts:\n      21: {allocation: 5}\n",
    "chapter 0": "  0:\n    posts:\n      21: {allocation: 5}\n",
    "chapter kap. 765": "  kap. 765:\n    posts:\n      21: {allocation: 5}\n",
    "amount 187.166 as text": "  765:\n    posts:\n      21: {allocation: '187.166'}\n",
    "amount 1 87 166": "  765:\n    posts:\n      21: {allocation: 1 87 166}\n",
    "amount abc": "  765:\n    posts:\n      21: {allocation: abc}\n",
    "amount with two units": "  765:\n    posts:\n      21: {allocation: kr 5 mill.}\n",
    "amount with two signs": "  765:\n    posts:\n      21: {allocation: −−5}\n",
    "amount 8_500": "  765:\n    posts:\n      21: {allocation: 8 500_000}\n",
    "amount of 19 digits": "  765:\n    posts:\n      21: {allocation: 1 234 567 890 123 456 789}\n",
    "amount in dollars": "  765:\n    posts:\n      21: {allocation: 5 dollars}\n",
    "bad date": "  765: {posts: {21: {changes: [{letter: TB2023, amount: 5, date: 2023-13-01}]}}}\n",
    "date in words without a day": "  765: {posts: {21: {changes: [{letter: TB2023, amount: 5, date: februar 2023}]}}}\n",
}
BROKEN_TOP = {
    "missing year": "unit: 1000 kr\nchapters: {765: {posts: {21: {allocation: 5}}}}\n",
    "missing unit": "year: 2023\nchapters: {765: {posts: {21: {allocation: 5}}}}\n",
    "missing chapters": "year: 2023\nunit: 1000 kr\n",
    "null year": "year:\nunit: 1000 kr\nchapters: {765: {posts: {21: {allocation: 5}}}}\n",
    "year 23": "year: 23\nunit: 1000 kr\nchapters: {765: {posts: {21: {allocation: 5}}}}\n",
    "year as words": "year: tjuetjuetre\nunit: 1000 kr\nchapters: {}\n",
    "unit dollars": "year: 2023\nunit: dollars\nchapters: {}\n",
    "unit as a number": "year: 2023\nunit: 1000\nchapters: {}\n",
    "orgnr of eight digits": "year: 2023\nunit: kr\norgnr: 98354462\nchapters: {}\n",
    "orgnr with letters": "year: 2023\nunit: kr\norgnr: NO983544622\nchapters: {}\n",
    "ledger is a list": "- year: 2023\n",
    "letter is a list": "year: 2023\nunit: kr\nletters: {TB2023: [a]}\nchapters: {}\n",
    "unknown letter detail": "year: 2023\nunit: kr\nletters: {TB2023: {titel: x}}\nchapters: {}\n",
}
BROKEN_TEXTS = {name: HEAD + rest for name, rest in BROKEN.items()} | BROKEN_TOP


@pytest.mark.parametrize("name", BROKEN_TEXTS)
def test_broken_ledgers_fail_the_schema_and_the_loader(name, tmp_path):
    text = BROKEN_TEXTS[name]
    assert not loader_accepts(text, tmp_path), "the loader should refuse this ledger too"
    assert schema_errors(as_json(text)), "the schema accepts a ledger the loader refuses"


def test_a_valid_small_ledger_passes_both(tmp_path):
    text = HEAD + (
        "  0765:\n    posts:\n      01: {appropriation: 3624.4, allocation: '3 624,4'}\n"
        "      '2': {allocation: '8,5 mill.'}\n      3: {allocation: −2 400, earmarks: [{purpose: x, amount: 1 mill., upto: yes}]}\n"
        "      09: {changes: [{letter: TTB2023-02..06, total: 500 000 kr, date: 6. februar 2023}]}\n"
    )
    assert loader_accepts(text, tmp_path)
    assert schema_errors(as_json(text)) == []


# -- required keys and null values, key by key ---------------------------------------------

FULL = {
    "year": 2023,
    "agency": "Helsedirektoratet",
    "orgnr": 983544622,
    "ministry": "Helse- og omsorgsdepartementet",
    "unit": "1000 kr",
    "letters": {"TB2023": {"title": "Tildelingsbrev 2023", "date": "2023-01-10", "ref": "23/133-9", "note": "n",
                           "received": "2023-01-12",
                           "review": [{"kind": "previous", "post": "765.21", "source": "brev.txt:12", "note": "n",
                                       "status": "open"}]}},
    "transfers": [{"letter": "TB2023", "from": "765.72", "to": "765.21", "amount": "1 mill.", "amount_to": "1 mill.",
                   "date": "2023-03-01", "authority": "a", "note": "n"}],
    "chapters": {
        "765": {
            "name": "Psykisk helse og rusarbeid",
            "posts": {
                "21": {
                    "name": "Spesielle driftsutgifter, kan overføres",
                    "appropriation": "217 166",
                    "allocation": "187 166",
                    "letter": "TB2023",
                    "changes": [
                        {
                            "letter": "TB2023",
                            "amount": "8 500",
                            "previous": "187 166",
                            "total": "195 666",
                            "date": "6. februar 2023",
                            "appropriation": "225 666",
                            "earmarks": [{"purpose": "helseapper", "amount": "3 mill.", "upto": True}],
                            "earmarks_partial": True,
                            "note": "n",
                        },
                        {
                            "letter": "TB2023",
                            "appropriation_change": {"amount": "1,7 mill.", "implied": True,
                                                     "source": "Prop. 118 S (2022-2023)", "quote": "q"},
                            "counterpart": "Norsk helsenett SF",
                        },
                    ],
                    "earmarks": [
                        {
                            "purpose": "selvmordsforebygging",
                            "amount": "2,5 mill.",
                            "upto": False,
                            "minimum": True,
                            "of_which": [{"purpose": "forum", "amount": "1 mill.", "link": "forum"}],
                            "note": "n",
                        }
                    ],
                    "earmarks_partial": True,
                    "note": "n",
                    "withheld": [{"letter": "TB2023", "amount": "2 mill.", "released_by": "TB2023", "note": "n"}],
                },
                "72": {"name": "Tilskudd, kan nyttes under post 21"},
            },
        }
    },
}


def _record_paths(node, path=()):
    """Paths to every key of every object the loader reads by its key sets (not the keyed maps)."""
    if isinstance(node, dict):
        keyed = path and path[-1] in ("letters", "chapters", "posts")
        for key, value in node.items():
            if not keyed:
                yield path + (key,)
            yield from _record_paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _record_paths(value, path + (i,))


# Deleting `letters` leaves the letters cited but not declared: a cross-reference, which no schema can check.
KEY_PATHS = [p for p in _record_paths(FULL) if p != ("letters",)]


def _edit(path, value):
    doc = copy.deepcopy(FULL)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    if value is _DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return doc


_DELETE = object()


def test_the_full_ledger_uses_every_key():
    used = {p[-1] for p in _record_paths(FULL)}
    every = loader.LEDGER_KEYS | loader.LETTER_KEYS | loader.CHAPTER_KEYS | loader.POST_KEYS
    assert used == (every | loader.CHANGE_KEYS | loader.EARMARK_KEYS | loader.REVIEW_KEYS
                    | loader.APPROPRIATION_CHANGE_KEYS | loader.TRANSFER_KEYS | loader.WITHHELD_KEYS)


@pytest.mark.parametrize("path", KEY_PATHS, ids=lambda p: "/".join(map(str, p)))
@pytest.mark.parametrize("edit", ["deleted", "null"])
def test_required_keys_and_nulls_are_the_loaders(path, edit, tmp_path):
    doc = _edit(path, _DELETE if edit == "deleted" else None)
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    assert as_json(text) == doc
    by_loader = loader_accepts(text, tmp_path)
    by_schema = not schema_errors(doc)
    assert by_schema == by_loader, f"{'/'.join(map(str, path))} {edit}: loader {by_loader}, schema {by_schema}"


def test_some_keys_are_required():
    """The test above cannot pass by accepting everything: these edits are refused by both."""
    refused = [
        ("year",), ("unit",), ("chapters",), ("chapters", "765", "posts"),
        ("chapters", "765", "posts", "21", "changes", 0, "letter"),
        ("chapters", "765", "posts", "21", "earmarks", 0, "purpose"),
        ("chapters", "765", "posts", "21", "earmarks", 0, "of_which", 0, "purpose"),
    ]
    for path in refused:
        assert schema_errors(_edit(path, _DELETE)), path
        assert schema_errors(_edit(path, None)), path
    both = _edit(("chapters", "765", "posts", "21", "changes", 0, "total"), _DELETE)
    del both["chapters"]["765"]["posts"]["21"]["changes"][0]["amount"]
    assert not schema_errors(both)  # a letter that informs of a new appropriation only
    del both["chapters"]["765"]["posts"]["21"]["changes"][0]["appropriation"]
    assert schema_errors(both)


# -- keys --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["1", "01", "001", "9", "21", "99", "099", "0", "00", "100", "1a", "-1", "+1", " 1"])
def test_post_keys_are_read_like_the_loader(key, tmp_path):
    text = f"year: 2023\nunit: kr\nchapters:\n  765:\n    posts:\n      '{key}': {{allocation: 5}}\n"
    assert loader_accepts(text, tmp_path) == (not schema_errors(as_json(text))), key


@pytest.mark.parametrize("key", ["1", "0001", "765", "0765", "3740", "9999", "0", "10000", "765.21", "kap. 765", "7 65"])
def test_chapter_keys_are_read_like_the_loader(key, tmp_path):
    text = f"year: 2023\nunit: kr\nchapters:\n  '{key}':\n    posts: {{21: {{allocation: 5}}}}\n"
    assert loader_accepts(text, tmp_path) == (not schema_errors(as_json(text))), key


def test_yaml_integer_keys_reach_the_schema_as_their_text():
    doc = as_json("year: 2023\nunit: kr\nchapters:\n  765:\n    posts:\n      01: {}\n      010: {}\n      08: {}\n")
    assert list(doc["chapters"]) == ["765"]
    assert list(doc["chapters"]["765"]["posts"]) == ["01", "010", "08"]  # not 1, 8 (octal) and '08'
    assert schema_errors(doc) == []


# -- amounts ---------------------------------------------------------------------------------

ACCEPTED_AMOUNTS = [
    "187 166", "187166", "3 624,4", "3624.4", "3624.45", "-2 400", "−2 400", "– 2 400", "+350", "0",
    "1\u00a0305\u00a0832", "1\u2009305\u2009832", "1\u202f305\u202f832", "1.305.832", "1.305,5",
    "8,5 mill.", "2,053 mill. kroner", "20 millioner kroner", "0,5 mill kroner", "1,2 mrd.", "5 milliarder kroner",
    "500 000 kr", "500 000 kr.", "500000kr", "kr 500 000", "kr. 500 000", "Kr 500", "NOK 500", "−kr 500", "kr −500",
    "8 500 000 kroner", "500,-", "187 166.", "8,5 MILL.", "8,5 Mill. Kroner", "8,5 mill.\u00a0kroner", " 187 166 ",
    "5 tusen kr", "123 456 789 012 345 678",
]
REFUSED_AMOUNTS = [
    "187.166", "1 87 166", "1 305 8320", "abc", "", " ", "8,5 millions", "1e3", "8_500", "0x1F", "--5", "-−5",
    "kr 5 kr", "kr 5 mill.", "1 234 567 890 123 456 789", "5 5", "1,2,3", "1.2.3", "1 305.5", "1.305 832",
    "5 dollars", "mill. 5", "5 mill. mill.", "1.305,5,5", "5 1000 kr", "5,", ".5", "5 kr 5", "500.-", "5, -",
    "8,5 mill kr", "5 tusen kr.", "5 mrd. kr.", "1 000 000 000 000 000 000 000 000 000 000 000 000 000",
]


@pytest.mark.parametrize("text", ACCEPTED_AMOUNTS)
def test_amounts_the_loader_reads_match_the_pattern(text):
    assert loader_amount_accepts(text)
    assert AMOUNT.search(text), text


@pytest.mark.parametrize("text", REFUSED_AMOUNTS)
def test_amounts_the_loader_refuses_do_not_match(text):
    assert not loader_amount_accepts(text)
    assert not AMOUNT.search(text), text


def test_every_unit_word_matches_after_a_number_in_any_case():
    for word in amounts._UNIT_WORDS:
        if word[0].isdigit():
            continue  # "1000 kr" after a number reads as more digits
        for spelled in (word, word.upper(), word.capitalize()):
            text = f"8,5 {spelled}"
            assert loader_amount_accepts(text) and AMOUNT.search(text), text


UNITS = ["", " kr", "kr", " kroner", " mill.", " mill", " mill. kroner", " millioner kroner", " mrd.", " mrd. kr"]


@settings(max_examples=300, deadline=None)
@given(
    value=st.decimals(min_value=-(10**15) + 1, max_value=10**15 - 1, places=3, allow_nan=False, allow_infinity=False),
    decimals=st.none() | st.integers(min_value=0, max_value=3),
    unit=st.sampled_from(UNITS),
    minus=st.sampled_from(["\u2212", "-"]),
)
def test_formatted_amounts_match_the_pattern(value, decimals, unit, minus):
    text = format_number(value, decimals, minus=minus) + unit
    assert AMOUNT.search(text), text
    assert loader_amount_accepts(text), text


TAILS = [
    "", ".", ",-", ",\u2212", " .", " kr", "kr", "kr.", " kroner", " KRONER", " nok", " mill.", " Mill.", " mill",
    " millioner", " mill. kr", " mill. kr.", " mill kroner", " mill.  kroner", " millioner kroner", " mill kr",
    " mrd.", " mrd. kr", " mrd. kr.", " milliarder kroner", " tusen kr", " tusen kr.", " 1000 kr", " millions",
    " x", "e3", "_000", ", -", ".-", " kr 5", " mill.\u00a0kroner", " mill.\u2009kr",
]


def test_every_head_number_and_tail_is_read_alike():
    """The cross product of signs and prefixes, numbers and endings: the pattern and the loader agree on each."""
    heads = ["", "-", "\u2212", "\u2013 ", "+", "kr ", "kr.", "Kr", "-kr ", "kr \u2212", "NOK ", "--", "mill. ", "\u2212 \u2212"]
    numbers = [
        "0", "5", "187 166", "1\u00a0305\u00a0832", "1\u2009305", "1.305.832", "1.305", "3 624,4", "3624.4", "3624.45",
        "187.166", "1 87 166", "12345", "1.305,5", "1 305.5", "5,", "5,5,5", "123 456 789 012 345 678", "1 234 567 890 123 456 789",
    ]
    disagree = [
        repr(text)
        for head in heads
        for number in numbers
        for tail in TAILS
        if bool(AMOUNT.search(text := head + number + tail)) != loader_amount_accepts(text)
    ]
    assert disagree == []


_GROUPS = st.sampled_from(["0", "1", "12", "123", "1234", "000", "305", "832", "999999"])
_SEPARATORS = st.sampled_from([" ", " ", "\u00a0", "\u2009", "\u202f", ".", "", "  "])
_TAILS = st.sampled_from(TAILS)


@settings(max_examples=1500, deadline=None)
@given(
    sign=st.sampled_from(["", "-", "\u2212", "\u2013", "+", "- ", "+ ", "--"]),
    prefix=st.sampled_from(["", "kr ", "kr", "kr. ", "Kr.", "NOK ", "nok", "mill. "]),
    sign2=st.sampled_from(["", "", "-", "\u2212 "]),
    first=_GROUPS,
    rest=st.lists(st.tuples(_SEPARATORS, _GROUPS), max_size=6),
    fraction=st.sampled_from(["", "", ",5", ",25", ",000", ".4", ".45", ".166", ".4567", ",", ".", ",5,5"]),
    tail=_TAILS,
    pad=st.sampled_from(["", " ", "\u00a0"]),
)
def test_the_pattern_accepts_exactly_what_the_loader_accepts(sign, prefix, sign2, first, rest, fraction, tail, pad):
    text = pad + sign + prefix + sign2 + first + "".join(s + g for s, g in rest) + fraction + tail + pad
    assert bool(AMOUNT.search(text)) == loader_amount_accepts(text), repr(text)


# -- dates ---------------------------------------------------------------------------------

ACCEPTED_DATES = [
    "2023-02-06", "06.02.2023", "6.2.2023", "6. februar 2023", "6. Februar 2023",
    "6. feb. 2023", "6.feb 2023", "16. SEPT. 2023", "1. mai 2023", "31. des 2023", " 2023-02-06 ",
]
REFUSED_DATES = [
    "2023/02/06", "06-02-2023", "6 februar 2023", "6. foo 2023", "februar 2023", "2023-13-01", "2023-02-32",
    "32.01.2023", "6. februar 23", "2023-2-6", "i dag", "20230206", "2023-W06-1", "2023061306",
]


@pytest.mark.parametrize("text", ACCEPTED_DATES)
def test_dates_the_loader_reads_match_the_pattern(text):
    parse_date(text)
    assert DATE.search(text), text


@pytest.mark.parametrize("text", REFUSED_DATES)
def test_dates_the_loader_refuses_do_not_match(text):
    with pytest.raises(ValueError):
        parse_date(text)
    assert not DATE.search(text), text


_MONTH_NAMES = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"]


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)), form=st.integers(0, 3))
def test_every_date_form_the_loader_reads_matches(day, form):
    text = [
        day.isoformat(),
        day.strftime("%d.%m.%Y"),
        f"{day.day}. {_MONTH_NAMES[day.month - 1]} {day.year}",
        f"{day.day}. {_MONTH_NAMES[day.month - 1][:3]}. {day.year}",
    ][form]
    assert parse_date(text) == day
    assert DATE.search(text), text


# -- the patterns in an editor ----------------------------------------------------------------


@pytest.mark.skipif(shutil.which("node") is None, reason="no node to try the patterns as JavaScript regexes")
def test_the_patterns_mean_the_same_in_javascript():
    """Language servers run the patterns as JavaScript regexes (with the u flag)."""
    samples = ACCEPTED_AMOUNTS + REFUSED_AMOUNTS
    script = (
        "const [pattern, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const re = new RegExp(pattern, 'u');"
        "process.stdout.write(JSON.stringify(samples.map((s) => re.test(s))));"
    )
    result = subprocess.run(
        ["node", "-e", script], input=json.dumps([AMOUNT.pattern, samples]), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [bool(AMOUNT.search(s)) for s in samples]
