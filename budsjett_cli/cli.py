"""The ``budsjett`` command line: a click group with one module per command."""

from __future__ import annotations

import gc
import importlib
import io
import os
import sys

import click

from budsjett_cli import __version__

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Command name -> "module:function". Commands are imported only when used, so
# `budsjett check` does not pay for the spreadsheet, PDF and round-trip YAML
# libraries that other commands need (a third of a second at every start).
COMMANDS = {
    "check": "budsjett_cli.commands.check:check_command",
    "summary": "budsjett_cli.commands.summary:summary_command",
    "show": "budsjett_cli.commands.show:show_command",
    "letters": "budsjett_cli.commands.letters:letters_command",
    "changes": "budsjett_cli.commands.changes:changes_command",
    "actuals": "budsjett_cli.commands.actuals:actuals_command",
    "report": "budsjett_cli.commands.report:report_command",
    "import": "budsjett_cli.commands.import_letter:import_command",
    "schema": "budsjett_cli.commands.schema:schema_command",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (click's lazy-loading pattern)."""

    def __init__(self, *args, lazy_commands: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy_commands and name not in self.commands:
            module_name, attribute = self.lazy_commands[name].split(":")
            self.add_command(getattr(importlib.import_module(module_name), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, lazy_commands=COMMANDS, context_settings=CONTEXT_SETTINGS)
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
      budsjett summary -o oppsummering.xlsx
    """


def main() -> None:
    """Entry point: run the CLI; a bug prints one line (exit 3) unless BUDSJETT_DEBUG is set.

    The cycle collector is off for the run: a command is a short-lived
    process that builds large acyclic structures (a big ledger is millions
    of objects), which the collector would scan over and over, for nearly a
    second, to find nothing. Reference counting frees memory as usual.
    """
    gc.disable()
    if sys.stdout is None:  # started with standard output closed (>&-): nowhere to say anything
        click.echo("budsjett: standard output is closed; nothing was done", err=True)
        sys.exit(2)
    _survive_broken_pipes()
    try:
        try:
            code = cli.main(standalone_mode=False)
        except SystemExit as done:  # the commands end with their exit code
            code = done.code
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at the interpreter's exit
    except click.exceptions.Abort:  # Ctrl-C: 130 as shells have it, never 1 ("errors found")
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:  # usage errors: click's message, exit 2
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # the reader stopped early; the output that was wanted was given
        _quiet_stdout()
        sys.exit(0)
    except OSError as exc:  # the environment failed (a full disk, a closed stream): not a bug, exit 2
        _quiet_stdout()
        click.echo(f"budsjett: cannot go on: {exc.strerror or exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("BUDSJETT_DEBUG"):
            raise
        click.echo(f"budsjett: internal error: {type(exc).__name__}: {exc} "
                   "(a bug; run with BUDSJETT_DEBUG=1 for details)", err=True)
        sys.exit(3)
    _leave(code if isinstance(code, int) else 0)


def _leave(code: int) -> None:
    """End the process once everything is written, without freeing every object one by one.

    After a large ledger the interpreter would spend a tenth of a second
    taking millions of objects apart at exit, for nothing: the output is
    flushed and every file the command wrote is closed by now.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):   # a stream that cannot take the last flush: leave as Python would
        sys.exit(code)
    os._exit(code)


def _quiet_stdout() -> None:
    """Point standard output at nowhere, so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


class _PipeSafeStdout(io.TextIOWrapper):
    """Standard output that a reader stopping early (``| head``) does not break.

    The command goes on to its end and exits with the code its findings
    give (click would turn the broken pipe into exit 1, whatever was found);
    what it still prints goes nowhere.
    """

    broken = False

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                return super().write(text)
            except BrokenPipeError:
                self._nowhere()
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                super().flush()
            except BrokenPipeError:
                self._nowhere()

    def _nowhere(self) -> None:
        self.broken = True
        _quiet_stdout()


def _survive_broken_pipes() -> None:
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None or isinstance(stream, _PipeSafeStdout):
        return
    sys.stdout = _PipeSafeStdout(buffer, encoding=stream.encoding, errors=stream.errors,
                                 line_buffering=stream.line_buffering)
