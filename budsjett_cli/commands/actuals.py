"""``budsjett actuals``: the month's accounts against the ledger's allocations."""

from __future__ import annotations

import os
import sys

import click

from budsjett_cli.amounts import ascii_digits
from budsjett_cli.actuals.accounts import ENCODINGS, LAYOUTS, SimpleColumns, read_accounts
from budsjett_cli.actuals.forecast import add_forecast
from budsjett_cli.actuals.report import actuals_report
from budsjett_cli.commands.analysed import parsed_with
from budsjett_cli.reports import parse_chapter, parse_post_key
from budsjett_cli.findings import exit_code as exit_code_of, failing_severities
from budsjett_cli.problems import InputError
from budsjett_cli.ledger.orgnr import OrgnrError, parse_orgnr
from budsjett_cli.actuals.reconciliation import hide_empty, reconcile
from budsjett_cli.render.actuals_text import print_actuals_findings
from budsjett_cli.render.width import is_terminal
from budsjett_cli.commands.analysed import one_ledger_and_month
from budsjett_cli.commands.options import exit_with_problems
from budsjett_cli.commands.output import OutputOptions, UsageProblem, emit, output_options


class OrgnrType(click.ParamType):
    """An organisation number: 983544622 or 983 544 622, check digit verified."""

    name = "ORGNR"

    def convert(self, value, param, ctx) -> str:
        try:
            return parse_orgnr(value)
        except OrgnrError as exc:
            self.fail(str(exc), param, ctx)


def _columns(ctx, param, values: tuple[str, ...]) -> SimpleColumns:
    names = {}
    for value in values:
        key, sep, name = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{value!r}: write KEY=HEADER, such as beløp=Beløp NOK", ctx=ctx, param=param)
        names[key] = name
    try:
        return SimpleColumns().with_names(names)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


def _ignore(ctx, param, values: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for value in values:
        chapter, dot, post = value.strip().partition(".")
        if not ascii_digits(chapter) or (dot and not ascii_digits(post)) or not 0 < int(chapter) < 10000:
            raise click.BadParameter(f"{value!r} is not a chapter (1633) or a post (1633.01)", ctx=ctx, param=param)
        out.append(f"{int(chapter)}.{int(post):02d}" if dot else str(int(chapter)))
    return tuple(out)


@click.command("actuals")
@click.argument("files", nargs=-1, type=click.Path(), metavar="[LEDGER] ACCOUNTS")
@click.option("--virksomhet", type=OrgnrType(), metavar="ORGNR",
              help="The agency's organisation number (Virksomhet_id); overrides 'orgnr:' in the ledger.")
@click.option("--to-month", metavar="YYYYMM",
              help="Reconcile the months up to this one (default: the last month in the file).")
@click.option("--carry-over", is_flag=True,
              help="Add what each post may carry over to next year (bevilgningsreglementet § 5).")
@click.option("--count-undated", is_flag=True,
              help="Count changes from undated letters as in effect (default: only once a later "
                   "change of the same post is dated by the month's end).")
@click.option("--ignore", multiple=True, callback=_ignore, metavar="KAP[.POST]",
              help="A chapter or post outside the ledger that needs no allocation (such as 1633, "
                   "nettoordning for mva): no finding for it (repeatable).")
@click.option("--skip-bad-rows", is_flag=True,
              help="Report bad rows and reconcile the rest (default: a bad row makes the file unusable, exit 2).")
@click.option("--layout", type=click.Choice(LAYOUTS), default="auto", show_default=True,
              help="dfo: DFØ's statsregnskapet CSV; simple: kap;post;periode;beløp; auto: tell by the header.")
@click.option("--encoding", type=click.Choice(ENCODINGS), default="auto", show_default=True,
              help="auto: UTF-8 when the file is valid UTF-8 with a BOM or non-ASCII text, else ISO-8859-1 (DFØ's).")
@click.option("--column", multiple=True, callback=_columns, metavar="KEY=HEADER",
              help="Header names of a simple export: kap, post, periode, beløp, virksomhet "
                   "(repeatable; e.g. --column beløp=Beløp).")
@click.option("--forecast", is_flag=True,
              help="Add spending to year end at the run rate so far (hittil × 12 / months) and what it leaves; "
                   "a post projected over its allocation is a warning.")
@click.option("--chapter", multiple=True, callback=parsed_with(parse_chapter), metavar="KAP",
              help="Only this chapter, e.g. 765 (repeatable).")
@click.option("--post", "posts", multiple=True, callback=parsed_with(parse_post_key), metavar="KAP.POST",
              help="Only this post, e.g. 765.21 (repeatable).")
@click.option("--monthly", is_flag=True,
              help="Month by month: what was booked in each month and the allocation at each month's end, one "
                   "column a month (like hledger bal --budget -M).")
@click.option("--empty", is_flag=True,
              help="Show posts with nothing to show too (no allocation, nothing booked, no finding).")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--quiet", "-q", is_flag=True,
              help="Print only the findings that fail the run, and no summary.")
