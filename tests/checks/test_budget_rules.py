"""The budget's own rules: appropriation changes, transfers between posts, withheld amounts, several agencies."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from budsjett_cli.analysis import analyse
from budsjett_cli.findings import Severity
from budsjett_cli.ledger.loader import load_text
from budsjett_cli.problems import InputError
from conftest import ROOT

HEAD = """year: 2023
agency: {agency}
unit: 1000 kr
letters:
  TB: {{title: Tildelingsbrev, date: 2023-01-10}}
  T1: {{title: Tillegg 1, date: 2023-03-01{note}}}
  T2: {{title: Tillegg 2, date: 2023-06-30}}
"""


def ledger(body: str, agency: str = "Helsedirektoratet", note: str = "", name: str = "l.yaml"):
    return load_text(HEAD.format(agency=agency, note=note) + body, name)


def found(body: str, check: str, **kwargs):
    return [f for f in analyse(ledger(body, **kwargs)).findings if f.check == check]


def post(key: str = "21", name: str = "Spesielle driftsutgifter", appropriation: str = "1 000",
         allocation: str = "1 000", changes: str = "", extra: str = "") -> str:
    text = (f"      {key}:\n        name: {name}\n        appropriation: {appropriation}\n"
            f"        allocation: {allocation}\n        letter: TB\n{extra}")
    return text + (f"        changes:\n{changes}" if changes else "")


def chapter(*posts: str, number: str = "714") -> str:
    return f"chapters:\n  {number}:\n    posts:\n" + "".join(posts)


# -- appropriation changes ---------------------------------------------------------------------

def test_an_implied_appropriation_change_keeps_a_price_adjustment_within_the_appropriation():
    changes = ("          - letter: T1\n            amount: 100\n            note: ekstraordinær prisjustering\n"
               "            appropriation_change: {amount: 100, implied: true, source: Prop. 118 S (2022-2023)}\n")
    analysis = analyse(ledger(chapter(post(changes=changes))))
    assert [f for f in analysis.findings if f.severity is not Severity.INFO] == []
    history = analysis.histories[0]
    assert (history.appropriation, history.original_appropriation) == (Decimal("1100000"), Decimal("1000000"))
    assert history.appropriation_implied


def test_without_it_a_change_the_letter_ties_to_rnb_is_a_warning_that_names_the_cause():
    changes = "          - letter: T1\n            amount: 100\n            note: jf. RNB 2023\n"
    (finding,) = [f for f in found(chapter(post(changes=changes)), "appropriation") if f.severity is not Severity.INFO]
    assert finding.severity is Severity.WARNING
    assert "likely cause: T1 ties the change to a change of the appropriation" in finding.message
    assert (finding.expected, finding.actual) == (Decimal("1000000"), Decimal("1100000"))


def test_the_cause_may_stand_in_the_letters_note():
    changes = "          - letter: T1\n            amount: 100\n"
    findings = found(chapter(post(changes=changes)), "appropriation", note=", note: etter Prop. 118 S")
    assert [f.severity for f in findings] == [Severity.WARNING]


def test_an_excess_with_no_cause_stays_an_error():
    changes = "          - letter: T1\n            amount: 100\n            note: nytt oppdrag\n"
    (finding,) = found(chapter(post(changes=changes)), "appropriation")
    assert finding.severity is Severity.ERROR and "record it with 'appropriation:'" in finding.message


def test_an_excess_over_an_implied_appropriation_is_a_warning_at_least():
    changes = ("          - letter: T1\n            amount: 300\n"
               "            appropriation_change: {amount: 100, implied: true}\n")
    (finding,) = found(chapter(post(changes=changes)), "appropriation")
    assert finding.severity is Severity.WARNING and "exceeds the appropriation at least 1 100 by 200" in finding.message


def test_a_printed_appropriation_change_is_exact():
    changes = "          - letter: T1\n            amount: 300\n            appropriation_change: {amount: 100}\n"
    (finding,) = found(chapter(post(changes=changes)), "appropriation")
    assert finding.severity is Severity.ERROR and "exceeds the appropriation 1 100 by 200" in finding.message


def test_the_chain_gap_explains_an_excess_it_covers():
    changes = "          - letter: T1\n            previous: 1 200\n            amount: -100\n"
    findings = {f.check: f for f in analyse(ledger(chapter(post(changes=changes)))).findings}
    assert findings["chain"].severity is Severity.ERROR
    assert findings["appropriation"].severity is Severity.WARNING
    assert "follows from the 200 the chain check reports unaccounted for" in findings["appropriation"].message


def test_a_letter_may_change_only_the_appropriation():
    changes = "          - letter: T1\n            appropriation: 1 500\n"
    analysis = analyse(ledger(chapter(post(changes=changes))))
    (step,) = analysis.histories[0].steps
    assert (step.before, step.after, step.amount, step.appropriation) == (
        Decimal("1000000"), Decimal("1000000"), None, Decimal("1500000"))
    (info,) = [f for f in analysis.findings if f.check == "appropriation"]
    assert "500 (1000 kr) of the appropriation 1 500 is not allocated" in info.message
    assert "(1 000 in the allocation letter, changed during the year)" in info.message


@pytest.mark.parametrize("change, message", [
    ("{letter: T1, amount: 1, appropriation: 2, appropriation_change: {amount: 1}}", "not both"),
    ("{letter: T1, appropriation_change: {implied: true}}", "appropriation_change needs an 'amount'"),
    ("{letter: T1, appropriation_change: {amount: 1, exact: true}}", "unknown key 'exact'"),
    ("{letter: T1, previous: 5}", "needs an 'amount'"),
])
def test_appropriation_change_input_errors(change, message):
    with pytest.raises(InputError) as error:
        ledger(chapter(post(changes=f"          - {change}\n")))
    assert message in str(error.value)


# -- transfers --------------------------------------------------------------------------------

def transfers(*entries: str) -> str:
    return "transfers:\n" + "".join(f"  - {entry}\n" for entry in entries)


TWO_POSTS = chapter(post("21", name="Spesielle driftsutgifter, kan nyttes under post 70"),
                    post("70", name="Tilskudd", appropriation="500", allocation="500"))


def test_a_transfer_may_take_a_post_past_its_own_appropriation_within_the_posts_it_may_use():
    """714.21 'kan nyttes under post 70': moving 200 to 70 (at its appropriation) is no breach while 21 has it spare."""
    body = TWO_POSTS + transfers("{letter: T1, from: 714.21, to: 714.70, amount: 200}")
    findings = found(body, "appropriation")
    assert [f.severity for f in findings if f.severity is not Severity.INFO] == []
    (over,) = [f for f in findings if f.post == "714.70"]
    assert "within the appropriation left unallocated on 714.21 (200)" in over.message
    as_changes = chapter(
        post("21", name="Spesielle driftsutgifter, kan nyttes under post 70",
             changes="          - {letter: T1, previous: 1 000, amount: -200, total: 800}\n"),
        post("70", name="Tilskudd", appropriation="500", allocation="500",
             changes="          - {letter: T1, previous: 500, amount: 200, total: 700}\n"))
    assert [f.severity for f in found(as_changes, "appropriation") if f.severity is not Severity.INFO] == []


def test_more_than_the_linked_posts_have_spare_is_still_an_error():
    body = chapter(
        post("21", name="Spesielle driftsutgifter, kan nyttes under post 70",
             changes="          - {letter: T1, amount: -100}\n"),
        post("70", name="Tilskudd", appropriation="500", allocation="500",
             changes="          - {letter: T1, amount: 300}\n"))
    (error,) = [f for f in found(body, "appropriation") if f.severity is Severity.ERROR]
    assert error.post == "714.70" and "by 300" in error.message
    unlinked = chapter(post("21", changes="          - {letter: T1, amount: -200}\n"),
                       post("70", name="Tilskudd", appropriation="500", allocation="500",
                            changes="          - {letter: T1, amount: 200}\n"))
    assert [f.post for f in found(unlinked, "appropriation") if f.severity is Severity.ERROR] == ["714.70"]


def test_the_spare_appropriation_is_counted_once_for_all_the_posts_that_may_use_it():
    """21 has 200 spare and may be used under 60 and 70; both go 200 over: 400 over in all, an error each."""
    body = chapter(
        post("21", name="Spesielle driftsutgifter, kan nyttes under post 60 og 70", allocation="800"),
        post("60", name="Kommunale tiltak", appropriation="500", allocation="500",
             changes="          - {letter: T1, previous: 500, amount: 200, total: 700}\n"),
        post("70", name="Tilskudd", appropriation="500", allocation="500",
             changes="          - {letter: T1, previous: 500, amount: 200, total: 700}\n"))
    errors = [f.post for f in found(body, "appropriation") if f.severity is Severity.ERROR]
    assert errors == ["714.60", "714.70"]
    one = chapter(
        post("21", name="Spesielle driftsutgifter, kan nyttes under post 60 og 70", allocation="800"),
        post("60", name="Kommunale tiltak", appropriation="500", allocation="500",
             changes="          - {letter: T1, previous: 500, amount: 200, total: 700}\n"),
        post("70", name="Tilskudd", appropriation="500", allocation="500"))
    assert [f.post for f in found(one, "appropriation") if f.severity is Severity.ERROR] == []


def test_an_income_target_above_the_appropriation_is_no_breach():
    body = chapter(post("04", name="Gebyrinntekter", changes="          - {letter: T1, amount: 200}\n"),
                   number="3714")
    (finding,) = found(body, "appropriation")
    assert finding.severity is Severity.INFO and "income target above the appropriation" in finding.message


def test_a_transfer_counts_before_a_change_of_the_same_letter_whose_previous_includes_it():
    """The letter moves 200 from 21 to 70, then its table gives 21's previous as 800 (after the move)."""
    body = chapter(
        post("21", name="Spesielle driftsutgifter, kan nyttes under post 70",
             changes="          - {letter: T1, previous: 800, amount: 100, total: 900}\n"),
        post("70", name="Tilskudd", appropriation="500", allocation="300")) + transfers(
        "{letter: T1, from: 714.21, to: 714.70, amount: 200}")
    analysis = analyse(ledger(body))
    assert [f for f in analysis.findings if f.check == "chain"] == []
    current = {h.post.key: h.current for h in analysis.histories}
    assert current == {"714.21": Decimal("900000"), "714.70": Decimal("500000")}


