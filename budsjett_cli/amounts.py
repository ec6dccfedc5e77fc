"""Norwegian money amounts: exact parsing and formatting.

Letters and ledgers write amounts the Norwegian way: "187 166", "3 624,4",
"2,053 mill. kroner", "kr 500 000", with non-breaking or thin spaces between
digit groups and the minus sign U+2212. Every amount becomes an exact
``Decimal`` number of kroner; nothing passes through float.
"""

from __future__ import annotations

import decimal
import functools
import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from enum import Enum
from typing import NamedTuple

from budsjett_cli.patterns import alternatives, caseless, char_class, escaped


# Decimal's default context keeps 28 significant digits; an amount the loader accepts (18 digits and
# decimals, in mrd. kr) has up to 30 in kroner, and a sum of many more. Exact means wide enough for all.
PRECISION = 60
decimal.getcontext().prec = max(decimal.getcontext().prec, PRECISION)
decimal.DefaultContext.prec = max(decimal.DefaultContext.prec, PRECISION)  # for threads started later

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
_MINUS_SIGNS = "-\u2212\u2013\u00f7"  # hyphen-minus, minus sign, en dash, ÷ (Norwegian accounts' minus)

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

_PREFIXES = ("kr.", "kr", "nok")  # a unit written before the number: "kr 500 000"
# Scales that may follow a number written with a prefix: "kr 1,5 mill." is 1,5 mill. kroner.
_SCALE_WORDS = ("mill.", "mill", "millioner", "mrd.", "mrd", "milliarder")
# What may end an amount: "187 166." ends a sentence; "500,-" is whole kroner.
_ENDINGS = (".", *("," + minus for minus in _MINUS_SIGNS))
_MAX_LENGTH = 60

_AMOUNT_RE = re.compile(
    r"""^
    (?P<sign1>[{minus}+])?{gap}
    (?:(?P<prefix>{prefixes}){gap})?
    (?P<sign2>[{minus}+])?{gap}
    (?P<number>[0-9][0-9{spaces}.,]*)
    {gap}(?P<suffix>[^0-9].*)?
    $""".format(minus=_MINUS_SIGNS, spaces=_SPACES, gap=f"[{_SPACES}]*", prefixes="|".join(map(re.escape, _PREFIXES))),
    re.VERBOSE | re.IGNORECASE,
)

_MAX_DIGITS = 18
_ZERO = Decimal(0)
# The common case, read without the full grammar: "187 166", "-2 400", "349110".
_SIMPLE_NUMBER = re.compile(r"(-?)([0-9]{1,3}(?: [0-9]{3}){0,5}|[0-9]{1,18})").fullmatch
_SIMPLE_DECIMAL = re.compile(r"(-?)([0-9]{1,3}(?: [0-9]{3}){0,4}|[0-9]{1,15}),([0-9]{1,3})").fullmatch
_EXPONENT = re.compile(r"[eE][+-]?[0-9]+").fullmatch


def _amount_pattern() -> str:
    """The whole amount grammar as one regular expression, built from the pieces the parser reads with.

    ``parse_amount`` accepts a text only if this matches it, and
    ledger.schema.json carries it as the pattern of an amount, so that
    editors accept what the loader accepts. Python and JavaScript read it alike.
    """
    space = char_class(_SPACES)
    gap = r"[^\S\t\n\r]*"  # any space but tabs and line breaks, which the parser refuses inside an amount
    sign = char_class("+" + _MINUS_SIGNS) + space + "*"
    prefix = alternatives(caseless(word) for word in _PREFIXES) + space + "*"
    grouped = f"[0-9]{{1,3}}(?:{space}[0-9]{{3}})+"  # 1 305 832
    dotted = r"[0-9]{1,3}(?:\.[0-9]{3})"  # 1.305.832
    number = alternatives([
        alternatives([grouped, dotted + "+", "[0-9]+"]) + ",[0-9]+",  # 3 624,4  1.305,5  3624,4
        r"[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})",  # 3624.4: a point before three digits is ambiguous
        grouped,
        dotted + "{2,}",
        "[0-9]+",
    ])
    endings = [escaped(ending[0]) + (char_class(ending[1:]) if ending[1:] else "") for ending in _ENDINGS]
    units = [caseless(word, space + "+") for word in _UNIT_WORDS if not word[0].isdigit()]  # "5 1000 kr" is one number
    scales = [caseless(word, space + "+") for word in _SCALE_WORDS]
    whole = [escaped(ending[0]) + char_class(ending[1:]) for ending in _ENDINGS if ending[1:]]   # "250 000,-"
    prefixed = (alternatives([sign + prefix, prefix + f"(?:{sign})?"]) + number
                + f"(?:{gap}" + alternatives(endings + scales) + ")?")   # "kr 500 000", "kr 1,5 mill."
    bare = (f"(?:{sign})?" + number
            + f"(?:{gap}" + alternatives(endings + units + [alternatives(whole) + gap + alternatives(units)]) + ")?")
    at_most_digits = f"(?!(?:[^0-9]*[0-9]){{{_MAX_DIGITS + 1}}})"
    return rf"^{at_most_digits}\s*(?=.{{1,{_MAX_LENGTH}}}\s*$)" + alternatives([prefixed, bare]) + r"\s*$"


