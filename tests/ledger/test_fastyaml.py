"""The fast composer agrees with PyYAML's wherever it answers, and answers for real ledgers."""

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from budsjett_cli.problems import InputError
from budsjett_cli.ledger.fastyaml import fast_compose
from budsjett_cli.ledger.yamlnodes import _compose_with_pyyaml
from conftest import DATA, ROOT
from yamlequiv import same_tree

sys.path.insert(0, str(ROOT / "bench"))
from generate_ledger import generate  # noqa: E402


def pyyaml(text):
    try:
        return _compose_with_pyyaml(text, "t.yaml")
    except InputError:
        return None


def assert_agrees(text):
    fast = fast_compose(text)
    if fast is None:
        return False
    slow = pyyaml(text)
    assert slow is not None, f"fast composer accepted text PyYAML refuses:\n{text}"
    diff = same_tree(fast, slow)
    assert diff is None, f"{diff}\n{text}"
    return True


@pytest.mark.parametrize("name", ["chapters.yaml"])
def test_bundled_ledger_takes_the_fast_path_and_agrees(name):
    assert assert_agrees((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["2024.yaml", "2025.yaml"])
def test_ledgers_with_folded_notes_fall_back_to_pyyaml(name):
    text = (DATA / name).read_text(encoding="utf-8")
    assert fast_compose(text) is None  # ">-" block scalars are outside the subset
    assert pyyaml(text) is not None


def test_generated_benchmark_ledger_takes_the_fast_path_and_agrees():
    assert assert_agrees(generate(posts=12, changes=6, seed=7))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb:\n  - x: \"y\"  # c\n    z: [1, 2]\n  - {amount: 3 mill., upto: true}\n",
        "k: 'it''s'\nl: \"x\"\nm:\n",
        "- a\n- b: c\n  d: e\n-   f: g\n    h: [ 1 , 2, ]\n",
        "a: {x: 'a, b', y: \"c\"}   # hi\n",
        "a:\n- x\n- y\nb: 1\n",
        "a:\n  - x\n  -\n  - y\nc:\n",
        "x:\n- a: 1\n  b:\n  - q\n- c\n",
        "'q k': 1\n\"r\": 2\n",
        "a: 10:30\nb: x#y\nc: -2 400\nd: \u22122\u00a0400\n",
        "a: []\nb: [x]\n",
        "year: 2023 # comment\n\n   # indented comment\nunit: 1000 kr\n",
        "a: 1\r\nb: 2\r\n",
    ],
)
def test_known_shapes_agree(text):
    assert assert_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  x\n", "a: >-\n  x\n", "a:\n  b\n", "- a\n  b\n",
        "a: 1\n b: 2\n", "a:\n    b: 1\n  c: 2\n", "- - x\n", "a:\tb\n", "\ta: 1\n", "---\na: 1\n",
        "a: {b: {c: 1}}\n", "a: \"x\\ny\"\n", "? a\n: b\n", "a: b: c\n", "a: 'x\n  y'\n", "a: [1,\n 2]\n",
        "a: {}\n", "a: 1\n---\nb: 2\n", "a: @x\n", "a: `x\n", "%YAML 1.1\n---\na: 1\n", "a: x\x85y\n",
    ],
)
def test_outside_the_subset_it_steps_aside(text):
    assert fast_compose(text) is None


# -- generated documents ------------------------------------------------------------------------

keys = st.one_of(
    st.sampled_from(["year", "unit", "amount", "previous", "total", "letter", "name", "TTB2023-02..06", "765", "01", "21"]),
    st.text(alphabet="abcæøå -_.:#'\"0123456789", min_size=1, max_size=8),
)
plain_values = st.one_of(
    st.sampled_from(["187 166", "3 624,4", "8,5 mill.", "−2 400", "kr 500 000", "true", "null", "~", "",
                     "Spesielle driftsutgifter, kan overføres", "2023-02-06", "x #y", "a#b", "10:30"]),
    st.text(alphabet="abc 0123456789,.:#-'\"{}[]&*!|>%@`?\u00a0\u2212", max_size=12),
)


@st.composite
def documents(draw, depth=0):
    """A YAML-ish document in ledger style: nested block mappings and lists, flow maps, comments."""
    lines = []

    def block(indent, level):
        kind = draw(st.sampled_from(["map", "map", "seq"])) if level < 3 else "map"
        for _ in range(draw(st.integers(1, 3))):
            pad = " " * indent
            if draw(st.integers(0, 6)) == 0:
                lines.append(pad + "# " + draw(st.text(alphabet="ab #:", max_size=5)))
            if kind == "map":
                key = draw(keys)
                if level < 3 and draw(st.booleans()):
                    lines.append(f"{pad}{key}:")
                    block(indent + draw(st.sampled_from([2, 2, 4, 0])), level + 1)
                else:
                    value = draw(plain_values)
                    choice = draw(st.integers(0, 5))
                    if choice == 0:
                        value = "'" + value.replace("'", "''") + "'"
                    elif choice == 1:
                        value = "{amount: " + draw(plain_values) + ", purpose: " + draw(plain_values) + "}"
                    elif choice == 2:
                        value = "[" + ", ".join(draw(st.lists(plain_values, max_size=3))) + "]"
                    comment = draw(st.sampled_from(["", "  # note", "#x"]))
                    lines.append(f"{pad}{key}: {value}{comment}".rstrip())
            else:
                if level < 3 and draw(st.booleans()):
                    first = draw(keys)
                    lines.append(f"{pad}- {first}: {draw(plain_values)}".rstrip())
                    for _ in range(draw(st.integers(0, 2))):
                        lines.append(f"{pad}  {draw(keys)}: {draw(plain_values)}".rstrip())
                else:
                    lines.append(f"{pad}- {draw(plain_values)}".rstrip())

    block(0, 0)
    text = "\n".join(lines) + "\n"
    # Mutations: a line's indentation changed, or a character dropped or doubled.
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        op = draw(st.sampled_from(["drop", "double", "space", "tab"]))
        if op == "drop":
            text = text[:at] + text[at + 1:]
        elif op == "double":
            text = text[:at] + text[at:at + 1] + text[at:]
        elif op == "space":
            text = text[:at] + " " + text[at:]
        else:
            text = text[:at] + "\t" + text[at:]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_wherever_the_fast_composer_answers_pyyaml_agrees(text):
    assert_agrees(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab:- #'\"{}[],\n\t0123456789&*!|>", max_size=60))
def test_line_soup_never_makes_the_fast_composer_disagree(text):
    assert_agrees(text)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(0, 5), st.integers(0, 10_000))
def test_generated_ledgers_always_take_the_fast_path(posts, changes, seed):
    text = generate(posts=posts, changes=changes, seed=seed)
    assume(changes > 0 or posts > 0)
    assert assert_agrees(text)
