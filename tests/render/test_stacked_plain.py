"""The stacked layout written plain (to a pipe or a file) is the text of the coloured one, line for line."""

import datetime as dt
import textwrap
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budsjett_cli.amounts import Unit
from budsjett_cli.render.rich_report import _GROUP_SPACE, _NO_BREAK, _Layout, wrap
from budsjett_cli.reports.model import Column, Kind, Report, Row, RowKind, Sheet
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


_TEXTS = st.sampled_from(["", " ", "Driftsutgifter", "Sum kap. 714", "714", "TTB2023-44", "ok", "error",
                          "Spesielle driftsutgifter, kan overføres, kan nyttes under post 21", "a\x1bb", "æ ø"])
_MONEY = st.none() | st.integers(-10**12, 10**12).map(lambda n: Decimal(n).scaleb(-2))


@st.composite
def _sheets(draw):
    """A sheet of any shape: text columns, figures, dates, a status; rows, subtotals and totals, blanks anywhere."""
    kinds = draw(st.lists(st.sampled_from([Kind.TEXT, Kind.MONEY, Kind.DATE, Kind.INTEGER]), max_size=7))
    columns = [Column(f"c{i}", draw(st.sampled_from(["Kap.", "Post", "Sum tildelt", "Endring", "Postnavn", "Dato"])),
                      kind) for i, kind in enumerate(kinds)]
    if draw(st.booleans()):
        columns.append(Column("status", "Status"))
    if draw(st.booleans()):
        columns.insert(0, Column("name", "Postnavn"))
    values = {Kind.TEXT: _TEXTS, Kind.MONEY: _MONEY, Kind.INTEGER: st.none() | st.integers(-10**6, 10**6),
              Kind.DATE: st.none() | st.dates(dt.date(2023, 1, 1), dt.date(2023, 12, 31))}
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        row_values = {c.key: draw(values[c.kind]) for c in columns if draw(st.integers(0, 5))}
        rows.append(Row(row_values, draw(st.sampled_from(list(RowKind))), level=draw(st.integers(0, 1))))
    return Sheet("Ark", "Tittel", columns, rows)


@settings(max_examples=300, deadline=None)
@given(_sheets(), st.integers(20, 140), st.sampled_from([Unit.KR, Unit.THOUSAND, Unit.MILLION]))
def test_plain_lines_are_the_styled_lines_text_on_any_sheet(sheet, width, unit):
    """The plain lines are made a column at a time, the styled ones row by row: the text must be the same."""
    layout = _Layout(sheet, Report([sheet], unit))
    assert layout.stacked(width, styled=False) == [line.plain for line in layout.stacked(width, styled=True)]


_WHOLE_OR_NOT = st.sampled_from([0, 0, 2, 3, 5, 7])


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from([Unit.KR, Unit.THOUSAND, Unit.MILLION]))
def test_cells_made_a_column_at_a_time_are_each_cells_text(data, unit):
    """HumanCells.column_texts has fast paths (whole figures as integers, dates once each, a column's text
    checked in one go); each cell must still be what ``cell`` gives it alone."""
    from budsjett_cli.render.values import HumanCells

    places = data.draw(_WHOLE_OR_NOT)
    figures = st.none() | st.integers(-10**12, 10**12).map(lambda n: Decimal(n).scaleb(-places) * unit.factor)
    sheet = data.draw(_sheets())
    for column in sheet.columns:
        if column.kind is Kind.MONEY:
            for row in sheet.rows:
                row.values[column.key] = data.draw(figures)
    cells = HumanCells(unit, sheet)
    by_column = cells.column_texts(sheet.columns, sheet.rows)
    alone = HumanCells(unit, sheet)
    assert by_column == [[alone.cell(column, row, first=index == 0) for row in sheet.rows]
                         for index, column in enumerate(sheet.columns)]
    assert cells.rounded == alone.rounded or not sheet.rows
