"""Our plain and simple tables are tabulate's, character for character, or left to tabulate."""

from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from budsjett_cli.render.plain_table import columns_text


def table_text(rows, headers, fmt, right):
    """The table given row by row, as tabulate takes it."""
    return columns_text([list(column) for column in zip(*rows)], headers, fmt, right)

CELL = st.text(alphabet=st.sampled_from(list("ab 1−,.%æøåÆØÅ\u00a0\u2009«»–")), max_size=14) | st.sampled_from(
    ["", "Sum kap. 714", "  Sum utgifter", "187 166", "−2 000,5"])


@st.composite
def tables(draw):
    columns = draw(st.integers(1, 5))
    headers = draw(st.lists(CELL, min_size=columns, max_size=columns))
    rows = draw(st.lists(st.lists(CELL, min_size=columns, max_size=columns), max_size=6))
    right = draw(st.lists(st.booleans(), min_size=columns, max_size=columns))
    return rows, headers, right


@settings(max_examples=600)
@given(tables(), st.sampled_from(["plain", "simple"]))
def test_same_text_as_tabulate(table, fmt):
    rows, headers, right = table
    expected = tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True,
                        colalign=["right" if r else "left" for r in right])
    assert table_text(rows, headers, fmt, right) in (expected, None if not rows else expected)


def test_other_formats_and_wide_or_combining_text_are_left_to_tabulate():
    assert table_text([["a"]], ["h"], "github", [False]) is None
    assert table_text([], ["h"], "plain", [False]) is None
    assert table_text([["漢字"]], ["h"], "plain", [False]) is None
    assert table_text([["e\u0301"]], ["h"], "plain", [False]) is None
    assert table_text([["a\x1b[31m"]], ["h"], "plain", [False]) is None