def test_an_allowed_transfer_moves_money_and_leaves_the_sum_unchanged():
    body = TWO_POSTS + transfers("{letter: T1, from: 714.70, to: 714.21, amount: 200}")
    analysis = analyse(ledger(body))
    current = {h.post.key: h.current for h in analysis.histories}
    assert current == {"714.21": Decimal("1200000"), "714.70": Decimal("300000")}
    assert sum(current.values()) == Decimal("1500000")
    assert [f for f in analysis.findings if f.check == "transfers"] == []
    step = analysis.histories[1].steps[0]
    assert step.change.transfer is not None and step.amount == Decimal("-200000")


def test_the_receiving_posts_name_may_allow_it_too_and_so_may_a_cited_decision():
    reverse = TWO_POSTS + transfers("{letter: T1, from: 714.21, to: 714.70, amount: 200}")
    assert found(reverse, "transfers") == []  # 714.21's name says it may be used under post 70
    other = chapter(post("21"), post("60", name="Kommunale tiltak"))
    assert found(other + transfers("{letter: T1, from: 714.21, to: 714.60, amount: 1, authority: Innst. 400 S}"),
                 "transfers") == []


def test_a_transfer_the_names_do_not_allow_is_an_error():
    body = chapter(post("21"), post("60", name="Kommunale tiltak")) + transfers(
        "{letter: T1, from: 714.21, to: 714.60, amount: 100}")
    (finding,) = found(body, "transfers")
    assert finding.severity is Severity.ERROR and "not allowed by the posts' names" in finding.message
    assert finding.post == "714.21" and finding.location.line == 22  # the transfer's entry


