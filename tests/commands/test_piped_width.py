"""Piped output honours COLUMNS (80 when unset) for every table command; ``check`` keeps one line per finding.

The width is decided in one place (``render.width``). A row that does not
fit takes the stacked layout a terminal of that width gets; no figure is
cut or lost: every number the one-line-per-row ``plain`` format shows is in
the piped output too.
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from budsjett_cli.render.width import PIPE_WIDTH, columns_from, output_width
from conftest import DATA

LEDGER = str(DATA / "chapters.yaml")
ACCOUNTS = str(DATA / "example-accounts-2023-made-up.csv")
COMMANDS = {
    "summary": ["summary", LEDGER],
    "show": ["show", "765.21", LEDGER],
    "letters": ["letters", LEDGER],
    "changes": ["changes", LEDGER],
    "actuals": ["actuals", LEDGER, ACCOUNTS, "--carry-over"],
    "actuals-monthly": ["actuals", LEDGER, ACCOUNTS, "--monthly"],
}
# A Norwegian figure: "187 166", "−2 250,457", "102,7 %"; digit groups one space apart, columns two or more.
FIGURE = re.compile(r"−?\d{1,3}(?: \d{3})*(?:,\d+)?(?: %)?")


def figures(text: str) -> set[str]:
    return set(FIGURE.findall(text))


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("columns", ["80", "200", None])
def test_piped_output_fits_columns_and_keeps_every_figure(run, name, columns):
    args = COMMANDS[name]
    env = {"COLUMNS": columns} if columns else {"COLUMNS": ""}
    width = int(columns) if columns else PIPE_WIDTH
    piped = run(*args, env=env).stdout
    lines = piped.splitlines()
    assert "\x1b[" not in piped
    too_wide = [line for line in lines if cell_len(line) > width]
    assert too_wide == [], too_wide[:3]
    plain = run(*args, "--format", "plain", env=env).stdout
    missing = figures(plain) - figures(piped)
    assert missing == set(), sorted(missing)[:10]
    if columns == "200" and name in ("summary", "letters"):
        assert max(cell_len(line) for line in lines) > 80  # the room is used: one line a row where it fits


def test_80_columns_stacks_rows_that_do_not_fit(run):
    lines = run("actuals", LEDGER, ACCOUNTS, env={"COLUMNS": "80"}).stdout.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("734  01  Driftsutgifter"))
    assert lines[index + 1].split()[:2] == ["9", "522,328"]  # the figures on the line under the name
    wide = run("actuals", LEDGER, ACCOUNTS, env={"COLUMNS": "250"}).stdout.splitlines()
    row = next(line for line in wide if line.startswith("734"))
    assert "Driftsutgifter – kontrollkommisjonene" in row and "86 301,457" in row  # one line when it fits


@pytest.mark.parametrize("columns", ["40", "80"])
def test_check_keeps_one_line_per_finding(run, columns):
    result = run("check", LEDGER, env={"COLUMNS": columns})
    findings = [line for line in result.output.splitlines() if re.match(r"\S+:\d+:\d+: ", line)]
    assert findings and all(line.startswith(LEDGER) or line.startswith("data/") for line in findings)
    assert any(cell_len(line) > int(columns) for line in findings)  # long findings are not wrapped


def test_the_one_place_that_decides_the_width():
    class Pipe:
        def isatty(self):
            return False

    class Terminal:
        def isatty(self):
            return True

    assert output_width(Pipe(), {}) == 80 and output_width(Pipe(), {"COLUMNS": "132"}) == 132
    assert output_width(Pipe(), {"COLUMNS": "wide"}) == 80 and output_width(Pipe(), {"COLUMNS": "0"}) == 80
    assert output_width(Terminal(), {"COLUMNS": "132"}) is None  # the terminal's own width (rich asks it)
    assert columns_from({"COLUMNS": "٣"}) is None  # ASCII digits only
