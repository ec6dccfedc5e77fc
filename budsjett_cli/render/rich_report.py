"""A report as a rich table for the terminal (format ``table``).

Numbers are right-aligned Norwegian figures ("187 166", "−2 000", minus
U+2212) and are never wrapped or cut. Columns are two spaces apart (a
single space would run "102 802" and "71 600" together). Statuses are
coloured (error red, warning yellow, info cyan, ok green); subtotal rows
are bold, totals bold under a rule. Colour only on a terminal (rich
decides, and honours NO_COLOR).

Two layouts, chosen by width:

- **wide**: one line per row; the sentence columns (post names, notes,
  purposes) take what is left and wrap at spaces;
- **stacked**, when the numbers would leave a name fewer than
  ``MIN_TEXT_WIDTH`` characters: each row takes two lines, first its
  leading text (Kap., Post, Postnavn) across the whole width, then its
  numbers under the headings. An 80-column terminal shows the summary so.
  When the numbers are wider than the terminal too, they go in bands: as
  many columns as fit on the first number line, the rest on the next
  (each band under its own headings), so that a row takes three lines or
  more. ``budsjett actuals --carry-over`` on 80 columns shows Kan overføres
  and the rule on a line of their own so.

Only if a single column is wider than the terminal is the table printed
wider than the terminal (the terminal wraps the lines) rather than cutting
a figure. Written to a file or a pipe, the table is COLUMNS wide when that
is set, else 80 (``render.width``, the one place that decides).
"""

from __future__ import annotations

import functools
import re
import textwrap
from itertools import chain, repeat
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from budsjett_cli.reports.model import Column, Kind, Report, Row, RowKind, Sheet
from budsjett_cli.render.width import output_width
from budsjett_cli.render.plain_table import NARROW
from budsjett_cli.render.values import HumanCells, heading, human_sheets, visible_columns

NEGATIVE_STYLE = "red"
STATUS_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan", "ok": "green"}
_RIGHT = (Kind.MONEY, Kind.PERCENT, Kind.INTEGER)
# A sentence column narrower than this wraps into slivers: below it the table is stacked.
MIN_TEXT_WIDTH = 24
GAP = 2
# A rule under the header and above totals (end_section), no other lines.
RULED = box.Box("    \n    \n ── \n    \n ── \n    \n    \n    \n")
# Keys of text columns that hold sentences and may wrap (names, titles, notes, purposes, messages).
LONG_TEXT_KEYS = frozenset({"name", "title", "note", "text", "purpose", "message"})


def write_rich(report: Report, stream: TextIO, width: int | None = None, color: bool | None = None) -> None:
    """Print the report's sheets; ``width`` overrides the terminal's (tests pass 80 and 200)."""
    sheets = human_sheets(report.sheets)
    console = Console(width=width, file=stream, force_terminal=color, no_color=color is False,
                      highlight=False, soft_wrap=False)
    if width is None and not console.is_terminal:
        # A file or a pipe: COLUMNS if set, else 80, as render.width decides for every command.
        console = Console(width=output_width(stream), file=stream, force_terminal=color,
                          no_color=color is False, highlight=False, soft_wrap=False)
    for index, sheet in enumerate(sheets):
        if index:
            console.print()
        _print_sheet(console, sheet, report)


def _print_sheet(console: Console, sheet: Sheet, report: Report) -> None:
    layout = _Layout(sheet, report)
    target = console
    if layout.wide_minimum() <= console.width:
        renderable = layout.wide_table()
    else:
        needed = layout.stacked_width(console.width)
        if needed > console.width:
            # Never cut a figure: print wider than the terminal instead.
            target = Console(width=needed, file=console.file, force_terminal=console.is_terminal,
                             no_color=console.no_color, highlight=False, soft_wrap=False)
        renderable = layout.stacked(target.width, styled=target.is_terminal)
    for line in wrap(heading(sheet, report.unit), target.width) or [""]:
        target.print(Text(line, style="bold"))
    if isinstance(renderable, list):
        if target.is_terminal:
            for line in renderable:
                target.print(line, overflow="fold")
        else:
            # No colour to write (a pipe or a file): the lines' text as it is, which is what rich would
            # print, without its per-line rendering (42 s -> a few for `changes` of 100 000 changes).
            if renderable:
                target.file.write("\n".join(renderable) + "\n")
    else:
        target.print(renderable)
    notes = list(sheet.notes)
    if note := layout.cells.rounding_note():
        notes.append(note)
    if notes:
        target.print()
    for note in notes:
        for line in wrap(note, target.width) or [""]:
            target.print(Text(line, style="dim"))


