"""Findings for people: one line each, ``path:line:col: severity [check] post: message``.

Colour only on a terminal (rich decides, and honours NO_COLOR); lines are
never wrapped, so they stay greppable and clickable in editors.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING

from budsjett_cli.analysis import Analysis
from budsjett_cli.findings import Finding, Severity
from budsjett_cli.render.width import is_terminal

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# A line as parts of text, each with the style it has on a terminal.
Parts = list[tuple[str, str | None]]


def _console() -> Console:
    from rich.console import Console   # imported when used: it is a fifth of the start-up of `check`

    return Console(highlight=False, soft_wrap=True)


def _styled(parts: Parts) -> Text:
    from rich.text import Text

    text = Text()
    for part, style in parts:
        text.append(part, style=style)
    return text


def _plain_output() -> bool:
    """Whether rich would write no styles at all: output is not a terminal and no colour is forced.

    Then the lines are written as they are, without loading rich (``check``
    in a script or a pipe, the usual case, starts faster).
    """
    forced = any(os.environ.get(name) for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"))
    return not forced and not is_terminal(sys.stdout)


def where(finding: Finding) -> str:
    """``path:line:col``; ``path:line`` for a row of a CSV file (no column); ``path`` for a file as a whole."""
    loc = finding.location
    if not loc.line:
        return loc.path
    if not loc.col:
        return f"{loc.path}:{loc.line}"
    return str(loc)


def finding_line(finding: Finding) -> Text:
    return _styled(finding_parts(finding))


def finding_parts(finding: Finding) -> Parts:
    parts: Parts = [(f"{where(finding)}: ", "bold"), (finding.severity.value, _STYLES[finding.severity]),
                    (f" [{finding.check}]", "dim")]
    if finding.post:
        parts.append((f" {finding.post}", "bold"))
    parts.append((": " + finding.message, None))
    return parts


def print_findings(analyses: list[Analysis], checks: list[str] | None,
                   as_of: dt.date | None, failing: frozenset[Severity], quiet: bool) -> None:
    """Each finding on a line of its own, then the counts; ``checks`` names the checks run when not all were."""
    lines = [finding_parts(finding) for analysis in analyses for finding in analysis.findings
             if not quiet or finding.severity in failing]
    if not quiet:
        lines.append(summary_parts(analyses, checks, as_of))
    if _plain_output():
        sys.stdout.write("".join("".join(part for part, _ in line).expandtabs() + "\n" for line in lines))
        return
    console = _console()
    for line in lines:
        console.print(_styled(line))


def summary_line(analyses: list[Analysis], checks: list[str] | None, as_of: dt.date | None) -> Text:
    return _styled(summary_parts(analyses, checks, as_of))


def summary_parts(analyses: list[Analysis], checks: list[str] | None, as_of: dt.date | None) -> Parts:
    counts = {severity: 0 for severity in Severity}
    posts = changes = left_out = 0
    for analysis in analyses:
        for finding in analysis.findings:
            counts[finding.severity] += 1
        posts += len(analysis.histories)
        for history in analysis.histories:
            changes += len(history.steps)
            left_out += history.left_out
    parts = counts_parts(counts)
    ledgers = len(analyses)
    parts.append((f" in {_count(ledgers, 'ledger')} ({_count(posts, 'post')}, {_count(changes, 'change')}", None))
    if as_of is not None:
        parts.append((f"; as of {as_of.isoformat()}, {left_out} later or undated "
                      f"{'change' if left_out == 1 else 'changes'} left out", None))
    parts.append((")", None))
    if checks is not None:
        parts.append((f"; checks: {', '.join(checks) if checks else 'none'}", None))
    return parts


def _count(number: int, noun: str) -> str:
    """"1 post", "2 posts"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def counts_text(counts: dict[Severity, int]) -> Text:
    """"1 error, 4 warnings, 2 info", each coloured by its severity when not zero."""
    return _styled(counts_parts(counts))


def counts_parts(counts: dict[Severity, int]) -> Parts:
    parts: Parts = []
    words = [(Severity.ERROR, "error", "errors"), (Severity.WARNING, "warning", "warnings"),
             (Severity.INFO, "info", "info")]
    for index, (severity, one, many) in enumerate(words):
        if index:
            parts.append((", ", None))
        count = counts[severity]
        parts.append((f"{count} {one if count == 1 else many}", _STYLES[severity] if count else None))
    return parts


def print_check_list(checks: list[tuple[str, str]]) -> None:
    from rich.table import Table

    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("Check", no_wrap=True)
    table.add_column("What it verifies")
    for name, summary in checks:
        table.add_row(name, summary)
    _console_wrapped().print(table)


def _console_wrapped() -> Console:
    from rich.console import Console

    return Console(highlight=False)
