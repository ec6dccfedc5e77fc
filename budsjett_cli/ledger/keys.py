"""The ledger's records and the keys each accepts: written once, read by the loader and the JSON Schema.

Each record (the ledger, a letter, a chapter, a post, a change, an earmark)
is a table of its keys, one entry per key: the kind of value it takes and
the description an editor shows (the prose of docs/ledger-format.md, short).
The loader takes its key sets and required keys from here; ledger/schema.py
builds ledger.schema.json from the same tables. A new key is one entry here,
its reading in loader.py, and `python -m budsjett_cli.ledger.schema >
budsjett_cli/ledger.schema.json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    """The kinds of value a key takes; ledger/schema.py says what each is in JSON Schema."""

    TEXT = "text"
    AMOUNT = "amount"
    DATE = "date"
    FLAG = "flag"
    YEAR = "year"
    ORGNR = "orgnr"
    UNIT = "unit"
    LETTERS = "letters"      # a mapping: letter id -> letter
    CHAPTERS = "chapters"    # a mapping: chapter number -> chapter
    POSTS = "posts"          # a mapping: post number -> post
    CHANGES = "changes"      # a list of changes
    EARMARKS = "earmarks"    # a list of earmarks
    POST_REF = "post-ref"    # a post named as chapter.post: 714.21
    CHOICE = "choice"        # one of the words in Key.choices
    RECORD = "record"        # one record, named by Key.record
    RECORDS = "records"      # a list of records, named by Key.record


@dataclass(frozen=True)
class Key:
    """One key of a record. A required key may not be left out nor be empty (null)."""

    kind: Kind
    description: str
    examples: tuple = ()
    required: bool = False
    record: str | None = None         # RECORD, RECORDS: the record's name
    choices: tuple[str, ...] = ()     # CHOICE: the words it may be


@dataclass(frozen=True)
class Record:
    """A mapping the ledger holds, and its keys in the order the docs give them.

    ``one_of``: at least one of these keys must have a value. ``not_both``:
    two flags that may not both be set. ``only_one``: two keys that may not
    both be given.
    """

    name: str
    description: str
    keys: dict[str, Key]
    one_of: tuple[str, ...] = ()
    not_both: tuple[str, ...] = ()
    only_one: tuple[str, ...] = ()    # keys that may not both have a value
    goes_with: tuple[str, tuple[str, ...]] | None = None  # a key that needs one of these keys beside it
    names: frozenset[str] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "names", frozenset(self.keys))

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name, key in self.keys.items() if key.required)


# The numbers the loader accepts as years, chapter and post numbers.
YEARS = range(1900, 2201)
CHAPTER_NUMBERS = range(1, 10000)
POST_NUMBERS = range(1, 100)
INCOME_CHAPTERS_FROM = 3000
# A flag's words, read in any case.
TRUE_WORDS = ("true", "yes")
FALSE_WORDS = ("false", "no")

K = Kind

LEDGER = Record("ledger", "One budget year of one agency as the ministry's letters give it.", {
    "year": Key(K.YEAR, f"The budget year (budsjettår) the ledger covers, {YEARS[0]} to {YEARS[-1]}.", (2023,), required=True),
    "agency": Key(K.TEXT, "The agency (virksomhet) the letters are addressed to.", ("Helsedirektoratet",)),
    "orgnr": Key(K.ORGNR, "The agency's organisation number (organisasjonsnummer) in Enhetsregisteret, which DFØ's accounts call Virksomhet_id: nine digits, spaces allowed (983 544 622). The loader also checks the modulus 11 check digit.", (983544622,)),
    "ministry": Key(K.TEXT, "The ministry (departement) that writes the letters.", ("Helse- og omsorgsdepartementet",)),
    "unit": Key(K.UNIT, "The unit (beløpsenhet) of bare amounts in this file. Tables headed «Alle tall i hele tusen» are in 1000 kr. An amount written with its own unit (8,5 mill., 500 000 kr) overrides it.", ("1000 kr", "kr", "mill. kr"), required=True),
    "letters": Key(K.LETTERS, "Every letter (brev) the ledger cites, by an id of your choice: the allocation letter (tildelingsbrev) and its supplements (tillegg til tildelingsbrev). Name them by the assignment ids they carry: TB2023, TTB2023-02..06. A letter's details may be left empty.", ({"TB2023": {"title": "Tildelingsbrev 2023"}},)),
    "transfers": Key(K.RECORDS, "Transfers between posts (omdisponering): money a letter moves from one post to another, one entry touching both.", record="transfer"),
    "chapters": Key(K.CHAPTERS, f"The budget chapters (kapitler), keyed by chapter number {CHAPTER_NUMBERS[0]} to {CHAPTER_NUMBERS[-1]} (kap. 765); 765 and 0765 are the same chapter. Chapters {INCOME_CHAPTERS_FROM} and up are income chapters (inntektskapitler).", required=True),
})

LETTER = Record("letter", "One letter (brev) from the ministry: the allocation letter (tildelingsbrev) or a supplement (tillegg til tildelingsbrev).", {
    "title": Key(K.TEXT, "The letter's title as printed.", ("Tildelingsbrev 2023 - Helsedirektoratet",)),
    "date": Key(K.DATE, "The letter's date (dato). Leave it out when the letter prints none.", ("2023-02-06",)),
    "ref": Key(K.TEXT, "The ministry's reference (Vår ref, saksnummer).", ("23/133-9",)),
    "note": Key(K.TEXT, "Free text (merknad)."),
    "received": Key(K.DATE, "The day the letter was received, recorded when it prints no date of its own: it dates the letter's changes as 'date' would. A printed date wins.", ("2023-09-22",)),
    "review": Key(K.RECORDS, "What 'budsjett import --into' read in the letter but did not merge; 'check' lists each open item (info) until its status is resolved or dismissed.", record="review"),
})

REVIEW_STATUS_WORDS = ("open", "resolved", "dismissed")

REVIEW = Record("review", "One item 'import' did not merge: its kind (docs/import.md), the post it seems to be about, the letter lines it came from, a note, and its status.", {
    "kind": Key(K.TEXT, "What needs review, as docs/import.md names it.", ("previous",), required=True),
    "post": Key(K.TEXT, "The post it seems to be about (kap.post).", ("714.22",)),
    "source": Key(K.TEXT, "The letter file and lines it came from."),
    "note": Key(K.TEXT, "What the reader was unsure of."),
    "status": Key(K.CHOICE, "open (listed by check), resolved or dismissed.", choices=REVIEW_STATUS_WORDS),
})

CHAPTER = Record("chapter", "One budget chapter (kapittel) and its posts.", {
    "name": Key(K.TEXT, "The chapter's name (kapittelnavn), when a letter prints it.", ("Folkehelse",)),
    "posts": Key(K.POSTS, f"The chapter's posts (poster), keyed by post number {POST_NUMBERS[0]:02d} to {POST_NUMBERS[-1]}; 1, 01 and \"01\" are the same post.", required=True),
})

POST = Record("post", "One post (post) of a chapter as the agency holds it.", {
    "name": Key(K.TEXT, "The post name (postnavn) as printed, wrapped lines joined. The rules in it are read: «kan overføres», «kan nyttes under post 21», «overslagsbevilgning».", ("Spesielle driftsutgifter, kan overføres, kan nyttes under post 72",)),
    "appropriation": Key(K.AMOUNT, "The appropriation (bevilgning) Stortinget voted for the post.", ("217 166",)),
    "allocation": Key(K.AMOUNT, "The allocation (tildeling): the part of the appropriation the allocation letter gives the agency; for an income post the income target (inntektskrav). Leave it out when the letter prints none.", ("187 166",)),
    "letter": Key(K.TEXT, "The id of the letter (brev) the allocation comes from, declared under letters.", ("TB2023",)),
    "changes": Key(K.CHANGES, "The supplementary changes (endringer i tildelingen) to the allocation, in the order the letters came."),
    "earmarks": Key(K.EARMARKS, "The itemised use of the allocation (øremerking): «- 3 mill. kroner til ...»."),
    "earmarks_partial": Key(K.FLAG, "true when the earmarks itemise only part of the allocation (delvis øremerket).", (True,)),
    "note": Key(K.TEXT, "Free text (merknad), e.g. the remark a table prints instead of an amount."),
    "withheld": Key(K.RECORDS, "Amounts of the allocation held back (holdes tilbake), each pending until a letter releases or moves it.", record="withheld"),
})

CHANGE = Record("change", "One change to a post's allocation (endring i tildelingen) from a supplementary letter. It needs an amount, or only a total when the letter gives just the new allocation (a correction).", {
    "letter": Key(K.TEXT, "The id of the letter (brev) the change comes from, declared under letters.", ("TTB2023-02..06",), required=True),
    "amount": Key(K.AMOUNT, "The signed change (endring; «Ny tildeling»): −2 mill. for «reduseres med 2 mill. kroner».", ("8 500", "−2 mill.")),
    "previous": Key(K.AMOUNT, "The previous allocation as printed («Tidligere tildeling», «Tidligere bevilgning»).", ("187 166",)),
    "total": Key(K.AMOUNT, "The new allocation as printed («Sum tildelt»).", ("195 666",)),
    "date": Key(K.DATE, "The change's own date (dato), when it differs from its letter's.", ("2023-06-30",)),
    "appropriation": Key(K.AMOUNT, "A new appropriation (bevilgning) from this change on, as printed, e.g. after the revised budget (RNB). Give this or appropriation_change, not both."),
    "appropriation_change": Key(K.RECORD, "How much the appropriation (bevilgning) changed with this change (RNB, nysaldering, a proposition), printed or implied.", record="appropriation_change"),
    "earmarks": Key(K.EARMARKS, "The itemised use of this change (øremerking)."),
    "earmarks_partial": Key(K.FLAG, "true when the earmarks itemise only part of the change (delvis øremerket)."),
    "note": Key(K.TEXT, "Free text (merknad): the purpose, as the letter says it."),
    "counterpart": Key(K.TEXT, "The agency the amount was moved from or to, when a letter moves money between agencies on one post.", ("Norsk helsenett SF",)),
}, one_of=("amount", "total", "appropriation", "appropriation_change"), only_one=("appropriation", "appropriation_change"),
   goes_with=("previous", ("amount", "total")))

APPROPRIATION_CHANGE = Record("appropriation_change", "The change to the appropriation that came with an allocation change. implied: the letter ties the change to RNB or a proposition but prints no new Bevilgning, so the appropriation changed by at least the amount.", {
    "amount": Key(K.AMOUNT, "How much the appropriation changed (signed).", ("3,983 mill.", "−2 mill."), required=True),
    "implied": Key(K.FLAG, "true when the letters imply the change rather than print it (at least the amount).", (True,)),
    "source": Key(K.TEXT, "The decision the change rests on: «Prop. 118 S (2022-2023)», «RNB 2023».", ("Prop. 118 S (2022-2023)",)),
    "quote": Key(K.TEXT, "The letter's sentence, as printed."),
})

TRANSFER = Record("transfer", "Money moved from one post to another by a letter (omdisponering): one entry that changes both posts' running allocation.", {
    "letter": Key(K.TEXT, "The letter that moves the money, declared under letters.", ("TTB2025-07",), required=True),
    "from": Key(K.POST_REF, "The giving post, chapter.post.", ("714.21",), required=True),
    "to": Key(K.POST_REF, "The receiving post, chapter.post.", ("714.70",), required=True),
    "amount": Key(K.AMOUNT, "What leaves the giving post (positive).", ("1,8 mill.",), required=True),
    "amount_to": Key(K.AMOUNT, "What reaches the receiving post, when the letter prints it apart; it must equal amount."),
    "date": Key(K.DATE, "When the transfer takes effect, else the letter's date."),
    "authority": Key(K.TEXT, "The decision that allows a transfer the posts' names do not allow («kan nyttes under»)."),
    "note": Key(K.TEXT, "Free text (merknad)."),
})

WITHHELD = Record("withheld", "Part of the allocation held back (holdes tilbake), pending until a letter releases or moves it.", {
    "letter": Key(K.TEXT, "The letter that holds the amount back.", ("TB2025",), required=True),
    "amount": Key(K.AMOUNT, "How much is held back.", ("5 000",), required=True),
    "released_by": Key(K.TEXT, "The letter that released or moved it; absent while pending."),
    "note": Key(K.TEXT, "What the letter says about it: «med sikte på å flytte denne til post 74»."),
})

MAX_EARMARK_DEPTH = 8

EARMARK = Record("earmark", "One itemised use (øremerking) of an allocation or a change: «- 3 mill. kroner til ...». It cannot be both upto (inntil) and minimum (minst).", {
    "purpose": Key(K.TEXT, "What the money is for (formål), as printed.", ("Pilotering av Nettlegen",), required=True),
    "amount": Key(K.AMOUNT, "The amount (beløp); leave it out when the letter gives none.", ("3 mill.",)),
    "upto": Key(K.FLAG, "true for «inntil»: an upper bound.", (True,)),
    "minimum": Key(K.FLAG, "true for «minst»: a lower bound.", (True,)),
    "of_which": Key(K.EARMARKS, f"Sub-items («av dette», «hvorav»): part of this item, never added again. At most {MAX_EARMARK_DEPTH} levels deep."),
    "note": Key(K.TEXT, "Free text (merknad)."),
    "link": Key(K.TEXT, "Names the same money given elsewhere (an income target, another post); linked earmarks must give the same figure.", ("tobakksbevilling",)),
}, not_both=("upto", "minimum"))

RECORDS = (LEDGER, LETTER, REVIEW, CHAPTER, POST, CHANGE, APPROPRIATION_CHANGE, EARMARK, TRANSFER, WITHHELD)
