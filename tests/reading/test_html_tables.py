"""HTML tables in converted letters read as the pipe tables they stand for, each row at its own line."""

from __future__ import annotations

from decimal import Decimal

from budsjett_cli.letters.html_tables import html_tables_as_pipes
from budsjett_cli.letters.reader import read_text
from budsjett_cli.letters.text import split_lines

HEAD = "# Tillegg til tildelingsbrev nr. 9 for 2023\n\nDato 22. september 2023\n\n## TTB2023-60 Endringer\n\n{unit}\n\n"


def _changes(text: str):
    letter = read_text(text, "t.md").letters[0]
    return [(c.key, c.previous.kroner, c.amount.kroner, c.total.kroner, c.source.first) for c in letter.changes]


def test_a_table_with_head_and_body_is_read_with_each_rows_line():
    text = HEAD.format(unit="Beløp i 1 000 kroner") + (
        "<table>\n"
        "<thead><tr><th>Kap. post</th><th>Tidligere tildeling</th><th>Ny tildeling</th><th>Sum tildelt</th></tr></thead>\n"
        "<tbody>\n"
        "<tr><td>765.21</td><td>229 104</td><td>12 100</td><td>241 204</td></tr>\n"
        "<tr><td>714.70</td><td>186&nbsp;400</td><td>3 983</td><td>190 383</td></tr>\n"
        "</tbody>\n</table>\n\nMed hilsen\n")
    assert _changes(text) == [
        ("765.21", Decimal("229104000"), Decimal("12100000"), Decimal("241204000"), 12),
        ("714.70", Decimal("186400000"), Decimal("3983000"), Decimal("190383000"), 13)]


def test_cells_spanning_rows_and_columns():
    text = HEAD.format(unit="Beløp i 1 000 kroner") + (
        "<table>\n"
        "<tr><th>Kap.</th><th>Post</th><th>Tidligere tildeling</th><th>Ny tildeling</th><th>Sum tildelt</th></tr>\n"
        "<tr><td rowspan=\"2\">714</td><td>21</td><td>72 100</td><td>1 700</td><td>73 800</td></tr>\n"
        "<tr><td>60</td><td>82 300</td><td>2 053</td><td>84 353</td></tr>\n"
        "<tr><td colspan='2'>765.21</td><td>229 104</td><td>12 100</td><td>241 204</td></tr>\n"
        "</table>\n")
    lines = html_tables_as_pipes(split_lines(text))
    assert [line.text for line in lines if line.text.startswith("|")][1:] == [
        "| 714 | 21 | 72 100 | 1 700 | 73 800 |", "| 714 | 60 | 82 300 | 2 053 | 84 353 |",
        "| 765.21 |  | 229 104 | 12 100 | 241 204 |"]
    assert [key for key, *_ in _changes(text)] == ["714.21", "714.60", "765.21"]


def test_a_table_whose_rows_share_one_line_is_left_as_it_is():
    text = HEAD.format(unit="") + "<table><tr><td>765.21</td><td>1</td></tr><tr><td>714.70</td><td>2</td></tr></table>\n"
    lines = split_lines(text)
    assert html_tables_as_pipes(lines) == lines
    read_text(text, "t.md")     # read as text, no error


def test_no_table_no_change():
    lines = split_lines("Tillegg til tildelingsbrev\n\n<p>Ingen tabell her.</p>\n")
    assert html_tables_as_pipes(lines) is lines
