"""Proposals as ledger YAML (and as JSON for scripts).

Entries are built as ruamel.yaml round-trip nodes, the same kind of node a
merge inserts into an existing ledger, so that what ``budsjett import``
prints is exactly what ``--into`` writes. Each entry carries its source
lines as a comment above it. Amounts are written the way the letter
prints them ("1,7 mill.", "462 000 kr", "12 100" in a ledger of 1000 kr).
"""

from __future__ import annotations

import datetime as dt
import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarint import ScalarInt
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from budsjett_cli.amounts import Unit, format_amount
from budsjett_cli.letters.model import (ALLOCATION, ChangeEntry, LetterEarmark, LetterEntry, Figure, LetterProposal, PostEntry, ReadResult, Review, Source,
                    walk_earmarks)

# Where ``year:`` would stand when no letter states one (the review list says so too).
NO_YEAR_COMMENT = ("year: not stated in the letter; write the budget year here (year: YYYY) before using this as a "
                   "ledger")

# A source comment quotes this many of an entry's lines (a review item fewer), each cut to COMMENT_WIDTH.
QUOTED_LINES = 3
QUOTED_REVIEW_LINES = 2
COMMENT_WIDTH = 110


class Layout:
    """How a ledger file indents: mapping indent and the dash offset of sequences."""

    def __init__(self, mapping: int = 2, offset: int = 2, sequence: int | None = None):
        self.mapping = mapping
        self.offset = offset
        self.sequence = mapping + offset if sequence is None else sequence

    def yaml(self) -> YAML:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096
        yaml.indent(mapping=self.mapping, sequence=self.sequence, offset=self.offset)
        return yaml

    def column(self, depth: int) -> int:
        """The column of a mapping key ``depth`` levels down from the top."""
        return depth * self.mapping


# The unit words a ledger takes after a number printed in millions or billions.
_SCALE_WORDS = {Unit.MILLION: "mill.", Unit.BILLION: "mrd."}


def money(figure: Figure, ledger_unit: Unit) -> str | int:
    """An amount as the ledger should hold it: in the letter's unit, exactly.

    A figure in the ledger's unit is written bare ("12 100"), one in
    millions with its unit ("1,7 mill."), kroner as kroner ("462 000 kr");
    a figure in another unit is written bare only when it is a whole
    number of the ledger's unit. A plain number is returned as an int so
    that YAML writes it unquoted.
    """
    decimals = figure.decimals or None
    if figure.unit is ledger_unit:
        text = format_amount(figure.kroner, ledger_unit, decimals)
    elif figure.unit in _SCALE_WORDS:
        text = f"{format_amount(figure.kroner, figure.unit, decimals)} {_SCALE_WORDS[figure.unit]}"
    elif figure.unit is Unit.KR or figure.kroner % ledger_unit.factor:
        text = f"{format_amount(figure.kroner, Unit.KR)} kr"
    else:
        text = format_amount(figure.kroner, ledger_unit)
    if re.fullmatch(r"\d+", text) and not text.startswith("0"):
        return int(text)
    return text


def post_key(post: str) -> ScalarInt:
    """A post number as the ledgers write it: 01, 21."""
    return ScalarInt(int(post), width=2) if post.startswith("0") else int(post)


def chapter_key(chapter: str) -> int:
    return int(chapter)


def source_comment(source: Source, extra: list[Source] | None = None) -> str:
    """The source lines of an entry, as comment text (without the '#')."""
    lines = [str(source)]
    for text in source.text[:QUOTED_LINES]:
        lines.append("  " + _comment_text(text))
    for other in extra or []:
        if other.first != source.first:
            lines.append(str(other))
            for text in other.text[:1]:
                lines.append("  " + _comment_text(text))
    return "\n".join(lines)


def post_comment(entry: PostEntry) -> str:
    """A proposed post's source lines, and the rule that read its allocation when the header alone did not."""
    comment = source_comment(entry.source)
    if entry.allocation_rule:
        comment += "\n" + _comment_text(f"allocation: {entry.allocation_rule}")
    return comment


# Control characters a letter's text may carry (NUL, BEL, ESC, DEL, C1, the line and paragraph separators):
# never written into a ledger, where they would be invisible, break a comment's line, or stop the file loading.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def printable(text: str) -> str:
    """The text with every control character a space (a tab or newline is whitespace, kept for the caller)."""
    return _CONTROL.sub(" ", text)


