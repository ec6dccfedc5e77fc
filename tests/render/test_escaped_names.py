"""A terminal escape sequence in a ledger name is shown escaped, never sent to the terminal, in every human format."""

from __future__ import annotations

import pytest

LEDGER = ('year: 2023\nagency: "Etat \\e]0;title\\a"\nunit: kr\nletters:\n  TB: {title: "brev \\e[2J"}\n'
          'chapters:\n  700:\n    posts:\n      01: {name: "a \\e[31mrød", allocation: 5, letter: TB}\n')


@pytest.mark.parametrize("command", [["summary"], ["show", "700.01"], ["letters"], ["changes"]])
@pytest.mark.parametrize("fmt", ["table", "plain", "github", "html", "csv", "csv-excel"])
def test_human_formats_escape_control_characters(run, write, command, fmt):
    result = run(*command, write(LEDGER), "--format", fmt)
    assert result.exit_code in (0, 1), result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    if command == ["summary"]:
        assert "\\x1b[31mrød" in result.stdout


def test_json_keeps_the_name_exact_for_programs(run, write):
    import json

    result = run("summary", write(LEDGER), "--format", "json")
    names = [row["values"].get("name") for sheet in json.loads(result.stdout)["sheets"] for row in sheet["rows"]]
    assert "a \x1b[31mrød" in names


def test_negative_amounts_are_red_on_a_terminal_and_plain_without_colour():
    from budsjett_cli.render.report import render_to_string
    from reportkit import sample_report

    coloured = render_to_string(sample_report(), "table", width=200, color=True)
    line = next(line for line in coloured.splitlines() if "−2 400,500" in line)
    before = line[:line.index("−2 400,500")]
    assert before.rfind("\x1b[31m") > before.rfind("\x1b[0m")  # red is on where the figure starts
    positive = next(line for line in coloured.splitlines() if "187 166,000" in line)
    assert "\x1b[31m" not in positive[:positive.index("187 166,000")].rsplit("\x1b[0m", 1)[-1]
    assert "\x1b[" not in render_to_string(sample_report(), "table", width=200, color=False)
