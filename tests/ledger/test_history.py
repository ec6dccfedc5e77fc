"""Running totals: recomputed from the changes, gaps resynchronised, --as-of honoured."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budsjett_cli.amounts import Unit
from budsjett_cli.problems import Location
from budsjett_cli.ledger.history import changes_as_of, post_history
from budsjett_cli.ledger.loader import load_file
from budsjett_cli.ledger.model import Change, Ledger, Letter, Money, Post

HERE = Location("t.yaml", 1, 1)


def money(kroner):
    return Money(Decimal(kroner), str(kroner), "t.yaml", 1, 1)


def ledger_with(letters=()):
    ledger = Ledger(path="t.yaml", year=2023, unit=Unit.KR)
    for letter_id, date in letters:
        ledger.letters[letter_id] = Letter(letter_id, HERE, date=date)
    return ledger


def test_steps_follow_the_changes(write):
    ledger = load_file(write("""year: 2023
unit: 1000 kr
letters: {A: {date: 2023-02-06}, B: {date: 2023-06-16}}
chapters:
  765:
    posts:
      21:
        appropriation: 217 166
        allocation: 187 166
        changes:
          - {letter: A, amount: 8 500, previous: 187 166, total: 195 666}
          - {letter: B, previous: 229 104, amount: 12 100, total: 241 204}
"""))
    history = post_history(ledger, ledger.posts[0])
    assert history.opening == Decimal("187166000") and history.opened_from == "allocation"
    first, second = history.steps
    assert (first.before, first.amount, first.after, first.gap) == (
        Decimal("187166000"), Decimal("8500000"), Decimal("195666000"), None)
    # The letter states 229 104 where the ledger reached 195 666: a gap, and the total continues from the letter.
    assert second.gap == Decimal("33438000")
    assert second.after == Decimal("241204000")
    assert history.current == Decimal("241204000")
    assert history.changes_total == Decimal("20600000")
    assert history.unaccounted == Decimal("33438000")
    assert history.opening + history.changes_total + history.unaccounted == history.current


def test_a_correction_derives_its_amount_from_the_total():
    ledger = ledger_with([("A", None)])
    post = Post("701", "21", HERE, allocation=money(191_650_000))
    post.changes.append(Change("A", HERE, total=money(186_600_000)))
    (step,) = post_history(ledger, post).steps
    assert step.amount == Decimal(-5_050_000) and step.after == Decimal(186_600_000)


def test_amount_and_total_imply_the_previous():
    ledger = ledger_with([("A", None)])
    post = Post("701", "21", HERE, allocation=money(100))
    post.changes.append(Change("A", HERE, amount=money(10), total=money(130)))
    (step,) = post_history(ledger, post).steps
    assert step.gap == Decimal(20) and step.after == Decimal(130)


def test_a_post_without_allocation_opens_at_the_first_stated_previous():
    ledger = ledger_with([("A", None)])
    post = Post("760", "21", HERE)
    post.changes.append(Change("A", HERE, previous=money(349_110_000), amount=money(6_320_000)))
    history = post_history(ledger, post)
    assert history.opened_from == "previous" and history.opening == Decimal(349_110_000)
    assert history.steps[0].gap is None and history.current == Decimal(355_430_000)


def test_unknown_opening_stays_unknown_until_a_total_is_stated():
    ledger = ledger_with([("A", None), ("B", None)])
    post = Post("3714", "04", HERE)
    post.changes.append(Change("A", HERE, amount=money(-2_000_000)))
    post.changes.append(Change("B", HERE, amount=money(500), total=money(10_500)))
    history = post_history(ledger, post)
    assert history.opened_from == "unknown" and history.steps[0].after is None
    assert history.steps[1].after == Decimal(10_500) and history.steps[1].gap is None


def test_an_appropriation_change_takes_effect_from_its_step():
    ledger = ledger_with([("RNB", None)])
    post = Post("714", "70", HERE, appropriation=money(100), allocation=money(100))
    post.changes.append(Change("RNB", HERE, amount=money(5), appropriation=money(105)))
    history = post_history(ledger, post)
    assert history.steps[0].appropriation == Decimal(105) and history.appropriation == Decimal(105)


def test_as_of_keeps_changes_dated_up_to_the_date():
    ledger = ledger_with([("A", dt.date(2023, 2, 6)), ("B", dt.date(2023, 6, 16))])
    post = Post("765", "21", HERE, allocation=money(100))
    post.changes += [Change("A", HERE, amount=money(1)), Change("B", HERE, amount=money(2))]
    history = post_history(ledger, post, as_of=dt.date(2023, 3, 1))
    assert [s.change.letter for s in history.steps] == ["A"] and history.left_out == 1
    assert history.current == Decimal(101)


def test_undated_changes_count_only_when_a_later_change_is_dated_by_then():
    ledger = ledger_with([("A", dt.date(2023, 2, 6)), ("U", None), ("B", dt.date(2023, 6, 16)), ("V", None)])
    changes = [Change(x, HERE, amount=money(1)) for x in ("A", "U", "B", "V")]
    kept, left_out = changes_as_of(ledger, changes, dt.date(2023, 12, 31))
    assert [c.letter for c in kept] == ["A", "U", "B"] and left_out == 1  # V may be later than the date
    kept, left_out = changes_as_of(ledger, changes, dt.date(2023, 3, 1))
    assert [c.letter for c in kept] == ["A"] and left_out == 3
    assert changes_as_of(ledger, changes, None) == (changes, 0)


amounts = st.integers(min_value=-10**12, max_value=10**12).map(Decimal)


@settings(max_examples=200)
@given(opening=amounts, steps=st.lists(st.tuples(amounts, st.booleans(), amounts), max_size=30))
def test_running_total_is_opening_plus_changes_plus_gaps(opening, steps):
    """Whatever the letters state, current = opening + sum of changes + what is unaccounted for."""
    ledger = ledger_with([("L", None)])
    post = Post("765", "21", HERE, allocation=money(opening))
    running = opening
    for amount, states_previous, stated_offset in steps:
        change = Change("L", HERE, amount=money(amount))
        if states_previous:
            change.previous = money(running + stated_offset)
            running += stated_offset
        running += amount
        post.changes.append(change)
    history = post_history(ledger, post)
    assert history.current == running
    assert history.opening + history.changes_total + history.unaccounted == history.current
    for before, after in zip(history.steps, history.steps[1:]):
        assert after.before == before.after


@settings(max_examples=100)
@given(st.lists(amounts, max_size=30))
def test_without_stated_figures_the_running_total_is_a_cumulative_sum(changes):
    ledger = ledger_with([("L", None)])
    post = Post("765", "21", HERE, allocation=money(0))
    post.changes = [Change("L", HERE, amount=money(a)) for a in changes]
    history = post_history(ledger, post)
    total = Decimal(0)
    for step, amount in zip(history.steps, changes):
        total += amount
        assert step.after == total and step.gap is None
