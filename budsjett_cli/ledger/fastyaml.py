"""A fast composer for the plain block YAML that ledgers are written in.

PyYAML needs about 60 microseconds per change to compose a ledger with
positions (six seconds for 100 000 changes); this composer needs a tenth of
that. It understands block mappings and sequences, one-line flow mappings
and sequences of plain or simply quoted values, and comments. On anything
else (anchors, tags, block scalars, multi-line values, tabs, escapes, or
anything it is unsure of) it returns None, and the caller uses PyYAML. Tests
check that wherever it returns a tree, PyYAML returns the same one.
"""

from __future__ import annotations

import re
from sys import intern

from budsjett_cli.ledger.nodes import Entry, Mapping, Node, Scalar, Sequence


class _Bail(Exception):
    """Not in the subset: let PyYAML compose this text."""


# Characters that may not start a plain scalar (YAML indicators).
_BAD_START = frozenset("&*!|>%@`{}[],#?:'\"\t")
# Characters this composer will not read in a plain scalar, to stay clear of
# YAML's finer rules (flow indicators in block context, tabs, line-break
# characters other than newline).
_BAD_PLAIN = frozenset("\t{}[]\r\x85\u2028\u2029\ufeff")
_BAD_PLAIN_FLOW = _BAD_PLAIN | frozenset(",")
_BAD_PLAIN_RE = re.compile("[\t{}\\[\\]]")
# The common line "key: plain value  # comment", with a simple key and a
# value free of every character that could make YAML read it otherwise.
SIMPLE_LINE = _SIMPLE_LINE = re.compile(
    r"([A-Za-z0-9_][A-Za-z0-9_.\-]*):"
    r"(?: +((?:-(?=[^\s])|[^\s#'\"{}\[\]&*!|>%@`?:,\-])[^\t{}\[\]:#]*?))?"
    r" *(?: #.*)?"
)
# A tab anywhere but in a comment line sends the text to PyYAML.
_TAB_OUTSIDE_COMMENT = re.compile(r"^(?! *#).*\t", re.MULTILINE)
# What YAML itself treats as non-printable or as a line break.
_YAML_SPECIAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def outside_subset(text: str) -> bool:
    """Whether the text holds what this composer never reads: a CR, a tab outside comments, a YAML special."""
    return "\r" in text or bool(_YAML_SPECIAL.search(text)) or "\t" in text and bool(_TAB_OUTSIDE_COMMENT.search(text))


def fast_compose(text: str, first_line: int = 1) -> Node | None:
    """The node tree of ``text``, or None when the text is outside the subset.

    ``first_line`` numbers the text's first line, for a part of a file
    composed alone (see ``onepass``).
    """
    try:
        return _compose(text, first_line)
    except _Bail:
        return None


_MAP = 0
_SEQ = 1
# Pending marker after an inline sequence item: a deeper line would continue it.
_CLOSED = (None, 0, 0, 0)