# The space between digit groups ("11 760 931"): a line is never broken there.
_GROUP_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_NO_BREAK = "\u00a0"


def fits(text: str, width: int) -> bool:
    """Whether ``wrap`` gives the text back as its one line: it fits, has words, and no whitespace but single-
    width spaces, none at the end (isprintable is false for every other whitespace character)."""
    return len(text) <= width and text.isprintable() and text[-1:] != " " and bool(text.strip(" "))


def wrap(text: str, width: int, **options) -> list[str]:
    """``textwrap.wrap``, but never inside a figure ("−2 000", "11 760 931"): no break between its digit groups."""
    if fits(text, width) and not options.get("initial_indent"):
        return [text]   # what textwrap gives a line that fits, found without it
    guarded = _GROUP_SPACE.sub(_NO_BREAK, text)
    lines = textwrap.wrap(guarded, width, **options)
    return [line.replace(_NO_BREAK, " ") for line in lines]


def is_sentence(column: Column) -> bool:
    return column.kind is Kind.TEXT and column.key in LONG_TEXT_KEYS


class _Layout:
    """The sheet's cells as text, measured once, and the two ways to lay them out."""

    def __init__(self, sheet: Sheet, report: Report):
        self.sheet = sheet
        self.cells = HumanCells(report.unit, sheet)
        self.columns = visible_columns(sheet)
        self.by_column = self.cells.column_texts(self.columns, sheet.rows)
        self.sentences = {i for i, c in enumerate(self.columns) if is_sentence(c)}
        # Each column's widest cell, measured once (a report may hold 100 000 rows).
        self.cell_widths = [_widest(texts) for texts in self.by_column]
        self.widths = [max(cell_len(c.header), widest) for c, widest in zip(self.columns, self.cell_widths)]

    @functools.cached_property
    def texts(self) -> list[list[str]]:
        """The cells row by row, for the layouts that style each cell."""
        return [list(cells) for cells in zip(*self.by_column)] if self.by_column else [[] for _ in self.sheet.rows]

    # -- wide: one line per row --------------------------------------------------

    def wide_minimum(self) -> int:
        widths = [min(w, MIN_TEXT_WIDTH) if i in self.sentences else w for i, w in enumerate(self.widths)]
        return sum(widths) + GAP * (len(self.columns) - 1)

    def wide_table(self) -> Table:
        table = Table(box=RULED, show_edge=False, pad_edge=False, padding=(0, GAP - 1, 0, 0),
                      header_style="bold")
        for index, column in enumerate(self.columns):
            right = column.kind in _RIGHT
            if index in self.sentences:
                table.add_column(column.header, justify="left", overflow="fold")
            else:
                table.add_column(Text(column.header, justify="right" if right else "left"),
                                 justify="right" if right else "left", no_wrap=True)
        for index, row in enumerate(self.sheet.rows):
            table.add_row(*[self._styled(column, text) for column, text in zip(self.columns, self.texts[index])],
                          style=_row_style(row), end_section=self._before_total(index))
        return table

    # -- stacked: leading text on a line of its own, numbers under the headings ----

    def _split(self) -> tuple[list[int], list[int]]:
        """Columns on the text line (leading text columns and sentences) and on the number line."""
        lead = []
        for index, column in enumerate(self.columns):
            if column.kind is not Kind.TEXT or column.key == "status":
                break
            lead.append(index)
        on_text = sorted(set(lead) | self.sentences)
        return on_text, [i for i in range(len(self.columns)) if i not in on_text]

    def _grid_widths(self, grid: list[int]) -> list[int]:
        widths = []
        for index in grid:
            column = self.columns[index]
            header = _header_lines(column)
            widths.append(max([cell_len(line) for line in header] + [self.cell_widths[index]]))
        return widths

    def _bands(self, width: int) -> list[list[tuple[int, int]]]:
        """The number columns in bands that fit ``width``, in order: (column index, width) pairs."""
        _, grid = self._split()
        bands: list[list[tuple[int, int]]] = []
        used = 0
        for index, column_width in zip(grid, self._grid_widths(grid)):
            if bands and used + GAP + column_width <= width:
                bands[-1].append((index, column_width))
                used += GAP + column_width
            else:
                bands.append([(index, column_width)])
                used = column_width
        return bands

    def stacked_width(self, width: int) -> int:
        """How wide the stacked layout is on a terminal of ``width``: wider only if one column is."""
        return max([_band_width(band) for band in self._bands(width)] + [0])

    def stacked(self, width: int, styled: bool = True) -> list[Text] | list[str]:
        """The lines of the stacked layout (printed as they are: no padding to the width).

        ``styled=False`` gives the same lines as plain text, for a pipe or a file: a report of
        100 000 rows is written in a fraction of the time its rich lines take to make.
        """
        on_text, _ = self._split()
        bands = self._bands(width)
        rule = [("─" * min(width, self.stacked_width(width)), None)]
        out: list = []

        def emit(parts: list[tuple[str, str | None]], style: str | None) -> None:
            if not styled:
                out.append("".join(text for text, _ in parts).rstrip())
                return
            line = Text(style=style or "")
            for text, part_style in parts:
                line.append(text, style=part_style)
            line.rstrip()
            out.append(line)

        emit([("  ".join(self.columns[i].header for i in on_text), None)], "bold")
        for band in bands:
            lines = [_header_lines(self.columns[index]) for index, _ in band]
            depth = max([len(h) for h in lines] + [1])
            for level in range(depth):
                parts = []
                for position, ((index, column_width), column_lines) in enumerate(zip(band, lines)):
                    cell = ([""] * (depth - len(column_lines)) + column_lines)[level]
                    if position:
                        parts.append((" " * GAP, None))
                    parts.append((_justify(self.columns[index], cell, column_width), None))
                emit(parts, "bold")
        emit(rule, None)
        if not styled:
            out.extend(self._plain_stacked_rows(on_text, bands, rule[0][0], width))
            return out
        columns = self.columns
        for row_index, row in enumerate(self.sheet.rows):
            texts = self.texts[row_index]
            style = _row_style(row)
            if row_index and self._before_total(row_index - 1):
                emit(rule, None)
            words = _lead_text([texts[i] for i in on_text], row.kind is not RowKind.ROW)
            for part in wrap(words, width, subsequent_indent=" " * 4, break_long_words=True,
                             break_on_hyphens=False):
                emit([(part, None)], style)
            numbers = []
            for band in bands:
                parts = []
                for position, (index, column_width) in enumerate(band):
                    column = columns[index]
                    if position:
                        parts.append((" " * GAP, None))
                    text = _justify(column, texts[index], column_width)
                    parts.append((text, self._cell_style(column, text) if styled else None))
                numbers.append(parts)
            while numbers and not "".join(text for text, _ in numbers[-1]).strip():
                numbers.pop()  # a blank band keeps its line only when a later band has figures
            for parts in numbers:
                emit(parts, style)
        return out

    def _plain_stacked_rows(self, on_text: list[int], bands: list[list[tuple[int, int]]], rule: str,
                            width: int) -> list[str]:
        """The rows' lines of the stacked layout as plain text, the same lines ``stacked`` styles, made a column
        at a time: a pipe gets the 100 000 rows of ``changes`` without a Python step per cell."""
        rows = self.sheet.rows
        band_lines = []
        for band in bands:
            justified = [list(map(str.rjust if self.columns[index].kind in _RIGHT else str.ljust,
                                  self.by_column[index], repeat(column_width))) for index, column_width in band]
            band_lines.append([line.rstrip() for line in map((" " * GAP).join, zip(*justified))])
        # The text line: the lead columns joined, on a plain row whose lead cells are all filled; the rest
        # (a sum row, a blank cell) as _lead_text makes it.
        lead_columns = [self.by_column[index] for index in on_text]
        leads = list(map("  ".join, zip(*lead_columns))) if lead_columns else [""] * len(rows)
        kinds = [row.kind for row in rows]
        special = {index for index, kind in enumerate(kinds) if kind is not RowKind.ROW}
        for column in lead_columns:
            special.update(index for index, text in enumerate(column) if not text.strip())
        for index in special:
            leads[index] = _lead_text([column[index] for column in lead_columns], kinds[index] is not RowKind.ROW)
        total = RowKind.TOTAL   # a rule above a total row that follows other rows (as _before_total says)
        rules = {index for index, (before, kind) in enumerate(zip(kinds, kinds[1:]), 1)
                 if kind is total and before is not total}
        # A plain row (no rule above it, a text line that fits, figures in its last band) is its text line and
        # its band lines as they are: such runs of rows are copied whole; the other rows are laid out one by one.
        count = len(rows)
        odd = set(rules)
        odd.update(index for index, words in enumerate(leads) if not fits(words, width))
        if band_lines:
            odd.update(index for index, line in enumerate(band_lines[-1]) if not line)
        out: list[str] = []
        start = 0
        for index in sorted(odd) + [count]:
            if start < index:
                out.extend(chain.from_iterable(zip(leads[start:index], *[lines[start:index] for lines in band_lines])))
            if index == count:
                break
            start = index + 1
            if index in rules:
                out.append(rule)
            out.extend(part.rstrip() for part in wrap(leads[index], width, subsequent_indent=" " * 4,
                                                      break_long_words=True, break_on_hyphens=False))
            numbers = [lines[index] for lines in band_lines]
            while numbers and not numbers[-1]:
                numbers.pop()  # a blank band keeps its line only when a later band has figures
            out.extend(numbers)
        return out

    # -- shared ----------------------------------------------------------------------

    def _styled(self, column: Column, text: str) -> Text:
        return Text(text, style=self._cell_style(column, text) or "")

    @staticmethod
    def _cell_style(column: Column, text: str) -> str | None:
        if column.key == "status":
            return STATUS_STYLES.get(text.strip(), "")
        if column.kind is Kind.MONEY and text.lstrip().startswith("\u2212"):
            return NEGATIVE_STYLE  # a negative amount (minus U+2212) in red
        return None

    def _before_total(self, index: int) -> bool:
        rows = self.sheet.rows
        return (0 <= index < len(rows) - 1 and rows[index + 1].kind is RowKind.TOTAL
                and rows[index].kind is not RowKind.TOTAL)


