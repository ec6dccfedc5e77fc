"""The ``budsjett`` command line: a click group with one module per command."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .commands.actuals import actuals_command
from .commands.check import check_command
from .commands.import_letter import import_command
from .commands.schema import schema_command
from .commands.changes import changes_command
from .commands.letters import letters_command
from .commands.show import show_command
from .commands.summary import summary_command

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="budsjett")
def cli() -> None:
    """Reconcile the state budget as it reaches your agency.

    Ledgers are YAML files, one per budget year (see docs/ledger-format.md).
    Commands read the ledgers named as arguments, else those in
    BUDSJETT_LEDGER, else the bundled 2023 ledger.

    \b
    Example:
      budsjett check
      budsjett check data/*.yaml --format json
    """


cli.add_command(check_command)
cli.add_command(summary_command)
cli.add_command(show_command)
cli.add_command(letters_command)
cli.add_command(changes_command)
cli.add_command(actuals_command)
cli.add_command(import_command)
cli.add_command(schema_command)


def main() -> None:
    """Entry point: run the CLI; a bug prints one line (exit 3) unless BUDSJETT_DEBUG is set."""
    try:
        cli(standalone_mode=True)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("BUDSJETT_DEBUG"):
            raise
        click.echo(f"budsjett: internal error: {type(exc).__name__}: {exc} "
                   "(a bug; run with BUDSJETT_DEBUG=1 for details)", err=True)
        sys.exit(3)
