"""A terminal escape sequence in a ledger name is shown escaped, never sent to the terminal, in every human format."""

from __future__ import annotations

import pytest

LEDGER = ('year: 2023\nagency: "Etat \\e]0;title\\a"\nunit: kr\nletters:\n  TB: {title: "brev \\e[2J"}\n'
          'chapters:\n  700:\n    posts:\n      01: {name: "a \\e[31mrød", allocation: 5, letter: TB}\n')


@pytest.mark.parametrize("command", [["summary"], ["show", "700.01"], ["letters"], ["changes"]])
@pytest.mark.parametrize("fmt", ["table", "plain", "github", "html"])
def test_human_formats_escape_control_characters(run, write, command, fmt):
    result = run(*command, write(LEDGER), "--format", fmt)
    assert result.exit_code in (0, 1), result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    if command == ["summary"]:
        assert "\\x1b[31mrød" in result.stdout
