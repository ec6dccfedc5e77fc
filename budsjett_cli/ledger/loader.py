"""Ledger files to ``Ledger`` objects, with every problem located and reported at once.

The ledger format is documented in docs/ledger-format.md. The loader is
strict: unknown keys, duplicated keys, chapters or posts given twice, values
of the wrong kind and letters cited but never declared are all problems, and
all of them in a file are reported together, each at its line and column.
"""

from __future__ import annotations

import re

import difflib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from budsjett_cli.amounts import AmountError, Unit, ascii_digits, parse_amount, parse_unit, simple_kroner
from budsjett_cli.ledger.annotations import read_annotations
from budsjett_cli.dates import parse_date
from budsjett_cli.problems import InputError, Problem, Location
from budsjett_cli.gcpause import gc_paused
from budsjett_cli.ledger.model import (REVIEW_STATUSES, AppropriationChange, Change, Chapter, Earmark, Ledger, Letter,
                                    Money, Post, ReviewItem, Transfer, Withheld)
from budsjett_cli.ledger.orgnr import parse_orgnr
from budsjett_cli.ledger.keys import (
    APPROPRIATION_CHANGE, CHANGE, CHAPTER, CHAPTER_NUMBERS, EARMARK, FALSE_WORDS, LEDGER, LETTER, MAX_EARMARK_DEPTH, POST,
    POST_NUMBERS, RECORDS, REVIEW, TRANSFER, TRUE_WORDS, WITHHELD, YEARS, K, Record,
)
from budsjett_cli.ledger.nodes import Entry, Mapping, Node, Scalar, Sequence, kind_of
from budsjett_cli.ledger import onepass
from budsjett_cli.ledger.yamlnodes import compose, read_source, source_text

# The keys each record accepts: the tables in ledger/keys.py, which the JSON Schema is built from too.
LEDGER_KEYS = LEDGER.names
LETTER_KEYS = LETTER.names
REVIEW_KEYS = REVIEW.names
CHAPTER_KEYS = CHAPTER.names
POST_KEYS = POST.names
CHANGE_KEYS = CHANGE.names
APPROPRIATION_CHANGE_KEYS = APPROPRIATION_CHANGE.names
EARMARK_KEYS = EARMARK.names
TRANSFER_KEYS = TRANSFER.names
WITHHELD_KEYS = WITHHELD.names
_POST_REFERENCE = re.compile(r"(\d{1,4})\.(\d{1,2})")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_ZERO = Decimal(0)
_new_tuple = tuple.__new__


def load_file(path: Path | str, display: str | None = None) -> Ledger:
    """Load one ledger file; InputError lists every problem in it, cited as ``display`` (else the path)."""
    path = Path(path)
    shown = display or str(path)
    return load_text(read_source(path, shown), shown)


def load_text(text: str, name: str = "<ledger>") -> Ledger:
    """Load a ledger from its text (a merge's result, a test's ledger); problems cite ``name``."""
    text = source_text(text, name)
    with gc_paused():
        header = _header(cut := onepass.split(text), name)
        if header is not None:
            try:
                return _Builder(name).ledger(header, lambda builder, ledger: onepass.read(builder, ledger, cut))
            except onepass.GiveUp:
                pass
        return _Builder(name).ledger(compose(text, name))


def _header(cut: onepass.Split | None, name: str) -> Node | None:
    """The node tree of all but the chapters, when ``onepass`` reads them; None: the general path reads all."""
    if cut is None:
        return None
    try:
        return compose(cut.header, name)
    except InputError:
        return None


