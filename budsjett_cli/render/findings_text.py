"""Findings for people: one line each, ``path:line:col: severity [check] post: message``.

Colour only on a terminal (rich decides, and honours NO_COLOR); lines are
never wrapped, so they stay greppable and clickable in editors.
"""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.table import Table
from rich.text import Text

from budsjett_cli.analysis import Analysis
from budsjett_cli.findings import Finding, Severity

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def where(finding: Finding) -> str:
    """``path:line:col``; ``path:line`` for a row of a CSV file (no column); ``path`` for a file as a whole."""
    loc = finding.location
    if not loc.line:
        return loc.path
    if not loc.col:
        return f"{loc.path}:{loc.line}"
    return str(loc)


def finding_line(finding: Finding) -> Text:
    line = Text()
    line.append(f"{where(finding)}: ", style="bold")
    line.append(finding.severity.value, style=_STYLES[finding.severity])
    line.append(f" [{finding.check}]", style="dim")
    if finding.post:
        line.append(f" {finding.post}", style="bold")
    line.append(": " + finding.message)
    return line


def print_findings(analyses: list[Analysis], checks: list[str] | None,
                   as_of: dt.date | None, failing: frozenset[Severity], quiet: bool) -> None:
    """Each finding on a line of its own, then the counts; ``checks`` names the checks run when not all were."""
    console = _console()
    for analysis in analyses:
        for finding in analysis.findings:
            if quiet and finding.severity not in failing:
                continue
            console.print(finding_line(finding))
    if quiet:
        return
    console.print(summary_line(analyses, checks, as_of))


def summary_line(analyses: list[Analysis], checks: list[str] | None, as_of: dt.date | None) -> Text:
    counts = {severity: 0 for severity in Severity}
    posts = changes = left_out = 0
    for analysis in analyses:
        for finding in analysis.findings:
            counts[finding.severity] += 1
        posts += len(analysis.histories)
        for history in analysis.histories:
            changes += len(history.steps)
            left_out += history.left_out
    text = counts_text(counts)
    ledgers = len(analyses)
    text.append(f" in {_count(ledgers, 'ledger')} ({_count(posts, 'post')}, {_count(changes, 'change')}")
    if as_of is not None:
        text.append(f"; as of {as_of.isoformat()}, {left_out} later or undated "
                    f"{'change' if left_out == 1 else 'changes'} left out")
    text.append(")")
    if checks is not None:
        text.append(f"; checks: {', '.join(checks) if checks else 'none'}")
    return text


def _count(number: int, noun: str) -> str:
    """"1 post", "2 posts"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def counts_text(counts: dict[Severity, int]) -> Text:
    """"1 error, 4 warnings, 2 info", each coloured by its severity when not zero."""
    text = Text()
    parts = [(Severity.ERROR, "error", "errors"), (Severity.WARNING, "warning", "warnings"),
             (Severity.INFO, "info", "info")]
    for index, (severity, one, many) in enumerate(parts):
        if index:
            text.append(", ")
        count = counts[severity]
        text.append(f"{count} {one if count == 1 else many}", style=_STYLES[severity] if count else None)
    return text


def print_check_list(checks: list[tuple[str, str]]) -> None:
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("Check", no_wrap=True)
    table.add_column("What it verifies")
    for name, summary in checks:
        table.add_row(name, summary)
    _console_wrapped().print(table)


def _console_wrapped() -> Console:
    return Console(highlight=False)
