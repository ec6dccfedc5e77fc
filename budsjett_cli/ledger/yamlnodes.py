"""Safe YAML to located nodes: the text and position of every value, nothing constructed.

A ledger is read as a tree of nodes that keep each value's source text and
its line and column. Nothing is ever constructed from a tag, so no YAML can
run code; unknown tags are refused, alias expansion is bounded (a "billion
laughs" file is refused quickly), and numbers stay text so that ``3624.4``
never becomes a float.

Two composers produce the same tree: a fast one for the plain block YAML
ledgers are written in (see ``fastyaml``), and PyYAML's composer for
everything else.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from typing import TYPE_CHECKING

from budsjett_cli.ledger.fastyaml import fast_compose
from budsjett_cli.ledger.nodes import Entry, Mapping, Node, Scalar, Sequence
from budsjett_cli.limits import read_limited
from budsjett_cli.problems import InputError, Problem, Location

if TYPE_CHECKING:
    import yaml

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
)

# Alias expansion may add this many nodes beyond what the text itself holds.
ALIAS_ALLOWANCE = 10_000


def read_source(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 file; a byte that is not UTF-8 is reported at its line and column."""
    shown = display or str(path)
    try:
        data = read_limited(path, shown, "a ledger")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError([Problem(Location(shown, 1, 1), f"cannot read the file: {reason}")]) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError([Problem(Location(shown, 1, 1), "the file is UTF-16; save it as UTF-8")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        message = f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        raise InputError([Problem(Location(shown, line, col), message)]) from None
    return text


def source_text(text: str, shown: str) -> str:
    """The text a ledger is composed from: a leading BOM dropped; a NUL byte refused at its line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError([Problem(Location(shown, line, 1), "the file holds a NUL byte: it is not a text file")])
    return text


def compose(text: str, path: str, first_line: int = 1) -> Node:
    """The node tree of one YAML document, or InputError with a located message.

    ``first_line`` numbers the text's first line, for part of a file composed alone.
    """
    node = fast_compose(text, first_line)
    if node is not None:
        return node
    return _compose_with_pyyaml("\n" * (first_line - 1) + text, path)



# Deeper than this and the text is refused before PyYAML sees it: its C composer
# recurses once per level on the C stack and crashes the process (around
# 50 000 levels), where no Python exception can catch it. Ledgers nest about 8.
MAX_DEPTH = 1000
_BRACKET = re.compile(r"[\[\]{}]")
_COMPACT_ITEMS = re.compile(r"^[ ]*((?:[-?:][ ]+){2,})", re.MULTILINE)


def _too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) where nesting first exceeds MAX_DEPTH, or None.

    Counts flow brackets (a bracket inside a quoted string may count too:
    that can only make the estimate deeper, never shallower) and compact
    block items on one line ("- - - x").
    """
    depth = 0
    for match in _BRACKET.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return _line_col(text, match.start())
    for match in _COMPACT_ITEMS.finditer(text):
        if match.group(1).count(" ") > MAX_DEPTH:
            return _line_col(text, match.start(1))
    return None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _compose_with_pyyaml(text: str, path: str) -> Node:
    import yaml   # imported when needed: the usual ledger never needs it, and it is a tenth of the start-up

    if (where := _too_deep(text)) is not None:
        raise InputError([Problem(Location(path, *where), f"YAML: nesting is deeper than {MAX_DEPTH} levels")])
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (exc.context, exc.problem) if part) or "not valid YAML"
        raise InputError([Problem(Location(path, line, col), f"YAML: {message}")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: at its place, in one line
        line, col = _line_col(text, exc.position)
        what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError([Problem(Location(path, line, col),
                                  f"YAML: the character {what} is not allowed here (a control character); "
                                  "write it as an escape in double quotes (\"\\x01\"), or remove it")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(Location(path, 1, 1), f"YAML: {' '.join(str(exc).split())}")]) from None
    except RecursionError:
        raise InputError([Problem(Location(path, 1, 1), "YAML: nesting is too deep")]) from None
    if root is None:
        raise InputError([Problem(Location(path, 1, 1), "the file is empty: a ledger needs at least year, unit and chapters")])
    return _convert(root, path, budget=len(text) + ALIAS_ALLOWANCE)


def _convert(root: yaml.Node, path: str, budget: int) -> Node:
    import yaml

    """PyYAML nodes to ours, refusing unknown tags and bounding alias expansion.

    Aliases in PyYAML's tree are shared references, so walking them expands
    them; counting every node visited bounds the work by the text's size.
    """
    visited = 0
    out: dict[int, Node] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            visited += 1
            if visited > budget:
                mark = node.start_mark
                raise InputError([Problem(
                    Location(path, mark.line + 1, mark.column + 1),
                    "YAML: aliases expand to far more values than the file holds (an alias bomb?); refused",
                )])
            if node.tag not in _STANDARD_TAGS:
                mark = node.start_mark
                raise InputError([Problem(
                    Location(path, mark.line + 1, mark.column + 1),
                    f"YAML tag {node.tag!r} is not allowed: ledgers hold plain values only",
                )])
            if isinstance(node, yaml.ScalarNode):
                out[id(node)] = Scalar(node.value, node.style in (None, ""), node.start_mark.line + 1, node.start_mark.column + 1)
                continue
            stack.append((node, True))
            if isinstance(node, yaml.MappingNode):
                for key, value in reversed(node.value):
                    if not isinstance(key, yaml.ScalarNode):
                        mark = key.start_mark
                        raise InputError([Problem(
                            Location(path, mark.line + 1, mark.column + 1),
                            "keys must be plain text, not a mapping or a list",
                        )])
                    stack.append((value, False))
                    stack.append((key, False))
            else:
                for item in reversed(node.value):
                    stack.append((item, False))
            continue
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.MappingNode):
            entries = []
            for k, v in node.value:
                key = out[id(k)]
                entries.append(Entry(key.value, key.line, key.col, out[id(v)]))
            out[id(node)] = Mapping(entries, line, col)
        else:
            out[id(node)] = Sequence([out[id(i)] for i in node.value], line, col)
    return out[id(root)]
