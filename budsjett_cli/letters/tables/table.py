"""A table in a letter: its rows, the roles of its columns, its unit, and reading a row's figures.

Shared by the readers of each layout (``layout``, ``pipes``, ``items``):
what a column heading means, where a table states its unit, and how a
row's run of digit groups becomes figures (``numbers.readings``, with
the columns' arithmetic to choose among the ways to cut it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from budsjett_cli.amounts import Unit
from budsjett_cli.letters.model import Figure
from budsjett_cli.letters.numbers import Reading, prose_amounts, readings
from budsjett_cli.letters.text import Line, join_wrapped

# Column headings, most specific first; each maps to the role of its figures.
_COLUMNS = [
    (re.compile(r"Tidligere\s+(?:tildeling|bevilgning|tildelt)(?:\s+\d{4})?|Tildelt\s+tidligere"
                r"|Tildelt\s+i\s+(?:TB|tildelingsbrevet)(?:\s+\d{4})?|Opprinnelig\s+tildeling(?:\s+\d{4})?", re.I),
     "previous"),
    (re.compile(r"(?:Ny|Ekstra)\s+tildeling(?:\s+\d{4})?|Tilleggstildeling|Endring(?:er)?(?:\s+\d{4})?", re.I), "amount"),
    (re.compile(r"Sum\s+tildel(?:t|ing)(?:\s+\d{4})?|(?:Ny\s+)?samlet\s+tildeling(?:\s+\d{4})?|Ny\s+sum"
                r"|Revidert\s+tildeling(?:\s+\d{4})?|Tildeling\s+etter\s+(?:RNB|revidert\s+nasjonalbudsjett)", re.I),
     "total"),
    (re.compile(r"Ikke\s+tildelt(?:\s+\d{4})?", re.I), "unallocated"),
    # "Tildelt Helsedirektoratet", "Tildelt til Folkehelseinstituttet": what the named agency is allocated
    (re.compile(r"\b(?<![Ii]kke )(?i:tildelt)(?:\s+(?i:til))?\s+(?!(?i:tildelt)\b)[A-ZÆØÅ][\wæøåÆØÅ-]+"), "allocation"),
    (re.compile(r"Bevilgning(?:\s+\d{4})?|(?:Vedtatt|Saldert)\s+budsjett(?:\s+\d{4})?|\bBudsjett\s+\d{4}\b", re.I),
     "appropriation"),
    # "Tildeling 1. halvår", "2. kvartal": a part of the year's allocation, read but not the allocation
    (re.compile(r"(?:Tildel(?:ing|t)\s+)?\d\.\s*(?:halvår|kvartal|tertial)", re.I), "part"),
    (re.compile(r"Tildeling(?:\s+\d{4})?|\bTildelt(?:\s+\d{4})?\b", re.I), "allocation"),
    (re.compile(r"Kommentar(?:er)?|Merknad(?:er)?|Kommentarer", re.I), "comment"),
]
_AMOUNT_HEADING = re.compile(r"\bBeløp(?:\s+\d{4})?\b", re.I)
KEY_COLUMN = re.compile(r"\bKap(?:ittel)?\.?\s*(?:/\s*)?post\b|\bKap\.?\s+Post\b|\bKap\.\s*post\b", re.I)
# A line that starts something else: a post or chapter heading, an assignment, a numbered section.
HEADING_LIKE = re.compile(r"^\s*(?:[-–]\s*)?(?:Kap(?:ittel)?\.?\s*\d|Post\s+\d{2}\b|ID:|T?TB\s?\d{4}\s*[-–]|\d+(?:\.\d+)+\s+\S)",
                          re.I)

_UNIT_STATEMENT = re.compile(
    r"""^\(?\s*(?:alle\s+(?:tall|beløp)\s+(?:er\s+)?i\s+|beløp\s+i\s+|tall\s+i\s+|i\s+)?
    (?P<unit>hele\s+tusen(?:\s+kroner)?|1\s?000\s*kr(?:oner|\.)?|tusen\s+kr(?:oner)?|NOK\s*1\s?000|1\s?000\s*NOK|kroner|kr\.?|
       mill(?:\.|ioner)?\s*kr(?:oner)?|mill\.)\s*\)?\s*\.?$""",
    re.VERBOSE | re.I,
)
# A unit in the sentence leading in to a table: "Beløp i 1 000 kroner", "Tall i hele kroner", "(i mill. kroner)",
# "alle beløp er oppgitt i tusen kroner". Only with "beløp"/"tall" before it, or in brackets: "tildeles 5 mill.
# kroner i 2023" names no unit.
_LEAD_IN_UNIT = r"""(?P<unit>hele\s+tusen(?:\s+kroner)?|hele\s+kroner|1\s?000\s*kr(?:oner|\.)?|tusen\s+kr(?:oner)?|
    mill(?:\.|ioner)?\s*kr(?:oner)?|millioner|kroner|kr\.?)"""
_UNIT_IN_LEAD_IN = re.compile(
    r"""(?:\(\s*(?:(?:alle\s+)?(?:tall|beløp)(?:ene)?\s+(?:er\s+)?(?:oppgitt\s+|angitt\s+|gitt\s+)?)?(?:i\s+)?"""
    + _LEAD_IN_UNIT + r"""\s*\)|\b(?:beløp(?:ene)?|tall(?:ene)?)\s+(?:er\s+)?(?:oppgitt\s+|angitt\s+|gitt\s+)?i\s+"""
    + _LEAD_IN_UNIT.replace("?P<unit>", "?P<said>") + r")(?![\wæøå])",
    re.VERBOSE | re.I,
)
# A unit said once for the whole letter: "Alle beløp i dette brevet er oppgitt i mill. kroner."
_UNIT_OF_LETTER = re.compile(
    r"\b(?:alle\s+)?(?:beløp(?:ene)?|tall(?:ene)?)\s+i\s+(?:dette\s+)?brevet\s+(?:er\s+)?(?:oppgitt\s+|angitt\s+|gitt\s+)?"
    r"i\s+" + _LEAD_IN_UNIT + r"(?![\wæøå])", re.VERBOSE | re.I)
LEAD_IN_PARAGRAPH_LINES = 6
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\.?\s+[A-ZÆØÅ]\S*(?:\s+\S+){0,6}$")
_UNIT_IN_HEADER = re.compile(r"\((?:i\s+)?(?P<unit>1\s?000\s*kr(?:oner)?|tusen\s+kr(?:oner)?|kroner|kr|mill\.?\s*kr(?:oner)?)\)", re.I)
# A unit statement stands among the few lines above a table (not past a heading) or the two below it.
_UNIT_LINES_ABOVE = 6
_UNIT_LINES_BELOW = 2
_UNIT_LOOK_BELOW = 8
_WIDE_GAP = re.compile(r"\s{2,}")

# No post holds this much (10 000 mrd. kroner, five state budgets): a figure this large is columns run together.
IMPLAUSIBLE_KRONER = Decimal(10) ** 13
ROLE_ORDER = ("appropriation", "allocation", "previous", "amount", "total", "unallocated", "part")


@dataclass(slots=True)
class TableRow:
    """One table row: the post, its name, its figures by role, and the lines it spans."""

    chapter: str | None
    post: str | None
    first: int
    last: int
    name_parts: list[str] = field(default_factory=list)
    figure_text: list[str] = field(default_factory=list)
    comment_parts: list[str] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    consistent: bool | None = None
    alternatives: int = 1
    slash_split: bool = False
    problems: list[str] = field(default_factory=list)
    # Itemised uses printed in the row: an HTML list in a cell ("<ul><li>- 12 mill. kroner til ...</li></ul>")
    # or the line under a "hvorav"/"av dette" row; ``items_of_which`` when they are parts ("hvorav"), not the whole.
    list_items: list[str] = field(default_factory=list)
    items_of_which: bool = False

    @property
    def name(self) -> str | None:
        return join_wrapped(self.name_parts) or None

    @property
    def comment(self) -> str | None:
        return join_wrapped(self.comment_parts) or None


@dataclass(slots=True)
class Table:
    """A table found in a letter; ``kind`` is "allocation", "change" or "items".

    ``lines`` are all the input lines the table takes (its unit statement
    too), so that the sentence reader passes them over. An items table
    keeps its rows in ``items`` (label, amount, first line, last line).
    """

    kind: str
    roles: list[str]
    first: int
    last: int
    header: str
    unit: Unit
    unit_stated: bool
    year: int | None = None
    rows: list[TableRow] = field(default_factory=list)
    keyed: bool = True
    lines: set[int] = field(default_factory=set)
    items_total: Figure | None = None
    items: list[tuple[str, Figure | None, int, int]] = field(default_factory=list)
    header_cells: list[str] = field(default_factory=list)   # a pipe table's column names, one per cell
    # The "Sum" row: the total the letter states, and its lines (first, last).
    stated_total: Figure | None = None
    total_lines: tuple[int, int] | None = None
    # "Sum kap. 781" rows: (chapter, the total stated, its line), checked against that chapter's rows.
    subtotals: list[tuple[str, Figure, int]] = field(default_factory=list)
    # The header and the words around the table name different units: the header's was taken (reviewed).
    unit_conflict: str | None = None
    # A table the reader found but could not put together (its cells printed column after column and not
    # aligned unambiguously): why, for review; it has no rows.
    unreadable: str | None = None
    # The chapter of the rows read so far, or of a chapter's heading row ("| 0740 | | Helsedirektoratet | |").
    current_chapter: str | None = None

    @property
    def figure_roles(self) -> list[str]:
        return figure_roles(self.roles)


def figure_roles(roles: list[str]) -> list[str]:
    """The roles of the columns that hold figures, in column order."""
    return [r for r in roles if r in ROLE_ORDER]


def kind_of(roles: list[str]) -> str:
    """A table with an earlier allocation or a new total is a change table; else an allocation table."""
    return "change" if ("previous" in roles or "total" in roles) else "allocation"


def roles_in(text: str) -> list[tuple[int, str]]:
    """The column roles named in a header text, in the order they stand."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, role in _COLUMNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append((match.start(), match.end(), role))
    if not any(role in ROLE_ORDER for _, _, role in found) and KEY_COLUMN.search(text):
        # "Kap. Post Betegnelse Beløp": in a budget table (keyed by chapter and post), a lone "Beløp" column is the
        # amount given (an "Aktivitet Beløp" list is not keyed, and stays an itemised list)
        found += [(m.start(), m.end(), "amount") for m in _AMOUNT_HEADING.finditer(text)]
    found.sort()
    settled = settle_roles([(text[start:end], role) for start, end, role in found])
    return [(start, role) for (start, _, _), role in zip(found, settled)]


_CHANGE_HEADING = re.compile(r"Endring|Tilleggstildeling|Ekstra", re.I)
_NEW_LEVEL_HEADING = re.compile(r"Ny\s+tildeling", re.I)


def settle_roles(headings: list[tuple[str, str | None]]) -> list[str | None]:
    """The roles of a header's headings, read together: beside a column of changes ("Endring") and
    no sum column, "Ny tildeling" is the new level (a total), not the change it names on its own;
    beside parts of the year ("1. halvår"), their sum is the allocation."""
    roles = [role for _, role in headings]
    if "part" in roles and "allocation" not in roles:
        # "Tildeling 1. halvår | Tildeling 2. halvår | Sum tildeling 2025": the sum of the parts is the allocation
        return ["allocation" if r == "total" else r for r in roles]
    if "total" in roles or not any(r == "amount" and _CHANGE_HEADING.match(t) for t, r in headings):
        return roles
    return ["total" if r == "amount" and _NEW_LEVEL_HEADING.match(t) else r for t, r in headings]


def cell_roles(cells: list[str]) -> list[str | None]:
    """Each header cell's role (the first it names), read with the other cells."""
    return settle_roles([(cell, next(iter(role_names(cell)), None)) for cell in cells])


def column_heading(text: str) -> str | None:
    """The role of a cell that is one column's heading and nothing else ("Tildeling 2023", "Bevilgning (1000 kr)")."""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text).strip()
    return next((role for pattern, role in _COLUMNS if pattern.fullmatch(text)), None)


