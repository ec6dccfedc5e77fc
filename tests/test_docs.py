"""The documentation's examples are real: they load and behave as the docs say."""

import re

from budsjett_cli.checks import build_context, run_checks
from budsjett_cli.ledger.loader import load_file
from conftest import ROOT

DOCS = ROOT / "docs"


def yaml_blocks(name):
    return re.findall(r"```yaml\n(.*?)```", (DOCS / name).read_text(encoding="utf-8"), re.S)


def test_the_complete_example_in_the_format_docs_loads_and_checks(write):
    example = yaml_blocks("ledger-format.md")[1]
    ledger = load_file(write(example))
    assert [p.key for p in ledger.posts] == ["765.21", "3714.04"]
    found = run_checks(build_context(ledger))
    # The example's second supplement starts where the ledger has no letter for: the chain gap shows.
    assert any(f.check == "chain" and f.severity.value == "error" for f in found)


def test_the_flow_mapping_advice_in_the_format_docs_loads(write):
    block = yaml_blocks("ledger-format.md")[-1]
    text = "year: 2023\nunit: 1000 kr\nchapters:\n  1:\n    posts:\n      1:\n        earmarks_partial: true\n        earmarks:\n"
    text += "".join("          " + line + "\n" for line in block.splitlines())
    post = load_file(write(text)).posts[0]
    assert [e.purpose for e in post.earmarks] == ["helseapper, digitale verktøy"] * 2


def _example(name):
    return next(b for b in yaml_blocks("ledger-format.md") if b.startswith(f"# example: {name}\n"))


def test_the_appropriation_change_example_loads_and_keeps_714_70_within(write):
    ledger = load_file(write(_example("appropriation-change")))
    change = ledger.posts[0].changes[0]
    assert change.appropriation_change.implied and change.appropriation_change.amount.kroner == 3983000
    found = run_checks(build_context(ledger))
    assert [f.severity.value for f in found if f.check == "appropriation"] == ["info"]  # 80 left, at least


def test_the_transfers_example_loads_moves_the_money_and_is_allowed(write):
    ledger = load_file(write(_example("transfers")))
    context = build_context(ledger)
    assert {h.post.key: h.current for h in context.histories} == {"760.21": 80000000, "760.70": 38000000}
    assert [f for f in run_checks(context) if f.check == "transfers"] == []


def test_the_counterpart_example_loads(write):
    change = load_file(write(_example("counterpart"))).posts[0].changes[0]
    assert (change.counterpart, change.amount.kroner) == ("Helsedirektoratet", 500000)


def test_the_link_example_gives_the_warning_the_docs_describe(write):
    found = run_checks(build_context(load_file(write(_example("link")))))
    (finding,) = [f for f in found if f.check == "earmarks" and "linked" in f.message]
    assert finding.severity.value == "warning" and "2 500 on 714.22" in finding.message and "2 300 on 3714.04" in finding.message
