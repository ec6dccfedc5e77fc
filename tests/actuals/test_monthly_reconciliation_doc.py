"""docs/monthly-reconciliation.md shows real output of real runs: every ``$ budsjett ...`` is run again here.

A console block is a command line (``$ budsjett ...``) followed by what it
prints (standard output, then standard error, as a terminal shows them when
the output is piped). A line ``...`` in the docs stands for any number of
lines left out; every other line must match exactly, in order. The exit
code the docs state after a block (``exit code N``) must match too.
"""

import re
import shlex

import pytest

from conftest import ROOT
from doclines import matches

DOC = ROOT / "docs" / "monthly-reconciliation.md"
BLOCK = re.compile(r"```console\n(.*?)```(?:\n+\(exit code (\d)\))?", re.S)


def examples():
    text = DOC.read_text(encoding="utf-8")
    out = []
    for match in BLOCK.finditer(text):
        lines = match[1].rstrip("\n").split("\n")
        assert lines[0].startswith("$ budsjett "), lines[0]
        out.append((lines[0][2:], lines[1:], None if match[2] is None else int(match[2])))
    return out


def test_the_walkthrough_has_examples():
    commands = [command for command, _, _ in examples()]
    assert len(commands) >= 4
    assert any("--carry-over" in c for c in commands) and any("--format json" in c for c in commands)


@pytest.mark.parametrize("command, expected, code", examples(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_example_prints_what_the_docs_show(run, monkeypatch, command, expected, code):
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)[1:]
    result = run(*args)
    actual = result.output.rstrip("\n").split("\n")
    assert matches(expected, actual), "\n".join(["docs show:", *expected, "", "the run prints:", *actual])
    if code is not None:
        assert result.exit_code == code