def role_names(text: str) -> list[str]:
    return [role for _, role in roles_in(text)]


def year_in(text: str) -> int | None:
    years = re.findall(r"\b(20\d{2}|19\d{2})\b", text)
    return int(years[-1]) if years else None


def content_lines(lines: list[Line], start: int, skip: set[int], stop: int | None = None) -> Iterator[tuple[int, Line, bool]]:
    """(index, line, blank line before it) for each line from ``start`` (to ``stop``) that is neither blank nor furniture.

    A blank line ends a wrapped cell; furniture in the middle of a table
    (a page footer) does not.
    """
    after_blank = False
    for k in range(start, len(lines) if stop is None else min(len(lines), stop)):
        line = lines[k]
        if line.no in skip:
            continue
        if not line.stripped:
            after_blank = True
            continue
        yield k, line, after_blank
        after_blank = False


# -- units --------------------------------------------------------------------------------------

def unit_of(text: str) -> Unit | None:
    """The unit a table statement names: "Alle tall i hele tusen" -> 1000 kr."""
    word = re.sub(r"\s+", " ", text.lower())
    if "tusen" in word or "1 000" in word or "1000" in word:
        return Unit.THOUSAND
    if "mill" in word:
        return Unit.MILLION
    if "kr" in word:
        return Unit.KR
    return None


