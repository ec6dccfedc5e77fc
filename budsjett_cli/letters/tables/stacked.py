"""Tables printed one cell per line, as some PDF text extractors give them (pdfminer reading a drawn table).

"Kap." / "Post" / "Postnavn" / "Bevilgning 2023" / "Tildeling 2023", each a
paragraph of its own, then the rows the same way: "740" / "01" /
"Driftsutgifter" / "1 305 832" / "1 305 832". The cells are put back into
the lines the layout reader knows: the header on one line, a chapter and
its post on one line ("740 01"), a row's figures on one line with wide gaps
between the cells ("1 305 832   1 305 832"). Blank lines only separate
cells here; they are dropped.
"""

from __future__ import annotations

import re

from budsjett_cli.letters.numbers import tokens_of
from budsjett_cli.letters.text import Line
from budsjett_cli.letters.tables.table import KEY_COLUMN, figure_roles, role_names, roles_in

_KEY_WORD = re.compile(r"Kap(?:ittel)?\.?", re.I)
_NAME_WORD = re.compile(r"Post|Postnavn|Betegnelse|Benevnelse|Navn", re.I)
_CHAPTER = re.compile(r"\d{3,4}")
_POST = re.compile(r"\d{2}")
MAX_HEADER_CELLS = 7
MAX_CELL = 40          # a header cell is a few words
MAX_STACKED_LINES = 4000


def stacked_lines(lines: list[Line], i: int, skip: set[int]) -> list[Line] | None:
    """The lines with the table starting at ``lines[i]`` as the layout reader knows them, when its header is one
    cell per line (the lines before it are kept, so that its header stays at ``i`` and its unit is found above)."""
    if not _KEY_WORD.fullmatch(lines[i].stripped):
        return None
    cells = [lines[i].stripped]
    k = i + 1
    while k < len(lines) and len(cells) < MAX_HEADER_CELLS:
        line = lines[k]
        if line.blank or line.no in skip:
            k += 1
            continue
        text = line.stripped
        if len(text) > MAX_CELL or not (_NAME_WORD.fullmatch(text) or roles_in(text)):
            break
        cells.append(text)
        k += 1
    header = " ".join(cells)
    if len(cells) < 3 or not KEY_COLUMN.search(header) or not figure_roles(role_names(header)):
        return None
    out = [*lines[:i], Line(lines[i].no, header)]
    columns = len(figure_roles(role_names(header)))
    cells_after = [line for line in lines[k:k + MAX_STACKED_LINES] if not line.blank and line.no not in skip]
    figures: list[Line] = []
    j = 0
    while j < len(cells_after):
        line = cells_after[j]
        text = line.stripped
        following = cells_after[j + 1].stripped if j + 1 < len(cells_after) else ""
        if figures and len(figures) < columns and tokens_of(text) is not None:
            figures.append(line)     # the row's next figure cell ("418" / "418" is no chapter 418)
            j += 1
            continue
        if _CHAPTER.fullmatch(text) and _POST.fullmatch(following):
            _flush(out, figures)
            out.append(Line(line.no, f"{text} {following}"))     # a chapter and its post
            j += 2
            continue
        if tokens_of(text) is not None and not _POST.fullmatch(text):
            figures.append(line)
        else:
            _flush(out, figures)
            out.append(line)
        j += 1
    _flush(out, figures)
    return out


def _flush(out: list[Line], figures: list[Line]) -> None:
    """A row's figure cells as one line, the cells apart by wide gaps."""
    if figures:
        out.append(Line(figures[-1].no, "   ".join(f.stripped for f in figures)))   # numbered by its last cell
        figures.clear()
