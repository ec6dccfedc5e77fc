"""README.md, docs/check.md and docs/reports.md show real output: every ``$ budsjett ...`` block is run again here.

A console block is a command line and what it prints. A line ``...``
stands for any lines left out; ``.../`` at the start of a line stands for
the directory of the bundled ledger (where ``pip install`` put it). An
example run without ``--format`` shows what a terminal of 80 columns shows.
An example marked ``(abridged)`` is JSON cut by hand: its run must print a
JSON document holding every ``"key": value`` pair the doc shows (values
cut short with ``...`` left aside).
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


PAIR = re.compile(r'"(\w+)": ("(?:[^"\\]|\\.)*"|-?[0-9]+|true|false|null)')


def abridged_pairs(lines: list[str]) -> list[tuple[str, str]]:
    """The ``"key": value`` pairs an abridged JSON example shows, as (key, canonical JSON of the value)."""
    pairs = [(key, json.loads(raw)) for key, raw in PAIR.findall("\n".join(lines))]
    return [(key, json.dumps(value)) for key, value in pairs if not (isinstance(value, str) and "..." in value)]


def json_pairs(node):
    """Every (key, canonical JSON of a scalar value) in a JSON document, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(value, (dict, list)):
                yield key, json.dumps(value)
            yield from json_pairs(value)
    elif isinstance(node, list):
        for value in node:
            yield from json_pairs(value)


# Docs whose examples need more than a run in the repository, each checked by its own test.
OWN_TESTS = {
    "docs/monthly-reconciliation.md": "tests/actuals/test_monthly_reconciliation_doc.py",  # states exit codes
    "docs/import.md": "tests/edit/test_import_docs.py",  # imports into a scratch ledger
}


def test_every_command_shown_in_any_doc_is_checked_by_a_test():
    """A new doc (or a first example in an old one) cannot slip past: it is here or has its own test."""
    fence = re.compile(r"^```[a-z]*\n(.*?)^```", re.S | re.M)
    shown = {
        str(path.relative_to(ROOT))
        for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
        if any(re.search(r"^\$ (\w+=\S+ )*budsjett ", block, re.M) for block in fence.findall(path.read_text(encoding="utf-8")))
    }
    assert shown == set(DOCS) | set(OWN_TESTS)
    for doc, test in OWN_TESTS.items():
        assert doc in (ROOT / test).read_text(encoding="utf-8"), (doc, test)


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
        shown = abridged_pairs(expected)
        assert len(shown) > 20, "an abridged example should still show the document's keys and values"
        real = set(json_pairs(json.loads(result.stdout)))
        assert [pair for pair in shown if pair not in real] == [], "the doc shows key/value pairs the run does not print"
        return
    assert matches(expected, actual), "\n".join(["docs show:", *expected, "", "the run prints:", *actual])
