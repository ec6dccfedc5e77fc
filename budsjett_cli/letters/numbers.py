"""Figures in letter text: table cells run together, and amounts in sentences.

A converter prints a table row's figures as one run of digit groups:
"229 104 12 100 241 204" is three figures, but which three? Norwegian
digit grouping narrows it (a group after the first has three digits, a
decimal comma ends a figure) and the table's arithmetic settles it
(Tidligere tildeling + Ny tildeling = Sum tildelt). Each reading is
parsed with ``amounts.parse_amount``; nothing here parses numbers itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from budsjett_cli.amounts import AmountError, Unit, parse_amount
from budsjett_cli.letters.model import Figure

_TOKEN = re.compile(r"[−–÷+-]?\d+(?:,\d+)?")
_UNSIGNED = re.compile(r"\d+(?:,\d+)?")
_LONE_SIGNS = ("–", "−", "÷", "-", "+")   # ÷ is minus in Norwegian accounts
# Thousands grouped with dots where that cannot be a decimal point: two dots or more ("102.802.000"), or a
# decimal comma after ("1.234,5"). One dot alone ("28.531") is left: it may be a decimal point.
_DOT_GROUPED = re.compile(r"[−–÷-]?\d{1,3}(?:(?:\.\d{3}){2,}(?:,\d+)?|\.\d{3},\d+)")
# The words for kroner a cell may print after its figure (``amounts`` reads them the same way).
_UNIT_WORD = re.compile(r"^(?:kroner|kr\.?|nok)$", re.IGNORECASE)
# Longer runs of digit groups are not one table row: they are not cut into figures at all.
MAX_TOKENS = 24
# Cutting stops after this many readings: a row with more is too ambiguous to guess anyway.
MAX_READINGS = 200
# A figure printed without digit grouping ("349110") has at most this many digits.
MAX_UNGROUPED_DIGITS = 15


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a run of digit groups as figures; ``consistent`` when the arithmetic holds."""

    figures: tuple[Figure, ...]
    consistent: bool | None
    alternatives: int
    # The same digits read as one figure more whose arithmetic holds (Tidligere + Endring = Ny): the header
    # may have a column the reader does not know (``table.read_figures``).
    wider: tuple[Figure, ...] | None = None


