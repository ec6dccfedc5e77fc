"""Building blocks for regular expressions that Python and JSON Schema (JavaScript) read alike.

The grammars of amounts, dates and numbers are written once, in the modules
that parse them, and turned into patterns with these helpers: the parser
gates on the pattern and ledger.schema.json carries the same text. So the
patterns use only what both engines share: no inline flags (letters are
spelled ``[kK][rR]``), no named groups, non-ASCII characters as ``\\uXXXX``.
"""

from __future__ import annotations


def escaped(char: str) -> str:
    """One character as a regex literal; non-ASCII (and invisible) characters as \\uXXXX."""
    if char.isascii() and char.isprintable() and char != " ":
        return "\\" + char if char in "\\^$.|?*+()[]{}/" else char
    return char if char == " " else f"\\u{ord(char):04x}"


def char_class(chars: str) -> str:
    """A character class of exactly these characters: "[ \\u00a0]"."""
    return "[" + "".join("\\-" if c == "-" else escaped(c) for c in chars) + "]"


def caseless(word: str, space: str = " ") -> str:
    """A word in any case, ASCII letters spelled as [xX]; a space in it stands for ``space``."""
    out = []
    for char in word:
        if char == " ":
            out.append(space)
        elif char.isalpha() and char.lower() != char.upper():
            out.append(f"[{char.lower()}{char.upper()}]")
        else:
            out.append(escaped(char))
    return "".join(out)


def alternatives(options) -> str:
    """A non-capturing group of alternatives."""
    return "(?:" + "|".join(options) + ")"


def number_range(numbers: range, width: int = 0, zeros: str = "0") -> str:
    """A pattern for the whole numbers in ``numbers`` (step 1, not negative), without leading zeros.

    With ``width``, shorter numbers are written with leading ``zeros`` up to
    that width: "0" for months 01 to 12, "0?" for 1 or 01. Built from the
    range, so the pattern and a check ``int(text) in numbers`` cannot drift apart.
    """
    low, high = numbers[0], numbers[-1]
    parts = []
    for length in range(len(str(low)), len(str(high)) + 1):
        start = max(low, 10 ** (length - 1) if length > 1 else 0)
        stop = min(high, 10 ** length - 1)
        if start <= stop:
            parts += [zeros * (width - length) + part for part in _same_length(str(start), str(stop))]
    return alternatives(parts) if len(parts) > 1 else parts[0]


def _same_length(low: str, high: str) -> list[str]:
    """Alternatives matching the numbers from ``low`` to ``high``, both of the same number of digits."""
    if low == high:
        return [low]
    rest = len(low) - 1
    if low == "0" * len(low) and high == "9" * len(high):
        return [_any(len(low))]
    if low[0] == high[0]:
        return [low[0] + part for part in _same_length(low[1:], high[1:])]
    if low[1:] == "0" * rest and high[1:] == "9" * rest:
        return [_digit(low[0], high[0]) + _any(rest)]
    parts = []
    first, last = int(low[0]), int(high[0])
    if low[1:] != "0" * rest:
        parts += [low[0] + part for part in _same_length(low[1:], "9" * rest)]
        first += 1
    if high[1:] != "9" * rest:
        tail = [high[0] + part for part in _same_length("0" * rest, high[1:])]
        last -= 1
    else:
        tail = []
    if first <= last:
        parts.append(_digit(str(first), str(last)) + _any(rest))
    return parts + tail


def _digit(low: str, high: str) -> str:
    return low if low == high else f"[{low}-{high}]"


def _any(count: int) -> str:
    return "" if count == 0 else "[0-9]" if count == 1 else f"[0-9]{{{count}}}"
