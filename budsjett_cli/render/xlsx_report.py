"""A report as an Excel workbook (format ``xlsx``), written with openpyxl.

One worksheet per sheet of the report, detail sheets (the findings behind a
summary) included. Each worksheet:

- row 1: the title with the unit ("... (beløp i 1000 kr)");
- row 2: the bold header, money headings with their unit ("Bevilgning
  (1000 kr)"), frozen so it stays in view, with an autofilter; it is also
  repeated on every printed page (landscape, fitted to the page width);
- then one row per row of the sheet: numbers stored as numbers (not text)
  in the display unit, exact, with a thousands number format that
  Norwegian Excel shows as "187 166"; each money column has one format, with
  the decimals its finest figure needs (at most three, two in kroner, as the
  text formats show them: ``values.column_decimals``), so that the column
  lines up ("3 624,4" and "11 658 500,0"); a figure finer than that is shown
  rounded and a note under the table says the cells hold it exact;
  negatives in red; dates as dates (dd.mm.yyyy); chapter subtotals bold,
  totals bold under a rule; a last column ``Radtype`` (rad / delsum / sum) to
  filter on;
- the sheet's notes under the table; column widths set from the content.

Excel stores numbers as binary doubles: figures of up to 15 significant
digits (any budget figure) come back exact.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from budsjett_cli.reports.model import Column, Kind, Report, Row, RowKind, Sheet
from budsjett_cli.render.csv_report import ROW_KIND_HEADER
from budsjett_cli.render.values import (HUMAN_DECIMALS, ROW_KIND_NAMES, HumanCells, column_decimals, display_value, finer_than_shown,
                     header_with_unit, heading, needed_decimals)

HEADER_ROW = 2
FIRST_DATA_ROW = 3
DATE_FORMAT = "DD.MM.YYYY"
PERCENT_FORMAT = "0.0 %"
STATUS_COLOURS = {"error": "C00000", "warning": "B8860B", "info": "1F6FB2", "ok": "2E7D32"}

_TITLE_FONT = Font(bold=True, size=13)
_BOLD = Font(bold=True)
_NOTE_FONT = Font(italic=True, color="595959")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_THIN = Side(style="thin")
_HEADER_BORDER = Border(bottom=_THIN)
_TOTAL_BORDER = Border(top=_THIN)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="bottom")
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")


def money_format(decimals: int) -> str:
    """Thousands grouping (Norwegian Excel shows the group separator as a space), negatives red."""
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"{body};[Red]-{body}"


def write_xlsx(report: Report, stream: BinaryIO) -> None:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "budsjett"
    if report.sheets:
        workbook.properties.title = _safe(report.sheets[0].title)
    used: set[str] = set()
    for sheet in report.sheets:
        _write_sheet(workbook, sheet, report, _sheet_name(sheet.name, used))
    if not report.sheets:
        workbook.create_sheet("Tom")
    buffer = io.BytesIO()
    workbook.save(buffer)
    stream.write(buffer.getvalue())


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique regardless of case."""
    base = _BAD_NAME.sub("-", name).strip("'") or "Ark"
    base = base[:31]
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(candidate.lower())
    return candidate


def _write_sheet(workbook: Workbook, sheet: Sheet, report: Report, name: str) -> None:
    ws = workbook.create_sheet(title=name)
    columns = [c for c in sheet.columns if not c.machine_only]
    count = len(columns) + 1  # and Radtype
    for index, width in enumerate(_widths(sheet, report), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    last = get_column_letter(count)
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(sheet.rows), 1)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    title = WriteOnlyCell(ws, value=_safe(heading(sheet, report.unit)))
    title.font = _TITLE_FONT
    ws.append([title])

    header = []
    for text in [header_with_unit(c, report.unit) for c in columns] + [ROW_KIND_HEADER]:
        cell = WriteOnlyCell(ws, value=_safe(text))
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = _HEADER_ALIGN
        header.append(cell)
    ws.append(header)

    needed = needed_decimals(sheet, report.unit)
    formats = {key: money_format(decimals) for key, decimals in column_decimals(sheet, report.unit, needed).items()}
    for row in sheet.rows:
        ws.append([_cell(ws, c, row, report, formats, first=i == 0) for i, c in enumerate(columns)]
                  + [_styled(WriteOnlyCell(ws, value=ROW_KIND_NAMES[row.kind.value]), row)])

    notes = list(sheet.notes)
    if finer_than_shown(sheet, report.unit, needed):
        notes.append(rounding_note(report))
    if notes:
        ws.append([])
        for note in notes:
            cell = WriteOnlyCell(ws, value=_safe(note))
            cell.font = _NOTE_FONT
            ws.append([cell])


def rounding_note(report: Report) -> str:
    """Under a sheet whose money format hides some decimals: the figures in the cells are exact."""
    return (f"Figures finer than {HUMAN_DECIMALS[report.unit]} decimals in {report.unit.label} are shown rounded; "
            "the cells hold the exact figures.")


def _cell(ws, column: Column, row: Row, report: Report, formats: dict[str, str], first: bool) -> WriteOnlyCell:
    value = row.values.get(column.key)
    cell = WriteOnlyCell(ws)
    if value is None:
        pass
    elif column.kind is Kind.MONEY:
        shown = display_value(value, report.unit)
        cell.value = Decimal(int(shown)) if shown == shown.to_integral_value() else shown.normalize()
        cell.number_format = formats[column.key]
    elif column.kind is Kind.PERCENT:
        cell.value = Decimal(value)
        cell.number_format = PERCENT_FORMAT
    elif column.kind is Kind.INTEGER:
        cell.value = int(value)
        cell.number_format = "#,##0"
    elif column.kind is Kind.DATE:
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = _safe(str(value))
        if first and row.level:
            cell.alignment = Alignment(indent=row.level)
    _styled(cell, row)
    if column.key == "status" and value in STATUS_COLOURS:
        cell.font = Font(bold=row.kind is not RowKind.ROW or value == "error", color=STATUS_COLOURS[value])
    return cell


def _styled(cell: WriteOnlyCell, row: Row) -> WriteOnlyCell:
    if row.kind is not RowKind.ROW:
        cell.font = _BOLD
    if row.kind is RowKind.TOTAL:
        cell.border = _TOTAL_BORDER
    return cell


def _widths(sheet: Sheet, report: Report) -> list[float]:
    """Column widths in characters, from the headings' longest word and the cells as shown."""
    cells = HumanCells(report.unit, sheet)
    widths = []
    for position, column in enumerate(c for c in sheet.columns if not c.machine_only):
        header = header_with_unit(column, report.unit)
        longest = max((len(word) for word in header.split()), default=4)
        for row in sheet.rows:
            longest = max(longest, len(cells.cell(column, row, first=position == 0)))
        limit = 60 if column.kind is Kind.TEXT else 24
        widths.append(min(max(longest + 2, 6), limit))
    widths.append(len(ROW_KIND_HEADER) + 3)
    return widths


def _safe(text: str) -> str:
    """Text a worksheet can hold: a control character (which Excel's XML cannot) is shown escaped, "\\x01"."""
    return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
