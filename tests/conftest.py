"""Shared fixtures: paths to the bundled ledgers and letters, and a CLI runner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from budsjett_cli.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LEDGER_2023 = DATA / "chapters.yaml"
LEDGER_2024 = DATA / "2024.yaml"
LEDGER_2025 = DATA / "2025.yaml"
# The real letters (public documents), vendored so that tests run on any clone;
# tests/test_letters_corpus.py checks they match ../shared/letters where that exists.
LETTERS = ROOT / "tests" / "letters"
SHARED_LETTERS = ROOT.parent / "shared" / "letters"
LETTER_2023_FULL = LETTERS / "001_52bc8ba46f39a98d.txt"
LETTER_2023_FEB = LETTERS / "002_8c234efbdec105f3.txt"
LETTER_2023_LATE = LETTERS / "000_28ee3e37de085100.txt"
LETTER_2024 = LETTERS / "004_879556b1805a6177.txt"
LETTER_2025 = LETTERS / "003_cc102a77bccaaff9.txt"


@pytest.fixture
def run():
    """Run the CLI in-process: run("check", "x.yaml") -> click Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args, env=None, input=None):
        return runner.invoke(cli, list(args), env=env, input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def write(tmp_path):
    """Write a ledger text to a temporary file and return its path as str."""

    def make(text: str, name: str = "ledger.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return make


@pytest.fixture(scope="session")
def undated_ledger_2023(tmp_path_factory):
    """The bundled 2023 ledger without the days its undated letters were received (``received:``).

    As the ledger stood before it recorded them: the letters' changes are undated, so
    actuals leaves them out (714.70 is over, but only for want of TTB2023-44..52's date).
    """
    text = LEDGER_2023.read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("undated") / "chapters-undated.yaml"
    kept = [line for line in text.splitlines() if not line.lstrip().startswith("received:")]
    assert len(kept) == len(text.splitlines()) - 3
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def late_letter_ledger_2023(tmp_path_factory):
    """The bundled 2023 ledger with its three undated letters received in November: in the October reconciliation
    their changes are later ones, so 714.70 (TTB2023-44..52 gives it +3 983) is over its allocation, covered by
    714.21."""
    text = LEDGER_2023.read_text(encoding="utf-8")
    late = re.sub(r"received: 2023-\d\d-\d\d", "received: 2023-11-15", text)
    assert late.count("received: 2023-11-15") == 3
    path = tmp_path_factory.mktemp("late") / "chapters-late.yaml"
    path.write_text(late, encoding="utf-8")
    return path
