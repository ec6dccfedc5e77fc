"""The stacked layout written plain (to a pipe or a file) is the text of the coloured one, line for line."""

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budsjett_cli.amounts import Unit
from budsjett_cli.render.rich_report import _GROUP_SPACE, _NO_BREAK, _Layout, wrap
from reportkit import sample_report


@pytest.mark.parametrize("width", [30, 50, 80, 120])
@pytest.mark.parametrize("unit", [Unit.KR, Unit.THOUSAND, Unit.MILLION])
def test_plain_lines_are_the_styled_lines_text(width, unit):
    report = sample_report(unit)
    for sheet in report.sheets:
        layout = _Layout(sheet, report)
        styled = layout.stacked(width, styled=True)
        plain = layout.stacked(width, styled=False)
        assert plain == [line.plain for line in styled]
        assert any(line.spans for line in styled)   # the terminal's lines do carry styles


def _wrap_by_textwrap(text, width, **options):
    guarded = _GROUP_SPACE.sub(_NO_BREAK, text)
    return [line.replace(_NO_BREAK, " ") for line in textwrap.wrap(guarded, width, **options)]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(list("ab 1−,.æø\t\n") + ["Sum kap. 714", "  ", "11 760 931"]), max_size=20)
       .map("".join), st.integers(5, 60))
def test_wrap_gives_what_textwrap_gives(text, width):
    options = {"subsequent_indent": "    ", "break_long_words": True, "break_on_hyphens": False}
    assert wrap(text, width, **options) == _wrap_by_textwrap(text, width, **options)
