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
from itertools import repeat

FORMATS = ("plain", "simple")
# tabulate adds this to each header's width (its MIN_PADDING).
_HEADER_PADDING = 2
# Characters one column wide whatever the terminal: Latin letters and signs, spaces and the usual typography
# (–, —, ’, “, ”, …, ‰, €, − and the thin and no-break spaces). Anything else (combining or wide
# characters, control characters) goes to tabulate, which measures it.
NARROW = re.compile("[ -~\u00a0-\u02ff\u2009\u2010-\u2027\u2030-\u205e\u20ac\u2212]*")


def columns_text(columns: list[list[str]], headers: list[str], fmt: str, right: list[bool]) -> str | None:
    """The table, given a column at a time, as tabulate writes it in ``fmt`` (with ``disable_numparse``), or None
    to let tabulate write it. Each column is checked and padded in one go."""
    if fmt not in FORMATS or not headers or not columns or not columns[0]:
        return None   # tabulate aligns the headers of an empty table its own way
    if len(columns) != len(headers) or any(len(column) != len(columns[0]) for column in columns):
        return None
    columns = [list(map(str.strip, column)) for column in columns]
    if not NARROW.fullmatch("".join(headers)) or not all(NARROW.fullmatch("".join(column)) for column in columns):
        return None
    widths = [max(len(header) + _HEADER_PADDING, max(map(len, column))) for header, column in zip(headers, columns)]
    padded = [list(map(str.rjust if to_right else str.ljust, column, repeat(width)))
              for column, width, to_right in zip(columns, widths, right)]
    lines = [_line(headers, widths, right)]
    if fmt == "simple":
        lines.append("  ".join("-" * width for width in widths))
    lines.extend(line.rstrip() for line in map("  ".join, zip(*padded)))
    return "\n".join(lines)


def _line(cells: list[str], widths: list[int], right: list[bool]) -> str:
    return "  ".join(cell.rjust(width) if to_right else cell.ljust(width)
                     for cell, width, to_right in zip(cells, widths, right)).rstrip()