def test_an_unbalanced_transfer_is_an_error():
    body = TWO_POSTS + transfers("{letter: T1, from: 714.70, to: 714.21, amount: 200, amount_to: 250}")
    (finding,) = found(body, "transfers")
    assert "unbalanced: 250 reaches 714.21, 50 (1000 kr) more than leaves 714.70" in finding.message
    assert finding.difference == Decimal("50000")


def test_a_transfer_to_a_post_the_ledger_lacks_moves_nothing():
    (finding,) = found(TWO_POSTS + transfers("{letter: T1, from: 714.21, to: 714.99, amount: 1}"), "transfers")
    assert "714.99, which the ledger does not have" in finding.message


@pytest.mark.parametrize("entry, message", [
    ("{letter: T1, from: 714.21, amount: 1}", "a transfer needs 'to'"),
    ("{letter: T1, from: 714, to: 714.70, amount: 1}", "write the post as chapter.post"),
    ("{letter: T1, from: 714.21, to: 714.21, amount: 1}", "not from 714.21 to itself"),
])
def test_transfer_input_errors(entry, message):
    with pytest.raises(InputError) as error:
        ledger(TWO_POSTS + transfers(entry))
    assert message in str(error.value)


def test_a_transfer_takes_its_place_among_the_changes_by_date():
    changes = "          - {letter: T2, amount: 10}\n"
    body = chapter(post("21", name="Drift, kan nyttes under post 70", changes=changes),
                   post("70", appropriation="500", allocation="500")) + transfers(
        "{letter: T1, from: 714.70, to: 714.21, amount: 5}")
    letters = [step.change.letter for step in analyse(ledger(body)).histories[0].steps]
    assert letters == ["T1", "T2"]


