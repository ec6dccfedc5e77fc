"""magnitude: figures that look like they are in the wrong unit.

Allocation tables are "in hele tusen" (whole thousands); a figure with
decimals among them ("2 607,4") is most likely in millions. A post a
thousand times smaller than another of its chapter, or a change a thousand
times its post's allocation, points the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budsjett_cli.amounts import AmountError, Unit, format_times, parse_amount
from budsjett_cli.findings import Finding, Severity
from budsjett_cli.checks.context import Context

FACTOR = Decimal(1000)
# Table figures are whole thousands when this share of the posts print them so (and at least MIN_POSTS posts).
WHOLE_SHARE = Decimal("0.75")
MIN_POSTS = 4
# An amount with a scale in a change's note: "tildeles 2,5 mill. kroner".
_SCALED_IN_NOTE = re.compile(
    r"(?<![\d,])(\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?)\s*(mill\.|mill\b|millioner|mrd\.|mrd\b|milliarder)", re.IGNORECASE)


def magnitude(ctx: Context):
    ledger = ctx.ledger
    flagged: set[str] = set()
    if ledger.unit is Unit.THOUSAND:
        yield from _decimals_among_thousands(ctx, flagged)
    yield from _chapter_neighbours(ctx, flagged)
    whole_tables = ledger.unit is Unit.THOUSAND and _mostly_whole(ledger)
    for history in ctx.histories:
        for step in history.steps:
            change = step.change
            if change.amount is not None and change.amount.unit is None:
                message = _bare_change(ctx, change, whole_tables)
                if message is not None:
                    yield Finding(Severity.WARNING, "magnitude", change.amount.location, message,
                                  post=history.post.key, letter=change.letter)
                    continue
            if step.amount is None or not step.before or change.amount is None:
                continue
            if abs(step.amount) >= FACTOR * abs(step.before):
                yield Finding(
                    Severity.WARNING, "magnitude", change.amount.location,
                    f"the change {ctx.fmt(step.amount)} is {format_times(step.amount, step.before)} times the allocation "
                    f"{ctx.fmt(step.before)} it changes ({ctx.unit}): is it in kroner where the ledger counts {ctx.unit}?",
                    post=history.post.key, letter=change.letter,
                )


def _table_figures(post):
    return [m for m in (post.appropriation, post.allocation) if m is not None]


def _bare_change(ctx: Context, change, whole_tables: bool) -> str | None:
    """What looks wrong with a change typed without a unit: its note prints it in millions, or it has decimals
    among whole thousands."""
    amount = change.amount
    said = _scaled_in_note(change)
    if said is not None and said[1] != amount.kroner and said[1] in (amount.kroner * FACTOR,
                                                                     amount.kroner * FACTOR * FACTOR):
        return (f"the note says {said[0]} ({ctx.fmt(said[1])} in {ctx.unit}), the amount {amount.text} is read in "
                f"{ctx.unit}, {format_times(said[1], amount.kroner)} times less: write it with its unit, as "
                f"'{said[0]}'")
    if whole_tables and amount.kroner % FACTOR != 0:
        return (f"the change {amount.text} has decimals where the ledger's table figures are whole thousands: is it "
                f"in mill. kroner? In {ctx.unit} that would be {ctx.fmt(amount.kroner * FACTOR)}")
    return None


def _scaled_in_note(change) -> tuple[str, Decimal] | None:
    """The one amount with a scale the change's note prints ("2,5 mill. kroner"), as printed and in kroner."""
    found = _SCALED_IN_NOTE.findall(change.note or "")
    if len(found) != 1:
        return None
    text = " ".join(found[0])
    try:
        return text, parse_amount(text, Unit.KR).kroner
    except AmountError:
        return None


def _mostly_whole(ledger) -> bool:
    """Whether the posts' table figures are whole thousands, but for a few."""
    posts = [[m for m in _table_figures(post) if m.unit is None] for post in ledger.posts]
    posts = [figures for figures in posts if figures]
    whole = sum(1 for figures in posts if all(m.kroner % FACTOR == 0 for m in figures))
    return len(posts) >= MIN_POSTS and Decimal(whole) / Decimal(len(posts)) >= WHOLE_SHARE


def _decimals_among_thousands(ctx: Context, flagged: set[str]):
    bare = [m for post in ctx.ledger.posts for m in _table_figures(post) if m.unit is None]
    if not bare or not _mostly_whole(ctx.ledger):
        return
    whole = sum(1 for m in bare if m.kroner % FACTOR == 0)
    for post in ctx.ledger.posts:
        odd = [m for m in _table_figures(post) if m.unit is None and m.kroner % FACTOR != 0]
        if odd:
            flagged.add(post.key)
            yield Finding(
                Severity.WARNING, "magnitude", odd[0].location,
                f"{odd[0].text} has decimals where {whole} of the ledger's {len(bare)} table figures are whole "
                f"thousands: is it in mill. kroner? In {ctx.unit} that would be {ctx.fmt(odd[0].kroner * FACTOR)}",
                post=post.key,
            )


def _chapter_neighbours(ctx: Context, flagged: set[str]):
    by_chapter: dict[str, list] = {}
    for post in ctx.ledger.posts:
        figures = _table_figures(post)
        if figures:
            by_chapter.setdefault(post.chapter, []).append((post, abs(figures[-1].kroner), figures[-1]))
    for posts in by_chapter.values():
        if len(posts) < 2:
            continue
        largest_post, largest, _ = max(posts, key=lambda p: p[1])
        for post, size, money in posts:
            if post.key in flagged or size == 0 or largest < FACTOR * size:
                continue
            yield Finding(
                Severity.WARNING, "magnitude", money.location,
                f"{ctx.fmt(size)} is {format_times(largest, size)} times smaller than {largest_post.key} "
                f"({ctx.fmt(largest)}) in the same chapter ({ctx.unit}): is one of them in the wrong unit?",
                post=post.key,
            )