#: The unit names a ledger's ``unit`` may be (parse_unit reads them in any case).
UNIT_NAMES = tuple(_UNIT_WORDS)
#: The most digits an amount may have.
MAX_DIGITS = _MAX_DIGITS
#: An amount, as a regular expression for Python and for JSON Schema (see ``_amount_pattern``).
AMOUNT_PATTERN = _amount_pattern()
_AMOUNT_GRAMMAR = re.compile(AMOUNT_PATTERN).match


@functools.lru_cache(maxsize=64)
def _half_unit(decimals: int, factor: Decimal) -> Decimal:
    """Half a unit of the last of ``decimals`` printed decimals, in kroner."""
    return Decimal(5).scaleb(-decimals - 1) * factor


class AmountError(ValueError):
    """An amount that cannot be read; the message says why, for people."""


class Figure(NamedTuple):
    """An amount as printed, the one type for it: exact kroner, the unit its number is in, its decimals and text.

    ``unit_written`` is False for a bare number, read in the unit the reader
    was given (the ledger's, a table's). ``half_unit`` is half a unit of the
    last printed decimal, in kroner ("25,8 mill." is a rounded figure:
    +/- 50 000 kr); zero for whole numbers, which are taken as exact. The
    ledger's ``model.Money`` is a figure with its place in the ledger. A
    tuple: accounts files and ledgers parse hundreds of thousands of them.
    """

    kroner: Decimal
    unit: Unit
    decimals: int = 0
    text: str = ""
    unit_written: bool = True

    def __neg__(self) -> Figure:
        return Figure(-self.kroner, self.unit, self.decimals, self.text, self.unit_written)

    @property
    def half_unit(self) -> Decimal:
        return _half_unit(self.decimals, self.unit.factor) if self.decimals else _ZERO

    @property
    def written_unit(self) -> Unit | None:
        """The unit written with the number; None for a bare number."""
        return self.unit if self.unit_written else None

    def read_in(self, unit: Unit) -> Figure:
        """The same printed number read in another unit: a table's unit is often stated after its figures."""
        return Figure(self.kroner / self.unit.factor * unit.factor, unit, self.decimals, self.text, self.unit_written)


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


def parse_amount(text: str, default_unit: Unit) -> Figure:
    """Read one amount, exactly, in kroner.

    Bare numbers are in ``default_unit``; a unit written with the number
    ("8,5 mill.", "500 000 kr", "kr 500 000") overrides it.
    """
    factor = default_unit.value
    kroner = simple_kroner(text, factor)
    if kroner is not None:
        return Figure(kroner, default_unit, 0, text, False)
    simple = _SIMPLE_DECIMAL(text)
    if simple is not None:  # "-847732,870", as accounts files print øre: also common, also fast
        sign, whole, fraction = simple.groups()
        value = Decimal(f"{sign}{whole.replace(' ', '')}.{fraction}") * factor
        return Figure(value, default_unit, len(fraction), text, False)
    raw = text
    text = text.strip()
    if not text:
        raise AmountError("empty amount")
    if "\t" in text or "\n" in text or "\r" in text:
        raise AmountError(f"{raw!r}: tabs and line breaks do not belong in an amount")
    if len(text) > _MAX_LENGTH:
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
    if suffix in _ENDINGS:
        suffix = ""
    whole = next((e for e in _ENDINGS if e[1:] and suffix.startswith(e) and suffix[len(e):].strip()), None)
    if whole is not None:
        suffix = suffix[len(whole):].strip()    # "250 000,- kroner": whole kroner, then the unit
    unit = _unit_of(match["prefix"], suffix, raw)
    digits, decimals = _read_number(number_text, raw)
    value = Decimal(digits)
    if decimals:
        value = value.scaleb(-decimals)
    if not _AMOUNT_GRAMMAR(raw):
        raise AmountError(f"{raw!r} is not an amount; write it like 187 166, 3 624,4 or 8,5 mill.")
    kroner = value * (unit or default_unit).factor
    if negative:
        kroner = -kroner
    return Figure(kroner, unit or default_unit, decimals, raw, unit is not None)


def _unit_of(prefix: str | None, suffix: str, raw: str) -> Unit | None:
    if _EXPONENT(suffix):
        raise AmountError(f"{raw!r} is written with an exponent; write the number out, as in 187 166")
    if suffix[:1].isdigit():
        raise AmountError(f"{raw!r} holds two numbers")
    if prefix and suffix:
        if suffix.lower().rstrip(".") in ("mill", "millioner", "mrd", "milliarder"):
            return parse_unit(suffix)    # "kr 1,5 mill.": the scale after the number, kroner before it
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
    if frac and not ascii_digits(frac):
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
            if any(not ascii_digits(g) for g in groups):
                break
            if len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
                raise AmountError(f"{raw!r}: digit groups must be of three, as in 1 305 832")
            return "".join(groups)
    if not ascii_digits(text):
        raise AmountError(f"{raw!r} is not a number")
    return text


