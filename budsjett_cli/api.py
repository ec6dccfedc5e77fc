"""The Python API for scripts and notebooks: the same work as the commands, as values instead of output.

Import from the package root (``import budsjett_cli as bs``); docs/api.md
shows each call with real output. Input that cannot be used raises
``InputError`` (its ``problems`` are ``path:line:col: message`` lines), as
the commands exit 2 for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from budsjett_cli.analysis import Analysis
from budsjett_cli.analysis import analyse as _analyse
from budsjett_cli.checks import CHECKS
from budsjett_cli.findings import Finding
from budsjett_cli.ledger.loader import load_file
from budsjett_cli.ledger.loader import load_text as _load_text
from budsjett_cli.ledger.model import Ledger
from budsjett_cli.reports.model import Report


def load(path: str | Path) -> Ledger:
    """Load a ledger file (YAML, docs/ledger-format.md); every problem in it is raised together."""
    return load_file(path)


def load_text(text: str, name: str = "<ledger>") -> Ledger:
    """Load a ledger from its text; problems cite ``name`` as the file."""
    return _load_text(text, name)


def check(ledger: Ledger, checks: Iterable[str] | None = None, as_of: dt.date | None = None) -> list[Finding]:
    """The findings of ``budsjett check`` on one ledger, in file order: all checks, or those named."""
    names = None if checks is None else list(checks)
    if names is not None:
        known = {spec.name for spec in CHECKS}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(f"no check named {', '.join(map(repr, unknown))}; the checks are: "
                             f"{', '.join(spec.name for spec in CHECKS)}")
    return _analyse(ledger, as_of, names).findings


def analyse(ledger: Ledger, as_of: dt.date | None = None) -> Analysis:
    """The ledger with every post's recomputed history (running allocation step by step) and the findings."""
    return _analyse(ledger, as_of)


def summary(ledgers: Ledger | Iterable[Ledger], *, as_of: dt.date | None = None, chapters: Iterable[str] = (),
            posts: Iterable[str] = ()) -> Report:
    """The ``budsjett summary`` report: one row per post, chapter subtotals, findings sheet.

    ``chapters`` ("714") and ``posts`` ("714.21") filter as the options do.
    """
    from budsjett_cli.reports.summary import summary_report

    chosen = [ledgers] if isinstance(ledgers, Ledger) else list(ledgers)
    return summary_report([_analyse(ledger, as_of) for ledger in chosen], chapters, posts)


def read_letter(path: str | Path):
    """Read a letter file (text, markdown or PDF) into a ``ReadResult``: one proposal per letter in it."""
    from budsjett_cli.letters.reader import read_file

    return read_file(path)


def read_accounts(path: str | Path, year: int, **options):
    """Read an accounts export (DFØ's statsregnskapet CSV or a simple one) summed per post and month.

    ``options`` are those of ``actuals.accounts.read_accounts``: ``layout``,
    ``encoding``, ``columns``. Bad rows are in ``.problems``, not raised.
    """
    from budsjett_cli.actuals.accounts import read_accounts as read

    return read(path, year, **options)


def to_dataframe(items):
    """A pandas DataFrame of findings (a list of ``Finding``) or of a report ``Sheet``; needs pandas installed."""
    from budsjett_cli.reports.model import Sheet

    if isinstance(items, Sheet):
        return items.to_dataframe()
    from budsjett_cli.findings import finding_record
    from budsjett_cli.reports.model import dataframe

    return dataframe([finding_record(f) for f in items])
