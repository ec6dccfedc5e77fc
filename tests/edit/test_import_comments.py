"""``--into`` leaves every comment where its author put it: above the next post, the next
chapter, the next change, at the end of a changes list; in a hand-written ledger and in one
started with ``--new``."""

import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from budsjett_cli.edit.placement import keep_comments_in_place
from budsjett_cli.ledger.loader import load_file
from conftest import LETTER_2023_FULL, LETTER_2023_LATE

HAND_LEDGER = """\
year: 2023
unit: 1000 kr
letters:
  TB2023:
    title: Tildelingsbrev 2023
  TTB2023-01:
    title: Tillegg 1
  TTB2023-02:
    title: Tillegg 2
chapters:
  # 2.1 Folkehelse
  765:
    name: Psykisk helse
    posts:
      # Post 01 is the first post
      01:
        allocation: 10
        letter: TB2023
        note: |
          Kept as the letter says.
          # not a comment: part of the note
      21:
        allocation: 100
        letter: TB2023
      # Post 22: held back for RNB
      22:
        allocation: 5
        letter: TB2023
        changes:
          - letter: TTB2023-01
            amount: 1
          # the second letter corrected the first
          - letter: TTB2023-02
            amount: 2
          # end of 22's changes: more expected in RNB
      # Post 60 follows
      60:
        allocation: 50
        letter: TB2023
        changes:
          - letter: TTB2023-01
            amount: 3
            # total: 53 (not stated in the letter)

  # 2.2 Helsetjenester
  # Chapter 766 comes next
  766:
    name: Helsetjenester
    posts:
      # Post 21 of 766
      21:
        allocation: 7
        letter: TB2023
# end of ledger
"""

HAND_LETTER = """Tillegg til tildelingsbrev

Dato 20. mars 2023

Nye oppdrag:
- TTB2023-70 Et nytt oppdrag

TTB2023-70 Et nytt oppdrag
Helsedirektoratet bes om å utrede saken.

Økonomiske endringer

Kap. 765, post 01
Helsedirektoratet tildeles 1 mill. kroner til drift.

Kap. 765, post 21
Helsedirektoratet tildeles 2 mill. kroner til allmennlegetjenesten.

Kap. 765, post 22
Helsedirektoratet tildeles 1 mill. kroner til kampanjer.

Kap. 765, post 23
Helsedirektoratet tildeles 0,5 mill. kroner over kap. 765, post 23.

Kap. 765, post 60
Helsedirektoratet tildeles 4 mill. kroner til tiltak.

Kap. 766, post 01
Helsedirektoratet tildeles 3 mill. kroner over kap. 766, post 01.

Kap. 767, post 01
Helsedirektoratet tildeles 6 mill. kroner over kap. 767, post 01.

Med hilsen
"""


def _is_content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def neighbours(text: str, comment: str) -> tuple[str, str]:
    """The content lines (not blank, not a comment) directly above and below a comment line."""
    lines = text.splitlines()
    matches = [i for i, line in enumerate(lines) if line.strip() == comment]
    assert len(matches) == 1, (comment, matches)
    at = matches[0]
    above = next((lines[i] for i in range(at - 1, -1, -1) if _is_content(lines[i])), "")
    below = next((lines[i] for i in range(at + 1, len(lines)) if _is_content(lines[i])), "")
    return above, below


@pytest.fixture
def hand_merged(run, tmp_path):
    ledger = tmp_path / "2023.yaml"
    ledger.write_text(HAND_LEDGER, encoding="utf-8")
    letter = tmp_path / "tillegg.txt"
    letter.write_text(HAND_LETTER, encoding="utf-8")
    result = run("import", str(letter), "--into", str(ledger))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "imported 7 changes" in result.stdout
    return ledger.read_text(encoding="utf-8")