# -- withheld amounts ----------------------------------------------------------------------------

def test_a_withheld_amount_is_info_while_pending_and_quiet_once_released():
    pending = "        withheld:\n          - {letter: TB, amount: 50, note: holdes tilbake}\n"
    (finding,) = found(chapter(post(extra=pending)), "transfers")
    assert finding.severity is Severity.INFO and "50 (1000 kr) of the allocation is withheld by TB" in finding.message
    released = "        withheld:\n          - {letter: TB, amount: 50, released_by: T2}\n"
    assert found(chapter(post(extra=released)), "transfers") == []


# -- linked earmarks ------------------------------------------------------------------------------

def test_linked_earmarks_with_different_figures_are_a_warning():
    extra = "        earmarks_partial: true\n        earmarks:\n          - {amount: '2,5 mill.', purpose: a, link: ordning}\n"
    other = "        earmarks_partial: true\n        earmarks:\n          - {amount: '2,3 mill.', purpose: b, link: ordning}\n"
    findings = found(chapter(post(extra=extra), post("22", extra=other)), "earmarks")
    (finding,) = [f for f in findings if "linked" in f.message]
    assert finding.severity is Severity.WARNING and "2 500 on 714.21" in finding.message
    assert "2 300 on 714.22" in finding.message
    same = other.replace("2,3", "2,5")
    assert not [f for f in found(chapter(post(extra=extra), post("22", extra=same)), "earmarks") if "linked" in f.message]


# -- several agencies ------------------------------------------------------------------------------

def write_pair(tmp_path, a_allocation="600", b_allocation="300", b_appropriation="1 000", a_changes="",
               b_changes=""):
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(HEAD.format(agency="Helsedirektoratet", note="") + chapter(
        post(appropriation="1 000", allocation=a_allocation, changes=a_changes), number="760"), encoding="utf-8")
    b.write_text(HEAD.format(agency="Norsk helsenett SF", note="") + chapter(
        post(appropriation=b_appropriation, allocation=b_allocation, changes=b_changes), number="760"),
        encoding="utf-8")
    return str(a), str(b)


