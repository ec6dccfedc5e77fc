"""``earmarks_partial`` is proposed only when the letter's words say the list is partial; a list
short of what it itemises without such words is left for ``check`` to report, and reviewed."""

import json

import pytest

from budsjett_cli.letters.reader import read_file, read_text
from conftest import LEDGER_2025, LETTER_2025
from importcompare import LEDGER_OF, compare

SUPPLEMENT = """Tillegg til tildelingsbrev

Nye oppdrag:
- TTB2023-70 Et nytt oppdrag

TTB2023-70 Et nytt oppdrag
Helsedirektoratet bes om å utrede saken.

Kap. 762, post 21
{body}

Med hilsen
"""
LIST = "Helsedirektoratet tildeles 5 mill. kroner til {intro}følgende tiltak:\n\n- 2 mill. kroner til kampanjer{more}\n- {second} mill. kroner til konferanser"
TABLE = ("(i 1 000 kroner)\nKap. post Tidligere tildeling Ny tildeling Sum tildelt\n762.21 185 951 5 000 190 951\n\n")


def _findings_for(run, path, post):
    result = run("check", str(path), "--format", "json")
    keep = ("severity", "check", "post", "letter", "message", "expected", "actual", "difference")
    return [{k: f[k] for k in keep} for f in json.loads(result.stdout)["findings"] if f["post"] == post]


def test_importing_003_gives_the_bundled_ledgers_check_findings_for_760_21(run, tmp_path):
    result = run("import", str(LETTER_2025))
    assert result.exit_code == 0
    proposal = tmp_path / "2025.yaml"
    proposal.write_text(result.stdout, encoding="utf-8")
    assert "earmarks_partial: true\n" not in result.stdout
    ours = _findings_for(run, proposal, "760.21")
    assert ours == _findings_for(run, LEDGER_2025, "760.21")
    assert any(f["check"] == "earmarks" and f["difference"] == "-50000" for f in ours)


def test_the_short_list_of_003_is_reviewed_with_its_figures():
    letter = read_file(LETTER_2025).letters[0]
    change = next(c for c in letter.changes if c.key == "760.21")
    assert change.earmarks_partial is False
    short = [r for r in letter.review if r.kind == "earmarks-short"]
    assert len(short) == 1 and short[0].post == "760.21"
    assert short[0].message.startswith("the earmarks add up to 6 270 of the change's 6 320 (1000 kr), 50 less")
    assert (short[0].source.first, short[0].source.last) == (284, 286)


@pytest.mark.parametrize("body, partial, short", [
    # a list introduced as some of the money
    (LIST.format(intro="blant annet ", more="", second="1"), True, False),
    (LIST.format(intro="bl.a. ", more="", second="1"), True, False),
    # the same list without those words: short of the change, so reviewed and left unmarked
    (LIST.format(intro="", more="", second="1"), False, True),
    # "herunder" in an item's purpose qualifies that item, not the list
    (LIST.format(intro="", more=", herunder annonser", second="1"), False, True),
    # a list that adds up: nothing to say
    (LIST.format(intro="", more="", second="3"), False, False),
    # "Av dette ...", "Av tildelingen ...": some of the money
    ("Helsedirektoratet tildeles 5 mill. kroner over kap. 762, post 21 til allmennlegetjenesten. "
     "Av dette skal 2 mill. kroner gå til kampanjer.", True, False),
    (TABLE + "Av tildelingen skal 2 mill. kroner gå til kampanjer.", True, False),
    (TABLE + "Helsedirektoratet tildeles 2 mill. kroner til kampanjer.", False, True),
    (TABLE + "Helsedirektoratet tildeles 2 mill. kroner til kampanjer, herunder annonser.", False, True),
])
def test_partial_only_when_the_letter_says_so(body, partial, short):
    letter = read_text(SUPPLEMENT.format(body=body), "tillegg.txt").letters[0]
    change = next(c for c in letter.changes if c.key == "762.21")
    assert change.amount.kroner == 5000000 and change.earmarks
    assert change.earmarks_partial is partial
    assert any(r.kind == "earmarks-short" and r.post == "762.21" for r in letter.review) is short


ALLOCATION = """# Tildelingsbrev 2024

## 2.1.2 Tildelinger

Alle tall i hele tusen

| Kap. | Post | Postnavn | Bevilgning 2024 | Tildeling 2024 |
|------|------|----------|-----------------|----------------|
| 714 | 21 | Spesielle driftsutgifter | 102 802 | 10 000 |
| | 22 | Gebyrfinansierte ordninger | 28 531 | 5 000 |
| | 60 | Kommunale tiltak | 9 000 | 9 000 |

Kap. 714, post 21:

- 2 mill. kroner til kampanjer.
- 3 mill. kroner til konferanser.

Kap. 714, post 22:

Midlene skal blant annet gå til:

- 2 mill. kroner til tobakk.
- 1 mill. kroner til alkohol.

Kap. 714, post 60:

Det bevilges 4 mill. kroner til tilskudd til kommunene.
"""


def test_an_allocation_letters_lists_follow_the_same_rule():
    letter = read_text(ALLOCATION, "tb.md").letters[0]
    posts = {p.key: p for p in letter.posts}
    assert posts["714.21"].earmarks_partial is False        # a list, short, no word that it is partial
    assert posts["714.22"].earmarks_partial is True         # "Midlene skal blant annet gå til:"
    assert posts["714.60"].earmarks_partial is True         # a sentence naming one use, not a breakdown
    short = [r for r in letter.review if r.kind == "earmarks-short"]
    assert [r.post for r in short] == ["714.21"]
    assert short[0].message.startswith("the earmarks add up to 5 000 of the allocation's 10 000 (1000 kr), 5 000 less")


def test_every_partial_flag_proposed_on_the_real_letters_is_the_ledgers():
    """The hand-made ledgers mark each list; the reader marks none differently (it may miss a list it misses)."""
    checked = 0
    for name in sorted(LEDGER_OF):
        for tally in compare(name):
            checked += tally.found["earmarks_partial"]
            wrong = [m for m in tally.missed if m[0] == "earmarks_partial" and m[3] is not None]
            assert wrong == [], (name, tally.letter, wrong)
    assert checked == 29
