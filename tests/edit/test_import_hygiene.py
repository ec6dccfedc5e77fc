"""Never merge silently what does not belong: each rule of issue 8, through the command, with the exit code and the
ledger's bytes checked."""

from __future__ import annotations

import re

import pytest

from budsjett_cli.ledger.loader import load_file
from conftest import DATA, LEDGER_2023, LETTER_2023_LATE, LETTER_2024

DATED_LETTER = """Tillegg til tildelingsbrev

Dato 1. september {year}

TTB{year}-70 Et nytt oppdrag
Helsedirektoratet bes om å utrede saken.

Kap. 765, post 21
Helsedirektoratet tildeles 2 mill. kroner til allmennlegetjenesten.

Med hilsen
"""

UNDATED_LETTER = DATED_LETTER.replace("Dato 1. september {year}\n\n", "")


@pytest.fixture
def ledger(tmp_path):
    """A copy of the bundled 2023 ledger, and its bytes as they were."""
    path = tmp_path / "2023.yaml"
    path.write_bytes(LEDGER_2023.read_bytes())
    return path


def letter_file(tmp_path, text, name="tillegg.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- a letter for another year -----------------------------------------------------------------------

def test_a_letter_for_another_year_is_refused_naming_both_years(run, ledger):
    before = ledger.read_bytes()
    result = run("import", str(LETTER_2024), "--into", str(ledger), "--received", "2024-09-30")
    assert result.exit_code == 2
    assert "letter TTB2024-54..62 is for 2024, the ledger" in result.stderr and "for 2023" in result.stderr
    assert "--force-year" in result.stderr and "nothing was imported" in result.stderr
    assert result.stdout == ""
    assert ledger.read_bytes() == before


def test_force_year_is_the_documented_way_through(run, ledger):
    before = ledger.read_bytes()
    result = run("import", str(LETTER_2024), "--into", str(ledger), "--received", "2024-09-30", "--force-year")
    assert result.exit_code in (0, 1), result.stderr
    after = ledger.read_bytes()
    assert after != before and after.startswith(before[:200])
    assert "TTB2024-54..62" in load_file(ledger).letters


def test_force_year_without_into_is_a_usage_error(run):
    assert run("import", str(LETTER_2024), "--force-year").exit_code == 2


# -- a ledger (or any YAML) given as a letter ----------------------------------------------------------

def test_a_ledger_given_as_the_letter_is_refused(run, ledger, tmp_path):
    before = ledger.read_bytes()
    copy = tmp_path / "ledger-copy.txt"         # the extension does not hide it
    copy.write_bytes(DATA.joinpath("2024.yaml").read_bytes())
    for letter in (DATA / "2025.yaml", copy):
        result = run("import", str(letter), "--into", str(ledger))
        assert result.exit_code == 2
        assert f"{letter}:1: this is a ledger (YAML with year, letters, chapters), not a letter" in result.stderr
        assert ledger.read_bytes() == before
    assert run("import", str(DATA / "2025.yaml")).exit_code == 2


def test_any_yaml_given_as_a_letter_is_refused(run, tmp_path):
    other = letter_file(tmp_path, "name: x\nitems:\n  - a\n  - b\nnested:\n  key: 1\n", "settings.txt")
    result = run("import", str(other))
    assert result.exit_code == 2 and "this is a YAML file, not a letter" in result.stderr
    assert result.stdout == ""


def test_a_letter_with_a_few_colons_is_still_a_letter(run, tmp_path):
    letter = letter_file(tmp_path, "Tillegg til tildelingsbrev\n\nDato: 1. september 2023\nFrist: 1. oktober 2023\n\n"
                                   "Kap. 765, post 21\nHelsedirektoratet tildeles 2 mill. kroner til drift.\n")
    result = run("import", str(letter))
    assert result.exit_code == 0, result.stderr
    assert "amount: 2 mill." in result.stdout


# -- a letter that prints no date --------------------------------------------------------------------

def test_an_undated_letter_is_proposed_with_a_review_item(run, tmp_path):
    letter = letter_file(tmp_path, UNDATED_LETTER.format(year=2023))
    result = run("import", str(letter))
    assert result.exit_code == 0
    assert f"# - {letter}:1: [date-not-found]: the letter prints no date" in result.stdout
    assert run("import", str(letter), "--strict").exit_code == 1


def test_into_asks_for_the_date_of_an_undated_letter(run, ledger, tmp_path):
    before = ledger.read_bytes()
    letter = letter_file(tmp_path, UNDATED_LETTER.format(year=2023))
    result = run("import", str(letter), "--into", str(ledger))
    assert result.exit_code == 2
    assert f"{letter}:1: letter TTB2023-70 prints no date" in result.stderr
    assert "--date YYYY-MM-DD" in result.stderr and "--received YYYY-MM-DD" in result.stderr
    assert ledger.read_bytes() == before
    dry = run("import", str(letter), "--into", str(ledger), "--dry-run")
    assert dry.exit_code == 2 and ledger.read_bytes() == before


def test_received_is_recorded_and_dates_the_changes(run, ledger, tmp_path):
    before = ledger.read_text(encoding="utf-8")
    letter = letter_file(tmp_path, UNDATED_LETTER.format(year=2023))
    result = run("import", str(letter), "--into", str(ledger), "--received", "2023-09-25")
    assert result.exit_code in (0, 1), result.stderr
    after = ledger.read_text(encoding="utf-8")
    assert "  TTB2023-70:\n    title: Tillegg til tildelingsbrev (TTB2023-70)\n    received: 2023-09-25\n" in after
    assert "date-not-found" not in after            # settled by --received, not left for review
    merged = load_file(ledger)
    assert merged.letters["TTB2023-70"].date is None
    change = next(p for p in merged.posts if p.key == "765.21").changes[-1]
    assert merged.change_date(change).isoformat() == "2023-09-25"
    assert all(line in after.splitlines() for line in before.splitlines())


def test_date_dates_one_undated_letter(run, ledger, tmp_path):
    letter = letter_file(tmp_path, UNDATED_LETTER.format(year=2023))
    result = run("import", str(letter), "--into", str(ledger), "--date", "2023-09-20")
    assert result.exit_code in (0, 1), result.stderr
    assert load_file(ledger).letters["TTB2023-70"].date.isoformat() == "2023-09-20"


def test_date_for_several_undated_letters_or_a_dated_one_is_refused(run, ledger, tmp_path):
    before = ledger.read_bytes()
    bundle = letter_file(tmp_path, UNDATED_LETTER.format(year=2023) + "\n" +
                         UNDATED_LETTER.format(year=2023).replace("TTB2023-70", "TTB2023-71"))
    result = run("import", str(bundle), "--into", str(ledger), "--date", "2023-09-20")
    assert result.exit_code == 2 and "2 letters print no date (TTB2023-70, TTB2023-71)" in result.stderr
    dated = letter_file(tmp_path, DATED_LETTER.format(year=2023), "dated.txt")
    result = run("import", str(dated), "--into", str(ledger), "--date", "2023-09-20")
    assert result.exit_code == 2 and "--date is for a letter that prints none" in result.stderr
    both = run("import", str(bundle), "--into", str(ledger), "--date", "2023-09-20", "--received", "2023-09-21")
    assert both.exit_code == 2
    assert ledger.read_bytes() == before


def test_letters_received_together_are_each_dated_without_yaml_aliases(run, ledger, tmp_path):
    bundle = letter_file(tmp_path, UNDATED_LETTER.format(year=2023) + "\n" +
                         UNDATED_LETTER.format(year=2023).replace("TTB2023-70", "TTB2023-71"))
    assert run("import", str(bundle), "--into", str(ledger), "--received", "2023-09-25").exit_code in (0, 1)
    text = ledger.read_text(encoding="utf-8")
    assert text.count("    received: 2023-09-25\n") == 2
    assert not re.search(r"[&*]id\d", text)


def test_check_warns_about_an_undated_letter_with_the_fix(run, write):
    path = write("""year: 2023
unit: 1000 kr
letters:
  TB2023: {title: Tildelingsbrev 2023}
  TTB2023-70: {title: Tillegg}
chapters:
  765:
    posts:
      21:
        allocation: 100
        letter: TB2023
        changes:
          - {letter: TTB2023-70, amount: 5}
""")
    before = open(path, "rb").read()
    result = run("check", path)
    assert result.exit_code == 0                     # a warning
    line = next(line for line in result.stdout.splitlines() if "[letters]" in line)
    assert line.startswith(f"{path}:5:3: warning [letters]: letter TTB2023-70 is undated")
    assert "received: YYYY-MM-DD" in line and "date: YYYY-MM-DD" in line
    assert "TB2023 is undated" not in result.stdout  # the allocation letter gives no changes to date
    assert open(path, "rb").read() == before


def test_the_bundled_ledgers_date_every_letter_that_gives_changes(run):
    for name in ("chapters.yaml", "2024.yaml", "2025.yaml"):
        result = run("check", str(DATA / name))
        assert "is undated" not in result.stdout, name
        ledger = load_file(DATA / name)
        for post in ledger.posts:
            for change in post.changes:
                assert ledger.change_date(change) is not None, (name, post.key, change.letter)


# -- a cited letter not declared -----------------------------------------------------------------------

def test_an_undeclared_letter_is_a_finding_and_the_rest_is_still_checked(run, write):
    path = write("""year: 2023
unit: 1000 kr
letters:
  TB2023: {title: Tildelingsbrev 2023, date: 2023-01-10}
chapters:
  765:
    posts:
      21:
        allocation: 100
        letter: TB2023
        changes:
          - {letter: TTB2023-99, amount: 5}
      22:
        allocation: 10
        letter: TB2023
        earmarks:
          - {purpose: mer enn posten, amount: 12}
""")
    before = open(path, "rb").read()
    result = run("check", path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    undeclared = [line for line in lines if "TTB2023-99" in line]
    assert undeclared == [f"{path}:12:22: error [letters] 765.21: letter 'TTB2023-99' is cited here but not declared under "
                          "'letters': declare it there (TTB2023-99: with its title and date), or cite a letter the "
                          "ledger declares"]
    assert "did you mean" not in result.stdout + result.stderr and "TB2023?" not in result.stdout
    assert any("[earmarks] 765.22" in line for line in lines)      # the rest of the ledger is still checked
    assert result.stderr == ""
    assert open(path, "rb").read() == before


# -- review items outlive the screen -------------------------------------------------------------------

def test_into_records_what_it_did_not_merge_and_check_lists_it_until_resolved(run, tmp_path):
    from importcompare import only_allocation_letter
    ledger = only_allocation_letter(tmp_path / "2023.yaml")
    result = run("import", str(LETTER_2023_LATE), "--into", str(ledger), "--received", "2023-09-22")
    assert result.exit_code == 1, result.stderr            # new error findings (the letters' own)
    assert "recorded in the ledger under the letter's 'review:'" in result.stdout
    text = ledger.read_text(encoding="utf-8")
    recorded = ("    review:\n      - kind: previous\n        post: '714.22'\n"
                f"        source: {LETTER_2023_LATE}:199-201\n"
                "        note: '2,5 mill. kroner: an earlier allocation: background, or the allocation the change "
                "starts from?'\n        status: open\n")
    assert recorded in text
    check = run("check", str(ledger))
    listed = [line for line in check.stdout.splitlines() if "open review item" in line]
    assert len(listed) == 1 and " info [letters] 714.22: open review item from letter TTB2023-44..52: [previous]" \
        in listed[0]
    for status in ("resolved", "dismissed"):
        ledger.write_text(text.replace("        status: open\n", f"        status: {status}\n"), encoding="utf-8")
        assert "open review item" not in run("check", str(ledger)).stdout
    ledger.write_text(text.replace("        status: open\n", "        status: done\n"), encoding="utf-8")
    bad = run("check", str(ledger))
    assert bad.exit_code == 2 and "status is one of open, resolved, dismissed, not 'done'" in bad.stderr


def test_a_ledger_without_review_items_is_unchanged_by_check(run):
    result = run("check", str(LEDGER_2023))
    assert "open review item" not in result.stdout


# -- control characters ------------------------------------------------------------------------------

CONTROLS = ["\x1b[31m", "\x07", "\x00", "\x85", "\x9b", "\u2028", "\u2029", "\x7f"]


def test_control_characters_never_reach_the_yaml(run, tmp_path, ledger):
    padding = "Helsedirektoratet bes om å utrede saken.\n" * 120     # past the binary-file sniff of the first 4 KB
    text = DATED_LETTER.format(year=2023).replace(
        "Helsedirektoratet tildeles 2 mill. kroner til allmennlegetjenesten.",
        "Helsedirektoratet tildeles 2 mill. kroner til allmenn\x1b[31mlege\x07tjenesten\x00 og\x85 "
        "kurs\x9b i\u2028 helse\u2029 og\x7f drift.")
    text = text.replace("Kap. 765, post 21", padding + "\nKap. 765, post 21")
    letter = letter_file(tmp_path, text)
    result = run("import", str(letter))
    assert result.exit_code == 0, result.stderr
    assert not any(c in result.stdout for c in CONTROLS)
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(result.stdout, encoding="utf-8")
    assert run("check", str(proposal)).exit_code in (0, 1)      # it loads (2 would be unusable input)
    change = next(p for p in load_file(proposal).posts if p.key == "765.21").changes[0]
    assert "lege" in change.note and not any(c in change.note for c in CONTROLS)
    before = ledger.read_bytes()
    merged = run("import", str(letter), "--into", str(ledger))
    assert merged.exit_code in (0, 1), merged.stderr
    data = ledger.read_bytes()
    assert data != before
    assert not any(c.encode("utf-8") in data for c in CONTROLS)
    assert load_file(ledger).letters["TTB2023-70"].date.isoformat() == "2023-09-01"
