"""The ledger as data: letters, chapters' posts, their changes and earmarks.

Pure data with source locations; no I/O, no terminal. Amounts are exact
``Decimal`` kroner (see ``amounts``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from budsjett_cli.amounts import Unit
from budsjett_cli.ledger.annotations import Annotations
from budsjett_cli.problems import Location


class Money(NamedTuple):
    """An amount as written in the ledger: its exact value and where it stands.

    ``unit`` is the unit written with the number (None: the ledger's unit).
    ``half_unit`` is the rounding of a figure printed with decimals. The
    position is kept as plain fields (a ledger holds hundreds of thousands
    of amounts); ``location`` builds the Location when one is needed.
    """

    kroner: Decimal
    text: str
    path: str
    line: int
    col: int
    unit: Unit | None = None
    half_unit: Decimal = Decimal(0)

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.col)


REVIEW_STATUSES = ("open", "resolved", "dismissed")


@dataclass(slots=True)
class ReviewItem:
    """Something ``import`` read in a letter but did not merge (docs/import.md lists the kinds).

    Open until its ``status`` says ``resolved`` (done something about it)
    or ``dismissed`` (nothing to do); ``check`` lists the open ones.
    """

    kind: str
    location: Location
    post: str | None = None
    source: str | None = None
    note: str | None = None
    status: str = "open"

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(slots=True)
class Letter:
    """A letter from the ministry: the allocation letter or a supplement to it."""

    id: str
    location: Location
    title: str | None = None
    date: dt.date | None = None
    ref: str | None = None
    note: str | None = None
    # -- a letter that prints no date --
    # The day the letter was received, recorded when it prints no date of its own: it dates the letter's
    # changes as ``date`` would (a printed date wins).
    received: dt.date | None = None
    # What ``import --into`` read in the letter but did not merge, kept until the advisor resolves it.
    review: list[ReviewItem] = field(default_factory=list)

    @property
    def effective_date(self) -> dt.date | None:
        """The date the letter's changes take effect: its own, else the day it was received."""
        return self.date if self.date is not None else self.received


@dataclass(slots=True)
class Earmark:
    """An itemised use of an allocation or a change ("- 3 mill. kroner til ...").

    ``upto`` marks "inntil" (an upper bound), ``minimum`` marks "minst".
    ``of_which`` items ("av dette") are part of this one, not added again.
    """

    purpose: str
    location: Location
    amount: Money | None = None
    upto: bool = False
    minimum: bool = False
    of_which: list[Earmark] = field(default_factory=list)
    link: str | None = None   # names the same money given elsewhere (an income target, another post)
    note: str | None = None


@dataclass(slots=True)
class AppropriationChange:
    """How much the appropriation changed with a change (RNB, nysaldering, a proposition).

    ``implied``: the letter ties the change to a decision on the
    appropriation (a price adjustment "på posten", "jf. RNB 2023") but does
    not print the new Bevilgning, so the appropriation changed by at least
    ``amount`` in the same direction. ``source`` cites the decision
    ("Prop. 118 S (2022-2023)"), ``quote`` the letter's sentence.
    """

    amount: Money
    location: Location
    implied: bool = False
    source: str | None = None
    quote: str | None = None


@dataclass(slots=True)
class Transfer:
    """Money moved from one post to another by a letter ("omdisponering", "flyttes fra post 21 til post 70").

    One entry touches both posts: the giving post's history shows
    ``-amount``, the receiving post's ``+amount_to`` (the receiving side as
    printed, when the letter prints it apart; else ``amount``).
    ``authority`` cites the decision that allows it where the posts' names
    do not ("kan nyttes under").
    """

    letter: str
    source: str          # the giving post, "714.21"
    target: str          # the receiving post, "714.70"
    amount: Money
    location: Location
    amount_to: Money | None = None
    date: dt.date | None = None
    authority: str | None = None
    note: str | None = None

    @property
    def received(self) -> Money:
        return self.amount_to or self.amount


@dataclass(slots=True)
class Withheld:
    """Part of an allocation held back ("holdes tilbake"), pending until a letter releases or moves it."""

    letter: str
    amount: Money
    location: Location
    released_by: str | None = None
    note: str | None = None

    @property
    def pending(self) -> bool:
        return self.released_by is None


@dataclass(slots=True)
class Change:
    """One supplementary change to a post's allocation, as a letter gives it.

    A change states its signed ``amount``, or only the new ``total`` (a
    correction), or both; ``previous`` and ``total`` are the printed
    "Tidligere tildeling" and "Sum tildelt" when the letter prints them.
    ``appropriation`` records a new appropriation from this point (RNB), as
    printed; ``appropriation_change`` how much it changed, printed or implied.
    A change may carry only those (a letter that informs of an appropriation
    change and leaves the allocation as it was).
    """

    letter: str
    location: Location
    amount: Money | None = None
    previous: Money | None = None
    total: Money | None = None
    date: dt.date | None = None
    appropriation: Money | None = None
    appropriation_change: AppropriationChange | None = None
    earmarks: list[Earmark] = field(default_factory=list)
    earmarks_partial: bool = False
    note: str | None = None
    counterpart: str | None = None     # the agency the amount was moved from or to (several agencies, one post)
    transfer: Transfer | None = None   # set on the two changes a transfer between posts makes

    @property
    def touches_allocation(self) -> bool:
        """Whether the change moves the allocation (it states an amount or a new total)."""
        return self.amount is not None or self.total is not None


@dataclass(slots=True)
class Post:
    """One chapter/post of the budget as the agency holds it."""

    chapter: str
    post: str
    location: Location
    name: str | None = None
    annotations: Annotations = field(default_factory=Annotations)
    appropriation: Money | None = None
    allocation: Money | None = None
    letter: str | None = None
    changes: list[Change] = field(default_factory=list)
    earmarks: list[Earmark] = field(default_factory=list)
    earmarks_partial: bool = False
    note: str | None = None
    withheld: list[Withheld] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The post as finance people write it: "765.21"."""
        return f"{self.chapter}.{self.post}"

    @property
    def is_income(self) -> bool:
        """Chapters 3000 and up are income (inntektskapitler)."""
        return int(self.chapter) >= 3000


@dataclass(slots=True)
class Chapter:
    number: str
    location: Location
    name: str | None = None


@dataclass(slots=True)
class Ledger:
    """One budget year of one agency, loaded from one file."""

    path: str
    year: int
    unit: Unit
    agency: str | None = None
    ministry: str | None = None
    letters: dict[str, Letter] = field(default_factory=dict)
    chapters: dict[str, Chapter] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    orgnr: str | None = None  # the agency's organisation number: Virksomhet_id in DFØ's accounts
    transfers: list[Transfer] = field(default_factory=list)
    # Letters that changes or posts cite but 'letters:' does not declare, with where each is cited
    # (the `letters` check reports them).
    undeclared_letters: dict[str, list[Location]] = field(default_factory=dict)

    def change_date(self, change: Change) -> dt.date | None:
        """When a change took effect: its own date, else its letter's."""
        if change.date is not None:
            return change.date
        letter = self.letters.get(change.letter)
        return letter.effective_date if letter else None