def test_two_agencies_each_within_but_together_over_is_an_error_in_kroner(run, tmp_path):
    a, b = write_pair(tmp_path, "700", "400")
    for single in (a, b):
        assert run("check", single, "--format", "json").exit_code == 0
    result = run("check", a, b, "--format", "json")
    assert result.exit_code == 1
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "agencies"]
    assert finding["severity"] == "error" and finding["post"] == "760.21" and finding["file"] == a
    assert (finding["expected"], finding["actual"], finding["difference"]) == ("1000000", "1100000", "100000")
    assert "by 100 000 kr: Helsedirektoratet 700 000 kr, Norsk helsenett SF 400 000 kr" in finding["message"]


def test_two_agencies_within_together_are_clean(run, tmp_path):
    assert run("check", *write_pair(tmp_path)).exit_code == 0


def test_ledgers_that_disagree_on_the_appropriation_are_a_warning(run, tmp_path):
    result = run("check", *write_pair(tmp_path, b_appropriation="1 100"), "--format", "json")
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "agencies"]
    assert finding["severity"] == "warning" and "disagree on the appropriation of 760.21" in finding["message"]
    assert "1 000 000 kr in Helsedirektoratet's ledger, 1 100 000 kr in Norsk helsenett SF's ledger" \
        in finding["message"]


def test_an_amount_moved_between_agencies_is_matched_in_the_other_ledger(run, tmp_path):
    moved = "          - {letter: T2, amount: -50, counterpart: Norsk helsenett SF}\n"
    back = "          - {letter: T2, amount: 50, counterpart: Helsedirektoratet}\n"
    matched = run("check", *write_pair(tmp_path, a_changes=moved, b_changes=back), "--format", "json")
    assert [f for f in json.loads(matched.stdout)["findings"] if f["check"] == "agencies"] == []
    unmatched = run("check", *write_pair(tmp_path, a_changes=moved), "--format", "json")
    (finding,) = [f for f in json.loads(unmatched.stdout)["findings"] if f["check"] == "agencies"]
    assert finding["severity"] == "warning" and "50 000 kr moved to Norsk helsenett SF on 760.21 (T2)" \
        in finding["message"]
    assert "expected a change of 50 000 kr on 760.21" in finding["message"]


def test_a_moved_amount_checked_alone_is_not_guessed_at(run, tmp_path):
    moved = "          - {letter: T2, amount: -50, counterpart: Norsk helsenett SF}\n"
    a, _ = write_pair(tmp_path, a_changes=moved)
    other = tmp_path / "other.yaml"
    other.write_text(HEAD.format(agency="Folkehelseinstituttet", note="") + chapter(post(), number="745"),
                     encoding="utf-8")
    result = run("check", a, str(other), "--format", "json")
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "agencies"]
    assert finding["severity"] == "info" and "no ledger of Norsk helsenett SF was checked" in finding["message"]


def test_the_agencies_check_can_be_left_out(run, tmp_path):
    a, b = write_pair(tmp_path, "700", "400")
    assert run("check", a, b, "--skip", "agencies").exit_code == 0
    assert "agencies" in run("check", "--list").stdout


