"""Tables printed column after column (pdfminer's default text of a drawn table): rows only when they line up.

The variants are built here from the real 2023 letter's figures (the
bundled ledger, as the letter-variant corpus is), in the layout pdfminer
prints: the header's cells, then every chapter cell, every post, every
name (some wrapped onto two lines), then each figure column. They differ
in column order, chapter printing, page breaks, Sum rows and runs of
figures; each either reads every row exactly or proposes nothing from the
table and lists one ``columns-unaligned`` review item.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from budsjett_cli.letters.reader import read_file, read_text
from budsjett_cli.ledger.loader import load_file

ROOT = Path(__file__).resolve().parent.parent.parent
VARIANTS = ROOT / "tests" / "letter_variants"
HEAD = ["Tildelingsbrev 2023 - Helsedirektoratet", "", "Deres ref Vår ref Dato", "22/4470-12 17.12.2022", "",
        "1.6 Tildelinger 2023", "", "Alle tall i hele tusen", ""]


def _rows():
    """(chapter, post, name, appropriation, allocation) in 1000 kr: the letter's table rows printed in thousands."""
    ledger = load_file(ROOT / "data" / "chapters.yaml")
    out = []
    for post in ledger.posts:
        if post.letter != "TB2023" or post.allocation is None or post.appropriation is None or not post.name:
            continue
        if post.allocation.kroner % 1000 or post.appropriation.kroner % 1000:
            continue
        chapter, number = post.key.split(".")
        out.append((chapter, number, post.name, post.appropriation.kroner // 1000, post.allocation.kroner // 1000))
    return out


ROWS = _rows()


def _num(value) -> str:
    return f"{value:,}".replace(",", " ")


def _wrap(name: str, width: int = 42) -> list[str]:
    """A name cut over lines as a narrow cell prints it."""
    words, lines = name.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def columns_text(rows, *, headings=("Bevilgning 2023", "Tildeling 2023"), figures=(3, 4), per_page=None,
                 order=("chapter", "post", "name", "figures"), chapter_once=True, combined=False, runs=None,
                 heading_per_block=False, sums=False) -> str:
    """A letter whose table is printed column after column, one cell a paragraph, as pdfminer prints it."""
    pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] if per_page else [rows]
    out = list(HEAD)
    last_chapter = None
    for page in pages:
        key_cells = ["Kap./post"] if combined else ["Kap.", "Post"]
        cells = {"chapter": [], "post": [], "name": [], "figures": []}
        shown = []
        for chapter, post, name, *values in page:
            if combined:
                cells["post"].append(f"{chapter}.{post}")
            else:
                if not chapter_once or chapter != last_chapter:
                    cells["chapter"].append(chapter)
                cells["post"].append(post)
            last_chapter = chapter
            cells["name"].extend(_wrap(name))
            shown.append([values[i - 3] for i in figures])
        if sums:
            cells["name"].append("Sum")
            shown.append([sum(r[f] for r in page) for f in figures])
        blocks = [(0, len(shown))] if runs is None else _runs(runs, len(shown))
        figure_cells = [] if heading_per_block else list(headings)
        for a, b in blocks:
            for column, heading in enumerate(headings):
                if heading_per_block:
                    figure_cells.append(heading)
                figure_cells.extend(_num(values[column]) for values in shown[a:b])
        cells["figures"] = figure_cells
        out.extend(key_cells + ["Postnavn"])
        for what in order:
            out.extend(cells[what])
    out.extend(["Med hilsen", "", "Ola Nordmann", "ekspedisjonssjef"])
    return "\n\n".join(out) + "\n"


def _runs(sizes, total):
    out, at = [], 0
    for size in sizes:
        if at >= total:
            break
        out.append((at, min(total, at + size)))
        at += size
    if at < total:
        out.append((at, total))
    return out


def _read(text):
    (letter,) = read_text(text).letters
    return letter


def _exact(letter, rows, figures=("appropriation", "allocation")):
    posts = {p.key: p for p in letter.posts}
    assert set(posts) == {f"{c}.{p}" for c, p, *_ in rows}
    for chapter, post, name, appropriation, allocation in rows:
        entry = posts[f"{chapter}.{post}"]
        assert entry.name == name
        want = {"appropriation": appropriation, "allocation": allocation}
        for what in figures:
            assert getattr(entry, what).kroner == Decimal(want[what]) * 1000, (entry.key, what)


def _refused(letter, words):
    assert letter.posts == [] and letter.changes == []
    kinds = [r.kind for r in letter.review]
    assert kinds.count("columns-unaligned") == 1, kinds
    message = next(r.message for r in letter.review if r.kind == "columns-unaligned")
    assert words in message, message


# Rows whose chapters can be placed from the text: every chapter's posts start below the last post before it.
PLACEABLE = [r for r in ROWS if r[0] in ("714", "717", "732", "733", "734", "737", "761", "762", "765")]


def test_one_figure_column_reads_every_row():
    text = columns_text(ROWS, headings=("Tildeling 2023",), figures=(4,), chapter_once=False)
    letter = _read(text)
    _exact(letter, ROWS, figures=("allocation",))
    assert [r.kind for r in letter.review] == []
    assert len(ROWS) == 72


def test_chapters_printed_once_are_placed_where_the_posts_start_again():
    letter = _read(columns_text(PLACEABLE, headings=("Tildeling 2023",), figures=(4,)))
    _exact(letter, PLACEABLE, figures=("allocation",))


def test_a_chapter_boundary_the_posts_do_not_show_is_not_guessed():
    # 3740 (posts 02, 04, 05) then 714 (21, ...): the posts rise across the chapters, so where 3740 ends is not in the text
    rows = [r for r in ROWS if r[0] in ("740", "3740", "714")]
    _refused(_read(columns_text(rows, headings=("Tildeling 2023",), figures=(4,))), "cannot be placed")


def test_other_column_orders_read_the_same():
    for order in (("name", "figures", "post", "chapter"), ("figures", "chapter", "name", "post"),
                  ("post", "chapter", "figures", "name")):
        letter = _read(columns_text(ROWS, headings=("Tildeling 2023",), figures=(4,), order=order, chapter_once=False))
        _exact(letter, ROWS, figures=("allocation",))


def test_chapter_and_post_in_one_cell():
    letter = _read(columns_text(ROWS, headings=("Tildeling 2023",), figures=(4,), combined=True))
    _exact(letter, ROWS, figures=("allocation",))


def test_a_table_over_page_breaks_with_the_header_repeated_goes_on_in_the_chapter():
    letter = _read(columns_text(PLACEABLE, headings=("Tildeling 2023",), figures=(4,), per_page=9))
    _exact(letter, PLACEABLE, figures=("allocation",))


def test_a_wrapped_name_is_one_row():
    letter = _read(columns_text(ROWS, headings=("Tildeling 2023",), figures=(4,), chapter_once=False))
    entry = next(p for p in letter.posts if p.key == "714.21")
    assert entry.name == "Spesielle driftsutgifter, kan overføres, kan nyttes under post 70, 74 og 79"
    assert "\n\nkan nyttes under post 70, 74 og 79\n\n" in columns_text(ROWS, headings=("Tildeling 2023",), figures=(4,))


def test_a_missing_cell_proposes_nothing():
    text = columns_text(ROWS, headings=("Tildeling 2023",), figures=(4,), chapter_once=False)
    text = text.replace("\n\n71 600\n\n", "\n\n", 1)
    _refused(_read(text), "a cell is missing")
    text = columns_text(ROWS, headings=("Tildeling 2023",), figures=(4,), chapter_once=False)
    assert "\n\nDriftsutgifter\n\n" in text
    _refused(_read(text.replace("\n\nDriftsutgifter\n\n", "\n\n", 1)), "post cells")


def test_two_figure_columns_in_one_block_each_with_their_headers_before_them():
    letter = _read(columns_text(ROWS, chapter_once=False, heading_per_block=True))
    _exact(letter, ROWS)


def test_two_unrelated_figure_columns_without_marks_are_not_guessed():
    # all appropriations, then all allocations; or runs of them: the text cannot tell the two apart
    _refused(_read(columns_text(ROWS, chapter_once=False)), "more than one way")
    _refused(_read(columns_text(ROWS, chapter_once=False, runs=(1, 7, 1, 17))), "more than one way")


def test_appropriation_allocation_and_not_allocated_runs_are_placed_by_the_arithmetic():
    rows = [(c, p, n, a, b, a - b) for c, p, n, a, b in ROWS]
    text = columns_text(rows, headings=("Bevilgning 2023", "Tildeling 2023", "Ikke tildelt 2023"), figures=(3, 4, 5),
                        chapter_once=False, runs=(1, 7, 1, 17))
    _exact(_read(text), ROWS)


def test_change_table_runs_are_placed_by_the_arithmetic():
    rows = [(c, p, n, a, b, a + b) for c, p, n, a, b in ROWS[:30]]   # previous, new, sum
    text = columns_text(rows, headings=("Tidligere tildeling", "Ny tildeling", "Sum tildelt"), figures=(3, 4, 5),
                        chapter_once=False, runs=(1, 7, 1, 17)).replace("Tildelingsbrev 2023", "Tillegg til tildelingsbrev")
    letter = read_text(text).letters[0]
    changes = {c.key: c for c in letter.changes}
    assert len(changes) == 30
    for chapter, post, _, previous, new, total in rows:
        change = changes[f"{chapter}.{post}"]
        assert (change.previous.kroner, change.amount.kroner, change.total.kroner) == (
            Decimal(previous) * 1000, Decimal(new) * 1000, Decimal(total) * 1000)


def test_a_sum_row_is_kept_as_the_stated_total():
    letter = _read(columns_text(ROWS, headings=("Tildeling 2023",), figures=(4,), chapter_once=False, sums=True))
    _exact(letter, ROWS, figures=("allocation",))
    (total,) = letter.stated_totals
    assert total.agrees and total.figure.kroner == sum(Decimal(r[4]) for r in ROWS) * 1000


def test_pdfminers_default_text_of_the_corpus_table_is_reviewed_not_misread():
    """The corpus file: chapters printed once (3740's posts run on into 714's) and the two figure columns printed in
    alternating runs (1, 7, 1, 17 rows on the first page) with nothing in the text to say where a run ends."""
    letter = read_file(VARIANTS / "tb2023-fpdf-table-pdfminer.txt").letters[0]
    _refused(letter, "column after column")


def test_row_by_row_cells_are_left_to_the_row_reader():
    letter = read_file(VARIANTS / "tb2023-fpdf-table-pdfminer-rows.txt").letters[0]
    assert len(letter.posts) == 72 and not any(r.kind == "columns-unaligned" for r in letter.review)


@settings(max_examples=30, deadline=None)
@given(start=st.integers(0, 60), size=st.integers(2, 40), per_page=st.one_of(st.none(), st.integers(3, 20)),
       order=st.permutations(["chapter", "post", "name", "figures"]), chapter_once=st.booleans(),
       columns=st.sampled_from(["one", "two", "three"]), runs=st.one_of(st.none(), st.lists(st.integers(1, 9),
                                                                                           min_size=1, max_size=6)),
       heading_per_block=st.booleans(), drop=st.one_of(st.none(), st.integers(0, 200)))
def test_column_after_column_is_read_exactly_or_not_at_all(start, size, per_page, order, chapter_once, columns, runs,
                                                           heading_per_block, drop):
    """Property: whatever the order of the columns, the page breaks, the runs of figures or a cell dropped, every row
    proposed has its own post, name and figures; what cannot be lined up proposes nothing and is reviewed once."""
    rows = ROWS[start:start + size]
    if columns == "one":
        shaped, kwargs = rows, dict(headings=("Tildeling 2023",), figures=(4,))
    elif columns == "two":
        shaped, kwargs = rows, {}
    else:
        shaped = [(c, p, n, a, b, a - b) for c, p, n, a, b in rows]
        kwargs = dict(headings=("Bevilgning 2023", "Tildeling 2023", "Ikke tildelt"), figures=(3, 4, 5))
    text = columns_text(shaped, per_page=per_page, order=tuple(order), chapter_once=chapter_once, runs=runs,
                        heading_per_block=heading_per_block, **kwargs)
    if drop is not None:
        paragraphs = text.split("\n\n")
        index = len(HEAD) + drop % max(1, len(paragraphs) - len(HEAD) - 5)
        if chapter_once and re.fullmatch(r"\d{3,4}", paragraphs[index]):
            return    # the documented limit: a chapter cell lost where the posts rise across chapters goes unseen
        text = "\n\n".join(paragraphs[:index] + paragraphs[index + 1:])
    letter = _read(text)
    want = {f"{c}.{p}": (n, a, b) for c, p, n, a, b in rows}
    if not letter.posts:
        assert [r.kind for r in letter.review].count("columns-unaligned") <= 1
        return
    assert not any(r.kind == "columns-unaligned" for r in letter.review)
    for entry in letter.posts:
        name, appropriation, allocation = want[entry.key]
        if drop is None:     # a dropped line of a wrapped name leaves the name as printed
            assert entry.name == name, entry.key
        assert entry.allocation.kroner == Decimal(allocation) * 1000, entry.key
        if columns != "one":
            assert entry.appropriation.kroner == Decimal(appropriation) * 1000, entry.key
    if drop is None:
        assert len(letter.posts) == len(rows)
