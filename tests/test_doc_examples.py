"""README.md, docs/check.md and docs/reports.md show real output: every ``$ budsjett ...`` block is run again here.

A console block is a command line and what it prints. A line ``...``
stands for any lines left out; ``.../`` at the start of a line stands for
the directory of the bundled ledger (where ``pip install`` put it). An
example run without ``--format`` shows what a terminal of 80 columns shows.
An example marked ``(abridged)`` is JSON cut by hand: its run must print a
JSON document, which the doc's own tests check in detail.
(docs/monthly-reconciliation.md has its own test with the same rules.)
"""

from __future__ import annotations

import json
import re
import shlex

import pytest

from conftest import ROOT
from doclines import matches

DOCS = ["README.md", "docs/check.md", "docs/reports.md"]
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def examples():
    out = []
    for name in DOCS:
        for block in BLOCK.findall((ROOT / name).read_text(encoding="utf-8")):
            command, shown = None, []
            for line in block.rstrip("\n").split("\n") + ["$ end"]:
                if line.startswith("$ "):   # a block may show several commands, one after the other
                    if command:
                        out.append(pytest.param(name, command, shown, id=f"{name}: {command[2:60]}"))
                    command, shown = line, []
                else:
                    shown.append(line)
    return out


def test_every_doc_has_examples():
    assert {param.values[0] for param in examples()} == set(DOCS)


@pytest.mark.parametrize("doc, command, expected", examples())
def test_each_example_prints_what_the_docs_show(run, monkeypatch, doc, command, expected):
    monkeypatch.chdir(ROOT)
    assert command.startswith("$ "), command
    abridged = command.rstrip().endswith("(abridged)")
    words = shlex.split(command[2:].replace("(abridged)", ""))
    env = {"COLUMNS": "80"}
    while "=" in words[0]:
        key, _, value = words.pop(0).partition("=")
        env[key] = value
    assert words[0] == "budsjett"
    args = words[1:]
    terminal = not {"--format", "--excel", "-o"} & set(args) and args[0] in ("summary", "show", "letters", "changes")
    if terminal:
        args += ["--format", "table"]
    result = run(*args, env=env)
    actual = result.output.replace("\r\n", "\n").rstrip("\n").split("\n")  # csv-excel ends lines with CRLF
    bundled = str((ROOT / "data").resolve()) + "/"
    actual = [line.replace(bundled, ".../") if line.startswith(bundled) else line for line in actual]
    if abridged:
        json.loads(result.stdout)
        return
    assert matches(expected, actual), "\n".join(["docs show:", *expected, "", "the run prints:", *actual])
