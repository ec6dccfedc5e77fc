"""A post's step chart labels every letter, or its largest changes when many letters changed it."""

import datetime as dt
from decimal import Decimal

from budsjett_cli.render.charts import MAX_LABELS, _labelled
from budsjett_cli.reports.page import PostSteps, StepPoint


def _post(moves: list[int]) -> tuple[PostSteps, list[Decimal]]:
    totals = [Decimal(1000)]
    steps = []
    for number, move in enumerate(moves):
        totals.append(totals[-1] + move)
        steps.append(StepPoint(dt.date(2023, 1, 1) + dt.timedelta(days=3 * number), totals[-1], f"TTB-{number}"))
    return PostSteps("714.21", "Drift", totals[0], steps, []), totals


def test_a_few_changes_are_all_labelled():
    post, totals = _post([5, -3, 8])
    assert _labelled(post, totals) == post.steps


def test_many_changes_label_the_largest_moves_in_date_order():
    moves = [1] * 40
    big = {3: 500, 17: -900, 25: 300}
    for index, move in big.items():
        moves[index] = move
    post, totals = _post(moves)
    labelled = _labelled(post, totals)
    assert len(labelled) == MAX_LABELS
    assert {post.steps[i] for i in big} <= set(labelled)
    assert [s.date for s in labelled] == sorted(s.date for s in labelled)
