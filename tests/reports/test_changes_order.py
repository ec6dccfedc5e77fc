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