@pytest.mark.parametrize("comment, above, below", [
    # above the next post: the new change goes after post 21's last key, the comment stays above 22
    ("# Post 22: held back for RNB", "            note: allmennlegetjenesten", "      22:"),
    ("# Post 60 follows", "            amount: 0,5 mill.", "      60:"),
    # above the first post, with a new post 01 inserted before it (766)
    ("# Post 21 of 766", "            amount: 3 mill.", "      21:"),
    # above the next chapter, after a blank line and a section comment
    ("# 2.2 Helsetjenester", "            note: tiltak", "  766:"),
    ("# Chapter 766 comes next", "            note: tiltak", "  766:"),
    # between changes: stays between the same two changes
    ("# the second letter corrected the first", "            amount: 1", "          - letter: TTB2023-02"),
    # at the end of a changes list: stays at the end, below the new change, above the new post 23
    ("# end of 22's changes: more expected in RNB", "            note: kampanjer", "      23:"),
    # indented into the change above (a commented-out key): stays with that change
    ("# total: 53 (not stated in the letter)", "            amount: 3", "          - letter: TTB2023-70"),
    # above the first post of a chapter
    ("# Post 01 is the first post", "    posts:", "      01:"),
    ("# end of ledger", "            amount: 6 mill.", ""),
])
def test_hand_written_ledger_comments_stay_where_they_were(hand_merged, comment, above, below):
    assert neighbours(hand_merged, comment) == (above, below)


def test_hand_written_ledger_keeps_blank_lines_note_and_every_line(hand_merged, tmp_path):
    assert "            note: tiltak\n\n  # 2.2 Helsetjenester\n  # Chapter 766 comes next\n  766:\n" in hand_merged
    lines = hand_merged.splitlines()
    position = 0
    for line in HAND_LEDGER.splitlines():        # only lines added, none changed or lost
        position = lines.index(line, position) + 1
    path = tmp_path / "check.yaml"
    path.write_text(hand_merged, encoding="utf-8")
    posts = {post.key: post for post in load_file(path).posts}
    assert posts["765.01"].note == "Kept as the letter says.\n# not a comment: part of the note\n"
    assert [c.letter for c in posts["765.22"].changes] == ["TTB2023-01", "TTB2023-02", "TTB2023-70"]


# -- a ledger started with --new, then supplements merged --into it, with comments added by hand --------

SOURCE_COMMENT = re.compile(r"^      # .*001_52bc8ba46f39a98d\.txt:\d+(-\d+)?$")


def _insert_before(text: str, anchor: str, line: str) -> str:
    assert text.count(anchor) == 1, anchor
    return text.replace(anchor, line + "\n" + anchor)


def _source_comments_stand_above_their_posts(text: str) -> None:
    """Every post --new wrote has its source comment (and its quoted lines) directly above its key."""
    lines = text.splitlines()
    found = 0
    for at, line in enumerate(lines):
        if SOURCE_COMMENT.match(line):
            found += 1
            below = next(lines[i] for i in range(at + 1, len(lines)) if _is_content(lines[i]))
            assert re.fullmatch(r"      \d+:", below), (line, below)
            assert all(lines[i].startswith("      #") for i in range(at, lines.index(below, at))), line
    assert found >= 80


