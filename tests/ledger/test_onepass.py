"""The one-pass reader and the general path (compose the tree, then read it) give the same ledger or the same problems."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from budsjett_cli.ledger import loader, onepass
from budsjett_cli.ledger.yamlnodes import compose, source_text
from budsjett_cli.problems import InputError
from conftest import DATA, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate_ledger import generate  # noqa: E402

CORPUS = sorted(DATA.glob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml"))


def outcome(load):
    try:
        return load()
    except InputError as exc:
        return [str(problem) for problem in exc.problems]


def general(text: str, name: str = "t.yaml"):
    """The path every ledger took before the one-pass reader: compose the whole tree, then read it."""
    return outcome(lambda: loader._Builder(name).ledger(compose(source_text(text, name), name)))


def takes_one_pass(text: str, name: str = "t.yaml") -> bool:
    """Whether ``load_text`` reads this text's chapters in one pass (rather than giving up)."""
    cut = onepass.split(text)
    header = loader._header(cut, name)
    if header is None:
        return False
    try:
        loader._Builder(name).ledger(header, lambda b, ledger: onepass.read(b, ledger, cut))
    except onepass.GiveUp:
        return False
    except InputError:
        return True
    return True


def assert_same(text: str, name: str = "t.yaml") -> None:
    fast = outcome(lambda: loader.load_text(text, name))
    assert fast == general(text, name), text


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_in_the_corpus_reads_the_same_both_ways(path: Path):
    assert_same(path.read_bytes().decode("utf-8", errors="replace"), str(path))


@pytest.mark.parametrize("name", ["chapters.yaml", "2024.yaml", "2025.yaml"])
def test_the_bundled_ledgers_take_the_one_pass_reader(name):
    assert takes_one_pass((DATA / name).read_text(encoding="utf-8"))


def test_the_benchmark_ledger_takes_the_one_pass_reader_and_agrees():
    text = generate(posts=30, changes=20, seed=3)
    assert takes_one_pass(text)
    assert_same(text)


HEAD = "year: 2023\nunit: 1000 kr\nletters:\n  TB2023:\n    date: 2023-01-10\nchapters:\n"


@pytest.mark.parametrize("chapters", [
    # a chapter composed whole after its posts were read: what reading them said is said once
    "  740:\n    posts:\n      01:\n        letter: UKJENT\n        allocation: abc\n    name: \"Sitert: tekst\"\n",
    # a change composed alone (earmarks) between simple ones, and the post's letter cited before its changes'
    "  740:\n    posts:\n      01:\n        changes:\n          - letter: X\n            amount: 1\n"
    "          - letter: Y\n            amount: 2\n            earmarks:\n              - purpose: p\n"
    "                amount: 1\n        letter: Z\n",
    # items level with their key, a comment and a blank line inside an item, trailing spaces
    "  740:   # kapittel\n    posts:\n      21:\n        changes:\n        - letter: TB2023  \n\n"
    "          # merknad\n          amount: 5\n        name: Drift\n",
    # a multi-line plain value, a null value, a repeated key: all composed, all the general path's problems
    "  740:\n    posts:\n      21:\n        name: Drift\n          fortsatt\n      22:\n        allocation: ~\n"
    "        changes:\n          - letter: TB2023\n            amount: 1\n            amount: 2\n",
    # two chapters that are the same number, two posts that are the same post
    "  740:\n    posts:\n      01:\n        allocation: 1\n  0740:\n    posts:\n      1:\n        allocation: 2\n",
    "  740:\n    posts:\n      01:\n        allocation: 1\n      1:\n        allocation: 2\n",
])
def test_hand_made_edge_cases_read_the_same_both_ways(chapters):
    assert_same(HEAD + chapters)


# -- generated ledgers, valid and broken -----------------------------------------------------

LETTERS = ("TB2023", "TTB2023-01", "TTB2023-02")
# Each choice: the values a correct ledger may hold, then ones that are wrong or outside the one-pass shape.
AMOUNTS = (("5", "-2 400", "187 166", "1,5 mill.", "kr 500 000", "−3", "0,5"), ("abc", "~", "'12'", "1 0", ""))
DATES = (("2023-02-01", "6. februar 2023", "01.03.2023"), ("31.02.2023", "x", "'2023-02-01'"))
TEXTS = (("Driftsutgifter", "Drift, kan overføres", "a # comment", "'it''s'"), ('"Sitert: tekst"', "~", "x: y"))


def pick(draw, choices, clean: bool):
    good, bad = choices
    return draw(st.sampled_from(good if clean else good + bad))


@st.composite
def change_item(draw, indent: int, clean: bool) -> list[str]:
    pad, inner = " " * indent, " " * (indent + 2)
    fields = [("letter", pick(draw, (LETTERS, ("UKJENT",)), clean))]
    keys = ("amount", "previous", "total", "date", "note", "counterpart", "appropriation")
    for key in draw(st.lists(st.sampled_from(keys if clean else keys + ("unknown", "amount")), min_size=int(clean),
                             max_size=4, unique=clean)):
        source = DATES if key == "date" else TEXTS if key in ("note", "counterpart") else AMOUNTS
        fields.append((key, pick(draw, source, clean)))
    fields = draw(st.permutations(fields)) if draw(st.booleans()) else fields
    styles = ("block", "block", "block", "earmarks", "comment")
    style = draw(st.sampled_from(styles if clean else styles + ("flow", "dash-alone", "wide-dash", "continued")))
    if style == "flow":
        return [f"{pad}- {{{', '.join(f'{k}: {v}' for k, v in fields)}}}"]
    lines = [f"{pad}- {fields[0][0]}: {fields[0][1]}"] + [f"{inner}{k}: {v}" for k, v in fields[1:]]
    if style == "dash-alone":
        lines = [f"{pad}-"] + [f"{inner}{k}: {v}" for k, v in fields]
    elif style == "earmarks":
        lines += [f"{inner}earmarks:", f"{inner}  - purpose: x", f"{inner}    amount: 1"]
    elif style == "comment":
        lines.insert(1, f"{pad}   # a comment inside")
        lines.append("")
    elif style == "wide-dash":
        lines[0] = f"{pad}-   {fields[0][0]}: {fields[0][1]}"
    elif style == "continued":
        lines.append(f"{inner}  fortsatt")
    return lines


