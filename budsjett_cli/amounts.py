"""Norwegian money amounts: exact parsing and formatting.

Letters and ledgers write amounts the Norwegian way: "187 166", "3 624,4",
"2,053 mill. kroner", "kr 500 000", with non-breaking or thin spaces between
digit groups and the minus sign U+2212. Every amount becomes an exact
``Decimal`` number of kroner; nothing passes through float.
"""

from __future__ import annotations

import re
import functools
from decimal import Decimal
from enum import Enum
from typing import NamedTuple


class Unit(Enum):
    """The unit an amount is written in; the value is its size in kroner."""

    KR = Decimal(1)
    THOUSAND = Decimal(1000)
    MILLION = Decimal(1_000_000)
    BILLION = Decimal(1_000_000_000)

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]

    @property
    def factor(self) -> Decimal:
        return self.value


_UNIT_LABELS = {
    Unit.KR: "kr",
    Unit.THOUSAND: "1000 kr",
    Unit.MILLION: "mill. kr",
    Unit.BILLION: "mrd. kr",
}

# Every space a PDF converter or a keyboard may put between digit groups.
_SPACES = "\u0020\u00a0\u2009\u202f\u2007"
_SPACE_CLASS = "[" + _SPACES + "]"
_MINUS_SIGNS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash

_UNIT_WORDS = {
    "kr": Unit.KR,
    "kr.": Unit.KR,
    "kroner": Unit.KR,
    "nok": Unit.KR,
    "1000 kr": Unit.THOUSAND,
    "1 000 kr": Unit.THOUSAND,
    "1000 kroner": Unit.THOUSAND,
    "1 000 kroner": Unit.THOUSAND,
    "tusen kr": Unit.THOUSAND,
    "tusen kroner": Unit.THOUSAND,
    "mill.": Unit.MILLION,
    "mill": Unit.MILLION,
    "millioner": Unit.MILLION,
    "mill. kr": Unit.MILLION,
    "mill. kr.": Unit.MILLION,
    "mill. kroner": Unit.MILLION,
    "mill kroner": Unit.MILLION,
    "millioner kroner": Unit.MILLION,
    "mrd.": Unit.BILLION,
    "mrd": Unit.BILLION,
    "milliarder": Unit.BILLION,
    "mrd. kr": Unit.BILLION,
    "mrd. kroner": Unit.BILLION,
    "milliarder kroner": Unit.BILLION,
}

_AMOUNT_RE = re.compile(
    r"""^
    (?P<sign1>[{minus}+])?{gap}
    (?:(?P<prefix>kr\.?|nok){gap})?
    (?P<sign2>[{minus}+])?{gap}
    (?P<number>[0-9][0-9{spaces}.,]*)
    {gap}(?P<suffix>[^0-9].*)?
    $""".format(minus=_MINUS_SIGNS, spaces=_SPACES, gap=f"[{_SPACES}]*"),
    re.VERBOSE | re.IGNORECASE,
)

_MAX_DIGITS = 18
_ZERO = Decimal(0)
# The common case, read without the full grammar: "187 166", "-2 400", "349110".
_SIMPLE_NUMBER = re.compile(r"(-?)([0-9]{1,3}(?: [0-9]{3}){0,5}|[0-9]{1,18})").fullmatch
_SIMPLE_DECIMAL = re.compile(r"(-?)([0-9]{1,3}(?: [0-9]{3}){0,4}|[0-9]{1,15}),([0-9]{1,3})").fullmatch
_EXPONENT = re.compile(r"[eE][+-]?[0-9]+").fullmatch


@functools.lru_cache(maxsize=64)
def _half_unit(decimals: int, factor: Decimal) -> Decimal:
    """Half a unit of the last of ``decimals`` printed decimals, in kroner."""
    return Decimal(5).scaleb(-decimals - 1) * factor


class AmountError(ValueError):
    """An amount that cannot be read; the message says why, for people."""


class ParsedAmount(NamedTuple):
    """An amount read from text.

    ``kroner`` is exact. ``unit`` is the unit written with the number, or None
    when the text was a bare number (and so in the ledger's unit).
    ``half_unit`` is half a unit of the last printed decimal, in kroner, when
    the number was printed with decimals ("25,8 mill." is a rounded figure:
    +/- 50 000 kr); zero for whole numbers, which are taken as exact.
    """

    kroner: Decimal
    unit: Unit | None
    half_unit: Decimal


def parse_unit(text: str) -> Unit:
    """Read a unit name such as "1000 kr", "mill. kroner" or "kr"."""
    key = _normalise_spaces(text).strip().lower()
    unit = _UNIT_WORDS.get(key)
    if unit is None:
        known = ", ".join(sorted({u.label for u in Unit}))
        raise AmountError(f"unknown unit {text!r}; use one of: {known}")
    return unit


def simple_kroner(text: str, factor: Decimal) -> Decimal | None:
    """The common case fast: a bare whole number ("187 166", "-2 400") times ``factor``, or None."""
    simple = _SIMPLE_NUMBER(text)
    if simple is None:
        return None
    kroner = Decimal(simple[2].replace(" ", "")) * factor
    return -kroner if simple[1] else kroner


