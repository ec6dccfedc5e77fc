"""A report as JSON for scripts: every sheet, every row and total, amounts exact.

The layout is documented in docs/reports.md and described by
``budsjett_cli/report.schema.json``; it is stable: keys are added, never
renamed or removed, without changing ``format``.

Amounts are always exact kroner as strings ("195666000", "-2400.5"),
whatever ``--unit`` says: ``unit`` records the unit the human formats would
show, ``amounts`` says what the figures here are in ("kr").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TextIO

from budsjett_cli.amounts import plain_decimal
from budsjett_cli.reports.model import Column, Kind, Report, Row, Sheet
from budsjett_cli.render.jsontext import dump

FORMAT = "budsjett-report/1"


def json_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind in (Kind.MONEY, Kind.PERCENT):
        return plain_decimal(Decimal(value))
    if column.kind is Kind.INTEGER:
        return int(value)
    if column.kind is Kind.DATE:
        return value.isoformat()
    return str(value)


def row_dict(sheet: Sheet, row: Row) -> dict[str, Any]:
    return {
        "kind": row.kind.value,
        "status": row.status,
        "level": row.level,
        "values": {c.key: json_value(c, row.values.get(c.key)) for c in sheet.columns},
    }


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
                "rows": [row_dict(sheet, row) for row in sheet.rows],
                "notes": list(sheet.notes),
            }
            for sheet in report.sheets
        ],
    }


def write_json(report: Report, stream: TextIO) -> None:
    dump(report_document(report), stream)
    stream.write("\n")
