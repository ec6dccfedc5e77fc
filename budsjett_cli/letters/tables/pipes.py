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
from budsjett_cli.letters.tables.table import (KEY_COLUMN, OF_WHICH_END, ROLE_ORDER, SUM_CHAPTER, SUM_ROW, Table, TableRow,
                                               apply_reading, cell_roles, figure_roles, items_in, kind_of, read_figures,
                                               rescale_row, role_names, roles_in, split_remarks, table_unit, unit_of,
                                               year_in)

_RULE_CELL = re.compile(r":?-{2,}:?")    # a cell of the |---|---| line
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
_TWO_DIGITS = re.compile(r"\d{2}")
_A_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_KEY_DOTTED = re.compile(r"(?:Kap\.?\s*)?(\d{3,4})[.,](\d{2})(?:\s+(.*))?")   # "765.21 Name"
_KEY_SPACED = re.compile(r"(\d{3,4})\s+(\d{2})(?:\s+(\D.*))?")              # "765 21 Name"
_CHAPTER = re.compile(r"\d{3,4}")
_POST = re.compile(r"\d{1,2}")   # "01", or "1" as some tables print it


_HYPHEN_BREAK = re.compile(r"(?<=[a-zæøåA-ZÆØÅ])-\s*<br\s*/?>\s*(?=[a-zæøå])", re.I)   # "Egen-<br>andeler"
_LIST_ITEM = re.compile(r"<li[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_ITEM_MARK = "\u00b6"      # where a cell's list item starts, until the row is read
_UNIT_CELL = re.compile(r"\(?\s*(?:i\s+|alle\s+tall\s+i\s+)?(?:1\s?000|tusen|hele\s+tusen|mill\.?)\s*(?:kr(?:oner)?\.?)?\s*\)?", re.I)


def cells_of(text: str) -> list[str]:
    """The cells of a pipe row, each on one line, without bold marks or HTML (a list item keeps a mark)."""
    body = text.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    cells = []
    for cell in body.split("|"):
        cell = _HYPHEN_BREAK.sub("", cell)
        cell = _LIST_ITEM.sub(f" {_ITEM_MARK} ", cell)
        cell = _LINE_BREAK.sub(" ", cell)
        cell = _TAG.sub(" ", cell)
        cells.append(re.sub(r"\s+", " ", cell.replace("**", "")).strip())
    return cells


def _without_marks(cells: list[str]) -> list[str]:
    return [re.sub(r"\s+", " ", c.replace(_ITEM_MARK, " ")).strip() for c in cells]


def pipe_tables(lines: list[Line], start: int, end: int, skip: set[int], previous: list[Table]) -> list[Table]:
    """The tables in a run of pipe rows; a row of only header words starts a table.

    A run that starts without a header (a converter's table cut at a page
    break: an empty header row, then rows) goes on with the table before it
    when that has as many columns; its first row may hold only the end of
    the previous page's last name or remark. A row with only a unit
    ("(i 1000 kroner)") above the column names gives the table's unit.
    """
    out: list[Table] = []
    current: Table | None = None
    header_cells: list[str] = []
    row_unit: Unit | None = None
    row_unit_at = start
    for k in range(start, end):
        line = lines[k]
        if line.no in skip:
            continue
        marked = cells_of(line.text)
        cells = _without_marks(marked)
        if all(_RULE_CELL.fullmatch(c) or not c for c in cells):
            continue
        joined = " ".join(cells)
        filled = [c for c in cells if c]
        if len(filled) == 1 and _UNIT_CELL.fullmatch(filled[0]) and (current is None or not current.rows):
            row_unit = unit_of(filled[0])   # a unit in its own header row
            row_unit_at = k
            continue
        if _is_header(cells, joined):
            if current is not None and not current.rows:
                # a header in two rows: join them cell by cell
                header_cells = [f"{a} {b}".strip() for a, b in zip(_pad(header_cells, len(cells)),
                                                                    _pad(cells, len(header_cells)))]
                current.roles = role_names(" ".join(header_cells))
                current.header = " | ".join(header_cells)
                current.header_cells = header_cells
                current.year = year_in(current.header)
                current.last = line.no
                current.lines.add(line.no)
                continue
            header_cells = cells
            roles = role_names(joined)
            keyed = bool(KEY_COLUMN.search(joined)) or bool(re.search(r"\bKap\b", joined, re.I))
            current = Table(kind=kind_of(figure_roles(roles)), roles=roles, first=line.no, last=line.no,
                            header=" | ".join(cells), unit=Unit.THOUSAND, unit_stated=False, year=year_in(joined),
                            keyed=keyed, lines={line.no}, header_cells=list(cells))
            top = row_unit_at if row_unit is not None else k     # the lead-in stands above the unit row
            unit, stated, unit_lines, current.unit_conflict = table_unit(lines, top, k, skip, joined, previous + out,
                                                                         header_unit=row_unit)
            current.unit, current.unit_stated = unit, stated
            current.lines |= unit_lines
            row_unit = None
            out.append(current)
            continue
        if current is None:
            current = _continued(previous + out, len(cells))
            if current is None:
                continue
            header_cells = current.header_cells
        current.lines.add(line.no)
        current.last = line.no
        if filled and SUM_ROW.match(" ".join(c for c in filled if tokens_of(c) is None) or filled[0]):
            _sum_row(current, marked, line.no)
            continue
        row = _pipe_row(marked, header_cells, current, line.no)
        if row is not None:
            rescale_row(row, current.unit)
            current.rows.append(row)
        elif current.rows:
            _continuation(current.rows[-1], marked, header_cells, line.no)
    for table in out:
        split_remarks(table.rows)
    return out


def _continued(tables: list[Table], columns: int) -> Table | None:
    """The pipe table a headerless run goes on with: the last table found, with as many columns."""
    if not tables:
        return None
    last = tables[-1]
    if last.kind == "items" or not last.header_cells or len(last.header_cells) != columns or not last.rows:
        return None
    return last


def _sum_row(table: Table, cells: list[str], line_no: int) -> None:
    """ "| Sum | | | 361 657 |": the total the letter states for the rows above ("| Sum kap. 781 | ... |": a subtotal)."""
    texts = _without_marks(cells)
    label = " ".join(c for c in texts if c and tokens_of(c) is None)
    figures = [c for c in texts if c and tokens_of(c) is not None and not (SUM_CHAPTER.match(label) and
                                                                            c == SUM_CHAPTER.match(label)["chapter"])]
    if not figures:
        return
    figure = figure_from(figures[-1], Unit.THOUSAND)
    if figure is None:
        return
    if figure.unit is Unit.THOUSAND:
        figure = figure.read_in(table.unit)     # the table's unit is known from its header (or the table it goes on)
    chapter = SUM_CHAPTER.match(label)
    if chapter:
        table.subtotals.append((str(int(chapter["chapter"])), figure, line_no))
    else:
        table.stated_total = figure
        table.total_lines = (line_no, line_no)


def _continuation(row: TableRow, cells: list[str], header: list[str], line_no: int) -> None:
    """A row with no post under a row: the end of its name or remark cut by a page break, or its "hvorav" items."""
    texts = [(index, cell) for index, cell in enumerate(cells) if cell and tokens_of(cell) is None]
    if not texts or any(cell and tokens_of(cell) is not None for cell in cells):
        return
    row.last = line_no
    for index, cell in texts:
        role = role_names(header[index]) if index < len(header) else []
        if row.name_parts and OF_WHICH_END.search(row.name_parts[-1]) and not row.list_items:
            row.list_items.extend(_items_of(cell))
            row.items_of_which = True
        elif "comment" in role or (index > 0 and row.comment_parts and index == len(cells) - 1):
            _add_comment(row, cell)
        else:
            row.name_parts.append(cell.replace(_ITEM_MARK, " ").strip())


def _items_of(text: str) -> list[str]:
    """The uses a text lists: list items, else one per amount ("12,5 mill. kroner til ... 8,3 mill. kroner til ...")."""
    if _ITEM_MARK in text:
        return [re.sub(r"^[-–]\s*", "", item.strip()) for item in text.split(_ITEM_MARK)[1:] if item.strip()]
    return items_in(text)


def _add_comment(row: TableRow, cell: str) -> None:
    """A remark cell: its text as the comment, its list items as the row's items."""
    head, *items = cell.split(_ITEM_MARK)
    if head.strip():
        row.comment_parts.append(head.strip())
    row.list_items.extend(re.sub(r"^[-–]\s*", "", item.strip()) for item in items if item.strip())


def _is_header(cells: list[str], joined: str) -> bool:
    """Column names with figure roles, and no figures but years."""
    if not figure_roles(role_names(joined)):
        return False
    return not any(_TWO_DIGITS.search(c) and not _A_YEAR.search(c) for c in cells if c and not roles_in(c))


def _pad(cells: list[str], size: int) -> list[str]:
    return cells + [""] * (size - len(cells))


def _pipe_row(cells: list[str], header: list[str], table: Table, line_no: int) -> TableRow | None:
    """A row from its cells; a row with no post is kept only in a table without a post column."""
    previous_chapter = table.current_chapter or (table.rows[-1].chapter if table.rows else None)
    chapter, post, texts, figure_cells = _sort_cells(cells, previous_chapter)
    if chapter is not None and post is None and not figure_cells and table.keyed:
        table.current_chapter = str(int(chapter))    # a chapter's heading row: its posts follow
        return None
    if post is None or chapter is None:
        if table.keyed or not figure_cells:
            return None
        row = TableRow(chapter=None, post=None, first=line_no, last=line_no)
    else:
        row = TableRow(chapter=str(int(chapter)), post=f"{int(post):02d}", first=line_no, last=line_no)
        table.current_chapter = row.chapter
    if texts:
        name, *rest = texts
        row.name_parts = [name.replace(_ITEM_MARK, " ").strip()]
        for remark in rest:
            _add_comment(row, remark)
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
            if _CHAPTER.fullmatch(cell) and index + 1 < len(cells) and (
                    _POST.fullmatch(cells[index + 1] or "") or not cells[index + 1]):
                chapter = cell    # "| 740 | 01 |", or a chapter's heading row "| 0740 | | Helsedirektoratet |"
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
        header_roles = cell_roles(header)
        for index, cell in figure_cells:
            role_here = header_roles[index] if index < len(header) else None
            figure = figure_from(cell, Unit.THOUSAND)
            if role_here in ROLE_ORDER and figure is not None:
                row.figures[role_here] = figure
        row.figure_text = chunks
    else:
        row.problems.append(f"could not read the figures {' | '.join(chunks)!r} as {len(roles)} columns")
