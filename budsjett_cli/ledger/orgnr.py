"""Norwegian organisation numbers (organisasjonsnummer), as the accounts use them.

DFØ's statsregnskapet files name each agency by its organisation number
(``Virksomhet_id``). A mistyped number would silently match nothing, so
numbers are checked: nine digits whose last is the modulus 11 check digit
of Brønnøysundregistrene (weights 3, 2, 7, 6, 5, 4, 3, 2).
"""

from __future__ import annotations

from budsjett_cli.patterns import char_class

_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_SPACES = " \u00a0\u2009\u202f"
DIGITS = 9
#: An organisation number written as text, for JSON Schema: nine digits, spaces anywhere.
ORGNR_PATTERN = f"^{char_class(_SPACES)}*(?:[0-9]{char_class(_SPACES)}*){{{DIGITS}}}$"


class OrgnrError(ValueError):
    """An organisation number that cannot be right; the message says why."""


def check_digit(first_eight: str) -> int | None:
    """The modulus 11 check digit for eight digits; None when no digit fits (never issued)."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, _WEIGHTS)) % 11
    if remainder == 0:
        return 0
    digit = 11 - remainder
    return None if digit == 10 else digit


def parse_orgnr(text: str) -> str:
    """The nine digits of an organisation number written as 983544622 or 983 544 622."""
    compact = "".join(ch for ch in str(text) if ch not in _SPACES)
    if len(compact) != DIGITS or not compact.isascii() or not compact.isdigit():
        raise OrgnrError(f"{text!r} is not an organisation number: write nine digits, such as 983544622")
    expected = check_digit(compact[:8])
    if expected is None or int(compact[8]) != expected:
        raise OrgnrError(
            f"{text!r} is not an organisation number: the check digit does not match; "
            "look for a typing error (the number is in Enhetsregisteret, brreg.no)"
        )
    return compact


def format_orgnr(orgnr: str) -> str:
    """As people write it: 983 544 622."""
    return f"{orgnr[:3]} {orgnr[3:6]} {orgnr[6:]}" if len(orgnr) == 9 else orgnr