@st.composite
def post_block(draw, indent: int, step: int, number: str, clean: bool) -> list[str]:
    inner = " " * (indent + step)
    lines = [f"{' ' * indent}{number}:" + draw(st.sampled_from(("", "", "   # kommentar", " ")))]
    keys = ("name", "appropriation", "allocation", "letter", "note", "earmarks_partial", "withheld", "earmarks",
            "changes")
    names = draw(st.lists(st.sampled_from(keys if clean else keys + ("unknown", "changes", "name")), min_size=1,
                          max_size=6, unique=clean))
    for name in names:
        if name == "changes":
            items_at = indent + step + draw(st.sampled_from((0, 2, 2)))
            lines.append(f"{inner}changes:")
            for _ in range(draw(st.integers(int(clean), 3))):
                lines += draw(change_item(items_at, clean))
        elif name == "earmarks":
            lines += [f"{inner}earmarks:", f"{inner}  - purpose: til noe", f"{inner}    amount: 3"]
        elif name == "withheld":
            lines += [f"{inner}withheld:", f"{inner}  - letter: TB2023", f"{inner}    amount: 2"]
        elif name == "earmarks_partial":
            lines.append(f"{inner}earmarks_partial: {pick(draw, (('true', 'false'), ('nei', '~')), clean)}")
        elif name == "letter":
            lines.append(f"{inner}letter: {pick(draw, (LETTERS, ('UKJENT',)), clean)}")
        elif name in ("appropriation", "allocation"):
            lines.append(f"{inner}{name}: {pick(draw, AMOUNTS, clean)}")
        else:
            lines.append(f"{inner}{name}: {pick(draw, TEXTS, clean)}")
    return lines


@st.composite
def ledger_text(draw) -> str:
    """A ledger in the usual layout, correct two times in three; else with wrong values and odd layout mixed in."""
    clean = draw(st.integers(0, 2)) > 0
    lines = ["year: 2023", "unit: 1000 kr", "letters:"]
    for letter in LETTERS:
        lines += [f"  {letter}:", f"    date: 2023-0{LETTERS.index(letter) + 1}-10"]
    lines.append("chapters:" + draw(st.sampled_from(("", "", "  "))))
    indent = draw(st.sampled_from((2, 4)))
    step = draw(st.sampled_from((2, 3)))
    chapters = ("740", "3740", "714", "0761") if clean else ("740", "3740", "0740", "10000", "'714'", "714")
    for number in draw(st.lists(st.sampled_from(chapters), min_size=int(clean), max_size=3, unique=clean)):
        lines.append(f"{' ' * indent}{number}:" + draw(st.sampled_from(("", "", "   # departement"))))
        body = " " * (indent + step)
        name_at = len(lines)
        if clean or draw(st.integers(0, 9)):
            lines.append(f"{body}posts:")
            posts = ("01", "21", "5", "70") if clean else ("01", "21", "1", "'21'", "100", "21:", "70")
            posts_at = indent + step + draw(st.sampled_from((2, 3) if clean else (0, 2, 3)))
            for post in draw(st.lists(st.sampled_from(posts), min_size=int(clean), max_size=3, unique=clean)):
                lines += draw(post_block(posts_at, step, post, clean))
        if draw(st.booleans()):  # the chapter's name before its posts or after them
            lines.insert(draw(st.sampled_from((name_at, len(lines)))), f"{body}name: {pick(draw, TEXTS, clean)}")
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(("", "# a comment at column 0", f"{body}# indented comment"))))
    if draw(st.booleans()):
        lines += ["transfers:", "  - letter: TTB2023-01", "    from: 740.01", "    to: 740.21", "    amount: 1"]
    return "\n".join(lines) + draw(st.sampled_from(("\n", "", "\n\n")))


@settings(max_examples=int(__import__("os").environ.get("BUDSJETT_FUZZ_EXAMPLES", 400)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(ledger_text())
def test_generated_ledgers_read_the_same_both_ways(text):
    event("one pass" if takes_one_pass(text) else "general path")
    assert_same(text)


def test_the_generator_reaches_the_one_pass_reader_and_its_fallbacks():
    """The property above means something only if both paths are taken: check a sample of each."""
    kinds = set()

    @settings(max_examples=150, deadline=None, database=None)
    @given(ledger_text())
    def sample(text):
        kinds.add(takes_one_pass(text))
        fast = outcome(lambda: loader.load_text(text, "t.yaml"))
        kinds.add("problems" if isinstance(fast, list) else "ledger")

    sample()
    assert kinds == {True, False, "problems", "ledger"}