@output_options
def actuals_command(files, virksomhet, to_month, carry_over, count_undated, ignore, skip_bad_rows, layout,
                    encoding, column, forecast, chapter, posts, monthly, empty, strict, quiet,
                    output: OutputOptions):
    """Reconcile the accounts (DFØ's statsregnskapet CSV) against the ledger's allocations.

    Per chapter/post: spent this month and so far this year, the allocation
    as of the month's end (from the ledger's dated changes), what remains,
    the share used and a status. Spending past an allocation is an error (a
    warning on an overslagsbevilgning); income chapters (3000 and up) show
    income, positive, against the income target.

    With one file, it is ACCOUNTS and the ledger is BUDSJETT_LEDGER or the
    bundled 2023 ledger. Findings go to standard error; the report to
    standard output or -o FILE. --format json is stable for scripts
    (docs/monthly-reconciliation.md).

    \b
    Exit codes: 0 no errors (no warnings either with --strict),
                1 a post is over its allocation, 2 unusable input or usage.

    \b
    Examples:
      budsjett actuals data/chapters.yaml statsregnskapet_aar_2023.csv
      budsjett actuals ledger.yaml regnskap.csv --to-month 202306
      budsjett actuals ledger.yaml regnskap.csv --carry-over -o overforing.xlsx
      budsjett actuals ledger.yaml regnskap.csv --format json > actuals.json
    """
    if len(files) == 2:
        ledger_args, accounts_path = (files[0],), files[1]
    elif len(files) == 1:
        ledger_args, accounts_path = (), files[0]
    else:
        raise UsageProblem("give the accounts file, and before it the ledger: budsjett actuals [LEDGER] ACCOUNTS")
    ledger, month = one_ledger_and_month(ledger_args, to_month, "--to-month", "actuals reconciles one ledger")
    accounts = _read_or_exit(accounts_path, ledger.year, layout, encoding, column)
    if accounts.problems:
        count = len(accounts.problems)
        if not skip_bad_rows:
            exit_with_problems(accounts.problems, f"budsjett: {count} bad row{'s' if count != 1 else ''} in "
                               f"{accounts.path}; nothing was reconciled (--skip-bad-rows reconciles the rest "
                               "and says so)")
        for problem in accounts.problems:
            click.echo(str(problem), err=True)
    chosen_orgnr, orgnr_from = (virksomhet, "option") if virksomhet else (ledger.orgnr, "ledger")
    try:
        rec = reconcile(ledger, accounts, orgnr=chosen_orgnr, orgnr_from=orgnr_from, to_month=month,
                        carry_over=carry_over, count_undated=count_undated, ignore=ignore)
    except InputError as exc:
        exit_with_problems(exc.problems)
    if chapter or posts:
        _keep_only(rec, set(chapter), set(posts))
    if forecast:
        add_forecast(rec)
    if not empty:
        hide_empty(rec, keep=frozenset(posts))  # a post asked for by name is shown even when empty
    failing = failing_severities(strict)
    exit_code = exit_code_of(rec.findings, strict)
    report = actuals_report(rec, output.unit or ledger.unit, exit_code, strict, monthly=monthly)
    emit(report, output)
    if output.resolve_format() != "json" or output.path is not None:
        sys.stdout.flush()  # the report first, then the findings, also when both go to one terminal
        print_actuals_findings(rec, failing, quiet)
    raise SystemExit(exit_code)


def _keep_only(rec, chapters: set[str], posts: set[str]) -> None:
    """--chapter/--post: only those posts, and only the findings about them (or about the run as a whole)."""
    def chosen(key: str | None) -> bool:
        return key is None or key in posts or key.partition(".")[0] in chapters

    known = {line.key for line in rec.lines} | {line.key for line in rec.outside}
    missing = sorted(k for k in posts if k not in known)
    missing += sorted(c for c in chapters if not any(k.partition(".")[0] == c for k in known))
    if missing:
        raise UsageProblem(f"no chapter or post {', '.join(missing)} in the ledger {rec.ledger.path} or the accounts")
    rec.lines = [line for line in rec.lines if chosen(line.key)]
    rec.outside = [line for line in rec.outside if chosen(line.key)]
    rec.findings = [f for f in rec.findings if chosen(f.post)]


def _read_or_exit(path: str, year: int, layout: str, encoding: str, columns: SimpleColumns):
    """Read the accounts with a progress bar on a terminal; unusable files print why and exit 2."""
    try:
        if is_terminal(sys.stderr):
            return _read_with_progress(path, year, layout, encoding, columns)
        return read_accounts(path, year, layout=layout, encoding=encoding, columns=columns)
    except InputError as exc:
        exit_with_problems(exc.problems)


def _read_with_progress(path: str, year: int, layout: str, encoding: str, columns: SimpleColumns):
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    size = os.path.getsize(path) if os.path.isfile(path) else 0
    with Progress(TextColumn("Reading {task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(os.path.basename(path), total=size or None)
        return read_accounts(path, year, layout=layout, encoding=encoding, columns=columns,
                             progress=lambda done: progress.update(task, completed=done))