def load_ledgers(paths: list[tuple[Path, str]]) -> list[Ledger]:
    """Load several ledgers; problems in all of them are reported together."""
    ledgers = []
    problems: list[Problem] = []
    for path, shown in paths:
        try:
            ledgers.append(load_file(path, shown))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return ledgers


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.unit = Unit.THOUSAND
        self.factor = self.unit.value
        self.cited: dict[str, list[Node]] = {}      # letters cited before or without being declared
        self.declared: dict[str, Letter] = {}
        self.amounts: dict[str, tuple[str, Decimal]] = {}   # text -> (the same text, kroner): shared, not repeated

    # -- reporting ---------------------------------------------------------

    def at(self, node: Node) -> Location:
        return Location(self.path, node.line, node.col)

    def problem(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.at(node), message))

    # -- structure -----------------------------------------------------------

    def fields(self, node: Node, allowed: frozenset[str], what: str) -> dict[str, Node]:
        """The keys of a mapping, each once, each known: name -> value node; null values count as absent.

        This runs for every change of every post, so the common case (a
        known key seen for the first time) takes the short path.
        """
        if node.__class__ is not Mapping:
            self.problem(node, f"{what} must be a mapping of keys ({', '.join(sorted(allowed))}), not {kind_of(node)}")
            return {}
        out: dict[str, Node] = {}
        nulls: set[str] = set()
        for entry in node.items:
            name = entry.key
            if name in allowed and name not in out and name not in nulls:
                value = entry.value
                if value.__class__ is Scalar and value.plain and value.value in _NULLS:
                    nulls.add(name)
                else:
                    out[name] = value
                continue
            self.odd_key(node, entry, out.keys() | nulls, allowed, what)
        return out

    def odd_key(self, node: Mapping, entry: Entry, seen: set[str], allowed: frozenset[str], what: str) -> None:
        """Report a key that is duplicated, unknown or a merge key."""
        name = entry.key
        if self.merge_key(entry):
            return
        if name in seen:
            first = next(e for e in node.items if e.key == name)
            self.problem(entry, f"duplicate key {name!r} in {what} (first at line {first.line})")
            return
        choices = tuple(sorted(allowed))
        self.problem(entry, f"unknown key {name!r} in {what}{_hint(name, choices)}{_flow_comma_hint(name, node)}")

    def merge_key(self, entry: Entry) -> bool:
        if entry.key == "<<":
            self.problem(entry, "merge keys (<<) are not supported in ledgers; write the keys out")
            return True
        return False

    def keyed(self, node: Node, what: str, normalise, label) -> list[tuple[str, Entry, Node]]:
        """Entries of a mapping whose keys are numbers or ids; equal keys after normalising are duplicates."""
        if not isinstance(node, Mapping):
            self.problem(node, f"{what} must be a mapping, not {kind_of(node)}")
            return []
        seen: dict[str, Entry] = {}
        out = []
        for entry in node.items:
            if self.merge_key(entry):
                continue
            name = normalise(entry, entry.key)
            if name is None:
                continue
            if name in seen:
                self.problem(entry, f"{label(name)} is given twice (first at line {seen[name].line}); merge the two")
                continue
            seen[name] = entry
            out.append((name, entry, entry.value))
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
        if node.__class__ is Scalar:
            # A ledger holds hundreds of thousands of amounts, most written more than once ("total" of one
            # change is "previous" of the next): each text is read once and its text and Decimal shared,
            # and the tuple is built with tuple.__new__.
            known = self.amounts.get(node.value)
            if known is None:
                kroner = simple_kroner(node.value, self.factor)
                if kroner is not None:
                    self.amounts[node.value] = known = (node.value, kroner)
            if known is not None:
                return _new_tuple(Money, (known[1], known[0], self.path, node.line, node.col, None, _ZERO))
        if not isinstance(node, Scalar):
            self.problem(node, f"{what} must be an amount such as 187 166 or 8,5 mill., not {kind_of(node)}")
            return None
        try:
            parsed = parse_amount(node.value, self.unit)
        except AmountError as exc:
            self.problem(node, f"{what}: {exc}")
            return None
        return Money(parsed.kroner, node.value, self.path, node.line, node.col, parsed.written_unit, parsed.half_unit)

    def boolean(self, node: Node, what: str) -> bool:
        if isinstance(node, Scalar) and node.plain:
            value = node.value.lower()
            if value in TRUE_WORDS:
                return True
            if value in FALSE_WORDS:
                return False
        self.problem(node, f"{what} must be true or false, not {kind_of(node)}")
        return False

    def parsed(self, node: Node, what: str, parse):
        """Text read by ``parse`` (a date, an orgnr); the ValueError it raises is a problem at the node."""
        text = self.text(node, what)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as exc:
            self.problem(node, f"{what}: {exc}")
            return None

    def letter_ref(self, node: Node, what: str) -> str | None:
        text = self.text(node, what)
        if text is not None and text not in self.declared:
            cited = self.cited.get(text)
            if cited is None:
                self.cited[text] = cited = []
            cited.append(node)
        return text

    def date(self, node: Node, what: str):
        return self.parsed(node, what, parse_date)

    def plain_fields(self, target, fields: dict[str, Node], record: Record, done: tuple[str, ...] = ()) -> None:
        """Set on ``target`` each plain field of ``record`` that ``fields`` gives (texts, amounts, dates,
        flags, letters cited), read as its kind in ledger/keys.py says; ``done``: keys the caller reads itself."""
        readers = _readers(record.name, done)
        for name, node in fields.items():
            read = readers.get(name)
            if read is not None:
                setattr(target, name, read(self, node, name))

    # -- the ledger ------------------------------------------------------------

    def ledger(self, root: Node, read_chapters=None) -> Ledger:
        """The ledger from its node tree; ``read_chapters(builder, ledger)`` reads chapters left out of the tree."""
        fields = self.fields(root, LEDGER_KEYS, "the ledger")
        if not isinstance(root, Mapping):
            raise InputError(self.problems)
        for required in LEDGER.required:
            if required not in fields and not (required == "chapters" and read_chapters):
                where = root if not root.items else root.items[0]
                self.problem(where, f"the ledger needs a {required!r} key")
        if "unit" in fields:
            node = fields["unit"]
            text = self.text(node, "unit")
            if text is not None:
                try:
                    self.unit = parse_unit(text)
                    self.factor = self.unit.value
                    self.amounts = {}
                except AmountError as exc:
                    self.problem(node, str(exc))
        year = 0
        if "year" in fields:
            node = fields["year"]
            text = self.text(node, "year")
            if text is not None:
                if ascii_digits(text) and int(text) in YEARS:
                    year = int(text)
                else:
                    self.problem(node, f"year must be a year such as 2023, not {text!r}")
        ledger = Ledger(path=self.path, year=year, unit=self.unit)
        if "agency" in fields:
            ledger.agency = self.text(fields["agency"], "agency")
        if "ministry" in fields:
            ledger.ministry = self.text(fields["ministry"], "ministry")
        if "orgnr" in fields:
            ledger.orgnr = self.parsed(fields["orgnr"], "orgnr", parse_orgnr)
        if "letters" in fields:
            self.letters(fields["letters"], ledger)
        self.declared = ledger.letters
        if read_chapters is not None:
            read_chapters(self, ledger)
        elif "chapters" in fields:
            self.chapters(fields["chapters"], ledger)
        if "transfers" in fields:
            ledger.transfers = [t for item in self.items(fields["transfers"], "transfers")
                                if (t := self.transfer(item)) is not None]
            _place_transfers(ledger)
        for letter_id, nodes in self.cited.items():
            if letter_id not in ledger.letters:
                # not an input error: the `letters` check reports it, and the rest of the ledger is still checked
                ledger.undeclared_letters[letter_id] = [self.at(node) for node in nodes]
        if self.problems:
            raise InputError(sorted(self.problems, key=lambda p: (p.location.line, p.location.col)))
        return ledger

    def letters(self, node: Node, ledger: Ledger) -> None:
        for letter_id, key, value in self.keyed(node, "letters", self.letter_id, "letter {}".format):
            letter = Letter(id=letter_id, location=self.at(key))
            fields = self.fields(value, LETTER_KEYS, f"letter {letter_id}") if not _is_null(value) else {}
            self.plain_fields(letter, fields, LETTER)
            if "review" in fields:
                letter.review = self.review_items(fields["review"], letter_id)
            ledger.letters[letter_id] = letter

    def review_items(self, node: Node, letter_id: str) -> list[ReviewItem]:
        """A letter's review items: what ``import --into`` read but did not merge, with their status."""
        out = []
        for item in self.items(node, f"review of letter {letter_id}"):
            if not isinstance(item, Mapping):
                self.fields(item, REVIEW_KEYS, f"a review item of letter {letter_id}")   # says what it must be
                continue
            fields = self.fields(item, REVIEW_KEYS, f"a review item of letter {letter_id}")
            if "kind" not in fields:
                self.problem(item, f"a review item of letter {letter_id} needs 'kind'")
                continue
            review = ReviewItem(kind=self.text(fields["kind"], "kind") or "", location=self.at(item))
            self.plain_fields(review, fields, REVIEW, done=("kind",))
            if "status" in fields:
                status = self.text(fields["status"], "status")
                if status in REVIEW_STATUSES:
                    review.status = status
                else:
                    self.problem(fields["status"], f"a review item's status is one of {', '.join(REVIEW_STATUSES)}, "
                                 f"not {status!r}")
            out.append(review)
        return out

    def chapters(self, node: Node, ledger: Ledger) -> None:
        for number, key, value in self.keyed(node, "chapters", self.chapter_number, "chapter {}".format):
            self.chapter_entry(ledger, number, key, value)

    def chapter_entry(self, ledger: Ledger, number: str, key: Entry, value: Node) -> None:
        """One chapter from its node, its posts included."""
        fields = self.fields(value, CHAPTER_KEYS, f"chapter {number}")
        if self.chapter(ledger, number, key, fields):
            for post_number, post_key, post_value in self.keyed(
                fields["posts"], f"chapter {number}", self.post_number, f"post {number}.{{}}".format
            ):
                ledger.posts.append(self.post(number, post_number, post_key, post_value))

    def chapter(self, ledger: Ledger, number: str, key: Entry, fields: dict[str, Node]) -> bool:
        """Add the chapter; False when it has no posts to read (a problem then)."""
        chapter = Chapter(number=number, location=self.at(key))
        ledger.chapters[number] = chapter
        if "name" in fields:
            chapter.name = self.text(fields["name"], "name")
        if "posts" not in fields:
            self.problem(key, f"chapter {number} needs 'posts'")
            return False
        return True

    def letter_id(self, key: Entry, text: str) -> str | None:
        """A letter's id as the ledger declares it; an empty one is a problem, never silently dropped."""
        if text.strip():
            return text.strip()
        self.problem(key, "a letter needs an id (TB2023, TTB2023-02..06), not an empty one")
        return None

    def chapter_number(self, key: Entry, text: str) -> str | None:
        if ascii_digits(text) and int(text) in CHAPTER_NUMBERS:
            return str(int(text))
        self.problem(key, f"a chapter is a number from 1 to 9999, not {text!r}")
        return None

    def post_number(self, key: Entry, text: str) -> str | None:
        if ascii_digits(text) and int(text) in POST_NUMBERS:
            return f"{int(text):02d}"
        self.problem(key, f"a post is a number from 01 to 99, not {text!r}")
        return None

    def post(self, chapter: str, number: str, key: Entry, node: Node) -> Post:
        fields = self.fields(node, POST_KEYS, f"post {chapter}.{number}")
        post = self.post_from(chapter, number, key, fields)
        if "changes" in fields:
            post.changes = [
                change
                for item in self.items(fields["changes"], "changes")
                if (change := self.change(item)) is not None
            ]
        return post

    def post_from(self, chapter: str, number: str, key: Entry, fields: dict[str, Node]) -> Post:
        """The post from its fields, all but its changes (the caller reads those: see ``onepass``)."""
        post = Post(chapter=chapter, post=number, location=self.at(key))
        self.plain_fields(post, fields, POST)
        if post.name is not None:
            post.annotations = read_annotations(post.name)
        if "earmarks" in fields:
            post.earmarks = self.earmarks(fields["earmarks"], 0)
        if "withheld" in fields:
            post.withheld = self.withheld(fields["withheld"])
        return post

    def change(self, node: Node) -> Change | None:
        fields = self.fields(node, CHANGE_KEYS, "a change")
        if not isinstance(node, Mapping):
            return None
        return self.change_from(fields, node)

    def change_from(self, fields: dict[str, Node], node: Mapping | Scalar) -> Change | None:
        """The change from its fields; ``node`` is where the change starts (its first key)."""
        if "letter" not in fields:
            self.problem(node, "a change needs 'letter': the letter it comes from")
            return None
        change = Change(self.letter_ref(fields["letter"], "letter") or "", _new_tuple(Location, (self.path, node.line, node.col)))
        self.plain_fields(change, fields, CHANGE, done=("letter",))
        if item := fields.get("appropriation_change"):
            change.appropriation_change = self.appropriation_change(item)
            if "appropriation" in fields:
                self.problem(item, "give either 'appropriation' (the new appropriation, as printed) or "
                                   "'appropriation_change' (how much it changed), not both")
        if fields.keys().isdisjoint(CHANGE.one_of):
            self.problem(node, "a change needs an 'amount', or a 'total' when the letter gives only the new allocation "
                               "(or only 'appropriation'/'appropriation_change' when the letter informs of a new "
                               "appropriation)")
        key, partners = CHANGE.goes_with
        if key in fields and fields.keys().isdisjoint(partners):
            self.problem(fields[key], f"'{key}' goes with {' or '.join(repr(n) for n in partners)}")
        if item := fields.get("earmarks"):
            change.earmarks = self.earmarks(item, 0)
        return change

    def transfer(self, node: Node) -> Transfer | None:
        fields = self.fields(node, TRANSFER_KEYS, "a transfer")
        if not isinstance(node, Mapping):
            return None
        missing = [key for key in ("letter", "from", "to", "amount") if key not in fields]
        if missing:
            self.problem(node, f"a transfer needs {', '.join(repr(k) for k in missing)}: the letter, the posts "
                               "it moves money from and to (714.21), and the amount")
            return None
        source, target = self.post_reference(fields["from"], "from"), self.post_reference(fields["to"], "to")
        amount = self.money(fields["amount"], "amount")
        if source is None or target is None or amount is None:
            return None
        if source == target:
            self.problem(fields["to"], f"a transfer moves money between two posts, not from {source} to itself")
            return None
        transfer = Transfer(self.letter_ref(fields["letter"], "letter") or "", source, target, amount, self.at(node))
        self.plain_fields(transfer, fields, TRANSFER, done=("letter", "amount"))
        return transfer

    def post_reference(self, node: Node, what: str) -> str | None:
        """A post named as "714.21" (or 0714.21): the key the ledger uses."""
        text = self.text(node, what)
        match = _POST_REFERENCE.fullmatch(text.strip()) if text is not None else None
        if match is None or not ascii_digits(match[1]) or int(match[1]) == 0 or int(match[2]) == 0:
            if text is not None:
                self.problem(node, f"{what}: write the post as chapter.post, such as 714.21, not {text!r}")
            return None
        return f"{int(match[1])}.{int(match[2]):02d}"

    def withheld(self, node: Node) -> list[Withheld]:
        out = []
        for item in self.items(node, "withheld"):
            fields = self.fields(item, WITHHELD_KEYS, "a withheld amount")
            if not isinstance(item, Mapping):
                continue
            if "letter" not in fields or "amount" not in fields:
                self.problem(item, "a withheld amount needs 'letter' and 'amount': the letter that holds it back, and how much")
                continue
            amount = self.money(fields["amount"], "amount")
            if amount is None:
                continue
            held = Withheld(self.letter_ref(fields["letter"], "letter") or "", amount, self.at(item))
            self.plain_fields(held, fields, WITHHELD, done=("letter", "amount"))
            out.append(held)
        return out

    def appropriation_change(self, node: Node) -> AppropriationChange | None:
        fields = self.fields(node, APPROPRIATION_CHANGE_KEYS, "appropriation_change")
        if not isinstance(node, Mapping):
            return None
        if "amount" not in fields:
            self.problem(node, "appropriation_change needs an 'amount': how much the appropriation changed")
            return None
        amount = self.money(fields["amount"], "amount")
        if amount is None:
            return None
        change = AppropriationChange(amount, self.at(node))
        self.plain_fields(change, fields, APPROPRIATION_CHANGE, done=("amount",))
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
            earmark = Earmark(purpose=self.text(fields["purpose"], "purpose") or "", location=self.at(item))
            self.plain_fields(earmark, fields, EARMARK, done=("purpose",))
            if earmark.upto and earmark.minimum:
                self.problem(fields["minimum"], "an earmark cannot be both 'upto' (inntil) and 'minimum' (minst)")
            if "of_which" in fields:
                earmark.of_which = self.earmarks(fields["of_which"], depth + 1)
            out.append(earmark)
        return out


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.is_null


