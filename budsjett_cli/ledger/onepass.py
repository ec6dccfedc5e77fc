"""The chapters of a ledger read from their lines in one pass, without a node tree for the bulk.

A large ledger is mostly changes of a few ``key: value`` lines each.
Composing those into nodes and then reading the nodes takes two passes and
holds the whole tree in memory at once; here each post's and each change's
simple lines become field values straight from the text, and the loader's
own ``_Builder`` makes the model from them, so every value, position and
problem is the general path's. Parts that are not simple lines (earmarks,
withheld amounts, quoted or empty values, an unknown or repeated key) are
composed alone, with their own line numbers, and read by the same builder.

Only the shape ledgers are written in is read this way: a top-level
``chapters:`` of numbered chapters with numbered posts. For anything else
(duplicated or odd chapter or post keys, tabs, directives, a part the
composers refuse, such as an alias to an anchor elsewhere) ``split`` or
``read`` gives up and the whole file takes the general path, which says
where and why. tests/ledger/test_onepass.py checks that the two paths give
the same ledger and the same problems.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from sys import intern

from budsjett_cli.amounts import ascii_digits
from budsjett_cli.ledger.fastyaml import SIMPLE_LINE, outside_subset
from budsjett_cli.ledger.yamlnodes import compose
from budsjett_cli.problems import InputError
from budsjett_cli.ledger.keys import CHANGE, CHAPTER_NUMBERS, POST, POST_NUMBERS, K
from budsjett_cli.ledger.nodes import Entry, Node, Scalar

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_SCALAR_KINDS = frozenset((K.TEXT, K.AMOUNT, K.DATE, K.FLAG))
# Keys a post's or a change's simple line may give; other known keys are composed as blocks.
_POST_SCALARS = frozenset(name for name, key in POST.keys.items() if key.kind in _SCALAR_KINDS)
_CHANGE_SCALARS = frozenset(name for name, key in CHANGE.keys.items() if key.kind in _SCALAR_KINDS)
_POST_BLOCKS = frozenset(POST.names - _POST_SCALARS - {"changes"})
_NUMBER_KEY = re.compile(r"(\d{1,4}):(?: *| +#.*)")
_DOCUMENT_MARKS = ("---", "...", "%")
_new_tuple = tuple.__new__


class GiveUp(Exception):
    """This text is not in the shape read here: the whole file takes the general path."""


@dataclass(slots=True)
class Split:
    """A ledger's text cut in two: the text with the chapters' lines blanked, and those lines."""

    header: str
    lines: list[str]
    start: int      # index in ``lines`` of the first line after "chapters:"
    end: int        # index just past the chapters' last line
    text: str       # the whole text
    offsets: array  # where each of lines[start:end] starts in ``text``


_TOP_LEVEL_LINE = re.compile(r"\n[^ #\n]")


def split(text: str) -> Split | None:
    """Cut out the chapters block, or None when the ledger is not in the usual shape."""
    if outside_subset(text) or text.startswith(_DOCUMENT_MARKS) or any(f"\n{m}" in text for m in _DOCUMENT_MARKS):
        return None
    at = 0 if text.startswith("chapters:") else text.find("\nchapters:") + 1
    if at == 0 and not text.startswith("chapters:") or text.find("\nchapters:", at) >= 0:
        return None
    block_start = text.find("\n", at) + 1
    if block_start == 0 or text[at + len("chapters:"):block_start - 1].strip(" "):
        return None
    after = _TOP_LEVEL_LINE.search(text, block_start - 1)
    block_end = after.start() + 1 if after else len(text)
    first = text.count("\n", 0, block_start)
    lines = text[block_start:block_end].split("\n")
    header = text[:block_start] + "\n" * (len(lines) - 1) + text[block_end:]
    offsets = array("q", accumulate(map((1).__add__, map(len, lines)), initial=block_start))  # a line and its newline
    return Split(header, [""] * first + lines, first, first + len(lines), text, offsets)


def read(builder, ledger, cut: Split) -> None:
    """Read the chapters cut out by ``split`` into ``ledger`` through ``builder``; GiveUp when unusual."""
    lines, start, end = cut.lines, cut.start, cut.end
    reader = _Reader(builder, ledger, cut)
    index = reader.next_content(start)
    if index == end:
        raise GiveUp
    indent = _indent(lines[index])
    if indent == 0:
        raise GiveUp
    seen: set[int] = set()
    while index < end:
        if _indent(lines[index]) != indent:
            raise GiveUp
        index = reader.chapter(index, indent, seen)


# A change item of up to this many "key: value" lines, each with one space after the colon, in one match.
_ITEM_LINES = 8
_KEY_VALUE = (f"({'|'.join(sorted(_CHANGE_SCALARS))}): "
              r"((?:-(?=[^\s])|[^\s#'\"{}\[\]&*!|>%@`?:,\-])(?:[^\t{}\[\]:#\n]*[^\t{}\[\]:#\n ])?)"
              r" *(?: #[^\n]*)?\n")


@lru_cache(maxsize=None)
def _item_pattern(indent: int) -> re.Pattern:
    """The lines of a change item at ``indent`` that read as SIMPLE_LINE reads them, as groups (key, value)."""
    inner = " " * (indent + 2)
    return re.compile(" " * indent + "- " + _KEY_VALUE + f"(?:{inner}{_KEY_VALUE})?" * (_ITEM_LINES - 1))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _Mark:
    """What a builder has said so far, to take back what reading a part said before it was composed whole."""

    def __init__(self, builder):
        self.builder = builder
        self.problems = len(builder.problems)
        self.cited = {letter: len(places) for letter, places in builder.cited.items()}

    def restore(self) -> None:
        del self.builder.problems[self.problems:]
        cited = self.builder.cited
        for letter in list(cited):
            if letter in self.cited:
                del cited[letter][self.cited[letter]:]
            else:
                del cited[letter]


class _Reader:
    """One forward scan over the chapters' lines; each method returns the index of the next line to read."""

    def __init__(self, builder, ledger, cut: Split):
        self.builder = builder
        self.ledger = ledger
        self.lines = cut.lines
        self.end = cut.end
        self.text = cut.text
        self.offsets = cut.offsets
        self.first = cut.start

    def next_content(self, index: int) -> int:
        """The first line from ``index`` that holds YAML (not blank, not only a comment)."""
        lines, end = self.lines, self.end
        while index < end:
            stripped = lines[index].lstrip(" ")
            if stripped and stripped[0] != "#":
                return index
            index += 1
        return end

    def block_end(self, start: int, indent: int) -> int:
        """Index of the first line holding YAML after ``start`` that is not deeper than ``indent``.

        "- " lines at ``indent`` still belong to the block (a list written
        level with its key, as YAML allows).
        """
        index = self.next_content(start + 1)
        while index < self.end:
            line = self.lines[index]
            depth = _indent(line)
            if depth < indent or depth == indent and line[depth:depth + 2] not in ("- ", "-"):
                break
            index = self.next_content(index + 1)
        return index

    def compose(self, start: int, stop: int) -> Node:
        """The node tree of ``lines[start:stop]`` composed alone, with the file's line numbers.

        A part the composers refuse gives up: the whole file then says where and why.
        """
        try:
            return compose("\n".join(self.lines[start:stop]), self.builder.path, start + 1)
        except InputError:
            raise GiveUp from None

    def numbered(self, index: int, indent: int, numbers: range, seen: set[int]) -> tuple[str, Entry]:
        """A chapter's or post's key line ("  765:"); anything unusual gives up."""
        key = _NUMBER_KEY.fullmatch(self.lines[index], indent)
        if key is None:
            raise GiveUp
        text = key[1]
        number = int(text) if ascii_digits(text) else -1
        if number not in numbers or number in seen:
            raise GiveUp
        seen.add(number)
        return text, Entry(intern(text), index + 1, indent + 1, None)

    # -- chapters and posts --------------------------------------------------------

    def chapter(self, index: int, indent: int, seen: set[int]) -> int:
        builder, lines = self.builder, self.lines
        text, key = self.numbered(index, indent, CHAPTER_NUMBERS, seen)
        number = builder.chapter_number(key, text)
        head = self.next_content(index + 1)
        inner = _indent(lines[head]) if head < self.end else 0
        if inner <= indent:
            raise GiveUp
        fields: dict[str, Node] = {}
        posts = None
        before = _Mark(builder)
        while head < self.end and _indent(lines[head]) == inner:
            simple = SIMPLE_LINE.fullmatch(lines[head], inner)
            name, value = simple.groups() if simple else (None, None)
            following = self.next_content(head + 1)
            deeper = following < self.end and _indent(lines[following]) > inner
            if name in fields or posts is not None and name == "posts":
                return self.composed_chapter(number, index, indent, before)
            if name == "name" and value and value not in _NULLS and not deeper:
                fields["name"] = Scalar(value, True, head + 1, simple.start(2) + 1)
                head = following
            elif name == "posts" and not value and deeper:
                posts, head = self.posts(number, following)
            else:
                return self.composed_chapter(number, index, indent, before)
        if head < self.end and _indent(lines[head]) > indent or posts is None:
            return self.composed_chapter(number, index, indent, before)
        fields["posts"] = Scalar("", True, 0, 0)   # present; its posts were read above
        builder.chapter(self.ledger, number, key, fields)
        self.ledger.posts.extend(posts)
        return head

    def composed_chapter(self, number: str, start: int, indent: int, before: _Mark) -> int:
        """A chapter that is not plain lines, composed whole; the index after it.

        What reading its posts said already is taken back first (``before``).
        """
        before.restore()
        stop = self.block_end(start, indent + 1)
        entry = self.compose(start, stop).items[0]
        self.builder.chapter_entry(self.ledger, number, entry, entry.value)
        return stop

    def posts(self, chapter: str, start: int) -> tuple[list, int]:
        """The posts of a chapter from its first post's key line, and the index after them."""
        lines, builder = self.lines, self.builder
        indent = _indent(lines[start])
        numbers: set[int] = set()
        posts = []
        index = start
        while index < self.end and _indent(lines[index]) == indent:
            text, key = self.numbered(index, indent, POST_NUMBERS, numbers)
            post, index = self.post(chapter, builder.post_number(key, text), key, index, indent)
            posts.append(post)
        if index < self.end and _indent(lines[index]) > indent:
            raise GiveUp
        return posts, index

    def post(self, chapter: str, number: str, key: Entry, start: int, indent: int):
        """A post from its lines, and the index after it; a post that is not simple lines and known
        blocks is composed whole."""
        lines = self.lines
        fields: dict[str, Node] = {}
        changes = None
        head = self.next_content(start + 1)
        inner = _indent(lines[head]) if head < self.end else 0
        if inner <= indent:
            return self.composed_post(chapter, number, start, indent)
        while head < self.end and _indent(lines[head]) == inner:
            line = lines[head]
            simple = SIMPLE_LINE.fullmatch(line, inner)
            if simple is None:
                return self.composed_post(chapter, number, start, indent)
            name, value = simple.groups()
            if name in fields or name == "changes" and changes is not None:
                return self.composed_post(chapter, number, start, indent)
            following = self.next_content(head + 1)
            if value:
                if (name not in _POST_SCALARS or value in _NULLS
                        or following < self.end and _indent(lines[following]) > inner):
                    return self.composed_post(chapter, number, start, indent)
                fields[name] = _new_tuple(Scalar, (value, True, head + 1, simple.start(2) + 1))
                head = following
                continue
            if following == self.end or _indent(lines[following]) < inner or (
                    _indent(lines[following]) == inner and lines[following][inner:inner + 1] != "-"):
                return self.composed_post(chapter, number, start, indent)
            if name == "changes":
                changes, after = self.changes(following, inner)
            elif name in _POST_BLOCKS:
                after = self.block_end(head, inner)
                fields[name] = self.compose(head, after).items[0].value
            else:
                return self.composed_post(chapter, number, start, indent)
            head = after
        if head < self.end and _indent(lines[head]) > indent:
            return self.composed_post(chapter, number, start, indent)
        post = self.builder.post_from(chapter, number, key, fields)
        if changes is not None:
            post.changes = self.build_changes(changes)
        return post, head

    def composed_post(self, chapter: str, number: str, start: int, indent: int):
        stop = self.block_end(start, indent + 1)
        entry = self.compose(start, stop).items[0]
        return self.builder.post(chapter, number, entry, entry.value), stop

    def changes(self, start: int, key_indent: int) -> tuple[list[tuple], int]:
        """A post's changes from ``start`` (its first item), and the index after them.

        Each item is (fields, first line, stop, column of its keys): the
        fields of an item of simple ``key: value`` lines, or None for any
        other item (earmarks, a quoted value, an unknown key), which is
        composed alone.
        """
        lines, end = self.lines, self.end
        simple_line = SIMPLE_LINE.fullmatch
        out = []
        base = _indent(lines[start])
        item_match = _item_pattern(base).match
        text, offsets, first = self.text, self.offsets, self.first
        next_item, deeper = " " * base + "- ", " " * (base + 1)
        item = -1
        inner = -1
        fields = None
        index = start
        while index < end:
            line = lines[index]
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                index += 1
                continue
            indent = len(line) - len(stripped)
            if indent > base and item >= 0:
                if fields is not None:
                    simple = simple_line(line, inner) if indent == inner else None
                    if simple is not None:
                        name, value = simple.groups()
                        if value and name in _CHANGE_SCALARS and name not in fields and value not in _NULLS:
                            fields[name] = _new_tuple(Scalar, (value, True, index + 1, simple.start(2) + 1))
                            index += 1
                            continue
                    fields = None
                index += 1
                continue
            if indent < base or indent <= key_indent and stripped[0] != "-":
                break
            if indent != base or stripped[:2] != "- " and stripped != "-":
                raise GiveUp
            if item >= 0:
                out.append((fields, item, index, inner))
                item = -1
            inner = base + 2
            whole = item_match(text, offsets[index - first]) if stripped != "-" else None
            if whole is not None:
                # The common item, matched in one go: its simple lines up to where the pattern stops.
                count = whole.lastindex >> 1
                found = whole.groups()
                names, values = found[0:count * 2:2], found[1:count * 2:2]
                after = index + count
                fields = {name: _new_tuple(Scalar, (value, True, number, inner + len(name) + 3))
                          for number, name, value in zip(range(index + 1, after + 1), names, values)}
                if len(fields) != count or not _NULLS.isdisjoint(values):
                    fields = None
                if fields is not None and (after >= end or lines[after].startswith(next_item) or (
                        lines[after][:base + 1] != deeper and lines[after].lstrip(" ")[:1] not in ("#", ""))):
                    out.append((fields, index, after, inner))
                    index = after
                    continue
            item = index
            fields = {}
            simple = simple_line(line, inner) if stripped != "-" else None
            if simple is not None:
                name, value = simple.groups()
                if value and name in _CHANGE_SCALARS and value not in _NULLS:
                    fields[name] = _new_tuple(Scalar, (value, True, index + 1, simple.start(2) + 1))
                else:
                    fields = None
            else:
                fields = None
            index += 1
        if item >= 0:
            out.append((fields, item, index, inner))
        return out, index

    def build_changes(self, items: list[tuple]) -> list:
        """The changes from what ``changes`` read, after the post's own fields (so letters are cited in order)."""
        change_from, change = self.builder.change_from, self.builder.change
        out = []
        for fields, start, stop, inner in items:
            if fields is not None:
                made = change_from(fields, _new_tuple(Scalar, ("", True, start + 1, inner + 1)))
            else:
                made = change(self.compose(start, stop).items[0])
            if made is not None:
                out.append(made)
        return out
