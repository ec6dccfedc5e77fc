"""Ledger files to ``Ledger`` objects, with every problem located and reported at once.

The ledger format is documented in docs/ledger-format.md. The loader is
strict: unknown keys, duplicated keys, chapters or posts given twice, values
of the wrong kind and letters cited but never declared are all problems, and
all of them in a file are reported together, each at its line and column.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import gc
import re
from collections.abc import Iterator
from pathlib import Path

from .amounts import AmountError, Unit, parse_amount, parse_unit
from .annotations import read_annotations
from .errors import InputError, InputProblem, Location
from .model import Change, Chapter, Earmark, Ledger, Letter, Money, Post
from .yamlnodes import Mapping, Node, Scalar, Sequence, compose, kind_of, read_source

LEDGER_KEYS = ("year", "agency", "ministry", "unit", "letters", "chapters")
LETTER_KEYS = ("title", "date", "ref", "note")
CHAPTER_KEYS = ("name", "posts")
POST_KEYS = ("name", "appropriation", "allocation", "letter", "changes", "earmarks", "earmarks_partial", "note")
CHANGE_KEYS = ("letter", "amount", "previous", "total", "date", "appropriation", "earmarks", "earmarks_partial", "note")
EARMARK_KEYS = ("purpose", "amount", "upto", "minimum", "of_which", "note")

MAX_EARMARK_DEPTH = 8

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("januar", "jan"), ("februar", "feb"), ("mars", "mar"), ("april", "apr"), ("mai",),
         ("juni", "jun"), ("juli", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("oktober", "okt"), ("november", "nov"), ("desember", "des")),
        start=1,
    )
    for name in names
}
_NORWEGIAN_DATE = re.compile(r"(\d{1,2})\.\s*([a-zæøå]+)\.?\s+(\d{4})", re.IGNORECASE)
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def load_ledger(path: Path | str, display: str | None = None) -> Ledger:
    """Load one ledger file; InputError lists every problem in it."""
    path = Path(path)
    shown = display or str(path)
    text = read_source(path, shown)
    with gc_paused():
        root = compose(text, shown)
        return _Builder(shown).ledger(root)


def load_ledgers(paths: list[tuple[Path, str]]) -> list[Ledger]:
    """Load several ledgers; problems in all of them are reported together."""
    ledgers = []
    problems: list[InputProblem] = []
    for path, shown in paths:
        try:
            ledgers.append(load_ledger(path, shown))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return ledgers


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building a large acyclic tree.

    Building 100 000 changes creates millions of objects; the collector
    would scan them again and again (over half the load time) to find no
    cycles. Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[InputProblem] = []
        self.unit = Unit.THOUSAND
        self.cited: list[tuple[str, Location]] = []

    # -- reporting ---------------------------------------------------------

    def at(self, node: Node) -> Location:
        return Location(self.path, node.line, node.col)

    def problem(self, node: Node, message: str) -> None:
        self.problems.append(InputProblem(self.at(node), message))

    # -- structure -----------------------------------------------------------

    def fields(self, node: Node, allowed: tuple[str, ...], what: str) -> dict[str, tuple[Scalar, Node]]:
        """The keys of a mapping, each once, each known; null values count as absent."""
        if not isinstance(node, Mapping):
            self.problem(node, f"{what} must be a mapping of keys ({', '.join(allowed)}), not {kind_of(node)}")
            return {}
        out: dict[str, tuple[Scalar, Node]] = {}
        for key, value in node.items:
            name = self.key_text(key, what)
            if name is None:
                continue
            if name in out:
                self.problem(key, f"duplicate key {name!r} in {what} (first at line {out[name][0].line})")
                continue
            if name not in allowed:
                self.problem(key, f"unknown key {name!r} in {what}{_hint(name, allowed)}{_flow_comma_hint(name, node)}")
                out[name] = (key, value)  # remembered only to spot duplicates
                continue
            out[name] = (key, value)
        return {k: v for k, v in out.items() if k in allowed and not _is_null(v[1])}

    def key_text(self, key: Node, what: str) -> str | None:
        if not isinstance(key, Scalar):
            self.problem(key, f"keys in {what} must be plain text, not {kind_of(key)}")
            return None
        if key.value == "<<" and key.plain:
            self.problem(key, "merge keys (<<) are not supported in ledgers; write the keys out")
            return None
        return key.value

    def keyed(self, node: Node, what: str, normalise, label) -> list[tuple[str, Scalar, Node]]:
        """Entries of a mapping whose keys are numbers or ids; equal keys after normalising are duplicates."""
        if not isinstance(node, Mapping):
            self.problem(node, f"{what} must be a mapping, not {kind_of(node)}")
            return []
        seen: dict[str, Scalar] = {}
        out = []
        for key, value in node.items:
            text = self.key_text(key, what)
            if text is None:
                continue
            name = normalise(key, text)
            if name is None:
                continue
            if name in seen:
                first = seen[name]
                self.problem(key, f"{label(name)} is given twice (first at line {first.line}); merge the two")
                continue
            seen[name] = key
            out.append((name, key, value))
        return out

    def items(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, Sequence):
            return node.items
        self.problem(node, f"{what} must be a list (each entry starting with '- '), not {kind_of(node)}")
        return []

    # -- values ----------------------------------------------------------------

    def text(self, node: Node, what: str) -> str | None:
        if isinstance(node, Scalar):
            return node.value
        self.problem(node, f"{what} must be text, not {kind_of(node)}")
        return None

    def money(self, node: Node, what: str) -> Money | None:
        if not isinstance(node, Scalar):
            self.problem(node, f"{what} must be an amount such as 187 166 or 8,5 mill., not {kind_of(node)}")
            return None
        try:
            parsed = parse_amount(node.value, self.unit)
        except AmountError as exc:
            self.problem(node, f"{what}: {exc}")
            return None
        return Money(parsed.kroner, node.value, Location(self.path, node.line, node.col), parsed.unit, parsed.half_unit)

    def boolean(self, node: Node, what: str) -> bool:
        if isinstance(node, Scalar) and node.plain:
            value = node.value.lower()
            if value in ("true", "yes"):
                return True
            if value in ("false", "no"):
                return False
        self.problem(node, f"{what} must be true or false, not {kind_of(node)}")
        return False

    def date(self, node: Node, what: str) -> dt.date | None:
        text = self.text(node, what)
        if text is None:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            self.problem(node, f"{what}: {exc}")
            return None

    def letter_ref(self, node: Node, what: str) -> str | None:
        text = self.text(node, what)
        if text is not None:
            self.cited.append((text, self.at(node)))
        return text

    # -- the ledger ------------------------------------------------------------

    def ledger(self, root: Node) -> Ledger:
        fields = self.fields(root, LEDGER_KEYS, "the ledger")
        if not isinstance(root, Mapping):
            raise InputError(self.problems)
        for required in ("year", "unit", "chapters"):
            if required not in fields:
                where = root if not root.items else root.items[0][0]
                self.problem(where, f"the ledger needs a {required!r} key")
        if "unit" in fields:
            key, node = fields["unit"]
            text = self.text(node, "unit")
            if text is not None:
                try:
                    self.unit = parse_unit(text)
                except AmountError as exc:
                    self.problem(node, str(exc))
        year = 0
        if "year" in fields:
            node = fields["year"][1]
            text = self.text(node, "year")
            if text is not None:
                if text.isdigit() and 1900 <= int(text) <= 2200:
                    year = int(text)
                else:
                    self.problem(node, f"year must be a year such as 2023, not {text!r}")
        ledger = Ledger(path=self.path, year=year, unit=self.unit)
        if "agency" in fields:
            ledger.agency = self.text(fields["agency"][1], "agency")
        if "ministry" in fields:
            ledger.ministry = self.text(fields["ministry"][1], "ministry")
        if "letters" in fields:
            self.letters(fields["letters"][1], ledger)
        if "chapters" in fields:
            self.chapters(fields["chapters"][1], ledger)
        for letter_id, location in self.cited:
            if letter_id not in ledger.letters:
                self.problems.append(InputProblem(
                    location,
                    f"letter {letter_id!r} is not declared under 'letters'{_hint(letter_id, tuple(ledger.letters))}",
                ))
        if self.problems:
            raise InputError(sorted(self.problems, key=lambda p: (p.location.line, p.location.col)))
        return ledger

    def letters(self, node: Node, ledger: Ledger) -> None:
        for letter_id, key, value in self.keyed(node, "letters", lambda k, t: t.strip() or None, "letter {}".format):
            letter = Letter(id=letter_id, location=self.at(key))
            fields = self.fields(value, LETTER_KEYS, f"letter {letter_id}") if not _is_null(value) else {}
            if "title" in fields:
                letter.title = self.text(fields["title"][1], "title")
            if "date" in fields:
                letter.date = self.date(fields["date"][1], "date")
            if "ref" in fields:
                letter.ref = self.text(fields["ref"][1], "ref")
            if "note" in fields:
                letter.note = self.text(fields["note"][1], "note")
            ledger.letters[letter_id] = letter

    def chapters(self, node: Node, ledger: Ledger) -> None:
        for number, key, value in self.keyed(node, "chapters", self.chapter_number, "chapter {}".format):
            chapter = Chapter(number=number, location=self.at(key))
            ledger.chapters[number] = chapter
            fields = self.fields(value, CHAPTER_KEYS, f"chapter {number}")
            if "name" in fields:
                chapter.name = self.text(fields["name"][1], "name")
            if "posts" not in fields:
                self.problem(key, f"chapter {number} needs 'posts'")
                continue
            for post_number, post_key, post_value in self.keyed(
                fields["posts"][1], f"chapter {number}", self.post_number, f"post {number}.{{}}".format
            ):
                ledger.posts.append(self.post(number, post_number, post_key, post_value))

    def chapter_number(self, key: Scalar, text: str) -> str | None:
        if text.isdigit() and 0 < int(text) < 10000:
            return str(int(text))
        self.problem(key, f"a chapter is a number from 1 to 9999, not {text!r}")
        return None

    def post_number(self, key: Scalar, text: str) -> str | None:
        if text.isdigit() and 0 < int(text) < 100:
            return f"{int(text):02d}"
        self.problem(key, f"a post is a number from 01 to 99, not {text!r}")
        return None

    def post(self, chapter: str, number: str, key: Scalar, node: Node) -> Post:
        post = Post(chapter=chapter, post=number, location=self.at(key))
        fields = self.fields(node, POST_KEYS, f"post {chapter}.{number}")
        if "name" in fields:
            post.name = self.text(fields["name"][1], "name")
            post.annotations = read_annotations(post.name)
        if "appropriation" in fields:
            post.appropriation = self.money(fields["appropriation"][1], "appropriation")
        if "allocation" in fields:
            post.allocation = self.money(fields["allocation"][1], "allocation")
        if "letter" in fields:
            post.letter = self.letter_ref(fields["letter"][1], "letter")
        if "note" in fields:
            post.note = self.text(fields["note"][1], "note")
        if "earmarks" in fields:
            post.earmarks = self.earmarks(fields["earmarks"][1], 0)
        if "earmarks_partial" in fields:
            post.earmarks_partial = self.boolean(fields["earmarks_partial"][1], "earmarks_partial")
        if "changes" in fields:
            post.changes = [
                change
                for item in self.items(fields["changes"][1], "changes")
                if (change := self.change(item)) is not None
            ]
        return post

    def change(self, node: Node) -> Change | None:
        fields = self.fields(node, CHANGE_KEYS, "a change")
        if not isinstance(node, Mapping):
            return None
        if "letter" not in fields:
            self.problem(node, "a change needs 'letter': the letter it comes from")
            return None
        change = Change(letter=self.letter_ref(fields["letter"][1], "letter") or "", location=self.at(node))
        get = fields.get
        if item := get("amount"):
            change.amount = self.money(item[1], "amount")
        if item := get("previous"):
            change.previous = self.money(item[1], "previous")
        if item := get("total"):
            change.total = self.money(item[1], "total")
        if "amount" not in fields and "total" not in fields:
            self.problem(node, "a change needs an 'amount', or a 'total' when the letter gives only the new allocation")
        if item := get("date"):
            change.date = self.date(item[1], "date")
        if item := get("appropriation"):
            change.appropriation = self.money(item[1], "appropriation")
        if item := get("earmarks"):
            change.earmarks = self.earmarks(item[1], 0)
        if item := get("earmarks_partial"):
            change.earmarks_partial = self.boolean(item[1], "earmarks_partial")
        if item := get("note"):
            change.note = self.text(item[1], "note")
        return change

    def earmarks(self, node: Node, depth: int) -> list[Earmark]:
        if depth > MAX_EARMARK_DEPTH:
            self.problem(node, f"earmarks nest deeper than {MAX_EARMARK_DEPTH} levels")
            return []
        out = []
        for item in self.items(node, "earmarks" if depth == 0 else "of_which"):
            fields = self.fields(item, EARMARK_KEYS, "an earmark")
            if not isinstance(item, Mapping):
                continue
            if "purpose" not in fields:
                self.problem(item, "an earmark needs a 'purpose': what the money is for")
                continue
            earmark = Earmark(purpose=self.text(fields["purpose"][1], "purpose") or "", location=self.at(item))
            if "amount" in fields:
                earmark.amount = self.money(fields["amount"][1], "amount")
            if "upto" in fields:
                earmark.upto = self.boolean(fields["upto"][1], "upto")
            if "minimum" in fields:
                earmark.minimum = self.boolean(fields["minimum"][1], "minimum")
            if earmark.upto and earmark.minimum:
                self.problem(fields["minimum"][0], "an earmark cannot be both 'upto' (inntil) and 'minimum' (minst)")
            if "of_which" in fields:
                earmark.of_which = self.earmarks(fields["of_which"][1], depth + 1)
            out.append(earmark)
        return out


def parse_date(text: str) -> dt.date:
    """A date as ISO (2023-02-06), dotted (06.02.2023) or as letters print it (6. februar 2023)."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    if match := _DOTTED_DATE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif (match := _NORWEGIAN_DATE.fullmatch(text)) and match[2].lower() in _MONTHS:
        day, month, year = int(match[1]), _MONTHS[match[2].lower()], int(match[3])
    else:
        raise ValueError(f"{text!r} is not a date; write it as 2023-02-06")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date: {exc}") from None


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.is_null


def _flow_comma_hint(name: str, node: Mapping) -> str:
    """Inside { } a comma separates entries, so "0,5 mill." falls apart: say so."""
    first = node.items[0][0] if node.items else None
    same_line = first is not None and all(k.line == first.line for k, _ in node.items)
    if same_line and name[:1].isdigit() or same_line and " " in name:
        return (
            "; inside { } a comma separates entries, so a decimal comma or a comma in a text "
            'splits the value: put it in quotes ("0,5 mill.") or write the entry in block form'
        )
    return ""


def _hint(name: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
