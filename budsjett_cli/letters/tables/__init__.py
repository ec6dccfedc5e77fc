"""Tables in letters: allocation tables, change tables and itemised amount lists.

Three layouts are read, all as a converter prints them:

- allocation tables, "Kap. Post Postnavn Bevilgning 2023 Tildeling 2023"
  (and "Kap./post Benevnelse Tildeling Kommentarer"): one row per post,
  the name wrapped over lines, the figures on the name's line or on a line
  of their own, or a remark ("Netto mellomregning ...") instead;
- change tables, "Kap. post Tidligere tildeling Ny tildeling Sum tildelt"
  and variants, with or without the post column;
- itemised lists, "Aktivitet Beløp", closed by a "Samlet ..." row.

``layout`` reads them as text lines, ``pipes`` as markdown pipe tables
(``| 765.21 | 229 104 | 12 100 | 241 204 |``), ``items`` the lists;
``table`` holds what they share. A table's unit comes from the statement
next to it ("Alle tall i hele tusen", "(i 1 000 kroner)") or from the
cells ("187 166 000 kroner"); figures are exact.
"""

from __future__ import annotations

from budsjett_cli.letters.text import Line, is_pipe_row
from budsjett_cli.letters.tables.columns import column_table
from budsjett_cli.letters.tables.items import items_header, read_items_table
from budsjett_cli.letters.tables.layout import header_at, read_layout_table
from budsjett_cli.letters.tables.pipes import pipe_tables
from budsjett_cli.letters.tables.stacked import stacked_lines
from budsjett_cli.letters.tables.table import TableRow, Table

__all__ = ["TableRow", "Table", "find_tables"]


def find_tables(lines: list[Line], skip: set[int]) -> list[Table]:
    """Every table in a letter's lines (furniture in ``skip`` is passed over)."""
    tables: list[Table] = []
    i = 0
    pipe_start = None
    while i < len(lines):
        line = lines[i]
        if line.no in skip:
            i += 1
            continue
        if is_pipe_row(line.text):
            if pipe_start is None:
                pipe_start = i
            i += 1
            continue
        if pipe_start is not None:
            tables.extend(pipe_tables(lines, pipe_start, i, skip, tables))
            pipe_start = None
        table = _table_at(lines, i, skip, tables)
        if table is not None:
            tables.append(table)
            i = max(i + 1, _index_after(lines, table.last))
            continue
        i += 1
    if pipe_start is not None:
        tables.extend(pipe_tables(lines, pipe_start, len(lines), skip, tables))
    return tables


def _table_at(lines: list[Line], i: int, skip: set[int], previous: list[Table]) -> Table | None:
    """A layout table or an itemised list whose header is ``lines[i]``."""
    found = header_at(lines, i)
    if found is not None:
        roles, end, text, keyed = found
        table = read_layout_table(lines, i, end, roles, text, keyed, skip, previous)
        if table.rows or not keyed:
            return table
    columns = column_table(lines, i, skip, previous)
    if columns is not None and not columns.unreadable:
        return columns
    stacked = stacked_lines(lines, i, skip)
    if stacked is not None:
        found = header_at(stacked, i)
        if found is not None:
            roles, end, text, keyed = found
            table = read_layout_table(stacked, i, end, roles, text, keyed, skip, previous)
            if table.rows:
                # the cells merged into one line and the blank lines between them are the table's too
                table.lines |= {line.no for line in lines if lines[i].no <= line.no <= table.last}
                return table
    if columns is not None:
        return columns     # cells column after column that do not line up, and not row by row either: reviewed
    header = items_header(lines[i].stripped)
    if header is not None:
        return read_items_table(lines, i, header, skip)
    return None


def _index_after(lines: list[Line], line_no: int) -> int:
    for k, line in enumerate(lines):
        if line.no > line_no:
            return k
    return len(lines)
