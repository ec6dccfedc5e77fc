"""The budget tables of the letters, read from their PDF-extracted text for the tests.

An independent reader: it knows the tables' headers and how the extraction
lays out their rows, and nothing of any ledger or of the chapters it expects
to find. tests/test_letters_vs_ledgers.py holds the hand-made ledgers to what
it reads. (The production letter reader, budsjett_cli.letters, is a separate
piece of work and deliberately not used here.)

What the extraction does to a table, and how it is read back:

* Cells are split over lines. A row starts with "740 01 Driftsutgifter ..." (a
  chapter and a post) or " 21 Spesielle driftsutgifter, kan" (a post of the same
  chapter); the name's wrapped lines follow, then the figures, on the row's
  first line or on a line of their own ("35 149 35 149").
* The columns' boundaries are lost: "217 166 187 166" must be split into
  figures. Norwegian digit groups (first group of one to three digits, then
  groups of three; a decimal comma ends a number) leave few readings; where
  several remain, an allocation table takes the one whose two figures are
  closest in size, and a change table the one that adds up (previous + change
  = total). A row with no single reading is an error, never a guess.
* A row without figures may print a remark across the figure columns
  ("Netto mellomregning føres ved årets slutt i kapitalregnskapet"); it starts
  at the first capitalised word after the name. Empty figure cells show as a
  line of blanks.
* Page furniture ("Side 15") is skipped. A table ends at a heading ("Kap. 717,
  post 70", "2.4.3 Spesielle oppdrag") or at text after a complete row.
* The unit is the caption above the table ("Alle tall i hele tusen",
  "(1000 kroner)") or below it ("1000 kroner"), or written in the cells
  ("187 166 000 kroner").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budsjett_cli.amounts import AmountError, Unit, parse_amount, parse_unit


class TableError(ValueError):
    """A table the reader cannot read with certainty; the message says where."""


@dataclass(frozen=True)
class Figure:
    text: str  # as printed: "187 166", "3 624,4", "8 500 000 kroner"
    kroner: Decimal


@dataclass(frozen=True)
class Kind:
    name: str
    header: re.Pattern
    columns: tuple[str, ...]  # the figure columns, in order
    key: str  # how rows name their post: "chapter post" (740 01) or "chapter.post" (765.21); see _Reader.keyed
    named: bool  # rows print a name before the figures
    comment: bool  # a text column follows the figures


ALLOCATION = Kind(
    "allocation",
    re.compile(r"Kap\.\s+Post\s+Postnavn\s+Bevilgning\s+\d{4}\s+Tildeling\s+\d{4}"),
    ("appropriation", "allocation"),
    "chapter post",
    named=True,
    comment=False,
)
CHANGE = Kind(
    "change",
    re.compile(r"(?P<key>Kap\.\s*post\s+)?Tidligere\s+(?:tildeling|bevilgning)\s+Ny\s+tildeling\s+Sum\s+tildelt(?:\s+\d{4})?"),
    ("previous", "amount", "total"),
    "chapter.post",
    named=False,
    comment=False,
)
DESIGNATION = Kind(
    "designation",
    re.compile(r"Kap\./post\s+Benevnelse\s+Tildeling(?:\s+Kommentarer)?"),
    ("amount",),
    "chapter.post",
    named=True,
    comment=True,
)
KINDS = (ALLOCATION, CHANGE, DESIGNATION)

# Words in a line that only a table header uses; every such line must be a header the reader knows.
HEADER_WORDS = re.compile(r"\b(?:Postnavn|Benevnelse|Tidligere (?:tildeling|bevilgning)|Ny tildeling|Sum tildelt)\b")

_FURNITURE = re.compile(r"Side \d+")
_HEADING = re.compile(r"Kap\.\s*\d|\d+(?:\.\d+)+\s+\S")
_SECTION = re.compile(r"(\d+(?:\.\d+)+)\s+\S.*")
_POST_HEADING = re.compile(r"Kap\.\s*(\d{1,4})(?:,\s*post\s*|\.)(\d{2})\b.*")
_CHAPTER_ROW = re.compile(r"(\d{1,4})\s+(\d{2})\s+(\D.*)")
_POST_ROW = re.compile(r"(\d{2})\s+(\D.*)")
_KEY_ROW = re.compile(r"(\d{1,4})\.(\d{2})(?:\s+(.*))?")
_CAPTION = re.compile(r"\(?(?:alle tall i\s+|i\s+)?(.+?)\)?", re.IGNORECASE)
_SENTENCE_START = re.compile(r"[A-ZÆØÅ][a-zæøå]")
_UNIT_TOKEN = re.compile(r"(?:kroner|kr\.?)", re.IGNORECASE)
_NUMBER_ALONE = re.compile(r"[-\u2212\u2013]?(?:0|[1-9]\d*)(?:,\d+)?")
_FIRST_GROUP = re.compile(r"[-\u2212\u2013]?[1-9]\d{0,2}")
_GROUP = re.compile(r"\d{3}")
_LAST_GROUP = re.compile(r"\d{3}(?:,\d+)?")
_NUMERIC_TOKEN = re.compile(r"[-\u2212\u2013]?\d+(?:,\d+)?")

MAX_ROW_LINES = 8  # a row longer than this means the reader has lost the table
HEADING_REACH = 40  # how far above a table without a key column its "Kap. 765, post 21" may be


@dataclass
class Row:
    line: int  # where the row starts in the letter, counting from 1
    chapter: str  # "765"
    post: str  # "21"
    name: str | None = None  # wrapped lines joined by single spaces
    remark: str | None = None  # text printed across the figure columns instead of figures
    comment: str | None = None
    figures: dict[str, Figure] = field(default_factory=dict)
    readings: int = 0  # how many ways the figures could be split (1: no choice was needed)

    @property
    def key(self) -> str:
        return f"{self.chapter}.{self.post}"


@dataclass
class Table:
    path: Path
    line: int  # the header's line, counting from 1
    kind: Kind
    header: str
    section: str | None  # the numbered section the table stands in ("2.1.2")
    unit: Unit | None  # the caption's unit; cells may carry their own
    rows: list[Row] = field(default_factory=list)


def read_tables(path: Path) -> list[Table]:
    """Every budget table in one letter, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tables = []
    for index, raw in enumerate(lines):
        text = raw.strip()
        for kind in KINDS:
            match = kind.header.fullmatch(text)
            if match:
                tables.append(_read_table(path, lines, index, kind, match))
                break
    return tables


