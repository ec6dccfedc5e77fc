"""How much input budsjett reads: enough for any real ledger or letter, and never without end.

A ledger of a million changes is about 120 MB; a letter is a few hundred
kilobytes. Reading /dev/zero, a wrong file or a runaway pipe stops at the
limit with a message instead of filling the memory. BUDSJETT_MAX_INPUT_MB
sets another limit (docs/check.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from budsjett_cli.amounts import ascii_digits
from budsjett_cli.problems import InputError

DEFAULT_MAX_INPUT_MB = 256
_CHUNK = 1 << 20


def max_input_bytes() -> int:
    """The limit in bytes: BUDSJETT_MAX_INPUT_MB when it is a whole number above 0, else the default."""
    text = os.environ.get("BUDSJETT_MAX_INPUT_MB", "")
    megabytes = int(text) if ascii_digits(text) and int(text) > 0 else DEFAULT_MAX_INPUT_MB
    return megabytes * 1024 * 1024


def read_limited(path: Path, shown: str, what: str) -> bytes:
    """The bytes of ``path``, read as a stream (pipes and devices too), refused past the limit.

    OSError is the caller's to report (it knows how to say "cannot read").
    """
    with open(path, "rb") as stream:
        return read_stream_limited(stream, shown, what)


def read_stream_limited(stream, shown: str, what: str) -> bytes:
    """All of an open binary stream, read in chunks, refused past the limit."""
    limit = max_input_bytes()
    chunks, size = [], 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise InputError.at(shown, f"is larger than {limit // (1024 * 1024)} MB, more than {what} can be; "
                                       "nothing was read (BUDSJETT_MAX_INPUT_MB sets another limit)")
    return b"".join(chunks)