def test_the_made_up_example_pair_shows_a_shared_post_and_a_moved_amount(run):
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "data").glob("example-shared-post-*-made-up.yaml"))
    assert len(files) == 2
    result = run("check", *[str(ROOT / f) for f in files], "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    (over,) = [f for f in findings if f["check"] == "agencies"]
    assert over["difference"] == "1500000"  # each ledger alone is within the appropriation
    assert {f["check"] for f in findings if f["severity"] == "info"} >= {"transfers", "appropriation"}
    for single in files:
        assert run("check", str(ROOT / single)).exit_code == 0


def test_summary_by_agency_puts_the_agencies_side_by_side(run):
    files = sorted(str(p) for p in (ROOT / "data").glob("example-shared-post-*-made-up.yaml"))
    result = run("summary", *files, "--by", "agency", "--format", "json")
    assert result.exit_code == 0
    (sheet,) = json.loads(result.stdout)["sheets"]
    headers = [c["header"] for c in sheet["columns"]]
    assert headers[3:6] == ["Bevilgning", "Helsedirektoratet", "Norsk helsenett SF"]
    row = sheet["rows"][0]["values"]
    assert (row["post"], row["appropriation"], row["allocation:Helsedirektoratet"],
            row["allocation:Norsk helsenett SF"], row["current"], row["unallocated"], row["status"]) == (
        "21", "120000000", "81500000", "40000000", "121500000", "-1500000", "error")
    assert run("summary", files[0], str(ROOT / "data" / "2024.yaml"), "--by", "agency").exit_code == 2


def test_summary_notes_the_withheld_amounts_still_pending(run):
    ledger = str(ROOT / "data" / "example-shared-post-helsedirektoratet-made-up.yaml")
    notes = json.loads(run("summary", ledger, "--format", "json").stdout)["sheets"][0]["notes"]
    (note,) = [n for n in notes if n.startswith("Holdt tilbake")]
    assert "5 000 on 760.70 (TB2025: holdes tilbake med sikte på å flytte denne til post 21)" in note


# -- a misprinted total ---------------------------------------------------------------------------

def test_a_total_the_next_letter_shows_misprinted_is_one_finding_on_that_total():
    """8 500 on 187 166 printed as 196 666 (not 195 666), and the next letter's previous is 195 666: one error on
    the misprinted total, none on the correct letter after it (it was two chain errors, the second false)."""
    changes = ("          - {letter: T1, amount: 8 500, total: 196 666}\n"
               "          - {letter: T2, previous: 195 666, amount: 1 000, total: 196 666}\n")
    analysis = analyse(ledger(chapter(post(appropriation="250 000", allocation="187 166", changes=changes))))
    (finding,) = [f for f in analysis.findings if f.check == "chain"]
    assert finding.letter == "T1" and "a misprint in this letter's total?" in finding.message
    assert (finding.expected, finding.actual) == (Decimal("195666000"), Decimal("196666000"))
    assert [s.after for s in analysis.histories[0].steps] == [Decimal("195666000"), Decimal("196666000")]


def test_without_the_next_letters_confirmation_a_gap_is_still_a_missing_letter():
    changes = ("          - {letter: T1, amount: 8 500, total: 196 666}\n"
               "          - {letter: T2, previous: 196 666, amount: 1 000, total: 197 666}\n")
    (finding,) = found(chapter(post(appropriation="250 000", allocation="187 166", changes=changes)), "chain")
    assert "a letter may be missing from the ledger" in finding.message


# -- figures in the wrong unit ------------------------------------------------------------------

def test_a_change_typed_bare_where_its_note_says_millions_is_a_warning():
    changes = '          - {letter: T1, amount: "2,5", note: "tildeles 2,5 mill. kroner"}\n'
    (finding,) = found(chapter(post(changes=changes)), "magnitude")
    assert finding.severity is Severity.WARNING and "write it with its unit, as '2,5 mill.'" in finding.message
    written = '          - {letter: T1, amount: "2,5 mill.", note: "tildeles 2,5 mill. kroner"}\n'
    assert found(chapter(post(changes=written)), "magnitude") == []


def test_decimals_among_a_few_whole_posts_and_in_a_change_are_warnings():
    posts = chapter(post("01", appropriation="1 305 832", allocation="1 305 832"),
                    post("21", appropriation="35 149", allocation="35 149"),
                    post("22", appropriation="217 166", allocation="187 166",
                         changes="          - {letter: T1, amount: \"1,7\"}\n"),
                    post("70", appropriation="2 607,4", allocation="2 607,4"))
    findings = found(posts, "magnitude")
    assert sorted(f.post for f in findings) == ["714.22", "714.70"]
    assert all(f.severity is Severity.WARNING for f in findings)
