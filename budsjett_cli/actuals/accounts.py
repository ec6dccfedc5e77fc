"""Accounts files to per-post monthly totals, in one streaming pass.

Two layouts are read:

- DFØ's statsregnskapet CSV (``statsregnskapet_aar_YYYY.csv`` and the
  monthly extracts): semicolon separated, every field quoted, ISO-8859-1,
  28 named columns, one row per month per booking line, ``Beløp`` in kroner
  with a decimal comma and three decimals, debit (expense) positive and
  credit (income) negative. ``Post_id`` is chapter (4 digits) + post (2).
- A simple export from an agency's own accounting system: one row per
  chapter, post and month, with columns ``kap;post;periode;beløp`` (or the
  names such exports use, as ``Kapittel_id``, ``Måned``; configurable, see
  ``SimpleColumns``) and, optionally, ``virksomhet``.

The reader never holds the file: rows are summed as they are read into
totals per agency, chapter/post and month, so memory is bounded by the
chart of accounts, not by the size of the file. Amounts are exact
``Decimal`` kroner (read with ``amounts.parse_amount``).

Encoding (``encoding="auto"``): a UTF-8 byte order mark means UTF-8; else
the first 64 KiB decide: valid UTF-8 with non-ASCII characters means UTF-8,
anything else ISO-8859-1 (DFØ's published encoding). Only names are
affected by the encoding; numbers and ids are ASCII either way.

Bad rows are collected as ``Problem``s (``file:line: message``), every
one of them; whether they make the file unusable is the caller's policy.
Problems with the file as a whole (missing, unreadable, unknown header)
raise ``InputError``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path

from budsjett_cli.amounts import AmountError, Unit, ascii_digits, parse_amount
from budsjett_cli.dates import LAST_PERIOD
from budsjett_cli.limits import read_stream_limited
from budsjett_cli.problems import InputError, Location, Problem

DFO_COLUMNS = (
    "År", "Periode", "Konto_no", "Konto", "Programområde_id", "Programområde",
    "Programkategori_id", "Programkategori", "Fagdepartement_id", "Fagdepartement",
    "Kapittel_id", "Kapittel", "Post_id", "Post", "Post_type", "Kontoklasse_id",
    "Kontoklasse", "Kontogruppe_id", "Kontogruppe", "Artskonto_id", "Artskonto",
    "Fagdepartement_Virksomhet_id", "Fagdepartement_Virksomhet", "Virksomhet_id",
    "Virksomhet", "Regnskapsfører_id", "Regnskapsfører", "Beløp",
)
# The columns the reconciliation reads; the others are carried but not needed.
_DFO_NEEDED = ("År", "Periode", "Kapittel_id", "Post_id", "Post", "Virksomhet_id", "Virksomhet", "Beløp")
_DFO_NAMES = ("Virksomhet_id", "Beløp")  # of the orgnr and amount columns, for messages

LAYOUT_DFO = "dfo"
LAYOUT_SIMPLE = "simple"
LAYOUTS = ("auto", LAYOUT_DFO, LAYOUT_SIMPLE)
ENCODINGS = ("auto", "latin-1", "utf-8")

_ZERO = Decimal(0)
_SAMPLE_BYTES = 64 * 1024
_PROGRESS_EVERY = 4096
_PERIOD_SIMPLE = re.compile(r"(\d{4})-?(\d{2})")


# Header names simple exports give each column, tried in this order while --column names none
# for it: ids before names, since a "Kapittel" or "Post" beside "Kapittel_id" or "Post_id" holds
# the chapter's or post's name (as in DFØ's files).
USUAL_NAMES = {
    "chapter": ("kap", "kap.", "kapittel_id", "kapittelnr", "kapittelnummer", "kapittel"),
    "post": ("post_id", "postnr", "postnummer", "post.", "post"),
    "period": ("periode", "periode_id", "regnskapsperiode", "måned", "maaned", "mnd"),
    "amount": ("beløp", "belop", "beløp (kr)", "beløp i kr", "beløp kr", "beløp nok", "kroner"),
    "agency": ("virksomhet_id", "virksomhet", "orgnr", "organisasjonsnummer"),
}


@dataclass(frozen=True, slots=True)
class SimpleColumns:
    """Header names of a simple export; matched without regard to case.

    A column left at its default name is also found under the names in
    ``USUAL_NAMES``. ``agency`` is optional: without it every row is the
    agency's own.
    """

    chapter: str = "kap"
    post: str = "post"
    period: str = "periode"
    amount: str = "beløp"
    agency: str = "virksomhet"

    KEYS = ("kap", "post", "periode", "beløp", "virksomhet")

    def with_names(self, names: dict[str, str]) -> SimpleColumns:
        """A copy with some names replaced: keys kap, post, periode, beløp (or belop), virksomhet."""
        fields = {"kap": "chapter", "post": "post", "periode": "period", "beløp": "amount",
                  "belop": "amount", "virksomhet": "agency"}
        values = {f: getattr(self, f) for f in ("chapter", "post", "period", "amount", "agency")}
        for key, name in names.items():
            target = fields.get(key.strip().lower())
            if target is None:
                raise ValueError(f"unknown column {key!r}; use one of: {', '.join(self.KEYS)}")
            values[target] = name.strip()
        return SimpleColumns(**values)

    def find(self, names: list[str]) -> dict[str, int | None]:
        """Each column's index in the header ``names`` (None where absent)."""
        lowered = [n.lower() for n in names]
        defaults = {f.name: f.default for f in fields(self)}
        found: dict[str, int | None] = {}
        for field_name, usual in USUAL_NAMES.items():
            name = getattr(self, field_name)
            candidates = usual if name == defaults[field_name] else (name.lower(),)
            found[field_name] = next((lowered.index(c) for c in candidates if c in lowered), None)
        return found