def test_new_then_into_keeps_comments_above_the_next_post_and_chapter_and_in_changes(run, tmp_path):
    path = tmp_path / "2023.yaml"
    assert run("import", str(LETTER_2023_FULL), "--new", str(path)).exit_code in (0, 1)
    text = path.read_text(encoding="utf-8")
    post_22 = next(line for line in text.splitlines() if line.endswith("001_52bc8ba46f39a98d.txt:251"))
    text = _insert_before(text, post_22 + "\n", "      # Post 22: fees, see the RNB note")
    path.write_text(text, encoding="utf-8")

    # the supplements in the same file: 714.21 gets its first change
    assert run("import", str(LETTER_2023_FULL), "--into", str(path), "--received", "2023-06-30").exit_code in (0, 1)
    text = path.read_text(encoding="utf-8")
    _source_comments_stand_above_their_posts(text)
    above, below = neighbours(text, "# Post 22: fees, see the RNB note")
    assert (above, below) == ("            note: oppdrag om skolemåltid", "      22:")
    # a comment at the end of 714.21's changes list, added by hand
    text = _insert_before(text, "      # Post 22: fees, see the RNB note\n", "          # end of 714.21's changes")
    path.write_text(text, encoding="utf-8")

    # the July letter: a second change to 714.21, one to 714.79 (the last post before chapter 717)
    assert run("import", str(LETTER_2023_LATE), "--into", str(path), "--received", "2023-09-22").exit_code in (0, 1)
    text = path.read_text(encoding="utf-8")
    _source_comments_stand_above_their_posts(text)
    assert neighbours(text, "# end of 714.21's changes") == ("            note: ekstraordinær prisjustering på posten",
                                                             "      22:")
    assert neighbours(text, "# 2.2.2 Tildelinger")[1] == "  717:"
    assert neighbours(text, "# 2.2.2 Tildelinger")[0].startswith("                purpose: ")   # 714.79's new earmarks
    assert neighbours(text, "# Post 22: fees, see the RNB note")[1] == "      22:"
    # a comment between 714.21's two changes, added by hand above the July change's source comment
    july = next(line for line in text.splitlines()
                if line.startswith("          # ") and line.endswith("000_28ee3e37de085100.txt:196"))
    text = _insert_before(text, july + "\n", "          # between: the July letter")
    path.write_text(text, encoding="utf-8")

    # a third change to 714.21
    letter = tmp_path / "tillegg.txt"
    letter.write_text(SYNTHETIC_714_21, encoding="utf-8")
    assert run("import", str(letter), "--into", str(path)).exit_code in (0, 1)
    text = path.read_text(encoding="utf-8")
    _source_comments_stand_above_their_posts(text)
    assert neighbours(text, "# between: the July letter") == ("            note: oppdrag om skolemåltid",
                                                              "          - letter: TTB2023-44..52")
    assert neighbours(text, "# end of 714.21's changes") == ("            total: 75 000", "      22:")
    assert neighbours(text, "# Post 22: fees, see the RNB note")[1] == "      22:"
    assert [c.letter for c in {p.key: p for p in load_file(path).posts}["714.21"].changes] == [
        "TTB2023-22..25", "TTB2023-44..52", "TTB2023-70"]


SYNTHETIC_714_21 = """Tillegg til tildelingsbrev

Dato 1. september 2023

Nye oppdrag:
- TTB2023-70 Et nytt oppdrag

TTB2023-70 Et nytt oppdrag
Helsedirektoratet bes om å utrede saken.

Kap. 714, post 21
(i 1 000 kroner)
Kap. post Tidligere tildeling Ny tildeling Sum tildelt
714.21 73 800 1 200 75 000

Med hilsen
"""


# -- the placement pass on its own ------------------------------------------------------------------

def test_placement_leaves_text_that_is_not_the_old_text_with_lines_added():
    before = "a: 1\n# about b\nb: 2\n"
    changed = "a: 3\n# about b\nx: 1\nb: 2\n"          # a line changed, not only added
    assert keep_comments_in_place(before, changed) == changed
    assert keep_comments_in_place(before, before) == before


def test_placement_never_moves_a_hash_line_inside_a_block_scalar():
    before = "a:\n  note: |\n    text\n    # part of the note\n  b: 1\n"
    after = "a:\n  note: |\n    text\n    # part of the note\n  c: 2\n  b: 1\n"
    assert keep_comments_in_place(before, after) == after


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.integers(min_value=0, max_value=len(HAND_LEDGER.splitlines()) - 1), max_size=8))
def test_a_comment_above_any_line_stays_above_that_line(run, tmp_path_factory, positions):
    """Property: put a comment above any line, indented like it; after --into it is still above it."""
    lines = HAND_LEDGER.splitlines()
    expected = {}
    out = []
    for number, line in enumerate(lines):
        if number in positions and _is_content(line):
            comment = f"# note {number}"
            out.append(" " * (len(line) - len(line.lstrip())) + comment)
            expected[comment] = line
        out.append(line)
    directory = tmp_path_factory.mktemp("property")
    ledger = directory / "2023.yaml"
    ledger.write_text("\n".join(out) + "\n", encoding="utf-8")
    letter = directory / "tillegg.txt"
    letter.write_text(HAND_LETTER, encoding="utf-8")
    assert run("import", str(letter), "--into", str(ledger)).exit_code == 0
    text = ledger.read_text(encoding="utf-8")
    for comment, line in expected.items():
        assert neighbours(text, comment)[1] == line, comment
