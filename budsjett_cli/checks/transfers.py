"""transfers: money moved between posts is allowed and balanced; withheld amounts are followed until released.

A transfer ("omdisponering", "flyttes fra post 21 til post 70") is allowed
where the posts' names allow it, in the same chapter ("kan nyttes under
post 70" on the giving post, or "kan nyttes under post 21" on the
receiving one), or where the ledger cites the decision that allows it
(``authority``). What leaves one post must reach the other.
"""

from __future__ import annotations

from budsjett_cli.checks.context import Context
from budsjett_cli.findings import Finding, Severity
from budsjett_cli.ledger.model import Post, Transfer


def transfers(ctx: Context):
    posts = {post.key: post for post in ctx.ledger.posts}
    for transfer in ctx.ledger.transfers:
        yield from _transfer(ctx, transfer, posts)
    for post in ctx.ledger.posts:
        for held in post.withheld:
            if held.pending:
                note = f" ({held.note})" if held.note else ""
                yield Finding(Severity.INFO, "transfers", held.location,
                              f"{ctx.fmt(held.amount.kroner)} ({ctx.unit}) of the allocation is withheld by "
                              f"{held.letter}{note}, pending a letter that releases or moves it "
                              "(record it with 'released_by:')",
                              post=post.key, letter=held.letter, actual=held.amount.kroner)


def _transfer(ctx: Context, transfer: Transfer, posts: dict[str, Post]):
    def finding(message, expected=None, actual=None):
        return Finding(Severity.ERROR, "transfers", transfer.location, message, post=transfer.source,
                       letter=transfer.letter, expected=expected, actual=actual)

    what = f"the transfer of {ctx.fmt(transfer.amount.kroner)} from {transfer.source} to {transfer.target}"
    missing = [key for key in (transfer.source, transfer.target) if key not in posts]
    if missing:
        yield finding(f"{what} names {' and '.join(missing)}, which the ledger does not have: nothing was moved")
        return
    if transfer.amount.kroner <= 0:
        yield finding(f"{what} moves no money: give the amount that leaves {transfer.source} as a positive figure "
                      "(to move money the other way, swap 'from' and 'to')")
    received = transfer.received.kroner
    if received != transfer.amount.kroner:
        yield finding(f"{what} is unbalanced: {ctx.fmt(received)} reaches {transfer.target}, "
                      f"{ctx.fmt(received - transfer.amount.kroner)} ({ctx.unit}) more than leaves {transfer.source}",
                      expected=transfer.amount.kroner, actual=received)
    source, target = posts[transfer.source], posts[transfer.target]
    if transfer.authority is None and not allows(source, target):
        yield finding(f"{what} is not allowed by the posts' names: neither says 'kan nyttes under' the other in "
                      f"chapter {source.chapter}; if a decision allows it, cite it with 'authority:'")


def allows(source: Post, target: Post) -> bool:
    """Whether the posts' names let money move from ``source`` to ``target``, either direction.

    "kan nyttes under post 70" names a post of the same chapter; a name that
    names another chapter's post ("kap. 740 post 21") allows that one too.
    """
    mutual = (source.chapter == target.chapter and source.annotations.usable_under_each_other
              and target.annotations.usable_under_each_other)
    return mutual or target.key in _usable(source) or source.key in _usable(target)


def _usable(post: Post) -> set[str]:
    """The posts this post may be spent on, as keys: "70" on 714.21 is 714.70."""
    return {target if "." in target else f"{post.chapter}.{target}" for target in post.annotations.usable_under}
