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

from .yamlnodes import Mapping, Node, Scalar, Sequence


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
_SIMPLE_LINE = re.compile(
    r"([A-Za-z0-9_][A-Za-z0-9_.\-]*):"
    r"(?: +((?:-(?=[^\s])|[^\s#'\"{}\[\]&*!|>%@`?:,\-])[^\t{}\[\]:#]*?))?"
    r" *(?: #.*)?"
)
# A tab anywhere but in a comment line sends the text to PyYAML.
_TAB_OUTSIDE_COMMENT = re.compile(r"^(?! *#).*\t", re.MULTILINE)
# What YAML itself treats as non-printable or as a line break.
_YAML_SPECIAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def fast_compose(text: str) -> Node | None:
    """The node tree of ``text``, or None when the text is outside the subset."""
    try:
        lines = _tokenise(text)
        if not lines:
            return None
        parser = _Parser(lines)
        node = parser.block(0, lines[0][0])
        if parser.i != len(lines):
            return None
        return node
    except _Bail:
        return None


def _tokenise(text: str) -> list[tuple[int, str, int]]:
    """(indent, content, line number) of every line that holds more than a comment."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            raise _Bail
    if _YAML_SPECIAL.search(text) or "\t" in text and _TAB_OUTSIDE_COMMENT.search(text):
        raise _Bail
    out = []
    append = out.append
    number = 0
    for raw in text.split("\n"):
        number += 1
        stripped = raw.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        if stripped[-1] == " ":
            stripped = stripped.rstrip(" ")
            if not stripped:
                continue
        if stripped[0] in "-.%" and stripped.startswith(("---", "...", "%")) and (not out or raw[0] != " "):
            raise _Bail
        append((len(raw) - len(raw.lstrip(" ")), stripped, number))
    return out


class _Parser:
    def __init__(self, lines: list[tuple[int, str, int]]):
        self.lines = lines
        self.i = 0

    def block(self, i: int, indent: int) -> Node:
        self.i = i
        content = self.lines[i][1]
        if content == "-" or content.startswith("- "):
            return self.sequence(indent)
        return self.mapping(indent)

    def mapping(self, indent: int) -> Mapping:
        lines = self.lines
        end = len(lines)
        i = self.i
        node = Mapping([], lines[i][2], indent + 1)
        append = node.items.append
        simple_line = _SIMPLE_LINE.fullmatch
        while i < end:
            ind, content, number = lines[i]
            if ind != indent:
                if ind < indent:
                    break
                raise _Bail
            simple = simple_line(content)
            i += 1
            if simple:
                key_text, value_text = simple.groups()
                key_node = Scalar(intern(key_text), True, number, indent + 1)
                if value_text:
                    append((key_node, Scalar(value_text, True, number, indent + 1 + simple.start(2))))
                    continue
                self.i = i
                append((key_node, self.nested_value(indent, number, indent + 2 + len(key_text))))
                i = self.i
                continue
            if content == "-" or content.startswith("- "):
                raise _Bail
            key, rest, value_col = _split_key(content, indent)
            key_node = Scalar(key[0], key[1], number, indent + 1)
            self.i = i
            if rest:
                value = _inline_value(rest, number, value_col)
            else:
                value = self.nested_value(indent, number, value_col)
                i = self.i
            append((key_node, value))
        self.i = i
        return node

    def nested_value(self, indent: int, number: int, col: int) -> Node:
        """The value of ``key:`` with nothing after it: a block below, or null."""
        lines = self.lines
        if self.i < len(lines):
            ind, content, _ = lines[self.i]
            if ind > indent:
                return self.block(self.i, ind)
            if ind == indent and (content == "-" or content.startswith("- ")):
                return self.sequence(indent)
        return Scalar("", True, number, col)

    def sequence(self, indent: int) -> Sequence:
        lines = self.lines
        node = Sequence([], lines[self.i][2], indent + 1)
        while self.i < len(lines):
            ind, content, number = lines[self.i]
            if ind != indent or not (content == "-" or content.startswith("- ")):
                if ind > indent:
                    raise _Bail
                break
            rest = content[1:].lstrip(" ")
            if not rest:
                self.i += 1
                if self.i < len(lines) and lines[self.i][0] > indent:
                    node.items.append(self.block(self.i, lines[self.i][0]))
                else:
                    node.items.append(Scalar("", True, number, indent + 2))
                continue
            if rest.startswith("#"):
                raise _Bail
            inner = len(content) - len(rest) + indent
            if rest == "-" or rest.startswith("- "):
                raise _Bail
            if _looks_like_key(rest):
                # "- key: value" starts a mapping at the key's column.
                lines[self.i] = (inner, rest, number)
                node.items.append(self.mapping(inner))
            else:
                node.items.append(_inline_value(rest, number, inner + 1))
                self.i += 1
                if self.i < len(lines) and lines[self.i][0] > indent:
                    raise _Bail
        return node


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
    body, _ = _flow_body(text, "{", "}")
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
            key = Scalar(_unquote(stripped[:end]), False, number, key_col)
            rest_start = end + 1
        else:
            colon = stripped.find(":")
            if colon <= 0:
                raise _Bail
            key_text = stripped[:colon]
            _check_plain(key_text, _BAD_PLAIN_FLOW)
            if key_text != key_text.rstrip(" "):
                raise _Bail
            key = Scalar(key_text, True, number, key_col)
            rest_start = colon + 1
        rest = stripped[rest_start:]
        if rest and rest[0] != " ":
            raise _Bail
        value_text = rest.strip(" ")
        if not value_text:
            raise _Bail  # empty values in flow mappings: positions differ between composers
        value_col = key_col + rest_start + (len(rest) - len(rest.lstrip(" ")))
        node.items.append((key, _flow_scalar(value_text, number, value_col)))
    if not node.items:
        raise _Bail
    return node


def _flow_sequence(text: str, number: int, col: int) -> Sequence:
    body, _ = _flow_body(text, "[", "]")
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


def _flow_body(text: str, open_: str, close: str) -> tuple[str, int]:
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
