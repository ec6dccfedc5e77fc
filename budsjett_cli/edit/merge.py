"""Proposed entries into an existing ledger file, keeping everything already in it.

The file is edited with ruamel.yaml in round-trip mode: the document is
loaded with its comments, key order, quoting and flow style, the new nodes
are inserted, and it is dumped again. A ledger is a hand-kept document
(section comments, quoted source sentences, flow-style earmarks); PyYAML
would drop all of that. Before anything is inserted the file's indentation
is found by trying the layouts a ledger may use until one reproduces the
file byte for byte, so untouched lines stay untouched; afterwards
``placement`` puts back above the next entry any comment ruamel moved
below (or into) a new one.

Writes are atomic: a temporary file in the ledger's directory, flushed and
synced, then ``os.replace`` over the ledger. A crash leaves either the old
ledger or the new one, never half of one.
"""

from __future__ import annotations


from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from budsjett_cli.amounts import Unit, ascii_digits
from budsjett_cli.ledger.model import Ledger
from budsjett_cli.problems import InputError
from budsjett_cli.edit.emit import (Layout, change_node, chapter_key, dump, letter_fields, post_comment, post_fields,
                                    post_key, review_nodes, source_comment)
from budsjett_cli.edit.identity import Known, already_in
from budsjett_cli.letters.model import LetterProposal, Review
from budsjett_cli.edit.placement import keep_comments_in_place
from budsjett_cli.edit.preserve import BOM, keep_original_bytes

# The indentations a ledger may be written in (mapping indent, dash offset), the common one first.
LAYOUTS = [Layout(2, 2), Layout(2, 0), Layout(4, 2), Layout(4, 0), Layout(4, 4), Layout(3, 1)]


class MergeError(Exception):
    """The ledger text cannot be edited safely; ``merge`` reports it as an InputError at the ledger's path."""


@dataclass(slots=True)
class Merged:
    """What a merge did: the new text, the letters taken and skipped, and conflicts left for review."""

    text: str
    imported: list[LetterProposal] = field(default_factory=list)
    skipped: list[tuple[LetterProposal, Known]] = field(default_factory=list)
    conflicts: list[Review] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)     # post keys given a change or figures
    exact_layout: bool = True


def load_with_layout(text: str) -> tuple[object, Layout, bool, str]:
    """The document, the indentation that dumps it back unchanged, whether one does, and its dump.

    The file is parsed once; indentation only matters to the dump, so each
    layout is tried by dumping, and the nearest is taken when none is exact.
    """
    try:
        data = LAYOUTS[0].yaml().load(text)
    except YAMLError as exc:
        raise MergeError(f"cannot be edited: {exc}") from None
    best: tuple[int, Layout, str] | None = None
    found = layout_of(text)
    for layout in ([found] if found else []) + LAYOUTS:
        dumped = dump(data, layout)
        if dumped == text:
            return data, layout, True, dumped
        differing = sum(1 for a, b in zip(text.splitlines(), dumped.splitlines()) if a != b)
        if best is None or differing < best[0]:
            best = (differing, layout, dumped)
    return data, best[1], False, best[2]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def layout_of(text: str) -> Layout | None:
    """The indentation the text itself shows: the first nested key, and the first block list under a key."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    mapping = next((_indent(line) for line in lines if 0 < _indent(line) and not line.lstrip().startswith("- ")),
                   None)
    if not mapping:
        return None
    for above, line in zip(lines, lines[1:]):
        stripped = line.lstrip(" ")
        if stripped.startswith("- ") and above.rstrip().endswith(":") and not above.lstrip().startswith("- "):
            offset = _indent(line) - _indent(above)
            content = stripped[2:]
            sequence = offset + 2 + (len(content) - len(content.lstrip(" ")))
            if offset >= 0:
                return Layout(mapping, offset, sequence)
    return Layout(mapping, 2 if mapping == 2 else 0)


def merge(text: str, ledger: Ledger, letters: list[LetterProposal]) -> Merged:
    """Insert the letters' entries into the ledger text; letters the ledger already has are skipped.

    ``text`` is the file as it is on disk (``newline=""``): its byte order
    mark, line ends (CRLF), trailing spaces and a closing ``...`` are kept,
    and every line the merge does not add stays byte for byte.
    A ledger that cannot be edited safely is an InputError at its path.
    """
    try:
        return _merge(text, ledger, letters)
    except MergeError as exc:
        raise InputError.at(ledger.path, str(exc)) from None


def _merge(text: str, ledger: Ledger, letters: list[LetterProposal]) -> Merged:
    data, layout, exact, unchanged = load_with_layout(text.removeprefix(BOM).replace("\r\n", "\n"))
    if not isinstance(data, CommentedMap):
        raise MergeError("is not a ledger: the top level must be a mapping")
    result = Merged(text=text, exact_layout=exact)
    seen_ids = set(ledger.letters)
    for letter in letters:
        known = already_in(letter, ledger)
        if known is None and letter.id in seen_ids:
            known = Known(letter.id, f"letter {letter.id} was imported earlier in this run")
        if known is not None:
            result.skipped.append((letter, known))
            continue
        seen_ids.add(letter.id)
        _insert_letter(data, letter, ledger.unit, layout, result)
        result.imported.append(letter)
    if result.imported:
        dumped = keep_comments_in_place(unchanged, dump(data, layout))
        kept = keep_original_bytes(text, unchanged, dumped)
        result.text = kept if kept is not None else dumped
    return result


def _insert_letter(data: CommentedMap, letter: LetterProposal, unit: Unit, layout: Layout, result: Merged) -> None:
    """The letter declared, its posts added or filled in, its changes appended to their posts.

    What the letter gives that is not merged (its review items, and the
    figures that conflict with the ledger) is recorded under the letter
    ('review:'), so that ``check`` lists it until it is resolved.
    """
    declared = letter_fields(letter)
    _letters_node(data)[letter.id] = declared
    conflicts_before = len(result.conflicts)
    chapters = data.get("chapters")
    if not isinstance(chapters, CommentedMap):
        chapters = CommentedMap()
        data["chapters"] = chapters
    for entry in letter.posts:
        posts, post = _post(chapters, entry.chapter, entry.post, entry.chapter_name)
        if post:
            _fill_post(post, entry, letter, unit, result)
            continue
        for key, value in post_fields(entry, letter.id, unit).items():
            post[key] = value
        _comment_before_key(posts, entry.post, post_comment(entry), layout.column(3))
        result.touched.append(entry.key)
    for change in letter.changes:
        _, post = _post(chapters, change.chapter, change.post, change.chapter_name)
        changes = post.get("changes")
        if not isinstance(changes, CommentedSeq):
            changes = CommentedSeq()
            post["changes"] = changes
        changes.append(change_node(change, letter.id, unit))
        changes.yaml_set_comment_before_after_key(len(changes) - 1, before=source_comment(change.source, change.sources),
                                                  indent=layout.column(4) + layout.offset)
        result.touched.append(change.key)
    open_items = [*letter.review, *result.conflicts[conflicts_before:]]
    if open_items:
        declared["review"] = review_nodes(open_items)


def _fill_post(post: CommentedMap, entry, letter: LetterProposal, unit: Unit, result: Merged) -> None:
    """An allocation letter's figures for a post the ledger has: fill what is missing, flag what differs."""
    wanted = post_fields(entry, letter.id, unit)
    changed = False
    for key in ("name", "appropriation", "allocation", "letter", "note", "earmarks_partial", "earmarks"):
        if key not in wanted:
            continue
        if key not in post or post[key] is None:
            post[key] = wanted[key]
            changed = True
        elif key in ("appropriation", "allocation") and str(post[key]) != str(wanted[key]):
            result.conflicts.append(Review(
                "conflicts-with-ledger",
                f"{key} {wanted[key]} in the letter, {post[key]} in the ledger: left as it is",
                entry.source, entry.key, entry.allocation if key == "allocation" else entry.appropriation))
    if changed:
        result.touched.append(entry.key)