def table_unit(lines: list[Line], start: int, end: int, skip: set[int], header: str,
               previous_tables: list[Table], header_unit: Unit | None = None) -> tuple[Unit, bool, set[int], str | None]:
    """The unit of a table, its statement's lines, and a conflict between the header and the words around it.

    The header's unit wins ("Bevilgning (i 1000 kroner)", or ``header_unit``
    from a unit row of its own); else a line that only states the unit,
    among the few lines above the table or the two below it ("Alle tall i
    hele tusen"); else a unit named in the paragraph immediately above the
    table (its lead-in: "Beløp i 1 000 kroner", "... (i mill. kroner):");
    else, not stated but taken, a unit the letter gives for all its amounts
    ("Alle beløp i dette brevet er oppgitt i mill. kroner"). Without any, a
    table is in 1000 kr (``stated`` False): the letters' tables print
    thousands unless they say otherwise. When the header and
    the words around it name different units, the header's is taken and
    the conflict is said (for review).
    """
    if header_unit is None:
        match = _UNIT_IN_HEADER.search(header)
        header_unit = unit_of(match["unit"]) if match else None
    near, near_lines, said = _unit_near(lines, start, end, skip, previous_tables)
    if header_unit is not None:
        conflict = None
        if near is not None and near is not header_unit:
            conflict = (f"the header gives the unit {header_unit.label}, the words above or below the table "
                        f"{near.label} (\"{said}\", line {min(near_lines)}): read in {header_unit.label}, "
                        "the header's")
        return header_unit, True, set(), conflict
    if near is not None:
        return near, True, near_lines, None
    for line in lines[:start]:
        letter_wide = _UNIT_OF_LETTER.search(line.stripped)
        if letter_wide:   # far from the table: taken, but as assumed (reviewed)
            return unit_of(letter_wide["unit"]) or Unit.THOUSAND, False, set(), None
    return Unit.THOUSAND, False, set(), None