def figure_from(text: str, default_unit: Unit) -> Figure | None:
    """One printed figure ("3 624,4", "8 500 000 kroner", "1,7 mill.") as a Figure, or None."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_amount(text, default_unit)
    except AmountError:
        return None


def tokens_of(chunk: str) -> list[tuple[str, Unit | None]] | None:
    """The digit groups of a cell, each with the unit word printed after it; None if the cell has other text.

    A negative figure may be printed in brackets, as accounts do ("(2 000)"),
    or with its minus apart ("– 1 000"); either way it is one figure.
    """
    out: list[tuple[str, Unit | None]] = []

    def start_figure(text: str) -> None:
        if out and out[-1][0] != "|":
            out.append(("|", None))
        out.append((text, None))

    words = chunk.split()
    bracket = False
    for index, word in enumerate(words):
        if bracket or (word.startswith("(") and len(word) > 1):
            opening = not bracket
            digits = word[1:] if opening else word
            bracket = not digits.endswith(")")
            digits = digits.removesuffix(")")
            if not _UNSIGNED.fullmatch(digits):
                return None
            if opening:
                start_figure("-" + digits)
            else:
                out.append((digits, None))
            if not bracket:
                out.append(("|", None))   # the bracket ends the figure
        elif word in _LONE_SIGNS and index + 1 < len(words) and _UNSIGNED.fullmatch(words[index + 1]):
            words[index + 1] = ("+" if word == "+" else "-") + words[index + 1]
            out.append(("|", None))        # the sign starts a figure
        elif _UNIT_WORD.match(word):
            numbers = [k for k, (text, _) in enumerate(out) if text != "|"]
            if not numbers:
                return None
            out[numbers[-1]] = (out[numbers[-1]][0], Unit.KR)
            out.append(("|", None))   # a unit word ends a figure
        elif word == "|":
            out.append(("|", None))
        elif _DOT_GROUPED.fullmatch(word):
            sign = "-" if word[0] in "−–÷-" else ""
            whole, _, decimals = word.lstrip("−–÷-").partition(",")
            groups = whole.split(".")
            groups[-1] += f",{decimals}" if decimals else ""
            start_figure(sign + groups[0])
            out.extend((group, None) for group in groups[1:])
            out.append(("|", None))   # grouped with dots: one whole figure
        elif _TOKEN.fullmatch(word):
            if word[0] in "+−–÷-" and out and out[-1][0] != "|":
                out.append(("|", None))    # a signed number starts a figure: "72 100 +1 700 73 800"
            out.append((word.replace("–", "-").replace("−", "-").replace("÷", "-"), None))
        else:
            return None
    return None if bracket else out


def readings(chunks: list[str], count: int, default_unit: Unit,
             distance: Callable[[tuple[Figure, ...]], Decimal] | None = None) -> Reading | None:
    """Read ``count`` figures from cells of digit groups; the best reading, or None if there is none.

    ``chunks`` are cells known to be apart (pipe cells, wide gaps); a figure
    never spans two. ``distance`` is how far a reading is from the table's
    arithmetic (0 when Tidligere + Ny = Sum): the readings at distance 0
    win; when there is none, the nearest (and ``consistent`` is False).
    Among equals the most balanced reading is taken.
    """
    tokens: list[tuple[str, Unit | None]] = []
    for chunk in chunks:
        chunk_tokens = tokens_of(chunk)
        if chunk_tokens is None:
            return None
        if tokens and tokens[-1][0] != "|":
            tokens.append(("|", None))
        tokens.extend(chunk_tokens)
    while tokens and tokens[-1][0] == "|":
        tokens.pop()
    if not tokens or len(tokens) > MAX_TOKENS:
        return None
    groups: list[list[tuple[str, Unit | None]]] = [[]]
    for token in tokens:
        if token[0] == "|":
            if groups[-1]:
                groups.append([])
        else:
            groups[-1].append(token)
    candidates: list[list[list[tuple[str, Unit | None]]]] = []
    _partitions(groups, 0, 0, count, [], candidates)
    parsed: list[tuple[tuple[Figure, ...], tuple[int, int]]] = []
    for candidate in candidates:
        figures = []
        for number in candidate:
            unit = number[-1][1]
            text = " ".join(t for t, _ in number)
            figure = figure_from(text + (" kr" if unit is Unit.KR else ""), default_unit)
            if figure is None:
                break
            figures.append(figure)
        else:
            parsed.append((tuple(figures), _balance(candidate)))
    if not parsed:
        return None
    if distance is not None:
        scored = [(abs(distance(figures)), balance, figures) for figures, balance in parsed]
        nearest = min(score for score, _, _ in scored)
        pool = [(balance, figures) for score, balance, figures in scored if score == nearest]
        consistent: bool | None = nearest == 0
    else:
        pool = [(balance, figures) for figures, balance in parsed]
        consistent = None
    best_balance, best = min(pool, key=lambda item: item[0])
    ties = sum(1 for balance, _ in pool if balance[0] == best_balance[0])
    return Reading(best, consistent, ties)


def _partitions(groups, gi, ti, remaining, current, out) -> None:
    """All ways to cut the groups of digit tokens into ``remaining`` valid Norwegian numbers."""
    if len(out) > MAX_READINGS:
        return
    while gi < len(groups) and ti >= len(groups[gi]):
        gi, ti = gi + 1, 0
    if gi >= len(groups):
        if remaining == 0:
            out.append(list(current))
        return
    if remaining == 0:
        return
    group = groups[gi]
    for end in range(ti + 1, len(group) + 1):
        piece = group[ti:end]
        if not _valid_number([t for t, _ in piece]):
            continue
        if any(u is Unit.KR for _, u in piece[:-1]):
            break
        current.append(piece)
        _partitions(groups, gi, end, remaining - 1, current, out)
        current.pop()


def _valid_number(tokens: list[str]) -> bool:
    """Digit groups that may be one figure of a cut: "1 305 832", "3 624,4", "349110".

    Where one figure may end is the splitter's question, so it checks only
    the grouping (and refuses leading zeros, which no table prints); the
    figures of a cut are then read by ``amounts.parse_amount``.
    """
    first = tokens[0].lstrip("-")
    if any(t.startswith("-") for t in tokens[1:]):
        return False
    if any("," in t for t in tokens[:-1]):
        return False
    whole = [first.split(",")[0]] + [t.split(",")[0] for t in tokens[1:]]
    if len(tokens) == 1:
        return 1 <= len(whole[0]) <= MAX_UNGROUPED_DIGITS and not (len(whole[0]) > 1 and whole[0].startswith("0") and "," not in first)
    return 1 <= len(whole[0]) <= 3 and not whole[0].startswith("0") and all(len(g) == 3 for g in whole[1:])


def _balance(candidate) -> tuple[int, int]:
    """Lower is likelier: figures of similar length, the larger first."""
    sizes = [len(number) for number in candidate]
    return (max(sizes) - min(sizes), 0 if sizes == sorted(sizes, reverse=True) else 1)


# -- amounts in sentences ------------------------------------------------------

_NUMBER = r"\d{1,3}(?:[ ]\d{3})+(?![\d])|\d+"
_PROSE_AMOUNT = re.compile(
    r"""(?<![\w,.])
    (?:(?P<prefix>kr\.?|(?P<mnok_before>MNOK)|NOK)\s*)?
    (?P<sign>[−÷-]\s?)?
    (?P<number>""" + _NUMBER + r""")(?:,(?P<decimals>\d+))?
    (?:\s*(?P<scale>millioner|milliarder|mill\b\.?|mrd\b\.?))?
    (?:\s*(?P<suffix>kroner|kr\b\.?|(?P<mnok_after>MNOK\b)|NOK\b))?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_OPENS_UNIT = re.compile(r"\(\s*(?:i\s+)?$", re.I)    # "(" or "(i " before "1000 kroner)"