def header_lines(path: Path) -> list[int]:
    """Lines (from 1) that carry table header words, whether the reader knows the header or not."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, raw in enumerate(lines, start=1) if HEADER_WORDS.search(raw)]


# -- one table ---------------------------------------------------------------------------


@dataclass
class _Open:
    """The row being read: its text before the figures, its figure readings, the text after them."""

    row: Row
    text: list[str] = field(default_factory=list)
    readings: list[tuple[str, ...]] | None = None
    figures_line: int = 0
    after: list[str] = field(default_factory=list)
    blank_cells: bool = False

    @property
    def done(self) -> bool:
        return self.readings is not None or self.blank_cells


class _Reader:
    def __init__(self, path: Path, lines: list[str], index: int, kind: Kind, match: re.Match):
        self.path = path
        self.lines = lines
        self.kind = kind
        # A change table printed without its "Kap. post" column is one row for the post named above it.
        self.keyed = "key" not in kind.header.groupindex or match["key"] is not None
        self.table = Table(path, index + 1, kind, lines[index].strip(), _section(lines, index), None)
        self.open: _Open | None = None
        self.chapter: str | None = None
        self.pending: list[tuple[Row, list[tuple[str, ...]], int]] = []

    def where(self, index: int) -> str:
        return f"{self.path.name}:{index + 1}"

    def read(self) -> Table:
        header = self.table.line - 1
        heading_key = None if self.keyed else _heading_key(self.lines, header, self.where)
        end = len(self.lines)
        for index in range(header + 1, len(self.lines)):
            raw = self.lines[index]
            text = raw.strip()
            if _FURNITURE.fullmatch(text):
                continue
            if not text:
                if len(raw) >= 2 and self.open is not None and not self.open.done:
                    self.open.blank_cells = True  # a line of blanks: the figure cells are empty
                continue
            if self.kind.comment and self.open is None and not self.table.rows and text == "Kommentarer":
                continue  # the header's last column, printed on a line of its own
            if self.start_row(index, text):
                continue
            if self.open is None:
                if self.keyed or self.table.rows:
                    end = index
                    break
                # A table without a key column: one row of figures for the post named above it.
                self.open = _Open(Row(index + 1, *heading_key))
            if not self.open.done and self.figures(index, text):
                continue
            if _HEADING.match(text) or self.open.done and not self.kind.comment:
                end = index
                break
            if self.open.done:
                self.open.after.append(text)  # the comment column, wrapped
            elif self.kind.named:
                self.open.text.append(text)
            else:
                raise TableError(f"{self.where(index)}: expected figures, found {text!r}")
            if len(self.open.text) + len(self.open.after) > MAX_ROW_LINES:
                raise TableError(f"{self.where(self.open.row.line - 1)}: the row does not end; is the table's end missed?")
        self.finish_row()
        if not self.table.rows:
            raise TableError(f"{self.where(header)}: a table without rows")
        self.table.unit = _unit(self.lines, header, end)
        for row, readings, index in self.pending:
            parsed = [tuple(self.figure(cell, index) for cell in cells) for cells in readings]
            row.readings = len(parsed)
            row.figures = dict(zip(self.kind.columns, self.choose(parsed, index)))
        return self.table

    def start_row(self, index: int, text: str) -> bool:
        if self.kind.key == "chapter post":
            match = _CHAPTER_ROW.fullmatch(text)
            if match:
                chapter, post, rest = match.groups()
            elif self.chapter and (match := _POST_ROW.fullmatch(text)):
                chapter, (post, rest) = self.chapter, match.groups()
            else:
                return False
        elif self.keyed and (match := _KEY_ROW.fullmatch(text)):
            chapter, post, rest = match.groups()
        else:
            return False
        self.finish_row()
        self.chapter = chapter
        self.open = _Open(Row(index + 1, str(int(chapter)), f"{int(post):02d}"))
        if not rest:
            return True
        if not self.kind.named:
            if not self.figures(index, rest, raw=rest):
                raise TableError(f"{self.where(index)}: no figures after the post in {text!r}")
            return True
        # The name, and perhaps the figures after it on the same line.
        tokens = list(re.finditer(r"\S+", rest))
        run = len(tokens)
        while run > 1 and _NUMERIC_TOKEN.fullmatch(tokens[run - 1][0]):
            run -= 1
        figures = rest[tokens[run].start():] if run < len(tokens) else ""
        if figures and self.figures(index, figures, raw=figures):
            self.open.text.append(rest[: tokens[run].start()])
        else:
            self.open.text.append(rest)
        return True

    def figures(self, index: int, text: str, raw: str | None = None) -> bool:
        """Read ``text`` as the figure cells (then, in a table with comments, the comment), if it is that."""
        columns = len(self.kind.columns)
        tokens = text.split()
        if self.kind.comment:
            run = 0
            while run < len(tokens) and (_NUMERIC_TOKEN.fullmatch(tokens[run]) or run and _UNIT_TOKEN.fullmatch(tokens[run])):
                run += 1
            for size in range(run, 0, -1):
                readings = _splits(tokens[:size], columns)
                if readings:
                    self.open.after.extend(tokens[size:] and [" ".join(tokens[size:])])
                    break
            else:
                return False
        else:
            readings = _column_gaps(raw if raw is not None else self.lines[index], columns) or _splits(tokens, columns)
            if not readings:
                return False
        self.open.readings, self.open.figures_line = readings, index
        return True

    def finish_row(self) -> None:
        if self.open is None:
            return
        row = self.open.row
        text = " ".join(" ".join(self.open.text).split()) or None
        if self.open.readings is not None:
            row.name = text
            self.pending.append((row, self.open.readings, self.open.figures_line))
        elif text:
            row.name, row.remark = _split_remark(text)
        if self.kind.comment:
            row.comment = " ".join(" ".join(self.open.after).split()) or None
        self.table.rows.append(row)
        self.open = None

    def figure(self, cell: str, index: int) -> Figure:
        try:
            amount = parse_amount(cell, self.table.unit or Unit.KR)
        except AmountError as exc:
            raise TableError(f"{self.where(index)}: {exc}") from None
        if not amount.unit_written and self.table.unit is None:
            raise TableError(f"{self.where(index)}: {cell!r} has no unit, and the table states none")
        return Figure(cell, amount.kroner)

    def choose(self, readings: list[tuple[Figure, ...]], index: int) -> tuple[Figure, ...]:
        """The one reading of a row's figures; where several are possible, the one the table's sense allows."""
        if len(readings) == 1:
            return readings[0]
        shown = " | ".join(" / ".join(f.text for f in r) for r in readings)
        if self.kind is CHANGE:
            adding_up = [r for r in readings if r[0].kroner + r[1].kroner == r[2].kroner]
            if len(adding_up) == 1:
                return adding_up[0]
            raise TableError(
                f"{self.where(index)}: {len(adding_up)} of the {len(readings)} readings of the figures "
                f"add up (previous + change = total): {shown}"
            )
        if self.kind is ALLOCATION:
            spread = [abs(_digits(r[0].text) - _digits(r[1].text)) for r in readings]
            closest = [r for r, s in zip(readings, spread) if s == min(spread)]
            if len(closest) == 1:
                return closest[0]
        raise TableError(f"{self.where(index)}: the figures can be read several ways: {shown}")


def _read_table(path: Path, lines: list[str], index: int, kind: Kind, match: re.Match) -> Table:
    return _Reader(path, lines, index, kind, match).read()


# -- figures ---------------------------------------------------------------------------------


def _splits(tokens: list[str], columns: int) -> list[tuple[str, ...]]:
    """Every way to read the tokens as ``columns`` Norwegian numbers, each maybe followed by its unit."""
    if any(_UNIT_TOKEN.fullmatch(t) for t in tokens):
        cells, cell = [], []
        for token in tokens:
            cell.append(token)
            if _UNIT_TOKEN.fullmatch(token):
                cells.append(cell)
                cell = []
        if cell or len(cells) != columns or not all(_is_number(c[:-1]) for c in cells):
            return []
        return [tuple(" ".join(c) for c in cells)]
    if not tokens or not all(_NUMERIC_TOKEN.fullmatch(t) for t in tokens):
        return []
    out = []

    def walk(start: int, taken: tuple[str, ...]):
        if len(taken) == columns:
            if start == len(tokens):
                out.append(taken)
            return
        for end in range(start + 1, len(tokens) + 1):
            if _is_number(tokens[start:end]):
                walk(end, taken + (" ".join(tokens[start:end]),))

    walk(0, ())
    return out


def _column_gaps(raw: str, columns: int) -> list[tuple[str, ...]]:
    """Figures the extraction kept apart with a wide gap ("21 986  21 986") need no guessing."""
    cells = [c for c in re.split(r"\s{2,}", raw.strip()) if c]
    if len(cells) == columns and all(_is_number(c.split()) for c in cells):
        return [tuple(cells)]
    return []


def _is_number(tokens: list[str]) -> bool:
    """One number in Norwegian digit groups: 418, 3635, 1 305 832, 3 624,4."""
    if len(tokens) == 1:
        return bool(_NUMBER_ALONE.fullmatch(tokens[0]))
    return (
        bool(tokens)
        and bool(_FIRST_GROUP.fullmatch(tokens[0]))
        and all(_GROUP.fullmatch(t) for t in tokens[1:-1])
        and bool(_LAST_GROUP.fullmatch(tokens[-1]))
    )


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text.partition(",")[0])


# -- around the table ------------------------------------------------------------------------


def _split_remark(text: str) -> tuple[str, str | None]:
    """A row without figures: its name, and the remark printed across the figure columns."""
    words = text.split(" ")
    for i in range(1, len(words)):
        if _SENTENCE_START.match(words[i]):
            return " ".join(words[:i]), " ".join(words[i:])
    return text, None


def _section(lines: list[str], index: int) -> str | None:
    for raw in reversed(lines[:index]):
        match = _SECTION.fullmatch(raw.strip())
        if match:
            return match[1]
    return None


def _heading_key(lines: list[str], index: int, where) -> tuple[str, str]:
    for back in range(index - 1, max(index - HEADING_REACH, -1), -1):
        match = _POST_HEADING.fullmatch(lines[back].strip())
        if match:
            return str(int(match[1])), f"{int(match[2]):02d}"
    raise TableError(f"{where(index)}: a table without a post column, and no 'Kap. ..., post ..' above it")


def _caption(text: str) -> Unit | None:
    match = _CAPTION.fullmatch(text.strip())
    if not match:
        return None
    inner = match[1].strip()
    if inner.lower() == "hele tusen":
        return Unit.THOUSAND
    try:
        return parse_unit(inner)
    except AmountError:
        return None


def _unit(lines: list[str], header: int, end: int) -> Unit | None:
    """The unit stated above the table (up to three lines) or, failing that, just below it."""
    for scan in (range(header - 1, -1, -1), range(end, len(lines))):
        seen = 0
        for index in scan:
            text = lines[index].strip()
            if not text or _FURNITURE.fullmatch(text):
                continue
            unit = _caption(text)
            if unit is not None:
                return unit
            seen += 1
            if seen == 3:
                break
    return None
