"""Tables printed column after column, as pdfminer's default layout analysis prints a drawn table.

"Kap." / "Post" / "Postnavn", then every chapter cell, every post, every
name (a long one wrapped over two lines), then "Bevilgning 2023" /
"Tildeling 2023" and the figures: each column's cells come in the rows'
order, but the columns one after another, and a repeated header starts
the next page's part. Rows are put back together only when the columns
line up: as many posts as names, as many figures per figure column as
rows, the chapters (printed on a chapter's first row only) placed where
the post numbers start again, and the figures split among their columns
in exactly one way.

That last point is where such text is often not enough: an extractor may
print the figure columns in alternating runs (the first column's figures
for rows 1-7, the second's for rows 1-7, the first's for rows 8-8, ...)
with nothing in the text to say where a run ends. Every split into runs
is tried; a split must keep the columns' arithmetic (Tidligere + Ny = Sum,
Bevilgning - Tildeling = Ikke tildelt) and a column header printed between
runs; when the splits left give any row different figures, the table is
not read and is reviewed instead. Nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budsjett_cli.amounts import Unit
from budsjett_cli.letters.model import Figure
from budsjett_cli.letters.numbers import figure_from
from budsjett_cli.letters.text import Line, join_wrapped
from budsjett_cli.letters.tables.table import (KEY_COLUMN, SUM_CHAPTER, SUM_ROW, Table, TableRow, figure_roles,
                                               column_heading, kind_of, rescale, role_names, table_unit,
                                               year_in)

_KEY_WORD = re.compile(r"Kap(?:ittel)?\.?(?:\s*/\s*post)?", re.I)
_HEADER_WORD = re.compile(r"Kap(?:ittel)?\.?(?:\s*/\s*post)?|Post|Postnavn|Betegnelse|Benevnelse|Navn|Formål", re.I)
_CHAPTER = re.compile(r"\d{3,4}")
_POST = re.compile(r"\d{2}")
_KEY = re.compile(r"(?P<chapter>\d{3,4})[ .,](?P<post>\d{2})")
_AMOUNT = re.compile(r"[−–-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?")
_CLOSING = re.compile(r"^(?:Med\s+(?:vennlig\s+)?hilsen|Vennlig\s+hilsen)\b", re.I)
# A name's line that goes on from the line before: "under post 70, 74 og 79", "21", "(Livmorhalsscreening)".
_GOES_ON = re.compile(r"^(?:[a-zæøå(]|\d)")
_CUT_BEFORE = ("post", "postene", "og", "under", "til", "kan", "i", "for", "med")
MAX_CELL = 100            # a cell is a few words; a longer line is a sentence after the table
MAX_CELLS = 6000
MAX_ALIGNED_ROWS = 300    # the runs of a page's part are tried in cubic time; a page holds far fewer rows


@dataclass
class _Part:
    """One page's part of the table: its cells by kind, in the order printed."""

    chapters: list[Line] = field(default_factory=list)
    posts: list[Line] = field(default_factory=list)
    keys: list[Line] = field(default_factory=list)          # "740.01": chapter and post in one cell
    names: list[list[Line]] = field(default_factory=list)   # each name's lines
    amounts: list[Line] = field(default_factory=list)
    # a figure column's header printed on its own among the cells (not in a header row): how many figures came
    # before it, and its column's role: the figures after it start that column's run
    marks: dict[int, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)       # its header's cells, as printed


class Unaligned(Exception):
    """The columns do not line up into rows in exactly one way."""


def column_table(lines: list[Line], i: int, skip: set[int], previous: list[Table]) -> Table | None:
    """The table whose header starts at ``lines[i]`` when its cells come column after column; None when they do not.

    A table whose columns cannot be lined up is returned without rows and
    with ``unreadable`` saying why, so that it is reviewed and its lines are
    read as nothing else.
    """
    if not _KEY_WORD.fullmatch(lines[i].stripped):
        return None
    cells = [(k, line) for k, line in _cells(lines, i, skip)]
    header: list[str] = []
    start = 0
    while start < len(cells) and _is_header_cell(cells[start][1].stripped) and len(header) < 8:
        header.append(cells[start][1].stripped)
        start += 1
    if len(header) < 2 or start + 1 >= len(cells) or not _column_after_column(cells, start):
        return None
    parts, end = _parts(cells, start - len(header))
    header_text = " ".join(parts[0].header)
    roles = role_names(header_text)
    figure = figure_roles(roles)
    if not KEY_COLUMN.search(header_text) and not re.search(r"\bKap", header_text, re.I) or not figure:
        return None
    last_line = cells[end - 1][1].no
    table = Table(kind=kind_of(figure), roles=roles, first=lines[i].no, last=last_line, header=header_text,
                  unit=Unit.THOUSAND, unit_stated=False, year=year_in(header_text))
    table.lines = {line.no for line in lines if lines[i].no <= line.no <= last_line}
    unit, stated, unit_lines, table.unit_conflict = table_unit(lines, i, i, skip, header_text, previous)
    table.unit, table.unit_stated = unit, stated
    table.lines |= unit_lines
    try:
        headings = [[column_heading(text) for text in part.header if column_heading(text)] for part in parts]
        if any(h != headings[0] for h in headings):
            raise Unaligned("its pages' headers name other figure columns (or the same in another order)")
        chapter = last_post = None
        for part in parts:
            rows, chapter, last_post = _rows(part, figure, chapter, last_post, table)
            table.rows.extend(rows)
    except Unaligned as why:
        table.rows, table.stated_total, table.total_lines, table.subtotals = [], None, None, []
        table.unreadable = (f"the table's cells are printed column after column (a PDF extractor's layout) and "
                            f"{why}; nothing is read from it: read the PDF itself (budsjett import letter.pdf) or "
                            "extract its text row by row")
        return table
    if unit is not Unit.THOUSAND:
        rescale(table)
    return table