_SHARED_UNIT = re.compile(r"^\s*(?:og|,|eller|til|-|–)\s*$", re.IGNORECASE)
# How far before a bare number to look for what it counts ("post", "§") or "hhv.".
_LOOK_BEHIND = 12
_NUMBERED_THING = re.compile(r"(?:post|kap\.?|nr\.?|§|punkt|pkt\.?|tiltak|vedtak|side|år)\s*$", re.I)
_RESPECTIVELY = re.compile(r"hhv\.?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class ProseAmount:
    """An amount in a sentence, with its span in the sentence."""

    start: int
    end: int
    figure: Figure


def prose_amounts(sentence: str) -> list[ProseAmount]:
    """The money amounts in a sentence: those printed with a unit (mill. kroner, kroner, kr).

    A bare number directly before one with a unit shares it ("hhv. 0,03 og
    0,3 mill. kroner"). Years, paragraph numbers and counts have no unit
    and are left alone. Each amount is read by ``amounts.parse_amount``.
    """
    matches = list(_PROSE_AMOUNT.finditer(sentence))
    out: list[ProseAmount] = []
    for index, match in enumerate(matches):
        scale = match["scale"] or ("mill." if match["mnok_before"] or match["mnok_after"] else None)
        if not (scale or match["suffix"] or match["prefix"]):
            following = matches[index + 1] if index + 1 < len(matches) else None
            if following is None or not _shares_unit(sentence, match, following):
                continue
            scale = following["scale"]
        number = match["number"] + ("," + match["decimals"] if match["decimals"] else "")
        sign = "-" if match["sign"] else ""
        figure = figure_from(f"{sign}{number} {scale or 'kr'}", Unit.KR)
        if figure is None:
            continue
        if figure.kroner == 1000 and _OPENS_UNIT.search(sentence[:match.start()]) \
                and sentence[match.end():].lstrip().startswith(")"):
            continue    # "(1000 kroner)", "(i 1 000 kr)": a unit, not an amount
        printed = sentence[match.start():match.end()]
        if not (match["suffix"] or "").endswith("."):
            printed = printed.rstrip(" .")   # the full stop ends the sentence, it is not "kr."
        out.append(ProseAmount(match.start(), match.end(), figure._replace(text=printed.strip())))
    return out


def _shares_unit(sentence: str, match: re.Match, following: re.Match) -> bool:
    """A bare number that takes the scale of the amount right after it: "0,03 og 0,3 mill. kroner".

    Only a decimal number, or one after "hhv.", and never a post, chapter
    or paragraph number ("post 21 og 1,7 mill. kroner").
    """
    before = sentence[max(0, match.start() - _LOOK_BEHIND):match.start()]
    return bool(following["scale"] and not following["prefix"]
                and _SHARED_UNIT.match(sentence[match.end():following.start()])
                and not _NUMBERED_THING.search(before)
                and (match["decimals"] or _RESPECTIVELY.search(before)))


def same_amount(a: Figure | Decimal, b: Figure | Decimal, rounded: Figure | None = None) -> bool:
    """Equal, or equal within the rounding of ``rounded`` (a figure printed in mill. with decimals)."""
    ka = a.kroner if isinstance(a, Figure) else a
    kb = b.kroner if isinstance(b, Figure) else b
    if ka == kb:
        return True
    if rounded is not None and rounded.unit in (Unit.MILLION, Unit.BILLION):
        half = rounded.unit.factor / (Decimal(10) ** rounded.decimals) / 2
        return abs(ka - kb) <= half
    return False
