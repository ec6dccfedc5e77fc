"""Comments stay where the author put them when a merge adds lines to a ledger.

ruamel.yaml keeps a comment that stands between two entries as the tail of
the entry above it, so lines added after that entry come out below the
comment, or, when the added entry starts with an empty collection, in the
middle of it: "# Post 22: held back for RNB", written above ``22:``, would
end up inside post 21's new ``changes:`` list. Rather than chase every place
ruamel may keep a comment, the dumped text is put right afterwards, line by
line:

- between two lines of YAML content that were already in the file, the
  added lines come first and the comments and blank lines that were there
  come after them, so a comment stays directly above the line it stood above
  (the next post, the next chapter, the next change, or the end of a list);
- except a comment indented deeper than the added lines, directly below the
  old entry: it belongs to that entry (a commented-out key) and stays with it.

Which lines are content comes from the YAML scanner, so a ``#`` line inside a
block scalar is never taken for a comment; and the result is used only if it
scans to the same tokens as ruamel's text, so the data cannot change.
"""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def keep_comments_in_place(before: str, after: str) -> str:
    """``after`` (``before`` with lines added) with the old comments moved back above their lines.

    ``before`` is the ledger as ruamel writes it without the new entries;
    when ``after`` is not ``before`` plus added lines, or cannot be scanned,
    it is returned as it is.
    """
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added = _added_lines(old, new)
    if added is None or not any(added):
        return after
    try:
        content, tokens = _content_lines(after)
    except yaml.YAMLError:
        return after
    lines: list[str] = []
    region: list[int] = []          # indices of new lines since the last old content line
    for index in range(len(new)):
        if index in content and not added[index]:
            lines.extend(new[i] for i in _ordered(region, new, added, content))
            region = []
            lines.append(new[index])
        else:
            region.append(index)
    lines.extend(new[i] for i in _ordered(region, new, added, content))
    result = "".join(lines)
    if result == after or _tokens(result) != tokens:
        return after
    return result


def _added_lines(old: list[str], new: list[str]) -> list[bool] | None:
    """Per line of ``new``, whether it was added; None if ``new`` is not ``old`` with lines added.

    Lines are matched in order, the first possible match taken: ruamel writes
    what was there unchanged, so each old line is found at or after the last.
    """
    added = []
    position = 0
    for line in new:
        if position < len(old) and line == old[position]:
            added.append(False)
            position += 1
        else:
            added.append(True)
    return added if position == len(old) else None


def _ordered(region: list[int], new: list[str], added: list[bool], content: set[int]) -> list[int]:
    """The lines between two old content lines, added ones placed above the old comments and blank lines.

    Each added entry goes above the old lines still pending, except the old
    comments indented deeper than the entry's first line: those belong to
    what stands above it and stay there.
    """
    inserted = [i for i in region if added[i]]
    if not inserted or len(inserted) == len(region):
        return region
    old = [i for i in region if not added[i]]
    ordered: list[int] = []
    for column, block in _entries(inserted, new, content):
        while old and new[old[0]].strip() and _indent(new[old[0]]) > column:
            ordered.append(old.pop(0))
        ordered.extend(block)
    return ordered + old


def _entries(inserted: list[int], new: list[str], content: set[int]) -> list[tuple[int, list[int]]]:
    """Added lines cut into entries, each with the column it starts at (its comments go with it).

    A line that starts left of the entry before it starts a new entry: a
    change appended to post 21's list, then a new post 22.
    """
    entries: list[tuple[int, list[int]]] = []
    pending: list[int] = []
    for index in inserted:
        pending.append(index)
        if index not in content:
            continue
        column = _indent(new[index])
        if not entries or column < entries[-1][0]:
            entries.append((column, pending))
        else:
            entries[-1][1].extend(pending)
        pending = []
    if pending:
        if entries:
            entries[-1][1].extend(pending)
        else:
            entries.append((_indent(new[pending[0]]), pending))
    return entries


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_lines(text: str) -> tuple[set[int], list[tuple]]:
    """The 0-based lines that hold YAML content (not only a comment or blank), and the tokens (as ``_tokens``).

    A content line is one a token spans; a block scalar's trailing blank
    lines are not its content unless it keeps them (``|+``, ``>+``).
    """
    lines = text.splitlines()
    content: set[int] = set()
    tokens: list[tuple] = []
    for token in yaml.scan(text, Loader=_LOADER):
        tokens.append(_signature(token))
        start, end = token.start_mark, token.end_mark
        last = end.line - 1 if end.column == 0 and end.line > start.line else end.line
        last = min(last, len(lines) - 1)
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            indicator = lines[start.line][start.column:].split("#")[0]
            if "+" not in indicator:
                while last > start.line and not lines[last].strip():
                    last -= 1
        if start.line == end.line and start.column == end.column and isinstance(
                token, (yaml.BlockEndToken, yaml.StreamEndToken, yaml.StreamStartToken)):
            continue            # a zero-width token marks no line of its own
        content.update(range(start.line, last + 1))
    return content, tokens


def _tokens(text: str) -> list[tuple]:
    try:
        return [_signature(token) for token in yaml.scan(text, Loader=_LOADER)]
    except yaml.YAMLError:
        return [None]


def _signature(token) -> tuple:
    """What a token says, without where it stands: equal signatures, equal documents."""
    return type(token).__name__, getattr(token, "value", None), getattr(token, "style", None)
