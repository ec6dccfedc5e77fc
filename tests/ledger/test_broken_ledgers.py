"""A corpus of broken ledgers: each is refused with exit 2 and a located message, never a traceback."""

import re
import time
import tracemalloc
from pathlib import Path

import pytest

from budsjett_cli.problems import InputError
from budsjett_cli.ledger.loader import load_file

BROKEN = Path(__file__).resolve().parent.parent / "broken"

# file: (line, column, what the message says)
EXPECTED = {
    "01-yaml-syntax.yaml": (6, 1, "did not find expected ',' or ']'"),
    "02-tab-indent.yaml": (4, 1, "cannot start any token"),
    "03-wrong-type-chapters.yaml": (3, 11, "chapters must be a mapping, not the value '765'"),
    "04-wrong-type-amount.yaml": (11, 21, "allocation must be an amount such as 187 166 or 8,5 mill., not a list"),
    "05-duplicate-key.yaml": (13, 9, "duplicate key 'allocation' in post 765.21 (first at line 11)"),
    "06-duplicate-chapter.yaml": (13, 3, "chapter 765 is given twice (first at line 7)"),
    "07-duplicate-post.yaml": (13, 7, "post 765.21 is given twice (first at line 9)"),
    "08-unknown-key.yaml": (13, 9, "unknown key 'alocation' in post 765.21; did you mean 'allocation'?"),
    "10-ambiguous-float.yaml": (11, 21, "'187.166' is ambiguous: write 187 166 for thousands or 187,166 for decimals"),
    "11-not-an-amount.yaml": (11, 21, "'mye penger' is not an amount"),
    "12-billion-laughs.yaml": (None, None, "aliases expand to far more values than the file holds"),
    "13-recursive-alias.yaml": (None, None, "aliases expand to far more values than the file holds"),
    "14-python-tag.yaml": (3, 11, "python/object/apply:os.system' is not allowed"),
    "15-custom-tag.yaml": (11, 21, "YAML tag '!money' is not allowed"),
    "16-not-utf8.yaml": (5, 32, "byte 0xf8 is not UTF-8; save the file as UTF-8"),
    "17-empty.yaml": (1, 1, "the file is empty"),
    "18-only-comments.yaml": (1, 1, "the file is empty"),
    "19-top-level-list.yaml": (1, 1, "the ledger must be a mapping of keys"),
    "20-missing-year.yaml": (1, 1, "the ledger needs a 'year' key"),
    "21-bad-unit.yaml": (2, 7, "unknown unit 'dollars'"),
    "22-bad-date.yaml": (6, 11, "'2023-02-30' is not a date"),
    "23-bad-year.yaml": (1, 7, "year must be a year such as 2023"),
    "24-earmark-without-purpose.yaml": (14, 13, "an earmark needs a 'purpose'"),
    "25-change-without-letter.yaml": (14, 13, "a change needs 'letter'"),
    "26-change-without-amount.yaml": (14, 13, "a change needs an 'amount', or a 'total'"),
    "27-upto-and-minimum.yaml": (14, 52, "cannot be both 'upto' (inntil) and 'minimum' (minst)"),
    "28-bad-post-number.yaml": (9, 7, "a post is a number from 01 to 99, not '210'"),
    "29-merge-key.yaml": (13, 9, "merge keys (<<) are not supported"),
    "30-too-many-digits.yaml": (11, 21, "too many digits"),
    "31-two-documents.yaml": (13, 1, "expected a single document"),
    "32-flow-decimal-comma.yaml": (14, 24, "inside { } a comma separates entries"),
    "33-bad-boolean.yaml": (14, 37, "upto must be true or false"),
    "34-many-problems.yaml": (11, 21, "'mye' is not an amount"),
    "35-deep-nesting.yaml": (3, 1011, "nesting is deeper than 1000 levels"),
    "36-utf16.yaml": (1, 1, "the file is UTF-16; save it as UTF-8"),
    "37-nul-byte.yaml": (13, 1, "NUL byte"),
    "38-float-exponent.yaml": (11, 21, "'1.87166e5' is written with an exponent; write the number out"),
    "39-float-nan.yaml": (11, 21, "'.nan' is not an amount"),
}

LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")


def test_the_corpus_is_complete():
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_ledger_exits_2_with_a_located_message(run, name):
    path = str(BROKEN / name)
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert lines[-1].startswith("budsjett: ") and "nothing was checked" in lines[-1]
    problems = [LOCATED.match(line) for line in lines[:-1]]
    assert problems and all(problems), result.stderr
    line, col, fragment = EXPECTED[name]
    first = problems[0]
    assert first["path"] == path
    if line is not None:
        assert (int(first["line"]), int(first["col"])) == (line, col)
    assert fragment in first["message"]


def test_every_problem_in_a_file_is_reported_not_just_the_first():
    with pytest.raises(InputError) as caught:
        load_file(BROKEN / "34-many-problems.yaml")
    messages = [p.message for p in caught.value.problems]
    # (its undeclared letter TB2032 is a finding of the `letters` check, not an input error)
    assert len(messages) == 2
    assert any("'mye' is not an amount" in m for m in messages)
    assert any("unknown key 'bogus'" in m for m in messages)
    lines = [p.location.line for p in caught.value.problems]
    assert lines == sorted(lines)


def test_problems_in_several_files_are_all_reported(run):
    result = run("check", str(BROKEN / "08-unknown-key.yaml"), str(BROKEN / "10-ambiguous-float.yaml"))
    assert result.exit_code == 2
    assert "08-unknown-key.yaml:13:9" in result.stderr
    assert "10-ambiguous-float.yaml:11:21" in result.stderr
    assert "2 problems in the input" in result.stderr


def test_an_alias_bomb_is_refused_fast_and_with_little_memory():
    tracemalloc.start()
    started = time.process_time()
    with pytest.raises(InputError, match="alias bomb"):
        load_file(BROKEN / "12-billion-laughs.yaml")
    elapsed = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # 9**9 = 387 million strings if expanded; refused after a few thousand nodes.
    assert peak < 20_000_000
    assert elapsed < 5


def test_a_python_tag_is_never_executed(tmp_path, monkeypatch):
    marker = tmp_path / "pwned"
    ledger = tmp_path / "l.yaml"
    ledger.write_text(
        f"year: 2023\nunit: 1000 kr\nchapters: !!python/object/apply:os.system [\"touch {marker}\"]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="not allowed"):
        load_file(ledger)
    assert not marker.exists()


def test_a_missing_file_is_a_located_problem(run, tmp_path):
    missing = str(tmp_path / "nope.yaml")
    result = run("check", missing)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{missing}:1:1: cannot read the file")


@pytest.mark.parametrize("shape", ["flow", "compact"])
def test_nesting_that_would_crash_the_yaml_parser_is_refused(tmp_path, shape):
    """PyYAML's C composer recurses on the C stack: 50 000 levels crash the process. Run apart, so a crash shows."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    deep = tmp_path / "deep.yaml"
    if shape == "flow":
        deep.write_text("year: 2023\nunit: 1000 kr\nchapters: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    else:
        deep.write_text("- " * 30_000 + "x\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "budsjett_cli", "check", str(deep)], capture_output=True,
                            text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.returncode == 2, result.returncode  # a crash would be -11 (SIGSEGV)
    assert "nesting is deeper than 1000 levels" in result.stderr
