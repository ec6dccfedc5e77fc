"""Tables as a PDF converter prints them: a header, then rows whose cells are cut over lines.

"Kap. Post Postnavn Bevilgning 2023 Tildeling 2023" and "Kap. post
Tidligere tildeling Ny tildeling Sum tildelt" tables come as text lines:
a row starts at its post ("765.21", or "21" under a chapter), its name
may wrap over the next lines, and its figures stand at the end of the
name's line, on a line of their own, or are missing (a remark such as
"Netto mellomregning" instead). A change table may have no post column
at all: then it is one line of figures under the header.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from budsjett_cli.amounts import Unit
from budsjett_cli.letters.numbers import Reading, figure_from, prose_amounts, tokens_of
from budsjett_cli.letters.text import Line, is_pipe_row
from budsjett_cli.letters.tables.table import (HEADING_LIKE, KEY_COLUMN, OF_WHICH_END, SUM_CHAPTER, SUM_ROW, SUMMED_ROLES,
                                               Table, TableRow, apply_reading,
                                               content_lines, figure_roles, items_in, kind_of, read_figures,
                                               read_row_text, rescale, role_names, roles_in, split_remarks,
                                               table_unit, unit_statement, year_in)

# A row of the "Kap. Post Postnavn" layout: chapter (first row of a chapter only), post, name.
# A post may be one digit ("740 1 Driftsutgifter"), after its chapter or under a chapter's heading row.
_ROW_SPACED = re.compile(r"^\s*(?:(?P<chapter>\d{3,4})\s+)?(?P<post>\d{1,2})\s+(?P<rest>[A-ZÆØÅa-zæøå(«\"].*)$")
# A line under a row that itemises a part of it: "- herav lønn 900 000", "– av dette e-helse 15 000".
_PART_LINE = re.compile(r"^\s*[-–•]?\s*(?:herav|hvorav|av\s+dette)\b.*\d", re.I)
# A chapter's heading row in a table whose rows give only the post: "Kap. 0740 Helsedirektoratet".
_CHAPTER_ROW = re.compile(r"^\s*Kap(?:ittel)?\.?\s*(?P<chapter>\d{3,4})\b(?!\s*[.,]\s*\d)(?![^\d]*\bpost\b)[^\d]*$", re.I)
# A row keyed "765.21" (or "Kap. 765.21", "765,21").
_ROW_DOTTED = re.compile(r"^\s*(?P<chapter>\d{3,4})[.,](?P<post>\d{2})(?![\d,])\s*(?P<rest>.*)$"
                         # "Kap. 765 post 21 229 104 ...": in words, and only with figures after it (else a heading)
                         r"|^\s*[Kk]ap(?:ittel)?\.?\s*(?P<chapter_w>\d{3,4}),?\s+[Pp]ost\s+(?P<post_w>\d{2})(?!\d)\s+"
                         r"(?P<rest_w>[−–-]?\d.*)$")
# Figures first, then a remark: "5 050 Økt ramme til ..." in a table with a comment column.
_FIGURES_THEN_COMMENT = re.compile(r"^(?P<figures>[−-]?\d[\d ,]*?)\s+(?P<comment>[A-ZÆØÅa-zæøå«(].*)$")
# The end of a post name: "kan nyttes under post" / "21)".
_POST_NUMBER_ALONE = re.compile(r"\d{1,2}\)?")
_VERB_OF_A_SENTENCE = re.compile(r"\b(?:tildeles|skal|vises|bes)\b")
# Words after which figures are a post number, not the row's figures: "kan nyttes under post 21".
_BEFORE_POST_NUMBER = ("post", "postene", "og", "under")

# A row line with its key alone ("714 21", "60") or its key and figures apart from it by wide gaps
# ("714       21                102 802          71 600"): the name stands above and below.
_BARE_KEY = re.compile(r"^\s*(?:(?P<chapter>\d{3,4})\s+)?(?P<post>\d{2})(?:\s{3,}(?P<figures>\d[\d ]*\d))?\s*$")


def _ends_before_post_number(text: str) -> bool:
    """A name cut before a post number: "..., kan nyttes under post" / "21"."""
    words = text.split()
    return bool(words) and words[-1].lower().rstrip(",") in _BEFORE_POST_NUMBER


def _is_bare_key(raw: str) -> bool:
    """A line with a row's key and no name: "714 21", "70   186 480   186 400", or a post alone ("60")."""
    return _BARE_KEY.match(raw) is not None