def parse_amount(text: str, default_unit: Unit) -> ParsedAmount:
    """Read one amount, exactly, in kroner.

    Bare numbers are in ``default_unit``; a unit written with the number
    ("8,5 mill.", "500 000 kr", "kr 500 000") overrides it.
    """
    factor = default_unit.value
    kroner = simple_kroner(text, factor)
    if kroner is not None:
        return ParsedAmount(kroner, None, _ZERO)
    simple = _SIMPLE_DECIMAL(text)
    if simple is not None:  # "-847732,870", as accounts files print øre: also common, also fast
        sign, whole, fraction = simple.groups()
        value = Decimal(f"{sign}{whole.replace(' ', '')}.{fraction}") * factor
        return ParsedAmount(value, None, _half_unit(len(fraction), factor))
    raw = text
    text = text.strip()
    if not text:
        raise AmountError("empty amount")
    if "\t" in text or "\n" in text or "\r" in text:
        raise AmountError(f"{raw!r}: tabs and line breaks do not belong in an amount")
    if len(text) > 60:
        raise AmountError(f"amount {raw[:30]!r}... is too long to be an amount")
    match = _AMOUNT_RE.match(text)
    if match is None:
        raise AmountError(f"{raw!r} is not an amount; write it like 187 166, 3 624,4 or 8,5 mill.")
    if match["sign1"] and match["sign2"]:
        raise AmountError(f"{raw!r} has two signs")
    sign = match["sign1"] or match["sign2"] or ""
    negative = sign != "" and sign in _MINUS_SIGNS
    number_text = match["number"].rstrip(_SPACES + ".,")
    suffix = (match["number"][len(number_text):] + (match["suffix"] or "")).strip()
    if suffix in (".", ",-", ",\u2013", ",\u2212"):  # "187 166." ends a sentence; "500,-" is whole kroner
        suffix = ""
    unit = _unit_of(match["prefix"], suffix, raw)
    digits, decimals = _read_number(number_text, raw)
    value = Decimal(digits)
    if decimals:
        value = value.scaleb(-decimals)
    factor = (unit or default_unit).factor
    kroner = value * factor
    half = _half_unit(decimals, factor) if decimals else _ZERO
    if negative:
        kroner = -kroner
    return ParsedAmount(kroner=kroner, unit=unit, half_unit=half)


def _unit_of(prefix: str | None, suffix: str, raw: str) -> Unit | None:
    if _EXPONENT(suffix):
        raise AmountError(f"{raw!r} is written with an exponent; write the number out, as in 187 166")
    if suffix[:1].isdigit():
        raise AmountError(f"{raw!r} holds two numbers")
    if prefix and suffix:
        raise AmountError(f"{raw!r} names its unit twice")
    if prefix:
        return Unit.KR
    if not suffix:
        return None
    try:
        return parse_unit(suffix)
    except AmountError:
        raise AmountError(
            f"{raw!r}: unknown unit {suffix!r} after the number; "
            "use kr, kroner, mill., mill. kroner or mrd."
        ) from None


def _read_number(text: str, raw: str) -> tuple[str, int]:
    """Split a Norwegian number into its digits and its count of decimals.

    Decimal comma is the rule; a single dot is read as a decimal point only
    when it cannot be a thousands separator ("3624.4" yes, "187.166" is
    ambiguous and refused).
    """
    compact = re.sub(_SPACE_CLASS, " ", text)
    if "," in compact:
        whole, _, frac = compact.partition(",")
        if "," in frac or "." in frac or " " in frac:
            raise AmountError(f"{raw!r}: a number has one decimal comma, with digits after it")
        int_part = _grouped(whole, raw, allow_dots=True)
    elif compact.count(".") == 1 and " " not in compact:
        whole, _, frac = compact.partition(".")
        if len(frac) == 3:
            raise AmountError(
                f"{raw!r} is ambiguous: write {whole} {frac} for thousands or {whole},{frac} for decimals"
            )
        int_part = _grouped(whole, raw, allow_dots=False)
    else:
        frac = ""
        int_part = _grouped(compact, raw, allow_dots=True)
    if frac and not _ascii_digits(frac):
        raise AmountError(f"{raw!r}: digits expected after the decimal comma")
    if len(int_part) + len(frac) > _MAX_DIGITS:
        raise AmountError(f"{raw!r} has too many digits to be a budget amount")
    return int_part + frac, len(frac)


def _grouped(text: str, raw: str, allow_dots: bool) -> str:
    """Digits of a whole number whose groups of three may be separated."""
    for sep in (" ", "."):
        if sep in text:
            if sep == "." and not allow_dots:
                break
            groups = text.split(sep)
            if any(not _ascii_digits(g) for g in groups):
                break
            if len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
                raise AmountError(f"{raw!r}: digit groups must be of three, as in 1 305 832")
            return "".join(groups)
    if not _ascii_digits(text):
        raise AmountError(f"{raw!r} is not a number")
    return text


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _normalise_spaces(text: str) -> str:
    return re.sub(_SPACE_CLASS + "+", " ", text)


MINUS = "\u2212"


def format_number(value: Decimal, decimals: int | None = None, minus: str = MINUS) -> str:
    """Format a number the Norwegian way: "1 305 832", "3 624,4", "−2 400".

    ``decimals=None`` prints as many decimals as the value needs.
    """
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    sign = minus if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = " ".join(groups)
    if frac:
        out += "," + frac
    return sign + out


def format_amount(kroner: Decimal, unit: Unit, decimals: int | None = None) -> str:
    """Show an amount of kroner in ``unit`` ("187 166" for 187 166 000 kr in 1000 kr)."""
    return format_number(kroner / unit.factor, decimals)


def plain_decimal(value: Decimal) -> str:
    """The exact value as plain text for machines: "195666000", "-2400.5"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