def _cells(lines: list[Line], i: int, skip: set[int]):
    count = 0
    for k in range(i, len(lines)):
        line = lines[k]
        if line.blank or line.no in skip:
            continue
        count += 1
        if count > MAX_CELLS:
            return
        yield k, line


def _is_header_cell(text: str) -> bool:
    return len(text) <= 40 and bool(_HEADER_WORD.fullmatch(text) or column_heading(text))


def _kind(text: str, before: str | None) -> str:
    """What a cell is: "key", "chapter", "post", "amount", "header" or "text" (a name's line)."""
    if _is_header_cell(text):
        return "header"
    if before is not None and _POST.fullmatch(text) and before.split()[-1:] and \
            before.split()[-1].lower().rstrip(",") in _CUT_BEFORE and not _AMOUNT.fullmatch(before.replace(" ", "")):
        return "text"      # "kan nyttes under post" / "21"
    if _KEY.fullmatch(text):
        return "key"
    if _POST.fullmatch(text):
        return "post"
    if _CHAPTER.fullmatch(text):
        return "chapter"
    if _AMOUNT.fullmatch(text):
        return "amount"
    return "text"


def _column_after_column(cells, start: int) -> bool:
    """Two ids of one kind, or a run of names, right under the header: not one row's cells after another."""
    kinds = _kinds(cells[start:start + 5], 0)[:4]
    if len(kinds) < 2:
        return False
    texts = [line.stripped for _, line in cells[start:start + 4]]
    if any(a == b == "text" and not _goes_on(x, y)          # two names, not one name's two lines
           for a, b, x, y in zip(kinds, kinds[1:], texts, texts[1:])):
        return True
    if kinds[0] == kinds[1] == "amount":
        return True
    # two ids of one kind in a row among the first cells ("714" / "70" / "74"): a row never holds two
    return any(a == b and a in ("chapter", "post", "key") for a, b in zip(kinds, kinds[1:]))


def _parts(cells, start: int) -> tuple[list[_Part], int]:
    """The table's cells split into its pages' parts (a repeated key header starts one), and where the table ends.

    A header word (not a figure column's) printed a second time starts the
    next part, wherever among the part's cells it comes. The table ends
    before a line that is no cell (a sentence, a heading)
    or after its last id or figure cell, whichever comes first; a closing
    ("Med hilsen") printed among the cells is passed over.
    """
    parts: list[_Part] = []
    seen_words: set[str] = set()
    closings: list[int] = []
    last_data = start
    in_header = False
    pending: tuple[int, str] | None = None     # a figure column's header just seen, alone so far
    kinds = _kinds(cells, start)
    for index in range(start, len(cells)):
        text = cells[index][1].stripped
        if len(text) > MAX_CELL:
            break
        kind = kinds[index - start]
        if kind == "header" and not column_heading(text) and (not parts or text.lower() in seen_words):
            parts.append(_Part())     # a header word printed again: the next page's part (in any order)
            seen_words = set()
        if kind == "header":
            seen_words.add(text.lower())
            parts[-1].header.append(text)
        part = parts[-1]
        if pending is not None and kind != "header":
            part.marks[pending[0]] = pending[1]
        pending = None
        if kind == "header":
            role = column_heading(text)
            if role and not in_header:
                pending = (len(part.amounts), role)
        in_header = kind == "header"
        if kind in ("chapter", "post", "key", "amount"):
            last_data = index + 1
        if kind == "header":
            continue
        if kind == "chapter":
            part.chapters.append(cells[index][1])
        elif kind == "post":
            part.posts.append(cells[index][1])
        elif kind == "key":
            part.keys.append(cells[index][1])
        elif kind == "amount":
            part.amounts.append(cells[index][1])
        elif _CLOSING.match(text):
            closings.append(cells[index][1].no)
        else:
            if part.names and _goes_on(part.names[-1][-1].stripped, text):
                part.names[-1].append(cells[index][1])
            else:
                part.names.append([cells[index][1]])
    # names after the last id or figure beyond one per row are the text after the table (a signature)
    cut = cells[last_data - 1][1].no if last_data > start else None
    end = last_data
    if parts and cut is not None:
        part = parts[-1]
        rows = max(len(part.posts), len(part.keys))
        closing = min((no for no in closings if no > cut), default=None)    # the letter's closing ends it
        while part.names and closing is not None and part.names[-1][0].no > closing:
            part.names.pop()
        while part.names and part.names[-1][0].no > cut and \
                len(part.names) - sum(SUM_ROW.match(n[0].stripped) is not None for n in part.names) > rows:
            part.names.pop()
        last_name = part.names[-1][-1].no if part.names else 0
        while end < len(cells) and cells[end][1].no <= last_name:
            end += 1
    return parts, end


