"""A report as plain text in any tabulate format: plain, simple, github, grid, pipe (markdown), ...

Every sheet but the detail sheets is printed as its title with the unit, a
blank line, the table, and its notes. Cells are the same Norwegian text as
the rich table ("187 166", "−2 000", one number of decimals per money
column so that the decimal commas line up); numbers are right-aligned; nothing is
wrapped or cut, so each row is one line (good for grep and for diff).
Subtotal and total rows are told by their names ("Sum kap. 714", "Sum utgifter").
"""

from __future__ import annotations

from typing import TextIO

from tabulate import tabulate, tabulate_formats

from budsjett_cli.reports.model import Kind, Report
from budsjett_cli.render.values import HumanCells, heading, human_sheets, visible_columns

TABULATE_FORMATS: tuple[str, ...] = tuple(tabulate_formats)

_RIGHT = (Kind.MONEY, Kind.PERCENT, Kind.INTEGER)


def write_text(report: Report, stream: TextIO, fmt: str) -> None:
    if fmt not in TABULATE_FORMATS:
        raise ValueError(f"not a tabulate format: {fmt}")
    for index, sheet in enumerate(human_sheets(report.sheets)):
        cells = HumanCells(report.unit, sheet)
        columns = visible_columns(sheet)
        rows = [[cells.cell(c, row, first=i == 0) for i, c in enumerate(columns)] for row in sheet.rows]
        table = tabulate(
            rows,
            headers=[c.header for c in columns],
            tablefmt=fmt,
            colalign=["right" if c.kind in _RIGHT else "left" for c in columns],
            disable_numparse=True,
        )
        if index:
            stream.write("\n")
        stream.write(heading(sheet, report.unit) + "\n\n")
        stream.write(table + "\n")
        notes = list(sheet.notes)
        if note := cells.rounding_note():
            notes.append(note)
        if notes:
            stream.write("\n")
            for line in notes:
                stream.write(line + "\n")