def _sum_figure(text: str, roles: list[str]):
    """The figure of a "Sum 361 657" (or "Sum kap. 781 79 150") line, read in 1000 kr (rescaled with the table).

    A sum row of a table with several figure columns ("Sum kap. 714 340 800
    7 736 348 536") is read as the table's row is, and gives the figure of
    the column the stated totals are held against (``SUMMED_ROLES``).
    """
    chapter = SUM_CHAPTER.match(text)
    if chapter:
        text = "Sum " + text[chapter.end():]
    words = text.split()
    role = next((r for r in SUMMED_ROLES if r in roles), None)
    for cut in range(1, len(words)):
        tail = " ".join(words[cut:])
        if tokens_of(tail) is not None:
            single = figure_from(tail, Unit.THOUSAND)
            if single is not None or len(roles) < 2 or role is None:
                return single
            reading = read_row_text([tail], roles)
            return reading.figures[roles.index(role)] if reading is not None else None   # held against the rows
    return None


MAX_HEADER = 140          # a header line is a line of column names, not a sentence
MAX_HEADER_CONTINUATION = 60
HEADER_LINES = 5          # a header may be cut over this many lines after its first
MAX_CELL_LINE = 52        # a wrapped cell's line is narrow; prose lines are wider
MAX_ROW_LINE = 110        # a longer line is a sentence, not a row


def header_at(lines: list[Line], i: int) -> tuple[list[str], int, str, bool] | None:
    """A table header starting at ``lines[i]``: (roles, index of its last line, text, keyed) or None.

    A header may be cut over up to four lines ("Kap./post Benevnelse
    Tildeling" ... "Kommentarer").
    """
    first = lines[i].stripped
    if not first or len(first) > MAX_HEADER or first.endswith((".", ";")) and not first.endswith("kr."):
        return None
    if is_pipe_row(lines[i].text):
        return None
    keyed = bool(KEY_COLUMN.search(first))
    if not keyed and first.lower().startswith("post") and (following := next(
            (line.stripped for line in lines[i + 1:i + 3] if line.stripped), None)) and _CHAPTER_ROW.match(following):
        keyed = True     # "Post Betegnelse ..." over "Kap. 0740 Helsedirektoratet": the chapters are rows of their own
    roles = figure_roles(role_names(first))
    if keyed:
        stacked = _stacked_header(lines, i)
        if stacked is not None and len(figure_roles(stacked[0])) > len(roles):
            return stacked
    is_change = "previous" in roles or ("amount" in roles and "total" in roles)
    if not (keyed and roles) and not is_change:
        return None
    if not keyed and not first.lower().startswith(("tidligere", "kap")):
        return None
    text = first
    end = i
    # join the rest of a header cut over lines (words only, no figures, no row)
    for j in range(i + 1, min(len(lines), i + HEADER_LINES + 1)):
        candidate = lines[j].stripped
        if not candidate:
            continue
        if _ROW_DOTTED.match(candidate) or _ROW_SPACED.match(candidate) or re.search(r"\d{3}", candidate):
            break
        if not roles_in(candidate) or len(candidate) > MAX_HEADER_CONTINUATION:
            break
        text += " " + candidate
        end = j
    return role_names(text), end, text, keyed


