"""The merged ledger as the original bytes plus the added lines: line ends, BOM, trailing spaces, ``...`` kept.

ruamel.yaml dumps a whole document, and its dump normalises what YAML
does not care about: CRLF becomes LF, a byte order mark and a closing
``...`` are dropped, trailing spaces go, and a file indented in a way no
layout reproduces is re-indented. docs/import.md promises that a merge only
adds lines, so the dump is not written as it is: the lines the merge added
(the difference between the dump of the untouched document and the dump of
the merged one) are put into the original text at the same places, and
every other byte of the original stays as it was.
"""

from __future__ import annotations

from difflib import SequenceMatcher

BOM = "\ufeff"


def newline_of(text: str) -> str:
    """The file's line end: CRLF when its first line ends so, else LF."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _key(line: str) -> str:
    return line.strip()


def _alignment(original: list[str], unchanged: list[str]) -> list[int | None]:
    """For each line of the untouched dump, the index of the same line in the original (None if reformatted)."""
    if [line.rstrip("\r\n") for line in original] == unchanged:
        return list(range(len(unchanged)))
    where: list[int | None] = [None] * len(unchanged)
    matcher = SequenceMatcher(None, [_key(line) for line in original], [_key(line) for line in unchanged],
                              autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            where[block.b + offset] = block.a + offset
    return where


def _position(where: list[int | None], index: int) -> int | None:
    """Where in the original a line inserted before dump line ``index`` goes."""
    if index < len(where) and where[index] is not None:
        return where[index]
    for before in range(index - 1, -1, -1):
        if where[before] is not None:
            return where[before] + 1
    return 0 if not where else None


def keep_original_bytes(original: str, unchanged: str, merged: str) -> str | None:
    """``original`` with the lines ``merged`` adds to ``unchanged``, in the original's line ends and BOM.

    None when the merge changed existing lines in a way that cannot be
    placed in the original (the caller then keeps ruamel's dump).
    """
    bom = BOM if original.startswith(BOM) else ""
    body = original[len(bom):]
    newline = newline_of(body)
    lines = body.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline  # a last line without a line end gets one when lines follow it
        missing_last_newline = True
    else:
        missing_last_newline = False
    before, after = unchanged.splitlines(), merged.splitlines()
    where = _alignment(lines, before)
    edits: list[tuple[int, int, list[str]]] = []   # (start, end) in the original replaced by lines
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        added = [line + newline for line in after[j1:j2]]
        if tag == "insert":
            at = _position(where, i1)
            if at is None:
                return None
            edits.append((at, at, added))
            continue
        spots = where[i1:i2]
        if any(spot is None for spot in spots) or spots != list(range(spots[0], spots[0] + len(spots))):
            return None
        edits.append((spots[0], spots[-1] + 1, added))
    out = list(lines)
    for start, end, added in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        out[start:end] = added
    text = "".join(out)
    if missing_last_newline and out and out[-1] == lines[-1]:
        text = text[: -len(newline)]
    return bom + text