def _kinds(cells, start: int) -> list[str]:
    """Each cell's kind; a bare number between two figures is a figure ("30 073" / "418" / "4 357"), not a chapter."""
    kinds = []
    before = None
    for _, line in cells[start:]:
        kinds.append(_kind(line.stripped, before))
        before = line.stripped
    for n in range(1, len(kinds) - 1):
        if kinds[n] in ("chapter", "post") and kinds[n - 1] == "amount" and kinds[n + 1] == "amount" \
                and _AMOUNT.fullmatch(cells[start + n][1].stripped):
            kinds[n] = "amount"
    return kinds


def _goes_on(before: str, text: str) -> bool:
    """A name's next line: it starts in lower case, with a digit or a bracket, or the line before was cut."""
    words = before.split()
    return bool(_GOES_ON.match(text)) or before.endswith((",", "-", "/")) or \
        (bool(words) and words[-1].lower() in _CUT_BEFORE)


def _rows(part: _Part, roles: list[str], chapter: str | None, last_post: str | None,
          table: Table) -> tuple[list[TableRow], str | None, str | None]:
    """The rows of one page's part, and the chapter and post of its last row (the next page may go on in it)."""
    names = [(join_wrapped([line.stripped for line in name]), name) for name in part.names]
    sums = [SUM_ROW.match(text) is not None for text, _ in names]
    keys = _keys(part, chapter, last_post, sum(not s for s in sums))
    k = len(roles)
    if len(part.amounts) != k * len(names):
        raise Unaligned(f"a page's part has {len(names)} rows (names) but {len(part.amounts)} figures for "
                        f"{k} figure column{'s' if k > 1 else ''}: a cell is missing or one more")
    figures = _align([_figure(line) for line in part.amounts], len(names), roles, part.marks)
    rows: list[TableRow] = []
    key_iter = iter(keys)
    for (text, name_lines), is_sum, values in zip(names, sums, figures):
        first, last = name_lines[0].no, name_lines[-1].no
        if is_sum:
            role = next((r for r in ("allocation", "total", "amount", "appropriation") if r in roles), roles[0])
            total = values[roles.index(role)]
            sub = SUM_CHAPTER.match(text)
            if sub:
                table.subtotals.append((str(int(sub["chapter"])), total, first))
            else:
                table.stated_total, table.total_lines = total, (first, last)
            continue
        chapter, post = next(key_iter)
        row = TableRow(chapter=chapter, post=post, first=first, last=last,
                       name_parts=[line.stripped for line in name_lines])
        row.figures = dict(zip(roles, values))
        row.figure_text = [f.text or "" for f in values]
        rows.append(row)
    return rows, (keys[-1][0] if keys else chapter), (keys[-1][1] if keys else last_post)


def _figure(line: Line) -> Figure:
    figure = figure_from(line.stripped, Unit.THOUSAND)
    if figure is None:
        raise Unaligned(f"line {line.no} ('{line.stripped}') is not a figure")
    return figure