def _figures_at_end(words: list[str], roles: list[str]):
    """Where a name's line ends and the row's figures begin, and their reading; (None, None) if it holds none.

    A post number in the name ("kan nyttes under post 71 og 72 229 104 ...")
    is not a figure: the cut must give figures whose arithmetic holds, or,
    where the columns have none, not follow "post" or "og".
    """
    for cut in range(1, len(words)):
        tail = " ".join(words[cut:])
        if tokens_of(tail) is None:
            continue
        reading = read_row_text([tail], roles)
        if reading is None:
            continue
        before = words[cut - 1].lower().rstrip(",")
        if reading.consistent or (reading.consistent is None and before not in _BEFORE_POST_NUMBER and before != "og"):
            return cut, reading
    return None, None


def _stacked_header(lines: list[Line], i: int) -> tuple[list[str], int, str, bool] | None:
    """A header whose column names are printed over two lines, each word under the word it goes on
    ("Tidligere   Ny          Sum" over "tildeling   tildeling   tildelt", as pdftotext -layout prints it)."""
    below = next((j for j in range(i + 1, min(len(lines), i + 3)) if lines[j].stripped), None)
    if below is None or re.search(r"\d", lines[below].text) or len(lines[below].stripped) > MAX_HEADER_CONTINUATION:
        return None
    top = [[m.start(), m.group()] for m in re.finditer(r"\S+", lines[i].text)]
    for match in re.finditer(r"\S+", lines[below].text):
        nearest = min(top, key=lambda word: abs(word[0] - match.start()))
        if abs(nearest[0] - match.start()) > 3:
            return None
        nearest[1] += " " + match.group()
    text = " ".join(word for _, word in top)
    roles = role_names(text)
    if len(figure_roles(roles)) < 2:
        return None
    return roles, below, text, True


def read_layout_table(lines: list[Line], start: int, header_end: int, roles: list[str], header: str, keyed: bool,
                      skip: set[int], previous: list[Table]) -> Table:
    """The rows under a header, up to the first line that is not part of one."""
    table = Table(kind=kind_of(figure_roles(roles)), roles=roles, first=lines[start].no, last=lines[header_end].no,
                  header=header, unit=Unit.THOUSAND, unit_stated=False, year=year_in(header), keyed=keyed)
    rows = _RowReader(figure_roles(roles), "comment" in roles, keyed)
    before = previous[-1] if previous else None
    if before is not None and before.rows and before.kind == table.kind and not any(
            before.last < line.no < lines[start].no and not line.blank and line.no not in skip for line in lines):
        rows.chapter = before.rows[-1].chapter    # the header repeated on a new page: the chapter goes on
    last_index = header_end
    content = list(content_lines(lines, header_end + 1, skip))
    header_unit: Unit | None = None
    for position, (k, line, after_blank) in enumerate(content):
        following = content[position + 1][1].text if position + 1 < len(content) else None
        if not rows.rows and header_unit is None and (under := unit_statement(line.stripped)) is not None:
            header_unit, last_index = under, k     # "Alle tall i hele tusen" right under the header: its unit
            continue
        if rows.pending_name and (following is None or not _is_bare_key(following)) and not _is_bare_key(line.text):
            break    # the text above was not the name of a row after all
        if SUM_ROW.match(line.stripped) and rows.rows and (
                figure := _sum_figure(line.stripped, figure_roles(roles))) is not None:
            last_index = k
            chapter = SUM_CHAPTER.match(line.stripped)
            if chapter:     # a chapter's subtotal: the table goes on
                table.subtotals.append((str(int(chapter["chapter"])), figure, line.no))
                rows.state = "done"
                continue
            table.stated_total = figure
            table.total_lines = (line.no, line.no)
            break
        if not rows.take(line, after_blank, following):
            break
        last_index = k
        if rows.finished:
            break
    table.rows = rows.rows
    for row in table.rows:
        if row.name_parts and OF_WHICH_END.search(row.name_parts[-1]) and row.comment_parts and not row.list_items:
            row.list_items = items_in(" ".join(row.comment_parts))
            row.items_of_which = True
            row.comment_parts = []
    table.last = lines[last_index].no
    split_remarks(table.rows)
    unit, stated, unit_lines, table.unit_conflict = table_unit(lines, start, last_index, skip, header, previous,
                                                               header_unit=header_unit)
    if not stated and rows.chapter is not None:
        unit, stated, unit_lines = before.unit, before.unit_stated, set()   # the same table, on the next page
    table.unit, table.unit_stated = unit, stated
    table.lines = {lines[j].no for j in range(start, last_index + 1)} | unit_lines
    if unit is not Unit.THOUSAND:
        rescale(table)
    return table


