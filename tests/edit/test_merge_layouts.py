"""A merge only adds lines: whatever way the ledger is written, every line it had stays byte for byte."""

from __future__ import annotations

import pytest

from budsjett_cli.edit.emit import Layout, dump
from budsjett_cli.ledger.loader import load_text
from conftest import LETTER_2023_LATE
from importcompare import only_allocation_letter


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return only_allocation_letter(tmp_path_factory.mktemp("l") / "2023.yaml").read_text(encoding="utf-8")


def _relaid(text: str, mapping: int, offset: int) -> str:
    layout = Layout(mapping, offset)
    return dump(layout.yaml().load(text), layout)


VARIANTS = {
    "as bundled": lambda t: t,
    "CRLF": lambda t: t.replace("\n", "\r\n"),
    "BOM": lambda t: "\ufeff" + t,
    "BOM and CRLF": lambda t: "\ufeff" + t.replace("\n", "\r\n"),
    "trailing spaces": lambda t: t.replace("year: 2023\n", "year: 2023   \n").replace("unit: 1000 kr\n", "unit: 1000 kr \n"),
    "closing ...": lambda t: t + "...\n",
    "4 spaces, lists indented": lambda t: _relaid(t, 4, 2),
    "4 spaces, lists not indented": lambda t: _relaid(t, 4, 0),
    "3 spaces": lambda t: _relaid(t, 3, 1),
    "2 spaces, lists not indented": lambda t: _relaid(t, 2, 0),
}


def _is_kept_within(old: list[bytes], new: list[bytes]) -> bool:
    """Every old line, in order, among the new ones."""
    position = 0
    for line in old:
        try:
            position = new.index(line, position) + 1
        except ValueError:
            return False
    return True


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_merge_keeps_every_byte_of_the_ledger_it_does_not_add(run, tmp_path, plain, variant):
    ledger = tmp_path / "2023.yaml"
    before = VARIANTS[variant](plain).encode("utf-8")
    ledger.write_bytes(before)
    result = run("import", str(LETTER_2023_LATE), "--into", str(ledger), "--received", "2023-09-22")
    assert result.exit_code in (0, 1), result.stderr
    after = ledger.read_bytes()
    assert len(after) > len(before)
    assert _is_kept_within(before.splitlines(keepends=True), after.splitlines(keepends=True)), variant
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in before:
        assert after.count(b"\n") == after.count(b"\r\n")  # every line, the new ones too
    if before.endswith(b"...\n"):
        assert after.endswith(b"...\n")
    merged = load_text(after.decode("utf-8"), "2023.yaml")
    assert "TTB2023-44..52" in merged.letters
