"""JSON text exactly as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, several times faster.

With ``indent`` the standard library encodes in pure Python, one generator
step per token: a report of 100 000 rows took over four seconds. This
encoder writes the same characters (tests/render/test_jsontext.py compares
the two on generated documents) with the C string encoder for every string
and one join at the end.
"""

from __future__ import annotations

from json.encoder import encode_basestring   # the C one when available, as json.dumps uses
from typing import Any, TextIO

_INDENT = "  "
_CHUNK = 65_536   # parts written at a time by ``dump``: the text of a large report is never held whole


class _Parts(list):
    """The text so far; ``dump`` gives it a stream to empty itself into as it grows."""

    stream: TextIO | None = None

    def spill(self) -> None:
        if self.stream is not None and len(self) > _CHUNK:
            self.stream.write("".join(self))
            self.clear()


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, for dicts (str keys), lists, str, int, bool and None."""
    parts = _Parts()
    _encode(value, "\n", parts)
    return "".join(parts)


def dump(value: Any, stream: TextIO) -> None:
    """``dumps(value)`` written to ``stream`` a piece at a time."""
    parts = _Parts()
    parts.stream = stream
    _encode(value, "\n", parts)
    stream.write("".join(parts))


def _scalar(value: Any) -> str | None:
    """The text of a scalar, or None for a container."""
    kind = value.__class__
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is dict or kind is list or kind is tuple:
        return None
    raise TypeError(f"Object of type {kind.__name__} is not JSON serializable here")


def _encode(value: Any, newline: str, parts: _Parts) -> None:
    """Append the text of ``value``; ``newline`` is a line break and the indent of the value's own line."""
    text = _scalar(value)
    if text is not None:
        parts.append(text)
        return
    inner = newline + _INDENT
    if value.__class__ is dict:
        for key in value:
            if key.__class__ is not str:
                raise TypeError(f"keys must be str here, not {key.__class__.__name__}")
        items = [encode_basestring(key) + ": " for key in value], value.values()
        brackets = "{}"
    else:
        items = [""] * len(value), value
        brackets = "[]"
    if not items[0]:
        parts.append(brackets)
        return
    separator = brackets[0] + inner
    for label, item in zip(*items):
        parts.spill()
        parts.append(separator + label)
        text = _scalar(item)
        if text is None:
            _encode(item, inner, parts)
        else:
            parts.append(text)
        separator = "," + inner
    parts.append(newline + brackets[1])
