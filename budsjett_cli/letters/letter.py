"""What reading any one letter takes, whatever its kind.

A letter's entries come from two places, its tables and its sentences, and
every entry and every doubt must cite its lines. ``LetterReader`` holds
that shared part: the source of a line range, the review list, the
statements of the letter's sentences, the table rows with the post each
is for, and the itemised tables that break an earmark down. The kinds of
letter build on it: ``allocation.AllocationReader`` (posts) and
``supplement.SupplementReader`` (changes).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from budsjett_cli.amounts import Unit, format_amount
from budsjett_cli.letters.model import (ALLOCATION, Figure, LetterEarmark, LetterEntry, LetterProposal, Review, Source,
                                        StatedTotal, walk_earmarks)
from budsjett_cli.letters.blocks import Block, blocks_of, sentences_of
from budsjett_cli.letters.numbers import figure_from
from budsjett_cli.letters.prose import Statement, mentions_in, statements_in
from budsjett_cli.letters.tables import TableRow, Table
from budsjett_cli.letters.tables.table import SUMMED_ROLES, unit_in_words
from budsjett_cli.letters.text import Line

# A source quotes at most this many of its lines; a longer one ends with "…".
MAX_SOURCE_LINES = 6
# How far above a table without a post column its post heading may stand.
MAX_LINES_TO_POST_HEADING = 80
# A row name that ends in figures: the row's figures were not read as its columns.
_FIGURES_AT_END = re.compile(r"(?:\s[−–-]?\d[\d.,]*){2,}\s*$")
_ROLE_WORDS = {"appropriation": "appropriation (bevilgning)", "allocation": "allocation (tildeling)"}
# A post heading above a change table that has no post column: "Kap. 714, post 21".
_POST_HEADING = re.compile(r"^\s*(?:[-–]\s*)?Kap(?:ittel)?\.?\s*(\d{3,4})\s*(?:[.,]\s*(?:post\s*)?|\s+post\s*)(\d{2})(?!\d)",
                           re.I)
_NUMBERED_SECTION = re.compile(r"^\s*(\d+(?:\.\d+)+)\s+([A-ZÆØÅ].{0,60})$")
_OF_WHICH = re.compile(r"^\s*(?:av\s+dette|av\s+disse|herav|hvorav)\b", re.I)
_AUTHORITY = re.compile(r"\bfullmakt\b", re.I)
# The words that say a table's figures are what is allocated: "vedtatt å tildele følgende", "tildeler ... følgende".
_LEAD_IN = re.compile(r"\btildel(?:e|er|es|t)\b.*\bfølgende\b|\bfølgende\s+tildeling", re.I)
LEAD_IN_LINES = 6       # the lead-in stands among the few lines above its table
# "Tildelingen reduseres tilsvarende": a change by as much as one stated elsewhere, printed without a figure.
_CORRESPONDINGLY = re.compile(r"\b(?:økes|reduseres|styrkes|nedjusteres|oppjusteres|trekkes\s+(?:inn|tilbake))\s+"
                              r"(?:\w+\s+){0,2}?tilsvarende\b", re.I)
# A list item naming a post and its signed change, nothing else: "- 714.21: +1 700", "kap. 714 post 21: −2 000".
_KEYED_ITEM = re.compile(r"^\s*[-–•*]?\s*(?:kap(?:ittel)?\.?\s*)?(?P<chapter>\d{3,4})(?:[.,]\s*|,?\s+post\s+)(?P<post>\d{2})"
                         r"\s*:\s*(?P<figure>[+−–÷-]?\s*\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?)\s*\.?$", re.I)
_INNTIL = re.compile(r"\binntil\b", re.I)
_MINST = re.compile(r"\bminst\b", re.I)


class LetterReader:
    """Turns one letter's tables and sentences into entries and review items.

    A subclass gives ``read_entries``: what the statements and table rows
    of its kind of letter propose.
    """

    def __init__(self, letter: LetterProposal, lines: list[Line], shown: str, tables: list[Table], skip: set[int]):
        self.letter = letter
        self.lines = lines
        self.by_no = {line.no: line for line in lines}
        self.shown = shown
        self.tables = tables
        self.skip = skip

    def source(self, first: int, last: int) -> Source:
        """Lines ``first``-``last`` of the input, quoting the first few that are not blank."""
        numbers = [n for n in range(first, last + 1) if n in self.by_no and not self.by_no[n].blank]
        text = tuple(self.by_no[n].stripped for n in numbers[:MAX_SOURCE_LINES])
        if len(numbers) > MAX_SOURCE_LINES:
            text = text + ("…",)
        return Source(self.shown, first, last, text)

    def sentence_source(self, statement: Statement) -> Source:
        return self.source(statement.sentence.first, statement.sentence.last)

    def review(self, kind: str, message: str, first: int, last: int, post: str | None = None,
               amount: Figure | None = None) -> None:
        self.letter.review.append(Review(kind, message, self.source(first, last), post, amount))

    def review_short(self, entry: LetterEntry, total: Decimal, whole: Decimal, what: str) -> None:
        """Earmarks that add up to less than what they itemise, and no word in the letter that they are partial."""
        unit = self.letter.unit
        first = min(e.source.first for e in entry.earmarks)
        last = max(e.source.last for e in entry.earmarks)
        self.review("earmarks-short", f"the earmarks add up to {format_amount(total, unit)} of {what} "
                    f"{format_amount(whole, unit)} ({unit.label}), {format_amount(whole - total, unit)} less, and the "
                    "letter does not say the list is partial: an earmark missed, or a letter that does not add up? "
                    "(if the list is not meant to be complete, mark it earmarks_partial: true)",
                    first, last, entry.key, getattr(entry, "amount", None) or getattr(entry, "allocation", None))

    def review_statement(self, kind: str, message: str, statement: Statement, post: str | None = None,
                         amount: Figure | None = None) -> None:
        """A review item citing the statement's sentence."""
        self.review(kind, message, statement.sentence.first, statement.sentence.last, post, amount)

    # -- the whole letter ---------------------------------------------------------------------

    def read(self) -> None:
        letter = self.letter
        blocks = blocks_of(self.lines, self.skip, letter.chapter_names)
        statements = []
        for statement in self._statements(blocks):
            if statement.kind == "transfer":
                post = statement.key or statement.guess
                self.review_statement("transfer", "money moved between posts: record it under 'transfers:' (letter, "
                                      "from, to, amount), or as a change on each post", statement, post,
                                      statement.figure)
            else:
                statements.append(statement)
        self.read_entries(statements)
        self._items_tables()
        self._stated_totals()
        unit = self._stated_unit()
        if unit is not None:
            letter.unit = unit
        for entry in letter.entries:
            entry.chapter_name = entry.chapter_name or letter.chapter_names.get(entry.chapter)

    def read_entries(self, statements: list[Statement]) -> None:
        raise NotImplementedError

    def _stated_totals(self) -> None:
        """Each table's "Sum" row (and "Sum kap. 781" rows), kept as stated and held against the rows they sum."""
        for table in self.tables:
            role = next((r for r in SUMMED_ROLES if r in table.figure_roles), None)
            if role is None:
                continue
            sums: list[tuple[str | None, Figure, int, int]] = []
            if table.stated_total is not None and table.total_lines is not None:
                sums.append((None, table.stated_total, *table.total_lines))
            sums.extend((chapter, figure, line, line) for chapter, figure, line in table.subtotals)
            for chapter, figure, first, last in sums:
                rows = [row for row in table.rows if role in row.figures and chapter in (None, row.chapter)]
                rows_sum = Figure(sum((row.figures[role].kroner for row in rows), Decimal(0)), figure.unit)
                stated = StatedTotal(figure, rows_sum, self.source(first, last), chapter)
                self.letter.stated_totals.append(stated)
                if not stated.agrees:
                    unit = figure.unit
                    what = f"chapter {chapter}'s Sum row" if chapter else "the table's Sum row"
                    self.review("sum-differs", f"{what} states {format_amount(figure.kroner, unit)}, its rows add up "
                                f"to {format_amount(rows_sum.kroner, unit)} ({unit.label}): a row missed, or a letter "
                                "that does not add up?", first, last, None, figure)

    def lead_in(self, table: Table) -> tuple[str, int] | None:
        """The words that lead in to a table ("vedtatt å tildele følgende"), and their line."""
        floor = max((t.last for t in self.tables if t.last < table.first), default=0)
        seen = 0
        for line in reversed(self.lines):
            if line.no >= table.first or line.no in self.skip or line.blank:
                continue
            if line.no <= floor or seen >= LEAD_IN_LINES:
                break
            seen += 1
            match = _LEAD_IN.search(line.stripped)
            if match:
                before = line.stripped[:match.start()].split()[-2:]   # "vedtatt å" before "tildele følgende"
                return " ".join([*before, match[0]]), line.no
        return None

    def _stated_unit(self) -> Unit | None:
        """The unit most of the letter's table rows are printed in, where the tables say so."""
        units: Counter[Unit] = Counter()
        for table in self.tables:
            if table.kind == "items":
                continue
            if table.unit_stated or any(f.unit is Unit.KR for row in table.rows for f in row.figures.values()):
                units[table.unit if table.unit_stated else Unit.KR] += len(table.rows)
        return units.most_common(1)[0][0] if units else None

    def _statements(self, blocks: list[Block]) -> list[Statement]:
        """The statements of every sentence; list items take "inntil"/"minst" from the sentence that opens the list."""
        out: list[Statement] = []
        list_upto = list_minimum = False
        list_unit: Unit | None = None
        for block in blocks:
            if block.kind == "para":
                list_upto = list_minimum = False
                list_unit = None
            sentences = sentences_of(block)
            for sentence in sentences:
                found = statements_in(sentence, self.letter.kind)
                if not found and self.letter.kind != ALLOCATION and _AUTHORITY.search(sentence.text):
                    self._review_bare_authority(sentence.text, sentence.first, sentence.last, block)
                if not found and _CORRESPONDINGLY.search(sentence.text):
                    key = block.context.post_key
                    post = _named_post(sentence.text) or (f"{key[0]}.{key[1]}" if key else None)
                    self.review("change-without-figure", "a change by as much as another ('tilsvarende'), with no "
                                "figure of its own: which amount, and which change does it follow? Not proposed",
                                sentence.first, sentence.last, post)
                if not found and block.kind == "item" and self.letter.kind != ALLOCATION:
                    found = self._keyed_item(sentence, unit_in_words(block.after_label or block.context.label or "")
                                             or list_unit)
                for statement in found:
                    if block.kind == "item" and statement.kind == "earmark":
                        statement.upto = statement.upto or list_upto
                        statement.minimum = statement.minimum or list_minimum
                out.extend(found)
            if block.kind == "para" and sentences and sentences[-1].text.rstrip().endswith(":"):
                last = sentences[-1].text
                list_upto = bool(_INNTIL.search(last))
                list_minimum = bool(_MINST.search(last))
                list_unit = unit_in_words(last)
        return out

    def _keyed_item(self, sentence, unit: Unit | None) -> list[Statement]:
        """A list item that names a post and gives its change with no unit: "- 714.21: +1 700" under
        "Endringer i tildelingen (i 1000 kroner):" (in 1000 kr, reviewed, when the list says no unit)."""
        match = _KEYED_ITEM.match(sentence.text)
        figure = figure_from(match["figure"], unit or Unit.THOUSAND) if match else None
        if figure is None:
            return []
        chapter, post = str(int(match["chapter"])), f"{int(match['post']):02d}"
        if unit is None:
            self.review("unit-assumed", "a change listed by post states no unit; read in 1000 kr", sentence.first,
                        sentence.last, f"{chapter}.{post}", figure)
        return [Statement(kind="change", figure=figure, sentence=sentence, chapter=chapter, post=post,
                          named_in_sentence=True)]

    def _review_bare_authority(self, text: str, first: int, last: int, block: Block) -> None:
        """An authority (fullmakt) with no figure changes no allocation, but the advisor may want it noted."""
        key = block.context.post_key
        post = _named_post(text) or (f"{key[0]}.{key[1]}" if key else None)
        if post:
            self.review("authority", "an authority (fullmakt) over the post, with no figure: record it as a note?",
                        first, last, post)

    # -- tables ---------------------------------------------------------------------------------

    def table_rows(self) -> Iterator[tuple[Table, TableRow, tuple[str, str]]]:
        """Every row of the letter's allocation and change tables with its post; what is doubtful is reviewed."""
        for table in self.tables:
            if table.kind == "items":
                continue
            if table.unit_conflict:
                self.review("unit-conflict", table.unit_conflict, table.first, table.first)
            if table.unreadable:
                self.review("columns-unaligned", table.unreadable, table.first, table.last)
            for row in table.rows:
                key = self._row_post(table, row)
                if key is None:
                    self.review("table-row-without-post", "a change table row with no post column and no "
                                "post heading above it", row.first, row.last)
                    continue
                label = f"{key[0]}.{key[1]}"
                for problem in row.problems:
                    self.review("table-figures", problem, row.first, row.last, label)
                if not row.figures and row.name and (left := _FIGURES_AT_END.search(row.name)):
                    self.review("table-figures", f"figures left in the name ({left[0].strip()}"
                                f"): the header names {len(table.figure_roles)} figure columns the reader knows, the "
                                "row prints more, or prints them in a way it does not read", row.first, row.last, label)
                for role in ("appropriation", "allocation"):
                    figure = row.figures.get(role)
                    if figure is not None and figure.kroner < 0:
                        self.review("table-figures", f"the {_ROLE_WORDS[role]} is negative, {figure.text or figure.kroner}: "
                                    "check its sign against the letter", row.first, row.last, label)
                if not table.unit_stated and not any(f.unit is Unit.KR for f in row.figures.values()) and row.figures:
                    said = " (the unit the letter gives for all its amounts)" if table.unit is not Unit.THOUSAND else ""
                    self.review("unit-assumed", f"the table states no unit; its figures were read in "
                                f"{table.unit.label}{said}", table.first, table.last, label)
                yield table, row, key

    def _row_post(self, table: Table, row: TableRow) -> tuple[str, str] | None:
        """The row's post; for a change table without a post column, the post heading above the table."""
        if row.chapter and row.post:
            return row.chapter, row.post
        for line in reversed(self.lines):
            if line.no >= table.first or line.no in self.skip and line.no not in table.lines:
                continue
            if line.no < table.first - MAX_LINES_TO_POST_HEADING:
                break
            match = _POST_HEADING.match(line.text)
            if match:
                return str(int(match[1])), f"{int(match[2]):02d}"
        return None

    def section_of(self, line_no: int) -> str | None:
        """The numbered section a table or sentence stands in ("2.1.2 Tildelinger")."""
        found = None
        for line in self.lines:
            if line.no > line_no:
                break
            match = _NUMBERED_SECTION.match(line.text)
            if match:
                found = f"{match[1]} {match[2].strip()}"
        return found

    # -- itemised tables ----------------------------------------------------------------------------

    def _items_tables(self) -> None:
        """An "Aktivitet Beløp" table breaks down the earmark whose amount equals its total.

        A table that states no unit may be in kroner or in 1000 kr; the
        earmark it matches in one of them tells.
        """
        for table in self.tables:
            if table.kind != "items" or table.items_total is None:
                continue
            units = [table.unit] if table.unit_stated else [Unit.KR, Unit.THOUSAND]
            candidates = []
            for unit in units:
                total = table.items_total.read_in(unit).kroner
                for earmark in self._all_earmarks():
                    if earmark.amount is not None and earmark.amount.kroner == total and not earmark.of_which:
                        candidates.append((earmark, unit))
            if len(candidates) != 1:
                self.review("items-table", f"an itemised table totalling {table.items_total.text}: "
                            + ("no entry has that amount" if not candidates else "several entries have that amount"),
                            table.first, table.last)
                continue
            earmark, unit = candidates[0]
            for label, figure, first, last in table.items:
                amount = figure.read_in(unit) if figure is not None else None
                earmark.of_which.append(LetterEarmark(purpose=label, source=self.source(first, last), amount=amount))

    def _all_earmarks(self) -> Iterator[LetterEarmark]:
        for entry in self.letter.entries:
            yield from walk_earmarks(entry.earmarks)


# -- shared by the kinds of letter -----------------------------------------------------------------

def starts_of_which(text: str) -> bool:
    """A sentence that gives part of the amount before it: "Av dette ...", "Herav ..."."""
    return bool(_OF_WHICH.match(text))


def split_name(row: TableRow) -> tuple[str | None, str | None]:
    """ "Folkehelse/ Spesielle driftsutgifter" in a Kap./post table is chapter name / post name."""
    name = row.name
    if name and row.slash_split and "/" in name:
        head, _, tail = name.partition("/")
        if head.strip() and tail.strip() and (tail.startswith(" ") or any(p.rstrip().endswith("/") for p in row.name_parts)):
            return head.strip(), tail.strip()
    return None, name


def clip(text: str, size: int = 160) -> str:
    """Text on one line, cut to ``size`` characters: a sentence quoted in a note or a purpose."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def fallback_purpose(sentence: str) -> str:
    """A purpose when the words after the amount name none: the sentence, shortened."""
    return clip(re.sub(r"\s+", " ", sentence).strip().rstrip("."), 140)


def _named_post(text: str) -> str | None:
    for mention in mentions_in(text):
        if mention.post:
            return f"{mention.chapter}.{mention.post}"
    return None
