"""``budsjett check``: recompute running totals and report every finding."""

from __future__ import annotations

import difflib

import click

from budsjett_cli.analysis import add_across, analyse
from budsjett_cli.checks import REGISTRY
from budsjett_cli.findings import exit_code as exit_code_of, failing_severities
from budsjett_cli.gcpause import gc_paused
from budsjett_cli.render.findings_json import findings_json
from budsjett_cli.render.findings_text import print_check_list, print_findings
from budsjett_cli.commands.options import DATE, load_or_exit


def _check_names(ctx, param, values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if value not in REGISTRY:
            close = difflib.get_close_matches(value, list(REGISTRY), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the checks are: {', '.join(REGISTRY)}"
            raise click.BadParameter(f"no check named {value!r}{hint}", ctx=ctx, param=param)
    return values


@click.command("check")
@click.argument("ledgers", nargs=-1, type=click.Path())
@click.option("--check", "only", multiple=True, callback=_check_names, metavar="NAME",
              help="Run only this check (repeatable). See --list.")
@click.option("--skip", multiple=True, callback=_check_names, metavar="NAME",
              help="Do not run this check (repeatable).")
@click.option("--list", "list_checks", is_flag=True, help="List the checks and exit.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people, json for scripts (docs/check.md).")
@click.option("--as-of", type=DATE, metavar="DATE",
              help="Only changes dated up to DATE (2023-06-30, 30.06.2023 or 30. juni 2023).")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--quiet", "-q", is_flag=True,
              help="Print only the findings that fail the run, and no summary: silent when all is well.")
def check_command(ledgers, only, skip, list_checks, output_format, as_of, strict, quiet):
    """Recompute every post's running allocation and report what does not add up.

    Reads the LEDGERS given, else BUDSJETT_LEDGER, else the bundled 2023
    ledger. Every finding in every ledger is reported in one run.

    \b
    Exit codes: 0 no errors (no warnings either with --strict),
                1 findings at error level, 2 unusable input or usage.

    \b
    Examples:
      budsjett check
      budsjett check data/*.yaml --check chain --check arithmetic
      budsjett check --as-of 2023-06-30 --format json > findings.json
      budsjett check --strict --quiet || mail -s "budsjett" okonomi@example.no
    """
    if list_checks:
        print_check_list([(spec.name, spec.summary) for spec in REGISTRY.values()])
        return
    names = [name for name in (only or REGISTRY) if name not in skip]
    if not names:
        raise click.UsageError("--skip leaves no check to run")
    with gc_paused():  # a large ledger is millions of long-lived objects and no cycles
        analyses = [analyse(ledger, as_of, names) for ledger in load_or_exit(ledgers)]
        if len(analyses) > 1:
            add_across(analyses, names)
    exit_code = exit_code_of((f for a in analyses for f in a.findings), strict)
    every_check = len(names) == len(REGISTRY)
    if output_format == "json":
        click.echo(findings_json(analyses, names, as_of, strict, exit_code))
    else:
        print_findings(analyses, None if every_check else names, as_of, failing_severities(strict), quiet)
    raise SystemExit(exit_code)
