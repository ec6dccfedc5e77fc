"""Markdown pipe tables, as PDF-to-markdown converters print the letters' tables.

``| 765.21 | 229 104 | 12 100 | 241 204 |``: the cells are there, but a
converter may leave cells empty, shift them, split the post over two
cells ("| 765 | 21 |") or break a number with ``<br>``. The post is
found in whatever cell holds it, and the figures are read from the cells
that hold only figures, as one run (the columns' arithmetic decides how
to cut it), or by the column they stand in when some are missing.
"""

from __future__ import annotations

import re

from budsjett_cli.amounts import Unit
from budsjett_cli.letters.numbers import figure_from, tokens_of
from budsjett_cli.letters.text import Line
from budsjett_cli.letters.tables.table import (KEY_COLUMN, ROLE_ORDER, TableRow, Table, apply_reading, figure_roles, kind_of, read_figures, rescale,
                    role_names, roles_in, split_remarks, table_unit, year_in)

_RULE_CELL = re.compile(r":?-{2,}:?")    # a cell of the |---|---| line
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
_TWO_DIGITS = re.compile(r"\d{2}")
_A_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_KEY_DOTTED = re.compile(r"(?:Kap\.?\s*)?(\d{3,4})[.,](\d{2})(?:\s+(.*))?")   # "765.21 Name"
_KEY_SPACED = re.compile(r"(\d{3,4})\s+(\d{2})(?:\s+(\D.*))?")              # "765 21 Name"
_CHAPTER = re.compile(r"\d{3,4}")
_POST = re.compile(r"\d{2}")


def cells_of(text: str) -> list[str]:
    """The cells of a pipe row, each on one line and without bold marks."""
    body = text.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    cells = [_LINE_BREAK.sub(" ", c) for c in body.split("|")]
    return [re.sub(r"\s+", " ", c.replace("**", "")).strip() for c in cells]


def pipe_tables(lines: list[Line], start: int, end: int, skip: set[int], previous: list[Table]) -> list[Table]:
    """The tables in a run of pipe rows; a row of only header words starts a table."""
    out: list[Table] = []
    current: Table | None = None
    header_cells: list[str] = []
    for k in range(start, end):
        line = lines[k]
        if line.no in skip:
            continue
        cells = cells_of(line.text)
        if all(_RULE_CELL.fullmatch(c) or not c for c in cells):
            continue
        joined = " ".join(cells)
        if _is_header(cells, joined):
            if current is not None and not current.rows:
                # a header in two rows: join them cell by cell
                header_cells = [f"{a} {b}".strip() for a, b in zip(_pad(header_cells, len(cells)),
                                                                    _pad(cells, len(header_cells)))]
                current.roles = role_names(" ".join(header_cells))
                current.header = " | ".join(header_cells)
                current.year = year_in(current.header)
                current.last = line.no
                current.lines.add(line.no)
                continue
            header_cells = cells
            roles = role_names(joined)
            keyed = bool(KEY_COLUMN.search(joined)) or bool(re.search(r"\bKap\b", joined, re.I))
            current = Table(kind=kind_of(figure_roles(roles)), roles=roles, first=line.no, last=line.no,
                            header=" | ".join(cells), unit=Unit.THOUSAND, unit_stated=False, year=year_in(joined),
                            keyed=keyed, lines={line.no})
            unit, stated, unit_lines = table_unit(lines, k, k, skip, joined, previous + out)
            current.unit, current.unit_stated = unit, stated
            current.lines |= unit_lines
            out.append(current)
            continue
        if current is None:
            continue
        row = _pipe_row(cells, header_cells, current, line.no)
        current.lines.add(line.no)
        current.last = line.no
        if row is not None:
            current.rows.append(row)
    for table in out:
        if table.unit is not Unit.THOUSAND:
            rescale(table)
        split_remarks(table.rows)
    return out


def _is_header(cells: list[str], joined: str) -> bool:
    """Column names with figure roles, and no figures but years."""
    if not figure_roles(role_names(joined)):
        return False
    return not any(_TWO_DIGITS.search(c) and not _A_YEAR.search(c) for c in cells if c and not roles_in(c))


def _pad(cells: list[str], size: int) -> list[str]:
    return cells + [""] * (size - len(cells))


def _pipe_row(cells: list[str], header: list[str], table: Table, line_no: int) -> TableRow | None:
    """A row from its cells; a row with no post is kept only in a table without a post column."""
    previous_chapter = table.rows[-1].chapter if table.rows else None
    chapter, post, texts, figure_cells = _sort_cells(cells, previous_chapter)
    if post is None or chapter is None:
        if table.keyed or not figure_cells:
            return None
        row = TableRow(chapter=None, post=None, first=line_no, last=line_no)
    else:
        row = TableRow(chapter=str(int(chapter)), post=f"{int(post):02d}", first=line_no, last=line_no)
    if texts:
        name, *rest = texts
        row.name_parts = [name]
        row.comment_parts = rest
        if "/" in name and row.chapter is not None and re.search(r"\w/\s", name):
            row.slash_split = True
    if figure_cells:
        _read_row_figures(row, figure_cells, cells, header, table.figure_roles)
    return row


def _sort_cells(cells: list[str], previous_chapter: str | None):
    """The row's chapter and post (wherever they stand), its text cells, and its figure cells with their index."""
    chapter = post = None
    texts: list[str] = []
    figure_cells: list[tuple[int, str]] = []
    for index, cell in enumerate(cells):
        if not cell:
            continue
        if chapter is None and post is None:
            match = _KEY_DOTTED.fullmatch(cell) or _KEY_SPACED.fullmatch(cell)
            if match:
                chapter, post = match[1], match[2]
                if match[3]:
                    texts.append(match[3])
                continue
            if _CHAPTER.fullmatch(cell) and index + 1 < len(cells) and _POST.fullmatch(cells[index + 1] or ""):
                chapter = cell
                continue
        if chapter is not None and post is None and _POST.fullmatch(cell):
            post = cell
            continue
        if chapter is None and post is None and _POST.fullmatch(cell) and previous_chapter and not figure_cells:
            chapter, post = previous_chapter, cell
            continue
        if tokens_of(cell) is not None:
            figure_cells.append((index, cell))
        else:
            texts.append(cell)
    return chapter, post, texts, figure_cells


def _read_row_figures(row: TableRow, figure_cells: list[tuple[int, str]], cells: list[str], header: list[str],
                      roles: list[str]) -> None:
    chunks = [c for _, c in figure_cells]
    reading = read_figures(chunks, roles)
    if reading is not None:
        apply_reading(row, reading, roles)
        row.figure_text = chunks
    elif len(chunks) < len(roles) and len(cells) == len(header):
        # fewer figures than columns: place each by the column it stands in
        for index, cell in figure_cells:
            role_here = role_names(header[index]) if index < len(header) else []
            figure = figure_from(cell, Unit.THOUSAND)
            if role_here and figure is not None and role_here[0] in ROLE_ORDER:
                row.figures[role_here[0]] = figure
        row.figure_text = chunks
    else:
        row.problems.append(f"could not read the figures {' | '.join(chunks)!r} as {len(roles)} columns")