class _RowReader:
    """The rows of a layout table, line by line.

    ``state`` tells what the current row still takes: "name" (its name
    goes on, its figures may follow), "comment" (a remark goes on) or
    "done". ``gap`` is a blank line since the row's last line: a name or
    remark does not go on across one.
    """

    def __init__(self, roles: list[str], has_comment: bool, keyed: bool):
        self.roles = roles
        self.has_comment = has_comment
        self.keyed = keyed
        self.rows: list[TableRow] = []
        self.row: TableRow | None = None
        self.state = "none"
        self.gap = False
        self.finished = False
        self.pending_name: list[str] = []
        self.chapter: str | None = None     # the chapter of the rows before the table's header, if it goes on
        self.heading_chapter: str | None = None   # the chapter named by the last "Kap. 0740 ..." row

    def take(self, line: Line, after_blank: bool, following: str | None = None) -> bool:
        """Whether the line is part of the table (read into its rows).

        ``following`` is the next line's text: a name printed above its
        row's key (a PDF laid out with the key centred in a tall cell:
        "Spesielle driftsutgifter, kan nyttes" / "714  21   102 802  71 600" /
        "under post 70") is held until the key comes.
        """
        if after_blank:
            self.gap = True
        text = line.stripped
        chapter_row = _CHAPTER_ROW.match(text) if self.keyed else None
        if chapter_row:
            self.heading_chapter = str(int(chapter_row["chapter"]))
            self.row, self.state = None, "done"
            return True
        row = self._row_starting(text, line.no)
        bare = row is None and (row := self._bare_key_row(line.text, line.no)) is not None
        if row is not None:
            if self.pending_name:
                row.name_parts[:0] = self.pending_name
                row.first = self.pending_first
                self.pending_name = []
            self.rows.append(row)
            self.row, self.state, self.gap = row, _state_of(row), False
            if bare and row.figures:
                self.state = "name"    # the name may go on under the key and figures
            return True
        if (self.row is None or self.row.figures) and following is not None and _is_bare_key(following) \
                and tokens_of(text) is None and len(text) <= MAX_ROW_LINE and not HEADING_LIKE.match(text) \
                and text[:1].isupper():
            self.pending_name.append(text)
            self.pending_first = line.no
            return True
        if self.row is None:
            return self._keyless_row(text, line.no)
        state = self._continue_row(self.row, text)
        if state is None:
            return False
        self.row.last = line.no
        self.state = state
        return True

    def _row_starting(self, text: str, line_no: int) -> TableRow | None:
        dotted = _ROW_DOTTED.match(text)
        if dotted:
            chapter, post, rest = ((dotted["chapter"], dotted["post"], dotted["rest"]) if dotted["chapter"] else
                                   (dotted["chapter_w"], dotted["post_w"], dotted["rest_w"]))
            if (rest == "" or not re.match(r"^[a-zæøå]", rest)) and not _looks_like_prose(text):
                row = _start_row(chapter, post, rest, line_no, self.roles, self.has_comment)
                row.slash_split = True
                return row
            return None
        spaced = _ROW_SPACED.match(text)
        if spaced and self.keyed and not _looks_like_prose(text) and (
                len(spaced["post"]) == 2 or spaced["chapter"] or self.heading_chapter):
            chapter = spaced["chapter"] or self.heading_chapter or (self.rows[-1].chapter if self.rows else self.chapter)
            if chapter is not None:
                return _start_row(chapter, spaced["post"], spaced["rest"], line_no, self.roles, self.has_comment)
        return None

    def _bare_key_row(self, raw: str, line_no: int) -> TableRow | None:
        """A row whose line holds only its key, or its key and figures with the name cell empty."""
        if not self.keyed or (self.row is not None and self.state != "done" and not self.row.figures):
            return None
        match = _BARE_KEY.match(raw)
        if match is None:
            return None
        if match["chapter"] is None and match["figures"] is None and self.row is not None and self.row.name_parts \
                and _ends_before_post_number(self.row.name_parts[-1]):
            return None   # "kan nyttes under post" / "21": the name's end, not a row
        chapter = match["chapter"] or (self.rows[-1].chapter if self.rows else self.chapter)
        if chapter is None or (match["chapter"] is None and match["figures"] is None and self.row is not None
                               and self.state != "done"):
            return None
        row = TableRow(chapter=str(int(chapter)), post=f"{int(match['post']):02d}", first=line_no, last=line_no)
        if match["figures"]:
            reading = read_row_text([match["figures"]], self.roles)
            if reading is None:
                return None
            row.figure_text.append(match["figures"])
            apply_reading(row, reading, self.roles)
        return row

    def _keyless_row(self, text: str, line_no: int) -> bool:
        """A change table without a post column: the one line of figures right under the header."""
        self.finished = True
        if self.keyed or tokens_of(text) is None:
            return False
        reading = read_row_text([text], self.roles)
        if reading is None:
            return False
        row = TableRow(chapter=None, post=None, first=line_no, last=line_no)
        apply_reading(row, reading, self.roles)
        row.figure_text.append(text)
        self.rows.append(row)
        return True

    def _continue_row(self, row: TableRow, text: str) -> str | None:
        """The line as the next part of ``row``: the row's new state, or None when the line is not part of it."""
        state, gap, roles = self.state, self.gap, self.roles
        figures_only = tokens_of(text) is not None
        if state == "done" and row.figures and row.name_parts and not gap and len(text) <= MAX_CELL_LINE and (
                (not figures_only and (text[:1].islower() or text.startswith("(")))
                or (_POST_NUMBER_ALONE.fullmatch(text) and _ends_before_post_number(row.name_parts[-1]))):
            row.name_parts.append(text)   # the name's last line under the figures ("under post 70, 74 og 79")
            return "done"
        if row.figures and _PART_LINE.match(text):
            # " - herav lønn 900 000" under the row: a part of it, printed without its unit; the table goes on
            row.problems.append(f"a part of the post printed under it ({text.strip(' -–•')}): not read as an earmark; "
                                "record it under 'earmarks' if it binds the money")
            return "done"
        if row.figures and row.name_parts and OF_WHICH_END.search(row.name_parts[-1]) and not row.list_items \
                and not figures_only and prose_amounts(text):
            row.list_items = items_in(text)     # the line under "Spesielle driftsutgifter, hvorav"
            row.items_of_which = True
            return "done"
        if state == "name" and not gap and not row.figures and text[:1].isupper() and len(text.split()) >= 3 \
                and len(text) <= MAX_CELL_LINE and not figures_only and not HEADING_LIKE.match(text) \
                and not text.endswith(":") and row.name_parts and not row.name_parts[-1].rstrip().endswith((",", "og", "-")):
            row.comment_parts.append(text)   # a remark under the name, no blank line between (PDF text)
            return "comment"
        if state == "name" and not gap and text[:1].islower() and not figures_only:
            words = text.split()
            cut, reading = _figures_at_end(words, roles) if not row.figures else (None, None)
            if reading is not None:   # the name's last line with the row's figures: "overføres 45 149 40 149"
                row.name_parts.append(" ".join(words[:cut]))
                row.figure_text.append(" ".join(words[cut:]))
                apply_reading(row, reading, roles)
                return "done"
            row.name_parts.append(text)   # "kan nyttes under" / "post 21"
            return state
        if HEADING_LIKE.match(text) or text.endswith(":"):
            return None
        if figures_only and state == "comment" and not row.figures and not self.has_comment:
            # what looked like a remark was the end of the name: "(Livmorhalsscreening)" after a page break
            reading = read_row_text([text], roles)
            if reading is not None:
                row.name_parts.extend(row.comment_parts)
                row.comment_parts = []
                row.figure_text.append(text)
                apply_reading(row, reading, roles)
                self.gap = False
                return "done"
        if figures_only:
            if state != "name":
                return None
            reading = read_row_text(row.figure_text + [text], roles)
            if reading is not None:   # the figures under the name, maybe cut over lines
                row.figure_text.append(text)
                apply_reading(row, reading, roles)
                self.gap = False
                return "done"
            if _POST_NUMBER_ALONE.fullmatch(text):
                row.name_parts.append(text)   # "kan nyttes under post" / "21"
                return state
            return None
        if self.has_comment and state == "name" and _take_figures_then_comment(row, text, roles, read_row_text):
            self.gap = False
            return "comment"
        if state == "name" and not gap:
            row.name_parts.append(text)
            return state
        if state == "comment" and not gap and (len(text) <= MAX_CELL_LINE or self.has_comment):
            row.comment_parts.append(text)
            return state
        if state == "name" and len(text) <= MAX_CELL_LINE and not row.figures:
            row.comment_parts.append(text)
            self.gap = False
            return "comment"
        return None


