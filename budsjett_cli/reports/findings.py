"""The findings sheet: one set of columns for every report that lists findings (summary, actuals)."""

from __future__ import annotations

from collections.abc import Iterable

from budsjett_cli.findings import Finding, finding_record
from budsjett_cli.reports.model import Column, Kind, Row, Sheet

# "Sted" is file:line:col for people; Fil, Linje and Kolonne are the same place for scripts (CSV, JSON).
FINDING_COLUMNS = (
    Column("severity", "Alvorlighet"),
    Column("check", "Kontroll"),
    Column("post", "Post"),
    Column("letter", "Brev"),
    Column("message", "Melding"),
    Column("location", "Sted"),
    Column("file", "Fil", machine_only=True),
    Column("line", "Linje", Kind.INTEGER, machine_only=True),
    Column("column", "Kolonne", Kind.INTEGER, machine_only=True),
    Column("expected", "Forventet", Kind.MONEY),
    Column("actual", "Faktisk", Kind.MONEY),
    Column("difference", "Differanse", Kind.MONEY),
)
_KEYS = tuple(column.key for column in FINDING_COLUMNS)


def findings_sheet(findings: Iterable[Finding], name: str, title: str) -> Sheet:
    """A detail sheet (xlsx and json) with one row per finding, coloured by severity."""
    rows = []
    for finding in findings:
        record = finding_record(finding)
        values = {key: record[key] for key in _KEYS}
        values["line"] = values["line"] or None    # 0: the file as a whole
        values["column"] = values["column"] or None
        rows.append(Row(values, status=finding.severity.value))
    sheet = Sheet(name, title, list(FINDING_COLUMNS), rows, detail=True)
    if not rows:
        sheet.notes.append("No findings.")
    return sheet