def _flow_comma_hint(name: str, node: Mapping) -> str:
    """Inside { } a comma separates entries, so "0,5 mill." falls apart: say so."""
    first = node.items[0] if node.items else None
    same_line = first is not None and all(e.line == first.line for e in node.items)
    if same_line and name[:1].isdigit() or same_line and " " in name:
        return (
            "; inside { } a comma separates entries, so a decimal comma or a comma in a text "
            'splits the value: put it in quotes ("0,5 mill.") or write the entry in block form'
        )
    return ""


def _hint(name: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _place_transfers(ledger: Ledger) -> None:
    """Give each transfer a change on both posts, in date order among their changes.

    A transfer naming a post the ledger lacks places nothing; the
    ``transfers`` check reports it.
    """
    posts = {post.key: post for post in ledger.posts}
    for transfer in ledger.transfers:
        if transfer.source not in posts or transfer.target not in posts:
            continue
        given = transfer.amount._replace(kroner=-transfer.amount.kroner)
        for key, amount, other in ((transfer.source, given, transfer.target),
                                   (transfer.target, transfer.received, transfer.source)):
            change = Change(transfer.letter, transfer.location, amount=amount, date=transfer.date, transfer=transfer,
                            note=transfer.note or f"overført {'til' if key == transfer.source else 'fra'} {other}")
            _insert_by_date(ledger, posts[key].changes, change)


def _insert_by_date(ledger: Ledger, changes: list[Change], change: Change) -> None:
    when = ledger.change_date(change)
    if when is not None:
        for index, other in enumerate(changes):
            other_date = ledger.change_date(other)
            if other_date is not None and other_date > when:
                changes.insert(index, change)
                return
    changes.append(change)


# How each plain key of each record is read, by its kind in ledger/keys.py; keys naming a letter are citations.
_LETTER_KEYS = frozenset(("letter", "released_by"))
_KIND_READERS = {K.TEXT: _Builder.text, K.AMOUNT: _Builder.money, K.DATE: _Builder.date, K.FLAG: _Builder.boolean}


@lru_cache(maxsize=None)
def _readers(record_name: str, done: tuple[str, ...]) -> dict:
    """Key -> how to read it, for the plain keys of the record but those in ``done``."""
    record = next(r for r in RECORDS if r.name == record_name)
    return {name: _Builder.letter_ref if name in _LETTER_KEYS else _KIND_READERS[key.kind]
            for name, key in record.keys.items() if key.kind in _KIND_READERS and name not in done}