def _comment_text(text: str) -> str:
    text = printable(text).replace("#", "nr.")
    return text if len(text) <= COMMENT_WIDTH else text[: COMMENT_WIDTH - 1] + "…"


def earmark_node(earmark: LetterEarmark, unit: Unit) -> CommentedMap:
    node = CommentedMap()
    _put_money(node, "amount", earmark.amount, unit)
    if earmark.upto:
        node["upto"] = True
    if earmark.minimum:
        node["minimum"] = True
    node["purpose"] = _one_line(earmark.purpose)
    if earmark.note:
        node["note"] = _one_line(earmark.note)
    if earmark.of_which:
        node["of_which"] = CommentedSeq([earmark_node(e, unit) for e in earmark.of_which])
    return node


def change_node(change: ChangeEntry, letter_id: str, unit: Unit) -> CommentedMap:
    node = CommentedMap()
    node["letter"] = letter_id
    _put_money(node, "previous", change.previous, unit)
    _put_money(node, "amount", change.amount, unit)
    _put_money(node, "total", change.total, unit)
    _put_note_and_earmarks(node, change, unit)
    return node


def post_fields(entry: PostEntry, letter_id: str, unit: Unit) -> CommentedMap:
    node = CommentedMap()
    if entry.name:
        node["name"] = _one_line(entry.name)
    _put_money(node, "appropriation", entry.appropriation, unit)
    _put_money(node, "allocation", entry.allocation, unit)
    node["letter"] = letter_id
    _put_note_and_earmarks(node, entry, unit)
    return node


def _put_money(node: CommentedMap, key: str, figure: Figure | None, unit: Unit) -> None:
    if figure is not None:
        node[key] = money(figure, unit)


def _put_note_and_earmarks(node: CommentedMap, entry: LetterEntry, unit: Unit) -> None:
    """The keys a post and a change end with, in the order the ledgers write them."""
    if entry.note:
        node["note"] = _one_line(entry.note)
    if entry.earmarks:
        if entry.earmarks_partial:
            node["earmarks_partial"] = True
        node["earmarks"] = CommentedSeq([earmark_node(e, unit) for e in entry.earmarks])


def review_nodes(items: list[Review]) -> CommentedSeq:
    """Review items as the ledger records them under their letter ('review:'), each open until marked otherwise."""
    out = CommentedSeq()
    for item in items:
        node = CommentedMap()
        node["kind"] = item.kind
        if item.post:
            node["post"] = SingleQuotedScalarString(item.post)    # "714.70" is text, not a number
        node["source"] = _one_line(str(item.source))
        amount = f"{item.amount.text}: " if item.amount is not None and item.amount.text else ""
        node["note"] = _one_line(amount + item.message)
        node["status"] = "open"
        out.append(node)
    return out


def letter_fields(letter: LetterProposal) -> CommentedMap:
    node = CommentedMap()
    if letter.title:
        node["title"] = _one_line(letter.title)
    # a fresh date each: one object written twice would be dumped as a YAML anchor and alias (&id001, *id001)
    if letter.date is not None:
        node["date"] = dt.date.fromordinal(letter.date.toordinal())
    if letter.received is not None:
        node["received"] = dt.date.fromordinal(letter.received.toordinal())
    if letter.ref:
        node["ref"] = _one_line(letter.ref)
    if not letter.changes and not letter.posts:
        node["note"] = "No budget changes."
    return node


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", printable(text)).strip()


# -- the document printed by `budsjett import` -----------------------------------------------

