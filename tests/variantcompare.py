"""What the letter reader finds in the letter-variant corpus (tests/letter_variants/), against expected.json.

Used by tests/reading/test_letter_variants.py and bench/import_layouts.py.
``expected.json`` is written by the corpus generator from the real letters'
figures, never by the reader.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budsjett_cli.letters.model import ReadResult
from budsjett_cli.letters.reader import read_file

VARIANTS = Path(__file__).resolve().parent / "letter_variants"


def expected() -> dict[str, dict]:
    return json.loads((VARIANTS / "expected.json").read_text(encoding="utf-8"))


@dataclass
class LayoutTally:
    """Per variant file: table rows (and prose posts, changes) expected, found with exact figures, missed, wrong."""

    name: str
    layout: str
    rows: int = 0
    found: int = 0
    exact: int = 0
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)
    earmarks: int = 0
    earmarks_found: int = 0
    review: int = 0
    problems: list = field(default_factory=list)


def _kroner(figure) -> Decimal | None:
    return None if figure is None else figure.kroner


def _same(a: Decimal | None, b: str | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a == Decimal(b))


def compare(name: str, want: dict, result: ReadResult | None = None) -> LayoutTally:
    result = result or read_file(VARIANTS / name)
    tally = LayoutTally(name, want["layout"])
    letters = result.letters
    if len(letters) != 1:
        tally.problems.append(f"{len(letters)} letters read, 1 expected")
        if not letters:
            return tally
    letter = letters[0]
    tally.review = len(letter.review)
    if letter.kind != want["kind"]:
        tally.problems.append(f"kind {letter.kind}, expected {want['kind']}")
    if letter.year != want["year"]:
        tally.problems.append(f"year {letter.year}, expected {want['year']}")
    if (letter.date.isoformat() if letter.date else None) != want["date"]:
        tally.problems.append(f"date {letter.date}, expected {want['date']}")
    posts = {p.key: p for p in letter.posts}
    for key, figures in want["posts"].items():
        tally.rows += 1
        entry = posts.get(key)
        if entry is None:
            tally.missed.append(key)
            continue
        tally.found += 1
        if _same(_kroner(entry.allocation), figures["allocation"]) and \
                ("appropriation" not in figures or _same(_kroner(entry.appropriation), figures["appropriation"])):
            tally.exact += 1
        else:
            tally.wrong.append((key, str(_kroner(entry.appropriation)), str(_kroner(entry.allocation)), figures))
        wanted = sorted(Decimal(a) for a in figures.get("earmarks", []))
        got = sorted(e.amount.kroner for e in entry.earmarks if e.amount is not None)
        tally.earmarks += len(wanted)
        for amount in wanted:
            if amount in got:
                got.remove(amount)
                tally.earmarks_found += 1
        if "earmarks" in figures and got:
            tally.wrong.append((key, "earmarks", [str(g) for g in got]))
    for key in posts:
        if key not in want["posts"]:
            tally.wrong.append((key, "not in the letter"))
    changes = {c.key: c for c in letter.changes}
    for key, figures in want["changes"].items():
        tally.rows += 1
        change = changes.get(key)
        if change is None:
            tally.missed.append(key)
            continue
        tally.found += 1
        if all(_same(_kroner(getattr(change, what)), figures.get(what)) for what in ("previous", "amount", "total")):
            tally.exact += 1
        else:
            tally.wrong.append((key, str(_kroner(change.previous)), str(_kroner(change.amount)),
                                str(_kroner(change.total)), figures))
    for key in changes:
        if key not in want["changes"]:
            tally.wrong.append((key, "change not in the letter"))
    kinds = {item.kind for item in letter.review}
    for kind in want["review"]:
        if kind not in kinds:
            tally.problems.append(f"no review item {kind!r}")
    if want.get("stated_total") is not None:
        stated = getattr(letter, "stated_total", None)
        if stated is None or stated.kroner != Decimal(want["stated_total"]):
            tally.problems.append(f"stated total {stated and stated.kroner}, expected {want['stated_total']}")
    return tally


def compare_all() -> list[LayoutTally]:
    return [compare(name, want) for name, want in expected().items()]
