"""earmarks: itemised uses of an allocation add up to what they itemise.

Items are fixed amounts, lower bounds ("minst") or upper bounds ("inntil").
Fixed and lower-bound items may not together exceed what they itemise;
each "inntil" item must fit within it. A list not marked
``earmarks_partial`` should add up to the whole. Figures printed with
decimals ("25,8 mill.") are rounded, and the comparison allows for that.
"""

from __future__ import annotations

from decimal import Decimal

from budsjett_cli.findings import Finding, Severity
from budsjett_cli.ledger.model import Earmark
from budsjett_cli.checks.context import Context


def earmarks(ctx: Context):
    yield from _linked(ctx)
    for history in ctx.histories:
        post = history.post
        if post.earmarks:
            whole = post.allocation.kroner if post.allocation else None
            rounding = post.allocation.half_unit if post.allocation else Decimal(0)
            yield from _check_list(ctx, post.key, None, post.earmarks, whole, rounding,
                                   complete=not post.earmarks_partial, what="the allocation")
        for step in history.steps:
            change = step.change
            if not change.earmarks:
                continue
            whole = abs(step.amount) if step.amount is not None else None
            rounding = change.amount.half_unit if change.amount else Decimal(0)
            yield from _check_list(ctx, post.key, change.letter, change.earmarks, whole, rounding,
                                   complete=not change.earmarks_partial, what=f"the change from {change.letter}")


def _check_list(ctx, post_key, letter, items: list[Earmark], whole, whole_rounding, complete: bool, what: str,
                top: bool = True):
    def finding(severity, location, message, expected=None, actual=None):
        return Finding(severity, "earmarks", location, message, post=post_key, letter=letter,
                       expected=expected, actual=actual)

    seen: dict[tuple[str, Decimal | None], Earmark] = {}
    duplicated = Decimal(0)
    for item in items:
        key = (" ".join(item.purpose.casefold().split()), item.amount.kroner if item.amount else None)
        if key in seen:
            first = seen[key]
            duplicated += item.amount.kroner if item.amount else 0
            yield finding(Severity.WARNING, item.location,
                          f"earmark listed twice: {_describe(ctx, item)} (first at line {first.location.line})")
        else:
            seen[key] = item

    fixed = sum((i.amount.kroner for i in items if i.amount and not i.upto), Decimal(0))
    bounded = sum((i.amount.kroner for i in items if i.amount and i.upto), Decimal(0))
    rounding = whole_rounding + sum((i.amount.half_unit for i in items if i.amount), Decimal(0))
    first = items[0].location
    if whole is not None:
        if fixed > whole + rounding:
            extra = ""
            if duplicated and fixed - duplicated <= whole + rounding:
                extra = "; without the item listed twice they fit"
            yield finding(Severity.ERROR, first,
                          f"earmarks add up to {ctx.fmt(fixed)}, more than {what} of {ctx.fmt(whole)}, "
                          f"by {ctx.fmt(fixed - whole)} ({ctx.unit}){extra}",
                          expected=whole, actual=fixed)
        else:
            too_big = [i for i in items if i.upto and i.amount and i.amount.kroner > whole + rounding]
            for item in too_big:
                yield finding(Severity.ERROR, item.location,
                              f"'inntil' earmark {_describe(ctx, item)} is more than {what} of {ctx.fmt(whole)} ({ctx.unit})",
                              expected=whole, actual=item.amount.kroner)
            if bounded and not too_big and fixed + bounded > whole + rounding:
                yield finding(Severity.WARNING, first,
                              f"with every 'inntil' earmark used in full the earmarks reach {ctx.fmt(fixed + bounded)}, "
                              f"more than {what} of {ctx.fmt(whole)} ({ctx.unit})",
                              expected=whole, actual=fixed + bounded)
            if complete and not bounded and fixed < whole - rounding:
                yield finding(Severity.WARNING, first,
                              f"earmarks add up to {ctx.fmt(fixed)}, {ctx.fmt(whole - fixed)} less than {what} "
                              f"of {ctx.fmt(whole)} ({ctx.unit}); if the list is not meant to be complete, "
                              "mark it with earmarks_partial: true",
                              expected=whole, actual=fixed)
            elif complete and top and not bounded and fixed < whole:  # within the rounding: said, not warned
                yield finding(Severity.INFO, first,
                              f"earmarks itemise {ctx.fmt(fixed)} of {what} of {ctx.fmt(whole)}: "
                              f"{ctx.fmt(whole - fixed)} ({ctx.unit}) is not itemised, within the rounding of the "
                              "printed figures",
                              expected=whole, actual=fixed)
    for item in items:
        if item.of_which:
            parent = item.amount.kroner if item.amount else None
            parent_rounding = item.amount.half_unit if item.amount else Decimal(0)
            yield from _check_list(ctx, post_key, letter, item.of_which, parent, parent_rounding,
                                   complete=False, what=f"the earmark {_describe(ctx, item)}", top=False)


def _describe(ctx, item: Earmark) -> str:
    amount = f"{ctx.fmt(item.amount.kroner)} " if item.amount else ""
    purpose = item.purpose if len(item.purpose) <= 60 else item.purpose[:57] + "..."
    return f"{amount}to {purpose!r}"


def _linked(ctx: Context):
    """Earmarks linked as the same money (``link:``) whose figures differ: the letters disagree with themselves."""
    groups: dict[str, list[tuple[str, Earmark]]] = {}
    for post in ctx.ledger.posts:
        lists = [post.earmarks] + [change.earmarks for change in post.changes]
        for item in (e for items in lists for e in _walk(items)):
            if item.link:
                groups.setdefault(item.link, []).append((post.key, item))
    for link, members in groups.items():
        figures = {item.amount.kroner for _, item in members if item.amount}
        if len(figures) < 2:
            continue
        (first_key, first), *others = members
        listed = "; ".join(f"{ctx.fmt(item.amount.kroner) if item.amount else 'no amount'} on {key} "
                           f"(line {item.location.line})" for key, item in members)
        yield Finding(Severity.WARNING, "earmarks", first.location,
                      f"earmarks linked as {link!r} give different figures for the same money: {listed} ({ctx.unit})",
                      post=first_key, expected=first.amount.kroner if first.amount else None,
                      actual=next((i.amount.kroner for _, i in others if i.amount), None))


def _walk(items: list[Earmark]):
    for item in items:
        yield item
        yield from _walk(item.of_which)
