"""A report as plain text in any tabulate format: plain, simple, github, grid, pipe (markdown), ...

Every sheet but the detail sheets is printed as its title with the unit, a
blank line, the table, and its notes. Cells are the same Norwegian text as
the rich table ("187 166", "−2 000", one number of decimals per money
column so that the decimal commas line up); numbers are right-aligned; nothing is
wrapped or cut, so each row is one line (good for grep and for diff).
Subtotal and total rows are told by their names ("Sum kap. 714", "Sum utgifter").
"""

from __future__ import annotations

import html

from typing import TextIO

from tabulate import tabulate, tabulate_formats

from budsjett_cli.render.plain_table import columns_text
from budsjett_cli.reports.model import Kind, Report
from budsjett_cli.render.values import HumanCells, heading, human_sheets, visible_columns

TABULATE_FORMATS: tuple[str, ...] = tuple(tabulate_formats)

_RIGHT = (Kind.MONEY, Kind.PERCENT, Kind.INTEGER)


HTML_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:1.5rem;color:#1b1b1b}"
    "table{border-collapse:collapse;font-size:.85rem}th,td{padding:.2rem .5rem;border-bottom:1px solid #d5d9de}"
    "th{background:#f3f4f6;text-align:left}td[style*=right]{font-variant-numeric:tabular-nums;white-space:nowrap}"
    "p{color:#5f6368;font-size:.8rem}@media print{@page{size:A4 landscape;margin:12mm}}"
)


def write_text(report: Report, stream: TextIO, fmt: str) -> None:
    if fmt not in TABULATE_FORMATS:
        raise ValueError(f"not a tabulate format: {fmt}")
    if fmt == "html":
        _write_html_page(report, stream)
        return
    for index, sheet in enumerate(human_sheets(report.sheets)):
        cells = HumanCells(report.unit, sheet)
        columns = visible_columns(sheet)
        by_column = cells.column_texts(columns, sheet.rows)
        headers = [c.header for c in columns]
        right = [c.kind in _RIGHT for c in columns]
        table = columns_text(by_column, headers, fmt, right)
        if table is None:
            rows = [list(row) for row in zip(*by_column)] if by_column else [[] for _ in sheet.rows]
            table = tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True,
                             colalign=["right" if to_right else "left" for to_right in right])
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


def _write_html_page(report: Report, stream: TextIO) -> None:
    """``--format html``: a whole page (charset, styles), every text escaped; ``budsjett report`` has the charts."""
    sheets = human_sheets(report.sheets)
    title = html.escape(visible(sheets[0].title if sheets else "budsjett"))
    stream.write(f'<!DOCTYPE html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
                 f"<style>{HTML_STYLE}</style>\n</head>\n<body>\n"
                 "<!-- A page with charts and findings: budsjett report -o rapport.html -->\n")
    for sheet in sheets:
        cells = HumanCells(report.unit, sheet)
        columns = visible_columns(sheet)
        rows = [[visible(cells.cell(c, row, first=i == 0)) for i, c in enumerate(columns)] for row in sheet.rows]
        table = tabulate(rows, headers=[c.header for c in columns], tablefmt="html",
                         colalign=["right" if c.kind in _RIGHT else "left" for c in columns], disable_numparse=True)
        stream.write(f"<h2>{html.escape(visible(heading(sheet, report.unit)))}</h2>\n{table}\n")
        notes = list(sheet.notes) + ([note] if (note := cells.rounding_note()) else [])
        for line in notes:
            stream.write(f"<p>{html.escape(visible(line))}</p>\n")
    stream.write("</body>\n</html>\n")


def visible(text: str) -> str:
    """Control characters (a terminal escape in a name) shown as ``\\x1b`` instead of acting."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
