"""Helpers for the report tests: a hand-made report, golden files, and readers that parse exports back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from decimal import Decimal
from pathlib import Path

import openpyxl

from budsjett_cli.amounts import Unit
from budsjett_cli.reports.model import Column, Kind, Report, Row, RowKind, Sheet

GOLDEN = Path(__file__).resolve().parent / "golden"
UNIT_FACTORS = {"kr": Decimal(1), "1000 kr": Decimal(1000), "mill. kr": Decimal(1_000_000), "mrd. kr": Decimal(10**9)}


def sample_report(unit: Unit = Unit.THOUSAND) -> Report:
    """Every kind of cell a renderer must handle: decimals, negatives, blanks, dates, nesting, totals."""
    columns = [
        Column("chapter", "Kap."),
        Column("post", "Post"),
        Column("name", "Postnavn"),
        Column("date", "Dato", Kind.DATE),
        Column("count", "Antall", Kind.INTEGER),
        Column("share", "Andel", Kind.PERCENT),
        Column("amount", "Sum tildelt", Kind.MONEY),
        Column("change", "Endring", Kind.MONEY),
        Column("never", "Aldri", Kind.MONEY, hide_when_empty=True),
        Column("status", "Status"),
    ]
    rows = [
        Row({"chapter": "765", "post": "21", "name": "Spesielle driftsutgifter, kan overføres, kan nyttes under post 72",
             "date": dt.date(2023, 2, 6), "count": 1234, "share": Decimal("0.2534"),
             "amount": Decimal("187166000"), "change": Decimal("-2400500"), "status": "error"}, status="error"),
        Row({"chapter": "765", "post": "60", "name": "Kommunale tjenester", "amount": Decimal("3624400"),
             "change": Decimal("0"), "status": "ok"}, status="ok"),
        Row({"chapter": "765", "post": "", "name": "øremerket «inntil» – på linje under", "amount": Decimal("1500"),
             "status": "info"}, level=1, status="info"),
        Row({"chapter": "765", "name": "Sum kap. 765", "amount": Decimal("190791900"),
             "change": Decimal("-2400500")}, RowKind.SUBTOTAL),
        Row({"chapter": "3714", "post": "04", "name": "Gebyrinntekter", "amount": Decimal("12345678901.5"),
             "change": Decimal("-0.25"), "status": "warning"}, status="warning"),
        Row({"name": "Sum utgifter", "amount": Decimal("190791900"), "change": Decimal("-2400500")}, RowKind.TOTAL),
    ]
    main = Sheet("Prøve", "Prøverapport", columns, rows, notes=["En merknad under tabellen."])
    detail = Sheet("Funn", "Funn", [Column("message", "Melding"), Column("difference", "Differanse", Kind.MONEY)],
                   [Row({"message": "noe er galt", "difference": Decimal("-2500")}, status="error")], detail=True)
    return Report([main, detail], unit, {"command": "test"})


def check_golden(name: str, actual: str | bytes) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes()
    if expected != data:
        assert data.decode("utf-8", "replace") == expected.decode("utf-8", "replace"), f"differs from {path}"
        assert data == expected, f"differs from {path} (bytes)"


def xlsx_dump(source) -> str:
    """What a workbook holds, as text for a golden file: sheet layout and every cell's value, format, boldness."""
    workbook = openpyxl.load_workbook(source)
    out = []
    for ws in workbook.worksheets:
        out.append(f"== {ws.title}")
        out.append(f"freeze {ws.freeze_panes}; filter {ws.auto_filter.ref}; print titles {ws.print_title_rows}")
        out.append("widths " + " ".join(f"{k}={v.width:g}" for k, v in sorted(ws.column_dimensions.items())))
        for row in ws.iter_rows():
            cells = []
            for cell in row:
                if cell.value is None and not cell.font.b:
                    cells.append("")
                    continue
                value = cell.value
                text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else repr(value)
                if cell.number_format != "General":
                    text += f" [{cell.number_format}]"
                if cell.font.b:
                    text += " *b*"
                cells.append(text)
            while cells and cells[-1] == "":
                cells.pop()
            out.append(" | ".join(cells))
    return "\n".join(out) + "\n"


