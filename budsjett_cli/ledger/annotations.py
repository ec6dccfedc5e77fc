"""What a post's name says about how it may be used.

Letters print the rules in the post name: "Spesielle driftsutgifter, kan
overføres, kan nyttes under post 72", "Tilskudd, overslagsbevilgning".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CARRY_OVER = re.compile(r"\bkan\s+overføres\b", re.IGNORECASE)
_ESTIMATE = re.compile(r"\boverslagsbevilgning\b", re.IGNORECASE)
_USABLE = re.compile(
    r"\bkan\s+(?:be)?nyttes\s+under\s+(?:(?P<mutual>hverandre)|(?:kap(?:\.|ittel)\s*(?P<chapter>\d+)\s*,?\s*)?"
    r"post(?:ene)?\s+(?P<posts>\d{1,2}(?:\s*(?:,|og)\s*\d{1,2})*))",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Annotations:
    """``usable_under`` lists the posts ("21" or "0740.21" style keys) this post may be spent on."""

    carry_over: bool = False
    estimate: bool = False
    usable_under: tuple[str, ...] = ()
    usable_under_each_other: bool = False


def read_annotations(name: str | None) -> Annotations:
    """Annotations of a post from its printed name (wrapped lines joined first)."""
    if not name:
        return Annotations()
    text = " ".join(name.split())
    usable: list[str] = []
    mutual = False
    for match in _USABLE.finditer(text):
        if match["mutual"]:
            mutual = True
            continue
        prefix = f"{int(match['chapter'])}." if match["chapter"] else ""
        for number in re.findall(r"\d{1,2}", match["posts"]):
            usable.append(prefix + f"{int(number):02d}")
    return Annotations(
        carry_over=bool(_CARRY_OVER.search(text)),
        estimate=bool(_ESTIMATE.search(text)),
        usable_under=tuple(usable),
        usable_under_each_other=mutual,
    )
