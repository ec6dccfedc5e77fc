"""The JSON Schema for ledgers is the loader's: generated from its tables, and it agrees with it.

budsjett_cli/ledger/schema.py builds the schema from the key tables the
loader reads (ledger/keys.py) and from the patterns the parsers gate on
(amounts.AMOUNT_PATTERN, dates.DATE_PATTERN, orgnr.ORGNR_PATTERN). These
tests hold the shipped file to the generator, and the schema to the loader:
on every key (left out, empty, unknown), on generated amounts, dates and
numbers (the loader accepts exactly what the pattern matches), on the
bundled ledgers, the docs' example and the broken corpus.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from budsjett_cli import amounts
from budsjett_cli.amounts import AmountError, Unit, format_number, parse_amount, parse_unit
from budsjett_cli.dates import MONTH_NAMES, parse_date
from budsjett_cli.ledger import keys
from budsjett_cli.ledger.loader import load_file, load_text
from budsjett_cli.ledger.orgnr import OrgnrError, parse_orgnr
from budsjett_cli.ledger.schema import ledger_schema, ledger_schema_text
from budsjett_cli.problems import InputError
from conftest import LEDGER_2023, LEDGER_2024, LEDGER_2025, ROOT

SHIPPED = ROOT / "budsjett_cli" / "ledger.schema.json"
REGENERATE = "python -m budsjett_cli.ledger.schema > budsjett_cli/ledger.schema.json"
SCHEMA = ledger_schema()
VALIDATOR = Draft202012Validator(SCHEMA)
DEFS = SCHEMA["$defs"]
AMOUNT = re.compile(next(a["pattern"] for a in DEFS["amount"]["anyOf"] if a.get("type") == "string"))
DATE = re.compile(DEFS["date"]["pattern"])
ORGNR = re.compile(next(a["pattern"] for a in SCHEMA["properties"]["orgnr"]["anyOf"] if a.get("type") == "string"))
CHAPTER_KEY = re.compile(SCHEMA["properties"]["chapters"]["propertyNames"]["pattern"])
POST_KEY = re.compile(DEFS["chapter"]["properties"]["posts"]["propertyNames"]["pattern"])
YEAR_TEXT = re.compile(next(a["pattern"] for a in SCHEMA["properties"]["year"]["anyOf"] if a.get("type") == "string"))
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


def loader_accepts(text: str) -> bool:
    try:
        load_text(text, "ledger.yaml")
    except InputError:
        return False
    return True


def parser_accepts(text: str) -> bool:
    """``parse_amount`` as it would be without gating on the pattern: the grammar the parser itself reads."""
    gate = amounts._AMOUNT_GRAMMAR
    amounts._AMOUNT_GRAMMAR = lambda _text: True
    try:
        parse_amount(text, Unit.THOUSAND)
    except AmountError:
        return False
    finally:
        amounts._AMOUNT_GRAMMAR = gate
    return True


# -- the schema is generated -------------------------------------------------------------


def test_the_shipped_schema_is_the_generated_one():
    assert SHIPPED.read_text(encoding="utf-8") == ledger_schema_text(), (
        f"budsjett_cli/ledger.schema.json is out of date with the loader's tables; regenerate it: {REGENERATE}"
    )


def test_the_schema_is_a_valid_draft_2020_12_schema_with_the_tables_keys():
    Draft202012Validator.check_schema(SCHEMA)
    for record in keys.RECORDS:
        obj = SCHEMA if record is keys.LEDGER else DEFS[record.name]
        assert list(obj["properties"]) == list(record.keys), record.name
        assert obj["additionalProperties"] is False
        assert all(prop["description"] for prop in obj["properties"].values())
    assert {parse_unit(word) for word in SCHEMA["properties"]["unit"]["enum"]} == set(Unit)


def test_ledgers_name_the_schema_in_their_first_line_and_validate():
    for path in BUNDLED:
        text = path.read_text(encoding="utf-8")
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", text.splitlines()[0])
        assert match and (path.parent / match[1]).resolve() == SHIPPED, path
        assert loader_accepts(text), path
        assert schema_errors(as_json(text)) == [], path


def test_the_complete_example_in_the_format_docs_validates():
    doc = (ROOT / "docs" / "ledger-format.md").read_text(encoding="utf-8")
    example = re.findall(r"```yaml\n(.*?)```", doc, re.S)[1]
    assert example.startswith("# yaml-language-server: $schema=../budsjett_cli/ledger.schema.json")
    assert loader_accepts(example)
    assert schema_errors(as_json(example)) == []


# -- ledgers: every key left out, emptied or misspelt ----------------------------------------

FULL = {
    "year": 2023,
    "agency": "Helsedirektoratet",
    "orgnr": 983544622,
    "ministry": "Helse- og omsorgsdepartementet",
    "unit": "1000 kr",
    "letters": {"TB2023": {"title": "Tildelingsbrev 2023", "date": "2023-01-10", "ref": "23/133-9", "note": "n",
                           "received": "2023-01-12",
                           "review": [{"kind": "previous", "post": "765.21", "source": "l.txt:1-2", "note": "n",
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
                            "amount": "1",
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
    """Paths to every key of every record (not the keys of the letters, chapters and posts maps)."""
    if isinstance(node, dict):
        keyed = path and path[-1] in ("letters", "chapters", "posts")
        for key, value in node.items():
            if not keyed:
                yield path + (key,)
            yield from _record_paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _record_paths(value, path + (i,))


_DELETE = object()


def _edit(path, value):
    doc = copy.deepcopy(FULL)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    if value is _DELETE:
        del parent[path[-1]]
    elif isinstance(value, str) and value.startswith("rename:"):
        parent[value[7:]] = parent.pop(path[-1])
    else:
        parent[path[-1]] = value
    return doc


def _verdicts(doc) -> tuple[bool, bool]:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    assert as_json(text) == doc
    return loader_accepts(text), not schema_errors(doc)


_NO_KIND = [[1]]


def test_every_key_left_out_emptied_or_misspelt_is_judged_alike():
    """Each key of each record, deleted, set to null, misspelt or given a value of no kind: both agree on all.

    The last edit (a list of lists, which no key takes) also shows that the
    loader reads every key of the tables: a key it ignored would pass.

    Deleting or emptying `letters` leaves the letters cited but not declared: a cross-reference no schema can check.
    """
    used = {path[-1] for path in _record_paths(FULL)}
    assert used == set().union(*(record.names for record in keys.RECORDS)), "FULL should use every key"
    disagree, refused = [], set()
    for path in _record_paths(FULL):
        for edit in (_DELETE, None, f"rename:{path[-1]}x", _NO_KIND):
            if path == ("letters",) and (edit is _DELETE or edit is None):
                continue
            by_loader, by_schema = _verdicts(_edit(path, edit))
            if by_loader != by_schema:
                disagree.append(f"{'/'.join(map(str, path))} {edit}: loader {by_loader}, schema {by_schema}")
            if not by_loader:
                how = "renamed" if isinstance(edit, str) else "deleted" if edit is _DELETE else "null" if edit is None else "no kind"
                refused.add((path[-1], how))
    assert disagree == []
    # The test cannot pass by accepting everything: the required keys, and every misspelling, are refused.
    required = {name for record in keys.RECORDS for name in record.required}
    assert {name for name, how in refused if how == "deleted"} == required
    assert {name for name, how in refused if how == "renamed"} == used
    assert {name for name, how in refused if how == "no kind"} == used
    both = _edit(("chapters", "765", "posts", "21", "changes", 0, "total"), _DELETE)
    del both["chapters"]["765"]["posts"]["21"]["changes"][0]["amount"]
    assert _verdicts(both) == (False, False)  # a change needs an amount or a total
    neither = _edit(("chapters", "765", "posts", "21", "earmarks", 0, "upto"), True)
    assert _verdicts(neither) == (False, False)  # an earmark is not both upto and minimum


HEAD = "year: 2023\nunit: 1000 kr\nletters:\n  TB2023:\n  TTB2023-02..06: {date: 2023-02-06}\nchapters:\n"
POST21 = "  765:\n    posts:\n      21:\n"

# Ledgers both refuse, for the values the tables' kinds take.
BROKEN = {
    "chapters is a list": HEAD + "  - 765\n",
    "posts is a list": HEAD + "  765:\n    posts: [21]\n",
    "amount is a list": HEAD + POST21 + "        allocation: [187, 166]\n",
    "amount is a mapping": HEAD + POST21 + "        allocation: {kr: 5}\n",
    "amount is a boolean": HEAD + POST21 + "        allocation: true\n",
    "changes is a mapping": HEAD + POST21 + "        changes: {letter: TB2023, amount: 5}\n",
    "post is empty": HEAD + POST21,
    "upto is not a boolean": HEAD + POST21 + "        earmarks:\n          - {purpose: x, amount: 5, upto: maybe}\n",
    "nested earmark without purpose": HEAD + POST21 + (
        "        earmarks:\n          - purpose: x\n            of_which:\n"
        "              - purpose: y\n                of_which:\n                  - {amount: 5}\n"
    ),
    "amount with two units": HEAD + "  765:\n    posts:\n      21: {allocation: kr 5 mill. kroner}\n",
    "bad date": HEAD + "  765: {posts: {21: {changes: [{letter: TB2023, amount: 5, date: 2023-13-01}]}}}\n",
    "year 23": "year: 23\nunit: 1000 kr\nchapters: {765: {posts: {21: {allocation: 5}}}}\n",
    "unit as a number": "year: 2023\nunit: 1000\nchapters: {}\n",
    "orgnr with letters": "year: 2023\nunit: kr\norgnr: NO983544622\nchapters: {}\n",
    "letter is a list": "year: 2023\nunit: kr\nletters: {TB2023: [a]}\nchapters: {}\n",
}

# What a schema cannot see, in tests/broken/: the file's bytes, YAML's own errors, duplicates,
# cross-references and a number's source text (PyYAML reports YAML errors itself).
SCHEMA_CANNOT_SEE = {
    "05-duplicate-key.yaml", "06-duplicate-chapter.yaml", "07-duplicate-post.yaml",  # JSON objects have one of each
    "09-unknown-letter.yaml",                                                        # a cross-reference
    "10-ambiguous-float.yaml", "38-float-exponent.yaml",                             # a YAML float's text
    "22-bad-date.yaml",                                                              # 2023-02-30: a calendar
    "29-merge-key.yaml",                                                             # YAML merges before the schema
    "39-float-nan.yaml",                                                             # NaN passes every bound
}


def test_broken_ledgers_fail_the_schema_and_the_loader():
    checked = []
    for path in sorted((ROOT / "tests" / "broken").glob("*.yaml")):
        name, data = path.name, path.read_bytes()
        with pytest.raises(InputError):
            load_file(path)
        if name in SCHEMA_CANNOT_SEE or name.startswith(("12-", "13-", "35-")):  # alias bombs, deep nesting
            continue
        try:
            document = as_json(data.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError):
            continue  # not YAML: the language server reports that itself
        assert schema_errors(document), f"the schema accepts tests/broken/{name}, which the loader refuses"
        checked.append(name)
    assert len(checked) >= 19
    for name, text in BROKEN.items():
        assert not loader_accepts(text), name
        assert schema_errors(as_json(text)), f"the schema accepts {name}, which the loader refuses"


# -- generated values: the loader accepts exactly what the patterns match ----------------------

SPACES = ["", " ", "\u00a0", "\u2009", "\u202f", "\u2007", "  ", "\t"]
TAILS = [
    "", ".", ",-", ",\u2212", " .", " kr", "kr", "kr.", " kroner", " KRONER", " nok", " mill.", " Mill.", " mill",
    " millioner", " mill. kr", " mill. kr.", " mill kroner", " mill.  kroner", " millioner kroner", " mill kr",
    " mrd.", " mrd. kr", " mrd. kr.", " milliarder kroner", " tusen kr", " tusen kr.", " 1000 kr", " millions",
    " x", "e3", "_000", ", -", ".-", " kr 5", " mill.\u00a0kroner", " mill.\u2009kr", "\tmill.", " mill.\t",
]
_GROUPS = st.sampled_from(["0", "1", "12", "123", "1234", "000", "305", "832", "999999", "123456789012345678"])


@settings(max_examples=2000, deadline=None)
@given(
    pad=st.sampled_from(SPACES),
    sign=st.sampled_from(["", "-", "\u2212", "\u2013", "+", "- ", "+ ", "--", "-\u3000"]),
    prefix=st.sampled_from(["", "kr ", "kr", "kr. ", "Kr.", "NOK ", "nok", "mill. ", "kr\u3000"]),
    sign2=st.sampled_from(["", "", "-", "\u2212 ", "+"]),
    first=_GROUPS,
    rest=st.lists(st.tuples(st.sampled_from(SPACES + ["."]), _GROUPS), max_size=6),
    fraction=st.sampled_from(["", "", ",5", ",25", ",000", ".4", ".45", ".166", ".4567", ",", ".", ",5,5"]),
    tail=st.sampled_from(TAILS),
)
def test_the_amount_pattern_matches_exactly_what_the_parser_reads(pad, sign, prefix, sign2, first, rest, fraction, tail):
    text = pad + sign + prefix + sign2 + first + "".join(s + g for s, g in rest) + fraction + tail + pad
    assert bool(AMOUNT.search(text)) == parser_accepts(text), repr(text)


@settings(max_examples=300, deadline=None)
@given(
    value=st.decimals(min_value=-(10**15) + 1, max_value=10**15 - 1, places=3, allow_nan=False, allow_infinity=False),
    decimals=st.none() | st.integers(min_value=0, max_value=3),
    unit=st.sampled_from(["", " kr", "kr", " kroner", " mill.", " mill", " mill. kroner", " mrd.", " mrd. kr"]),
    minus=st.sampled_from(["\u2212", "-"]),
)
def test_amounts_as_budsjett_prints_them_are_read_by_both(value, decimals, unit, minus):
    text = format_number(value, decimals, minus=minus) + unit
    assert AMOUNT.search(text) and parser_accepts(text), text


def test_the_parser_gates_on_the_pattern():
    """What the pattern refuses, the parser refuses too, even where its own reading would let it through."""
    amounts._AMOUNT_GRAMMAR, gate = (lambda _text: None), amounts._AMOUNT_GRAMMAR
    try:
        with pytest.raises(AmountError, match="is not an amount"):
            parse_amount("8,5 mill.", Unit.THOUSAND)
    finally:
        amounts._AMOUNT_GRAMMAR = gate
    assert parse_amount("8,5 mill.", Unit.THOUSAND).kroner == Decimal(8_500_000)


_DAY = st.sampled_from(["0", "00", "1", "01", "6", "06", "09", "10", "29", "30", "31", "32", "123"])
_MONTH = st.sampled_from(["1", "01", "2", "02", "12", "13", "00", "januar", "Februar", "feb", "FEB", "mar", "mars",
                          "mai", "sept", "sep", "des", "desember", "foo", "juni", "jun", "mai."])


@settings(max_examples=1500, deadline=None)
@given(
    day=_DAY, month=_MONTH, year=st.sampled_from(["2023", "1999", "23", "20230"]),
    form=st.sampled_from(["{y}-{m}-{d}", "{d}.{m}.{y}", "{d}. {m} {y}", "{d}.{m} {y}", "{d}. {m}. {y}",
                          "{d} {m} {y}", "{y}/{m}/{d}", " {d}. {m}  {y} "]),
)
def test_the_date_pattern_matches_what_the_loader_reads_but_for_the_calendar(day, month, year, form):
    text = form.format(d=day, m=month, y=year)
    try:
        parse_date(text)
        parsed, calendar = True, False
    except ValueError as exc:
        parsed, calendar = False, "is not a date:" in str(exc)  # a day the month does not have
    matched = bool(DATE.search(text))
    assert matched == parsed or (matched and calendar), repr(text)  # the pattern knows no calendar: 30.02.2023


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)), form=st.integers(0, 3))
def test_every_date_form_the_loader_reads_matches(day, form):
    text = [
        day.isoformat(),
        day.strftime("%d.%m.%Y"),
        f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}",
        f"{day.day}. {MONTH_NAMES[day.month - 1][:3]}. {day.year}",
    ][form]
    assert parse_date(text) == day
    assert DATE.search(text), text


_NUMBER_TEXT = st.one_of(
    st.integers(min_value=0, max_value=12000).map(str),
    st.integers(min_value=0, max_value=120).map(lambda n: f"{n:03d}"),
    st.sampled_from(["", "1a", "-1", "+1", " 1", "7 65", "765.21", "kap. 765", "٣", "1_0", "0x1"]),
)


@settings(max_examples=300, deadline=None)
@given(text=_NUMBER_TEXT)
def test_chapter_post_and_year_numbers_are_read_alike(text):
    quoted = json.dumps(text)
    chapter = f"year: 2023\nunit: kr\nchapters:\n  {quoted}:\n    posts: {{21: {{allocation: 5}}}}\n"
    post = f"year: 2023\nunit: kr\nchapters:\n  765:\n    posts:\n      {quoted}: {{allocation: 5}}\n"
    year = f"year: {quoted}\nunit: kr\nchapters: {{}}\n"
    assert loader_accepts(chapter) == bool(CHAPTER_KEY.search(text)), text
    assert loader_accepts(post) == bool(POST_KEY.search(text)), text
    assert loader_accepts(year) == bool(YEAR_TEXT.search(text)), text


@settings(max_examples=300, deadline=None)
@given(digits=st.text("0123456789", min_size=7, max_size=11), spaces=st.lists(st.sampled_from(SPACES), max_size=3))
def test_organisation_numbers_are_read_alike_but_for_the_check_digit(digits, spaces):
    text = digits
    for i, space in enumerate(spaces):
        text = text[: 3 * (i + 1) + i] + space + text[3 * (i + 1) + i:]
    try:
        parse_orgnr(text)
        verdict = True
    except OrgnrError as exc:
        verdict = "check digit" in str(exc)
    assert bool(ORGNR.search(text)) == verdict, repr(text)


# -- the patterns in an editor ----------------------------------------------------------------

SAMPLES = [
    "187 166", "3 624,4", "3624.4", "−2 400", "1\u00a0305\u00a0832", "1.305.832", "8,5 mill.", "2,053 mill. kroner",
    "500 000 kr", "kr 500 000", "NOK 500", "500,-", "187 166.", " 187 166 ", "123 456 789 012 345 678",
    "187.166", "1 87 166", "abc", "", "8,5 millions", "1e3", "--5", "kr 5 mill.", "kr 5 mill. kr", "250 000,- kroner", "1 234 567 890 123 456 789",
    "5 1000 kr", "500.-", "5\tmill.", "2023-02-06", "6. februar 2023", "6.2.2023", "2023-13-01", "februar 2023",
]


@pytest.mark.skipif(shutil.which("node") is None, reason="no node to try the patterns as JavaScript regexes")
def test_the_patterns_mean_the_same_in_javascript():
    """Language servers run the patterns as JavaScript regexes (with the u flag)."""
    patterns = [AMOUNT.pattern, DATE.pattern, ORGNR.pattern, CHAPTER_KEY.pattern, YEAR_TEXT.pattern]
    script = (
        "const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(patterns.map((p) => samples.map((s) => new RegExp(p, 'u').test(s)))));"
    )
    samples = SAMPLES + ["983 544 622", "765", "0765", "10000", "2023", "1899"]
    result = subprocess.run(["node", "-e", script], input=json.dumps([patterns, samples]), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [[bool(re.search(p, s)) for s in samples] for p in patterns]