def _unit_near(lines: list[Line], start: int, end: int, skip: set[int],
               previous_tables: list[Table]) -> tuple[Unit | None, set[int], str]:
    """A unit stated next to a table: a line of its own above or below it, or in the lead-in paragraph above."""
    floor = max((t.last for t in previous_tables), default=0)
    seen = 0
    for k in range(start - 1, -1, -1):
        line = lines[k]
        if line.no <= floor:
            break
        if line.blank or line.no in skip:
            continue
        seen += 1
        if seen > _UNIT_LINES_ABOVE:
            break
        if unit := unit_statement(line.stripped):
            return unit, {line.no}, line.stripped
        if HEADING_LIKE.match(line.stripped) and seen > 2:
            break
    seen = 0
    for k in range(end + 1, min(len(lines), end + _UNIT_LOOK_BELOW)):
        line = lines[k]
        if line.blank or line.no in skip:
            continue
        seen += 1
        if unit := unit_statement(line.stripped):
            return unit, {line.no}, line.stripped
        if seen >= _UNIT_LINES_BELOW:
            break
    paragraph = lead_in_paragraph(lines, start, skip, floor)
    text = " ".join(line.stripped for line in paragraph)
    match = _UNIT_IN_LEAD_IN.search(text)
    if match and (unit := unit_of(match["unit"] or match["said"])):  # as ``unit_in_words``, with where it stands
        at = match.start()
        for line in paragraph:       # the line the phrase starts on
            if at <= len(line.stripped):
                return unit, {line.no}, match[0].strip(" ()")
            at -= len(line.stripped) + 1
    return None, set(), ""


