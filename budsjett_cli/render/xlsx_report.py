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
import zipfile
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, DataBarRule
from openpyxl.utils import get_column_letter

from budsjett_cli.amounts import decimals_of
from budsjett_cli.reports.model import Column, Kind, Report, Row, RowKind, Sheet
from budsjett_cli.render.values import (HUMAN_DECIMALS, HumanCells, display_value, finer_than_shown, header_with_unit,
                                        heading, machine_number, needed_decimals, odd_figure_note,
                                        usual_decimals)

HEADER_ROW = 2
FIRST_DATA_ROW = 3
DATE_FORMAT = "DD.MM.YYYY"
PERCENT_FORMAT = "0.0 %"
# Conditional formats: the Status cell's colours, the columns where a negative is bad news, the share as a bar.
STATUS_FILLS = {"error": ("9C0006", "FFC7CE"), "warning": ("9C5700", "FFEB9C"), "info": ("1F4E79", "DDEBF7"),
                "ok": ("006100", "C6EFCE")}
NEGATIVE_RED = ("remaining", "unallocated")
DATA_BARS = ("share",)
# The workbook's sheet names, in Norwegian; the report's own names stay the stable keys of the JSON.
WORKBOOK_NAMES = {"actuals": "Regnskap", "outside": "Utenfor", "findings": "Funn", "monthly": "Per måned",
                  "by_month": "Måned for måned"}
_SUSPECT_FILL = PatternFill("solid", fgColor="FFF2CC")
# Kap. and Post as numbers (no "number stored as text"), Post with its leading zero.
NUMBER_KEYS = {"chapter": "0", "post": "00"}
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
    cached: list[dict[str, Decimal]] = []
    for sheet in report.sheets:
        name = _sheet_name(WORKBOOK_NAMES.get(sheet.name, sheet.name), used)
        cached.append(_write_sheet(workbook, sheet, report, name))
        if sheet.name == "actuals":
            cached.append(_chart_sheet(workbook, sheet, report, name, _sheet_name("Diagram", used)))
    if not report.sheets:
        workbook.create_sheet("Tom")
    buffer = io.BytesIO()
    workbook.save(buffer)
    stream.write(with_cached_values(buffer.getvalue(), cached))


def _chart_sheet(workbook: Workbook, sheet: Sheet, report: Report, source: str, name: str) -> dict[str, Decimal]:
    """A sheet with one row per chapter (allocation and spending so far, linked to the subtotals) and its bar chart."""
    ws = workbook.create_sheet(title=name)
    cached: dict[str, Decimal] = {}
    columns = [c for c in sheet.columns if not c.machine_only]
    keys = [c.key for c in columns]
    if "allocation" not in keys or "to_date" not in keys:
        return cached
    allocation_col = get_column_letter(keys.index("allocation") + 1)
    spent_col = get_column_letter(keys.index("to_date") + 1)
    title = WriteOnlyCell(ws, value=f"Tildelt og brukt hittil per kapittel ({report.unit.label})")
    title.font = _TITLE_FONT
    ws.append([title])
    ws.append([_bold(ws, "Kapittel"), _bold(ws, f"Sum tildelt ({report.unit.label})"),
               _bold(ws, f"Regnskap hittil ({report.unit.label})")])
    count = 0
    for index, row in enumerate(sheet.rows):
        if row.kind is not RowKind.SUBTOTAL or int(row.values.get("chapter") or 0) >= 3000:
            continue
        source_row = FIRST_DATA_ROW + index
        cells = [WriteOnlyCell(ws, value=_safe(str(row.values.get("name") or "")).replace("Sum kap. ", "Kap. "))]
        for position, (column, key) in enumerate(((allocation_col, "allocation"), (spent_col, "to_date"))):
            value = row.values.get(key)
            if value is not None:
                cached[f"{'BC'[position]}{FIRST_DATA_ROW + count}"] = display_value(value, report.unit)
            cell = WriteOnlyCell(ws, value=f"='{source}'!{column}{source_row}" if value is not None else None)
            cell.number_format = money_format(0)
            cells.append(cell)
        ws.append(cells)
        count += 1
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 18
    if not count:
        return cached
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Tildelt og brukt hittil per kapittel"
    chart.y_axis.title = report.unit.label
    chart.height, chart.width = max(8, 0.6 * count + 3), 22
    data = Reference(ws, min_col=2, max_col=3, min_row=HEADER_ROW, max_row=HEADER_ROW + count)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=FIRST_DATA_ROW, max_row=HEADER_ROW + count))
    ws.add_chart(chart, "E2")
    return cached


