"""A report sheet as CSV: plain CSV for programs, or the Norwegian Excel dialect.

Both dialects write one header row and then one line per row of the sheet:

- the header is the Norwegian column heading, with the unit on money
  columns ("Bevilgning (1000 kr)"), so a file read on its own still says
  what its figures are; a last column ``Radtype`` tells plain rows ("rad")
  from chapter subtotals ("delsum") and totals ("sum"), so that a program
  summing the file can skip them;
- numbers are exact, in the display unit, never grouped and never rounded.

``csv``: comma separator, dot decimal ("3624.4"), ISO dates, UTF-8 without
BOM, "\\n" line ends: what any program reads.
``csv-excel``: semicolon separator, decimal comma ("3624,4"), dates
dd.mm.yyyy, UTF-8 with BOM and "\\r\\n" line ends: what Norwegian Excel
opens right on a double click.

CSV holds one table: a report with several main sheets (one per ledger) is
refused with ``ReportFormatError``; detail sheets are left out.
"""

from __future__ import annotations

import csv
from typing import TextIO

from budsjett_cli.reports.model import Report, columns_of
from budsjett_cli.render.values import ROW_KIND_NAMES, ReportFormatError, header_with_unit, human_sheets, machine_texts

ROW_KIND_HEADER = "Radtype"
BOM = "\ufeff"


def write_csv(report: Report, stream: TextIO, excel: bool = False) -> None:
    sheets = human_sheets(report.sheets)
    if len(sheets) != 1:
        raise ReportFormatError(
            f"csv holds one table and this report has {len(sheets)} "
            f"({', '.join(s.name for s in sheets)}): give one ledger at a time, or use --format xlsx or json"
        )
    sheet = sheets[0]
    if excel:
        stream.write(BOM)
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    else:
        writer = csv.writer(stream, delimiter=",", lineterminator="\n")
    writer.writerow([header_with_unit(c, report.unit) for c in sheet.columns] + [ROW_KIND_HEADER])
    rows = sheet.rows
    cells = [machine_texts(c, values, report.unit, decimal_comma=excel)
             for c, values in zip(sheet.columns, columns_of(rows, [c.key for c in sheet.columns]))]
    cells.append([ROW_KIND_NAMES[row.kind.value] for row in rows])
    writer.writerows(zip(*cells))
