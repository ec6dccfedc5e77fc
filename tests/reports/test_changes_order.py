"""``changes`` lists its rows by one integer per row; the order must be the one its docstring and docs give."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budsjett_cli.dates import Period
from budsjett_cli.ledger.loader import load_text
from budsjett_cli.reports import analyse, changes_report
from budsjett_cli.reports.model import RowKind
from test_report_properties import ledgers


def _by_definition(analysis, period: Period, undated: bool) -> list[tuple]:
    """(letter, post key, amount) of each change, ordered as the definition says: date (undated last), the
    letter's place among the letters, the post's place (chapter, post), the change's place in its post."""
    order = {letter: i for i, letter in enumerate(analysis.ledger.letters)}
    found = []
    for history in analysis.histories:
        post = history.post
        for number, step in enumerate(history.steps):
            if step.date is None and not (undated or not period.bounded):
                continue
            if step.date is not None and step.date not in period:
                continue
            found.append(((step.date is None, step.date or dt.date.min, order.get(step.change.letter, 0),
                           (int(post.chapter), int(post.post)), number), (step.change.letter, post.key, step.amount)))
    return [row for _, row in sorted(found, key=lambda item: item[0])]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ledgers(), month=st.none() | st.integers(1, 6), undated=st.booleans())
def test_rows_come_in_the_defined_order(text, month, undated):
    analysis = analyse(load_text(text, "generated.yaml"))
    period = Period(dt.date(2023, month, 1), dt.date(2023, month, 28)) if month else Period()
    sheet = changes_report([analysis], period, undated).sheets[0]
    shown = [(row.values["letter"], f"{row.values['chapter']}.{row.values['post']}", row.values["amount"])
             for row in sheet.rows if row.kind is RowKind.ROW]
    expense = [row for row in _by_definition(analysis, period, undated) if int(row[1].split(".")[0]) < 3000]
    income = [row for row in _by_definition(analysis, period, undated) if int(row[1].split(".")[0]) >= 3000]
    assert shown == expense + income   # expenditure first, then income, each in the order above


AWKWARD = """\
year: 2023
agency: Prøve
unit: 1000 kr
letters:
  TB: {title: Tildelingsbrev}
  TTB-Z: {date: 2023-03-01}
  TTB-A: {date: 2023-03-01}
  TTB-M: {title: udatert}
chapters:
  714:
    posts:
      21:
        name: Drift
        allocation: "100"
        letter: TB
        changes:
          - {letter: TTB-A, amount: "1"}
          - {letter: TTB-Z, amount: "2"}
          - {letter: TTB-X, amount: "3", date: 2023-03-01}
          - {letter: TTB-M, amount: "4"}
          - {letter: TTB-A, amount: "5"}
          - {letter: TTB-Z, amount: "6", date: 2023-02-01}
  702:
    posts:
      70:
        name: Tilskudd
        allocation: "50"
        letter: TB
        changes:
          - {letter: TTB-A, amount: "7"}
          - {letter: TTB-Z, amount: "8"}
"""


def test_same_day_letters_keep_their_declared_order_and_changes_their_own_dates():
    """Two letters of one day, declared Z before A; a letter not declared (its place: first); a change dated
    apart from its letter; an undated letter last; posts by chapter, then changes in the order written."""
    analysis = analyse(load_text(AWKWARD, "awkward.yaml"))
    sheet = changes_report([analysis], Period(), False).sheets[0]
    shown = [(row.values["letter"], row.values["chapter"]) for row in sheet.rows if row.kind is RowKind.ROW]
    assert shown == [("TTB-Z", "714"),                                     # 1 February: its own date
                     ("TTB-X", "714"),                                     # 1 March, not declared: place 0
                     ("TTB-Z", "702"), ("TTB-Z", "714"),                   # Z declared before A
                     ("TTB-A", "702"), ("TTB-A", "714"), ("TTB-A", "714"),
                     ("TTB-M", "714")]                                     # undated, last
    assert shown == [(letter, key.split(".")[0])
                     for letter, key, _ in _by_definition(analysis, Period(), False)]
