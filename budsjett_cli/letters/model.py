"""What the letter reader proposes: entries for the ledger, each with the lines it came from.

Pure data. Amounts are exact ``Decimal`` kroner with the unit they were
printed in (so that an entry can be written back the way the letter prints
it: "1,7 mill.", "462 000 kr", "12 100" in a table of 1000 kr).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from budsjett_cli.amounts import Figure, Unit  # Figure: an amount as printed, the one type for it

ALLOCATION = "allocation"   # tildelingsbrev: tables of appropriation and allocation per post
SUPPLEMENT = "supplement"   # tillegg til tildelingsbrev: changes to allocations


@dataclass(frozen=True, slots=True)
class Source:
    """The lines of the input an entry was read from (1-based, inclusive), and their text."""

    path: str
    first: int
    last: int
    text: tuple[str, ...] = ()

    def __str__(self) -> str:
        lines = f"{self.first}" if self.first == self.last else f"{self.first}-{self.last}"
        return f"{self.path}:{lines}"


@dataclass(slots=True)
class LetterEarmark:
    """An itemised use of money ("- 3 mill. kroner til ..."); ``of_which`` items are part of it."""

    purpose: str
    source: Source
    amount: Figure | None = None
    upto: bool = False
    minimum: bool = False
    note: str | None = None
    of_which: list[LetterEarmark] = field(default_factory=list)

    def total(self) -> Decimal:
        return self.amount.kroner if self.amount is not None else Decimal(0)


def walk_earmarks(earmarks: list[LetterEarmark]) -> Iterator[LetterEarmark]:
    """Every earmark and, after each, the parts it lists ("av dette"), depth first."""
    for earmark in earmarks:
        yield earmark
        yield from walk_earmarks(earmark.of_which)


@dataclass(slots=True)
class Review:
    """Something the reader found but is unsure of: shown to the advisor, never merged.

    ``kind`` is a stable machine name (docs/import.md lists them); ``post`` is
    the post the text seems to be about, when there is a guess.
    """

    kind: str
    message: str
    source: Source
    post: str | None = None
    amount: Figure | None = None


@dataclass(slots=True)
class LetterEntry:
    """What every proposed entry has: the post it is for, the lines it came from, its earmarks.

    The ledger's ``Post`` and ``Change`` hold the same facts once merged;
    an entry keeps the letter's source lines and printed figures instead,
    so that the advisor can check it against the letter.
    """

    chapter: str
    post: str
    source: Source
    chapter_name: str | None = None
    note: str | None = None
    earmarks: list[LetterEarmark] = field(default_factory=list)
    earmarks_partial: bool = False

    @property
    def key(self) -> str:
        return f"{self.chapter}.{self.post}"


@dataclass(slots=True)
class PostEntry(LetterEntry):
    """A post as an allocation table (or allocation prose) gives it; ``section`` is the heading it stands under."""

    name: str | None = None
    appropriation: Figure | None = None
    allocation: Figure | None = None
    section: str | None = None
    origin: str = "table"   # "table" or "prose"
    # Why ``allocation`` is the allocation when the table's header alone does not say so (a lead-in sentence).
    allocation_rule: str | None = None


@dataclass(slots=True)
class ChangeEntry(LetterEntry):
    """A change to a post's allocation as a supplementary letter gives it.

    ``origin`` tells where the figures came from: "table" (a change table),
    "prose" (a sentence), or "table+prose"; ``sources`` are the other lines
    that confirm it (the sentence beside a table row, the stated total).
    """

    amount: Figure | None = None
    previous: Figure | None = None
    total: Figure | None = None
    origin: str = "prose"
    sources: list[Source] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StatedTotal:
    """A table's "Sum" row: the total the letter states, the sum of the rows above it, and where it stands."""

    figure: Figure
    rows_sum: Figure
    source: Source
    chapter: str | None = None      # a chapter's subtotal ("Sum kap. 781"), or None for the table's total

    @property
    def agrees(self) -> bool:
        return self.figure.kroner == self.rows_sum.kroner


@dataclass(slots=True)
class LetterProposal:
    """One letter found in the input and what it proposes for the ledger."""

    id: str
    kind: str
    source: Source
    year: int | None = None
    title: str | None = None
    date: dt.date | None = None
    ref: str | None = None
    assignments: list[str] = field(default_factory=list)
    unit: Unit = Unit.THOUSAND
    posts: list[PostEntry] = field(default_factory=list)
    changes: list[ChangeEntry] = field(default_factory=list)
    review: list[Review] = field(default_factory=list)
    chapter_names: dict[str, str] = field(default_factory=dict)
    agency: str | None = None
    ministry: str | None = None
    # What the letter calls itself: tildelingsbrev, supplerende tildelingsbrev, tillegg til tildelingsbrev,
    # oppdragsbrev, oppdragsdokument, korrigering (None when it has no title saying so).
    form: str | None = None
    # The day the letter was received, when it prints no date (given with ``import --received``).
    received: dt.date | None = None
    # The totals the letter's tables state in their "Sum" rows (checked against the rows; see ``tables``).
    stated_totals: list[StatedTotal] = field(default_factory=list)

    @property
    def stated_total(self) -> Figure | None:
        """The letter's own total, when one table states it."""
        totals = [t for t in self.stated_totals if t.chapter is None]
        return totals[0].figure if len(totals) == 1 else None

    @property
    def entries(self) -> list[LetterEntry]:
        return [*self.posts, *self.changes]


@dataclass(slots=True)
class ReadResult:
    """Everything read from one input file, letter by letter."""

    path: str
    letters: list[LetterProposal]
    lines: int = 0
    format: str = "text"   # "text", "markdown" or "pdf"