def _bold(ws, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=text)
    cell.font = _BOLD
    return cell


def with_cached_values(data: bytes, cached: list[dict[str, Decimal]]) -> bytes:
    """The workbook with each formula's value stored beside it (openpyxl writes formulas without one).

    Excel and LibreOffice recalculate on opening; viewers that do not
    calculate (previews, mail clients, pandas) show the stored values.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if match and int(match[1]) <= len(cached) and cached[int(match[1]) - 1]:
                values = cached[int(match[1]) - 1]
                content = _FORMULA_CELL.sub(
                    lambda m: (f'{m[1]}<f>{m[3]}</f><v>{machine_number(values[m[2]])}</v></c>'
                               if m[2] in values else m[0]), content.decode("utf-8")).encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


_FORMULA_CELL = re.compile(r'(<c r="([A-Z]+\d+)"[^>]*>)<f>([^<]*)</f><v\s*/></c>')


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


def _write_sheet(workbook: Workbook, sheet: Sheet, report: Report, name: str) -> dict[str, Decimal]:
    """Write one worksheet; the values of its formula cells, by cell reference (for ``with_cached_values``)."""
    ws = workbook.create_sheet(title=name)
    columns = [c for c in sheet.columns if not c.machine_only]
    count = len(columns)
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
    for text in [header_with_unit(c, report.unit) for c in columns]:
        cell = WriteOnlyCell(ws, value=_safe(text))
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = _HEADER_ALIGN
        header.append(cell)
    ws.append(header)

    needed = needed_decimals(sheet, report.unit)
    usual = usual_decimals(sheet, report.unit)
    formats = {key: money_format(decimals) for key, decimals in usual.items()}
    cached: dict[str, Decimal] = {}
    for index, row in enumerate(sheet.rows):
        cells = [_cell(ws, c, row, report, formats, first=i == 0) for i, c in enumerate(columns)]
        if row.kind is not RowKind.ROW:
            _sum_formulas(cells, columns, sheet.rows, index, report, cached)
        ws.append(cells)
    _conditional_formats(ws, columns, len(sheet.rows))

    notes = list(sheet.notes)
    if finer_than_shown(sheet, report.unit, needed):
        notes.append(rounding_note(report))
    if notes:
        ws.append([])
        for note in notes:
            cell = WriteOnlyCell(ws, value=_safe(note))
            cell.font = _NOTE_FONT
            ws.append([cell])
    return cached


def _covered(rows: list[Row], index: int) -> tuple[int, int]:
    """The rows a subtotal (its chapter's rows) or total (its section) covers: first and last index.

    Where a post has a row per measure (``--monthly``: Regnskap, Tildelt),
    so do its subtotals, one under the other: each covers the same rows.
    """
    start = index
    if rows[index].values.get("measure") is not None:
        while start > 0 and rows[start - 1].kind is rows[index].kind:
            start -= 1
    stop_at = (RowKind.SUBTOTAL, RowKind.TOTAL) if rows[index].kind is RowKind.SUBTOTAL else (RowKind.TOTAL,)
    while start > 0 and rows[start - 1].kind not in stop_at:
        start -= 1
    return start, index - 1


def _sum_formulas(cells: list[WriteOnlyCell], columns: list[Column], rows: list[Row], index: int, report: Report,
                  cached: dict[str, Decimal]) -> None:
    """Money on a subtotal or total row as a formula over the rows it covers, where that is its value.

    SUBTOTAL(9, ...) leaves out the subtotals inside its range, so a section
    total can cover its chapters' rows and subtotals alike. Where posts have
    a row per measure, a sum is SUMIFS over the post rows (Post not blank)
    of its own measure. A figure that is not the sum of its rows (what
    remains, derived) stays a value.
    """
    first, last = _covered(rows, index)
    if last < first:
        return
    measure = rows[index].values.get("measure")
    plain = [r for r in rows[first:last + 1] if r.kind is RowKind.ROW and r.values.get("measure") == measure]
    keys = [c.key for c in columns]
    if measure is not None and not {"measure", "post"} <= set(keys):
        return
    top, bottom, here = FIRST_DATA_ROW + first, FIRST_DATA_ROW + last, FIRST_DATA_ROW + index
    for position, column in enumerate(columns):
        value = rows[index].values.get(column.key)
        if column.kind is not Kind.MONEY or value is None:
            continue
        if sum((r.values.get(column.key) or Decimal(0) for r in plain), Decimal(0)) != value:
            continue
        letter = get_column_letter(position + 1)
        if measure is None:
            formula = f"=SUBTOTAL(9,{letter}{top}:{letter}{bottom})"
        else:
            m, p = (get_column_letter(keys.index(k) + 1) for k in ("measure", "post"))
            formula = f'=SUMIFS({letter}{top}:{letter}{bottom},{m}{top}:{m}{bottom},{m}{here},{p}{top}:{p}{bottom},"<>")'
        cells[position].value = formula
        cached[f"{letter}{here}"] = display_value(value, report.unit)


def _conditional_formats(ws, columns: list[Column], count: int) -> None:
    """Status cells coloured by their value, negative money red and filled, a share as a data bar."""
    if not count:
        return
    last = FIRST_DATA_ROW + count - 1
    for position, column in enumerate(columns):
        letter = get_column_letter(position + 1)
        area = f"{letter}{FIRST_DATA_ROW}:{letter}{last}"
        if column.key == "status":
            for status, (font, fill) in STATUS_FILLS.items():
                ws.conditional_formatting.add(area, CellIsRule(operator="equal", formula=[f'"{status}"'],
                                                               font=Font(color=font), fill=PatternFill(
                                                                   "solid", fgColor=fill, bgColor=fill)))
        elif column.kind is Kind.MONEY and column.key in NEGATIVE_RED:
            ws.conditional_formatting.add(area, CellIsRule(operator="lessThan", formula=["0"],
                                                           font=Font(color="9C0006"),
                                                           fill=PatternFill("solid", fgColor="FFC7CE",
                                                                            bgColor="FFC7CE")))
        elif column.kind is Kind.PERCENT and column.key in DATA_BARS:
            ws.conditional_formatting.add(area, DataBarRule(start_type="num", start_value=0, end_type="num",
                                                            end_value=1, color="5B9BD5"))


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
        own = min(decimals_of(shown), HUMAN_DECIMALS[report.unit])
        if own > formats[column.key].partition(";")[0].count("0") - 1:
            cell.number_format = money_format(own)  # a sum of a suspect figure shows its decimals too
            note = odd_figure_note(column, row, decimals_of(shown))
            if note is not None:
                cell.fill = _SUSPECT_FILL
                cell.comment = Comment(note, "budsjett")
    elif column.kind is Kind.PERCENT:
        cell.value = Decimal(value)
        cell.number_format = PERCENT_FORMAT
    elif column.kind is Kind.INTEGER:
        cell.value = int(value)
        cell.number_format = "#,##0"
    elif column.kind is Kind.DATE:
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif column.key in NUMBER_KEYS and str(value).isdigit():
        cell.value = int(value)
        cell.number_format = NUMBER_KEYS[column.key]
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
    return widths


def _safe(text: str) -> str:
    """Text a worksheet can hold: a control character (which Excel's XML cannot) is shown escaped, "\\x01"."""
    return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
