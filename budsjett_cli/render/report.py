"""Render a ``tables.Report`` in any output format: the one entry point for table commands.

API (stable; ``budsjett summary``, ``show``, ``letters``, ``changes`` and
``actuals`` all go through it)::

    render_report(report, fmt, destination, *, width=None, color=None)

- ``report``: a ``tables.Report``; money in it is exact ``Decimal`` kroner
  and ``report.unit`` is the unit to show it in (the command sets it from
  ``--unit`` or the ledger). Conversion to that unit happens only in the
  renderers (see ``render.values``).
- ``fmt``: one of ``FORMATS``:
  ``table`` (rich, for a terminal), every tabulate format (``plain``,
  ``simple``, ``github``, ``grid``, ``pipe`` ...: ``TABULATE_FORMATS``),
  ``csv``, ``csv-excel``, ``json``, ``xlsx``.
- ``destination``: a path (str or Path; the file is written whole, then
  moved into place), or an open stream: text for the text formats, and for
  ``xlsx`` a binary stream (a text stream with a ``.buffer``, like
  sys.stdout, is accepted).
- ``width``: the terminal width for ``table`` (tests pass 80 or 200);
  ``color``: force colour on (True) or off (False); None lets rich decide.

Raises ``ReportFormatError`` when the format cannot hold the report (CSV
holds one table) and ``ValueError`` for an unknown format.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO

from budsjett_cli.edit.write import write_bytes
from budsjett_cli.reports.model import Report
from budsjett_cli.render.text_report import TABULATE_FORMATS, write_text
from budsjett_cli.render.values import ReportFormatError

__all__ = ["FORMATS", "BINARY_FORMATS", "TABULATE_FORMATS", "ReportFormatError", "render_report", "render_to_string"]

MACHINE_FORMATS = ("csv", "csv-excel", "json", "xlsx")
FORMATS: tuple[str, ...] = ("table",) + TABULATE_FORMATS + MACHINE_FORMATS
BINARY_FORMATS = ("xlsx",)


def render_report(report: Report, fmt: str, destination: str | os.PathLike | IO, *,
                  width: int | None = None, color: bool | None = None) -> None:
    """Write ``report`` in format ``fmt`` to a file path or an open stream."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; the formats are: {', '.join(FORMATS)}")
    if isinstance(destination, (str, os.PathLike)):
        _write_file(report, fmt, Path(destination), width, color)
        return
    if fmt in BINARY_FORMATS:
        binary = getattr(destination, "buffer", None)
        if binary is None:
            binary = destination
        else:
            destination.flush()  # whatever was written as text goes first
        _write(report, fmt, binary, width, color)
        binary.flush()
        return
    _write(report, fmt, destination, width, color)


def render_to_string(report: Report, fmt: str, *, width: int | None = None, color: bool | None = False) -> str:
    """The text of a text format (everything but xlsx), for tests and for callers that embed it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; the formats are: {', '.join(FORMATS)}")
    if fmt in BINARY_FORMATS:
        raise ValueError(f"{fmt} is binary; render it to a file or a binary stream")
    stream = io.StringIO()
    _write(report, fmt, stream, width, color)
    return stream.getvalue()


def _write(report: Report, fmt: str, stream, width: int | None, color: bool | None) -> None:
    # Each writer is imported when its format is asked for: openpyxl (with numpy) alone took 0.13 s to import.
    if fmt == "table":
        from budsjett_cli.render.rich_report import write_rich
        write_rich(report, stream, width=width, color=color)
    elif fmt in TABULATE_FORMATS:
        write_text(report, stream, fmt)
    elif fmt in ("csv", "csv-excel"):
        from budsjett_cli.render.csv_report import write_csv
        write_csv(report, stream, excel=fmt == "csv-excel")
    elif fmt == "json":
        from budsjett_cli.render.json_report import write_json
        write_json(report, stream)
    elif fmt == "xlsx":
        from budsjett_cli.render.xlsx_report import write_xlsx
        write_xlsx(report, stream)
    else:  # pragma: no cover - FORMATS is checked above
        raise ValueError(fmt)


def _write_file(report: Report, fmt: str, path: Path, width: int | None, color: bool | None) -> None:
    """Write to ``path`` with the one safe writer (edit/write.py): in one step, through links, keeping the mode.

    A path that exists but is not a regular file (/dev/null, a named pipe)
    is written to directly: moving a file over it would replace the device.
    """
    def produce(binary) -> None:
        if fmt in BINARY_FORMATS:
            _write(report, fmt, binary, width, color)
            return
        # newline="" so that the CSV writers' own line ends ("\r\n" for Excel) are kept as they are.
        stream = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=True)
        try:
            _write(report, fmt, stream, width, color if color is not None else False)
            stream.flush()
        finally:
            stream.detach()

    write_bytes(path, produce)