def proposal_document(letters: list[LetterProposal], unit: Unit, layout: Layout,
                      agency: str | None = None, ministry: str | None = None,
                      record_review: bool = False) -> CommentedMap:
    """A whole ledger holding what the letters propose, with sources as comments.

    A whole ledger, not a fragment, so that it can be saved and checked as
    it is; a post two letters give is written once, from the first. When no
    letter states its year, ``year`` is left out with a comment where it
    goes, rather than guessed: such a proposal does not load until the
    advisor fills it in.
    """
    root = CommentedMap()
    years = [letter.year for letter in letters if letter.year]
    if years:
        root["year"] = years[0]
    if agency:
        root["agency"] = agency
    if ministry:
        root["ministry"] = ministry
    root["unit"] = unit.label
    declared = CommentedMap()
    for letter in letters:
        declared[letter.id] = letter_fields(letter)
        if record_review and letter.review:
            declared[letter.id]["review"] = review_nodes(letter.review)   # a ledger keeps them (``--new``)
    root["letters"] = declared
    if not years:
        # no year is guessed: the ledger does not load until the advisor writes it here
        root.yaml_set_comment_before_after_key(next(iter(root)), before=NO_YEAR_COMMENT, indent=0)
    chapters = CommentedMap()
    root["chapters"] = chapters
    last_section = None
    for letter in letters:
        for entry in letter.posts:
            chapter = _chapter(chapters, entry.chapter, entry.chapter_name)
            posts = chapter["posts"]
            key = post_key(entry.post)
            if key in posts:
                continue
            posts[key] = post_fields(entry, letter.id, unit)
            posts.yaml_set_comment_before_after_key(key, before=post_comment(entry), indent=layout.column(3))
            if entry.section and entry.section != last_section and len(posts) == 1:
                chapters.yaml_set_comment_before_after_key(chapter_key(entry.chapter), before=_one_line(entry.section),
                                                           indent=layout.column(1))
                last_section = entry.section
        for change in letter.changes:
            chapter = _chapter(chapters, change.chapter, change.chapter_name)
            posts = chapter["posts"]
            key = post_key(change.post)
            post = posts.get(key)
            if post is None:
                post = CommentedMap()
                posts[key] = post
            changes = post.setdefault("changes", CommentedSeq())
            changes.append(change_node(change, letter.id, unit))
            changes.yaml_set_comment_before_after_key(len(changes) - 1, before=source_comment(change.source, change.sources),
                                                      indent=layout.column(4) + layout.offset)
    return root


def _chapter(chapters: CommentedMap, number: str, name: str | None) -> CommentedMap:
    key = chapter_key(number)
    chapter = chapters.get(key)
    if chapter is None:
        chapter = CommentedMap()
        if name:
            chapter["name"] = _one_line(name)
        chapter["posts"] = CommentedMap()
        chapters[key] = chapter
    return chapter


def dump(node, layout: Layout) -> str:
    out = io.StringIO()
    layout.yaml().dump(node, out)
    return out.getvalue()


def header_comment(result: ReadResult, letters: list[LetterProposal]) -> str:
    """What was read, as YAML comments above the proposal: the file, and per letter what it gives."""
    lines = [f"# budsjett import {_one_line(result.path)}: {_count(len(result.letters), 'letter')} "
             f"({result.format}, {result.lines} lines)"]
    for letter in letters:
        lines.append(f"#   {letter.id} ({letter.kind}, lines {letter.source.first}-{letter.source.last}): {counts_text(letter)}")
    return "\n".join(lines) + "\n"


def counts_text(letter: LetterProposal) -> str:
    """ "82 table rows, 6 posts from sentences, 71 earmarks, 18 to review"."""
    parts = []
    if letter.kind == ALLOCATION:
        rows = sum(1 for p in letter.posts if p.origin == "table")
        parts.append(f"{rows} table rows")
        prose = sum(1 for p in letter.posts if p.origin == "prose")
        if prose:
            parts.append(f"{prose} posts from sentences")
    if letter.changes:
        parts.append(_count(len(letter.changes), "change"))
    earmarks = count_earmarks(letter)
    if earmarks:
        parts.append(_count(earmarks, "earmark"))
    if not parts:
        parts.append("no budget figures")
    parts.append(f"{len(letter.review)} to review")
    return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def count_earmarks(letter: LetterProposal) -> int:
    return sum(1 for entry in letter.entries for _ in walk_earmarks(entry.earmarks))


def review_comment(letters: list[LetterProposal]) -> str:
    """What needs review, as YAML comments below the proposal, each with the start of its text."""
    reviews = [review for letter in letters for review in letter.review]
    if not reviews:
        return ""
    lines = ["", f"# Needs review ({len(reviews)}): read but not proposed above; check each against the letter."]
    for review in reviews:
        lines.append("# - " + _one_line(review_line(review)))
        for text in review.source.text[:QUOTED_REVIEW_LINES]:
            lines.append("#     " + _comment_text(text))
    return "\n".join(lines) + "\n"


def review_line(review: Review) -> str:
    """One review item on one line: where, what kind, which post and amount, and why."""
    where = f" {review.post}" if review.post else ""
    amount = f" {review.amount.text}" if review.amount is not None and review.amount.text else ""
    return f"{review.source}: [{review.kind}]{where}{amount}: {review.message}"