def _compose(text: str, first_line: int = 1) -> Node | None:
    """One pass over the lines with a stack of open blocks.

    A frame is [kind, indent, node, pending]. ``pending`` is the key (or
    sequence dash) whose value has not started yet, as (key text, key line,
    key column, column of a null value), or ``_CLOSED`` after an inline
    sequence item.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            raise _Bail
    if _YAML_SPECIAL.search(text) or "\t" in text and _TAB_OUTSIDE_COMMENT.search(text):
        raise _Bail
    simple_line = _SIMPLE_LINE.fullmatch
    new_tuple = tuple.__new__
    stack: list[list] = []
    root = None
    number = first_line - 1
    frame: list = [None, -1, None, None]
    for raw in text.split("\n"):
        number += 1
        content = raw.lstrip(" ")
        if not content or content[0] == "#":
            continue
        indent = len(raw) - len(content)
        if content[-1] == " ":
            content = content.rstrip(" ")
        if indent == frame[1] and frame[0] == _MAP and frame[3] is None and content[0] != "-":
            # The common line: another "key: value" in the mapping being read.
            simple = simple_line(content)
            if simple:
                key_text, value_text = simple.groups()
                if value_text:
                    # tuple.__new__ builds the named tuples without their Python-level __new__:
                    # half the cost, on every line of a large ledger.
                    frame[2].items.append(new_tuple(Entry, (intern(key_text), number, indent + 1, new_tuple(
                        Scalar, (value_text, True, number, indent + 1 + simple.start(2))))))
                else:
                    frame[3] = (intern(key_text), number, indent + 1, indent + 2 + len(key_text))
                continue
        if content[0] in "-.%" and content.startswith(("---", "...", "%")) and (root is None or indent == 0):
            raise _Bail
        is_item = content[0] == "-" and (len(content) == 1 or content[1] == " ")
        if root is None:
            root = Sequence([], number, indent + 1) if is_item else Mapping([], number, indent + 1)
            stack.append([_SEQ if is_item else _MAP, indent, root, None])
        frame = stack[-1]
        pending = frame[3]
        if pending is not None:
            if pending is _CLOSED:
                if indent > frame[1]:
                    raise _Bail
            elif indent > frame[1] or (indent == frame[1] and is_item and frame[0] == _MAP):
                child = Sequence([], number, indent + 1) if is_item else Mapping([], number, indent + 1)
                _attach(frame, pending, child)
                frame[3] = None
                frame = [_SEQ if is_item else _MAP, indent, child, None]
                stack.append(frame)
            else:
                _attach(frame, pending, Scalar("", True, pending[1], pending[3]))
            frame[3] = None
        while indent < frame[1] or (indent == frame[1] and frame[0] == _SEQ and not is_item and len(stack) > 1):
            stack.pop()
            if not stack:
                raise _Bail
            frame = stack[-1]
        if indent != frame[1]:
            raise _Bail
        if frame[0] == _MAP:
            if is_item:
                raise _Bail
            _map_entry(frame, content, number, indent, simple_line)
            continue
        if not is_item:
            raise _Bail
        rest = content[1:].lstrip(" ")
        if not rest:
            frame[3] = (None, number, 0, indent + 2)
            continue
        if rest[0] == "#" or rest == "-" or rest.startswith("- "):
            raise _Bail
        inner = indent + len(content) - len(rest)
        if _looks_like_key(rest):
            # "- key: value" opens a mapping whose keys stand at the key's column.
            child = Mapping([], number, inner + 1)
            frame[2].items.append(child)
            frame = [_MAP, inner, child, None]
            stack.append(frame)
            _map_entry(frame, rest, number, inner, simple_line)
            continue
        frame[2].items.append(_inline_value(rest, number, inner + 1))
        frame[3] = _CLOSED
    if root is None:
        return None
    top = stack[-1]
    if top[3] is not None and top[3] is not _CLOSED:
        _attach(top, top[3], Scalar("", True, top[3][1], top[3][3]))
    return root


def _map_entry(frame: list, content: str, number: int, indent: int, simple_line) -> None:
    """Add "key: value" to the mapping of ``frame``, or leave the key pending."""
    simple = simple_line(content)
    if simple:
        key_text, value_text = simple.groups()
        if value_text:
            frame[2].items.append(Entry(intern(key_text), number, indent + 1,
                                        Scalar(value_text, True, number, indent + 1 + simple.start(2))))
        else:
            frame[3] = (intern(key_text), number, indent + 1, indent + 2 + len(key_text))
        return
    key_parts, rest, value_col = _split_key(content, indent)
    if rest:
        frame[2].items.append(Entry(key_parts[0], number, indent + 1, _inline_value(rest, number, value_col)))
    else:
        frame[3] = (key_parts[0], number, indent + 1, value_col)


def _attach(frame: list, pending: tuple, value: Node) -> None:
    if frame[0] == _MAP:
        frame[2].items.append(Entry(pending[0], pending[1], pending[2], value))
    else:
        frame[2].items.append(value)


def _looks_like_key(text: str) -> bool:
    if text[0] in "'\"":
        end = _quoted_end(text)
        return end is not None and text[end:].startswith(":") and (len(text) == end + 1 or text[end + 1] == " ")
    if text[0] in "{[":
        return False
    return ": " in text or text.endswith(":")


def _split_key(content: str, indent: int) -> tuple[tuple[str, bool], str, int]:
    """Split "key: rest" into the key (text, plain), the rest and the rest's column."""
    if content[0] in "'\"":
        end = _quoted_end(content)
        if end is None or not content[end:].startswith(":"):
            raise _Bail
        key = (_unquote(content[:end]), False)
        after = end + 1
    else:
        colon = content.find(": ")
        if colon < 0:
            if not content.endswith(":"):
                raise _Bail
            colon = len(content) - 1
        text = content[:colon]
        _check_plain(text, _BAD_PLAIN)
        if text != text.rstrip(" ") or " #" in text:
            raise _Bail
        key = (text, True)
        after = colon + 1
    if after < len(content) and content[after] != " ":
        raise _Bail
    rest = content[after:].lstrip(" ")
    if rest.startswith("#"):
        rest = ""
    return key, rest, indent + 1 + len(content) - len(rest)


def _inline_value(text: str, number: int, col: int) -> Node:
    """A value written on the same line as its key or dash."""
    first = text[0]
    if first in "'\"":
        end = _quoted_end(text)
        if end is None:
            raise _Bail
        _expect_only_comment(text[end:])
        return Scalar(_unquote(text[:end]), False, number, col)
    if first == "{":
        return _flow_mapping(text, number, col)
    if first == "[":
        return _flow_sequence(text, number, col)
    value = _strip_comment(text)
    _check_plain(value, _BAD_PLAIN)
    if ": " in value or value.endswith(":") or " #" in value:
        raise _Bail
    return Scalar(value, True, number, col)


