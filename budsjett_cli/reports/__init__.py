"""Report rows for ``summary``, ``show``, ``letters`` and ``changes``: ledgers in, ``tables.Report`` out.

Pure: no terminal, no files. Every running figure comes from
``history.post_history`` (through ``checks.build_context``); nothing here
recomputes a running total. Money stays exact ``Decimal`` kroner; the
renderers convert it to the display unit.

- ``common``: the analysed ledgers (``Analysis``), the filters, and
  ``sectioned_rows``, which keeps the rules every report's totals follow
  (expenditure and income never added together; see its docstring);
- ``summary`` (and ``summary --letter``), ``show``, ``letters``,
  ``changes``: one module per report.
"""

from budsjett_cli.dates import Period, parse_month
from budsjett_cli.reports.changes import changes_report
from budsjett_cli.analysis import Analysis, analyse
from budsjett_cli.reports.common import (ReportError, check_filters, find_letter, parse_chapter, parse_post_key,
                                         sectioned_rows)
from budsjett_cli.reports.letters import letters_report
from budsjett_cli.reports.show import find_posts, show_report
from budsjett_cli.reports.findings import findings_sheet
from budsjett_cli.reports.summary import letter_report, summary_report, summary_values

__all__ = [
    "Analysis", "Period", "ReportError", "analyse", "changes_report", "check_filters", "find_letter", "find_posts",
    "findings_sheet", "letter_report", "letters_report", "parse_chapter", "parse_month", "parse_post_key",
    "sectioned_rows", "show_report", "summary_report", "summary_values",
]