def ascii_digits(text: str) -> bool:
    """Digits 0-9 only: "²" and "٣" are digits to str.isdigit(), not to a ledger, an accounts file or an option."""
    return text.isascii() and text.isdigit()


def _normalise_spaces(text: str) -> str:
    return re.sub(_SPACE_CLASS + "+", " ", text)


MINUS = "\u2212"


def format_number(value: Decimal, decimals: int | None = None, minus: str = MINUS) -> str:
    """Format a number the Norwegian way: "1 305 832", "3 624,4", "−2 400".

    ``decimals=None`` prints as many decimals as the value needs.
    """
    if decimals is not None:
        value = value.quantize(_QUANTUM[decimals] if decimals in _QUANTUM else Decimal(1).scaleb(-decimals))
    text = format(value, ",f")   # "-1,305,832.50": grouped by the formatter, which is exact for Decimal
    whole, _, frac = text.partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    if whole[0] == "-":
        whole = (minus if value else "") + whole[1:]
    whole = whole.replace(",", " ")
    return f"{whole},{frac}" if frac else whole


_QUANTUM = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(7)}


def format_amount(kroner: Decimal, unit: Unit, decimals: int | None = None) -> str:
    """Show an amount of kroner in ``unit`` ("187 166" for 187 166 000 kr in 1000 kr)."""
    return format_number(kroner / unit.factor, decimals)


def plain_decimal(value: Decimal) -> str:
    """The exact value as plain text for machines: "195666000", "-2400.5"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def plain_decimals(values: list[Decimal | None]) -> list[str | None]:
    """``plain_decimal`` of each value (None stays None), a column at a time: the usual figure, a whole
    number of kroner, is its own ``str``; only a column holding another kind goes value by value."""
    texts = [None if value is None else str(value) for value in values]
    known = [text for text in texts if text is not None]
    joined = "".join(known)
    if "E" in joined or "." in joined or "-0" in known:
        return [None if value is None else plain_decimal(value) for value in values]
    return texts


# -- display: how amounts are shown to people ----------------------------------------------

# Most decimals a human format prints in each unit: kroner to the øre, the
# larger units to three decimals (1000 kr: whole kroner; mill. kr: thousands).
HUMAN_DECIMALS = {Unit.KR: 2, Unit.THOUSAND: 3, Unit.MILLION: 3, Unit.BILLION: 3}


def decimals_of(value: Decimal) -> int:
    """How many decimals the value needs: 0 for 3624, 1 for 3624.40."""
    if value == value.to_integral_value():   # the usual figure, whole in its unit: no decimals, found fast
        return 0
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    needed = -exponent
    index = len(digits) - 1
    while needed and digits[index] == 0:   # trailing zeros need no decimal
        needed -= 1
        index -= 1
        if index < 0:
            return 0
    return needed


def unit_exponent(unit: Unit) -> int:
    """The power of ten of a unit: 0 for kr, 3 for 1000 kr, 6 for mill. kr."""
    return _EXPONENTS[unit]


_EXPONENTS = {unit: unit.factor.adjusted() for unit in Unit}


def display_value(kroner: Decimal, unit: Unit) -> Decimal:
    """The exact amount in ``unit`` (a shift of the decimal point, never a rounding)."""
    return kroner.scaleb(-unit_exponent(unit))


def unit_phrase(unit: Unit) -> str:
    """How a table states its unit: "beløp i 1000 kr"."""
    return f"beløp i {unit.label}"


def shown_value(kroner: Decimal, unit: Unit) -> Decimal:
    """The amount in ``unit`` as people see it: rounded half up past ``HUMAN_DECIMALS``, else exact."""
    value = display_value(kroner, unit)
    cap = HUMAN_DECIMALS[unit]
    if decimals_of(value) > cap:
        value = value.quantize(Decimal(1).scaleb(-cap), rounding=ROUND_HALF_UP)
    return value


def shown_amount(kroner: Decimal, unit: Unit) -> str:
    """One amount in ``unit`` for a sentence (a note, a Merknad): "1 800", "2 250,457"."""
    return format_number(shown_value(kroner, unit))


def format_kroner(kroner: Decimal) -> str:
    """An exact amount in kroner for messages: "241 204 000 kr", "−847 732,80 kr" (øre as two decimals)."""
    decimals = decimals_of(kroner)
    return format_number(kroner, max(2, decimals) if decimals else 0) + " kr"


def format_times(big: Decimal, small: Decimal) -> str:
    """How many times one amount is another, for messages: "1 000"."""
    return format_number(abs(big / small).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