def _keys(part: _Part, chapter: str | None, last_post: str | None, count: int) -> list[tuple[str, str]]:
    """Each row's chapter and post.

    "740.01" cells give both. Else the post cells give the posts, and the
    chapter cells their chapters: one per row, or one per chapter printed on
    its first row only. Then the posts of one chapter rise, and a chapter
    starts wherever they start again; that must give as many chapters as
    were printed (with the chapter of the page before going on at the top
    of a page), or the chapters cannot be placed.
    """
    if part.keys:
        if part.posts or part.chapters or len(part.keys) != count:
            raise Unaligned(f"a page's part has {count} rows (names) and {len(part.keys)} chapter/post cells")
        return [(str(int(m["chapter"])), m["post"]) for m in (_KEY.fullmatch(line.stripped) for line in part.keys)]
    posts = [line.stripped for line in part.posts]
    chapters = [str(int(line.stripped)) for line in part.chapters]
    if len(posts) != count:
        raise Unaligned(f"a page's part has {count} rows (names) but {len(posts)} post cells")
    if len(chapters) == count:
        return list(zip(chapters, posts))
    if len(set(chapters)) != len(chapters):
        raise Unaligned(f"it has {len(chapters)} chapter cells for {count} rows, and a chapter printed on its first "
                        "row only is printed once: a chapter cell is missing")
    runs: list[list[str]] = []
    for post in posts:
        if runs and int(post) > int(runs[-1][-1]):
            runs[-1].append(post)
        else:
            runs.append([post])
    if len(runs) == len(chapters) + 1 and chapter is not None:
        chapters = [chapter, *chapters]       # the page goes on in the chapter of the page before
    elif chapter is not None and last_post is not None and posts and int(posts[0]) > int(last_post):
        # the page's first posts may go on in the chapter of the page before, or start the first chapter printed
        raise Unaligned(f"where the chapter of the page before ends on the next page is not in the text (its posts "
                        f"go on rising: {last_post}, then {posts[0]})")
    if len(runs) != len(chapters):
        raise Unaligned(f"its {len(chapters)} chapter cells cannot be placed on its {count} rows (the post numbers "
                        f"start again {len(runs)} times)")
    return [(c, post) for c, run in zip(chapters, runs) for post in run]


def _align(values: list[Figure], rows: int, roles: list[str], marks: dict[int, str]) -> list[tuple[Figure, ...]]:
    """Each row's figures, one per figure column, from the figures as printed.

    The figures come in runs: for some rows, the first column's figures,
    then the second's for the same rows, and so on. Every split into runs
    that keeps the columns' arithmetic is tried; where the extractor printed
    a column's header before its figures, every run of that column starts
    at such a header and nowhere else. Every row must get the same figures
    under all the splits left.
    """
    k = len(roles)
    if k == 1:
        return [(v,) for v in values]
    if rows > MAX_ALIGNED_ROWS:
        raise Unaligned(f"a page's part has {rows} rows, more than the {MAX_ALIGNED_ROWS} whose figures are split "
                        "among several columns")
    check = _arithmetic(roles)
    # edges[r]: the run lengths m that may start at row r
    edges: dict[int, list[int]] = {}
    for r in range(rows):
        at = k * r
        edges[r] = []
        for m in range(1, rows - r + 1):
            starts = {at + j * m: roles[j] for j in range(k)}
            if marks and (any(marks.get(b) != role for b, role in starts.items())
                          or any(at < b < at + k * m and b not in starts for b in marks)):
                continue
            if check is not None and not all(check(tuple(values[at + j * m + i] for j in range(k)))
                                             for i in range(m)):
                continue
            edges[r].append(m)
    reach_end = {rows}
    for r in range(rows - 1, -1, -1):
        if any(r + m in reach_end for m in edges[r]):
            reach_end.add(r)
    reached = {0}
    choices: list[set[tuple]] = [set() for _ in range(rows)]
    for r in range(rows):
        if r not in reached or r not in reach_end:
            continue
        at = k * r
        for m in edges[r]:
            if r + m not in reach_end:
                continue
            reached.add(r + m)
            for i in range(m):
                choices[r + i].add(tuple(values[at + j * m + i].kroner for j in range(k)))
    if 0 not in reach_end:
        raise Unaligned("its figures cannot be split among its figure columns so that each row adds up")
    out: list[tuple[Figure, ...]] = []
    for r in range(rows):
        if len(choices[r]) != 1:
            raise Unaligned(f"its figures can be split among the {k} figure columns in more than one way (row {r + 1} "
                            f"of a page's part could have {len(choices[r])} sets of figures): the text does not say "
                            "where one column's run of figures ends")
    # the figures themselves (text as printed) from one split that holds
    r = 0
    while r < rows:
        m = next(m for m in edges[r] if r + m in reach_end)
        at = k * r
        out.extend(tuple(values[at + j * m + i] for j in range(k)) for i in range(m))
        r += m
    return out


def _arithmetic(roles: list[str]):
    """What a row's figures must satisfy, from the columns' meaning, or None when the columns are not related."""
    if {"previous", "amount", "total"} <= set(roles):
        p, a, t = roles.index("previous"), roles.index("amount"), roles.index("total")
        return lambda f: f[p].kroner + f[a].kroner == f[t].kroner
    if {"appropriation", "allocation", "unallocated"} <= set(roles):
        b, al, u = roles.index("appropriation"), roles.index("allocation"), roles.index("unallocated")
        return lambda f: f[b].kroner - f[al].kroner == f[u].kroner
    return None