def _flow_mapping(text: str, number: int, col: int) -> Mapping:
    body, _ = _flow_body(text, "}")
    node = Mapping([], number, col)
    offset = col + 1
    for part, start in _flow_parts(body):
        stripped = part.strip(" ")
        if not stripped:
            raise _Bail
        lead = len(part) - len(part.lstrip(" "))
        key_col = offset + start + lead
        if stripped[0] in "'\"":
            end = _quoted_end(stripped)
            if end is None or not stripped[end:].startswith(":"):
                raise _Bail
            key = _unquote(stripped[:end])
            rest_start = end + 1
        else:
            colon = stripped.find(":")
            if colon <= 0:
                raise _Bail
            key_text = stripped[:colon]
            _check_plain(key_text, _BAD_PLAIN_FLOW)
            if key_text != key_text.rstrip(" "):
                raise _Bail
            key = key_text
            rest_start = colon + 1
        rest = stripped[rest_start:]
        if rest and rest[0] != " ":
            raise _Bail
        value_text = rest.strip(" ")
        if not value_text:
            raise _Bail  # empty values in flow mappings: positions differ between composers
        value_col = key_col + rest_start + (len(rest) - len(rest.lstrip(" ")))
        node.items.append(Entry(key, number, key_col, _flow_scalar(value_text, number, value_col)))
    if not node.items:
        raise _Bail
    return node


def _flow_sequence(text: str, number: int, col: int) -> Sequence:
    body, _ = _flow_body(text, "]")
    node = Sequence([], number, col)
    if not body.strip(" "):
        return node
    for part, start in _flow_parts(body):
        stripped = part.strip(" ")
        if not stripped:
            raise _Bail
        lead = len(part) - len(part.lstrip(" "))
        node.items.append(_flow_scalar(stripped, number, col + 1 + start + lead))
    return node


def _flow_body(text: str, close: str) -> tuple[str, int]:
    """The inside of a one-line flow collection; what follows may only be a comment."""
    depth = 0
    quote = None
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
            elif char == "\\":
                raise _Bail
            continue
        if char in "'\"":
            quote = char
        elif char in "{[":
            depth += 1
            if depth > 1:
                raise _Bail
        elif char in "}]":
            if char != close:
                raise _Bail
            _expect_only_comment(text[index + 1 :])
            return text[1:index], index
        elif char == "#" and index and text[index - 1] == " ":
            raise _Bail
    raise _Bail


def _flow_parts(body: str) -> list[tuple[str, int]]:
    """Split a flow body at top-level commas: (part, start offset)."""
    parts = []
    quote = None
    start = 0
    for index, char in enumerate(body):
        if quote:
            if char == quote:
                quote = None
            continue
        if char in "'\"":
            quote = char
        elif char == ",":
            parts.append((body[start:index], start))
            start = index + 1
    tail = body[start:]
    if tail.strip(" ") or not parts:  # a trailing comma is allowed in YAML
        parts.append((tail, start))
    return parts


def _flow_scalar(text: str, number: int, col: int) -> Scalar:
    if text[0] in "'\"":
        end = _quoted_end(text)
        if end != len(text):
            raise _Bail
        return Scalar(_unquote(text), False, number, col)
    _check_plain(text, _BAD_PLAIN_FLOW)
    if ":" in text or " #" in text or text != text.rstrip(" "):
        raise _Bail
    return Scalar(text, True, number, col)


def _check_plain(text: str, bad: frozenset[str]) -> None:
    if not text or text[0] in _BAD_START or _BAD_PLAIN_RE.search(text):
        raise _Bail
    if bad is _BAD_PLAIN_FLOW and "," in text:
        raise _Bail
    if text[0] == "-" and (len(text) == 1 or text[1] == " "):
        raise _Bail
    if text[0] == "?" or text.startswith(("---", "...")):
        raise _Bail


def _quoted_end(text: str) -> int | None:
    """Index just past the closing quote of a one-line quoted scalar, without escapes."""
    quote = text[0]
    index = 1
    while True:
        found = text.find(quote, index)
        if found < 0:
            return None
        if quote == "'" and text[found + 1 : found + 2] == "'":
            index = found + 2
            continue
        body = text[1:found]
        if quote == '"' and "\\" in body:
            raise _Bail
        return found + 1


def _unquote(text: str) -> str:
    body = text[1:-1]
    if text[0] == "'":
        return body.replace("''", "'")
    return body


def _strip_comment(text: str) -> str:
    hash_at = text.find(" #")
    if hash_at >= 0:
        text = text[:hash_at]
    return text.rstrip(" ")


def _expect_only_comment(rest: str) -> None:
    """After a closing quote or bracket only a comment may follow, after a space."""
    stripped = rest.lstrip(" ")
    if stripped and not (stripped.startswith("#") and rest[0] == " "):
        raise _Bail
