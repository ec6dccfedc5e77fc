"""Output options shared by every table command, and the one function that writes a report.

API (stable; used by summary, show, letters, changes and actuals)::

    from budsjett_cli.commands.output import OutputOptions, emit, output_options

    @click.command("summary")
    @output_options
    def summary_command(..., output: OutputOptions):
        report = build_some_report(...)      # a tables.Report, money in kroner,
        emit(report, output)                 # report.unit = the ledger's unit

``@output_options`` adds these options and hands the command one
``output: OutputOptions`` argument instead of four:

- ``--format FORMAT``: ``table``, any tabulate format (``plain``,
  ``simple``, ``github``, ``grid``, ``pipe`` ...), ``csv``, ``csv-excel``,
  ``json``, ``xlsx``;
- ``-o, --output FILE``: write to FILE (atomically) instead of standard
  output; without ``--format`` the format follows the suffix (``SUFFIXES``:
  .csv, .xlsx, .json, .md -> pipe, .txt -> plain, ...);
- ``--excel``: the Norwegian Excel CSV dialect (same as ``--format
  csv-excel``);
- ``--unit kr|1000|mill``: the unit amounts are shown in (default: the
  ledger's, i.e. ``report.unit``). JSON always carries exact kroner.

Without ``--format`` or a telling suffix the format is ``table``, on a
terminal and piped alike: piped or redirected it is COLUMNS wide, else 80
(``render.width``), with the two-line layout a terminal of that width gets
when a row does not fit, and no colour. ``--format plain`` gives one line
per row, nothing wrapped (good for grep and diff). ``xlsx`` is refused on a
terminal (it is binary).

Usage errors (unknown format, a suffix that names no format, --excel with
another --format) print one line, ``Error: ...``, and exit 2, as do
``UsageProblem`` errors raised by commands (unknown post, bad month).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from budsjett_cli.amounts import AmountError, Unit, parse_unit
from budsjett_cli.render.report import FORMATS, ReportFormatError, render_report
from budsjett_cli.render.width import is_terminal
from budsjett_cli.problems import InputError
from budsjett_cli.reports.model import Report

SUFFIXES = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".json": "json",
    ".md": "pipe",
    ".markdown": "pipe",
    ".txt": "plain",
    ".text": "plain",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
    ".tex": "latex",
    ".rst": "rst",
    ".org": "orgtbl",
    ".adoc": "asciidoc",
    ".textile": "textile",
    ".wiki": "mediawiki",
}

UNITS = {"kr": Unit.KR, "1000": Unit.THOUSAND, "mill": Unit.MILLION, "mrd": Unit.BILLION}

DEFAULT_TERMINAL_FORMAT = "table"
DEFAULT_PIPE_FORMAT = "table"  # as wide as COLUMNS, else 80 (render.width); plain is one line a row


class UsageProblem(click.UsageError):
    """A usage error shown as one line, ``Error: ...``, exit code 2."""

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", file=file, err=file is None)


class OptionProblem(click.BadParameter):
    """A bad option value shown as one line: ``Error: Invalid value for '--format': ...``."""

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", file=file, err=file is None)


class FormatType(click.ParamType):
    name = "FORMAT"

    def convert(self, value, param, ctx) -> str:
        text = str(value).strip().lower()
        if text in FORMATS:
            return text
        close = difflib.get_close_matches(text, FORMATS, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise OptionProblem(
            f"{value!r} is not a format; {hint}use table, plain, simple, github, grid, pipe, csv, csv-excel, "
            "json, xlsx or another tabulate format (see docs/reports.md)", ctx=ctx, param=param)

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        return [CompletionItem(f) for f in FORMATS if f.startswith(incomplete)]


class UnitType(click.ParamType):
    name = "UNIT"

    def convert(self, value, param, ctx) -> Unit:
        if isinstance(value, Unit):
            return value
        text = str(value).strip().lower()
        if text in UNITS:
            return UNITS[text]
        try:
            return parse_unit(text)
        except AmountError:
            raise OptionProblem(f"{value!r} is not a unit; use kr, 1000 or mill", ctx=ctx, param=param) from None


@dataclass(frozen=True, slots=True)
class OutputOptions:
    """What the user asked for: format (None: decide), output file (None: stdout), unit (None: ledger's)."""

    format: str | None = None
    path: str | None = None
    unit: Unit | None = None

    def resolve_format(self, stdout_is_terminal: bool | None = None) -> str:
        if self.format:
            return self.format
        if stdout_is_terminal is None:
            stdout_is_terminal = _stdout_is_terminal()
        if self.path is None:
            return DEFAULT_TERMINAL_FORMAT if stdout_is_terminal else DEFAULT_PIPE_FORMAT
        return format_for_path(self.path)


def format_for_path(path: str) -> str:
    """The format a file's suffix names; UsageProblem when it names none."""
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    known = ", ".join(sorted(SUFFIXES))
    raise UsageProblem(f"cannot tell the format from {path!r}; give --format, or use one of the suffixes {known}")


def output_options(command):
    """Add --format, -o/--output, --excel and --unit; pass them on as ``output: OutputOptions``."""

    @click.option("--format", "format_", type=FormatType(), metavar="FORMAT",
                  help="table (the default; piped: COLUMNS wide, else 80), plain (one line a row), simple, "
                       "github, grid, "
                       "pipe (markdown) or another tabulate format, csv, csv-excel, json, xlsx.")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
                  help="Write to FILE instead of standard output; the format follows the suffix "
                       "(.csv .xlsx .json .md .txt ...) unless --format is given.")
    @click.option("--excel", is_flag=True,
                  help="CSV for Norwegian Excel: ';' separated, decimal comma, UTF-8 with BOM (= --format csv-excel).")
    @click.option("--unit", type=UnitType(), metavar="kr|1000|mill",
                  help="Unit to show amounts in (default: the ledger's). Always stated in the title or header.")
    @functools.wraps(command)
    def wrapper(*args, format_=None, output=None, excel=False, unit=None, **kwargs):
        if excel:
            if format_ not in (None, "csv", "csv-excel"):
                raise UsageProblem(f"--excel is CSV for Excel; it does not go with --format {format_}")
            format_ = "csv-excel"
        elif format_ is None and output is not None:
            format_ = format_for_path(output)
        if format_ == "xlsx" and output is None and _stdout_is_terminal():
            raise UsageProblem("xlsx is a binary workbook: write it to a file with -o FILE.xlsx")
        return command(*args, output=OutputOptions(format_, output, unit), **kwargs)

    return wrapper


def emit(report: Report, output: OutputOptions, *, width: int | None = None) -> None:
    """Write ``report`` as the user asked; ``report.unit`` is used unless --unit was given.

    A report the format cannot hold is a usage error (exit 2); a file that
    cannot be written is unusable output (exit 2), one line either way.
    """
    if output.unit is not None:
        report = dataclasses.replace(report, unit=output.unit)
    fmt = output.resolve_format()
    destination = output.path if output.path is not None else sys.stdout
    try:
        render_report(report, fmt, destination, width=width)
    except ReportFormatError as exc:
        raise UsageProblem(str(exc)) from None
    except BrokenPipeError:
        # The reader stopped early (| head): not an error, and not a reason to change the exit code the
        # findings give (a script with pipefail still sees 1). The rest of the output goes nowhere.
        _silence_stdout()
        return
    except InputError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise SystemExit(2) from None
    except OSError as exc:
        click.echo(f"budsjett: cannot write {output.path or 'the output'}: {exc.strerror or exc}", err=True)
        raise SystemExit(2) from None
    if output.path is not None:
        click.echo(f"budsjett: wrote {output.path} ({fmt}, {report.unit.label})", err=True)


def _stdout_is_terminal() -> bool:
    return is_terminal(sys.stdout)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass
