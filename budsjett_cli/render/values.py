"""How one value of a report looks in each kind of output; shared by every report renderer.

Money in a report is exact ``Decimal`` kroner. It is converted to the
display unit here and nowhere else:

- machine formats (csv, csv-excel, xlsx) get the exact value in the display
  unit, never rounded (``display_value``); JSON gets exact kroner;
- human formats (table and the tabulate formats) get Norwegian text,
  "187 166", "3 624,4", "−2 000" (minus sign U+2212). Each money column
  has one number of decimals, so that the decimal commas line up: as many
  as the figure in the column that needs the most, up to ``HUMAN_DECIMALS``
  (3, or 2 in kroner: øre); "20,600" over "33,438", "11 658 500,0" over
  "3 624,4"; a column of whole figures stays whole. A figure that needs
  more is rounded half up for display only, and ``HumanCells.rounded``
  tells the renderer to say so under the table;
- xlsx keeps the exact value in the cell and gives the whole column the
  number format of those same decimals (``column_decimals``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import repeat

from budsjett_cli.amounts import (HUMAN_DECIMALS, MINUS, Unit, decimals_of, display_value, format_number, plain_decimal,  # noqa: F401
                                   shown_value, unit_exponent, unit_phrase)
from budsjett_cli.dates import norwegian_date
from budsjett_cli.reports.model import Column, Kind, Row, RowKind, Sheet, columns_of


class ReportFormatError(ValueError):
    """A report that the chosen format cannot hold; the message says what to do instead."""


def visible(text: str) -> str:
    """Control characters (a terminal escape sequence in a ledger name) shown as ``\\x1b`` instead of acting."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def visible_texts(values: list) -> list[str]:
    """``visible`` of each value as text ("" for none): a column of 100 000 names is checked in one go."""
    texts = ["" if value is None else value if value.__class__ is str else str(value) for value in values]
    return texts if "".join(texts).isprintable() else [visible(text) for text in texts]


def heading(sheet: Sheet, unit: Unit) -> str:
    """The sheet's title with its unit, when it shows money: never leave the unit to guess."""
    if any(c.kind is Kind.MONEY for c in sheet.columns):
        return visible(f"{sheet.title} ({unit_phrase(unit)})")
    return visible(sheet.title)


def header_with_unit(column: Column, unit: Unit) -> str:
    """A column heading for files read apart from their title (CSV, XLSX): "Bevilgning (1000 kr)"."""
    if column.kind is Kind.MONEY:
        return f"{column.header} ({unit.label})"
    return column.header


def visible_columns(sheet: Sheet) -> list[Column]:
    """The columns a human format shows: optional columns only when some row fills them."""
    return [
        c for c in sheet.columns
        if not c.machine_only
        and (not c.hide_when_empty or any(value is not None for value in columns_of(sheet.rows, [c.key])[0]))
    ]


def human_sheets(sheets: list[Sheet]) -> list[Sheet]:
    """The sheets text formats print: all but the detail sheets."""
    return [s for s in sheets if not s.detail]


def needed_decimals(sheet: Sheet, unit: Unit) -> dict[str, int]:
    """Decimals each money column's finest figure needs in ``unit`` (0 for a column of whole or no figures)."""
    money = [c.key for c in sheet.columns if c.kind is Kind.MONEY]
    return {key: _needed(_scaled(values, unit)) for key, values in zip(money, columns_of(sheet.rows, money))}


def _scaled(values: list, unit: Unit) -> list:
    """``display_value`` of each amount of kroner (None stays None), without a call per value."""
    exponent = -unit_exponent(unit)
    return [None if value is None else value.scaleb(exponent) for value in values]


def _needed(scaled: list) -> int:
    """The most decimals any of the figures needs."""
    return max(map(decimals_of, [value for value in scaled if value is not None and value != value.to_integral_value()]),
               default=0)


def column_decimals(sheet: Sheet, unit: Unit, needed: dict[str, int] | None = None) -> dict[str, int]:
    """Decimals of each money column in ``unit``: what its finest figure needs, at most ``HUMAN_DECIMALS``."""
    cap = HUMAN_DECIMALS[unit]
    needed = needed_decimals(sheet, unit) if needed is None else needed
    return {key: min(decimals, cap) for key, decimals in needed.items()}