def lead_in_paragraph(lines: list[Line], start: int, skip: set[int], floor: int = 0) -> list[Line]:
    """The paragraph immediately above a table (its lead-in): the lines up to the first blank line above, at most
    ``LEAD_IN_PARAGRAPH_LINES`` of them, not past a heading or the table before; blank lines directly above the
    table and page furniture are passed over."""
    out: list[Line] = []
    for k in range(start - 1, -1, -1):
        line = lines[k]
        if line.no <= floor:
            break
        if line.no in skip:
            continue
        if line.blank:
            if out:
                break
            continue
        if HEADING_LIKE.match(line.stripped) or _NUMBERED_HEADING.match(line.stripped):
            break
        out.append(line)
        if len(out) >= LEAD_IN_PARAGRAPH_LINES:
            break
    return out[::-1]


def unit_in_words(text: str) -> Unit | None:
    """The unit words name for the figures after them: "Beløp i 1 000 kroner", "Endringer (i 1000 kroner):"."""
    match = _UNIT_IN_LEAD_IN.search(text)
    return unit_of(match["unit"] or match["said"]) if match else None


def unit_statement(text: str) -> Unit | None:
    """The unit a line that only states one names ("Alle tall i hele tusen", "(i 1000 kroner)"), or None."""
    statement = _UNIT_STATEMENT.match(text)
    return unit_of(statement["unit"]) if statement else None


def rescale(table: Table) -> None:
    """Bare figures were read in 1000 kr; the table states another unit."""
    for row in table.rows:
        rescale_row(row, table.unit)
    if table.stated_total is not None and table.stated_total.unit is Unit.THOUSAND:
        table.stated_total = table.stated_total.read_in(table.unit)
    table.subtotals = [(chapter, figure.read_in(table.unit) if figure.unit is Unit.THOUSAND else figure, line)
                       for chapter, figure, line in table.subtotals]


def rescale_row(row: TableRow, unit: Unit) -> None:
    if unit is Unit.THOUSAND:
        return
    for role, figure in list(row.figures.items()):
        if figure.unit is Unit.THOUSAND:
            row.figures[role] = figure.read_in(unit)


# "Sum", "Sum kap. 781", "Totalt", "I alt": a table's total row; "Sum kap. 781" is a chapter's subtotal.
# The column a table's "Sum" rows are held against, the first the table has.
SUMMED_ROLES = ("allocation", "total", "amount", "appropriation")
SUM_ROW = re.compile(r"^(?:Sum|Totalt?|I\s+alt|Til\s+sammen)\b", re.IGNORECASE)
SUM_CHAPTER = re.compile(r"^Sum\s+(?:for\s+)?kap(?:ittel)?\.?\s*(?P<chapter>\d{3,4})\b", re.IGNORECASE)
# "Spesielle driftsutgifter, hvorav" / "..., av dette": the row's next line itemises part of it.
OF_WHICH_END = re.compile(r",?\s*(?:hvorav|herav|av\s+dette)\s*:?$", re.IGNORECASE)


# -- a row's figures ------------------------------------------------------------------------------

def read_figures(chunks: list[str], roles: list[str]) -> Reading | None:
    """The figures of cells known to be apart, one per role, read so that the columns' arithmetic holds.

    A change table with two of its three figure columns known (the change
    and a new total, or an earlier allocation and the change) has nothing
    to check its rows against; where the digits also read as three figures
    that add up (72 100 + 1 700 = 73 800, or 3 400 000 − 50 000 =
    3 350 000 under "Reduksjon"), its header likely names a column in words
    this reader does not know, and the row is not read as two.
    """
    reading = readings(chunks, len(roles), Unit.THOUSAND, _distance(roles))
    if reading is not None and len(roles) == 2 and set(roles) <= {"previous", "amount", "total"}:
        wider = readings(chunks, 3, Unit.THOUSAND, _level_change_level)
        if wider is not None and wider.consistent:
            reading = replace(reading, wider=wider.figures)
    return reading