def _widest(texts: list[str]) -> int:
    """The width on screen of the widest text: its length when every character is one column wide."""
    joined = "".join(texts)
    if (joined.isascii() and joined.isprintable()) or NARROW.fullmatch(joined):   # the first test is the fast one
        return max(map(len, texts), default=0)
    return max(map(cell_len, texts), default=0)


def _band_width(band: list[tuple[int, int]]) -> int:
    return sum(width for _, width in band) + GAP * max(len(band) - 1, 0)


def _justify(column: Column, text: str, width: int) -> str:
    return text.rjust(width) if column.kind in _RIGHT else text.ljust(width)


def _row_style(row: Row) -> str | None:
    return "bold" if row.kind is not RowKind.ROW else None


def _header_lines(column: Column) -> list[str]:
    """Number headings over two lines when narrow ("Sum" / "tildelt"); text headings as they are."""
    if column.kind in _RIGHT and " " in column.header:
        first, _, rest = column.header.partition(" ")
        return [first, rest]
    return [column.header]


def _lead_text(values: list[str], is_sum: bool) -> str:
    """The text line of a stacked row; on a sum row, a value its label repeats ("Sum kap. 714") left out."""
    values = [v for v in values if v.strip()]
    if not values:
        return ""
    last = values[-1]
    kept = [v for v in values[:-1] if not is_sum or v.strip() not in last.split()]
    return "  ".join(kept + [last])
