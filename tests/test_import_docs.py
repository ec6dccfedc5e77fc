"""docs/import.md shows real output: every line it shows is printed by the command it follows."""

import re
import shlex

from conftest import LETTERS, ROOT
from importcompare import only_allocation_letter

DOC = ROOT / "docs" / "import.md"


def _examples():
    """(command, shown output lines) for each `$ budsjett ...` in the doc's code blocks, in order."""
    blocks = re.findall(r"```\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    out = []
    for block in blocks:
        command, shown = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    out.append((command, shown))
                command, shown = line[2:], []
            elif command:
                shown.append(line)
        if command:
            out.append((command, shown))
    return out


def test_the_examples_in_docs_import_md_are_real_output(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "letters").symlink_to(LETTERS)
    only_allocation_letter(tmp_path / "2023.yaml")
    examples = _examples()
    assert len(examples) >= 6
    checked = 0
    for command, shown in examples:
        words = shlex.split(command)
        if words[0] == "head":
            text = (tmp_path / words[-1]).read_text(encoding="utf-8").splitlines()[:int(words[1].lstrip("-"))]
            assert text == shown
            continue
        assert words[0] == "budsjett"
        result = run(*words[1:])
        if "--format" in words:
            continue   # the JSON example is abridged by hand; test_import_cli checks the JSON
        actual = result.stdout.splitlines()
        for line in shown:
            if "…" in line or not line.strip():
                continue
            assert line in actual, (command, line)
            checked += 1
    assert checked > 60
