"""HTML tables in a converted letter (``<table><tr><td>...``) as the markdown pipe rows the table reader reads.

Converters that meet a table markdown cannot hold (cells spanning rows or
columns) write it as HTML. Each ``<tr>`` becomes a pipe row on the line
where it starts, so every figure keeps its line for the proposal's
``file:line``; lines between rows (``<tbody>``) become rule rows
(``|---|``), the table's other lines blank. A cell spanning rows
(``rowspan``) is repeated in the rows it spans, one spanning columns
(``colspan``) is followed by empty cells. A cell's own markup (``<br>``,
``<p>``, ``<ul><li>``) is kept: the pipe reader reads it. A table whose rows
cannot each have a line of their own (several ``<tr>`` on one line and no
free line after) is left as it is.
"""

from __future__ import annotations

import re

from budsjett_cli.letters.text import Line

_TABLE = re.compile(r"<table\b.*?</table\s*>", re.I | re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.I | re.S)
_CELL = re.compile(r"<t([hd])\b([^>]*)>(.*?)</t\1\s*>", re.I | re.S)
_SPAN = re.compile(r"\b(rowspan|colspan)\s*=\s*[\"']?(\d+)", re.I)
MAX_SPAN = 50


def html_tables_as_pipes(lines: list[Line]) -> list[Line]:
    """The lines with each HTML table's rows written as pipe rows (line numbers kept)."""
    if not any("<table" in line.text.lower() for line in lines):
        return lines
    text = "\n".join(line.text for line in lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line.text) + 1)
    out = list(lines)
    for table in _TABLE.finditer(text):
        first = _index_at(starts, table.start())
        last = _index_at(starts, table.end() - 1)
        rows = [(_index_at(starts, table.start() + row.start()), _cells(row[1])) for row in _ROW.finditer(table[0])]
        placed = _placed(rows, first, last)
        if not placed:
            continue
        for index in range(first, last + 1):
            out[index] = Line(lines[index].no, "")
        width = max(len(cells) for _, cells in placed)
        for index in range(placed[0][0] + 1, placed[-1][0]):   # between rows (<tbody>): a rule, so the table goes on
            out[index] = Line(lines[index].no, "|" + "---|" * width)
        for index, cells in placed:
            out[index] = Line(lines[index].no, "| " + " | ".join(cells) + " |")
    return out


def _index_at(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def _placed(rows: list[tuple[int, list[tuple[str, int, int]]]], first: int, last: int) -> list[tuple[int, list[str]]] | None:
    """Each row on a line of its own (its own, or the next free one in the table), spans filled in; None if not."""
    out: list[tuple[int, list[str]]] = []
    carried: dict[int, tuple[int, str]] = {}     # column -> (rows still spanned, text)
    previous = first - 1
    for index, cells in rows:
        index = max(index, previous + 1)
        if index > last:
            return None
        texts: list[str] = []
        column = 0
        pending = list(cells)
        while pending or any(c >= column for c in carried):
            if column in carried:
                left, text = carried[column]
                texts.append(text)
                carried[column] = (left - 1, text)
                if left - 1 <= 0:
                    del carried[column]
                column += 1
                continue
            if not pending:
                texts.append("")
                column += 1
                continue
            text, rowspan, colspan = pending.pop(0)
            texts.append(text)
            if rowspan > 1:
                carried[column] = (rowspan - 1, text)
            texts.extend("" for _ in range(colspan - 1))
            column += colspan
        out.append((index, texts))
        previous = index
    return out


def _cells(row: str) -> list[tuple[str, int, int]]:
    """A row's cells: their markup on one line ('|' written as '/'), rowspan and colspan."""
    cells = []
    for match in _CELL.finditer(row):
        spans = {name.lower(): min(int(value), MAX_SPAN) for name, value in _SPAN.findall(match[2])}
        text = re.sub(r"\s+", " ", match[3]).replace("|", "/").strip()
        cells.append((text, max(spans.get("rowspan", 1), 1), max(spans.get("colspan", 1), 1)))
    return cells