@dataclass(slots=True)
class PostActuals:
    """One agency's booked amounts on one chapter/post: net per month, debit positive."""

    chapter: str
    post: str
    name: str | None
    first_line: int
    months: dict[int, Decimal] = field(default_factory=dict)
    rows: int = 0

    @property
    def key(self) -> str:
        return f"{self.chapter}.{self.post}"

    def through(self, month: int) -> Decimal:
        """The net amount booked in months up to and including ``month``."""
        return sum((v for m, v in self.months.items() if m <= month), Decimal(0))


@dataclass(slots=True)
class AgencySeen:
    """An agency with rows in the file: its name, rows, and totals per chapter/post."""

    orgnr: str
    name: str | None
    rows: int = 0
    months: set[int] = field(default_factory=set)
    posts: dict[tuple[str, str], PostActuals] = field(default_factory=dict)


@dataclass(slots=True)
class Accounts:
    """What an accounts file holds for one budget year, summed; rows of other years are only counted.

    ``agencies`` is keyed by organisation number; rows of a simple export
    without an agency column are filed under the key ``""``.
    """

    path: str
    layout: str
    encoding: str
    year: int
    agencies: dict[str, AgencySeen] = field(default_factory=dict)
    months: set[int] = field(default_factory=set)
    rows: int = 0
    other_years: dict[int, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    has_agency_column: bool = True

    @property
    def last_month(self) -> int | None:
        return max(self.months) if self.months else None


Progress = Callable[[int], None]


def read_accounts(path: Path | str, year: int, *, display: str | None = None, layout: str = "auto",
                  encoding: str = "auto", columns: SimpleColumns | None = None,
                  progress: Progress | None = None) -> Accounts:
    """Read and sum an accounts file for budget ``year``; see the module docstring."""
    path = Path(path)
    shown = display or str(path)
    try:
        size = path.stat().st_size
        binary = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError.at(shown, f"cannot read the accounts file: {exc.strerror or exc}") from None
    if not binary.seekable() or not path.is_file():  # a pipe, /dev/stdin, <(...), a device: read it whole first,
        # up to the input limit
        with binary:
            binary = io.BytesIO(read_stream_limited(binary, shown, "an accounts file"))
        size = len(binary.getvalue())
    with binary:
        chosen = _choose_encoding(binary, encoding, shown)
        text = io.TextIOWrapper(binary, encoding=chosen, newline="")
        try:
            return _read(text, binary, shown, size, year, layout, chosen, columns or SimpleColumns(), progress)
        except UnicodeDecodeError as exc:
            raise InputError.at(
                shown, f"not valid {chosen.upper()} (byte {exc.object[exc.start:exc.start + 1]!r}); "
                "DFØ publishes ISO-8859-1: use --encoding latin-1") from None


def _choose_encoding(binary, wanted: str, shown: str) -> str:
    sample = binary.read(_SAMPLE_BYTES)
    binary.seek(0)
    if wanted == "utf-8":
        return "utf-8-sig"
    if wanted == "latin-1":
        return "latin-1"
    if wanted != "auto":
        raise InputError.at(shown, f"unknown encoding {wanted!r}; use auto, latin-1 or utf-8")
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.isascii():
        return "latin-1"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8-sig"


def _read(text, binary, shown: str, size: int, year: int, layout: str, encoding: str,
          columns: SimpleColumns, progress: Progress | None) -> Accounts:
    reader = csv.reader(text, delimiter=_delimiter(text), quotechar='"', strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError.at(shown, f"the header cannot be read: {exc}", 1) from None
    if header is None:
        raise InputError.at(shown, "the file is empty; expected a header line with the column names")
    names = [h.strip().lstrip("\ufeff") for h in header]
    chosen = _layout(names, layout, columns, shown, encoding)
    accounts = Accounts(path=shown, layout=chosen, encoding="utf-8" if encoding.startswith("utf-8") else encoding,
                        year=year)
    row_reader = _dfo_rows if chosen == LAYOUT_DFO else _simple_rows
    row_reader(reader, names, accounts, columns, binary, progress)
    if progress is not None:
        progress(size)
    return accounts


def _delimiter(text) -> str:
    """Semicolon (DFØ), else tab or comma, as the header line shows."""
    first = text.readline()
    text.seek(0)
    for candidate in (";", "\t", ","):
        if candidate in first:
            return candidate
    return ";"


def _layout(names: list[str], wanted: str, columns: SimpleColumns, shown: str, encoding: str) -> str:
    lowered = {n.lower() for n in names}
    dfo_missing = [c for c in _DFO_NEEDED if c.lower() not in lowered]
    found = columns.find(names)
    simple_missing = [getattr(columns, f) for f in ("chapter", "post", "period", "amount") if found[f] is None]
    if wanted == LAYOUT_DFO or (wanted == "auto" and not dfo_missing):
        if dfo_missing:
            raise InputError.at(shown, _header_problem("DFØ's statsregnskapet layout", dfo_missing, names, encoding), 1)
        return LAYOUT_DFO
    if wanted == LAYOUT_SIMPLE or (wanted == "auto" and not simple_missing):
        if simple_missing:
            raise InputError.at(shown, _header_problem("the simple layout", simple_missing, names, encoding), 1)
        return LAYOUT_SIMPLE
    if wanted not in LAYOUTS:
        raise InputError.at(shown, f"unknown layout {wanted!r}; use one of: {', '.join(LAYOUTS)}")
    found = ";".join(names[:8]) + (";..." if len(names) > 8 else "")
    raise InputError.at(
        shown, f"not an accounts file this tool knows: the header reads {found!r}; expected DFØ's "
        f"statsregnskapet columns ({';'.join(DFO_COLUMNS[:3])};...;Beløp) or a simple export with "
        f"{columns.chapter};{columns.post};{columns.period};{columns.amount} (rename with --column)"
        + _mojibake_hint(names, encoding), 1)


def _header_problem(what: str, missing: list[str], names: list[str], encoding: str) -> str:
    return (f"the header lacks {', '.join(repr(m) for m in missing)} for {what}; "
            f"it has {len(names)} columns" + _mojibake_hint(names, encoding))


def _mojibake_hint(names: list[str], encoding: str) -> str:
    joined = "".join(names)
    if encoding == "latin-1" and ("Ã" in joined or "Â" in joined):
        return " (the names look like UTF-8 read as Latin-1: try --encoding utf-8)"
    return ""


def _records(reader, accounts: Accounts, width: int, binary, progress: Progress | None):
    """The rows of the file with their line numbers, as far as CSV can tell them.

    Rows that cannot be read, or have another number of fields than the
    header, are problems; blank lines are skipped. Progress is reported
    every ``_PROGRESS_EVERY`` rows.
    """
    shown, problems = accounts.path, accounts.problems
    count = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(_row_problem(shown, reader.line_num, f"the row cannot be read as CSV: {exc}"))
            continue
        count += 1
        if progress is not None and count % _PROGRESS_EVERY == 0:
            progress(binary.tell())
        if len(row) != width:
            if row and row != [""]:  # not a blank line, such as a trailing one
                problems.append(_row_problem(shown, reader.line_num,
                                           f"expected {width} fields as in the header, found {len(row)}"))
            continue
        accounts.rows += 1
        yield reader.line_num, row


def _book(accounts: Accounts, line: int, year: int, month: int, chapter: str, post: str, post_name: str | None,
          orgnr: str, agency_name: str | None, amount_text: str, columns: tuple[str, str]) -> str | None:
    """Add a row to its agency's totals, or count it under its year; the problem with it, if any.

    The checks both layouts share (organisation number, amount), after each
    has checked its own period and chapter/post fields; ``columns`` are the
    layout's names of the orgnr and amount columns, for messages.
    """
    if orgnr and (len(orgnr) != 9 or not ascii_digits(orgnr)):
        return f"{columns[0]} {orgnr!r} is not an organisation number (nine digits)"
    try:
        amount = parse_amount(amount_text, Unit.KR).kroner
    except AmountError as exc:
        return f"{columns[1]}: {exc}"
    if year != accounts.year:
        accounts.other_years[year] = accounts.other_years.get(year, 0) + 1
        return None
    agency = accounts.agencies.get(orgnr)
    if agency is None:
        agency = accounts.agencies[orgnr] = AgencySeen(orgnr, agency_name or None)
    actuals = agency.posts.get((chapter, post))
    if actuals is None:
        actuals = agency.posts[(chapter, post)] = PostActuals(chapter, post, post_name or None, line)
    actuals.months[month] = actuals.months.get(month, _ZERO) + amount
    actuals.rows += 1
    agency.rows += 1
    agency.months.add(month)
    accounts.months.add(month)
    return None


def _dfo_rows(reader, names: list[str], accounts: Accounts, columns: SimpleColumns, binary,
              progress: Progress | None) -> None:
    lowered = [n.lower() for n in names]
    at = {c: lowered.index(c.lower()) for c in _DFO_NEEDED}
    i_year, i_period, i_chapter, i_post_id = at["År"], at["Periode"], at["Kapittel_id"], at["Post_id"]
    i_post_name, i_orgnr, i_agency, i_amount = at["Post"], at["Virksomhet_id"], at["Virksomhet"], at["Beløp"]
    shown, problems = accounts.path, accounts.problems
    for line, row in _records(reader, accounts, len(names), binary, progress):
        row_year = row[i_year]
        period = row[i_period]
        post_id = row[i_post_id]
        chapter_id = row[i_chapter]
        if len(period) != 6 or not ascii_digits(period) or not ascii_digits(row_year) or period[:4] != row_year:
            problem = _period_problem(row_year, period)
        elif not 1 <= int(period[4:]) <= LAST_PERIOD:
            problem = f"Periode {period!r} has no month {period[4:]}"
        elif len(post_id) != 6 or not ascii_digits(post_id):
            problem = f"Post_id {post_id!r} is not six digits (chapter and post, as 132001)"
        elif not ascii_digits(chapter_id) or int(chapter_id) != int(post_id[:4]):
            problem = f"Post_id {post_id!r} is not a post of Kapittel_id {chapter_id!r}"
        else:
            problem = _book(accounts, line, int(row_year), int(period[4:]), str(int(post_id[:4])), post_id[4:],
                            row[i_post_name], row[i_orgnr], row[i_agency], row[i_amount], _DFO_NAMES)
        if problem:
            problems.append(_row_problem(shown, line, problem))


def _period_problem(row_year: str, period: str) -> str:
    if not (len(period) == 6 and ascii_digits(period)):
        return f"Periode {period!r} is not a month written YYYYMM, such as 202302"
    if not ascii_digits(row_year):
        return f"År {row_year!r} is not a year"
    return f"Periode {period!r} is not in År {row_year!r}"


def _simple_rows(reader, names: list[str], accounts: Accounts, columns: SimpleColumns, binary,
                 progress: Progress | None) -> None:
    found = columns.find(names)
    i_chapter, i_post, i_period, i_amount, i_agency = (
        found[f] for f in ("chapter", "post", "period", "amount", "agency"))
    accounts.has_agency_column = i_agency is not None
    header = {f: names[i] for f, i in found.items() if i is not None}
    column_names = (header.get("agency", columns.agency), header["amount"])
    shown, problems = accounts.path, accounts.problems
    for line, row in _records(reader, accounts, len(names), binary, progress):
        chapter, post = row[i_chapter].strip(), row[i_post].strip()
        if len(post) == 6 and ascii_digits(post) and ascii_digits(chapter) and int(post[:4]) == int(chapter):
            post = post[4:]  # chapter and post in one id, as DFØ's Post_id: 076521 is 765.21
        period = row[i_period].strip()
        match = _PERIOD_SIMPLE.fullmatch(period)
        if not (ascii_digits(chapter) and 0 < int(chapter) < 10000):
            problem = f"{header['chapter']} {chapter!r} is not a chapter (1-9999)"
        elif not (ascii_digits(post) and 0 < int(post) < 100):
            problem = f"{header['post']} {post!r} is not a post (01-99)"
        elif match is None or not 1 <= int(match[2]) <= LAST_PERIOD:
            problem = f"{header['period']} {period!r} is not a month written YYYYMM or YYYY-MM"
        else:
            orgnr = "".join(row[i_agency].split()) if i_agency is not None else ""
            problem = _book(accounts, line, int(match[1]), int(match[2]), str(int(chapter)), f"{int(post):02d}",
                            None, orgnr, None, row[i_amount], column_names)
        if problem:
            problems.append(_row_problem(shown, line, problem))


def _row_problem(shown: str, line: int, message: str) -> Problem:
    """A bad row, cited as ``file:line`` (column 0: the whole row)."""
    return Problem(Location(shown, line, 0), message)
