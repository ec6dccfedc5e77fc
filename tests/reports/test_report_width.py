"""`budsjett summary` of the whole 2023 ledger on an 80- and a 200-column terminal: readable, no figure cut."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console

from budsjett_cli.ledger.loader import load_file
from budsjett_cli.render.rich_report import write_rich
from budsjett_cli.reports import analyse, summary_report
from reportkit import figures_shown, render_at
from conftest import LEDGER_2023


@pytest.fixture(scope="module")
def report():
    return summary_report([analyse(load_file(LEDGER_2023))])


@pytest.mark.parametrize("width", [80, 200])
def test_every_line_fits_and_every_figure_is_whole(report, width):
    text = render_at(report, width)
    lines = text.splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= width
    for figure in figures_shown(report):
        assert any(f" {figure}" in f" {line} " for line in lines), figure
    assert "…" not in text


def test_80_columns_stacks_each_post_on_a_name_line_and_figure_lines(report):
    lines = render_at(report, 80).splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("765  21  Spesielle driftsutgifter"))
    # With Opprinnelig bevilgning beside Bevilgning (RNB changed appropriations in chapter 714), the
    # eight figures and the status take two lines under the name at 80 columns.
    numbers = lines[index + 1].split() + lines[index + 2].split()
    # Bevilgning and Sum tildelt have a figure with one decimal (732.77: 3 624,4), so all of theirs do.
    assert numbers[:4] == ["217", "166,0", "217", "166,0"] and numbers[-1] == "error"  # the chain gap
    assert "241 204,0" in lines[index + 1] and "−24 038" in lines[index + 2]
    assert lines[index + 3].startswith("765  60")


def test_200_columns_has_one_line_per_post_with_the_whole_name(report):
    lines = render_at(report, 200).splitlines()
    post = next(line for line in lines if line.startswith("765   21"))
    assert "Spesielle driftsutgifter, kan overføres, kan nyttes under post 72" in post
    assert "241 204,0" in post and "error" in post
    posts = [r for r in report.sheets[0].rows if r.kind.value == "row"]
    assert sum(1 for line in lines if line[:4].strip().isdigit()) >= len(posts)


def test_a_real_console_of_80_columns(report, monkeypatch):
    """What a user sees: rich's own Console at 80 columns, as on a terminal (COLUMNS=80)."""
    monkeypatch.setenv("COLUMNS", "80")
    stream = io.StringIO()
    console = Console(file=stream, width=80)
    assert console.width == 80
    write_rich(report, stream, color=False)
    assert max(cell_len(line) for line in stream.getvalue().splitlines()) <= 80
