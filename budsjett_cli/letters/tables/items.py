"""Itemised amount lists: "Aktivitet Beløp" tables that break one earmark down.

A two-column list of labels (wrapped over lines) and amounts, closed by a
"Samlet"/"Sum" row. Its total tells which earmark it breaks down; the
letter reader matches it (see ``letter.LetterReader``).
"""

from __future__ import annotations

import re

from budsjett_cli.amounts import Unit
from budsjett_cli.letters.model import Figure
from budsjett_cli.letters.numbers import figure_from, tokens_of
from budsjett_cli.letters.text import Line, join_wrapped
from budsjett_cli.letters.tables.table import Table, content_lines, roles_in, unit_of

ITEMS_HEADER = re.compile(r"^(?P<label>[A-ZÆØÅ][\wæøåÆØÅ ]{1,40}?)\s+(?:Beløp|Kroner|Sum)(?:\s*\((?P<unit>[^)]*)\))?\s*$")
_ITEMS_TOTAL = re.compile(r"^(?:Samlet|Sum|Totalt|Til\s+sammen|I\s+alt)\b", re.I)
MAX_ITEMS_LINES = 80    # a list this long without its total row is not an itemised list
MAX_LABEL_LINE = 80     # a longer line is a sentence: the list has ended


def items_header(text: str) -> re.Match | None:
    """ "Aktivitet Beløp" (or "... Kroner (1000 kr)"): the header of an itemised list, not of a budget table."""
    match = ITEMS_HEADER.match(text)
    return match if match and not roles_in(text) else None


def read_items_table(lines: list[Line], start: int, header: re.Match, skip: set[int]) -> Table | None:
    """Label and amount rows under a two-column header, closed by a "Samlet"/"Sum" row."""
    stated_unit = unit_of(header["unit"]) if header["unit"] else None
    table = Table(kind="items", roles=["label", "amount"], first=lines[start].no, last=lines[start].no,
                  header=lines[start].stripped, unit=stated_unit or Unit.KR, unit_stated=stated_unit is not None)
    label: list[str] = []
    label_first = None
    items: list[tuple[str, Figure | None, int, int]] = []

    def flush(amount: Figure | None, last: int) -> None:
        nonlocal label, label_first
        if label:
            items.append((join_wrapped(label), amount, label_first, last))
        label, label_first = [], None

    for _, line, blank in content_lines(lines, start + 1, skip, start + MAX_ITEMS_LINES + 1):
        text = line.stripped
        label_text, figure_text = _label_and_figure(text)
        figure = figure_from(figure_text, table.unit) if figure_text else None
        if _ITEMS_TOTAL.match(text):
            flush(None, line.no)
            table.items_total = figure
            table.last = line.no
            break
        if figure is not None and not label_text:
            if not label:
                break
            flush(figure, line.no)     # the amount of the label above, on a line of its own
        elif figure is not None:
            if label and (blank or label_text[:1].isupper()):
                flush(None, line.no - 1)
            if not label:
                label_first = line.no
            label.append(label_text)
            flush(figure, line.no)
        else:
            if label and blank and text[:1].isupper():
                flush(None, line.no - 1)
            if len(text) > MAX_LABEL_LINE:
                break
            if not label:
                label_first = line.no
            label.append(text)
        table.last = line.no
    flush(None, table.last)
    if len(items) < 2 or table.items_total is None:
        return None
    table.items = items
    table.lines = {lines[j].no for j in range(start, len(lines)) if lines[j].no <= table.last}
    return table


def _label_and_figure(text: str) -> tuple[str, str]:
    """A line cut before the figures it ends with: "Kampanjer 1 000 000" -> ("Kampanjer", "1 000 000")."""
    words = text.split()
    cut = len(words)
    while cut > 0 and tokens_of(" ".join(words[cut - 1:])) is not None:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])
