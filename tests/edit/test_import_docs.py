"""docs/import.md shows real output: every line it shows is printed by the command it follows."""

import re
import shlex
import textwrap

from conftest import LETTERS, ROOT
from importcompare import only_allocation_letter

DOC = ROOT / "docs" / "import.md"


def _examples():
    """(command, shown output lines) for each `$ budsjett ...` in the doc's code blocks, in order."""
    blocks = re.findall(r"^```\n(.*?)^```", DOC.read_text(encoding="utf-8"), flags=re.S | re.M)
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


COMMENT_LETTER = """Tillegg til tildelingsbrev

Nye oppdrag:
- TTB2023-70 Et nytt oppdrag

TTB2023-70 Et nytt oppdrag
Helsedirektoratet bes om å utrede saken.

Økonomiske endringer

Kap. 765, post 21
Helsedirektoratet tildeles 2 mill. kroner til allmennlegetjenesten.

Med hilsen
"""


def test_the_comment_example_in_docs_import_md_is_real(run, tmp_path, monkeypatch):
    """The doc's before/after of a comment above the next post is what --into writes."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("**Comments stay where they were.**"):]
    before, after = [textwrap.dedent(block) for block in re.findall(r"```yaml\n(.*?) *```", section, flags=re.S)[:2]]
    header = "year: 2023\nunit: 1000 kr\nletters:\n  TB:\n    title: Tildelingsbrev\nchapters:\n  765:\n    posts:\n"
    rest = "        allocation: 5\n        letter: TB\n"
    indent = lambda block: "".join("      " + line if line.strip() else line for line in block.splitlines(True))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tillegg.txt").write_text(COMMENT_LETTER, encoding="utf-8")
    (tmp_path / "ledger.yaml").write_text(header + indent(before) + rest, encoding="utf-8")
    result = run("import", "tillegg.txt", "--into", "ledger.yaml", "--received", "2023-03-20")
    assert result.exit_code == 0, result.stdout + result.stderr
    declared = "  TTB2023-70:\n    title: Tillegg til tildelingsbrev (TTB2023-70)\n    received: 2023-03-20\n"
    merged = header.replace("chapters:", declared + "chapters:")
    assert (tmp_path / "ledger.yaml").read_text(encoding="utf-8") == merged + indent(after) + rest


def _import_examples():
    """The `budsjett import` examples of README's "Importing letters" section and of `budsjett import --help`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Importing letters"):]
    section = section[:section.index("\n## ", 1)]
    from click.testing import CliRunner
    from budsjett_cli.cli import cli
    help_text = CliRunner().invoke(cli, ["import", "--help"]).output
    lines = section.splitlines() + help_text.splitlines()
    return [shlex.split(line.split("#")[0].split("(")[0]) for line in lines if line.strip().startswith("budsjett import ")]


def test_import_examples_name_real_files_or_plainly_the_users_own(run, monkeypatch):
    """An example path is either a file of the repository (and the example runs as written) or plainly the
    user's: a bare letter name or a path under ~/. Never a repository path that does not exist (data/2023.yaml)."""
    examples = _import_examples()
    assert len(examples) >= 8
    monkeypatch.chdir(ROOT)
    runnable = 0
    for words in examples:
        paths = [w for w in words if w.endswith((".yaml", ".txt", ".pdf", ".md"))]
        in_repo = [p for p in paths if "/" in p and not p.startswith(("~/", "/"))]
        for path in in_repo:
            assert (ROOT / path).exists(), (words, path)
        if paths and len(in_repo) == len(paths) and "--new" not in words:
            result = run(*words[1:])
            assert result.exit_code == 0, (words, result.stderr)
            runnable += 1
    assert runnable >= 2