def finer_than_shown(sheet: Sheet, unit: Unit, needed: dict[str, int] | None = None) -> bool:
    """Whether some money figure of the sheet needs more decimals than a human format shows."""
    needed = needed_decimals(sheet, unit) if needed is None else needed
    return any(decimals > HUMAN_DECIMALS[unit] for decimals in needed.values())


# A column's decimals are what this share of its figures need; the rest are odd (marked where they are letters').
USUAL_SHARE = 0.95
SUSPECT_AMONG = 20  # in a shorter column no figure is odd enough to tell


def usual_decimals(sheet: Sheet, unit: Unit) -> dict[str, int]:
    """Each money column's decimals: what all but its odd few figures need (at most ``HUMAN_DECIMALS``).

    Three figures with decimals among a hundred whole ones are suspect (a
    misprint, a unit mix-up); they must not make every figure show ",0".
    Those figures get their own format, a fill and a comment instead
    (the workbook's ``_cell``, the page's odd cells).
    """
    cap = HUMAN_DECIMALS[unit]
    out = {}
    for column in sheet.columns:
        if column.kind is Kind.MONEY:
            needs = sorted(decimals_of(display_value(row.values[column.key], unit)) for row in sheet.rows
                           if row.kind is RowKind.ROW and row.values.get(column.key) is not None)
            usual = needs[int(len(needs) * USUAL_SHARE) - 1] if len(needs) >= SUSPECT_AMONG else max(needs, default=0)
            out[column.key] = min(usual, cap)
    return out




def odd_figure_note(column: Column, row: Row, decimals: int) -> str | None:
    """The note on a figure from the letters with more decimals than the rest of its column (a misprint or a unit
    mix-up to check), in the workbook's comment and the page's title; None for computed figures and sums."""
    if not (column.from_letters and row.kind is RowKind.ROW):
        return None
    return (f"Tallet har {decimals} {'desimal' if decimals == 1 else 'desimaler'}; resten av kolonnen har færre. "
            "Sjekk det mot brevet.")


class HumanCells:
    """Formats a sheet's cells for people and remembers whether any figure had to be rounded.

    Money columns get one number of decimals each (``column_decimals``), so
    that the figures of a column line up on their decimal comma.
    """

    def __init__(self, unit: Unit, sheet: Sheet):
        self.unit = unit
        self.max_decimals = HUMAN_DECIMALS[unit]
        # The sheet's values a column at a time, and its figures in the unit, read once (100 000 rows).
        self._rows = sheet.rows
        keys = [c.key for c in sheet.columns]
        self._values = dict(zip(keys, columns_of(sheet.rows, keys)))
        self._figures = {c.key: _scaled(self._values[c.key], unit) for c in sheet.columns if c.kind is Kind.MONEY}
        self.needed = {key: _needed(figures) for key, figures in self._figures.items()}
        self.decimals = column_decimals(sheet, unit, self.needed)
        self.rounded = False

    def money(self, kroner: Decimal, decimals: int | None = None) -> str:
        """The amount in the display unit with ``decimals`` decimals (None: as many as it needs, up to the cap)."""
        return self._money_texts([kroner], decimals, some_finer=True)[0]

    def cell(self, column: Column, row: Row, first: bool = False) -> str:
        value = row.values.get(column.key)
        if value is None:
            text = ""
        elif column.kind is Kind.MONEY:
            text = self.money(value, self.decimals.get(column.key))
        elif column.kind is Kind.PERCENT:
            text = format_number(Decimal(value) * 100, 1) + " %"
        elif column.kind is Kind.INTEGER:
            text = format_number(Decimal(value))
        elif column.kind is Kind.DATE:
            text = norwegian_date(value)
        else:
            text = visible(str(value))
        if first and row.level:
            text = "  " * row.level + text
        return text

    def column_texts(self, columns: list[Column], rows: list[Row]) -> list[list[str]]:
        """Every cell of ``rows`` as ``cell`` gives it, a column at a time (a report may hold 100 000 rows)."""
        sheet_rows = rows is self._rows and all(c.key in self._values for c in columns)
        values = [self._values[c.key] for c in columns] if sheet_rows else columns_of(rows, [c.key for c in columns])
        return [self._column_texts(column, column_values, rows, first=index == 0, sheet_rows=sheet_rows)
                for index, (column, column_values) in enumerate(zip(columns, values))]

    def _column_texts(self, column: Column, values: list, rows: list[Row], first: bool, sheet_rows: bool) -> list[str]:
        key = column.key
        if column.kind is Kind.MONEY:
            needed = self.needed.get(key, 0)
            if needed == 0 and sheet_rows:   # whole figures in the unit (the usual column): grouped as integers
                texts = _grouped_all(self._figures[key])
            else:
                texts = self._money_texts(values, self.decimals.get(key), needed > self.max_decimals)
        elif column.kind is Kind.DATE:
            texts = written_dates(values, norwegian_date)
        elif column.kind in (Kind.PERCENT, Kind.INTEGER):
            texts = [self.cell(column, row) for row in rows]   # short columns: one figure per row at most
        else:
            texts = visible_texts(values)
        if first:
            texts = [("  " * row.level + text) if row.level else text for row, text in zip(rows, texts)]
        return texts

    def _money_texts(self, values: list, decimals: int | None, some_finer: bool) -> list[str]:
        """The amounts as ``shown_value`` shows them; ``some_finer``: whether any may need rounding (else skip it)."""
        exponent = -unit_exponent(self.unit)
        out = []
        for kroner in values:
            if kroner is None:
                out.append("")
                continue
            exact = kroner.scaleb(exponent)
            value = shown_value(kroner, self.unit) if some_finer else exact
            if value != exact:   # rounded for display only, and said so under the table
                self.rounded = True
            out.append(format_number(value, decimals))
        return out

    def rounding_note(self) -> str | None:
        if not self.rounded:
            return None
        return (f"Figures finer than {self.max_decimals} decimals in {self.unit.label} are rounded "
                "for display; totals are exact sums. For exact figures use --unit kr or a machine "
                "format (csv, json, xlsx).")


def written_dates(values: list, write, blank: str | None = "") -> list:
    """Each date as ``write`` gives it (``blank`` for none), each distinct date written once: a report's rows
    share a few."""
    written: dict = {}
    out = []
    for value in values:
        if value is None:
            out.append(blank)
            continue
        text = written.get(value)
        if text is None:
            text = written[value] = write(value)
        out.append(text)
    return out


def _grouped(whole: int) -> str:
    """``format_number`` of a whole number, for the usual money column: "−4 060"."""
    return format(whole, ",").replace(",", " ").replace("-", MINUS)


def _grouped_all(figures: list) -> list[str]:
    """``_grouped`` of each whole figure ("" for none); a column with no gaps is formatted without a Python step
    per figure (one text, grouped and signed at once, then split)."""
    if not figures or None in figures:
        return ["" if figure is None else _grouped(int(figure)) for figure in figures]
    return "\n".join(map(format, map(int, figures), repeat(","))).replace(",", " ").replace("-", MINUS).split("\n")


def machine_number(value: Decimal | int) -> str:
    """Exact, dot decimal, no grouping, ASCII minus: "187166", "-2000", "3624.4"."""
    return plain_decimal(Decimal(value))


def machine_texts(column: Column, values: list, unit: Unit, decimal_comma: bool = False) -> list[str]:
    """A column's cells for CSV, a column at a time (a CSV may hold 100 000 rows).

    Numbers exact in the display unit; dates ISO (or dd.mm.yyyy for Excel); text with control characters
    shown escaped (``\\x1b``), as every human format shows them: a name with a terminal escape must not act
    when the file is printed.
    """
    if column.kind is Kind.DATE:
        return written_dates(values, norwegian_date if decimal_comma else dt.date.isoformat)
    if column.kind is Kind.MONEY:
        texts = ["" if figure is None else plain_decimal(figure) for figure in _scaled(values, unit)]
    elif column.kind in (Kind.PERCENT, Kind.INTEGER):
        texts = ["" if value is None else machine_number(value) for value in values]
    else:
        return visible_texts(values)
    return [text.replace(".", ",") for text in texts] if decimal_comma else texts


ROW_KIND_NAMES = {"row": "rad", "subtotal": "delsum", "total": "sum"}