def _letters_node(data: CommentedMap) -> CommentedMap:
    node = data.get("letters")
    if isinstance(node, CommentedMap):
        return node
    node = CommentedMap()
    keys = list(data.keys())
    position = keys.index("chapters") if "chapters" in keys else len(keys)
    data.insert(position, "letters", node)
    return node


def _find(mapping: CommentedMap, number: str):
    """The key of a chapter or post in a mapping, however it is written (714, "714", 01, "01")."""
    for key in mapping:
        text = str(key).strip()
        if ascii_digits(text) and int(text) == int(number):
            return key
    return None


def _post(chapters: CommentedMap, chapter: str, post: str, chapter_name: str | None) -> tuple[CommentedMap, CommentedMap]:
    """The chapter's posts and the post's mapping in the document; what the ledger lacks is created.

    A new chapter goes last; a new post goes before the first post with a higher number.
    """
    key = _find(chapters, chapter)
    if key is None:
        node = CommentedMap()
        if chapter_name:
            node["name"] = chapter_name
        node["posts"] = CommentedMap()
        chapters[chapter_key(chapter)] = node
        key = chapter_key(chapter)
    chapter_node = chapters[key]
    if not isinstance(chapter_node, CommentedMap):
        raise MergeError(f"chapter {chapter} is not a mapping in the ledger")
    posts = chapter_node.get("posts")
    if not isinstance(posts, CommentedMap):
        posts = CommentedMap()
        chapter_node["posts"] = posts
    found = _find(posts, post)
    if found is not None:
        node = posts[found]
        if node is None:
            node = CommentedMap()
            posts[found] = node
        if not isinstance(node, CommentedMap):
            raise MergeError(f"post {chapter}.{post} is not a mapping in the ledger")
        return posts, node
    node = CommentedMap()
    later = [k for k in posts if ascii_digits(str(k).strip()) and int(str(k)) > int(post)]
    if later:
        posts.insert(list(posts.keys()).index(later[0]), post_key(post), node)
    else:
        posts[post_key(post)] = node
    return posts, node


def _comment_before_key(mapping: CommentedMap, number: str, text: str, column: int) -> None:
    key = _find(mapping, number)
    if key is not None:
        mapping.yaml_set_comment_before_after_key(key, before=text, indent=column)


# -- writing -------------------------------------------------------------------------------------