def _level_change_level(figures: tuple[Figure, ...]) -> Decimal:
    """How far three figures are from a level, a change (added, or printed unsigned and taken off) and a new level."""
    before, change, after = (f.kroner for f in figures)
    return min(abs(before + change - after), abs(before - change - after))


def read_row_text(texts: list[str], roles: list[str]) -> Reading | None:
    """The figures of row lines, with wide gaps taken as cell borders."""
    chunks: list[str] = []
    for text in texts:
        chunks.extend(c for c in _WIDE_GAP.split(text) if c.strip())
    return read_figures(chunks, roles)


def _distance(roles: list[str]) -> Callable[[tuple[Figure, ...]], Decimal] | None:
    """How far a row's figures are from the arithmetic of its columns (0 when it holds), or None."""
    if "previous" in roles and "amount" in roles and "total" in roles:
        p, a, t = roles.index("previous"), roles.index("amount"), roles.index("total")
        return lambda f: f[p].kroner + f[a].kroner - f[t].kroner
    if "appropriation" in roles and "allocation" in roles and "unallocated" in roles:
        b, al, u = roles.index("appropriation"), roles.index("allocation"), roles.index("unallocated")
        return lambda f: f[b].kroner - f[al].kroner - f[u].kroner
    return None


def apply_reading(row: TableRow, reading: Reading, roles: list[str]) -> None:
    """The reading's figures into the row by role; a doubtful reading leaves a problem for review."""
    if reading.wider is not None:
        texts = ", ".join(f.text or str(f.kroner) for f in reading.wider)
        row.problems.append(f"the header names {len(figure_roles(roles))} figure columns, but the figures read as "
                            f"{len(reading.wider)} that add up ({texts}): a column the header names in words this "
                            "reader does not know? Not read")
        return
    huge = [f for f in reading.figures if abs(f.kroner) >= IMPLAUSIBLE_KRONER]
    if huge:
        row.problems.append(f"{huge[0].text or huge[0].kroner} is more than a post can hold (the whole state budget is "
                            "some 2 000 mrd. kroner): columns run together, a column the header names in words this "
                            "reader does not know? Not read")
        return
    row.figures = dict(zip(roles, reading.figures))
    row.consistent = reading.consistent
    row.alternatives = reading.alternatives
    if reading.consistent is False:
        texts = ", ".join(f.text or str(f.kroner) for f in reading.figures)
        row.problems.append(f"the figures ({texts}) do not add up under any reading of the row")
    elif reading.alternatives > 1:
        how = "add up" if reading.consistent else "are possible"
        row.problems.append(f"{reading.alternatives} readings of the figures {how}; the most even split was taken")


def split_remarks(rows: list[TableRow]) -> None:
    """A remark printed on the name's line ("Helsetjenester i annet EØS-land Netto mellomregning ...").

    Remarks printed on lines of their own elsewhere in the same table tell
    what a remark reads like; a row whose name ends with one is split.
    """
    remarks = {row.comment for row in rows if row.comment and not row.figures}
    for row in rows:
        if row.comment or row.figures:
            continue
        name = row.name or ""
        for remark in sorted(remarks, key=len, reverse=True):
            if _split_at_remark(row, name, remark):
                break


def _split_at_remark(row: TableRow, name: str, remark: str) -> bool:
    at = name.find(remark)
    if at > 0:
        row.name_parts = [name[:at].strip()]
        row.comment_parts = [remark]
        return True
    # the remark may be cut: its start on the name's line
    words = remark.split()
    for size in range(len(words), 2, -1):
        start = " ".join(words[:size])
        at = name.find(" " + start)
        if at > 0 and name[at + 1:] in remark:
            row.name_parts = [name[:at].strip()]
            row.comment_parts = [remark]
            return True
    return False


def items_in(text: str) -> list[str]:
    """The uses a line lists, one per amount: "12,5 mill. kroner til ... 8,3 mill. kroner til ..." (a "hvorav" line)."""
    amounts = prose_amounts(text)
    if len(amounts) < 2:
        return [text.strip()]
    starts = [a.start for a in amounts]
    return [text[s:e].strip().rstrip(".;").strip() for s, e in zip(starts, starts[1:] + [len(text)])]
