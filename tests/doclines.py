"""Compare a doc's example output with a real run: "..." lines stand for any lines left out."""

from __future__ import annotations


def matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` with ``...`` lines standing for any run of lines, against ``actual``."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and matches(expected[1:], actual[1:])
