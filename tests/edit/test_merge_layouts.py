"""A merge only adds lines: line ends, BOM, trailing spaces, ``...`` and indentation kept byte for byte."""

import difflib
import io

import pytest
from ruamel.yaml import YAML

from budsjett_cli.edit.importing import import_into, select_letters
from budsjett_cli.letters.reader import read_file
from budsjett_cli.ledger.loader import load_file
from conftest import LETTER_2023_FEB, LETTER_2023_LATE
from importcompare import only_allocation_letter

# (mapping indent, sequence indent, dash offset): 2, 3 and 4 spaces, lists indented or not, lists 2 further in.
INDENTS = [(2, 2, 0), (2, 4, 2), (3, 3, 1), (3, 5, 3), (4, 4, 0), (4, 6, 2), (4, 6, 4), (4, 8, 6)]


@pytest.fixture(scope="module")
def with_changes(tmp_path_factory):
    """The 2023 allocation ledger with the February supplement merged in: posts with ``changes`` lists."""
    path = only_allocation_letter(tmp_path_factory.mktemp("base") / "2023.yaml")
    import_into(path, select_letters(read_file(LETTER_2023_FEB, str(LETTER_2023_FEB))))
    return path.read_text(encoding="utf-8")


def _redump(text, mapping, sequence, offset):
    yaml = YAML()
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = 4096
    yaml.preserve_quotes = True
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


def _trailing_spaces(text):
    return "".join(line.rstrip("\n") + ("  \n" if number % 7 == 0 else "\n")
                   for number, line in enumerate(text.splitlines(keepends=True)))


VARIANTS = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "bom": lambda text: "\ufeff" + text,
    "bom-crlf": lambda text: "\ufeff" + text.replace("\n", "\r\n"),
    "trailing-spaces": _trailing_spaces,
    "document-markers": lambda text: "---\n" + text + "...\n",
    "no-final-newline": lambda text: text.rstrip("\n"),
}


def _merged(tmp_path, original: bytes) -> bytes:
    path = tmp_path / "2023.yaml"
    path.write_bytes(original)
    outcome = import_into(path, select_letters(read_file(LETTER_2023_LATE, str(LETTER_2023_LATE))))
    assert outcome.written
    assert "TTB2023-44..52" in load_file(path).letters
    return path.read_bytes()


def _only_added(original: bytes, merged: bytes) -> list[bytes]:
    """The lines the merge added, after asserting that it changed or removed none."""
    before, after = original.splitlines(keepends=True), merged.splitlines(keepends=True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, before[i1:i2][:5], after[j1:j2][:5])
        added += after[j1:j2]
    assert added
    return added


@pytest.mark.parametrize("indent", INDENTS, ids=lambda i: "m{}s{}o{}".format(*i))
def test_every_indentation_is_kept(tmp_path, with_changes, indent):
    original = _redump(with_changes, *indent).encode()
    _only_added(original, _merged(tmp_path, original))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("indent", [(2, 4, 2), (4, 6, 2), (3, 3, 1)], ids=lambda i: "m{}s{}o{}".format(*i))
def test_line_ends_bom_markers_and_trailing_spaces_are_kept(tmp_path, with_changes, variant, indent):
    original = VARIANTS[variant](_redump(with_changes, *indent)).encode("utf-8")
    merged = _merged(tmp_path, original)
    added = _only_added(original.rstrip(b"\n") if variant == "no-final-newline" else original,
                        merged.rstrip(b"\n") if variant == "no-final-newline" else merged)
    if "crlf" in variant:
        assert all(line.endswith(b"\r\n") for line in merged.splitlines(keepends=True))
    if "bom" in variant:
        assert merged.startswith(b"\xef\xbb\xbf") and merged.count(b"\xef\xbb\xbf") == 1
    if variant == "document-markers":
        assert merged.startswith(b"---\n") and merged.endswith(b"...\n")
    assert b"TTB2023-44..52" in b"".join(added)
