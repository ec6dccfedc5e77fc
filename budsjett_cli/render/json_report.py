"""A report as JSON for scripts: every sheet, every row and total, amounts exact.

The layout is documented in docs/reports.md and described by
``budsjett_cli/report.schema.json``; it is stable: keys are added, never
renamed or removed, without changing ``format``.

Amounts are always exact kroner as strings ("195666000", "-2400.5"),
whatever ``--unit`` says: ``unit`` records the unit the human formats would
show, ``amounts`` says what the figures here are in ("kr").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TextIO

from budsjett_cli.amounts import plain_decimals
from budsjett_cli.reports.model import Column, Kind, Report, Row, Sheet, columns_of
from budsjett_cli.render.jsontext import Records, dump
from budsjett_cli.render.values import written_dates

FORMAT = "budsjett-report/1"


def json_values(column: Column, values: list[Any]) -> list[Any]:
    """A column's values as the document holds them, a column at a time (a report may hold 100 000 rows):
    amounts exact as strings, dates ISO, whole numbers as numbers, text as text."""
    if column.kind is Kind.DATE:
        return written_dates(values, dt.date.isoformat, blank=None)
    if column.kind in (Kind.MONEY, Kind.PERCENT):
        return plain_decimals([value if value is None or value.__class__ is Decimal else Decimal(value)
                               for value in values])
    if column.kind is Kind.INTEGER:
        return [None if value is None else int(value) for value in values]
    return [value if value.__class__ is str else None if value is None else str(value) for value in values]


def rows_document(sheet: Sheet, rows: list[Row]) -> Records:
    """The rows as the document holds them (kind, status, level and the values by column key), a column at a time."""
    keys = [c.key for c in sheet.columns]
    values = Records(keys, [json_values(c, column) for c, column in zip(sheet.columns, columns_of(rows, keys))],
                     len(rows))
    return Records(["kind", "status", "level", "values"],
                   [[row.kind.value for row in rows], [row.status for row in rows], [row.level for row in rows], values],
                   len(rows))


def report_document(report: Report) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "unit": report.unit.label,
        "amounts": "kr",
        "meta": report.meta,
        "sheets": [
            {
                "name": sheet.name,
                "title": sheet.title,
                "detail": sheet.detail,
                "columns": [{"key": c.key, "header": c.header, "kind": c.kind.value} for c in sheet.columns],
                "rows": rows_document(sheet, sheet.rows),
                "notes": list(sheet.notes),
            }
            for sheet in report.sheets
        ],
    }


def write_json(report: Report, stream: TextIO) -> None:
    dump(report_document(report), stream)
    stream.write("\n")