def _state_of(row: TableRow) -> str:
    """What a row takes next: its name goes on until it has figures; then a remark may follow."""
    if row.figures:
        return "comment" if row.comment_parts else "done"
    return "name"


def _looks_like_prose(text: str) -> bool:
    """A sentence, not a table row: long, or with the verbs of a sentence."""
    return len(text) > MAX_ROW_LINE or bool(_VERB_OF_A_SENTENCE.search(text))


def _start_row(chapter: str, post: str, rest: str, line_no: int, roles: list[str], has_comment: bool) -> TableRow:
    """A row from its first line: the name, and the figures when they stand on the same line."""
    row = TableRow(chapter=str(int(chapter)), post=f"{int(post):02d}", first=line_no, last=line_no)
    rest = rest.strip()
    if not rest:
        return row
    # Figures at the end of the name's line: "Driftsutgifter 1 305 832 1 305 832".
    words = rest.split()
    for cut in range(len(words)):
        tail = words[cut:]
        if tokens_of(" ".join(tail)) is None:
            continue
        if cut > 0 and words[cut - 1].lower().rstrip(",") in _BEFORE_POST_NUMBER and len(tail) > 1:
            continue
        name = " ".join(words[:cut])
        reading = read_figures(_figure_cells(rest, name), roles)
        if reading is not None:
            row.name_parts.append(name)
            row.figure_text.append(" ".join(tail))
            apply_reading(row, reading, roles)
            return row
        break
    if has_comment and _take_figures_then_comment(row, rest, roles, read_figures):
        return row
    row.name_parts.append(rest)
    return row


def _take_figures_then_comment(row: TableRow, text: str, roles: list[str],
                               read: Callable[[list[str], list[str]], Reading | None]) -> bool:
    """ "5 050 Økt ramme til ...": the row's figures, then the start of its remark (a table with a comment column)."""
    lead = _FIGURES_THEN_COMMENT.match(text)
    reading = read([lead["figures"]], roles) if lead else None
    if reading is None:
        return False
    apply_reading(row, reading, roles)
    row.figure_text.append(lead["figures"])
    row.comment_parts.append(lead["comment"])
    return True


def _figure_cells(rest: str, name: str) -> list[str]:
    """The figure cells of a row line after its name, keeping wide gaps as cell borders."""
    tail = rest[len(name):].strip() if rest.startswith(name) else rest
    parts = [c for c in re.split(r"\s{2,}", tail) if c.strip()]
    return parts or [tail]
