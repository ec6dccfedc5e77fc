"""Tables in tabulate's ``plain`` and ``simple`` formats, written without its cost per cell.

tabulate formats every cell through several generic steps; for the 100 000
rows of ``budsjett changes`` on a large ledger that took over four seconds,
for text that is only padding. This writes the same characters
(tests/render/test_plain_table.py compares the two on generated tables)
for the formats piped output uses, and leaves every other format, and any
text whose width on screen is not its length, to tabulate.
"""

from __future__ import annotations

import re

FORMATS = ("plain", "simple")
# tabulate adds this to each header's width (its MIN_PADDING).
_HEADER_PADDING = 2
# Characters one column wide whatever the terminal: Latin letters and signs, spaces and the usual typography
# (–, —, ’, “, ”, …, ‰, €, − and the thin and no-break spaces). Anything else (combining or wide
# characters, control characters) goes to tabulate, which measures it.
NARROW = re.compile("[ -~\u00a0-\u02ff\u2009\u2010-\u2027\u2030-\u205e\u20ac\u2212]*")


def table_text(rows: list[list[str]], headers: list[str], fmt: str, right: list[bool]) -> str | None:
    """The table as tabulate writes it in ``fmt`` (with ``disable_numparse``), or None to let tabulate write it."""
    if fmt not in FORMATS or not rows:   # tabulate aligns the headers of an empty table its own way
        return None
    narrow = NARROW.fullmatch
    cells = [[cell.strip() for cell in row] for row in rows]
    if not all(narrow(cell) for cell in headers) or not all(narrow(cell) for row in cells for cell in row):
        return None
    columns = len(headers)
    if any(len(row) != columns for row in cells):
        return None
    widths = [len(header) + _HEADER_PADDING for header in headers]
    for index in range(columns):
        widths[index] = max([widths[index]] + [len(row[index]) for row in cells])
    lines = [_line(headers, widths, right)]
    if fmt == "simple":
        lines.append("  ".join("-" * width for width in widths))
    lines.extend(_line(row, widths, right) for row in cells)
    return "\n".join(lines)


def _line(cells: list[str], widths: list[int], right: list[bool]) -> str:
    return "  ".join(cell.rjust(width) if to_right else cell.ljust(width)
                     for cell, width, to_right in zip(cells, widths, right)).rstrip()
