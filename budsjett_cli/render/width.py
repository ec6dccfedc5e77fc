"""How wide text output is: the one place that decides it, for every table command.

On a terminal the terminal's width (rich asks it, and honours COLUMNS).
Piped or written to a file: COLUMNS when it is set to a positive number,
else ``PIPE_WIDTH`` (80), so that ``budsjett actuals ... | less`` gives the
same layout an 80-column terminal shows (two lines a row when a row does
not fit) instead of lines hundreds of characters long. ``--format plain``
(and every tabulate format) keeps one line per row whatever the width:
that is the format for grep and diff.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from budsjett_cli.amounts import ascii_digits

PIPE_WIDTH = 80


def is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def columns_from(environ: Mapping[str, str] | None = None) -> int | None:
    """COLUMNS as a width, or None when it is unset or not a positive number."""
    text = (os.environ if environ is None else environ).get("COLUMNS", "").strip()
    return int(text) if ascii_digits(text) and int(text) > 0 else None


def output_width(stream, environ: Mapping[str, str] | None = None) -> int | None:
    """None on a terminal (its own width); else COLUMNS, else ``PIPE_WIDTH``."""
    if is_terminal(stream):
        return None
    return columns_from(environ) or PIPE_WIDTH