def tsv_columns(text: str) -> dict[str, list[str]]:
    """The first table of a ``--format tsv`` render as {header: [cells, top to bottom]}, cells stripped."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "\t" in line)
    header = [cell.strip() for cell in lines[start].split("\t")]
    columns: dict[str, list[str]] = {name: [] for name in header}
    for line in lines[start + 1:]:
        if not line.strip():
            break
        cells = [cell.strip() for cell in line.split("\t")]
        for name, cell in zip(header, cells + [""] * (len(header) - len(cells))):
            columns[name].append(cell)
    return columns


def decimals_shown(cells: list[str]) -> set[int]:
    """How many decimals the non-empty figures of a column show: {3} when they line up at three."""
    return {len(cell.partition(",")[2].split()[0]) if "," in cell else 0 for cell in cells if cell}


# -- reading exports back -------------------------------------------------------------
# Each reader gives, for the one main sheet: list of rows, each (row kind, {header: value}), with money
# columns already converted back to exact kroner using the unit stated in the header.


def _money_header(header: str) -> tuple[str, Decimal] | None:
    for label, factor in UNIT_FACTORS.items():
        if header.endswith(f" ({label})"):
            return header[: -len(label) - 3], factor
    return None


def read_csv(text: str, excel: bool = False) -> list[tuple[str, dict]]:
    if excel:
        assert text.startswith("\ufeff"), "csv-excel starts with a BOM"
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel else ",")
    header = next(reader)
    assert header[-1] == "Radtype"
    out = []
    for record in reader:
        values = {}
        for name, cell in zip(header[:-1], record[:-1]):
            money = _money_header(name)
            if money:
                values[money[0]] = None if cell == "" else Decimal(cell.replace(",", ".") if excel else cell) * money[1]
            else:
                values[name] = cell
        out.append(({"rad": "row", "delsum": "subtotal", "sum": "total"}[record[-1]], values))
    return out


def read_json(text: str, sheet: int = 0) -> list[tuple[str, dict]]:
    document = json.loads(text)
    assert document["amounts"] == "kr"
    data = document["sheets"][sheet]
    kinds = {c["key"]: c["kind"] for c in data["columns"]}
    headers = {c["key"]: c["header"] for c in data["columns"]}
    out = []
    for row in data["rows"]:
        values = {}
        for key, value in row["values"].items():
            if kinds[key] == "money":
                assert value is None or isinstance(value, str), "amounts in JSON are strings"
                values[headers[key]] = None if value is None else Decimal(value)
            else:
                values[headers[key]] = value
        out.append((row["kind"], values))
    return out


def read_xlsx(source, sheet: int = 0) -> list[tuple[str, dict]]:
    """The table of a worksheet: each row's kind (from its style: totals bold under a rule, subtotals bold)
    and its values, formulas read as the values stored with them; Kap. and Post back as the report's text."""
    workbook = openpyxl.load_workbook(source, data_only=True)
    ws = workbook.worksheets[sheet]
    header = [cell.value for cell in ws[2]]
    assert "Radtype" not in header
    out = []
    for cells in ws.iter_rows(min_row=3):
        record = [cell.value for cell in cells]
        if all(value is None for value in record):
            break  # the notes under the table
        first = cells[0]
        kind = "total" if first.border.top.style else "subtotal" if first.font.b else "row"
        values = {}
        for name, cell in zip(header, record):
            money = _money_header(name)
            if money:
                # Excel holds doubles: any figure of up to 15 significant digits comes back exact.
                values[money[0]] = None if cell is None else Decimal(f"{cell:.15g}") * money[1]
            elif name == "Kap." and isinstance(cell, int):
                values[name] = str(cell)
            elif name == "Post" and isinstance(cell, int):
                values[name] = f"{cell:02d}"
            else:
                values[name] = cell
        out.append((kind, values))
    return out


def report_rows(report: Report, sheet: int = 0) -> list[tuple[str, dict]]:
    """The same shape, straight from the report: what every reader must give back."""
    data = report.sheets[sheet]
    out = []
    for row in data.rows:
        values = {}
        for column in data.columns:
            values[column.header] = row.values.get(column.key)
        out.append((row.kind.value, values))
    return out


def money_headers(report: Report, sheet: int = 0) -> list[str]:
    return [c.header for c in report.sheets[sheet].columns if c.kind is Kind.MONEY]


def normalised(rows: list[tuple[str, dict]], headers: list[str]) -> list[tuple[str, list]]:
    """Only the money figures, normalised, for comparing a read-back export with the report."""
    return [(kind, [None if values.get(h) is None else Decimal(values[h]).normalize() for h in headers])
            for kind, values in rows]


def render_at(report, width: int) -> str:
    """A report as rich draws it on a terminal ``width`` columns wide, without colour."""
    from budsjett_cli.render.rich_report import write_rich

    stream = io.StringIO()
    write_rich(report, stream, width=width, color=False)
    return stream.getvalue()


def figures_shown(report, kinds=(Kind.MONEY,)) -> list[str]:
    """Every figure of the report's first sheet as the human formats show it."""
    from budsjett_cli.render.values import HumanCells

    sheet = report.sheets[0]
    cells = HumanCells(report.unit, sheet)
    return [cells.cell(c, row) for row in sheet.rows for c in sheet.columns
            if c.kind in kinds and row.values.get(c.key) is not None]
